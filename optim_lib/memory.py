"""La mémoire d'un optimizer : son état, le pic d'un pas de mise à jour, le poids d'un grand modèle.

- l'état : ce que l'optimizer garde d'un pas à l'autre (``Optimizer.state_nbytes``), compté
  comme le cours, paramètres compris, en multiples de n (``course_multiple``) ;
- le pic d'un pas : les octets alloués pendant ``step`` en plus de ce qui existait déjà
  (paramètres, gradients, état), mesurés avec ``tracemalloc``, auquel numpy déclare ses tableaux
  (``step_peak_bytes``) ; ``InPlaceAdam`` montre ce qu'un calcul sur place économise ;
- un grand modèle : n × (multiple) × (octets par nombre), en gigaoctets (``model_memory_bytes``,
  ``plot_model_memory`` et l'explorateur ``memory_explorer``).

Les octets comptés par ``tracemalloc`` ne dépendent que de numpy et du code mesuré. Ils incluent
quelques centaines d'octets d'objets Python : ``in_units`` les fait disparaître en arrondissant
à un multiple entier de n·8 octets, et refuse d'arrondir un rapport qui n'est pas presque entier.
"""

import tracemalloc

import numpy as np
from matplotlib.ticker import NullLocator

from .optimizers import Adam, _as_list

__all__ = [
    "BYTES_PER_FLOAT",
    "COURSE_TABLE",
    "InPlaceAdam",
    "course_multiple",
    "in_units",
    "memory_explorer",
    "model_memory_bytes",
    "plot_model_memory",
    "power_of_ten",
    "random_model",
    "step_peak_bytes",
]

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


class InPlaceAdam(Adam):
    r"""Adam calculé sur place : mêmes pas que ``Adam``, avec un seul tableau temporaire.

    ``m``, ``v`` et :math:`\theta` sont modifiés dans leur propre mémoire (``*=``, ``+=``,
    ``out=``) au lieu d'être recréés, et tous les calculs intermédiaires passent par un même
    tableau ``work``. C'est l'idée des implémentations de ``torch.optim.Adam``. Pas de
    ``weight_decay`` : il demanderait un second tableau temporaire.
    """

    def __init__(self, lr=0.001, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(lr=lr, betas=betas, eps=eps)

    def step(self, params, grads):
        """Fait un pas : modifie sur place ``params`` et l'état, sans le remplacer."""
        params, grads = self._prepare(params, grads)
        self.t += 1
        for theta, g, state in zip(params, grads, self.state):
            self.update_in_place(theta, g, self.t, **state)

    def update_in_place(self, theta, g, t, m, v):
        """Le pas d'Adam sur un paramètre, sans rien rendre : ``theta``, ``m`` et ``v`` changent."""
        beta1, beta2 = self.betas
        work = np.empty_like(theta)  # le seul tableau alloué par le pas
        # m = β1·m + (1 − β1)·g
        m *= beta1
        np.multiply(g, 1 - beta1, out=work)
        m += work
        # v = β2·v + (1 − β2)·g⊙g
        v *= beta2
        np.multiply(g, 1 - beta2, out=work)
        work *= g
        v += work
        # θ = θ − α / (√v̂ + ε) ⊙ m̂, avec v̂ = v / (1 − β2^t) et m̂ = m / (1 − β1^t)
        np.divide(v, 1 - beta2**t, out=work)
        np.sqrt(work, out=work)
        work += self.eps
        np.divide(self.lr, work, out=work)
        work *= m
        work /= 1 - beta1**t
        theta -= work


def model_memory_bytes(n, multiple, dtype="float32"):
    """Octets de ``multiple`` vecteurs de ``n`` nombres au format ``dtype`` (voir ``BYTES_PER_FLOAT``)."""
    if dtype not in BYTES_PER_FLOAT:
        raise ValueError(f"Format inconnu : {dtype!r} (formats connus : {', '.join(BYTES_PER_FLOAT)})")
    return n * multiple * BYTES_PER_FLOAT[dtype]


def power_of_ten(n):
    """``n`` écrit avec une puissance de dix : 1e9 donne « 10⁹ », 3.2e10 donne « 3,2·10¹⁰ »."""
    mantissa, exponent = f"{n:.1e}".split("e")
    superscript = str(int(exponent)).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    mantissa = mantissa.removesuffix(".0").replace(".", ",")
    return f"10{superscript}" if mantissa == "1" else f"{mantissa}·10{superscript}"


def _format_gigabytes(gb):
    """Des gigaoctets lisibles sur une barre : « 0.4 », « 12 », « 1 200 »."""
    return f"{gb:.1f}" if gb < 10 else f"{gb:,.0f}".replace(",", " ")


def plot_model_memory(ax, n, multiples, dtype="float32", capacity=80, ylim=(0.1, 30_000)):
    """Barres de la mémoire (paramètres + état, en Go) de chaque optimizer pour un modèle de n paramètres.

    ``multiples`` associe un nom d'optimizer à sa mémoire en multiples de n ; ``capacity`` trace
    la mémoire d'une carte de calcul (en Go, 10⁹ octets). L'axe est logarithmique et fixe, pour
    comparer des modèles de tailles différentes.
    """
    names = list(multiples)
    gigabytes = [model_memory_bytes(n, multiples[name], dtype) / 1e9 for name in names]
    colors = [f"C{multiples[name] - 1}" for name in names]
    bars = ax.bar(names, gigabytes, color=colors)
    ax.bar_label(bars, labels=[_format_gigabytes(gb) for gb in gigabytes], padding=2, fontsize=8)
    ax.axhline(capacity, color="0.3", linestyle="--", linewidth=1, label=f"une carte de {capacity} Go")
    ax.legend(loc="upper left")
    ax.set(yscale="log", ylim=ylim, ylabel="mémoire (Go)",
           title=f"Paramètres + état, n = {power_of_ten(n)} en {dtype}")
    ax.yaxis.set_minor_locator(NullLocator())  # les décades suffisent, et la figure se dessine plus vite
    ax.tick_params(axis="x", labelrotation=45)


def memory_explorer(multiples, capacity=80):
    """Un explorateur : un curseur pour n, un menu pour le format, les barres redessinées.

    Il demande un noyau Python ; ipywidgets n'est importé qu'ici, pour que la mesure de la
    mémoire n'en dépende pas.
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    size = widgets.FloatLogSlider(value=1e9, base=10, min=8, max=11, step=0.1, description="n",
                                  continuous_update=False, readout_format=".1e")
    dtype = widgets.Dropdown(options=list(BYTES_PER_FLOAT), value="float32", description="format")

    def draw(n, dtype):
        fig, ax = plt.subplots(figsize=(8, 4), layout="constrained")
        plot_model_memory(ax, n, multiples, dtype=dtype, capacity=capacity)
        plt.show()

    output = widgets.interactive_output(draw, {"n": size, "dtype": dtype})
    return widgets.VBox([widgets.HBox([size, dtype]), output])
