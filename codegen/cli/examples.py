"""``nnderive examples``: the built-in example specs."""

from __future__ import annotations


def add_parser(sub) -> None:
    parser = sub.add_parser("examples", help="list the built-in example networks")
    parser.set_defaults(run=run)


def run(args) -> int:
    from symbolic import builtin_examples, load_network

    from ..provenance import one_line

    for name in builtin_examples():
        net = load_network(name)
        shape = "-".join(map(str, net.widths))
        acts = ",".join(sorted({layer.activation.name for layer in net.layers}))
        print(f"{name:<16} {shape:<12} {acts:<18} {one_line(net.title)}")
    return 0
