"""Les figures que tous les chapitres réutilisent : courbes de niveau, trajectoires, losses."""

import matplotlib.pyplot as plt
import numpy as np

from .frames import slider_figure

__all__ = ["plot_contour", "plot_trajectories", "plot_losses", "trajectory_slider"]


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


def trajectory_slider(problem, make_runs, values, label, loss_ylim=None, markers=True, **slider_options):
    """La figure à curseur des chapitres : les chemins sur les courbes de niveau, et les losses.

    ``make_runs(value)`` rend les exécutions à montrer pour une valeur du curseur, sous la forme
    ``{étiquette: Trajectory}`` de ``plot_trajectories``. Les courbes de niveau et les axes, communs
    à toutes les images, sont dessinés une seule fois (le ``background`` de ``slider_figure``) ; les
    losses partagent l'échelle ``loss_ylim`` (par défaut, de la plus petite à la plus grande loss
    positive). ``slider_options`` passe à ``slider_figure`` (``fmt``, ``initial``, ``figsize``...).
    """
    runs_at = {value: make_runs(value) for value in values}
    curves = [t.losses for runs in runs_at.values() for t in runs.values()]
    last = max(len(losses) for losses in curves) - 1
    if loss_ylim is None:
        positive = np.concatenate([losses[losses > 0] for losses in curves])
        loss_ylim = (positive.min(), positive.max())

    def background(fig):
        left, right = fig.subplots(1, 2)
        plot_contour(problem, left)
        # Les marges de 5 % que matplotlib aurait prises autour des pas.
        right.set(yscale="log", xlim=(-0.05 * last, 1.05 * last), ylim=loss_ylim)

    def draw(fig, value):
        left, right = fig.axes
        plot_trajectories(problem, runs_at[value], ax=left, markers=markers, contour=False)
        plot_losses(runs_at[value], ax=right)

    return slider_figure(draw, values, label, background=background, **slider_options)
