"""Résumer une trajectoire : le premier pas où une condition tient, l'écart final à l'optimum."""

import numpy as np

__all__ = ["first_step", "steps_below", "tail_gap"]


def first_step(condition):
    """Le premier indice où ``condition`` (un tableau de booléens, un par pas) est vraie, ou ``None``.

    C'est la question que posent beaucoup d'expériences : au bout de combien de pas la loss
    passe-t-elle sous un seuil, le point sort-il du plateau, franchit-il une ligne ?
    """
    hits = np.flatnonzero(np.asarray(condition))
    return int(hits[0]) if hits.size else None


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
    return first_step(trajectory.losses - min_loss < tol)
