"""optim_lib : la bibliothèque du livre « Comprendre les différents optimizers ».

Un dossier par rôle, dans l'ordre où un chapitre s'en sert :

- ``optimizers`` : les optimizers du cours, écrits comme ses formules, et les variantes qui servent
  de point de comparaison ;
- ``problems`` : les problèmes sur lesquels ils tournent (fonctions de test, modèles, réseau,
  données), tous au même protocole : ``start``, ``loss``, ``grad``, ``n_samples`` ;
- ``running`` : les faire tourner, une exécution (``run``) ou beaucoup d'un coup
  (``run_batched``), avec un calendrier de learning rate si l'on veut ;
- ``measure`` : mesurer ce qu'ils ont fait (premier pas sous un seuil, balayages, bruit,
  mémoire) ;
- ``teaching`` : figures, figures à curseur sans noyau, quiz, explorateurs ipywidgets (importés à
  part : ``from optim_lib.teaching.explorers import explorer``).

Les noms d'usage courant s'importent directement : ``from optim_lib import Adam, Rosenbrock, run``.
"""

from .optimizers import (OPTIMIZERS, SGD, AdaDelta, Adagrad, AdaMax, Adam, AdamW, Momentum, Nadam, Optimizer,
                         RMSProp)
from .problems import (MLP, Function, Landscape, LinearRegression, LogisticRegression, Parabola, QuadraticValley,
                       Rosenbrock, Saddle, load_digits_split, make_classification, make_regression)
from .running import Trajectory, minibatches, run, run_batched
from .teaching import (Question, SliderFigure, plot_contour, plot_losses, plot_trajectories, quiz, sci, show_source,
                       slider_figure, table, trajectory_slider)

__all__ = ["OPTIMIZERS", "Optimizer", "SGD", "Momentum", "Adagrad", "RMSProp", "AdaDelta", "Adam", "AdamW", "AdaMax",
           "Nadam", "Function", "Parabola", "QuadraticValley", "Rosenbrock", "Saddle", "Landscape", "LinearRegression",
           "LogisticRegression", "MLP", "make_regression", "make_classification", "load_digits_split", "Trajectory",
           "run", "run_batched", "minibatches", "plot_contour", "plot_trajectories", "plot_losses", "trajectory_slider",
           "SliderFigure", "slider_figure", "Question", "quiz", "sci", "show_source", "table"]
