"""Comparer des optimizers selon un protocole qu'un expert accepterait.

Un classement tiré d'une seule graine, ou d'un learning rate choisi pour l'un et pas pour l'autre,
ne dit rien. ``compare`` applique à chaque optimizer le même protocole :

1. un balayage du learning rate sur au moins quatre ordres de grandeur, par pas d'au plus un
   demi-ordre de grandeur (``check_grid``), avec les mêmes options pour tous (mini-batches,
   calendrier d'échauffement puis cosinus, nombre de pas) ;
2. chaque réglage est mesuré sur plusieurs graines (au moins cinq), et le meilleur learning rate
   est celui de la meilleure moyenne ; il doit tomber strictement à l'intérieur de la grille, sinon
   la grille est trop étroite et ``compare`` refuse de conclure ;
3. ce meilleur réglage est rejoué sur d'autres graines, jamais vues pendant le choix : c'est ce
   second résultat, sans l'avantage d'avoir été choisi, que l'on compare ;
4. chaque résultat est une moyenne et un intervalle de confiance à 95 % (loi de Student) ; deux
   optimizers dont les intervalles se chevauchent sont à égalité (``ties``).
"""

import math
from dataclasses import dataclass

import numpy as np

from ..running.batched import BatchedRuns, run_batched

__all__ = ["MIN_DECADES", "MAX_SPACING", "MIN_SEEDS", "Result", "check_grid", "compare", "lr_grid", "ties",
           "versus", "final_loss", "steps_to"]

MIN_DECADES = 4.0
"""L'étendue minimale du balayage, en ordres de grandeur."""
MAX_SPACING = 0.5
"""L'écart maximal entre deux learning rates voisins du balayage, en ordre de grandeur."""
MIN_SEEDS = 5
"""Le nombre minimal de graines, pour le choix comme pour la mesure finale."""

# Quantiles à 97,5 % de la loi de Student, selon le nombre de degrés de liberté (graines − 1).
_STUDENT_975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262,
                10: 2.228, 11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 19: 2.093, 24: 2.064, 29: 2.045}


def lr_grid(low, high, per_decade=2):
    """Des learning rates de ``low`` à ``high``, ``per_decade`` par ordre de grandeur, bornes comprises."""
    exponents = np.arange(math.log10(low), math.log10(high) + 1e-9, 1 / per_decade)
    return 10.0 ** exponents


def check_grid(lrs):
    """Vérifie qu'un balayage suit le protocole : au moins ``MIN_DECADES``, des pas d'au plus ``MAX_SPACING``."""
    lrs = np.sort(np.asarray(lrs, dtype=float))
    if lrs.size < 3 or np.any(lrs <= 0):
        raise ValueError(f"Grille de learning rates invalide : {lrs.tolist()} (au moins trois valeurs positives)")
    span = math.log10(lrs[-1] / lrs[0])
    widest = float(np.max(np.diff(np.log10(lrs))))
    if span < MIN_DECADES - 1e-9:
        raise ValueError(f"La grille couvre {span:.2f} ordres de grandeur : il en faut au moins {MIN_DECADES:g}")
    if widest > MAX_SPACING + 1e-9:
        raise ValueError(f"Deux learning rates voisins de la grille sont à {widest:.2f} ordre de grandeur : "
                         f"au plus {MAX_SPACING:g}")


def final_loss(runs):
    """La loss finale de chaque copie (``inf`` si elle a divergé) : un score à minimiser."""
    return runs.final_losses


def steps_to(target):
    """Un score : le premier pas noté où la loss passe sous ``target`` (``inf`` si jamais)."""
    def score(runs):
        below = runs.losses < target
        first = np.argmax(below, axis=0)
        return np.where(below.any(axis=0), runs.steps[first], np.inf).astype(float)
    score.__name__ = f"pas pour loss < {target:g}"
    return score


@dataclass
class Result:
    """Un optimizer passé au protocole.

    ``lrs`` et ``sweep`` : la grille et les scores du balayage, ``(learning rates, graines)`` ;
    ``best_lr`` : le meilleur learning rate ; ``scores`` : les scores du meilleur réglage rejoué sur
    des graines neuves ; ``runs`` : ces dernières exécutions (``BatchedRuns``) ; ``tuning`` : celles du
    balayage, pour en tirer d'autres mesures que le score.
    """

    name: str
    lrs: np.ndarray
    sweep: np.ndarray
    best_lr: float
    scores: np.ndarray
    runs: BatchedRuns
    tuning: BatchedRuns = None

    @property
    def mean(self):
        return float(np.mean(self.scores))

    @property
    def interval(self):
        """L'intervalle de confiance à 95 % de la moyenne (infini si un score l'est)."""
        if not np.all(np.isfinite(self.scores)):
            return (self.mean, math.inf)
        n = self.scores.size
        half = _student(n - 1) * np.std(self.scores, ddof=1) / math.sqrt(n)
        return (self.mean - half, self.mean + half)

    @property
    def sweep_means(self):
        """La moyenne sur les graines de chaque learning rate du balayage (``inf`` si une graine diverge)."""
        return self.sweep.mean(axis=1)


