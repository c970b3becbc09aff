"""Produit ``torch_reference.npz`` : des trajectoires de ``torch.optim`` (PyTorch 2.13).

Les tests comparent optim_lib à ces trajectoires sans avoir besoin de PyTorch. Pour les refaire :

    pip install torch==2.13.0 numpy
    python tests/data/make_reference.py

Le problème est une somme de quadratiques aléatoires sur deux paramètres (une matrice 3x4 et un
vecteur de 5), avec un bruit différent à chaque pas. Le gradient est calculé par numpy, de la
même façon des deux côtés : seule l'arithmétique de l'optimizer peut différer.

Chaque cas donne les hyperparamètres de torch.optim et ceux d'optim_lib sous lesquels les deux
font le même algorithme (voir les docstrings d'optim_lib pour les correspondances).
"""

import json
from pathlib import Path

import numpy as np
import torch

STEPS = 60
SHAPES = [(3, 4), (5,)]

# nom du cas -> (classe torch, hyperparamètres torch, classe optim_lib, hyperparamètres optim_lib)
CASES = {
    "SGD": ("SGD", {"lr": 0.05}, "SGD", {"lr": 0.05}),
    # dampening=momentum donne v = beta v + (1 - beta) g ; le tampon initialisé à zéro (voir
    # plus bas) évite le premier pas particulier de PyTorch, qui prend v = g.
    "Momentum": ("SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.9}, "Momentum", {"lr": 0.05, "momentum": 0.9}),
    # PyTorch ajoute eps hors de la racine ; un accumulateur initial de eps le met dedans.
    "Adagrad": ("Adagrad", {"lr": 0.1, "eps": 0.0, "initial_accumulator_value": 0.1}, "Adagrad", {"lr": 0.1, "eps": 0.1}),
    # Pour RMSProp aucun réglage de PyTorch ne met eps sous la racine : comparaison avec eps=0.
    "RMSProp": ("RMSprop", {"lr": 0.01, "alpha": 0.9, "eps": 0.0}, "RMSProp", {"lr": 0.01, "alpha": 0.9, "eps": 0.0}),
    "AdaDelta": ("Adadelta", {"lr": 1.0, "rho": 0.9, "eps": 1e-3}, "AdaDelta", {"rho": 0.9, "eps": 1e-3}),
    "Adam": ("Adam", {"lr": 0.05, "betas": (0.9, 0.999), "eps": 1e-8}, "Adam", {"lr": 0.05, "betas": (0.9, 0.999), "eps": 1e-8}),
    "Adam_L2": ("Adam", {"lr": 0.05, "weight_decay": 0.1}, "Adam", {"lr": 0.05, "weight_decay": 0.1}),
    "AdamW": ("AdamW", {"lr": 0.05, "weight_decay": 0.1}, "AdamW", {"lr": 0.05, "weight_decay": 0.1}),
    "AdaMax": ("Adamax", {"lr": 0.05, "betas": (0.8, 0.99)}, "AdaMax", {"lr": 0.05, "betas": (0.8, 0.99)}),
    "Nadam": ("NAdam", {"lr": 0.05}, "Nadam", {"lr": 0.05}),
}


def make_problem(seed=0):
    rng = np.random.default_rng(seed)
    problem = {}
    for i, shape in enumerate(SHAPES):
        n = int(np.prod(shape))
        M = rng.normal(size=(n, n))
        problem[f"A{i}"] = M @ M.T / n + 0.1 * np.eye(n)
        problem[f"c{i}"] = rng.normal(size=n)
        problem[f"start{i}"] = rng.normal(size=shape)
        problem[f"noise{i}"] = 0.5 * rng.normal(size=(STEPS, *shape))
    return problem


def gradient(problem, i, theta, step):
    """Le gradient du paramètre ``i`` au pas ``step`` (compté à partir de 0)."""
    A, c = problem[f"A{i}"], problem[f"c{i}"]
    return (A @ theta.ravel() + c).reshape(theta.shape) + problem[f"noise{i}"][step]


def torch_trajectory(problem, torch_name, torch_hyper):
    params = [torch.tensor(problem[f"start{i}"], requires_grad=True) for i in range(len(SHAPES))]
    optimizer = getattr(torch.optim, torch_name)(params, foreach=False, **torch_hyper)
    if torch_hyper.get("momentum"):
        for p in params:
            optimizer.state[p]["momentum_buffer"] = torch.zeros_like(p)
    history = [[p.detach().numpy().copy() for p in params]]
    for step in range(STEPS):
        for i, p in enumerate(params):
            p.grad = torch.from_numpy(gradient(problem, i, p.detach().numpy(), step))
        optimizer.step()
        history.append([p.detach().numpy().copy() for p in params])
    return [np.array([h[i] for h in history]) for i in range(len(SHAPES))]


def main():
    torch.set_default_dtype(torch.float64)
    problem = make_problem()
    arrays = dict(problem)
    cases = {}
    for name, (torch_name, torch_hyper, lib_name, lib_hyper) in CASES.items():
        for i, trajectory in enumerate(torch_trajectory(problem, torch_name, torch_hyper)):
            arrays[f"{name}_trajectory{i}"] = trajectory
        cases[name] = {"torch": [torch_name, torch_hyper], "optim_lib": [lib_name, lib_hyper]}
    arrays["cases"] = np.array(json.dumps({"torch_version": torch.__version__, "steps": STEPS, "cases": cases}))
    np.savez_compressed(Path(__file__).with_name("torch_reference.npz"), **arrays)


if __name__ == "__main__":
    main()
