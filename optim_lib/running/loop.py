"""La boucle d'optimisation : un optimizer, un problème, un nombre de pas, une trajectoire.

``minibatches`` tire les indices des mini-batches : chaque époque parcourt les données dans un
ordre neuf, tiré avec une graine.
"""

import math
from dataclasses import dataclass

import numpy as np

__all__ = ["Trajectory", "run", "minibatches"]


@dataclass
class Trajectory:
    """Ce qu'a fait une exécution de ``run``.

    ``params[k]`` et ``losses[k]`` sont les paramètres (aplatis) et la loss sur tout le jeu de
    données après ``k`` pas ; ``examples[k]`` le nombre d'exemples vus jusque-là. Une exécution
    qui diverge s'arrête au dernier point fini : ``diverged`` vaut alors ``True`` et ``message``
    dit où et pourquoi.
    """

    params: np.ndarray
    losses: np.ndarray
    examples: np.ndarray
    diverged: bool = False
    message: str = ""

    @property
    def final_loss(self):
        return float(self.losses[-1])

    @property
    def final_params(self):
        return self.params[-1]


def run(optimizer, problem, steps, start=None, batch_size=None, seed=0, explode=1e6, record_params=True,
        schedule=None):
    """Fait ``steps`` pas de ``optimizer`` sur ``problem`` et rend la ``Trajectory``.

    ``start`` remplace le point de départ du problème (un tableau ou une liste de tableaux,
    copiés : l'original n'est pas modifié). Avec ``batch_size``, chaque pas utilise le gradient
    d'un mini-batch tiré au hasard (``seed``) ; sinon, le gradient exact. L'exécution s'arrête
    proprement si la loss ou les paramètres cessent d'être finis, ou si la loss dépasse
    ``explode`` fois sa valeur de départ (au moins 1).

    Avec ``schedule`` (un calendrier, voir ``optim_lib.schedules``), le learning rate du pas ``t``
    vaut ``schedule(t)`` : la boucle écrit ``optimizer.lr`` avant chaque pas, puis remet le ``lr``
    d'origine à la fin, même après une erreur.
    """
    if not (isinstance(steps, int) and steps >= 0):
        raise ValueError(f"steps invalide : {steps!r} (doit être un entier positif ou nul)")
    if schedule is not None and not hasattr(optimizer, "lr"):
        raise ValueError(f"{type(optimizer).__name__} n'a pas de learning rate (attribut lr) : pas de calendrier possible")
    params = problem.start if start is None else start
    params = [p.astype(float) for p in params] if isinstance(params, (list, tuple)) else np.array(params, dtype=float)
    if batch_size is None:
        batches = iter(lambda: None, 0)  # toujours None : le gradient sur tout le jeu de données
    elif problem.n_samples is None:
        raise ValueError(f"batch_size={batch_size!r} : le problème {problem.name!r} n'a pas de données")
    else:
        batches = minibatches(problem.n_samples, batch_size, np.random.default_rng(seed))

    base_lr = getattr(optimizer, "lr", None)
    optimizer.reset()
    loss = problem.loss(params)
    limit = explode * max(1.0, abs(loss))
    history, losses, examples = [_flatten(params)], [loss], [0]
    message = ""
    try:
        for step in range(1, steps + 1):
            if schedule is not None:
                optimizer.lr = _scheduled_lr(schedule, step)
            batch = next(batches)
            g = problem.grad(params, batch)
            if not all(np.isfinite(gi).all() for gi in _as_list(g)):
                message = f"Divergence au pas {step} : le gradient n'est plus fini."
                break
            optimizer.step(params, g)
            loss = problem.loss(params)
            if not math.isfinite(loss) or loss > limit:
                message = f"Divergence au pas {step} : la loss vaut {loss:.3g}, contre {losses[0]:.3g} au départ."
                break
            if record_params:
                history.append(_flatten(params))
            losses.append(loss)
            examples.append(examples[-1] + (len(batch) if batch is not None else problem.n_samples or 0))
    finally:
        if schedule is not None:
            optimizer.lr = base_lr

    return Trajectory(
        params=np.array(history) if record_params else np.empty((0, 0)),
        losses=np.array(losses),
        examples=np.array(examples),
        diverged=bool(message),
        message=message,
    )


def _scheduled_lr(schedule, step):
    lr = schedule(step)
    if not (math.isfinite(lr) and lr > 0):
        raise ValueError(f"Le calendrier {schedule!r} donne lr = {lr!r} au pas {step} : il faut un nombre fini > 0")
    return lr


def _as_list(arrays):
    return arrays if isinstance(arrays, list) else [arrays]


def _flatten(params):
    if isinstance(params, np.ndarray):
        return params.ravel().copy()  # le cas courant (une fonction de test), trois fois plus rapide
    return np.concatenate([p.ravel() for p in params])


def minibatches(n_samples, batch_size, rng):
    """Indices de mini-batches, sans fin : chaque passe (époque) parcourt les données dans un ordre neuf.

    Le dernier mini-batch d'une passe peut être plus petit, comme avec ``drop_last=False`` dans
    PyTorch.
    """
    if not 1 <= batch_size <= n_samples:
        raise ValueError(f"batch_size invalide : {batch_size!r} (doit être entre 1 et {n_samples})")
    while True:
        order = rng.permutation(n_samples)
        for start in range(0, n_samples, batch_size):
            yield order[start : start + batch_size]
