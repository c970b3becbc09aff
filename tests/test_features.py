"""Les données à caractéristiques rares et fréquentes (optim_lib.problems.datasets)."""

import numpy as np
import pytest

from optim_lib import Adagrad, LinearRegression, SGD, run
from optim_lib.problems import make_sparse_features


def test_features_are_binary_with_the_requested_frequencies():
    frequencies = [0.5, 0.2, 0.01]
    n = 40_000
    X, y, w_true = make_sparse_features(n_samples=n, frequencies=frequencies, seed=0)
    assert X.shape == (n, 3) and y.shape == (n,) and w_true.shape == (3,)
    assert set(np.unique(X)) == {0.0, 1.0}
    # Quatre écarts types d'une proportion binomiale : un échec ne peut pas venir du hasard.
    tolerance = 4 * np.sqrt(np.array(frequencies) * (1 - np.array(frequencies)) / n)
    assert np.all(np.abs(X.mean(axis=0) - frequencies) < tolerance)


def test_true_weights_fill_the_announced_interval():
    _, _, w_true = make_sparse_features(n_samples=10, frequencies=[0.5] * 500, seed=2)
    assert np.all(np.abs(w_true) <= 2) and np.abs(w_true).max() > 1.95


def test_targets_are_linear_plus_noise_of_the_given_size():
    X, y, w_true = make_sparse_features(n_samples=20_000, noise=0.0, seed=1)
    np.testing.assert_allclose(y, X @ w_true, atol=1e-12)
    X, y, w_true = make_sparse_features(n_samples=20_000, noise=0.3, seed=1)
    assert abs(np.std(y - X @ w_true) - 0.3) < 0.01


def test_data_are_seeded():
    a, b = make_sparse_features(seed=3), make_sparse_features(seed=3)
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)
    assert not np.array_equal(a[0], make_sparse_features(seed=4)[0])


@pytest.mark.parametrize("kwargs, name", [
    ({"n_samples": 0}, "n_samples"),
    ({"n_samples": 10.5}, "n_samples"),
    ({"frequencies": []}, "frequencies"),
    ({"frequencies": [0.5, 0.0]}, "frequencies"),
    ({"frequencies": [1.5]}, "frequencies"),
    ({"noise": -0.1}, "noise"),
])
def test_invalid_arguments_are_refused(kwargs, name):
    with pytest.raises(ValueError, match=name):
        make_sparse_features(**kwargs)


def test_adagrad_gives_rare_features_a_larger_learning_rate():
    """Ce que montre le chapitre 4 : à learning rate égal, Adagrad apprend plus vite les poids rares."""
    X, y, _ = make_sparse_features(seed=0)
    model = LinearRegression(X, y)
    w_best = model.solution()
    rare = slice(5, 10)
    adagrad = Adagrad(lr=0.3)
    errors = {}
    for name, optimizer in [("SGD", SGD(lr=0.3)), ("Adagrad", adagrad)]:
        final = run(optimizer, model, 200, batch_size=20, seed=0).final_params
        errors[name] = np.linalg.norm(final[rare] - w_best[rare])
    assert errors["Adagrad"] < 0.25 * errors["SGD"]
    effective_lr = 0.3 / np.sqrt(adagrad.state[0]["G"] + adagrad.eps)
    assert effective_lr[rare].min() > 2 * effective_lr[:5].max()
