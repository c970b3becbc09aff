"""RMSProp et AdaDelta à la façon de PyTorch : conformes à torch.optim, et distincts du cours."""

import json
from pathlib import Path

import numpy as np
import pytest

from optim_lib import AdaDelta, RMSProp
from optim_lib.optimizers import AdaDeltaTorch, RMSPropTorch

DATA = np.load(Path(__file__).parent / "data" / "pytorch_variants.npz")
META = json.loads(str(DATA["cases"]))
CLASSES = {"RMSPropTorch": RMSPropTorch, "AdaDeltaTorch": AdaDeltaTorch}


def gradient(i, theta, step):
    """Le gradient du problème de ``make_reference.py`` (recopié pour ne pas importer torch)."""
    A, c = DATA[f"A{i}"], DATA[f"c{i}"]
    return (A @ theta.ravel() + c).reshape(theta.shape) + DATA[f"noise{i}"][step]


def trajectory(optimizer):
    params = [DATA["start0"].copy(), DATA["start1"].copy()]
    history = [[p.copy() for p in params]]
    for step in range(META["steps"]):
        optimizer.step(params, [gradient(i, p, step) for i, p in enumerate(params)])
        history.append([p.copy() for p in params])
    return [np.array([h[i] for h in history]) for i in range(2)]


@pytest.mark.parametrize("case", sorted(META["cases"]))
def test_matches_torch(case):
    spec = META["cases"][case]
    ours = trajectory(CLASSES[spec["optim_lib"]](**spec["hyper"]))
    for i in range(2):
        np.testing.assert_allclose(ours[i], DATA[f"{case}_trajectory{i}"], rtol=1e-10, atol=1e-12, err_msg=case)


@pytest.mark.parametrize("case", sorted(META["cases"]))
def test_cases_differ_from_the_course(case):
    """Garde-fou : avec ces réglages, la version du cours s'écarte nettement de PyTorch."""
    spec = META["cases"][case]
    hyper = dict(spec["hyper"])
    course = RMSProp(**hyper) if spec["optim_lib"] == "RMSPropTorch" else AdaDelta(rho=hyper["rho"], eps=hyper["eps"])
    gap = np.abs(trajectory(course)[0][-1] - DATA[f"{case}_trajectory0"][-1]).max()
    assert gap > 1e-3, case


def test_same_as_course_when_eps_is_zero_or_lr_is_one():
    rng = np.random.default_rng(0)
    a, b, c, d = np.ones(4), np.ones(4), np.ones(4), np.ones(4)
    rms, rms_torch = RMSProp(lr=0.05, alpha=0.9, eps=0.0), RMSPropTorch(lr=0.05, alpha=0.9, eps=0.0)
    delta, delta_torch = AdaDelta(rho=0.9, eps=1e-3), AdaDeltaTorch(lr=1.0, rho=0.9, eps=1e-3)
    for _ in range(40):
        g = rng.normal(size=4)
        rms.step(a, g + a)
        rms_torch.step(b, g + b)
        delta.step(c, g + c)
        delta_torch.step(d, g + d)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(c, d)


def test_adadelta_torch_keeps_the_step_before_lr_in_S():
    """Dans torch.optim.Adadelta, S moyenne le pas avant le facteur lr (pas le déplacement réel)."""
    optimizer, theta = AdaDeltaTorch(lr=0.25, rho=0.5, eps=1e-2), np.zeros(1)
    g = np.array([2.0])
    optimizer.step(theta, g)
    G = 0.5 * 4.0
    delta = np.sqrt(1e-2) / np.sqrt(G + 1e-2) * 2.0
    np.testing.assert_allclose(optimizer.state[0]["S"], 0.5 * delta**2)
    np.testing.assert_allclose(theta, -0.25 * delta)


@pytest.mark.parametrize("cls, hyper, name", [
    (RMSPropTorch, {"lr": -1.0}, "lr"),
    (RMSPropTorch, {"alpha": 1.0}, "alpha"),
    (RMSPropTorch, {"eps": -1e-8}, "eps"),
    (AdaDeltaTorch, {"lr": 0.0}, "lr"),
    (AdaDeltaTorch, {"rho": -0.5}, "rho"),
    (AdaDeltaTorch, {"eps": 0.0}, "eps"),
])
def test_invalid_hyperparameters_are_refused(cls, hyper, name):
    with pytest.raises(ValueError, match=f"invalide pour {name} "):
        cls(**hyper)
