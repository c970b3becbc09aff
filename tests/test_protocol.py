"""Le protocole de comparaison : grille large et fine, meilleur réglage à l'intérieur, graines neuves, égalités."""

import math

import numpy as np
import pytest

from optim_lib import SGD, Adam, LinearRegression, make_regression
from optim_lib.measure import check_grid, compare, final_loss, lr_grid, steps_to, ties, versus
from optim_lib.measure.protocol import Result


def regression():
    X, y, _ = make_regression(n_samples=64, n_features=3, noise=0.5, seed=0)
    return LinearRegression(X, y)


def test_lr_grid_has_two_values_per_decade_both_ends_included():
    grid = lr_grid(1e-4, 1.0)
    assert len(grid) == 9 and grid[0] == pytest.approx(1e-4) and grid[-1] == pytest.approx(1.0)
    np.testing.assert_allclose(np.diff(np.log10(grid)), 0.5)


@pytest.mark.parametrize("grid, message", [
    (lr_grid(1e-3, 1.0), "3.00 ordres de grandeur"),
    (lr_grid(1e-4, 1.0, per_decade=1), "1.00 ordre de grandeur"),
    ([0.1, 0.2], "au moins trois"),
])
def test_a_grid_that_is_too_narrow_or_too_coarse_is_refused(grid, message):
    with pytest.raises(ValueError, match=message):
        check_grid(grid)


def test_compare_tunes_each_optimizer_then_measures_it_on_fresh_seeds():
    problem = regression()
    results = compare({"SGD": lambda lr: SGD(lr=lr), "Adam": lambda lr: Adam(lr=lr)}, problem, 60,
                      {"SGD": lr_grid(1e-4, 1.0), "Adam": lr_grid(1e-3, 10.0)}, batch_size=8)
    for name, result in results.items():
        assert result.sweep.shape == (9, 5) and result.scores.shape == (5,)
        best = int(np.argmin(result.sweep_means))
        assert 0 < best < 8 and result.best_lr == result.lrs[best]
        assert set(result.runs.seeds) == {5, 6, 7, 8, 9}  # des graines que le choix n'a pas vues
        assert set(result.tuning.seeds) == {0, 1, 2, 3, 4} and result.tuning.losses.shape[1] == 45
        low, high = result.interval
        assert low < result.mean < high
    # Le score de la mesure finale vient bien des graines neuves, au meilleur learning rate.
    from optim_lib import run
    sgd = results["SGD"]
    expected = run(SGD(lr=sgd.best_lr), problem, 60, batch_size=8, seed=7).final_loss
    assert sgd.scores[2] == pytest.approx(expected, rel=1e-9)


def test_measure_options_apply_to_the_fresh_runs_only():
    # Le choix ne lit que la loss finale ; la mesure note la loss tous les 10 pas, pour ses courbes.
    options = dict(batch_size=8, loss_every=60)
    sparse = compare({"SGD": lambda lr: SGD(lr=lr)}, regression(), 60, lr_grid(1e-4, 1.0), **options)["SGD"]
    dense = compare({"SGD": lambda lr: SGD(lr=lr)}, regression(), 60, lr_grid(1e-4, 1.0), **options,
                    measure_options={"loss_every": 10})["SGD"]
    assert sparse.tuning.steps.tolist() == dense.tuning.steps.tolist() == [0, 60]
    assert dense.runs.steps.tolist() == [0, 10, 20, 30, 40, 50, 60]
    np.testing.assert_array_equal(dense.scores, sparse.scores)


def test_compare_refuses_a_best_learning_rate_on_the_edge_of_the_grid():
    with pytest.raises(ValueError, match="le plus petit de la grille"):
        compare({"SGD": lambda lr: SGD(lr=lr)}, regression(), 60, lr_grid(1e-1, 1e3), batch_size=8)
    with pytest.raises(ValueError, match="le plus grand de la grille"):
        compare({"SGD": lambda lr: SGD(lr=lr)}, regression(), 60, lr_grid(1e-6, 1e-2), batch_size=8)


def test_compare_refuses_too_few_or_reused_seeds():
    with pytest.raises(ValueError, match="au moins 5 graines"):
        compare({"SGD": lambda lr: SGD(lr=lr)}, regression(), 10, lr_grid(1e-4, 1.0), seeds=range(3))
    with pytest.raises(ValueError, match="neuves"):
        compare({"SGD": lambda lr: SGD(lr=lr)}, regression(), 10, lr_grid(1e-4, 1.0), seeds=range(5), fresh_seeds=range(4, 9))


def test_steps_to_reads_the_first_recorded_step_below_the_target():
    from optim_lib.running import BatchedRuns

    runs = BatchedRuns(settings=[{}, {}], seeds=np.array([0, 1]), steps=np.array([0, 10, 20]),
                       losses=np.array([[5.0, 5.0], [0.5, 2.0], [0.05, 1.5]]), diverged=np.array([False, False]),
                       params=np.zeros((2, 1)))
    np.testing.assert_array_equal(steps_to(1.0)(runs), [10, np.inf])
    np.testing.assert_array_equal(final_loss(runs), [0.05, 1.5])


def result(name, scores):
    scores = np.asarray(scores, dtype=float)
    return Result(name=name, lrs=np.array([1.0]), sweep=np.zeros((1, 1)), best_lr=1.0, scores=scores, runs=None)


def test_intervals_decide_ties_and_verdicts():
    a = result("a", [1.0, 1.1, 0.9, 1.0, 1.0])
    b = result("b", [1.05, 1.15, 0.95, 1.1, 1.0])  # chevauche a
    c = result("c", [2.0, 2.1, 1.9, 2.0, 2.0])  # nettement moins bien
    low, high = a.interval
    assert high - low == pytest.approx(2 * 2.776 * np.std(a.scores, ddof=1) / math.sqrt(5))
    assert ties({"a": a, "b": b, "c": c}) == ["a", "b"]
    assert versus(a, c) == "mieux" and versus(c, a) == "moins bien" and versus(a, b) == "à égalité"
    never = result("d", [1.0, np.inf, 1.0, 1.0, 1.0])  # une graine n'atteint jamais la cible : moyenne infinie
    assert never.interval == (math.inf, math.inf) and versus(a, never) == "mieux"
