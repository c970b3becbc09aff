"""Chaque problème d'optim_lib suit le même protocole : ``start``, ``loss``, ``grad``, ``n_samples``, ``name``.

Et, pour ceux qui savent faire avancer plusieurs copies d'un coup, ``batch_loss`` et
``batch_grad`` donnent, copie par copie, ce que donnent ``loss`` et ``grad``.
"""

import inspect

import numpy as np
import pytest

import optim_lib.problems as problems
from optim_lib.problems import (MLP, FastLinearRegression, LinearRegression, LogisticRegression, LossSurface,
                                ScaledProblem, ShiftedLandscape, load_digits_split, make_classification,
                                make_regression, make_sparse_features)

X, y, _ = make_regression(n_samples=60, n_features=3, seed=0)
Xc, yc = make_classification(n_samples=60, n_features=3, seed=0)
digits_X, digits_y, _, _ = load_digits_split(seed=0)

EXAMPLES = {
    "Parabola": problems.Parabola(curvature=2.0, center=1.0),
    "QuadraticValley": problems.QuadraticValley(),
    "Rosenbrock": problems.Rosenbrock(),
    "Saddle": problems.Saddle(),
    "Landscape": problems.Landscape(),
    "ShiftedLandscape": ShiftedLandscape(n_samples=30),
    "LinearRegression": LinearRegression(X, y),
    "FastLinearRegression": FastLinearRegression(X, y),
    "LogisticRegression": LogisticRegression(Xc, yc),
    "MLP": MLP(digits_X[:50], digits_y[:50], hidden=(6, 5), seed=0),
    "ScaledProblem": ScaledProblem(LogisticRegression(Xc, yc), 1e3),
    "LossSurface": LossSurface(LinearRegression(*make_sparse_features(n_samples=40, frequencies=(0.5, 0.1))[:2]),
                               bounds=((-3, 3), (-3, 3))),
}


def test_every_problem_class_of_the_package_has_an_example():
    classes = {name for name, obj in vars(problems).items() if inspect.isclass(obj) and name != "Function"}
    assert classes == set(EXAMPLES)


def flat(params):
    return np.concatenate([np.ravel(p) for p in params]) if isinstance(params, list) else np.ravel(params)


def perturbed(problem, rng):
    """Un point près du départ (pas exactement dessus : un réseau a des biais nuls, un maximum local...)."""
    if isinstance(problem.start, list):
        return [p + 0.1 * rng.standard_normal(p.shape) for p in problem.start]
    return problem.start + 0.1 * rng.standard_normal(problem.start.shape)


@pytest.mark.parametrize("name", EXAMPLES)
def test_problem_follows_the_protocol(name):
    problem = EXAMPLES[name]
    assert isinstance(problem.name, str) and problem.name
    assert problem.n_samples is None or (isinstance(problem.n_samples, int) and problem.n_samples > 0)
    params = perturbed(problem, np.random.default_rng(0))
    loss = problem.loss(params)
    assert isinstance(loss, float) and np.isfinite(loss)
    grad = problem.grad(params)
    assert [np.shape(g) for g in (grad if isinstance(grad, list) else [grad])] == \
           [np.shape(p) for p in (params if isinstance(params, list) else [params])]
    # Le gradient est celui de la loss : différences finies centrées, sur quelques coordonnées.
    vector = flat(params)
    rng = np.random.default_rng(1)
    for i in rng.choice(vector.size, size=min(vector.size, 6), replace=False):
        step = np.zeros_like(vector)
        step[i] = 1e-6
        plus, minus = (unflatten(problem, vector + step), unflatten(problem, vector - step))
        numerical = (problem.loss(plus) - problem.loss(minus)) / 2e-6
        assert flat(grad)[i] == pytest.approx(numerical, rel=1e-4, abs=1e-6 * max(1.0, abs(loss)))
    if problem.n_samples is not None:
        batch = np.arange(min(5, problem.n_samples))
        assert flat(problem.grad(params, batch)).shape == vector.shape


def unflatten(problem, vector):
    if isinstance(problem.start, list):
        ends = np.cumsum([p.size for p in problem.start])[:-1]
        return [part.reshape(p.shape) for part, p in zip(np.split(vector, ends), problem.start)]
    return vector.reshape(np.shape(problem.start))


@pytest.mark.parametrize("name", EXAMPLES)
def test_batch_methods_agree_with_loss_and_grad(name):
    problem = EXAMPLES[name]
    assert hasattr(problem, "batch_loss") and hasattr(problem, "batch_grad")
    rng = np.random.default_rng(2)
    points = [perturbed(problem, rng) for _ in range(3)]
    W = np.array([flat(p) for p in points])
    np.testing.assert_allclose(problem.batch_loss(W), [problem.loss(p) for p in points], rtol=1e-10)
    np.testing.assert_allclose(problem.batch_grad(W), [flat(problem.grad(p)) for p in points], rtol=1e-9, atol=1e-12)
    if problem.n_samples is not None:
        batches = rng.integers(0, problem.n_samples, size=(3, 4))
        np.testing.assert_allclose(problem.batch_grad(W, batches), [flat(problem.grad(p, b)) for p, b in zip(points, batches)],
                                   rtol=1e-9, atol=1e-12)
