"""Les jeux de données des chapitres : synthétiques (tirés avec une graine) ou livrés avec scikit-learn.

- ``make_regression``, ``make_classification`` : des données à deux classes ou à bruit gaussien ;
- ``make_sparse_features`` : des caractéristiques binaires rares et fréquentes, le cas que le cours
  donne en faveur d'Adagrad ;
- ``load_digits_split`` : les chiffres manuscrits 8×8 de scikit-learn (1 797 images, 10 classes),
  livrés avec la bibliothèque : rien n'est téléchargé ;
- ``benchmark_problems`` : les trois problèmes de comparaison des chapitres 7 et 8.

Tout tirage aléatoire passe par un ``seed``.
"""

import importlib.util
import numbers
from pathlib import Path

import numpy as np

from .models import LinearRegression, LogisticRegression, logistic_solution

__all__ = ["make_regression", "make_classification", "make_sparse_features", "load_digits_split", "benchmark_problems"]


def make_regression(n_samples=1000, n_features=2, noise=0.5, seed=0):
    """Des données ``y = X w* + bruit`` ; rend ``(X, y, w_true)``.

    La première colonne de ``X`` vaut 1 : son poids joue le rôle du biais.
    """
    rng = np.random.default_rng(seed)
    X = np.column_stack([np.ones(n_samples), rng.normal(size=(n_samples, n_features - 1))])
    w_true = rng.uniform(-2, 2, size=n_features)
    y = X @ w_true + noise * rng.normal(size=n_samples)
    return X, y, w_true


def make_classification(n_samples=1000, n_features=2, separation=2.0, seed=0):
    """Deux classes gaussiennes (étiquettes 0 et 1) ; rend ``(X, y)``.

    La première colonne de ``X`` vaut 1 (le biais) ; les centres des classes sont à distance
    ``separation`` l'un de l'autre.
    """
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size=n_samples).astype(float)
    direction = rng.normal(size=n_features - 1)
    direction *= separation / (2 * np.linalg.norm(direction))
    features = rng.normal(size=(n_samples, n_features - 1)) + np.outer(2 * y - 1, direction)
    return np.column_stack([np.ones(n_samples), features]), y


def make_sparse_features(n_samples=4000, frequencies=(0.5,) * 5 + (0.01,) * 5, noise=0.1, seed=0):
    """Des données ``y = X w* + bruit`` à caractéristiques binaires ; rend ``(X, y, w_true)``.

    La colonne ``j`` de ``X`` vaut 1 avec la probabilité ``frequencies[j]`` (tirage indépendant
    pour chaque exemple), 0 sinon. Les poids ``w_true`` sont tirés uniformément dans [-2, 2] et
    le bruit est gaussien, d'écart type ``noise``. Tout tirage passe par ``seed``.
    """
    if not (isinstance(n_samples, numbers.Integral) and n_samples >= 1):
        raise ValueError(f"n_samples invalide : {n_samples!r} (doit être un entier strictement positif)")
    p = np.asarray(frequencies, dtype=float)
    if p.ndim != 1 or p.size == 0 or not np.all((p > 0) & (p <= 1)):
        raise ValueError(
            f"frequencies invalide : {frequencies!r} (une liste non vide de probabilités dans ]0, 1])"
        )
    if not (isinstance(noise, numbers.Real) and np.isfinite(noise) and noise >= 0):
        raise ValueError(f"noise invalide : {noise!r} (doit être un nombre fini positif ou nul)")
    rng = np.random.default_rng(seed)
    X = (rng.random((n_samples, p.size)) < p).astype(float)
    w_true = rng.uniform(-2, 2, size=p.size)
    y = X @ w_true + noise * rng.normal(size=n_samples)
    return X, y, w_true


def load_digits_split(test_fraction=0.25, seed=0):
    """Les chiffres manuscrits de scikit-learn, séparés en entraînement et test.

    Rend ``(X_train, y_train, X_test, y_test)`` : 64 pixels par image, centrés et réduits avec la
    moyenne et l'écart-type du jeu d'entraînement seul (le test ne doit rien influencer), et les
    étiquettes de 0 à 9. Le tirage de la séparation dépend de ``seed``.
    """
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction invalide : {test_fraction!r} (doit être entre 0 et 1 exclus)")
    X, y = _digits()
    order = np.random.default_rng(seed).permutation(len(y))
    n_test = round(test_fraction * len(y))
    test, train = order[:n_test], order[n_test:]
    mean = X[train].mean(axis=0)
    std = X[train].std(axis=0)
    std[std == 0] = 1.0  # les pixels toujours blancs restent à zéro au lieu de diviser par zéro
    X = (X - mean) / std
    return X[train], y[train], X[test], y[test]


def _digits():
    """Les images (1 797 × 64, valeurs de 0 à 16) et les étiquettes des chiffres de scikit-learn.

    On lit directement le fichier que scikit-learn installe avec lui (c'est ce que fait
    ``sklearn.datasets.load_digits``) : importer ``sklearn.datasets`` prend près d'une seconde,
    bien plus que la lecture elle-même. Si le fichier n'est pas là, on passe par scikit-learn.
    """
    spec = importlib.util.find_spec("sklearn")
    path = Path(spec.origin).parent / "datasets" / "data" / "digits.csv.gz" if spec and spec.origin else None
    if path is not None and path.exists():
        table = np.loadtxt(path, delimiter=",")
        return table[:, :-1], table[:, -1].astype(int)
    from sklearn.datasets import load_digits

    digits = load_digits()
    return digits.data.astype(float), digits.target


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
