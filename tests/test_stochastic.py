"""Le bruit des mini-batches, les problèmes du chapitre 2 et leur figure (mesure, problèmes, enseignement)."""

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from optim_lib import LinearRegression, Momentum, SGD, make_regression, run
from optim_lib.problems import FastLinearRegression, LossSurface, ShiftedLandscape
from optim_lib.measure import minibatch_gradients, minibatch_variance, per_example_gradients
from optim_lib.teaching import draw_batch_comparison
from optim_lib.teaching.explorers import stochastic_explorer


def numerical_gradient(loss, theta, h=1e-6):
    return np.array([(loss(theta + h * e) - loss(theta - h * e)) / (2 * h) for e in np.eye(theta.size)])


@pytest.fixture
def small_regression():
    X, y, _ = make_regression(n_samples=6, n_features=2, noise=0.5, seed=3)
    return LinearRegression(X, y)


def test_per_example_gradients_average_to_the_full_gradient(small_regression):
    theta = np.array([0.3, -1.2])
    grads = per_example_gradients(small_regression, theta)
    assert grads.shape == (6, 2)
    np.testing.assert_allclose(grads.mean(axis=0), small_regression.grad(theta), atol=1e-12)
    np.testing.assert_allclose(grads[4], small_regression.grad(theta, np.array([4])), atol=1e-12)


@pytest.mark.parametrize("batch_size", [1, 2, 3, 5, 6])
def test_variance_formula_matches_an_exact_enumeration(small_regression, batch_size):
    theta = np.array([0.3, -1.2])
    full = small_regression.grad(theta)

    def mean_squared_error(batches):
        return np.mean([np.sum((small_regression.grad(theta, np.array(b)) - full) ** 2) for b in batches])

    without = mean_squared_error(itertools.combinations(range(6), batch_size))
    with_replacement = mean_squared_error(itertools.product(range(6), repeat=batch_size))
    assert minibatch_variance(small_regression, theta, batch_size) == pytest.approx(without, rel=1e-10, abs=1e-14)
    assert minibatch_variance(small_regression, theta, batch_size, replace=True) == pytest.approx(with_replacement, rel=1e-10)


def test_minibatch_gradients_are_unbiased_and_drawn_as_announced(small_regression):
    theta = np.array([0.3, -1.2])
    full = small_regression.grad(theta)
    draws = minibatch_gradients(small_regression, theta, 2, draws=4000, seed=0)
    assert draws.shape == (4000, 2)
    spread = np.sqrt(minibatch_variance(small_regression, theta, 2) / 4000)
    assert np.linalg.norm(draws.mean(axis=0) - full) < 4 * spread
    measured = np.mean(np.sum((draws - full) ** 2, axis=1))
    assert measured == pytest.approx(minibatch_variance(small_regression, theta, 2), rel=0.1)
    # Sans remise, une batch de tout le jeu de données donne le gradient exact ; avec remise, non.
    np.testing.assert_allclose(minibatch_gradients(small_regression, theta, 6, draws=5), np.tile(full, (5, 1)), atol=1e-12)
    assert np.ptp(minibatch_gradients(small_regression, theta, 6, draws=5, replace=True), axis=0).max() > 1e-3
    np.testing.assert_array_equal(draws, minibatch_gradients(small_regression, theta, 2, draws=4000, seed=0))


def test_variance_accepts_an_array_of_batch_sizes(small_regression):
    theta = np.array([0.3, -1.2])
    sizes = np.array([1, 3, 6])
    expected = [minibatch_variance(small_regression, theta, int(B)) for B in sizes]
    np.testing.assert_allclose(minibatch_variance(small_regression, theta, sizes), expected, rtol=1e-12)
    assert minibatch_variance(small_regression, theta, sizes)[-1] == 0
    with pytest.raises(ValueError, match="batch_size invalide"):
        minibatch_variance(small_regression, theta, np.array([1, 7]))


def test_a_single_example_has_no_minibatch_noise():
    X, y, _ = make_regression(n_samples=1, n_features=2, seed=0)
    single = LinearRegression(X, y)
    assert minibatch_variance(single, np.ones(2), 1) == 0
    assert minibatch_variance(single, np.ones(2), 1, replace=True) == 0


@pytest.mark.parametrize("batch_size", [0, 7, 2.5])
def test_invalid_batch_sizes_are_refused(small_regression, batch_size):
    with pytest.raises(ValueError, match="batch_size invalide"):
        minibatch_gradients(small_regression, np.zeros(2), batch_size, draws=3)
    with pytest.raises(ValueError, match="batch_size invalide"):
        minibatch_variance(small_regression, np.zeros(2), batch_size)


def test_loss_surface_draws_the_loss_of_the_whole_data_set():
    X, y, _ = make_regression(n_samples=300, n_features=2, seed=1)
    model = LinearRegression(X, y, start=[-1.0, 2.0])
    surface = LossSurface(model, bounds=((-2, 3), (-2, 3)))
    np.testing.assert_allclose(surface.minimum, model.solution())
    np.testing.assert_array_equal(surface.start, model.start)
    xs, ys = np.meshgrid(np.linspace(-2, 3, 4), np.linspace(-2, 3, 3))
    expected = [[model.loss(np.array([a, b])) for a, b in zip(row_x, row_y)] for row_x, row_y in zip(xs, ys)]
    np.testing.assert_allclose(surface.value(xs, ys), expected, rtol=1e-12)
    np.testing.assert_allclose(surface.grad(np.array([0.5, 0.5]), np.arange(10)), model.grad(np.array([0.5, 0.5]), np.arange(10)))
    with pytest.raises(ValueError, match="2 paramètres"):
        LossSurface(LinearRegression(*make_regression(50, 3)[:2]), bounds=((0, 1), (0, 1)))


