"""Les problèmes sur lesquels tournent les optimizers.

Un problème est un objet qui suit un seul protocole, celui qu'utilisent ``run`` et les mesures :

- ``start`` : le point de départ (un tableau float64, ou une liste de tableaux pour un réseau) ;
- ``loss(params)`` : la loss en ``params``, sur tout le jeu de données (un float) ;
- ``grad(params, batch=None)`` : son gradient, sur les exemples d'indices ``batch`` (tous si
  ``batch`` vaut ``None``), de la forme de ``params`` ;
- ``n_samples`` : le nombre d'exemples, ou ``None`` pour une fonction sans données ;
- ``name`` : son nom, en français.

Pour faire avancer plusieurs copies d'un coup (``run_batched``), un problème peut aussi fournir
``batch_loss(W)`` et ``batch_grad(W, batches)``, où ``W`` range une copie par ligne ; sans eux,
``run_batched`` appelle ``loss`` et ``grad`` copie par copie.

- ``functions`` : les fonctions de test à deux variables (et la parabole) ;
- ``models`` : les régressions linéaire et logistique ;
- ``networks`` : le perceptron multicouche ;
- ``datasets`` : les données qui nourrissent ces modèles ;
- ``wrappers`` : un problème mis à l'échelle, ou vu comme une surface à dessiner.
"""

from .datasets import benchmark_problems, load_digits_split, make_classification, make_regression, make_sparse_features
from .functions import Function, Landscape, Parabola, QuadraticValley, Rosenbrock, Saddle, ShiftedLandscape
from .models import FastLinearRegression, LinearRegression, LogisticRegression, logistic_solution
from .networks import MLP
from .wrappers import LossSurface, ScaledProblem

__all__ = ["Function", "Parabola", "QuadraticValley", "Rosenbrock", "Saddle", "Landscape", "ShiftedLandscape",
           "LinearRegression", "FastLinearRegression", "LogisticRegression", "logistic_solution", "MLP",
           "make_regression", "make_classification", "make_sparse_features", "load_digits_split",
           "benchmark_problems", "ScaledProblem", "LossSurface"]
