"""Des explorateurs ipywidgets : des curseurs pour les hyperparamètres, la figure redessinée.

Ils demandent un noyau Python (un notebook ouvert dans Jupyter ou sur Binder). Dans le livre
HTML, les chapitres montrent à leur place une ``slider_figure``, interactive sans noyau.

Pour qu'un mouvement de curseur se voie vite, l'explorateur garde une seule figure matplotlib,
hors de pyplot (elle ne s'affiche pas d'elle-même). Les courbes de niveau, les axes et leurs
graduations ne changent que si le problème change : ils sont dessinés une fois et gardés comme
fond ; à chaque mouvement, seuls les chemins et le panneau des losses sont redessinés par-dessus,
puis l'image PNG part vers un widget ``Image``.
"""

import io
import math

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from ..measure.memory import BYTES_PER_FLOAT
from ..optimizers import Optimizer
from ..running.loop import run
from .plots import draw_batch_comparison, plot_contour, plot_losses, plot_model_memory

__all__ = ["Explorer", "explorer", "log_slider", "slider", "StochasticExplorer", "stochastic_explorer",
           "memory_explorer"]


def log_slider(description, min, max, value):
    """Un curseur à échelle logarithmique (pour un learning rate ou un epsilon)."""
    return widgets.FloatLogSlider(
        value=value, base=10, min=math.log10(min), max=math.log10(max), step=0.05,
        description=description, continuous_update=False, readout_format=".2g",
    )


def slider(description, min, max, value, step):
    """Un curseur linéaire (pour un beta ou un momentum)."""
    return widgets.FloatSlider(
        value=value, min=min, max=max, step=step, description=description,
        continuous_update=False, readout_format=".3g",
    )


class Explorer(widgets.VBox):
    """Choisir un problème, bouger les curseurs, voir les trajectoires et les losses (voir ``explorer``)."""

    def __init__(self, make_optimizers, sliders, problems, steps=100):
        self.make_optimizers = make_optimizers
        self.sliders = sliders
        self.steps = steps
        self.menu = widgets.Dropdown(options=list(problems.items()), description="problème")
        self.image = widgets.Image(format="png")
        self.figure = Figure(figsize=(10, 4), dpi=72, layout="constrained")
        self.canvas = FigureCanvasAgg(self.figure)
        self.left, self.right = self.figure.subplots(1, 2)
        self.problem, self.paths, self.background = None, [], None
        for control in (self.menu, *sliders.values()):
            control.observe(self.redraw, names="value")
        controls = widgets.HBox([self.menu, *sliders.values()], layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__([controls, self.image])
        self.redraw()

    def __repr__(self):
        return "<Explorateur ipywidgets : il s'anime dans un notebook exécuté par un noyau Python (Jupyter, Binder)>"

    def redraw(self, change=None):
        problem = self.menu.value
        optimizers = self.make_optimizers(**{name: s.value for name, s in self.sliders.items()})
        if isinstance(optimizers, Optimizer):
            optimizers = {type(optimizers).__name__: optimizers}
        runs = {label: run(opt, problem, self.steps) for label, opt in optimizers.items()}

        if problem is not self.problem:
            self.draw_background(problem, runs)
        self.canvas.restore_region(self.background)
        for path in self.paths:
            path.remove()
        self.paths = [  # mêmes couleurs que les losses de droite, dans l'ordre des exécutions
            self.left.plot(t.params[:, 0], t.params[:, 1], marker="o", markersize=2.5, linewidth=1.2,
                           color=f"C{i}", label=label + (" (diverge)" if t.diverged else ""))[0]
            for i, (label, t) in enumerate(runs.items())
        ]
        for artist in (*self.paths, self.left.legend(loc="best", fontsize="small")):
            self.left.draw_artist(artist)
        # Le panneau des losses garde ses axes et leurs graduations : les recréer (``clear``) coûtait
        # les deux tiers du redessin. On n'en retire que les courbes, la légende et le message.
        for artist in [*self.right.lines, *self.right.texts]:
            artist.remove()
        self.right.set_prop_cycle(None)  # les couleurs repartent de C0, comme les chemins
        plot_losses(runs, ax=self.right, gap_to=problem.loss(problem.minimum))
        self.right.relim()
        self.right.autoscale_view()
        self.say_divergences(runs)
        self.right.draw(self.canvas.get_renderer())

        width, height = self.canvas.get_width_height()
        buffer = io.BytesIO()
        Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba(), "raw", "RGBA", 0, 1).save(buffer, format="png")
        self.image.value = buffer.getvalue()

    def say_divergences(self, runs):
        """Écrit sur le panneau des losses qui a divergé, et à quel pas.

        Une exécution qui diverge dès le premier pas n'a qu'un point : sans ce message, le panneau
        resterait vide sans dire pourquoi.
        """
        lines = [f"{label} — {t.message[0].lower()}{t.message[1:]}" for label, t in runs.items() if t.diverged]
        if lines:
            self.right.text(0.5, 0.5, "\n".join(lines), transform=self.right.transAxes, fontsize="small",
                            color="#b3261e", ha="center", va="center", wrap=True,
                            bbox={"facecolor": "white", "edgecolor": "#b3261e", "alpha": 0.9})

    def draw_background(self, problem, runs):
        """Courbes de niveau et axes du problème, rendus une fois et gardés comme fond."""
        self.left.clear()
        self.paths = []
        plot_contour(problem, self.left)
        # La mise en page automatique, calculée avec les deux panneaux remplis, puis figée.
        self.right.clear()
        plot_losses(runs, ax=self.right, gap_to=problem.loss(problem.minimum))
        self.figure.set_layout_engine("constrained")
        self.figure.get_layout_engine().execute(self.figure)  # la mise en page seule, sans rendu
        self.figure.set_layout_engine("none")
        self.right.set_visible(False)
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(self.figure.bbox)
        self.right.set_visible(True)
        self.problem = problem


