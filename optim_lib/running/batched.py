"""Beaucoup d'exécutions d'un coup : des copies d'un problème, chacune avec sa graine et ses réglages.

Pour dire si un réglage bat un autre, une exécution ne suffit pas : le hasard des mini-batches (et
du départ, pour un réseau) pèse autant que le réglage. ``run_batched`` fait tourner en une fois
toutes les combinaisons d'une grille d'hyperparamètres et d'une liste de graines. Les paramètres
des copies forment un seul tableau, une copie par ligne, et chaque hyperparamètre de la grille
devient une colonne ``(copies, 1)`` : les optimizers d'``optim_lib`` agissent coefficient par
coefficient, si bien que chaque ligne évolue comme dans un appel séparé à ``run`` avec la même
graine (aux derniers bits près : un produit de matrices groupé n'additionne pas toujours dans le
même ordre), pour un temps de calcul proche de celui d'une seule exécution.

Chaque graine tire ses mini-batches comme ``run`` (``minibatches`` avec ``default_rng(graine)``) :
à graine égale, deux réglages voient les mêmes mini-batches dans le même ordre.
"""

import itertools
from dataclasses import dataclass

import numpy as np

from .loop import _scheduled_lr

__all__ = ["BatchedRuns", "run_batched"]


@dataclass
class BatchedRuns:
    """Ce qu'a fait ``run_batched`` : une colonne par copie.

    ``settings[k]`` est le dictionnaire des hyperparamètres de la copie ``k`` et ``seeds[k]`` sa
    graine. ``losses[i, k]`` est sa loss sur tout le jeu de données au pas ``steps[i]`` (``inf``
    une fois qu'elle a divergé) ; ``diverged[k]`` dit si elle a divergé, ``params`` rend ses
    paramètres finaux (aplatis, une ligne par copie) ou, avec ``history=True``, ceux de chaque pas
    ``(pas + 1, copies, dim)``.
    """

    settings: list
    seeds: np.ndarray
    steps: np.ndarray
    losses: np.ndarray
    diverged: np.ndarray
    params: np.ndarray

    @property
    def final_losses(self):
        return self.losses[-1]

    def grid(self, values):
        """``values`` (un tableau par copie, sur le dernier axe) rangé en ``(réglages, graines)``.

        Les copies sont rangées réglage par réglage, chaque réglage avec toutes ses graines.
        """
        values = np.asarray(values)
        n_seeds = len(np.unique(self.seeds))
        return values.reshape(*values.shape[:-1], -1, n_seeds)


def run_batched(make_optimizer, problem, steps, seeds=(0,), grid=None, batch_size=None, starts=None,
                schedule=None, loss_every=1, explode=1e6, history=False):
    """Fait ``steps`` pas de chaque combinaison (réglage de ``grid``, graine de ``seeds``) ; rend ``BatchedRuns``.

    ``grid`` associe à des noms d'hyperparamètres des listes de valeurs (``{"lr": [0.01, 0.1]}``) ;
    ``make_optimizer(**colonnes)`` reçoit chaque nom avec une colonne ``(copies, 1)`` de valeurs
    et rend un optimizer. Sans ``grid``, ``make_optimizer()`` est appelé sans argument.

    ``starts(graine)`` donne le point de départ d'une copie (par exemple les poids d'un réseau tirés
    avec cette graine) ; par défaut, toutes partent de ``problem.start``. Avec ``batch_size``,
    chaque pas utilise un mini-batch par copie ; sinon, le gradient exact. ``schedule`` est un
    facteur du learning rate au pas ``t`` (un calendrier de ``schedules`` construit avec
    ``lr=1``) : le learning rate de chaque copie au pas ``t`` vaut son ``lr`` fois ``schedule(t)``.

    La loss sur tout le jeu de données est notée tous les ``loss_every`` pas (et au dernier) : pour
    un réseau, c'est souvent le plus cher d'un pas. Une copie dont les paramètres cessent d'être
    finis, ou dont la loss notée dépasse ``explode`` fois sa valeur de départ (au moins 1), est
    arrêtée : elle ne reçoit plus de gradient, et sa loss vaut ``inf`` à partir de là.
    """
    if not (isinstance(steps, int) and steps >= 0):
        raise ValueError(f"steps invalide : {steps!r} (doit être un entier positif ou nul)")
    if not (isinstance(loss_every, int) and loss_every >= 1):
        raise ValueError(f"loss_every invalide : {loss_every!r} (doit être un entier strictement positif)")
    seeds = list(seeds)
    if not seeds:
        raise ValueError("seeds est vide : il faut au moins une graine")
    grid = dict(grid or {})
    settings = [dict(zip(grid, values)) for values in itertools.product(*grid.values())] or [{}]
    copies = [(setting, seed) for setting in settings for seed in seeds]
    columns = {name: np.array([[s[name]] for s, _ in copies], dtype=float) for name in grid}
    optimizer = make_optimizer(**columns)
    if schedule is not None and "lr" not in columns:
        raise ValueError("un calendrier demande que la grille contienne lr")

    flat_start = _flatten(problem.start)
    if starts is None:
        W = np.tile(flat_start, (len(copies), 1))
    else:
        W = np.array([_flatten(starts(seed)) for _, seed in copies], dtype=float)
    copy_seeds = np.array([seed for _, seed in copies])
    batches = _Batches(problem, batch_size, seeds, copy_seeds)

    optimizer.reset()
    losses = [_batch_loss(problem, W)]
    recorded = [0]
    limit = explode * np.maximum(1.0, losses[0])
    alive = np.isfinite(losses[0])
    visited = [W.copy()] if history else None
    for step in range(1, steps + 1):
        if schedule is not None:
            optimizer.lr = columns["lr"] * _scheduled_lr(schedule, step)  # un facteur, vérifié comme un lr
        # Une copie arrêtée ne reçoit plus de gradient : ses paramètres restent finis au lieu de
        # déborder, et, chaque coefficient évoluant pour son propre compte, elle ne touche pas aux
        # autres. Les débordements de ses calculs ne sont pas des erreurs : elle est déjà écartée.
        with np.errstate(over="ignore", invalid="ignore"):
            G = _batch_grad(problem, W, batches.next())
            stopped = ~(alive & np.isfinite(G).all(axis=1))
            if stopped.any():
                G[stopped] = 0.0
            optimizer.step(W, G)
            alive &= np.isfinite(W).all(axis=1)
            if step % loss_every == 0 or step == steps:
                loss = _batch_loss(problem, W)
                alive &= np.isfinite(loss) & (loss <= limit)
                losses.append(np.where(alive, loss, np.inf))
                recorded.append(step)
        if history:
            visited.append(W.copy())
    if schedule is not None:
        optimizer.lr = columns["lr"]
    return BatchedRuns(
        settings=[s for s, _ in copies],
        seeds=copy_seeds,
        steps=np.array(recorded),
        losses=np.array(losses),
        diverged=~alive,
        params=np.array(visited) if history else W,
    )


