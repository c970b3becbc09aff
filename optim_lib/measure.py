"""Mesurer des optimizers sur un pied d'égalité : balayages, écarts à l'optimum, changements d'échelle.

- ``sweep`` lance un optimizer pour chaque valeur d'un hyperparamètre (en général le learning
  rate), avec les mêmes mini-batches : chaque optimizer d'une comparaison a droit au sien ;
- ``tail_gap`` et ``steps_below`` résument une ``Trajectory`` par rapport à la loss minimale ;
- ``run_twins`` dit si une exécution est chaotique : si un écart infime au départ la change ;
- ``logistic_solution`` calcule le minimum exact d'une régression logistique (par Newton), qui
  sert de référence comme ``LinearRegression.solution`` ;
- ``ScaledProblem`` multiplie la loss d'un problème, donc ses gradients, par une constante ;
- ``benchmark_problems`` construit les trois problèmes de comparaison des chapitres 7 et 8.
"""

import numpy as np

from .data import LinearRegression, LogisticRegression, make_classification, make_regression
from .loop import run

__all__ = ["ScaledProblem", "benchmark_problems", "best", "logistic_solution", "run_twins", "steps_below", "sweep",
           "tail_gap"]


class ScaledProblem:
    r"""Le problème ``problem`` dont la loss et le gradient sont multipliés par ``factor``.

    Le minimum ne bouge pas ; seule l'échelle des gradients change. C'est ce qui arrive quand on
    change l'unité de la loss, ou d'une couche à l'autre d'un réseau.
    """

    def __init__(self, problem, factor):
        if not (np.isfinite(factor) and factor > 0):
            raise ValueError(f"factor invalide : {factor!r} (doit être un nombre fini strictement positif)")
        self.problem = problem
        self.factor = factor
        self.start = problem.start
        self.n_samples = problem.n_samples
        self.name = f"{problem.name} (× {factor:g})"

    def loss(self, params):
        return self.factor * self.problem.loss(params)

    def grad(self, params, batch=None):
        return self.factor * self.problem.grad(params, batch)

    def __repr__(self):
        return f"ScaledProblem({self.problem!r}, factor={self.factor!r})"


def logistic_solution(model, steps=50, tol=1e-10):
    r"""Les poids qui minimisent la loss d'une ``LogisticRegression``, par la méthode de Newton.

    Chaque itération résout :math:`H \delta = \nabla L` avec
    :math:`H = X^\top \mathrm{diag}(p (1 - p)) X / N`. Sur des données séparables, la loss n'a
    pas de minimum fini (agrandir les poids la fait toujours baisser) : si les poids trouvés
    classent tous les exemples sans erreur, ou si Newton ne converge pas, la fonction lève une
    ``ValueError`` au lieu de rendre des poids qui s'envolent.
    """
    X = model.X
    w = np.zeros(X.shape[1])
    for _ in range(steps):
        p = 0.5 * (1 + np.tanh(0.5 * (X @ w)))
        hessian = X.T @ (X * (p * (1 - p))[:, None]) / model.n_samples
        w = w - np.linalg.solve(hessian, model.grad(w))
        if np.linalg.norm(model.grad(w)) < tol:
            break
    else:
        raise ValueError(
            f"Newton n'a pas convergé en {steps} itérations (gradient de norme {np.linalg.norm(model.grad(w)):.1e}) : "
            "les données sont-elles séparables ?"
        )
    if model.accuracy(w) == 1.0:
        raise ValueError("Ces poids classent tous les exemples sans erreur : les données sont séparables, "
                         "la loss n'a pas de minimum fini")
    return w


def sweep(make_optimizer, values, problem, steps, **run_options):
    """Un ``run`` par valeur : ``{valeur: Trajectory}``, avec ``make_optimizer(valeur)``.

    ``run_options`` (``batch_size``, ``seed``...) est le même pour toutes les valeurs : à graine
    égale, chaque exécution voit les mêmes mini-batches dans le même ordre.
    """
    return {value: run(make_optimizer(value), problem, steps, **run_options) for value in values}


def best(runs, score):
    """La valeur d'un balayage (``{valeur: Trajectory}``, voir ``sweep``) qui minimise ``score(trajectoire)``, et ce score."""
    scores = {value: score(trajectory) for value, trajectory in runs.items()}
    value = min(scores, key=scores.get)
    return value, scores[value]


