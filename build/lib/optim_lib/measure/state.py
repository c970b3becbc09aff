"""Garder l'état d'un optimizer à chaque pas, et en tirer son learning rate effectif.

``StateRecorder`` s'utilise à la place d'un optimizer, dans ``run`` comme ailleurs : il fait les
mêmes pas et note au passage les gradients et l'état (``G``, ``S``...). ``effective_lr`` en déduit,
pour les optimizers dont le pas est proportionnel au gradient, le facteur par paramètre
:math:`c_t` tel que :math:`\\Delta\\theta_t = -c_t \\odot g_t`.
"""

import numpy as np

from ..optimizers import SGD, AdaDelta, AdaDeltaTorch, Adagrad, RMSProp, RMSPropTorch

__all__ = ["StateRecorder", "effective_lr"]


def _flatten(arrays):
    return np.concatenate([np.ravel(a) for a in arrays])


class StateRecorder:
    """Un optimizer qui garde la trace de ses gradients et de son état, pas après pas.

    ``grads[t - 1]`` est le gradient (aplati) reçu au pas ``t`` ; ``state(name)[t]`` la valeur de
    l'état ``name`` après ``t`` pas, avec à l'indice 0 l'état de départ (des zéros).
    """

    def __init__(self, optimizer):
        self.optimizer = optimizer
        self.reset()

    def reset(self):
        self.optimizer.reset()
        self._grads = []
        self._states = []

    def step(self, params, grads):
        self.optimizer.step(params, grads)
        arrays = grads if isinstance(grads, (list, tuple)) else [grads]
        self._grads.append(_flatten(arrays))
        state = {name: _flatten([s[name] for s in self.optimizer.state]) for name in self.optimizer.state_names}
        if not self._states:
            self._states.append({name: np.zeros_like(a) for name, a in state.items()})
        self._states.append(state)

    @property
    def t(self):
        return self.optimizer.t

    @property
    def grads(self):
        return np.array(self._grads)

    def state(self, name):
        if name not in self.optimizer.state_names:
            raise ValueError(
                f"{type(self.optimizer).__name__} n'a pas d'état {name!r} (il a : {', '.join(self.optimizer.state_names) or 'aucun'})"
            )
        return np.array([s[name] for s in self._states])

    def __repr__(self):
        return f"StateRecorder({self.optimizer!r})"


def effective_lr(recorder):
    """Le learning rate effectif de chaque paramètre à chaque pas : un tableau (pas, paramètres).

    C'est le facteur :math:`c_t` de :math:`\\Delta\\theta_t = -c_t \\odot g_t`, lu dans l'état :
    :math:`\\alpha / \\sqrt{G_t + \\epsilon}` pour Adagrad et RMSProp,
    :math:`\\sqrt{S_{t-1} + \\epsilon} / \\sqrt{G_t + \\epsilon}` pour AdaDelta (le :math:`S` d'avant
    le pas). Pour momentum ou Adam le pas n'est pas proportionnel au gradient : pas de tel facteur.
    """
    opt = recorder.optimizer
    steps = len(recorder.grads)
    if isinstance(opt, (AdaDelta, AdaDeltaTorch)):
        G, S = recorder.state("G")[1:], recorder.state("S")[:-1]
        factor = np.sqrt(S + opt.eps) / np.sqrt(G + opt.eps)
        return opt.lr * factor if isinstance(opt, AdaDeltaTorch) else factor
    if isinstance(opt, RMSPropTorch):
        return opt.lr / (np.sqrt(recorder.state("G")[1:]) + opt.eps)
    if isinstance(opt, (Adagrad, RMSProp)):
        return opt.lr / np.sqrt(recorder.state("G")[1:] + opt.eps)
    if type(opt) is SGD:
        return np.full((steps, recorder.grads.shape[1] if steps else 0), opt.lr)
    raise ValueError(
        f"Pas de learning rate effectif pour {type(opt).__name__} : son pas n'est pas proportionnel au gradient"
    )
