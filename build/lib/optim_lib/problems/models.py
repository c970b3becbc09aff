"""Des modèles entraînés sur des données : régressions linéaire et logistique.

Un modèle est un problème (voir ``optim_lib.problems``) : ``start``, ``loss(w)`` sur tout le jeu de
données, ``grad(w, batch)`` sur les exemples d'indices ``batch`` (ou sur tous si ``batch`` vaut
``None``) et ``n_samples``. ``batch_loss`` et ``batch_grad`` font de même pour plusieurs copies à
la fois, une par ligne de ``W``, chacune avec sa ligne d'indices dans ``batches``.
"""

import numpy as np

__all__ = ["LinearRegression", "FastLinearRegression", "LogisticRegression", "logistic_solution"]


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

    def batch_loss(self, W):
        """La loss de plusieurs jeux de poids à la fois, un par ligne de ``W``."""
        return 0.5 * np.mean((self.X @ W.T - self.y[:, None]) ** 2, axis=0)

    def batch_grad(self, W, batches=None):
        """Le gradient de chaque ligne de ``W``, sur sa ligne d'indices de ``batches`` (ou sur tout)."""
        if batches is None:
            return (self.X.T @ (self.X @ W.T - self.y[:, None])).T / self.n_samples
        Xb, yb = self.X[batches], self.y[batches]  # (copies, B, d), (copies, B)
        residual = np.einsum("sbd,sd->sb", Xb, W) - yb
        return np.einsum("sbd,sb->sd", Xb, residual) / batches.shape[1]

    def solution(self):
        """Les poids optimaux, par les moindres carrés."""
        return np.linalg.lstsq(self.X, self.y, rcond=None)[0]


class FastLinearRegression(LinearRegression):
    r"""Une régression linéaire dont la loss sur tout le jeu de données se calcule en :math:`O(d^2)`.

    La loss est quadratique : :math:`L(w) = L(w^\star) + \frac12 (w - w^\star)^\top A (w - w^\star)`
    avec :math:`A = X^\top X / N`. ``run`` calcule cette loss après chaque pas pour la noter :
    sous cette forme, noter la loss de 100 000 petits pas ne coûte plus 100 000 passages sur les
    données. Le gradient, lui, reste celui de ``LinearRegression`` : il coûte autant que la
    batch est grande, et c'est lui que compte ``Trajectory.examples``.
    """

    def __init__(self, X, y, start=None):
        super().__init__(X, y, start)
        self.hessian = X.T @ X / self.n_samples
        self.w_star = super().solution()
        self.min_loss = super().loss(self.w_star)

    def loss(self, w):
        d = np.asarray(w, dtype=float) - self.w_star
        return float(self.min_loss + 0.5 * d @ self.hessian @ d)

    def batch_loss(self, W):
        D = W - self.w_star
        return self.min_loss + 0.5 * np.einsum("sd,de,se->s", D, self.hessian, D)

    def solution(self):
        return self.w_star.copy()


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

    def batch_loss(self, W):
        z = self.X @ W.T  # (exemples, copies)
        return np.mean(np.logaddexp(0, z) - self.y[:, None] * z, axis=0)

    def batch_grad(self, W, batches=None):
        if batches is None:
            p = 0.5 * (1 + np.tanh(0.5 * (self.X @ W.T)))
            return (self.X.T @ (p - self.y[:, None])).T / self.n_samples
        Xb, yb = self.X[batches], self.y[batches]
        p = 0.5 * (1 + np.tanh(0.5 * np.einsum("sbd,sd->sb", Xb, W)))
        return np.einsum("sbd,sb->sd", Xb, p - yb) / batches.shape[1]

    def accuracy(self, w):
        return float(np.mean((self.X @ w > 0) == (self.y == 1)))


def logistic_solution(model, steps=50, tol=1e-10):
    r"""Les poids qui minimisent la loss d'une ``LogisticRegression``, par la méthode de Newton.

    Chaque itération résout :math:`H \delta = \nabla L` avec
    :math:`H = X^\top \mathrm{diag}(p (1 - p)) X / N`. Sur des données séparables, la loss n'a
    pas de minimum fini (agrandir les poids la fait toujours baisser) : si les poids trouvés
    classent tous les exemples sans erreur, ou si Newton ne converge pas, la fonction lève une
    ``ValueError`` au lieu de rendre des poids qui s'envolent.
    """
    X = model.X
    w = np.zeros(X.shape[1])
    for _ in range(steps):
        p = 0.5 * (1 + np.tanh(0.5 * (X @ w)))
        hessian = X.T @ (X * (p * (1 - p))[:, None]) / model.n_samples
        w = w - np.linalg.solve(hessian, model.grad(w))
        if np.linalg.norm(model.grad(w)) < tol:
            break
    else:
        raise ValueError(
            f"Newton n'a pas convergé en {steps} itérations (gradient de norme {np.linalg.norm(model.grad(w)):.1e}) : "
            "les données sont-elles séparables ?"
        )
    if model.accuracy(w) == 1.0:
        raise ValueError("Ces poids classent tous les exemples sans erreur : les données sont séparables, "
                         "la loss n'a pas de minimum fini")
    return w
