"""Les optimizers : conformes à torch.optim, à leur mémoire annoncée, et sûrs face aux erreurs."""

import copy
import json
from pathlib import Path

import numpy as np
import pytest

import optim_lib
from optim_lib import AdaDelta, AdaMax, Adagrad, Adam, AdamW, Momentum, Nadam, RMSProp, SGD

REFERENCE = np.load(Path(__file__).parent / "data" / "torch_reference.npz")
META = json.loads(str(REFERENCE["cases"]))


def gradient(i, theta, step):
    """Le gradient du problème de ``make_reference.py`` (recopié pour ne pas importer torch)."""
    A, c = REFERENCE[f"A{i}"], REFERENCE[f"c{i}"]
    return (A @ theta.ravel() + c).reshape(theta.shape) + REFERENCE[f"noise{i}"][step]


@pytest.mark.parametrize("case", sorted(META["cases"]))
def test_matches_torch_reference(case):
    lib_name, hyper = META["cases"][case]["optim_lib"]
    if "betas" in hyper:
        hyper["betas"] = tuple(hyper["betas"])
    optimizer = getattr(optim_lib, lib_name)(**hyper)
    params = [REFERENCE["start0"].copy(), REFERENCE["start1"].copy()]
    assert META["steps"] >= 50
    for step in range(META["steps"]):
        optimizer.step(params, [gradient(i, p, step) for i, p in enumerate(params)])
        for i, p in enumerate(params):
            expected = REFERENCE[f"{case}_trajectory{i}"][step + 1]
            np.testing.assert_allclose(p, expected, rtol=1e-10, atol=1e-12, err_msg=f"{case}, pas {step + 1}")


def test_reference_trajectories_move():
    """Garde-fou : une trajectoire immobile ferait passer la comparaison pour rien."""
    for case in META["cases"]:
        trajectory = REFERENCE[f"{case}_trajectory0"]
        assert np.linalg.norm(trajectory[-1] - trajectory[0]) > 0.1, case


def test_rmsprop_epsilon_inside_the_root():
    """Dérivation indépendante : H = G + eps suit H = beta H + (1 - beta)(g² + eps), H0 = eps."""
    beta, eps, lr = 0.9, 0.1, 0.01
    rng = np.random.default_rng(1)
    theta = rng.normal(size=6)
    expected, H = theta.copy(), np.full(6, eps)
    optimizer = RMSProp(lr=lr, alpha=beta, eps=eps)
    for _ in range(60):
        g = rng.normal(size=6) + theta
        H = beta * H + (1 - beta) * (g * g + eps)
        expected = expected - lr / np.sqrt(H) * g
        optimizer.step(theta, g.copy())
    np.testing.assert_allclose(theta, expected, rtol=1e-12)


def test_momentum_differs_from_torch_default_by_one_over_one_minus_beta():
    """Sur un gradient constant, le v du cours tend vers g, celui de PyTorch (dampening=0) vers g/(1-beta)."""
    beta, g = 0.9, np.array([2.0])
    optimizer = Momentum(lr=0.1, momentum=beta)
    theta, v_torch = np.array([0.0]), 0.0
    for _ in range(300):
        optimizer.step(theta, g)
        v_torch = beta * v_torch + g
    np.testing.assert_allclose(optimizer.state[0]["v"], g)
    np.testing.assert_allclose(v_torch / optimizer.state[0]["v"], 1 / (1 - beta))


# La table du cours : paramètres compris, SGD n ; momentum, Adagrad, RMSProp 2n ; les autres 3n.
MEMORY = {SGD: 1, Momentum: 2, Adagrad: 2, RMSProp: 2, AdaDelta: 3, Adam: 3, AdamW: 3, AdaMax: 3, Nadam: 3}


@pytest.mark.parametrize("cls", optim_lib.OPTIMIZERS)
def test_memory_matches_course_table(cls):
    params = [np.zeros((30, 20)), np.zeros(20), np.zeros((20, 7))]
    n = sum(p.size for p in params)
    optimizer = cls()
    assert optimizer.state_size() == 0
    optimizer.step(params, [np.ones_like(p) for p in params])
    assert n + optimizer.state_size() == MEMORY[cls] * n
    assert optimizer.state_nbytes() == 8 * optimizer.state_size()


@pytest.mark.parametrize("cls", optim_lib.OPTIMIZERS)
def test_array_and_list_give_the_same_steps(cls):
    rng = np.random.default_rng(2)
    single, layered = rng.normal(size=5), None
    layered = [single[:2].copy(), single[2:].copy()]
    a, b = cls(), cls()
    for _ in range(10):
        g = rng.normal(size=5)
        a.step(single, g)
        b.step(layered, [g[:2], g[2:]])
    np.testing.assert_array_equal(single, np.concatenate(layered))


