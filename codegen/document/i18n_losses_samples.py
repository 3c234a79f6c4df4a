"""Prose of the document's parts for the losses, the softmax output layer and several samples.

Merged into ``i18n.PROSE``; only words live here, every formula arrives printed at ``{…}``.
Names of the losses as a teacher says them: ½·SSE is 误差平方和的一半 (not 均方误差, the mean
squared error, which is ``mse``); softmax is 归一化指数函数 (softmax).
"""

from __future__ import annotations

PROSE_LOSSES_SAMPLES: dict[str, dict[str, str]] = {
    "zh": {
        # the losses
        "loss_sse": "误差平方和",
        "loss_mse": "均方误差，即各输出误差平方的平均值",
        "loss_binary_cross_entropy": "二元交叉熵",
        "loss_cross_entropy": "交叉熵",
        "loss_gradient": (
            "误差对输出的偏导由 SymPy 求出，它是 $\\Delta$ 的常数倍（SymPy 已证明）；"
            "因此下文反向传播中出现这个系数："
        ),
        # the softmax output layer and δ = a − y
        "network_softmax": (
            "{layer}使用归一化指数函数（softmax）：{definition}，其余单元同理；"
            "输出值都在 0 与 1 之间，且和为 1。"
        ),
        "sec_softmax": "归一化指数函数（softmax）与输出层的 \\texorpdfstring{$\\delta$}{δ}",
        "sec_sigmoid_bce": "sigmoid 输出、二元交叉熵与输出层的 \\texorpdfstring{$\\delta$}{δ}",
        "softmax_jacobian": (
            "输出层的每个输出都依赖该层所有单元的净输入，所以 softmax 的导数是一个矩阵"
            "（雅可比矩阵）。SymPy 求出的偏导，写成输出值的形式："
        ),
        "softmax_general": (
            "一般地，{diagonal}，而 {off}（{i} 与 {j} 是不同的单元）；SymPy 对任意单元数证明了"
            "这两个式子，之后才使用它们。"
        ),
        "softmax_matrix": "写成矩阵：",
        "delta_proof_softmax": (
            "使用交叉熵时，输出单元的 $\\delta$ 要对所有输出求和，因为每个输出都依赖 {z}。"
            "逐步写出（SymPy 验证了每一步）："
        ),
        "delta_proof_sigmoid": (
            "使用 sigmoid 输出和二元交叉熵时，sigmoid 的导数正好消去 {partial} 的分母。"
            "逐步写出（SymPy 验证了每一步）："
        ),
        "delta_proof_targets": "最后一步用到一个样本的目标值之和为 1：{total}。",
        "delta_is_residual": (
            "所以输出层的 $\\delta$ 就是预测值减实际值，其余输出单元同理；写成矩阵形式："
        ),
        "softmax_squared": (
            "使用{loss}时，输出层的 $\\delta$ 是雅可比矩阵乘以误差对输出的偏导，即对所有输出求和："
        ),
        # several samples
        "network_intro_samples": (
            "该网络的输入层有 {inputs} 个神经元，共 {layers} 层计算单元（各层单元数 {widths}），"
            "共 {params} 个参数。学习率 {rate}；训练集有 {count} 个样本（{marking}）："
        ),
        "marking_samples": "上标 $[n]$ 表示第 $n$ 个样本",
        "marking_samples_layers": "上标 $[n]$ 表示第 $n$ 个样本，上标 $(l)$ 表示第 $l$ 层",
        "sample_listed": "样本 {n}：输入 {x}，输出 {y}。",
        "samples_more": "以及另外 {rest} 个样本（见网络描述）。",
        "update_full_batch": (
            "每次迭代用全部样本做一步梯度下降：误差是各样本误差的平均值，梯度是各样本梯度的平均值。"
        ),
        "update_per_sample": (
            "每次迭代只用一个样本，依次轮流：第 1 次迭代用样本 1，第 2 次用样本 2，"
            "以此类推，第 {again} 次迭代又用样本 1。"
        ),
        "forward_numbers_sample": "代入初始参数和样本 {n}：",
        "error_text_sample": "一个样本 $n$ 的误差 {symbol}（此处使用{loss}）：",
        "error_mean": "误差 {symbol} 是 {count} 个样本误差的平均值：",
        "backprop_samples": (
            "以下对一个样本 $n$ 求梯度：{symbol} 是它的误差，{values}都是这个样本的值。"
            "误差 {error} 的梯度是各样本梯度的平均值："
        ),
        "backprop_per_sample": (
            "每次迭代只用一个样本 $n$，参数按这个样本的误差 {symbol} 的梯度修正。"
            "以下对一个样本求梯度，{values}都是这个样本的值："
        ),
        "values_units": "各单元的值",
        "list_separator": "、",
        "list_last": " 和 ",
        "iterations_intro_samples": (
            "下面重复 {steps} 次前向传导和反向传播。所有数值由程序计算（{arithmetic}），"
            "显示时按四舍六入五成双保留 {digits} 位有效数字：精确值前写 $=$，"
            "舍入后的值前写 $\\approx$（因此用显示的数值手算可能略有出入）。"
        ),
        "iteration_sample": "样本 {n}（输入 {x}，输出 {y}）：",
        "iteration_uses_sample": "本次迭代使用样本 {n}：输入 {x}，输出 {y}。",
        "iteration_gradients": "该样本的梯度：",
        "iteration_means": "对 {count} 个样本取平均，得到误差和梯度：",
        "samples_elided": "样本 {first} 到 {last} 的计算完全相同，不再写出；它们的值都计入平均值。",
        "sample_elided": "样本 {first} 的计算完全相同，不再写出；它的值计入平均值。",
        "moved_mean": (
            "利用调整过的权重重新进行前向传导，误差（{count} 个样本误差的平均值）"
            "从 {old_error} {verb} {new_error}。"
        ),
        "moved_sample": (
            "利用调整过的权重重新进行前向传导，样本 {n} 的预测值从 {old} 变为 {new}"
            "（目标值 {target}）；{count} 个样本的平均误差从 {old_error} {verb} {new_error}。"
        ),
        "verb_down": "降到",
        "verb_up": "升到",
        "plot_text_samples": (
            "不断迭代前向传导和反向传播，前 {steps} 次迭代的误差（迭代前 {count} 个样本误差的"
            "平均值）如下（由程序计算：{arithmetic}）："
        ),
    },
    "en": {
        "loss_sse": "the sum of the squared errors",
        "loss_mse": "the mean squared error, the mean over the outputs of the squared errors",
        "loss_binary_cross_entropy": "the binary cross-entropy",
        "loss_cross_entropy": "the cross-entropy",
        "loss_gradient": (
            "The derivative of the error with respect to an output, from SymPy, is a constant "
            "times $\\Delta$ (proved by SymPy); the constant appears in the backpropagation below:"
        ),
        "network_softmax": (
            "The units of the {layer} use softmax: {definition}, and likewise for the other "
            "units; the outputs lie between 0 and 1 and sum to 1."
        ),
        "sec_softmax": "Softmax and the output layer's \\texorpdfstring{$\\delta$}{δ}",
        "sec_sigmoid_bce": (
            "Sigmoid outputs, the binary cross-entropy and the output layer's "
            "\\texorpdfstring{$\\delta$}{δ}"
        ),
        "softmax_jacobian": (
            "Every output of the output layer depends on the net inputs of all units of the "
            "layer, so the derivative of softmax is a matrix (the Jacobian). The partials from "
            "SymPy, written in the outputs:"
        ),
        "softmax_general": (
            "In general {diagonal} and {off} ({i} and {j} being different units); SymPy proves "
            "both for a layer of any size before they are used."
        ),
        "softmax_matrix": "As a matrix:",
        "delta_proof_softmax": (
            "With the cross-entropy, the $\\delta$ of an output unit is a sum over all outputs, "
            "since every output depends on {z}. Step by step (SymPy checks every step):"
        ),
        "delta_proof_sigmoid": (
            "With sigmoid outputs and the binary cross-entropy, the sigmoid's derivative cancels "
            "the denominators of {partial}. Step by step (SymPy checks every step):"
        ),
        "delta_proof_targets": "The last step uses that a sample's targets sum to 1: {total}.",
        "delta_is_residual": (
            "So the output layer's $\\delta$ is prediction minus actual, the same for every "
            "output unit; in matrix form:"
        ),
        "softmax_squared": (
            "With {loss}, the output layer's $\\delta$ is the Jacobian times the derivative of "
            "the error with respect to the outputs, a sum over all outputs:"
        ),
        "network_intro_samples": (
            "The network has {inputs} input units and {layers} layers of computing units "
            "(units per layer: {widths}), {params} parameters in all. Learning rate {rate}; the "
            "training set has {count} samples ({marking}):"
        ),
        "marking_samples": "a superscript $[n]$ marks sample $n$",
        "marking_samples_layers": (
            "a superscript $[n]$ marks sample $n$, a superscript $(l)$ marks layer $l$"
        ),
        "sample_listed": "Sample {n}: input {x}, target output {y}.",
        "samples_more": "And {rest} more samples (see the spec).",
        "update_full_batch": (
            "Each iteration is one gradient-descent step on all samples: the error is the mean "
            "of the samples' errors, and the gradient the mean of their gradients."
        ),
        "update_per_sample": (
            "Each iteration uses one sample, in turn: iteration 1 uses sample 1, iteration 2 "
            "sample 2, and so on; iteration {again} uses sample 1 again."
        ),
        "forward_numbers_sample": "With the initial parameters and sample {n}:",
        "error_text_sample": (
            "The error of one sample $n$, {symbol}, between the network's output and the "
            "expected output ({loss}):"
        ),
        "error_mean": "The error of the network, {symbol}, is the mean of the {count} samples':",
        "backprop_samples": (
            "Below, the gradient is derived for one sample $n$: {symbol} is its error, and "
            "{values} are its values. The gradient of the error {error} is the mean of the "
            "samples' gradients:"
        ),
        "backprop_per_sample": (
            "Each iteration uses one sample $n$, and the parameters follow the gradient of that "
            "sample's error {symbol}. Below, the gradient is derived for one sample; {values} "
            "are its values:"
        ),
        "values_units": "the units",
        "list_separator": ", ",
        "list_last": " and ",
        "iterations_intro_samples": (
            "Below, the forward pass and backpropagation are repeated {steps} times. The program "
            "computes every value in {arithmetic}; values are shown rounded half to even to "
            "{digits} significant digits, after $=$ where the shown value is exact and after "
            "$\\approx$ where it is rounded (so redoing the arithmetic with the shown numbers can "
            "differ slightly)."
        ),
        "iteration_sample": "Sample {n} (input {x}, target output {y}):",
        "iteration_uses_sample": "This iteration uses sample {n}: input {x}, target output {y}.",
        "iteration_gradients": "The sample's gradients:",
        "iteration_means": "The means over the {count} samples, the error and the gradients:",
        "samples_elided": (
            "Samples {first} to {last} are computed the same way and not written out; their "
            "values enter the means."
        ),
        "sample_elided": (
            "Sample {first} is computed the same way and not written out; its values enter the "
            "means."
        ),
        "moved_mean": (
            "With the adjusted weights the forward pass gives a new error (the mean of the "
            "{count} samples' errors): it {verb} {old_error} to {new_error}."
        ),
        "moved_sample": (
            "With the adjusted weights the forward pass gives the prediction {new} for sample "
            "{n} (before: {old}; target {target}); the mean error of the {count} samples {verb} "
            "{old_error} to {new_error}."
        ),
        "verb_down": "falls from",
        "verb_up": "goes from",
        "plot_text_samples": (
            "Repeating the forward pass and backpropagation, the error (the mean of the {count} "
            "samples' errors before each iteration) of the first {steps} iterations, computed by "
            "the program in {arithmetic}:"
        ),
    },
}
