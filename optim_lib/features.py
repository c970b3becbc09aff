"""Des données à caractéristiques rares et fréquentes, pour le chapitre sur Adagrad.

Chaque exemple a des caractéristiques binaires (0 ou 1), comme la présence d'un mot dans un
texte : certaines apparaissent dans un exemple sur deux, d'autres dans un sur cent. Le poids
d'une caractéristique rare ne reçoit un gradient non nul que dans les rares mini-batches où elle
apparaît : c'est le cas que le cours donne en faveur d'Adagrad. Les données se prêtent à
``LinearRegression`` (module ``data``) et à la boucle ``run``.
"""

import numbers

import numpy as np

__all__ = ["make_sparse_features"]


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
