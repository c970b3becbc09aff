"""Produit ``pytorch_variants.npz`` : des trajectoires de ``torch.optim.RMSprop`` et ``Adadelta``.

``tests/test_pytorch_variants.py`` y compare ``optim_lib.pytorch_variants`` sans avoir besoin de
PyTorch. Les cas sont choisis pour que l'écart avec le cours se voie : un ``eps`` assez grand
pour que sa place (dans la racine ou après) change le pas, un ``lr`` d'Adadelta différent de 1.
Pour les refaire :

    pip install torch==2.13.0 numpy
    python tests/data/make_pytorch_variants.py

Le problème et la boucle sont ceux de ``make_reference.py``.
"""

import json
from pathlib import Path

import numpy as np
import torch

from make_reference import STEPS, SHAPES, make_problem, torch_trajectory

# nom du cas -> (classe torch, hyperparamètres torch, classe d'optim_lib.pytorch_variants)
CASES = {
    "RMSprop_eps": ("RMSprop", {"lr": 0.01, "alpha": 0.9, "eps": 0.1}, "RMSPropTorch"),
    "RMSprop_default": ("RMSprop", {"lr": 0.01, "alpha": 0.99, "eps": 1e-3}, "RMSPropTorch"),
    "Adadelta_lr": ("Adadelta", {"lr": 0.5, "rho": 0.9, "eps": 1e-3}, "AdaDeltaTorch"),
    "Adadelta_big_lr": ("Adadelta", {"lr": 2.0, "rho": 0.95, "eps": 1e-4}, "AdaDeltaTorch"),
}


def main():
    torch.set_default_dtype(torch.float64)
    problem = make_problem()
    arrays = dict(problem)
    cases = {}
    for name, (torch_name, hyper, lib_name) in CASES.items():
        for i, trajectory in enumerate(torch_trajectory(problem, torch_name, hyper)):
            arrays[f"{name}_trajectory{i}"] = trajectory
        cases[name] = {"torch": torch_name, "optim_lib": lib_name, "hyper": hyper}
    arrays["cases"] = np.array(json.dumps({"torch_version": torch.__version__, "steps": STEPS, "cases": cases}))
    assert len(SHAPES) == 2
    np.savez_compressed(Path(__file__).with_name("pytorch_variants.npz"), **arrays)


if __name__ == "__main__":
    main()
