"""The prose of exercise sheets, keys and feedback pages, in Chinese and English.

Prose only: every formula and number on a sheet arrives printed from SymPy. Entries with
``{…}`` fields are filled with escaped text or printed numbers.
"""

from __future__ import annotations

LANGUAGES = ("zh", "en")

PROSE = {
    "en": {
        "sheet_title": "Backpropagation exercise",
        "key_title": "Answer key",
        "name": "Name",
        "id": "ID",
        "network": "The network",
        "given": "Given",
        "inputs": "inputs",
        "targets": "target",
        "rate": "learning rate",
        "weights": "weights",
        "biases": "biases",
        "activation": "activation of layer {layer}",
        "error_def": "error",
        "residual_def": "and",
        "figure": "The network with your numbers.",
        "tasks": "Tasks",
        "iteration": "Iteration {n}",
        "iteration_note": "(with the parameters after iteration {n})",
        "task_derive": "Derive by the chain rule (formulas, no numbers)",
        "task_forward": "Forward pass: compute",
        "task_error": "Error: compute",
        "task_deltas": "Backpropagation: compute",
        "task_gradients": "Gradients: compute",
        "task_update": "Update with learning rate {rate}: compute",
        "rounding": "Give every number rounded to {decimals} decimal places.",
        "how_to_answer": (
            "Write your answers in LaTeX in the file \\texttt{answers.tex}, each under its line "
            "\\texttt{\\% answer N}: first the quantity asked for, then = and your working, ending "
            "with the number. Keep the \\texttt{\\% step N} lines."
        ),
        "key_note": (
            "Each answer as nnderive verify reads it: the formula, the formula with the "
            "numbers, the value (exact where it is short, else rounded to {digits} places)."
        ),
        "answer": "Answer",
    },
    "zh": {
        "sheet_title": "反向传播练习",
        "key_title": "参考答案",
        "name": "姓名",
        "id": "学号",
        "network": "网络结构",
        "given": "已知",
        "inputs": "输入",
        "targets": "目标值",
        "rate": "学习率",
        "weights": "权重",
        "biases": "偏置",
        "activation": "第 {layer} 层的激活函数",
        "error_def": "误差",
        "residual_def": "以及",
        "figure": "你的网络和它的初始数值。",
        "tasks": "题目",
        "iteration": "第 {n} 次迭代",
        "iteration_note": "（使用第 {n} 次迭代更新后的参数）",
        "task_derive": "用链式法则推导（写公式，不代入数值）",
        "task_forward": "前向传导：计算",
        "task_error": "误差：计算",
        "task_deltas": "误差的反向传播：计算",
        "task_gradients": "梯度：计算",
        "task_update": "参数修正（学习率 {rate}）：计算",
        "rounding": "所有数值保留 {decimals} 位小数。",
        "how_to_answer": (
            "请在 \\texttt{answers.tex} 中用 LaTeX 作答，"
            "每个答案写在对应的 \\texttt{\\% answer N} 行下面："
            "先写所求的量，再写 = 和计算过程，最后写出数值。请保留 \\texttt{\\% step N} 行。"
        ),
        "key_note": (
            "每个答案都按 nnderive verify 的读法书写：公式、代入数值的公式、结果"
            "（较短时为精确值，否则保留 {digits} 位小数）。"
        ),
        "answer": "答案",
    },
}


def prose(lang: str) -> dict[str, str]:
    return PROSE[lang]


FEEDBACK = {
    "en": {
        "title": "Feedback",
        "score": "Score",
        "status": "Status",
        "answers": "Answers",
        "lines": "Your lines, as the checker read them",
        "number": "Answer",
        "task": "Task",
        "step": "iteration",
        "quantity": "Asked for",
        "verdict": "Verdict",
        "marks": "Marks",
        "line": "Line",
        "claim": "What you wrote",
        "expected": "Expected",
        "explanation": "Explanation",
        "slip": "Slip",
        "unanswered": "not answered",
    },
    "zh": {
        "title": "批改反馈",
        "score": "得分",
        "status": "状态",
        "answers": "各题得分",
        "lines": "你写的每一行（检查器的判断）",
        "number": "题号",
        "task": "题目",
        "step": "第几次迭代",
        "quantity": "所求的量",
        "verdict": "判断",
        "marks": "得分",
        "line": "行",
        "claim": "你写的",
        "expected": "正确值",
        "explanation": "说明",
        "slip": "错误类型",
        "unanswered": "未作答",
    },
}


def feedback_prose(lang: str) -> dict[str, str]:
    return FEEDBACK[lang]
