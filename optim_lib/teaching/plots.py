"""Les figures des chapitres : courbes de niveau, trajectoires, losses, mémoire des optimizers."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import NullLocator

from ..measure.memory import model_memory_bytes
from ..optimizers import SGD
from ..running.loop import run
from .sliders import slider_figure
from .text import power_of_ten

__all__ = ["plot_contour", "plot_trajectories", "plot_losses", "trajectory_slider", "draw_batch_comparison",
           "plot_model_memory"]


def plot_contour(problem, ax=None, levels=25, resolution=200):
    """Courbes de niveau d'une fonction de deux variables, son minimum marqué d'une étoile.

    Les niveaux sont espacés géométriquement au-dessus du minimum, pour que le fond d'une vallée
    reste aussi lisible que ses bords. Les axes s'appellent $x$ et $y$, ou ``problem.axis_labels``
    si le problème nomme ses deux paramètres.
    """
    ax = ax or plt.gca()
    (x0, x1), (y0, y1) = problem.bounds
    X, Y = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    Z = problem.value(X, Y)
    z_min = min(Z.min(), problem.loss(problem.minimum))
    heights = np.geomspace(1e-3, 1, levels) * (Z.max() - z_min)
    ax.contour(X, Y, Z, levels=z_min + heights, cmap="viridis", linewidths=0.8)
    ax.plot(*problem.minimum, marker="*", color="black", markersize=12, linestyle="none")
    xlabel, ylabel = getattr(problem, "axis_labels", ("$x$", "$y$"))
    ax.set(xlim=(x0, x1), ylim=(y0, y1), xlabel=xlabel, ylabel=ylabel, title=problem.name)
    return ax


def plot_trajectories(problem, runs, ax=None, markers=True, contour=True):
    """Les chemins suivis dans le plan, sur les courbes de niveau.

    ``runs`` associe une étiquette à une ``Trajectory`` ; une trajectoire qui a divergé est
    tracée jusqu'à son dernier point fini et sa légende le signale. ``contour=False`` trace les
    chemins seuls, sur des courbes de niveau déjà dessinées (le fond d'une ``slider_figure``).
    """
    ax = plot_contour(problem, ax) if contour else (ax or plt.gca())
    for label, trajectory in runs.items():
        xy = trajectory.params
        if trajectory.diverged:
            label = f"{label} (diverge)"
        ax.plot(xy[:, 0], xy[:, 1], marker="o" if markers else None, markersize=2.5, linewidth=1.2, label=label)
    ax.legend(loc="best", fontsize="small")
    return ax


def plot_losses(runs, ax=None, x="pas", log=True, gap_to=None):
    """La loss au fil des pas (``x="pas"``) ou des exemples vus (``x="exemples"``).

    Avec ``gap_to``, trace l'écart à cette valeur (en général la loss minimale), ce qui rend
    visible en échelle logarithmique une convergence vers un minimum négatif ou nul.
    """
    ax = ax or plt.gca()
    for label, trajectory in runs.items():
        horizontal = trajectory.examples if x == "exemples" else np.arange(len(trajectory.losses))
        losses = trajectory.losses if gap_to is None else trajectory.losses - gap_to
        ax.plot(horizontal, losses, label=label + (" (diverge)" if trajectory.diverged else ""))
    ax.set(
        xlabel="exemples vus" if x == "exemples" else "pas",
        ylabel="loss" if gap_to is None else "loss $-$ loss minimale",
    )
    if log:
        ax.set_yscale("log")
    ax.legend(loc="best", fontsize="small")
    return ax


def trajectory_slider(problem, make_runs, values, label, loss_ylim=None, markers=True, description=None,
                      **slider_options):
    """La figure à curseur des chapitres : les chemins sur les courbes de niveau, et les losses.

    ``make_runs(value)`` rend les exécutions à montrer pour une valeur du curseur, sous la forme
    ``{étiquette: Trajectory}`` de ``plot_trajectories``. Les courbes de niveau et les axes, communs
    à toutes les images, sont dessinés une seule fois (le ``background`` de ``slider_figure``) ; les
    losses partagent l'échelle ``loss_ylim`` (par défaut, de la plus petite à la plus grande loss
    positive). Sur un écran étroit, les deux panneaux sont l'un sous l'autre. ``description`` est
    le texte alternatif des images (par défaut, une phrase qui nomme le problème et le curseur) ;
    ``slider_options`` passe à ``slider_figure`` (``fmt``, ``initial``, ``figsize``...).
    """
    runs_at = {value: make_runs(value) for value in values}
    curves = [t.losses for runs in runs_at.values() for t in runs.values()]
    last = max(len(losses) for losses in curves) - 1
    if loss_ylim is None:
        positive = np.concatenate([losses[losses > 0] for losses in curves])
        loss_ylim = (positive.min(), positive.max())
    if description is None:
        description = (f"Chemins suivis sur les courbes de niveau de « {problem.name} », l'étoile marquant le "
                       f"minimum, et loss au fil des pas en échelle logarithmique, selon {label}")

    def background(fig, rows=1, columns=2):
        trajectories, losses = fig.subplots(rows, columns)
        plot_contour(problem, trajectories)
        # Les marges de 5 % que matplotlib aurait prises autour des pas.
        losses.set(yscale="log", xlim=(-0.05 * last, 1.05 * last), ylim=loss_ylim)

    def draw(fig, value):
        trajectories, losses = fig.axes
        plot_trajectories(problem, runs_at[value], ax=trajectories, markers=markers, contour=False)
        plot_losses(runs_at[value], ax=losses)

    stacked = {"figsize": (5, 7.2), "background": lambda fig: background(fig, rows=2, columns=1)}
    return slider_figure(draw, values, label, background=background, description=description, narrow=stacked,
                         **slider_options)


def draw_batch_comparison(problem, lr, batch_size, steps, seed=0, axes=None, contour=True):
    """Descente complète contre descente par mini-batches, même learning rate, même nombre de pas.

    À gauche les deux chemins sur la surface de la loss, à droite l'écart à la loss minimale en
    fonction du nombre d'exemples vus. Rend les deux ``Trajectory`` (complète, mini-batches).
    ``contour=False`` ne redessine pas les courbes de niveau (déjà dans le fond d'une
    ``slider_figure``).
    """
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
    left, right = axes
    full = run(SGD(lr=lr), problem, steps)
    noisy = run(SGD(lr=lr), problem, steps, batch_size=batch_size, seed=seed)
    runs = {"toutes les données": full, f"mini-batches de {batch_size}": noisy}
    plot_trajectories(problem, runs, ax=left, markers=steps <= 100, contour=contour)
    plot_losses(runs, ax=right, x="exemples", gap_to=problem.loss(problem.minimum))
    right.set_xscale("log")
    right.set_title(f"lr = {lr:.3g}, {steps} pas")
    return full, noisy


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