BAD_HYPERPARAMETERS = [
    (SGD, {"lr": -1.0}, "lr", "-1.0"),
    (SGD, {"lr": 0.0}, "lr", "0.0"),
    (SGD, {"lr": float("nan")}, "lr", "nan"),
    (Momentum, {"momentum": 1.0}, "momentum", "1.0"),
    (Momentum, {"momentum": -0.1}, "momentum", "-0.1"),
    (Adagrad, {"eps": -1e-8}, "eps", "-1e-08"),
    (RMSProp, {"alpha": 1.5}, "alpha", "1.5"),
    (AdaDelta, {"rho": 1.0}, "rho", "1.0"),
    (AdaDelta, {"eps": -1.0}, "eps", "-1.0"),
    (Adam, {"betas": (0.9, 1.0)}, "betas[1]", "1.0"),
    (Adam, {"betas": (-0.1, 0.999)}, "betas[0]", "-0.1"),
    (Adam, {"lr": -0.001}, "lr", "-0.001"),
    (AdamW, {"weight_decay": -0.01}, "weight_decay", "-0.01"),
    (AdaMax, {"eps": -1.0}, "eps", "-1.0"),
    (Nadam, {"momentum_decay": -1.0}, "momentum_decay", "-1.0"),
]


@pytest.mark.parametrize("cls, hyper, name, value", BAD_HYPERPARAMETERS)
def test_invalid_hyperparameter_is_refused_in_french(cls, hyper, name, value):
    with pytest.raises(ValueError, match="invalide") as error:
        cls(**hyper)
    assert f"{name} : {value}" in str(error.value)


def _trained(cls):
    """Un optimizer et des paramètres après trois pas : l'état n'est plus à zéro."""
    rng = np.random.default_rng(3)
    params = [rng.normal(size=(2, 3)), rng.normal(size=4)]
    optimizer = cls()
    for _ in range(3):
        optimizer.step(params, [rng.normal(size=p.shape) for p in params])
    return optimizer, params


BAD_GRADIENTS = {
    "nan": (lambda: [np.ones((2, 3)), np.array([1.0, np.nan, 1.0, 1.0])], "paramètre 1 contient une valeur non finie (nan)"),
    "inf": (lambda: [np.full((2, 3), np.inf), np.ones(4)], "paramètre 0 contient une valeur non finie (inf)"),
    "forme": (lambda: [np.ones((2, 3)), np.ones(5)], "paramètre 1 a la forme (5,), mais le paramètre a la forme (4,)"),
    "nombre": (lambda: [np.ones((2, 3))], "1 gradient(s) pour 2 paramètre(s)"),
}


@pytest.mark.parametrize("cls", optim_lib.OPTIMIZERS)
@pytest.mark.parametrize("kind", sorted(BAD_GRADIENTS))
def test_bad_gradient_is_refused_and_changes_nothing(cls, kind):
    make_grads, message = BAD_GRADIENTS[kind]
    optimizer, params = _trained(cls)
    params_before, state_before = copy.deepcopy(params), copy.deepcopy(optimizer.state)
    with pytest.raises(ValueError) as error:
        optimizer.step(params, make_grads())
    assert message in str(error.value)
    for p, before in zip(params, params_before):
        np.testing.assert_array_equal(p, before)
    assert optimizer.t == 3
    for state, before in zip(optimizer.state, state_before):
        assert state.keys() == before.keys()
        for name in state:
            np.testing.assert_array_equal(state[name], before[name])


def test_bad_gradient_on_first_step_leaves_no_state():
    optimizer, theta = Adam(), np.ones(3)
    with pytest.raises(ValueError):
        optimizer.step(theta, np.array([0.0, np.nan, 0.0]))
    assert optimizer.state is None and optimizer.t == 0
    np.testing.assert_array_equal(theta, np.ones(3))


def test_parameters_changing_shape_ask_for_reset():
    optimizer = Adam()
    optimizer.step(np.ones(3), np.ones(3))
    with pytest.raises(ValueError, match="reset"):
        optimizer.step(np.ones(4), np.ones(4))
    optimizer.reset()
    optimizer.step(np.ones(4), np.ones(4))


def test_non_float64_parameters_are_refused():
    with pytest.raises(ValueError, match="float64"):
        SGD().step(np.ones(3, dtype=np.float32), np.ones(3, dtype=np.float32))


def test_repr_shows_hyperparameters():
    assert repr(Adam(lr=0.1)) == "Adam(lr=0.1, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0)"


@pytest.mark.parametrize("cls", optim_lib.OPTIMIZERS)
def test_a_column_of_hyperparameters_runs_one_copy_per_row(cls):
    """Une colonne de learning rates (ou d'epsilons pour AdaDelta) : chaque ligne fait le pas de son réglage."""
    name = "eps" if cls is optim_lib.AdaDelta else "lr"
    values = np.array([[1e-3], [1e-2], [1e-1]])
    rng = np.random.default_rng(0)
    start, grads = rng.standard_normal((3, 4)), [rng.standard_normal((3, 4)) for _ in range(5)]
    theta, together = start.copy(), cls(**{name: values})
    for g in grads:
        together.step(theta, g)
    for row, value in enumerate(values[:, 0]):
        single, alone = start[row].copy(), cls(**{name: float(value)})
        for g in grads:
            alone.step(single, g[row].copy())
        np.testing.assert_allclose(theta[row], single, rtol=1e-12)


def test_a_bad_value_in_a_column_is_named_and_nothing_changes():
    with pytest.raises(ValueError, match=r"lr\[2, 0\] = nan"):
        optim_lib.Adam(lr=np.array([[0.1], [0.2], [np.nan]]))
    with pytest.raises(ValueError, match=r"momentum\[1\] = 1.0"):
        optim_lib.Momentum(momentum=np.array([0.5, 1.0]))