def explorer(make_optimizers, sliders, problems, steps=100):
    """Un explorateur : choisir un problème, bouger les curseurs, voir trajectoires et losses.

    ``make_optimizers(**valeurs)`` reçoit la valeur de chaque curseur de ``sliders`` (un
    dictionnaire nom -> curseur) et rend un optimizer, ou un dictionnaire étiquette -> optimizer
    pour en comparer plusieurs. ``problems`` associe un nom à chaque fonction de deux variables.
    """
    return Explorer(make_optimizers, sliders, problems, steps)


class StochasticExplorer(widgets.VBox):
    """L'explorateur du chapitre 2 (voir ``stochastic_explorer``).

    Comme ``optim_lib.explorer.Explorer``, il garde une seule figure matplotlib hors de pyplot,
    fige la mise en page après le premier rendu et envoie l'image PNG à un widget ``Image`` :
    un mouvement de curseur se voit vite.
    """

    def __init__(self, problems, batch_sizes, lr=0.1, steps=100):
        self.controls = {
            "problem": widgets.Dropdown(options=list(problems.items()), description="problème"),
            "lr": log_slider("lr", 1e-3, 2.0, lr),
            "batch_size": widgets.SelectionSlider(
                options=list(batch_sizes), value=batch_sizes[len(batch_sizes) // 2],
                description="batch size", continuous_update=False,
            ),
            "steps": widgets.IntSlider(
                value=steps, min=10, max=2000, step=10, description="pas", continuous_update=False
            ),
            "seed": widgets.BoundedIntText(value=0, min=0, max=10_000, description="graine"),
        }
        self.image = widgets.Image(format="png")
        self.figure = Figure(figsize=(10, 4), dpi=72, layout="constrained")
        FigureCanvasAgg(self.figure)
        self.axes = self.figure.subplots(1, 2)
        for control in self.controls.values():
            control.observe(self.redraw, names="value")
        row = widgets.HBox(list(self.controls.values()), layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__([row, self.image])
        self.redraw()

    def __repr__(self):
        return "<Explorateur ipywidgets : il s'anime dans un notebook exécuté par un noyau Python (Jupyter, Binder)>"

    def redraw(self, change=None):
        values = {name: control.value for name, control in self.controls.items()}
        problem = values.pop("problem")
        values["batch_size"] = min(values["batch_size"], problem.n_samples)
        for ax in self.axes:
            ax.clear()
        with np.errstate(over="ignore", invalid="ignore"):
            draw_batch_comparison(problem, axes=self.axes, **values)
        # Un seul rendu, lu dans le canevas : savefig dessinerait deux fois. La mise en page
        # automatique coûte plus que le dessin : calculée au premier rendu, figée ensuite.
        self.figure.canvas.draw()
        self.figure.set_layout_engine("none")
        buffer = io.BytesIO()
        Image.fromarray(np.asarray(self.figure.canvas.buffer_rgba())).save(buffer, format="png")
        self.image.value = buffer.getvalue()


def stochastic_explorer(problems, batch_sizes, lr=0.1, steps=100):
    """Un explorateur : problème, learning rate, batch size, nombre de pas et graine des mini-batches.

    ``problems`` associe un nom à un problème à deux paramètres qui sait se dessiner
    (``LossSurface`` ou ``ShiftedLandscape``) ; la figure est celle de ``draw_batch_comparison``,
    redessinée à chaque mouvement d'un curseur. Une batch size plus grande que le jeu de données
    choisi est ramenée à sa taille.
    """
    return StochasticExplorer(problems, batch_sizes, lr=lr, steps=steps)


def memory_explorer(multiples, capacity=80):
    """Un explorateur : un curseur pour n, un menu pour le format, les barres redessinées.

    Il demande un noyau Python ; ipywidgets n'est importé qu'ici, pour que la mesure de la
    mémoire n'en dépende pas.
    """
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
