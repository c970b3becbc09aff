"""Le perceptron multicouche : gradients exacts, données des chiffres, entraînement par run."""

import numpy as np
import pytest

from optim_lib import Adam, MLP, SGD, load_digits_split, run


def numerical_gradient(loss, params, h=1e-6):
    """Différences finies centrées, coordonnée par coordonnée, pour une liste de tableaux."""
    grads = []
    for p in params:
        g = np.zeros_like(p)
        for index in np.ndindex(p.shape):
            saved = p[index]
            p[index] = saved + h
            up = loss(params)
            p[index] = saved - h
            down = loss(params)
            p[index] = saved
            g[index] = (up - down) / (2 * h)
        grads.append(g)
    return grads


def small_model(hidden, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(30, 5))
    y = rng.integers(0, 4, size=30)
    return MLP(X, y, hidden=hidden, n_classes=4, seed=seed)


@pytest.mark.parametrize("hidden", [(6,), (5, 4)], ids=["une couche cachée", "deux couches cachées"])
def test_gradient_matches_finite_differences(hidden):
    model = small_model(hidden)
    rng = np.random.default_rng(1)
    # Des biais non nuls : avec des biais à zéro, une erreur sur leur gradient pourrait passer inaperçue.
    params = [p + 0.3 * rng.normal(size=p.shape) for p in model.start]
    analytic = model.grad(params)
    numeric = numerical_gradient(model.loss, params)
    assert [g.shape for g in analytic] == [p.shape for p in params]
    for a, n in zip(analytic, numeric):
        np.testing.assert_allclose(a, n, atol=1e-7)


def test_batch_gradient_is_the_gradient_of_the_batch_loss():
    model = small_model((6,))
    params = [p.copy() for p in model.start]
    batch = np.array([3, 7, 11, 20])
    batch_loss = lambda ps: model.loss(ps, model.X[batch], model.y[batch])
    for a, n in zip(model.grad(params, batch), numerical_gradient(batch_loss, params)):
        np.testing.assert_allclose(a, n, atol=1e-7)
    # Moyennés sur une partition en batches égales, les gradients de mini-batch donnent le gradient exact.
    parts = np.split(np.random.default_rng(0).permutation(30), 5)
    mean = [np.mean(layer, axis=0) for layer in zip(*[model.grad(params, b) for b in parts])]
    for a, b in zip(mean, model.grad(params)):
        np.testing.assert_allclose(a, b, atol=1e-12)


def test_loss_is_cross_entropy_and_stable():
    model = small_model((6,))
    params = [np.zeros_like(p) for p in model.start]
    # Des logits tous nuls donnent la loi uniforme : la loss vaut log(nombre de classes).
    assert model.loss(params) == pytest.approx(np.log(4))
    # Des logits immenses ne doivent produire ni inf ni nan (log-softmax stabilisé).
    params[-1] = np.array([1e4, 0.0, 0.0, 0.0])
    loss = model.loss(params)
    assert np.isfinite(loss) and loss == pytest.approx(1e4 * np.mean(model.y != 0))


def test_accuracy_and_predictions():
    model = small_model((6,))
    params = [np.zeros_like(p) for p in model.start]
    params[-1] = np.array([0.0, 0.0, 1.0, 0.0])  # toujours la classe 2
    np.testing.assert_array_equal(model.predict(params), np.full(30, 2))
    assert model.accuracy(params) == pytest.approx(np.mean(model.y == 2))
    X_other, y_other = np.ones((4, 5)), np.array([2, 2, 1, 0])
    assert model.accuracy(params, X_other, y_other) == pytest.approx(0.5)


def test_start_is_seeded_and_unflatten_inverts_flatten():
    a, b, c = small_model((6,), seed=3), small_model((6,), seed=3), small_model((6,), seed=4)
    for p, q in zip(a.start, b.start):
        np.testing.assert_array_equal(p, q)
    assert not np.array_equal(a.start[0], MLP(a.X, a.y, hidden=6, n_classes=4, seed=4).start[0])
    assert a.n_params == 5 * 6 + 6 + 6 * 4 + 4
    assert all(p.dtype == np.float64 for p in a.start)
    assert all(np.all(p == 0) for p in a.start[1::2])
    flat = np.concatenate([p.ravel() for p in c.start])
    for p, q in zip(c.unflatten(flat), c.start):
        np.testing.assert_array_equal(p, q)
    with pytest.raises(ValueError, match="paramètres attendus"):
        c.unflatten(flat[:-1])


def test_invalid_arguments_are_refused():
    X, y = np.zeros((10, 3)), np.zeros(10, dtype=int)
    with pytest.raises(ValueError, match="hidden invalide"):
        MLP(X, y, hidden=(4, 0))
    with pytest.raises(ValueError, match="même longueur"):
        MLP(X, y[:-1])
    with pytest.raises(ValueError, match="test_fraction invalide"):
        load_digits_split(test_fraction=1.0)


def test_digits_split_is_seeded_disjoint_and_standardized():
    X_train, y_train, X_test, y_test = load_digits_split(seed=0)
    assert X_train.shape == (1348, 64) and X_test.shape == (449, 64)
    assert set(np.unique(y_train)) == set(range(10))
    # Le jeu d'entraînement est centré et réduit (sauf les pixels constants, laissés à zéro).
    np.testing.assert_allclose(X_train.mean(axis=0), 0, atol=1e-12)
    std = X_train.std(axis=0)
    assert np.all(np.isclose(std, 1) | np.isclose(std, 0))
    # Même graine, même séparation ; autre graine, autre séparation ; aucune image dans les deux.
    again = load_digits_split(seed=0)
    np.testing.assert_array_equal(again[0], X_train)
    assert not np.array_equal(load_digits_split(seed=1)[1], y_train)
    rows = {row.tobytes() for row in X_train}
    assert sum(row.tobytes() in rows for row in X_test) <= 5  # quelques images en double dans le jeu d'origine


@pytest.mark.parametrize("optimizer", [SGD(lr=0.3), Adam(lr=0.005)], ids=["SGD", "Adam"])
def test_training_on_digits_learns(optimizer):
    X_train, y_train, X_test, y_test = load_digits_split(seed=0)
    model = MLP(X_train, y_train, hidden=32, seed=0)
    trajectory = run(optimizer, model, 200, batch_size=64, seed=0)
    final = model.unflatten(trajectory.final_params)
    assert trajectory.losses[0] > 2 and trajectory.final_loss < 0.3
    assert model.accuracy(final, X_test, y_test) > 0.9
    # run travaille sur une copie : le point de départ du modèle n'a pas bougé.
    assert model.loss(model.start) == pytest.approx(trajectory.losses[0])


def test_digits_are_those_of_scikit_learn():
    from sklearn.datasets import load_digits

    from optim_lib.problems.datasets import _digits

    X, y = _digits()
    digits = load_digits()
    np.testing.assert_array_equal(X, digits.data)
    np.testing.assert_array_equal(y, digits.target)
    assert X.dtype == np.float64 and y.dtype.kind == "i"
