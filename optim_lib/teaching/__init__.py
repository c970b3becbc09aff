"""Ce qui sert à enseigner : figures, figures à curseur sans noyau, quiz, texte imprimé.

Les explorateurs ipywidgets (``teaching.explorers``) s'importent à part : ils demandent ipywidgets
et un noyau Python (``from optim_lib.teaching.explorers import explorer``).
"""

from .plots import (draw_batch_comparison, plot_contour, plot_losses, plot_model_memory, plot_trajectories,
                    trajectory_slider)
from .quiz import Question, Quiz, quiz
from .sliders import SliderFigure, slider_figure
from .text import power_of_ten, sci, show_source, table, two_digits

__all__ = ["plot_contour", "plot_trajectories", "plot_losses", "trajectory_slider", "draw_batch_comparison",
           "plot_model_memory", "SliderFigure", "slider_figure", "Question", "Quiz", "quiz", "sci", "power_of_ten",
           "show_source", "table", "two_digits"]
