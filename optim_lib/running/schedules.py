"""Faire varier le learning rate pendant l'entraînement, et le choisir par un test de plage.

Un calendrier (*schedule*) est un objet qu'on appelle avec le numéro du pas ``t`` (1 pour le
premier, comme le compteur des optimizers) et qui rend le learning rate de ce pas.
On le passe à la boucle : ``run(..., schedule=calendrier)`` écrit ``optimizer.lr = schedule(t)``
avant chaque pas. ``lr_range_test`` fait monter le learning rate géométriquement pendant un seul
entraînement et note la loss à chaque pas (Smith, 2017).
"""

import math
from dataclasses import dataclass

import numpy as np

from ..optimizers.base import _check_positive
from .loop import run

__all__ = ["Constant", "StepDecay", "Cosine", "WarmUp", "Geometric", "warmup_cosine", "lr_range_test", "RangeTest"]


def _check_steps(name, value):
    if not (isinstance(value, int) and not isinstance(value, bool) and value >= 1):
        raise ValueError(f"Valeur invalide pour {name} : {value!r} (doit être un entier strictement positif)")


class Constant:
    """Le même learning rate à chaque pas."""

    def __init__(self, lr):
        _check_positive("lr", lr)
        self.lr = lr

    def __call__(self, t):
        return self.lr

    def __repr__(self):
        return f"Constant(lr={self.lr:g})"


