"""Ce que tous les optimizers partagent : la vérification des hyperparamètres, l'état, le pas.

``Optimizer.step(params, grads)`` accepte un tableau numpy float64 ou une liste de tableaux (les
couches d'un modèle). Il vérifie tout avant de toucher à quoi que ce soit : un hyperparamètre, un
gradient ou une forme invalide lève ``ValueError`` et ne change ni les paramètres ni l'état.

Un hyperparamètre numérique peut être un tableau plutôt qu'un nombre : une valeur par copie d'un
problème, quand ``optim_lib.running.run_batched`` fait avancer ensemble plusieurs copies (une ligne
de paramètres par copie, une ligne d'hyperparamètres de forme ``(copies, 1)``). Chaque valeur est
vérifiée, et le message d'erreur nomme celle qui ne va pas.
"""

import math
import numbers

import numpy as np

__all__ = ["Optimizer"]


def _invalid(name, value, index, rule):
    where = f"{name}[{', '.join(map(str, index))}] = {value!r}" if index is not None else f"{name} : {value!r}"
    raise ValueError(f"Valeur invalide pour {where} ({rule})")


def _check_values(name, value, accept, rule):
    """Vérifie un nombre réel, ou chaque élément d'un tableau de réels, avec ``accept``."""
    if isinstance(value, np.ndarray) and value.dtype.kind in "fiu":
        for index, element in np.ndenumerate(value):
            if not (math.isfinite(element) and accept(element)):
                _invalid(name, float(element), index, rule)
        return
    if not (isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value) and accept(value)):
        _invalid(name, value, None, rule)


def _check_positive(name, value):
    _check_values(name, value, lambda v: v > 0, "doit être un nombre fini strictement positif")


def _check_non_negative(name, value):
    _check_values(name, value, lambda v: v >= 0, "doit être un nombre fini positif ou nul")


def _check_decay(name, value):
    _check_values(name, value, lambda v: 0 <= v < 1, "doit être dans [0, 1)")


def _check_betas(betas):
    if not (isinstance(betas, (tuple, list)) and len(betas) == 2):
        raise ValueError(f"Valeur invalide pour betas : {betas!r} (doit être un couple (beta1, beta2))")
    _check_decay("betas[0]", betas[0])
    _check_decay("betas[1]", betas[1])
    return tuple(betas)


class Optimizer:
    """Base commune : vérifications, état par paramètre et compteur de pas ``t``.

    Une sous-classe définit ``state_names`` (les noms de son état, comme dans la formule) et
    ``update(theta, g, t, **state)``, qui rend ``(theta, state)``.
    """

    state_names = ()

    def __init__(self):
        self.reset()

    def reset(self):
        """Oublie l'état : le prochain pas repart de zéro, comme un optimizer neuf."""
        self.state = None
        self.t = 0

    def init(self, params):
        """Crée l'état (des zéros de la forme de chaque paramètre) sans faire de pas."""
        params = _as_list(params, "params")
        self.state = [{name: np.zeros_like(p) for name in self.state_names} for p in params]
        self.t = 0

    def step(self, params, grads):
        """Fait un pas : modifie ``params`` sur place et met à jour l'état."""
        params, grads = self._prepare(params, grads)
        t = self.t + 1
        # Tout est calculé avant d'écrire quoi que ce soit : une erreur ne laisse rien à moitié fait.
        results = [
            self.update(theta, g, t, **state)
            for theta, g, state in zip(params, grads, self.state)
        ]
        for p, (theta, _) in zip(params, results):
            p[...] = theta
        self.state = [state for _, state in results]
        self.t = t

    def _prepare(self, params, grads):
        """Vérifie paramètres et gradients, crée l'état au premier pas ; rend les deux listes."""
        params = _as_list(params, "params")
        grads = _as_list(grads, "grads")
        self._check(params, grads)
        if self.state is None:
            self.init(params)
        return params, grads

    def state_size(self):
        """Nombre de flottants gardés en mémoire par l'optimizer (sans les paramètres)."""
        if self.state is None:
            return 0
        return sum(a.size for state in self.state for a in state.values())

    def state_nbytes(self):
        """Octets de l'état de l'optimizer (sans les paramètres)."""
        if self.state is None:
            return 0
        return sum(a.nbytes for state in self.state for a in state.values())

    def _check(self, params, grads):
        if len(params) != len(grads):
            raise ValueError(
                f"{len(grads)} gradient(s) pour {len(params)} paramètre(s) : il en faut un par paramètre"
            )
        for i, (p, g) in enumerate(zip(params, grads)):
            if p.dtype != np.float64:
                raise ValueError(f"Le paramètre {i} est de type {p.dtype} : float64 attendu")
            if g.shape != p.shape:
                raise ValueError(
                    f"Le gradient du paramètre {i} a la forme {g.shape}, mais le paramètre a la forme {p.shape}"
                )
            if not np.isfinite(g).all():
                bad = g[~np.isfinite(g)].flat[0]
                raise ValueError(
                    f"Le gradient du paramètre {i} contient une valeur non finie ({bad}) : pas refusé"
                )
        if self.state is not None:
            if len(self.state) != len(params):
                raise ValueError(
                    f"L'optimizer suit {len(self.state)} paramètre(s), il en reçoit {len(params)} : appelez reset()"
                )
            for i, (p, state) in enumerate(zip(params, self.state)):
                for name, a in state.items():
                    if a.shape != p.shape:
                        raise ValueError(
                            f"Le paramètre {i} a la forme {p.shape}, mais l'état {name} a la forme {a.shape} : appelez reset()"
                        )

    def __repr__(self):
        hyper = ", ".join(f"{k}={v!r}" for k, v in self.hyperparameters().items())
        return f"{type(self).__name__}({hyper})"

    def hyperparameters(self):
        """Les hyperparamètres, tels que passés au constructeur."""
        return {k: v for k, v in vars(self).items() if k not in ("state", "t")}


def _as_list(arrays, name):
    if isinstance(arrays, np.ndarray):
        return [arrays]
    if isinstance(arrays, (list, tuple)) and all(isinstance(a, np.ndarray) for a in arrays):
        return list(arrays)
    raise ValueError(f"{name} doit être un tableau numpy ou une liste de tableaux numpy, pas {type(arrays).__name__}")
