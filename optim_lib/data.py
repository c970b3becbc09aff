"""Jeux de données synthétiques et modèles simples, pour la descente par mini-batch.

Un modèle est un problème de la boucle ``run`` : ``start``, ``loss(w)`` (sur tout le jeu de
données), ``grad(w, batch)`` (sur les exemples d'indices ``batch``, ou sur tous si ``batch`` vaut
``None``) et ``n_samples``. Tout tirage aléatoire passe par un ``seed``.
"""

import numpy as np

__all__ = [
    "make_regression",
    "make_classification",
    "LinearRegression",
    "LogisticRegression",
    "minibatches",
]


def make_regression(n_samples=1000, n_features=2, noise=0.5, seed=0):
    """Des données ``y = X w* + bruit`` ; rend ``(X, y, w_true)``.

    La première colonne de ``X`` vaut 1 : son poids joue le rôle du biais.
    """
    rng = np.random.default_rng(seed)
    X = np.column_stack([np.ones(n_samples), rng.normal(size=(n_samples, n_features - 1))])
    w_true = rng.uniform(-2, 2, size=n_features)
    y = X @ w_true + noise * rng.normal(size=n_samples)
    return X, y, w_true


def make_classification(n_samples=1000, n_features=2, separation=2.0, seed=0):
    """Deux classes gaussiennes (étiquettes 0 et 1) ; rend ``(X, y)``.

    La première colonne de ``X`` vaut 1 (le biais) ; les centres des classes sont à distance
    ``separation`` l'un de l'autre.
    """
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size=n_samples).astype(float)
    direction = rng.normal(size=n_features - 1)
    direction *= separation / (2 * np.linalg.norm(direction))
    features = rng.normal(size=(n_samples, n_features - 1)) + np.outer(2 * y - 1, direction)
    return np.column_stack([np.ones(n_samples), features]), y


class LinearRegression:
    r"""Régression linéaire : :math:`L(w) = \frac{1}{2N} \sum_i (x_i^\top w - y_i)^2`."""

    name = "régression linéaire"

    def __init__(self, X, y, start=None):
        self.X, self.y = X, y
        self.n_samples = len(y)
        self.start = np.zeros(X.shape[1]) if start is None else np.array(start, dtype=float)

    def loss(self, w):
        residual = self.X @ w - self.y
        return float(0.5 * np.mean(residual**2))

    def grad(self, w, batch=None):
        X, y = (self.X, self.y) if batch is None else (self.X[batch], self.y[batch])
        return X.T @ (X @ w - y) / len(y)

    def solution(self):
        """Les poids optimaux, par les moindres carrés."""
        return np.linalg.lstsq(self.X, self.y, rcond=None)[0]


class LogisticRegression:
    r"""Régression logistique : entropie croisée moyenne de :math:`\sigma(x_i^\top w)` contre :math:`y_i`."""

    name = "régression logistique"

    def __init__(self, X, y, start=None):
        self.X, self.y = X, y
        self.n_samples = len(y)
        self.start = np.zeros(X.shape[1]) if start is None else np.array(start, dtype=float)

    def loss(self, w):
        z = self.X @ w
        # log(1 + e^z) - y z, écrit avec logaddexp pour ne pas déborder quand |z| est grand.
        return float(np.mean(np.logaddexp(0, z) - self.y * z))

    def grad(self, w, batch=None):
        X, y = (self.X, self.y) if batch is None else (self.X[batch], self.y[batch])
        p = 0.5 * (1 + np.tanh(0.5 * (X @ w)))  # sigmoïde, stable pour tout z
        return X.T @ (p - y) / len(y)

    def accuracy(self, w):
        return float(np.mean((self.X @ w > 0) == (self.y == 1)))


def minibatches(n_samples, batch_size, rng):
    """Indices de mini-batches, sans fin : chaque epoch parcourt les données dans un ordre neuf.

    La dernière batch d'une epoch peut être plus petite, comme avec ``drop_last=False`` dans
    PyTorch.
    """
    if not 1 <= batch_size <= n_samples:
        raise ValueError(f"batch_size invalide : {batch_size!r} (doit être entre 1 et {n_samples})")
    while True:
        order = rng.permutation(n_samples)
        for start in range(0, n_samples, batch_size):
            yield order[start : start + batch_size]
