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
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

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
        self.right.clear()
        plot_losses(runs, ax=self.right, gap_to=problem.loss(problem.minimum))
        self.right.draw(self.canvas.get_renderer())

        width, height = self.canvas.get_width_height()
        buffer = io.BytesIO()
        Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba(), "raw", "RGBA", 0, 1).save(buffer, format="png")
        self.image.value = buffer.getvalue()

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
