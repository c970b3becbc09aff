"""Plusieurs exécutions indépendantes d'un même optimizer, calculées d'un seul coup.

Pour dire si un réglage bat un autre sur des mini-batches, une exécution ne suffit pas : le
hasard des mini-batches pèse autant que le réglage. ``run_replicas`` fait tourner ``S`` copies
d'une régression linéaire, chacune avec sa propre suite de mini-batches (une graine chacune),
en rangeant leurs poids dans un tableau ``(S, d)``. Les optimizers d'``optim_lib`` agissent
coefficient par coefficient : chaque ligne du tableau évolue exactement comme dans un appel
séparé à ``run`` avec la même graine, pour un temps de calcul proche de celui d'une seule.
"""

import numpy as np

from .data import LinearRegression, minibatches

__all__ = ["run_replicas"]


def run_replicas(optimizer, model, steps, batch_size, seeds, explode=1e6):
    """Fait ``steps`` pas de ``optimizer`` sur ``model`` pour chaque graine de ``seeds``.

    ``model`` est une ``LinearRegression`` ; ``batch_size`` doit diviser son nombre d'exemples,
    pour que toutes les copies voient des mini-batches de même taille. Rend un tableau
    ``(steps + 1, S)`` : la loss sur tout le jeu de données de chaque copie après chaque pas.
    Une copie dont la loss dépasse ``explode`` fois sa valeur de départ (au moins 1) est arrêtée,
    comme dans ``run`` : sa loss vaut ``inf`` à partir de ce pas.
    """
    if not isinstance(model, LinearRegression):
        raise ValueError(f"run_replicas attend une LinearRegression, pas {type(model).__name__}")
    if not (isinstance(steps, int) and steps >= 0):
        raise ValueError(f"steps invalide : {steps!r} (doit être un entier positif ou nul)")
    n = model.n_samples
    if not (isinstance(batch_size, int) and 1 <= batch_size <= n and n % batch_size == 0):
        raise ValueError(f"batch_size invalide : {batch_size!r} (doit diviser le nombre d'exemples, {n})")
    seeds = list(seeds)
    if not seeds:
        raise ValueError("seeds est vide : il faut au moins une graine")

    X, y = model.X, model.y
    streams = [minibatches(n, batch_size, np.random.default_rng(seed)) for seed in seeds]
    W = np.tile(np.asarray(model.start, dtype=float), (len(seeds), 1))

    def full_losses(W):
        return 0.5 * np.mean((X @ W.T - y[:, None]) ** 2, axis=0)

    optimizer.reset()
    losses = [full_losses(W)]
    limit = explode * np.maximum(1.0, losses[0])
    alive = np.ones(len(seeds), dtype=bool)
    for _ in range(steps):
        batches = np.stack([next(stream) for stream in streams])  # (S, B)
        Xb, yb = X[batches], y[batches]  # (S, B, d), (S, B)
        residual = np.einsum("sbd,sd->sb", Xb, W) - yb
        G = np.einsum("sbd,sb->sd", Xb, residual) / batch_size
        # Une copie arrêtée ne reçoit plus de gradient : ses poids restent finis au lieu de
        # déborder, et, chaque coefficient évoluant pour son propre compte, elle ne touche pas
        # aux autres copies.
        G[~alive] = 0.0
        optimizer.step(W, G)
        loss = full_losses(W)
        alive &= np.isfinite(loss) & (loss <= limit)
        losses.append(np.where(alive, loss, np.inf))
        if not alive.any():  # toutes arrêtées : inutile de continuer le calcul
            break
    losses += [np.full(len(seeds), np.inf)] * (steps + 1 - len(losses))
    return np.array(losses)
