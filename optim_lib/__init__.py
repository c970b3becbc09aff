"""optim_lib : la bibliothèque du livre « Comprendre les différents optimizers ».

Un module par rôle :

- ``optimizers`` : les optimizers du cours, écrits comme ses formules ;
- ``functions`` : les fonctions de test à deux variables ;
- ``data`` : les jeux de données synthétiques, leurs modèles et les mini-batches ;
- ``loop`` : la boucle qui fait tourner un optimizer sur un problème ;
- ``plots`` : les figures communes ; ``frames`` : les figures interactives sans noyau ;
- ``source`` : le code d'optim_lib montré dans les chapitres ; ``report`` : les nombres imprimés ;
- ``quiz`` : les quiz de fin de chapitre, corrigés sans noyau ;
- ``explorer`` : les explorateurs ipywidgets (importé à part : ``from optim_lib.explorer import explorer``).
"""

from .data import LinearRegression, LogisticRegression, make_classification, make_regression, minibatches
from .frames import SliderFigure, slider_figure
from .functions import Function, Landscape, Parabola, QuadraticValley, Rosenbrock, Saddle
from .loop import Trajectory, run
from .optimizers import SGD, AdaDelta, Adagrad, AdaMax, Adam, AdamW, Momentum, Nadam, Optimizer, RMSProp
from .plots import plot_contour, plot_losses, plot_trajectories, trajectory_slider
from .quiz import Question, quiz
from .report import sci
from .source import show_source

OPTIMIZERS = (SGD, Momentum, Adagrad, RMSProp, AdaDelta, Adam, AdamW, AdaMax, Nadam)
