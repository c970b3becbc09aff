"""Des problèmes faits d'un autre : mis à l'échelle, ou vus comme une surface à dessiner."""

import numpy as np

from .models import LinearRegression

__all__ = ["ScaledProblem", "LossSurface"]


class ScaledProblem:
    r"""Le problème ``problem`` dont la loss et le gradient sont multipliés par ``factor``.

    Le minimum ne bouge pas ; seule l'échelle des gradients change. C'est ce qui arrive quand on
    change l'unité de la loss, ou d'une couche à l'autre d'un réseau.
    """

    def __init__(self, problem, factor):
        if not (np.isfinite(factor) and factor > 0):
            raise ValueError(f"factor invalide : {factor!r} (doit être un nombre fini strictement positif)")
        self.problem = problem
        self.factor = factor
        self.start = problem.start
        self.n_samples = problem.n_samples
        self.name = f"{problem.name} (× {factor:g})"

    def loss(self, params):
        return self.factor * self.problem.loss(params)

    def grad(self, params, batch=None):
        return self.factor * self.problem.grad(params, batch)

    def batch_loss(self, W):
        return self.factor * self.problem.batch_loss(W)

    def batch_grad(self, W, batches=None):
        return self.factor * self.problem.batch_grad(W, batches)

    def __repr__(self):
        return f"ScaledProblem({self.problem!r}, factor={self.factor!r})"


class LossSurface:
    """Un modèle à deux paramètres vu comme une surface : on peut l'optimiser et le dessiner.

    ``run`` l'utilise comme le modèle (``start``, ``n_samples``, ``loss``, ``grad``) ;
    ``plot_contour`` et ``plot_trajectories`` y trouvent ``bounds``, ``minimum`` et ``value``,
    la loss sur tout le jeu de données en chaque point d'une grille. ``minimum`` vient de
    ``model.solution()`` s'il existe, sinon doit être donné. ``axis_labels`` nomme les deux
    paramètres sur les figures.
    """

    def __init__(self, model, bounds, minimum=None, name=None, axis_labels=("$w_0$", "$w_1$")):
        if len(model.start) != 2:
            raise ValueError(f"LossSurface demande un modèle à 2 paramètres, pas {len(model.start)}")
        self.model = model
        self.bounds = bounds
        self.minimum = np.array(model.solution() if minimum is None else minimum, dtype=float)
        self.name = model.name if name is None else name
        self.axis_labels = axis_labels
        self.start = model.start
        self.n_samples = model.n_samples

    def loss(self, theta):
        return self.model.loss(theta)

    def grad(self, theta, batch=None):
        return self.model.grad(theta, batch)

    def batch_loss(self, W):
        return self.model.batch_loss(W)

    def batch_grad(self, W, batches=None):
        return self.model.batch_grad(W, batches)

    def value(self, x, y):
        x, y = np.broadcast_arrays(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
        if isinstance(self.model, LinearRegression):
            # La loss est quadratique : L(w) = L(w*) + ½ (w - w*)ᵀ A (w - w*), avec A = XᵀX / N.
            A = self.model.X.T @ self.model.X / self.model.n_samples
            dx, dy = x - self.minimum[0], y - self.minimum[1]
            quadratic = A[0, 0] * dx**2 + 2 * A[0, 1] * dx * dy + A[1, 1] * dy**2
            return self.model.loss(self.minimum) + 0.5 * quadratic
        flat = [self.model.loss(np.array(point)) for point in zip(x.ravel(), y.ravel())]
        return np.reshape(flat, x.shape)

    def __repr__(self):
        return f"LossSurface({self.model.name!r})"
