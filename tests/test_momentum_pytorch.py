"""Les deux correspondances entre le momentum du cours et torch.optim.SGD qu'affirme le chapitre 3.

Les trajectoires de PyTorch 2.13 viennent de ``data/make_momentum_reference.py``.
"""

from pathlib import Path

import numpy as np

from optim_lib import Momentum

REFERENCE = np.load(Path(__file__).parent / "data" / "momentum_reference.npz")
ALPHA, BETA = float(REFERENCE["alpha"]), float(REFERENCE["beta"])


def gradient(theta, step):
    return REFERENCE["A"] @ theta + REFERENCE["c"] + REFERENCE["noise"][step]


def course_trajectory(first_v=False):
    """``Momentum(lr=α, momentum=β)`` ; avec ``first_v``, son état part de ``v = g1`` au lieu de zéro."""
    optimizer, theta = Momentum(lr=ALPHA, momentum=BETA), REFERENCE["start"].copy()
    optimizer.init(theta)
    if first_v:
        optimizer.state[0]["v"] = gradient(theta, 0)
    history = [theta.copy()]
    for step in range(len(REFERENCE["noise"])):
        optimizer.step(theta, gradient(theta, step))
        history.append(theta.copy())
    return np.array(history)


def test_torch_sgd_with_lr_times_one_minus_beta_is_the_course_momentum():
    np.testing.assert_allclose(course_trajectory(), REFERENCE["lr_scaled"], rtol=1e-10, atol=1e-12)


def test_torch_dampening_starts_the_momentum_from_the_first_gradient():
    np.testing.assert_allclose(course_trajectory(first_v=True), REFERENCE["dampened"], rtol=1e-10, atol=1e-12)
    # ... et ce premier pas change bien le chemin : sans lui, on ne retrouve pas PyTorch.
    assert np.abs(course_trajectory() - REFERENCE["dampened"]).max() > 0.1


def test_reference_trajectories_move():
    for name in ["lr_scaled", "dampened"]:
        assert np.linalg.norm(REFERENCE[name][-1] - REFERENCE[name][0]) > 0.5, name