def _student(dof):
    known = [k for k in _STUDENT_975 if k <= dof]
    return _STUDENT_975[max(known)] if known else _STUDENT_975[1]


def compare(optimizers, problem, steps, lrs, score=final_loss, seeds=range(MIN_SEEDS),
            fresh_seeds=range(MIN_SEEDS, 2 * MIN_SEEDS), measure_options=None, **run_options):
    """Passe chaque optimizer au protocole (voir le module) ; rend ``{nom: Result}``.

    ``optimizers`` associe un nom à ``make(lr)``, qui construit l'optimizer pour une colonne de
    learning rates. ``lrs`` est une grille commune ou un dictionnaire ``{nom: grille}`` ; chaque
    grille est vérifiée par ``check_grid``. ``score(runs)`` donne, pour chaque copie, le nombre à
    minimiser (``final_loss`` par défaut, ou ``steps_to(cible)``). ``run_options`` passe à
    ``run_batched`` pour tous (``batch_size``, ``schedule``, ``starts``, ``loss_every``...).
    ``measure_options`` complète ou remplace ces options pour les seules exécutions de mesure, sur
    les graines neuves : par exemple ``{"loss_every": 25}`` pour tracer leurs courbes quand le choix,
    lui, ne lit que la loss finale (``loss_every=steps`` : sur un réseau, la loss sur tout le jeu
    de données coûte autant que des dizaines de pas).

    Lève ``ValueError`` si un optimizer a son meilleur learning rate au bord de sa grille.
    """
    seeds, fresh_seeds = list(seeds), list(fresh_seeds)
    if len(seeds) < MIN_SEEDS or len(fresh_seeds) < MIN_SEEDS:
        raise ValueError(f"Il faut au moins {MIN_SEEDS} graines pour le choix et {MIN_SEEDS} autres pour la mesure")
    if set(seeds) & set(fresh_seeds):
        raise ValueError("Les graines de la mesure doivent être neuves : aucune ne doit servir au choix")
    results = {}
    for name, make in optimizers.items():
        grid = np.asarray(lrs[name] if isinstance(lrs, dict) else lrs, dtype=float)
        check_grid(grid)
        tuning = run_batched(make, problem, steps, seeds=seeds, grid={"lr": grid}, **run_options)
        sweep = tuning.grid(score(tuning))
        means = sweep.mean(axis=1)
        best = int(np.argmin(means))
        if not np.isfinite(means[best]):
            raise ValueError(f"{name} : aucun learning rate de la grille n'aboutit sur toutes les graines")
        if best in (0, len(grid) - 1):
            side = "petit" if best == 0 else "grand"
            raise ValueError(f"{name} : le meilleur learning rate ({grid[best]:.3g}) est le plus {side} de la grille ; "
                             f"élargissez-la de ce côté")
        final = run_batched(make, problem, steps, seeds=fresh_seeds, grid={"lr": [grid[best]]},
                            **{**run_options, **(measure_options or {})})
        results[name] = Result(name=name, lrs=grid, sweep=sweep, best_lr=float(grid[best]), scores=score(final),
                               runs=final, tuning=tuning)
    return results


def ties(results):
    """Les optimizers à égalité avec le meilleur : ceux dont l'intervalle chevauche le sien.

    Rend la liste des noms, du meilleur au moins bon, tous à égalité avec le premier.
    """
    order = sorted(results, key=lambda name: results[name].mean)
    low, high = results[order[0]].interval
    return [name for name in order if results[name].interval[0] <= high]


def versus(first, second):
    """``first`` comparé à ``second`` (deux ``Result``, score à minimiser) : « mieux », « à égalité » ou « moins bien »."""
    (low_a, high_a), (low_b, high_b) = first.interval, second.interval
    if high_a < low_b:
        return "mieux"
    if high_b < low_a:
        return "moins bien"
    return "à égalité"
