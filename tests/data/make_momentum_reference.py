"""Produit ``momentum_reference.npz`` : deux réglages de ``torch.optim.SGD`` avec momentum (PyTorch 2.13).

Le chapitre 3 affirme deux correspondances avec le momentum du cours, que
``tests/test_momentum_pytorch.py`` vérifie sans avoir besoin de PyTorch :

- ``SGD(lr=α(1-β), momentum=β)`` (dampening=0, tampon laissé à PyTorch) fait exactement
  ``Momentum(lr=α, momentum=β)``, dès le premier pas ;
- ``SGD(lr=α, momentum=β, dampening=β)`` fait ``Momentum(lr=α, momentum=β)`` parti de ``v = g1``
  au lieu de ``v = 0`` (PyTorch crée son tampon en copiant le premier gradient).

Pour les refaire :

    pip install torch==2.13.0 numpy
    python tests/data/make_momentum_reference.py

Le problème est une quadratique aléatoire à 6 paramètres, avec un bruit différent à chaque pas ;
le gradient est calculé par numpy, de la même façon des deux côtés.
"""

from pathlib import Path

import numpy as np
import torch

STEPS = 60
ALPHA, BETA = 0.05, 0.9


def make_problem(seed=0):
    rng = np.random.default_rng(seed)
    M = rng.normal(size=(6, 6))
    return {"A": M @ M.T / 6 + 0.1 * np.eye(6), "c": rng.normal(size=6), "start": rng.normal(size=6),
            "noise": 0.5 * rng.normal(size=(STEPS, 6))}


def gradient(problem, theta, step):
    return problem["A"] @ theta + problem["c"] + problem["noise"][step]


def torch_trajectory(problem, **hyper):
    p = torch.tensor(problem["start"], requires_grad=True)
    optimizer = torch.optim.SGD([p], foreach=False, **hyper)
    history = [p.detach().numpy().copy()]
    for step in range(STEPS):
        p.grad = torch.from_numpy(gradient(problem, p.detach().numpy(), step))
        optimizer.step()
        history.append(p.detach().numpy().copy())
    return np.array(history)


def main():
    torch.set_default_dtype(torch.float64)
    problem = make_problem()
    np.savez_compressed(
        Path(__file__).with_name("momentum_reference.npz"),
        **problem,
        alpha=ALPHA,
        beta=BETA,
        lr_scaled=torch_trajectory(problem, lr=ALPHA * (1 - BETA), momentum=BETA),
        dampened=torch_trajectory(problem, lr=ALPHA, momentum=BETA, dampening=BETA),
        torch_version=torch.__version__,
    )


if __name__ == "__main__":
    main()
