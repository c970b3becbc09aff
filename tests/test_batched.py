"""run_batched : chaque copie refait ``run`` avec sa graine et son réglage, et s'arrête seule si elle diverge."""

import warnings

import numpy as np
import pytest

from optim_lib import MLP, SGD, Adam, LinearRegression, Momentum, QuadraticValley, make_regression, run, run_batched
from optim_lib.optimizers import Adagrad
from optim_lib.problems import LogisticRegression, ShiftedLandscape, make_classification, load_digits_split
from optim_lib.running import Cosine, WarmUp


def regression(scales=(1.0, 1.0, 1.0)):
    X, y, _ = make_regression(n_samples=64, n_features=3, noise=0.5, seed=0)
    return LinearRegression(X * np.array(scales), y)


def small_mlp():
    X, y, _, _ = load_digits_split(seed=0)
    return MLP(X[:120], y[:120], hidden=(8, 8), seed=0)


PROBLEMS = {
    "régression": (regression, lambda lr: Momentum(lr=lr, momentum=0.9), [0.03, 0.1], 8),
    "logistique": (lambda: LogisticRegression(*make_classification(n_samples=64, n_features=3, seed=1)),
                   lambda lr: Adam(lr=lr), [0.01, 0.1], 8),
    "paysage": (lambda: ShiftedLandscape(n_samples=40), lambda lr: Adagrad(lr=lr), [0.3, 1.0], 5),
    "réseau": (small_mlp, lambda lr: Adam(lr=lr), [0.001, 0.01], 16),
    "vallée": (QuadraticValley, lambda lr: SGD(lr=lr), [0.01, 0.05], None),
}


@pytest.mark.parametrize("name", PROBLEMS)
def test_each_copy_follows_run_with_its_seed_and_setting(name):
    make_problem, make_optimizer, lrs, batch_size = PROBLEMS[name]
    problem = make_problem()
    seeds = [0, 3] if batch_size else [0]
    runs = run_batched(make_optimizer, problem, 30, seeds=seeds, grid={"lr": lrs}, batch_size=batch_size)
    assert runs.losses.shape == (31, len(lrs) * len(seeds))
    assert [s["lr"] for s in runs.settings] == [lr for lr in lrs for _ in seeds]
    for k, (setting, seed) in enumerate(zip(runs.settings, runs.seeds)):
        expected = run(make_optimizer(setting["lr"]), problem, 30, batch_size=batch_size, seed=int(seed))
        np.testing.assert_allclose(runs.losses[:, k], expected.losses, rtol=1e-9)
        np.testing.assert_allclose(runs.params[k], expected.final_params, rtol=1e-8, atol=1e-12)
    assert runs.grid(runs.final_losses).shape == (len(lrs), len(seeds))


def test_a_problem_without_batch_methods_is_run_copy_by_copy():
    class Plain:  # le protocole minimal : start, loss, grad, n_samples
        name, n_samples = "parabole nue", None
        start = np.array([3.0, -1.0])

        def loss(self, theta):
            return float(0.5 * theta @ theta)

        def grad(self, theta, batch=None):
            return theta.copy()

    runs = run_batched(lambda lr: SGD(lr=lr), Plain(), 10, grid={"lr": [0.1, 0.5]})
    for k, lr in enumerate([0.1, 0.5]):
        np.testing.assert_allclose(runs.losses[:, k], run(SGD(lr=lr), Plain(), 10).losses, rtol=1e-12)


def test_a_diverging_copy_stops_alone_and_silently():
    """À ce learning rate, certaines graines divergent et d'autres non."""
    problem = regression(scales=(1.0, 2.0, 0.5))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        runs = run_batched(lambda: SGD(lr=0.4), problem, 200, seeds=range(8), batch_size=1)
    for k, seed in enumerate(range(8)):
        trajectory = run(SGD(lr=0.4), problem, 200, batch_size=1, seed=seed)
        kept = len(trajectory.losses)
        np.testing.assert_allclose(runs.losses[:kept, k], trajectory.losses, rtol=1e-9)
        assert np.all(np.isinf(runs.losses[kept:, k]))
        assert runs.diverged[k] == trajectory.diverged
    assert 0 < runs.diverged.sum() < 8


