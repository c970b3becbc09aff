"""Comparer des réglages : un balayage d'hyperparamètre, le meilleur réglage, les exécutions chaotiques."""

import numpy as np

from ..running.loop import run

__all__ = ["sweep", "best", "run_twins", "twin_start", "chaotic"]


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
    first = run(make_optimizer(), problem, steps, start=start, **run_options)
    twin = run(make_optimizer(), problem, steps, start=twin_start(start, shift), **run_options)
    if first.diverged or twin.diverged:
        return first, first.diverged != twin.diverged
    return first, bool(chaotic(first.final_loss, twin.final_loss, rtol, atol))


def twin_start(start, shift=1e-9):
    """Le départ du jumeau de ``run_twins`` : décalé de ``shift`` en relatif, et en absolu là où il est nul.

    ``start`` est un tableau, ou une liste de tableaux (les couches d'un réseau). Pour des copies
    qui avancent ensemble (``run_batched(..., starts=...)``), c'est le départ de la copie jumelle.
    """
    if isinstance(start, list):
        return [twin_start(p, shift) for p in start]
    p = np.asarray(start, dtype=float)
    return p + shift * (np.abs(p) + 1)


def chaotic(final_loss, twin_final_loss, rtol=1e-3, atol=1e-12):
    """La règle de ``run_twins`` : les loss finales d'une exécution et de sa jumelle diffèrent-elles ?

    Plus de ``rtol`` en relatif (plus ``atol``), ou l'une finie et l'autre non. Marche élément par
    élément sur des tableaux (des copies de ``run_batched`` et leurs jumelles).
    """
    final_loss, twin_final_loss = np.asarray(final_loss, dtype=float), np.asarray(twin_final_loss, dtype=float)
    with np.errstate(invalid="ignore"):
        apart = np.abs(final_loss - twin_final_loss) > rtol * np.abs(final_loss) + atol
    return apart | (np.isfinite(final_loss) != np.isfinite(twin_final_loss))
