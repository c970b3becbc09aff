"""StateRecorder et effective_lr : les mêmes pas que l'optimizer, et un facteur qui les redonne."""

import numpy as np
import pytest

from optim_lib import (AdaDelta, Adagrad, Adam, LinearRegression, Momentum, QuadraticValley, RMSProp, SGD,
                       make_regression, run)
from optim_lib.optimizers import AdaDeltaTorch, RMSPropTorch
from optim_lib.measure import StateRecorder, effective_lr

PROPORTIONAL = [
    SGD(lr=0.05),
    Adagrad(lr=0.3, eps=1e-3),
    RMSProp(lr=0.05, alpha=0.9, eps=1e-3),
    AdaDelta(rho=0.8, eps=1e-3),
    RMSPropTorch(lr=0.05, alpha=0.9, eps=1e-3),
    AdaDeltaTorch(lr=0.7, rho=0.8, eps=1e-3),
]


def layered_problem():
    """Une régression dont les poids sont une liste de deux tableaux, comme les couches d'un modèle."""
    X, y, _ = make_regression(n_samples=64, n_features=5, seed=3)
    flat = LinearRegression(X, y)

    class Layered:
        n_samples = flat.n_samples
        start = [np.zeros(2), np.full(3, 0.5)]

        def loss(self, params):
            return flat.loss(np.concatenate(params))

        def grad(self, params, batch=None):
            g = flat.grad(np.concatenate(params), batch)
            return [g[:2], g[2:]]

    return Layered()


@pytest.mark.parametrize("optimizer", PROPORTIONAL + [Momentum(lr=0.05), Adam(lr=0.05)], ids=repr)
def test_recorder_takes_the_same_steps(optimizer):
    problem = QuadraticValley()
    plain = run(optimizer, problem, 30)
    recorded = run(StateRecorder(optimizer), problem, 30)
    np.testing.assert_array_equal(plain.params, recorded.params)


@pytest.mark.parametrize("optimizer", PROPORTIONAL, ids=repr)
def test_effective_lr_gives_back_every_step(optimizer):
    problem = layered_problem()
    recorder = StateRecorder(optimizer)
    trajectory = run(recorder, problem, 25, batch_size=16, seed=1)
    c = effective_lr(recorder)
    assert c.shape == (25, 5)
    steps = np.diff(trajectory.params, axis=0)
    np.testing.assert_allclose(steps, -c * recorder.grads, rtol=1e-9, atol=1e-15)


def test_state_history_starts_at_zero_and_follows_the_optimizer():
    recorder = StateRecorder(AdaDelta(eps=1e-3))
    problem = layered_problem()
    params = [p.copy() for p in problem.start]
    for _ in range(3):
        recorder.step(params, problem.grad(params))
    S = recorder.state("S")
    assert S.shape == (4, 5) and recorder.t == 3
    np.testing.assert_array_equal(S[0], 0)
    np.testing.assert_array_equal(S[-1], np.concatenate([s["S"] for s in recorder.optimizer.state]))
    assert len(recorder.grads) == 3
    with pytest.raises(ValueError, match="pas d'état 'v'"):
        recorder.state("v")


def test_run_resets_the_history():
    recorder = StateRecorder(RMSProp())
    run(recorder, QuadraticValley(), 10)
    run(recorder, QuadraticValley(), 4)
    assert recorder.state("G").shape == (5, 2) and recorder.grads.shape == (4, 2)


@pytest.mark.parametrize("optimizer", [Momentum(), Adam()], ids=repr)
def test_no_effective_lr_when_the_step_is_not_proportional_to_the_gradient(optimizer):
    recorder = StateRecorder(optimizer)
    run(recorder, QuadraticValley(), 3)
    with pytest.raises(ValueError, match="pas proportionnel"):
        effective_lr(recorder)
