"""Produit ``torch_schedules.json`` : les learning rates de ``torch.optim.lr_scheduler`` (PyTorch 2.13).

Les tests comparent les calendriers d'``optim_lib.schedules`` à ces valeurs sans avoir besoin de
PyTorch. Pour les refaire :

    pip install torch==2.13.0
    python tests/data/make_schedule_reference.py

Le calendrier est appelé après chaque pas, comme dans une boucle d'entraînement : la valeur
numéro ``k`` (en partant de 0) est le learning rate du pas ``t = k + 1`` d'optim_lib.
"""

import json
from pathlib import Path

import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, LinearLR, SequentialLR, StepLR

STEPS = 36  # au plus T_max + 1 pas de cosinus : au-delà, CosineAnnealingLR remonte, Cosine reste au minimum
LR = 0.5


def learning_rates(make_scheduler):
    parameter = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([parameter], lr=LR)
    scheduler = make_scheduler(optimizer)
    rates = []
    for _ in range(STEPS):
        rates.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    return rates


CASES = {
    # nom du cas -> (calendrier PyTorch, calendrier optim_lib équivalent, écrit pour eval)
    "StepDecay": (lambda opt: StepLR(opt, step_size=7, gamma=0.3), "StepDecay(0.5, step_size=7, gamma=0.3)"),
    "Cosine": (lambda opt: CosineAnnealingLR(opt, T_max=35, eta_min=0.01), "Cosine(0.5, total_steps=35, min_lr=0.01)"),
    "WarmUp": (lambda opt: LinearLR(opt, start_factor=1 / 5, end_factor=1.0, total_iters=4), "WarmUp(0.5, warmup_steps=5)"),
    "WarmUpCosine": (
        lambda opt: SequentialLR(opt, [LinearLR(opt, start_factor=1 / 5, end_factor=1.0, total_iters=4),
                                       CosineAnnealingLR(opt, T_max=30)], milestones=[5]),
        "WarmUp(Cosine(0.5, total_steps=30), warmup_steps=5)",
    ),
}

if __name__ == "__main__":
    reference = {"torch": torch.__version__, "steps": STEPS,
                 "cases": {name: {"optim_lib": ours, "lrs": learning_rates(make)} for name, (make, ours) in CASES.items()}}
    path = Path(__file__).with_name("torch_schedules.json")
    path.write_text(json.dumps(reference, indent=1) + "\n", encoding="utf-8")
    print(f"{path.name} : {len(CASES)} calendriers de {STEPS} pas")