def test_loss_surface_of_a_model_without_a_formula_evaluates_point_by_point():
    landscape = ShiftedLandscape(n_samples=30, seed=2)
    surface = LossSurface(landscape, bounds=landscape.bounds, minimum=landscape.minimum, name="paysage")
    xs, ys = np.meshgrid([-1.0, 0.5, 2.0], [0.0, 1.0])
    np.testing.assert_allclose(surface.value(xs, ys), landscape.value(xs, ys), rtol=1e-12)


def test_fast_linear_regression_is_the_same_model_with_a_cheaper_loss():
    X, y, _ = make_regression(n_samples=500, n_features=3, seed=4)
    slow, fast = LinearRegression(X, y), FastLinearRegression(X, y)
    rng = np.random.default_rng(0)
    for w in rng.normal(scale=3, size=(5, 3)):
        assert fast.loss(w) == pytest.approx(slow.loss(w), rel=1e-10)
        np.testing.assert_array_equal(fast.grad(w, np.arange(7)), slow.grad(w, np.arange(7)))
    np.testing.assert_allclose(fast.solution(), slow.solution())
    a = run(SGD(lr=0.1), slow, 50, batch_size=10, seed=1)
    b = run(SGD(lr=0.1), fast, 50, batch_size=10, seed=1)
    np.testing.assert_allclose(a.losses, b.losses, rtol=1e-9)


def test_shifted_landscape_is_the_mean_of_its_examples():
    landscape = ShiftedLandscape(n_samples=40, spread=0.5, seed=0)
    rng = np.random.default_rng(1)
    for theta in rng.uniform([-5, -2], [4, 2], size=(5, 2)):
        per_example = landscape.landscape.value(theta[0] - landscape.u, theta[1] - landscape.v)
        assert landscape.loss(theta) == pytest.approx(np.mean(per_example), rel=1e-12)
        np.testing.assert_allclose(landscape.grad(theta), numerical_gradient(landscape.loss, theta), atol=1e-6)
        batches = np.split(rng.permutation(40), 8)
        np.testing.assert_allclose(np.mean([landscape.grad(theta, b) for b in batches], axis=0), landscape.grad(theta), atol=1e-12)
    thetas = rng.uniform([-5, -2], [4, 2], size=(3, 2))
    batches = rng.integers(0, 40, size=(3, 5))
    np.testing.assert_allclose(landscape.batch_grad(thetas, batches), [landscape.grad(t, b) for t, b in zip(thetas, batches)], atol=1e-12)
    np.testing.assert_allclose(landscape.batch_grad(thetas), [landscape.grad(t) for t in thetas], atol=1e-12)


def test_shifted_landscape_keeps_a_shallow_local_minimum():
    landscape = ShiftedLandscape()
    np.testing.assert_allclose(landscape.grad(landscape.minimum), 0, atol=1e-10)
    np.testing.assert_allclose(landscape.grad(landscape.local_minimum), 0, atol=1e-10)
    assert 1.5 < landscape.minimum[0] < 2.5 and -1.5 < landscape.local_minimum[0] < -0.5
    assert landscape.local_minimum[0] < landscape.barrier < landscape.minimum[0]
    assert landscape.loss(landscape.local_minimum) > landscape.loss(landscape.minimum) + 0.3
    grid = np.meshgrid(*[np.linspace(lo, hi, 301) for lo, hi in landscape.bounds])
    assert landscape.value(*grid).min() >= landscape.loss(landscape.minimum) - 1e-9
    # La descente complète partie du plateau reste prise dans le minimum local.
    stuck = run(SGD(lr=0.5), landscape, 1000).final_params
    np.testing.assert_allclose(stuck, landscape.local_minimum, atol=1e-4)


def test_batch_comparison_counts_the_examples_of_each_method():
    X, y, _ = make_regression(n_samples=200, n_features=2, seed=0)
    surface = LossSurface(LinearRegression(X, y), bounds=((-3, 3), (-3, 3)))
    fig, axes = plt.subplots(1, 2)
    full, noisy = draw_batch_comparison(surface, lr=0.1, batch_size=10, steps=20, axes=axes)
    assert full.examples[-1] == 200 * 20 and noisy.examples[-1] == 10 * 20
    assert len(axes[0].lines) >= 3 and axes[1].get_xscale() == "log"
    assert axes[0].get_xlabel() == "$w_0$" and axes[0].get_ylabel() == "$w_1$"
    plt.close(fig)


def test_explorer_offers_problem_learning_rate_and_batch_size_and_redraws():
    landscape = ShiftedLandscape(n_samples=50)
    widget = stochastic_explorer({"paysage": landscape}, batch_sizes=[1, 5, 100], steps=20)
    descriptions = [control.description for control in widget.children[0].children]
    assert descriptions == ["problème", "lr", "batch size", "pas", "graine"]
    first = bytes(widget.image.value)
    assert first.startswith(b"\x89PNG")
    widget.controls["batch_size"].value = 100  # plus que les 50 exemples : ramené à 50
    assert bytes(widget.image.value) != first
    assert widget.axes[0].get_legend().get_texts()[1].get_text() == "mini-batches de 50"
    assert "Explorateur" in repr(widget)