def tail_gap(trajectory, min_loss, last=50):
    """L'écart moyen à la loss minimale sur les ``last`` derniers pas (l'infini si le run a divergé).

    Avec des mini-batches, la loss ne se pose pas : elle fluctue autour d'un plancher. La moyenne
    des derniers pas mesure ce plancher mieux que la seule dernière valeur.
    """
    if trajectory.diverged:
        return float("inf")
    if len(trajectory.losses) <= last:
        raise ValueError(f"last={last!r} : la trajectoire n'a que {len(trajectory.losses) - 1} pas")
    return float(np.mean(trajectory.losses[-last:]) - min_loss)


def steps_below(trajectory, min_loss, tol):
    """Le premier pas où la loss est à moins de ``tol`` de ``min_loss``, ou ``None`` s'il n'existe pas."""
    below = np.flatnonzero(trajectory.losses - min_loss < tol)
    return int(below[0]) if below.size else None


def run_twins(make_optimizer, problem, steps, shift=1e-9, rtol=1e-3, atol=1e-12, **run_options):
    """Deux exécutions jumelles : rend ``(trajectoire, chaotique)``.

    La seconde part d'un point décalé de ``shift`` (en relatif, ou en absolu pour une coordonnée
    nulle) : bien plus que l'écart d'arrondi entre deux processeurs (un ulp, 1e-16), bien moins que
    tout ce qui compte pour l'optimisation. Une exécution stable oublie cet écart ; une exécution
    chaotique l'amplifie jusqu'à finir ailleurs. Elle est dite chaotique si les deux loss finales
    diffèrent de plus de ``rtol`` (en relatif, plus ``atol``), c'est-à-dire si l'écart de 1e-9 a été
    amplifié plus d'un million de fois, ou si l'une diverge et pas l'autre. Sa loss finale dépend alors des derniers bits de
    l'arithmétique, et l'on ne peut en rapporter que ce qui est robuste (qu'elle erre, la bande
    où elle reste). ``run_options`` passe à ``run``, pour les deux exécutions (mêmes mini-batches).
    """
    start = run_options.pop("start", None)
    start = problem.start if start is None else start

    def nudged(p):  # décalé en relatif, et en absolu là où le départ est nul
        p = np.asarray(p, dtype=float)
        return p + shift * (np.abs(p) + 1)

    shifted = [nudged(p) for p in start] if isinstance(start, list) else nudged(start)
    first = run(make_optimizer(), problem, steps, start=start, **run_options)
    twin = run(make_optimizer(), problem, steps, start=shifted, **run_options)
    if first.diverged or twin.diverged:
        return first, first.diverged != twin.diverged
    return first, bool(abs(first.final_loss - twin.final_loss) > rtol * abs(first.final_loss) + atol)


def benchmark_problems(n_samples=1000, n_features=10, seed=0):
    """Les trois problèmes de comparaison des chapitres 7 et 8, et la loss minimale de chacun.

    - « régression » : une régression linéaire aux variables d'échelle comparable ;
    - « échelles variées » : la même, chaque variable (hors biais) multipliée par un facteur de
      0.1 à 10, comme des données non normalisées ; le minimum de la loss ne change pas, mais la
      courbure varie d'un facteur 10⁴ d'une direction à l'autre ;
    - « logistique » : une régression logistique à deux classes qui se chevauchent.

    Rend ``(problems, min_loss)``, deux dictionnaires indexés par ces noms.
    """
    X, y, _ = make_regression(n_samples=n_samples, n_features=n_features, noise=0.5, seed=seed)
    Xc, yc = make_classification(n_samples=n_samples, n_features=n_features, separation=2.0, seed=seed)
    scales = np.concatenate([[1.0], np.geomspace(0.1, 10, n_features - 1)])  # le biais garde l'échelle 1
    problems = {
        "régression": LinearRegression(X, y),
        "échelles variées": LinearRegression(X * scales, y),
        "logistique": LogisticRegression(Xc, yc),
    }
    solutions = {name: problem.solution() if isinstance(problem, LinearRegression) else logistic_solution(problem)
                 for name, problem in problems.items()}
    return problems, {name: problems[name].loss(w) for name, w in solutions.items()}
