"""La mémoire des optimizers : le tableau du cours, le pic d'un pas, Adam sur place, les grands modèles."""

import tracemalloc

import numpy as np
import pytest

import optim_lib
from optim_lib import Adam, SGD
from optim_lib.optimizers import InPlaceAdam
from optim_lib.measure import (COURSE_TABLE, course_multiple, in_units, model_memory_bytes, random_model,
                               step_peak_bytes)
from optim_lib.teaching import plot_model_memory, power_of_ten
from optim_lib.teaching.explorers import memory_explorer

# 30 000 nombres : 240 000 octets, sous le seuil (256 Kio) où numpy réutilise ses temporaires.
N = 30_000
# Le pic d'un pas en multiples de n, tel que le compte le chapitre 9 ligne à ligne.
PEAK = {"SGD": 2, "Momentum": 3, "Adagrad": 3, "RMSProp": 3, "AdaDelta": 5,
        "Adam": 7, "AdamW": 7, "AdaMax": 4, "Nadam": 6}


def test_in_units_rounds_small_overheads_and_refuses_the_rest():
    assert in_units(2 * 8 * N + 300, N) == 2
    assert in_units(3 * 4 * N, N, itemsize=4) == 3
    with pytest.raises(ValueError, match="pas un multiple entier"):
        in_units(int(2.5 * 8 * N), N)


@pytest.mark.parametrize("cls", optim_lib.OPTIMIZERS, ids=lambda c: c.__name__)
def test_course_multiple_is_the_course_table_and_adadelta_is_3n(cls):
    params, grads = random_model([(30, 20), (20,), (20, 7)])
    expected = COURSE_TABLE.get(cls.__name__, 3)  # AdaDelta, absent du cours : G et S, donc 3n
    assert course_multiple(cls(), params, grads) == expected
    assert set(COURSE_TABLE) | {"AdaDelta"} == {c.__name__ for c in optim_lib.OPTIMIZERS}


@pytest.mark.parametrize("cls", optim_lib.OPTIMIZERS, ids=lambda c: c.__name__)
def test_step_peak_matches_the_line_by_line_count(cls):
    params, grads = random_model([(N,)])
    assert in_units(step_peak_bytes(cls(), params, grads), N) == PEAK[cls.__name__]


def test_step_peak_counts_bytes_proportional_to_n():
    small = step_peak_bytes(SGD(), *random_model([(N // 2,)]))
    large = step_peak_bytes(SGD(), *random_model([(N,)]))
    assert abs(large - 2 * small) < 1000  # à quelques objets Python près
    assert abs(large - 2 * 8 * N) < 1000


def test_step_peak_leaves_the_callers_params_and_tracemalloc_alone():
    params, grads = random_model([(5, 4), (4,)])
    before = [p.copy() for p in params]
    step_peak_bytes(Adam(lr=0.1), params, grads)
    for p, b in zip(params, before):
        np.testing.assert_array_equal(p, b)
    assert not tracemalloc.is_tracing()
    tracemalloc.start()
    try:
        with pytest.raises(RuntimeError, match="tracemalloc"):
            step_peak_bytes(SGD(), params, grads)
    finally:
        tracemalloc.stop()


def test_in_place_adam_follows_adam_step_by_step():
    params, _ = random_model([(6, 3), (3,)], seed=1)
    pure, in_place = [p.copy() for p in params], [p.copy() for p in params]
    adam, adam_in_place = Adam(lr=0.05), InPlaceAdam(lr=0.05)
    rng = np.random.default_rng(2)
    for _ in range(50):
        grads = [rng.standard_normal(p.shape) + p for p in pure]
        adam.step(pure, grads)
        adam_in_place.step(in_place, grads)
        for a, b in zip(pure, in_place):
            np.testing.assert_allclose(b, a, rtol=1e-12, atol=1e-14)
    assert adam_in_place.t == adam.t == 50
    assert np.abs(pure[0] - params[0]).max() > 0.1  # garde-fou : les paramètres ont bougé


def test_in_place_adam_keeps_its_arrays_and_allocates_one_temporary():
    params, grads = random_model([(N,)])
    optimizer = InPlaceAdam()
    theta = params[0].copy()
    optimizer.step(theta, grads)
    m, v = optimizer.state[0]["m"], optimizer.state[0]["v"]
    optimizer.step(theta, grads)
    assert optimizer.state[0]["m"] is m and optimizer.state[0]["v"] is v
    assert in_units(step_peak_bytes(InPlaceAdam(), params, grads), N) == 1


def test_in_place_adam_checks_everything_before_writing():
    theta = np.zeros(3)
    optimizer = InPlaceAdam()
    with pytest.raises(ValueError, match="non finie"):
        optimizer.step(theta, np.array([1.0, np.nan, 1.0]))
    np.testing.assert_array_equal(theta, 0)
    assert optimizer.t == 0


def test_model_memory_bytes():
    assert model_memory_bytes(10**9, 3, "float32") == 12 * 10**9
    assert model_memory_bytes(10**8, 1, "bfloat16") == 2 * 10**8
    with pytest.raises(ValueError, match="Format inconnu"):
        model_memory_bytes(10, 1, "int8")


def test_power_of_ten():
    assert power_of_ten(1e9) == "10⁹"
    assert power_of_ten(3.2e10) == "3,2·10¹⁰"
    assert power_of_ten(3e8) == "3·10⁸"


def test_plot_and_explorer_build():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    plot_model_memory(ax, 1e9, {"SGD": 1, "Adam": 3})
    heights = [bar.get_height() for bar in ax.patches]
    plt.close(fig)
    assert heights == [4.0, 12.0]
    explorer = memory_explorer({"SGD": 1, "Adam": 3})
    plt.close("all")
    assert len(explorer.children) == 2
