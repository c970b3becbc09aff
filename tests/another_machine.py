"""Exécuter les notebooks comme sur un autre processeur : les derniers bits de l'arithmétique changent.

Les fonctions transcendantes de numpy (``exp``, ``log``, ``tanh``, ``power``...) passent par des
noyaux SIMD choisis selon le processeur (AVX-512, AVX2, arm64) dont les résultats diffèrent d'une
unité sur le dernier bit (ulp) ; OpenBLAS choisit lui aussi ses noyaux de produit matriciel selon le
processeur. Une sortie enregistrée qui dépend de ces derniers bits change donc d'une machine à
l'autre. Pour le voir sur une seule machine, les tests exécutent les notebooks sur « une autre
machine », imitée de trois façons à la fois :

1. chaque résultat de ces fonctions, appelées par ``numpy.<nom>``, est déplacé d'un ulp vers le
   haut ou vers le bas, ou laissé tel quel, selon un hachage de ses bits (le même calcul donne donc
   le même écart, comme sur une vraie machine) ; un résultat entier (``exp(0)``, ``log(1)``) reste
   exact, comme avec toute bibliothèque mathématique ;
2. sur x86-64, numpy n'utilise pas ses noyaux AVX2 et AVX-512 (``NPY_DISABLE_CPU_FEATURES``) :
   ce sont ceux d'une machine plus ancienne, qui arrondissent autrement, y compris pour ``**`` ;
3. sur x86-64, OpenBLAS prend les noyaux d'une autre famille de processeurs (``OPENBLAS_CORETYPE``),
   qui additionnent les produits dans un autre ordre.

Le point 1 marche sur toute plateforme (arm64 comprise) et quel que soit le processeur qui a
enregistré les sorties ; les points 2 et 3 imitent, sur x86-64, la différence réelle entre familles.

``conftest.py`` installe ce module dans les noyaux de nbval (par un fichier de démarrage IPython)
et règle les variables d'environnement : le passage de nbval sur tous les notebooks se fait ainsi
sur l'autre machine, et il échoue si une sortie enregistrée dépend des derniers bits. L'option
``pytest --same-machine`` exécute les notebooks sans rien imiter.
"""

import functools
import platform

import numpy as np

NUDGED = ("exp", "expm1", "exp2", "log", "log1p", "log2", "log10", "logaddexp", "tanh", "sinh", "cosh",
          "sin", "cos", "tan", "arctan", "arctan2", "power", "cbrt")
"""Les fonctions de numpy dont le résultat dépend du processeur (noyaux SIMD, ou libm de la plateforme)."""

# Les noyaux numpy au-delà de la base x86-64-v2 (SSE4.2) : AVX2 et FMA (X86_V3), AVX-512 (X86_V4 et plus).
DISABLED_NUMPY_FEATURES = "X86_V3 X86_V4 AVX512_ICL AVX512_SPR"
# Une famille de noyaux OpenBLAS que ni un processeur AVX2 récent (Haswell, Zen) ni un AVX-512
# (SkylakeX, Cooperlake) ne choisit de lui-même.
OPENBLAS_CORETYPE = "Sandybridge"

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)  # multiplicateur de Fibonacci : un hachage rapide des bits


def nudge(result):
    """``result`` déplacé, élément par élément, d'un ulp vers le haut, vers le bas, ou pas du tout."""
    array = np.asarray(result)
    if array.dtype != np.float64:
        return result
    bits = np.array(array, copy=True).view(np.uint64)  # une copie contiguë, qui garde la forme (même 0-d)
    with np.errstate(over="ignore"):
        direction = ((bits * _GOLDEN) >> np.uint64(61)).astype(np.int64) % 3 - 1  # -1, 0 ou +1
    exact = ~np.isfinite(array) | (array == np.round(array))
    direction = np.where(exact, 0, direction)
    moved = np.where(direction == 0, array, np.nextafter(array, np.where(direction > 0, np.inf, -np.inf)))
    return moved[()] if np.ndim(result) == 0 else moved


class _Nudged:
    """Une ufunc de numpy dont chaque résultat float64 est passé par ``nudge``."""

    def __init__(self, ufunc):
        self._ufunc = ufunc
        functools.update_wrapper(self, ufunc)

    def __call__(self, *args, **kwargs):
        result = self._ufunc(*args, **kwargs)
        out = kwargs.get("out")
        if out is not None:
            target = out[0] if isinstance(out, tuple) else out
            if isinstance(target, np.ndarray) and target.dtype == np.float64:
                target[...] = nudge(target)
            return result
        if isinstance(result, (np.ndarray, np.float64)):
            return nudge(result)
        return result

    def __getattr__(self, name):  # reduce, outer, nin... : ceux de la vraie ufunc
        return getattr(self._ufunc, name)


def install():
    """Remplace les fonctions de ``NUDGED`` dans le module numpy par leur version déplacée."""
    for name in NUDGED:
        original = getattr(np, name)
        if not isinstance(original, _Nudged):
            setattr(np, name, _Nudged(original))


def environment():
    """Les variables d'environnement qui imitent une autre famille de processeurs (sur x86-64)."""
    if platform.machine().lower() not in ("x86_64", "amd64"):
        return {}
    return {"NPY_DISABLE_CPU_FEATURES": DISABLED_NUMPY_FEATURES, "OPENBLAS_CORETYPE": OPENBLAS_CORETYPE}


STARTUP = """\
# Écrit par tests/another_machine.py : les notebooks tournent sur « une autre machine ».
import importlib.util as _util

_spec = _util.spec_from_file_location("another_machine", {path!r})
_module = _util.module_from_spec(_spec)
_spec.loader.exec_module(_module)
_module.install()
del _util, _spec, _module
"""


def prepare(ipython_dir):
    """Crée dans ``ipython_dir`` le fichier de démarrage IPython qui appelle ``install`` ; rend l'environnement.

    Rend les variables à ajouter à ``os.environ`` avant de lancer un noyau : ``IPYTHONDIR`` et
    celles d'``environment``.
    """
    startup = ipython_dir / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    (startup / "00-another-machine.py").write_text(STARTUP.format(path=__file__), encoding="utf-8")
    return {"IPYTHONDIR": str(ipython_dir), **environment()}