class StepDecay:
    r"""Décroissance par paliers : :math:`\alpha_t = \alpha_0 \, \gamma^{\lfloor (t-1)/k \rfloor}`.

    Le learning rate est multiplié par ``gamma`` tous les ``step_size`` pas (:math:`k`), comme
    ``torch.optim.lr_scheduler.StepLR`` appelé après chaque pas.
    """

    def __init__(self, lr, step_size, gamma=0.1):
        _check_positive("lr", lr)
        _check_steps("step_size", step_size)
        if not (isinstance(gamma, (int, float)) and 0 < gamma <= 1):
            raise ValueError(f"Valeur invalide pour gamma : {gamma!r} (doit être dans ]0, 1])")
        self.lr, self.step_size, self.gamma = lr, step_size, gamma

    def __call__(self, t):
        return self.lr * self.gamma ** ((t - 1) // self.step_size)

    def __repr__(self):
        return f"StepDecay(lr={self.lr:g}, step_size={self.step_size}, gamma={self.gamma:g})"


class Cosine:
    r"""Décroissance en cosinus : :math:`\alpha_t = \alpha_{\min} + \frac{\alpha_0 - \alpha_{\min}}{2}\left(1 + \cos\frac{\pi (t-1)}{T}\right)`.

    Le learning rate descend en douceur de ``lr`` (:math:`\alpha_0`) vers ``min_lr`` en
    ``total_steps`` pas (:math:`T`), puis y reste. Jusqu'au pas :math:`T + 1`, ce sont les valeurs de
    ``torch.optim.lr_scheduler.CosineAnnealingLR(T_max=T, eta_min=min_lr)`` appelé après chaque pas ;
    au-delà, celui-ci suit le cosinus et remonte, quand ``Cosine`` reste au minimum.
    """

    def __init__(self, lr, total_steps, min_lr=0.0):
        _check_positive("lr", lr)
        _check_steps("total_steps", total_steps)
        if not (isinstance(min_lr, (int, float)) and 0 <= min_lr < lr):
            raise ValueError(f"Valeur invalide pour min_lr : {min_lr!r} (doit être dans [0, lr))")
        self.lr, self.total_steps, self.min_lr = lr, total_steps, min_lr

    def __call__(self, t):
        progress = min(t - 1, self.total_steps) / self.total_steps
        return self.min_lr + 0.5 * (self.lr - self.min_lr) * (1 + math.cos(math.pi * progress))

    def __repr__(self):
        return f"Cosine(lr={self.lr:g}, total_steps={self.total_steps}, min_lr={self.min_lr:g})"


class WarmUp:
    r"""Échauffement linéaire, puis un autre calendrier.

    Pendant les ``warmup_steps`` premiers pas (:math:`w`), :math:`\alpha_t = \frac{t}{w} \alpha_{\text{après}}(1)` ;
    ensuite, le calendrier ``then`` (un nombre pour un learning rate constant) reprend à son premier
    pas : :math:`\alpha_t = \alpha_{\text{après}}(t - w)`.
    """

    def __init__(self, then, warmup_steps):
        if isinstance(then, (int, float)) and not isinstance(then, bool):
            then = Constant(then)
        if not callable(then):
            raise ValueError(f"Valeur invalide pour then : {then!r} (un learning rate ou un calendrier)")
        _check_steps("warmup_steps", warmup_steps)
        self.then, self.warmup_steps = then, warmup_steps

    def __call__(self, t):
        if t <= self.warmup_steps:
            return self.then(1) * t / self.warmup_steps
        return self.then(t - self.warmup_steps)

    def __repr__(self):
        return f"WarmUp({self.then!r}, warmup_steps={self.warmup_steps})"


def warmup_cosine(steps, warmup_fraction=0.05):
    """Le calendrier des comparaisons : un facteur (lr = 1) qui monte linéairement sur ``warmup_fraction``
    des pas (au moins un), puis descend le long d'un cosinus de ``steps`` pas, commencé après
    l'échauffement : au dernier pas, il vaut encore un peu plus que zéro (0.007 pour 300 pas).

    À multiplier par le learning rate de chaque optimizer (``schedule=`` de ``run_batched`` ou ``compare``) :
    tous suivent ainsi la même forme de calendrier.
    """
    return WarmUp(Cosine(1.0, total_steps=steps), warmup_steps=max(1, int(steps * warmup_fraction)))


class Geometric:
    r"""Une montée géométrique de ``min_lr`` à ``max_lr`` en ``steps`` pas : celle du test de plage.

    :math:`\alpha_t = \alpha_{\min} \left(\alpha_{\max} / \alpha_{\min}\right)^{(t-1)/(K-1)}`, avec
    :math:`K` = ``steps`` : chaque pas multiplie le learning rate par le même facteur.
    """

    def __init__(self, min_lr, max_lr, steps):
        _check_positive("min_lr", min_lr)
        _check_positive("max_lr", max_lr)
        if not max_lr > min_lr:
            raise ValueError(f"max_lr ({max_lr!r}) doit être plus grand que min_lr ({min_lr!r})")
        if not (isinstance(steps, int) and steps >= 2):
            raise ValueError(f"Valeur invalide pour steps : {steps!r} (doit être un entier au moins égal à 2)")
        self.min_lr, self.max_lr, self.steps = min_lr, max_lr, steps

    def __call__(self, t):
        return self.min_lr * (self.max_lr / self.min_lr) ** ((t - 1) / (self.steps - 1))

    def __repr__(self):
        return f"Geometric(min_lr={self.min_lr:g}, max_lr={self.max_lr:g}, steps={self.steps})"


@dataclass
class RangeTest:
    """Le résultat d'un test de plage : ``losses[k]`` est la loss après le pas fait avec ``lrs[k]``.

    ``best_lr`` est le learning rate du pas où la loss est la plus basse, juste avant qu'elle ne
    remonte ; ``suggested_lr`` le dixième de ``best_lr``, la règle habituelle pour garder une marge
    sous la limite de stabilité. ``stopped`` dit si le test s'est arrêté parce que la loss s'envolait.
    """

    lrs: np.ndarray
    losses: np.ndarray
    best_lr: float
    suggested_lr: float
    stopped: bool


def lr_range_test(optimizer, problem, min_lr=1e-5, max_lr=10.0, steps=100, batch_size=None, seed=0,
                  stop_factor=4.0, margin=10.0):
    """Le test de plage du learning rate (Smith, 2017), en un seul entraînement.

    Le learning rate monte géométriquement de ``min_lr`` à ``max_lr`` en ``steps`` pas ; la loss
    (sur tout le jeu d'entraînement) est notée après chaque pas. Le test s'arrête dès qu'elle
    dépasse ``stop_factor`` fois sa valeur de départ (au moins 1). On rend les learning rates, les
    losses, celui du minimum (``best_lr``) et ``best_lr / margin`` (``suggested_lr``).
    """
    if not (isinstance(margin, (int, float)) and margin >= 1):
        raise ValueError(f"Valeur invalide pour margin : {margin!r} (doit être au moins 1)")
    schedule = Geometric(min_lr, max_lr, steps)
    trajectory = run(optimizer, problem, steps, batch_size=batch_size, seed=seed, explode=stop_factor,
                     record_params=False, schedule=schedule)
    losses = trajectory.losses[1:]
    lrs = np.array([schedule(t) for t in range(1, len(losses) + 1)])
    if losses.size == 0:
        raise ValueError(f"La loss s'envole dès le premier pas, à lr = {min_lr:g} : prenez un min_lr plus petit")
    best_lr = float(lrs[np.argmin(losses)])
    return RangeTest(lrs=lrs, losses=losses, best_lr=best_lr, suggested_lr=best_lr / margin,
                     stopped=trajectory.diverged)

