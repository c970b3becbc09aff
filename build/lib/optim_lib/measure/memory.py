"""La mémoire d'un optimizer : son état, le pic d'un pas de mise à jour, le poids d'un grand modèle.

- l'état : ce que l'optimizer garde d'un pas à l'autre (``Optimizer.state_nbytes``), compté
  comme le cours, paramètres compris, en multiples de n (``course_multiple``) ;
- le pic d'un pas : les octets alloués pendant ``step`` en plus de ce qui existait déjà
  (paramètres, gradients, état), mesurés avec ``tracemalloc``, auquel numpy déclare ses tableaux
  (``step_peak_bytes``) ; ``optim_lib.optimizers.InPlaceAdam`` montre ce qu'un calcul sur place
  économise ;
- un grand modèle : n × (multiple) × (octets par nombre), en gigaoctets (``model_memory_bytes`` ;
  la figure et l'explorateur sont dans ``optim_lib.teaching``).

Les octets comptés par ``tracemalloc`` ne dépendent que de numpy et du code mesuré. Ils incluent
quelques centaines d'octets d'objets Python : ``in_units`` les fait disparaître en arrondissant
à un multiple entier de n·8 octets, et refuse d'arrondir un rapport qui n'est pas presque entier.
"""

import tracemalloc

import numpy as np

from ..optimizers.base import _as_list

__all__ = ["BYTES_PER_FLOAT", "COURSE_TABLE", "course_multiple", "in_units", "model_memory_bytes", "random_model",
           "step_peak_bytes"]

BYTES_PER_FLOAT = {"float64": 8, "float32": 4, "bfloat16": 2, "float16": 2}
"""Octets d'un nombre selon son format (optim_lib calcule en float64, les grands modèles en float32 ou moins)."""


COURSE_TABLE = {"SGD": 1, "Momentum": 2, "Adagrad": 2, "RMSProp": 2, "Adam": 3, "AdamW": 3, "AdaMax": 3, "Nadam": 3}
"""Le tableau du cours : la mémoire en multiples de n, paramètres compris. AdaDelta n'y figure pas."""


def random_model(shapes, seed=0):
    """Les paramètres et les gradients float64 d'un modèle, un tableau par forme (une par couche)."""
    rng = np.random.default_rng(seed)
    params = [rng.standard_normal(shape) for shape in shapes]
    grads = [rng.standard_normal(shape) for shape in shapes]
    return params, grads


def in_units(nbytes, n, itemsize=8, tolerance=0.05):
    """``nbytes`` en multiples entiers de ``n * itemsize`` octets (n nombres de ``itemsize`` octets).

    Lève ``ValueError`` si le rapport est à plus de ``tolerance`` d'un entier : l'arrondi
    cacherait alors une allocation qui n'est pas un tableau de n nombres.
    """
    ratio = nbytes / (n * itemsize)
    rounded = round(ratio)
    if abs(ratio - rounded) > tolerance:
        raise ValueError(
            f"{nbytes} octets font {ratio:.3f} fois n·{itemsize} octets : pas un multiple entier de n"
        )
    return rounded


def course_multiple(optimizer, params, grads):
    """La mémoire comptée comme le cours (paramètres + état), en multiples de n, après un pas.

    L'optimizer est remis à zéro, puis fait un pas sur une copie des paramètres : l'état existe
    alors, avec sa taille définitive.
    """
    params = [p.copy() for p in _as_list(params, "params")]
    n = sum(p.size for p in params)
    optimizer.reset()
    optimizer.step(params, grads)
    return in_units(sum(p.nbytes for p in params) + optimizer.state_nbytes(), n)


def step_peak_bytes(optimizer, params, grads):
    """Les octets alloués au plus fort d'un pas ``optimizer.step``, en plus de ce qui existait avant.

    Un premier pas, non mesuré, crée l'état ; le second est mesuré avec ``tracemalloc``. Les
    paramètres sont copiés : ceux de l'appelant ne bougent pas. Pour des tableaux de plus de
    256 Kio, numpy réutilise parfois un tableau temporaire au lieu d'en créer un (sous Linux et
    macOS, pas sous Windows) : gardez les tableaux plus petits pour une mesure qui ne dépend pas
    de la plateforme.
    """
    if tracemalloc.is_tracing():
        raise RuntimeError("tracemalloc est déjà en marche : arrêtez-le avant de mesurer un pas")
    params = [p.copy() for p in _as_list(params, "params")]
    optimizer.reset()
    optimizer.step(params, grads)
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        optimizer.step(params, grads)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - before


def model_memory_bytes(n, multiple, dtype="float32"):
    """Octets de ``multiple`` vecteurs de ``n`` nombres au format ``dtype`` (voir ``BYTES_PER_FLOAT``)."""
    if dtype not in BYTES_PER_FLOAT:
        raise ValueError(f"Format inconnu : {dtype!r} (formats connus : {', '.join(BYTES_PER_FLOAT)})")
    return n * multiple * BYTES_PER_FLOAT[dtype]
