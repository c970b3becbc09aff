"""Des explorateurs ipywidgets : des curseurs pour les hyperparamètres, la figure redessinée.

Ils demandent un noyau Python (un notebook ouvert dans Jupyter ou sur Binder). Dans le livre
HTML, les chapitres montrent à leur place une ``slider_figure``, interactive sans noyau.
"""

import math

import ipywidgets as widgets
import matplotlib.pyplot as plt

from .loop import run
from .optimizers import Optimizer
from .plots import plot_losses, plot_trajectories

__all__ = ["explorer", "log_slider", "slider"]


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


def explorer(make_optimizers, sliders, problems, steps=100):
    """Un explorateur : choisir un problème, bouger les curseurs, voir trajectoires et losses.

    ``make_optimizers(**valeurs)`` reçoit la valeur de chaque curseur de ``sliders`` (un
    dictionnaire nom -> curseur) et rend un optimizer, ou un dictionnaire étiquette -> optimizer
    pour en comparer plusieurs. ``problems`` associe un nom à chaque fonction de deux variables.
    """
    problem_menu = widgets.Dropdown(options=list(problems.items()), description="problème")

    def draw(problem, **values):
        optimizers = make_optimizers(**values)
        if isinstance(optimizers, Optimizer):
            optimizers = {type(optimizers).__name__: optimizers}
        runs = {label: run(opt, problem, steps) for label, opt in optimizers.items()}
        fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
        plot_trajectories(problem, runs, ax=left)
        plot_losses(runs, ax=right, gap_to=problem.loss(problem.minimum))
        plt.show()

    output = widgets.interactive_output(draw, {"problem": problem_menu, **sliders})
    controls = widgets.HBox([problem_menu, *sliders.values()], layout=widgets.Layout(flex_flow="row wrap"))
    return widgets.VBox([controls, output])
