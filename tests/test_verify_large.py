"""A network too large to write formulas out (784-256-10 sigmoid): claims are decided in the
units (activations, weights, inputs), and the verdicts agree with the NumPy backpropagation."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from symbolic import load_network, verify_claims
from tests import naive

SPEC = Path(__file__).parent / "data" / "sigmoid-784-256-10.yaml"


def test_gradient_claims_on_a_784_256_10_network(rng):
    network = load_network(SPEC)
    # the oracle: ∂E/∂w_{11}^{(1)} = δ_1^{(2)} x_1 and not δ_1^{(2)} x_2 (random inputs)
    x = rng.uniform(0, 1, 784)
    params = naive.params_of(network)
    (dw1, db1), (dw2, db2) = naive.gradients(network, params, x, network.example_y)
    assert np.isclose(dw1[0, 0], db1[0] * x[0]) and not np.isclose(dw1[0, 0], db1[0] * x[1])
    assert np.isclose(dw2[2, 6], db2[2] * naive.forward(network, params, x)[1][1][6])
    claims = "\n".join(
        [
            r"\frac{\partial E}{\partial w_{11}^{(1)}} = \delta_1^{(2)} x_1",
            r"\frac{\partial E}{\partial w_{11}^{(1)}} = \delta_1^{(2)} x_2",
            r"\frac{\partial E}{\partial w_{3,7}^{(2)}} = \delta_3^{(3)} a_7^{(2)}",
            r"\frac{\partial E}{\partial b_3^{(2)}} = \delta_3^{(3)}",
        ]
    )
    results = verify_claims(network, claims)
    assert [r.verdict for r in results] == ["correct", "wrong", "correct", "correct"]
    assert results[1].slip.startswith("wrong index")
