"""Des explorateurs ipywidgets : des curseurs pour les hyperparamètres, la figure redessinée.

Ils demandent un noyau Python (un notebook ouvert dans Jupyter ou sur Binder). Dans le livre
HTML, les chapitres montrent à leur place une ``slider_figure``, interactive sans noyau.

Pour qu'un mouvement de curseur se voie vite, l'explorateur garde une seule figure matplotlib,
hors de pyplot (elle ne s'affiche pas d'elle-même), ne redessine les courbes de niveau que si le
problème change, calcule la mise en page une seule fois et envoie l'image PNG à un widget ``Image``.
"""

import io
import math

import ipywidgets as widgets
from matplotlib.figure import Figure

from .loop import run
from .optimizers import Optimizer
from .plots import plot_contour, plot_losses

__all__ = ["Explorer", "explorer", "log_slider", "slider"]


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
        self.figure = Figure(figsize=(10, 4), layout="constrained")
        self.left, self.right = self.figure.subplots(1, 2)
        self.problem, self.paths = None, []
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
            self.left.clear()
            plot_contour(problem, self.left)
            self.problem, self.paths = problem, []
        for path in self.paths:
            path.remove()
        self.paths = [
            self.left.plot(t.params[:, 0], t.params[:, 1], marker="o", markersize=2.5, linewidth=1.2,
                           label=label + (" (diverge)" if t.diverged else ""))[0]
            for label, t in runs.items()
        ]
        self.left.legend(loc="best", fontsize="small")
        self.right.clear()
        plot_losses(runs, ax=self.right, gap_to=problem.loss(problem.minimum))

        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=72)
        # La mise en page automatique coûte plus que le dessin : calculée au premier rendu, figée ensuite.
        self.figure.set_layout_engine("none")
        self.image.value = buffer.getvalue()


def explorer(make_optimizers, sliders, problems, steps=100):
    """Un explorateur : choisir un problème, bouger les curseurs, voir trajectoires et losses.

    ``make_optimizers(**valeurs)`` reçoit la valeur de chaque curseur de ``sliders`` (un
    dictionnaire nom -> curseur) et rend un optimizer, ou un dictionnaire étiquette -> optimizer
    pour en comparer plusieurs. ``problems`` associe un nom à chaque fonction de deux variables.
    """
    return Explorer(make_optimizers, sliders, problems, steps)
