"""Les outils de mesure des chapitres 7 et 8 : balayages, écarts à l'optimum, problèmes rééchelonnés."""

import numpy as np
import pytest

from optim_lib import (Adam, LinearRegression, LogisticRegression, SGD, Trajectory, make_classification,
                       make_regression, run)
from optim_lib.problems import ScaledProblem, benchmark_problems, logistic_solution
from optim_lib.measure import steps_below, sweep, tail_gap


def regression(seed=0):
    X, y, _ = make_regression(n_samples=200, n_features=4, seed=seed)
    return LinearRegression(X, y)


def test_scaled_problem_scales_loss_and_gradient_only():
    model = regression()
    scaled = ScaledProblem(model, 1e3)
    w = np.array([0.5, -1.0, 2.0, 0.1])
    assert scaled.loss(w) == pytest.approx(1e3 * model.loss(w), rel=1e-14)
    np.testing.assert_allclose(scaled.grad(w, np.arange(10)), 1e3 * model.grad(w, np.arange(10)), rtol=1e-14)
    assert scaled.n_samples == model.n_samples
    np.testing.assert_array_equal(scaled.start, model.start)


def test_sgd_on_a_scaled_problem_needs_a_scaled_learning_rate():
    """SGD(lr=α/c) sur c·L refait exactement SGD(lr=α) sur L, mini-batches compris."""
    model, c = regression(), 1e-3
    plain = run(SGD(lr=0.1), model, 30, batch_size=16, seed=4)
    scaled = run(SGD(lr=0.1 / c), ScaledProblem(model, c), 30, batch_size=16, seed=4)
    np.testing.assert_allclose(scaled.params, plain.params, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(scaled.losses, c * plain.losses, rtol=1e-9)


@pytest.mark.parametrize("factor", [0.0, -1.0, float("inf")])
def test_scaled_problem_refuses_a_bad_factor(factor):
    with pytest.raises(ValueError, match="factor invalide"):
        ScaledProblem(regression(), factor)


def test_logistic_solution_is_the_minimum():
    model = LogisticRegression(*make_classification(n_samples=300, n_features=3, separation=1.0, seed=2))
    w = logistic_solution(model)
    assert np.linalg.norm(model.grad(w)) < 1e-10
    rng = np.random.default_rng(0)
    for _ in range(20):
        assert model.loss(w + 1e-3 * rng.normal(size=w.size)) > model.loss(w)
    # Adam, lancé longtemps, s'en approche.
    adam = run(Adam(lr=0.05), model, 2000).final_params
    np.testing.assert_allclose(adam, w, atol=1e-3)


def test_logistic_solution_refuses_separable_data():
    X = np.column_stack([np.ones(40), np.linspace(-1, 1, 40)])
    y = (X[:, 1] > 0).astype(float)
    with pytest.raises(ValueError, match="séparables"):
        logistic_solution(LogisticRegression(X, y))


def test_sweep_gives_one_run_per_value_with_the_same_batches():
    model = regression()
    runs = sweep(lambda lr: SGD(lr=lr), [0.05, 0.05, 0.2], model, 20, batch_size=8, seed=1)
    assert list(runs) == [0.05, 0.2]  # une clé par valeur distincte
    again = sweep(lambda lr: SGD(lr=lr), [0.05], model, 20, batch_size=8, seed=1)
    np.testing.assert_array_equal(runs[0.05].params, again[0.05].params)
    assert not np.allclose(runs[0.05].params, runs[0.2].params)
    other_seed = sweep(lambda lr: SGD(lr=lr), [0.05], model, 20, batch_size=8, seed=2)
    assert not np.allclose(runs[0.05].params, other_seed[0.05].params)


def trajectory(losses, diverged=False):
    losses = np.array(losses, dtype=float)
    return Trajectory(params=np.zeros((len(losses), 1)), losses=losses, examples=np.arange(len(losses)),
                      diverged=diverged)


def test_tail_gap_averages_the_last_steps():
    t = trajectory([5.0, 4.0, 3.0, 1.5, 1.0, 2.0])
    assert tail_gap(t, min_loss=1.0, last=3) == pytest.approx((1.5 + 1.0 + 2.0) / 3 - 1.0)
    assert tail_gap(trajectory([5.0, 4.0, 9.0], diverged=True), 1.0, last=1) == float("inf")
    with pytest.raises(ValueError, match="last"):
        tail_gap(t, 1.0, last=6)


def test_steps_below_finds_the_first_step():
    t = trajectory([5.0, 3.0, 1.05, 1.2, 1.001])
    assert steps_below(t, 1.0, tol=0.1) == 2
    assert steps_below(t, 1.0, tol=0.01) == 4
    assert steps_below(t, 1.0, tol=1e-4) is None


def test_benchmark_problems_and_their_minimum():
    problems, min_loss = benchmark_problems(n_samples=300, seed=1)
    assert list(problems) == ["régression", "échelles variées", "logistique"]
    scales = problems["échelles variées"].X / problems["régression"].X
    np.testing.assert_allclose(scales[:, 0], 1.0)
    np.testing.assert_allclose(scales.max(axis=0)[1:], np.geomspace(0.1, 10, 9))
    # Changer l'échelle des variables ne change pas le meilleur ajustement.
    assert min_loss["échelles variées"] == pytest.approx(min_loss["régression"], rel=1e-10)
    rng = np.random.default_rng(0)
    for name, problem in problems.items():
        for _ in range(5):
            assert problem.loss(problem.start + rng.normal(scale=0.5, size=10)) > min_loss[name]
    w = logistic_solution(problems["logistique"])
    assert min_loss["logistique"] == pytest.approx(problems["logistique"].loss(w), rel=1e-12)


def test_best_picks_the_lowest_score_of_a_sweep():
    from optim_lib import Parabola
    from optim_lib.measure import best

    runs = sweep(lambda lr: SGD(lr=lr), [0.1, 0.5, 1.0, 2.5], Parabola(), 20)
    value, score = best(runs, lambda t: np.inf if t.diverged else t.final_loss)
    assert value == 1.0 and score == 0.0  # sur la courbure 1, lr = 1 atteint le minimum en un pas
    assert best(runs, lambda t: len(t.losses)) == (2.5, len(runs[2.5].losses))  # l'exécution qui diverge s'arrête tôt


def test_run_twins_flags_chaotic_runs_only():
    from optim_lib import SGD, Landscape, Momentum, QuadraticValley
    from optim_lib.measure import run_twins

    landscape = Landscape()
    trajectory, chaotic = run_twins(lambda: SGD(lr=1.9), landscape, 300)
    assert chaotic and not trajectory.diverged  # erre dans le creux local
    assert not run_twins(lambda: SGD(lr=1.0), landscape, 300)[1]  # un cycle de deux pas, stable
    assert not run_twins(lambda: Momentum(lr=10, momentum=0.9), landscape, 300)[1]
    trajectory, chaotic = run_twins(lambda: SGD(lr=0.2), QuadraticValley(), 100)
    assert trajectory.diverged and not chaotic  # les deux jumelles divergent : un résultat robuste


def test_chaotic_is_the_rule_of_run_twins_copy_by_copy():
    from optim_lib.measure import chaotic, twin_start

    final = np.array([1.0, 1.0, 1.0, np.inf, np.inf])
    twins = np.array([1.0 + 1e-6, 1.01, np.inf, np.inf, 2.0])
    # Proches, éloignées, une seule qui diverge, les deux qui divergent, une seule qui diverge.
    assert chaotic(final, twins).tolist() == [False, True, True, False, True]
    start = [np.array([0.0, -2.0]), np.array([3.0])]
    shifted = twin_start(start)
    assert np.allclose(shifted[0], [1e-9, -2.0 + 3e-9], rtol=0, atol=1e-15) and shifted[1][0] == 3.0 + 4e-9
