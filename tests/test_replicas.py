"""Les exécutions groupées (optim_lib.replicas) : chaque copie refait exactement ``run``."""

import warnings

import numpy as np
import pytest

from optim_lib import SGD, Adagrad, LinearRegression, Momentum, Parabola, make_regression, run
from optim_lib.replicas import run_replicas


def model(scales=(1.0, 1.0, 1.0)):
    X, y, _ = make_regression(n_samples=64, n_features=3, noise=0.5, seed=0)
    return LinearRegression(X * np.array(scales), y)


@pytest.mark.parametrize("make", [lambda: Momentum(lr=0.1, momentum=0.9), lambda: Adagrad(lr=0.3)])
def test_each_replica_matches_a_separate_run(make):
    problem = model()
    losses = run_replicas(make(), problem, 50, batch_size=8, seeds=[0, 3, 7])
    assert losses.shape == (51, 3)
    for column, seed in enumerate([0, 3, 7]):
        expected = run(make(), problem, 50, batch_size=8, seed=seed).losses
        np.testing.assert_allclose(losses[:, column], expected, rtol=1e-12, atol=1e-14)
    assert not np.allclose(losses[:, 0], losses[:, 1])  # des graines différentes, des chemins différents


def test_a_diverging_replica_stops_alone_and_silently():
    """À ce learning rate, certaines graines divergent et d'autres non (voir ``run``)."""
    problem = model(scales=(1.0, 2.0, 0.5))
    seeds = range(8)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        losses = run_replicas(SGD(lr=0.4), problem, 200, batch_size=1, seeds=seeds)
    diverged = 0
    for column, seed in enumerate(seeds):
        trajectory = run(SGD(lr=0.4), problem, 200, batch_size=1, seed=seed)
        kept = len(trajectory.losses)
        np.testing.assert_allclose(losses[:kept, column], trajectory.losses, rtol=1e-12, atol=1e-14)
        assert np.all(np.isinf(losses[kept:, column]))
        diverged += trajectory.diverged
    assert 0 < diverged < len(seeds)


def test_a_stopped_replica_receives_no_more_gradient():
    """Sans gradient, le momentum d'une copie arrêtée s'éteint (facteur 0.5 par pas) au lieu de
    continuer à diverger, pendant que la copie qui a survécu garde le sien."""
    problem = model(scales=(1.0, 2.0, 0.5))
    optimizer = Momentum(lr=0.5, momentum=0.5)
    losses = run_replicas(optimizer, problem, 300, batch_size=1, seeds=range(8))
    stopped = np.isinf(losses[-1])
    assert 0 < stopped.sum() < 8
    assert np.all(np.argmax(np.isinf(losses[:, stopped]), axis=0) < 240)
    v = np.abs(optimizer.state[0]["v"]).max(axis=1)
    assert np.all(v[stopped] < 1e-6) and np.all(v[~stopped] > 1e-3)


def test_all_replicas_diverging_gives_infinite_losses():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        losses = run_replicas(SGD(lr=50.0), model(), 30, batch_size=8, seeds=[0, 1])
    assert losses.shape == (31, 2)
    assert np.all(np.isinf(losses[-1])) and np.all(np.isfinite(losses[0]))


def test_start_is_not_modified():
    problem = model()
    start = problem.start.copy()
    run_replicas(SGD(lr=0.1), problem, 5, batch_size=8, seeds=[0])
    np.testing.assert_array_equal(problem.start, start)


@pytest.mark.parametrize("kwargs, message", [
    ({"model": Parabola()}, "LinearRegression"),
    ({"batch_size": 10}, "batch_size"),
    ({"batch_size": 0}, "batch_size"),
    ({"steps": -1}, "steps"),
    ({"seeds": []}, "seeds"),
])
def test_invalid_arguments_are_refused(kwargs, message):
    arguments = {"optimizer": SGD(), "model": model(), "steps": 5, "batch_size": 8, "seeds": [0]}
    arguments.update(kwargs)
    with pytest.raises(ValueError, match=message):
        run_replicas(**arguments)