def test_a_stopped_copy_receives_no_more_gradient():
    """Sans gradient, le momentum d'une copie arrêtée s'éteint (facteur 0.5 par pas) au lieu de
    continuer à diverger, pendant que les copies qui ont survécu gardent le leur."""
    optimizer = Momentum(lr=0.5, momentum=0.5)
    runs = run_batched(lambda: optimizer, regression(scales=(1.0, 2.0, 0.5)), 300, seeds=range(8), batch_size=1)
    assert 0 < runs.diverged.sum() < 8
    v = np.abs(optimizer.state[0]["v"]).max(axis=1)
    assert np.all(v[runs.diverged] < 1e-6) and np.all(v[~runs.diverged] > 1e-3)


def test_all_copies_diverging_gives_infinite_losses():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        runs = run_batched(lambda: SGD(lr=50.0), regression(), 30, seeds=[0, 1], batch_size=8)
    assert np.all(np.isinf(runs.final_losses)) and np.all(np.isfinite(runs.losses[0])) and runs.diverged.all()


def test_starts_per_seed_and_history():
    landscape = ShiftedLandscape(n_samples=50)
    starts = {0: np.array([-4.0, 1.0]), 1: np.array([0.5, -1.0])}
    runs = run_batched(lambda: Momentum(lr=0.1, momentum=0.5), landscape, 40, seeds=[0, 1],
                       starts=lambda seed: starts[seed], history=True)
    assert runs.params.shape == (41, 2, 2)
    for k, seed in enumerate([0, 1]):
        np.testing.assert_array_equal(runs.params[0, k], starts[seed])
        expected = run(Momentum(lr=0.1, momentum=0.5), landscape, 40, start=starts[seed]).params
        np.testing.assert_allclose(runs.params[:, k], expected, atol=1e-12)
    np.testing.assert_array_equal(landscape.start, [-4.0, 1.0])  # le départ du problème n'a pas bougé


def test_the_schedule_multiplies_each_copy_learning_rate():
    problem = regression()
    schedule = WarmUp(Cosine(1.0, total_steps=40), warmup_steps=10)
    runs = run_batched(lambda lr: Adam(lr=lr), problem, 50, grid={"lr": [0.01, 0.1]}, batch_size=8, schedule=schedule)
    for k, lr in enumerate([0.01, 0.1]):
        expected = run(Adam(lr=lr), problem, 50, batch_size=8, schedule=WarmUp(Cosine(lr, total_steps=40), 10))
        np.testing.assert_allclose(runs.losses[:, k], expected.losses, rtol=1e-9)


def test_loss_every_records_fewer_points_and_always_the_last():
    runs = run_batched(lambda: SGD(lr=0.05), QuadraticValley(), 25, loss_every=10)
    np.testing.assert_array_equal(runs.steps, [0, 10, 20, 25])
    np.testing.assert_allclose(runs.losses[:, 0], run(SGD(lr=0.05), QuadraticValley(), 25).losses[[0, 10, 20, 25]])


def test_copies_follow_the_epochs_of_minibatches():
    # Un seul exemple non nul par copie : la copie bouge exactement une fois par époque.
    class OneHot:
        name, n_samples, start = "un seul exemple", 4, np.zeros(1)

        def batch_loss(self, W):
            return np.zeros(len(W))

        def batch_grad(self, W, batches):
            return (batches == 0).sum(axis=1, keepdims=True).astype(float)

    runs = run_batched(lambda: SGD(lr=1.0), OneHot(), 12, seeds=range(5), batch_size=2)
    np.testing.assert_array_equal(runs.params, -6.0)


@pytest.mark.parametrize("kwargs, message", [
    ({"batch_size": 65}, "batch_size"),
    ({"batch_size": 0}, "batch_size"),
    ({"steps": -1}, "steps"),
    ({"seeds": []}, "seeds"),
    ({"loss_every": 0}, "loss_every"),
    ({"schedule": Cosine(1.0, 10)}, "lr"),
])
def test_invalid_arguments_are_refused(kwargs, message):
    arguments = {"make_optimizer": lambda: SGD(), "problem": regression(), "steps": 5, "batch_size": 8, "seeds": [0]}
    arguments.update(kwargs)
    with pytest.raises(ValueError, match=message):
        run_batched(**arguments)


def test_an_invalid_value_in_the_grid_is_named():
    with pytest.raises(ValueError, match=r"lr\[1, 0\] = -0.1"):
        run_batched(lambda lr: SGD(lr=lr), regression(), 5, grid={"lr": [0.1, -0.1]})