class _Batches:
    """Les mini-batches de chaque copie : ceux que ``minibatches`` tirerait avec sa graine.

    Les copies de même graine partagent leurs indices ; une époque neuve tire une permutation par
    graine. Toutes les copies ont la même taille de batch au même pas, ce qui permet de les empiler.
    """

    def __init__(self, problem, batch_size, seeds, copy_seeds):
        self.batch_size = batch_size
        if batch_size is None:
            return
        n = problem.n_samples
        if n is None:
            raise ValueError(f"batch_size={batch_size!r} : le problème {problem.name!r} n'a pas de données")
        if not (isinstance(batch_size, int) and 1 <= batch_size <= n):
            raise ValueError(f"batch_size invalide : {batch_size!r} (doit être entre 1 et {n})")
        distinct = list(dict.fromkeys(seeds))
        self.rows = np.array([distinct.index(seed) for seed in copy_seeds])
        self.rngs = [np.random.default_rng(seed) for seed in distinct]
        self.n, self.position, self.order = n, n, None  # épuisé : le premier pas ouvre une époque

    def next(self):
        if self.batch_size is None:
            return None
        if self.position >= self.n:
            self.order = np.stack([rng.permutation(self.n) for rng in self.rngs])
            self.position = 0
        batch = self.order[self.rows, self.position : self.position + self.batch_size]
        self.position += self.batch_size
        return batch


def _flatten(params):
    if isinstance(params, (list, tuple)):
        return np.concatenate([np.ravel(p) for p in params]).astype(float)
    return np.ravel(np.asarray(params, dtype=float)).copy()


def _batch_loss(problem, W):
    """La loss de chaque copie (une par ligne de ``W``) : par ``problem.batch_loss``, ou copie par copie."""
    if hasattr(problem, "batch_loss"):
        return problem.batch_loss(W)
    return np.array([problem.loss(_unflatten(problem, w)) for w in W])


def _batch_grad(problem, W, batches):
    if hasattr(problem, "batch_grad"):
        return problem.batch_grad(W, batches)
    rows = [problem.grad(_unflatten(problem, w), None if batches is None else b)
            for w, b in zip(W, batches if batches is not None else itertools.repeat(None))]
    return np.array([_flatten(g) for g in rows])


def _unflatten(problem, w):
    if isinstance(problem.start, (list, tuple)):
        ends = np.cumsum([p.size for p in problem.start])[:-1]
        return [part.reshape(p.shape) for part, p in zip(np.split(w, ends), problem.start)]
    return w.reshape(np.shape(problem.start))
