"""Le bruit d'un gradient de mini-batch : mesuré sur les exemples, et prédit par la formule du chapitre 2."""

import numpy as np

__all__ = ["per_example_gradients", "minibatch_gradients", "minibatch_variance"]


def _check_batch_size(batch_size, n_samples):
    """Rend ``batch_size`` en tableau d'entiers, après avoir vérifié chacun (entre 1 et ``n_samples``)."""
    B = np.asarray(batch_size)
    if not (np.issubdtype(B.dtype, np.integer) and np.all((1 <= B) & (B <= n_samples))):
        raise ValueError(f"batch_size invalide : {batch_size!r} (doit être un entier entre 1 et {n_samples})")
    return B


def per_example_gradients(problem, theta):
    """Le gradient de la loss de chaque exemple en ``theta`` : un tableau ``(n_samples, dim)``."""
    return np.array([problem.grad(theta, np.array([i])) for i in range(problem.n_samples)])


def minibatch_gradients(problem, theta, batch_size, draws, seed=0, replace=False):
    """``draws`` gradients de mini-batch en ``theta``, un par ligne.

    Chaque mini-batch est tiré au hasard parmi les ``n_samples`` exemples, sans remise par
    défaut : c'est la loi de chacune des batches que ``run`` découpe dans une permutation des
    données (quand ``batch_size`` divise ``n_samples``). Avec ``replace=True``, un exemple peut
    revenir plusieurs fois dans la même batch. Les tirages sont indépendants les uns des autres.
    """
    n_samples = problem.n_samples
    _check_batch_size(batch_size, n_samples)
    rng = np.random.default_rng(seed)
    if replace:
        return np.array([problem.grad(theta, rng.integers(0, n_samples, batch_size)) for _ in range(draws)])
    return np.array([problem.grad(theta, rng.permutation(n_samples)[:batch_size]) for _ in range(draws)])


def minibatch_variance(problem, theta, batch_size, replace=False):
    r"""La variance prédite du gradient de mini-batch : :math:`E\lVert g_B - \nabla L \rVert^2`.

    Avec :math:`\sigma^2` la variance (moyenne sur les :math:`N` exemples) des gradients par
    exemple autour du gradient complet, elle vaut :math:`\frac{\sigma^2}{B} \frac{N - B}{N - 1}`
    pour un tirage sans remise, et :math:`\frac{\sigma^2}{B}` avec remise. ``batch_size`` peut
    être un tableau de batch sizes : la réponse est alors un tableau.
    """
    n_samples = problem.n_samples
    B = _check_batch_size(batch_size, n_samples)
    grads = per_example_gradients(problem, theta)
    sigma2 = np.mean(np.sum((grads - grads.mean(axis=0)) ** 2, axis=1))
    if replace:
        return sigma2 / B
    if n_samples == 1:
        return np.zeros_like(B, dtype=float)
    return sigma2 / B * (n_samples - B) / (n_samples - 1)
