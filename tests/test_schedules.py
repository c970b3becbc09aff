"""Les calendriers de learning rate, la boucle run qui les applique et le test de plage."""

import json
import math
from pathlib import Path

import numpy as np
import pytest

from optim_lib import AdaDelta, Adam, LinearRegression, Momentum, Parabola, SGD, make_regression, run
from optim_lib.running import Constant, Cosine, Geometric, StepDecay, WarmUp, lr_range_test

REFERENCE = json.loads((Path(__file__).parent / "data" / "torch_schedules.json").read_text(encoding="utf-8"))
SCHEDULES = {"Constant": Constant, "StepDecay": StepDecay, "Cosine": Cosine, "WarmUp": WarmUp}


@pytest.mark.parametrize("case", sorted(REFERENCE["cases"]))
def test_schedules_match_torch_lr_scheduler(case):
    """Les valeurs de torch.optim.lr_scheduler, produites par tests/data/make_schedule_reference.py."""
    expected = REFERENCE["cases"][case]["lrs"]
    schedule = eval(REFERENCE["cases"][case]["optim_lib"], SCHEDULES)
    ours = [schedule(t) for t in range(1, REFERENCE["steps"] + 1)]
    np.testing.assert_allclose(ours, expected, rtol=1e-12, atol=1e-15)


def test_schedule_values():
    assert [StepDecay(1.0, step_size=3, gamma=0.5)(t) for t in range(1, 8)] == [1, 1, 1, 0.5, 0.5, 0.5, 0.25]
    cosine = Cosine(2.0, total_steps=10, min_lr=0.5)
    assert cosine(1) == 2.0 and cosine(6) == pytest.approx(1.25) and cosine(11) == pytest.approx(0.5)
    assert cosine(50) == pytest.approx(0.5)  # reste au minimum après total_steps
    values = [cosine(t) for t in range(1, 12)]
    assert all(a > b for a, b in zip(values, values[1:]))
    warm = WarmUp(StepDecay(0.4, step_size=2, gamma=0.5), warmup_steps=4)
    np.testing.assert_allclose([warm(t) for t in range(1, 9)], [0.1, 0.2, 0.3, 0.4, 0.4, 0.4, 0.2, 0.2])
    geometric = Geometric(1e-3, 10.0, steps=5)
    np.testing.assert_allclose([geometric(t) for t in range(1, 6)], [1e-3, 1e-2, 1e-1, 1, 10])


@pytest.mark.parametrize("make, message", [
    (lambda: Constant(0.0), "lr"),
    (lambda: StepDecay(0.1, step_size=0), "step_size"),
    (lambda: StepDecay(0.1, step_size=5, gamma=1.5), "gamma"),
    (lambda: Cosine(0.1, total_steps=10, min_lr=0.2), "min_lr"),
    (lambda: WarmUp("vite", warmup_steps=3), "then"),
    (lambda: WarmUp(0.1, warmup_steps=0), "warmup_steps"),
    (lambda: Geometric(1.0, 0.1, steps=10), "max_lr"),
    (lambda: Geometric(0.1, 1.0, steps=1), "steps"),
])
def test_invalid_schedules_are_refused(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def regression():
    X, y, _ = make_regression(n_samples=120, n_features=3, noise=0.3, seed=4)
    return LinearRegression(X, y)


@pytest.mark.parametrize("batch_size", [None, 16])
def test_constant_schedule_reproduces_run(batch_size):
    model = regression()
    expected = run(Momentum(lr=0.1), model, 40, batch_size=batch_size, seed=3)
    optimizer = Momentum(lr=0.7)
    run(optimizer, model, 10, schedule=Constant(0.3))
    # Le même optimizer, déjà utilisé : son état est remis à zéro au départ, comme dans run.
    got = run(optimizer, model, 40, schedule=Constant(0.1), batch_size=batch_size, seed=3)
    np.testing.assert_array_equal(got.params, expected.params)
    np.testing.assert_array_equal(got.losses, expected.losses)
    np.testing.assert_array_equal(got.examples, expected.examples)


def test_each_step_uses_its_learning_rate():
    # Sur la parabole de courbure λ, le pas t multiplie θ par (1 - α_t λ).
    parabola = Parabola(curvature=2.0, start=3.0)
    schedule = StepDecay(0.3, step_size=2, gamma=0.5)
    trajectory = run(SGD(lr=1.0), parabola, 6, schedule=schedule)
    factors = [1 - schedule(t) * 2.0 for t in range(1, 7)]
    np.testing.assert_allclose(trajectory.params[:, 0], 3.0 * np.cumprod([1.0, *factors]))


def test_learning_rate_is_restored_and_bad_optimizers_refused():
    optimizer = Adam(lr=0.01)
    run(optimizer, Parabola(), 5, schedule=Cosine(0.5, total_steps=5))
    assert optimizer.lr == 0.01
    with pytest.raises(ValueError, match="au pas 3"):
        run(optimizer, Parabola(), 5, schedule=lambda t: 0.1 if t < 3 else -0.1)
    assert optimizer.lr == 0.01
    with pytest.raises(ValueError, match="AdaDelta n'a pas de learning rate"):
        run(AdaDelta(), Parabola(), 5, schedule=Constant(0.1))
    with pytest.raises(ValueError, match="n'a pas de données"):
        run(SGD(), Parabola(), 5, schedule=Constant(0.1), batch_size=4)


def test_divergence_stops_the_run():
    trajectory = run(SGD(), Parabola(), 200, schedule=Geometric(0.1, 100.0, steps=200))
    assert trajectory.diverged and "Divergence au pas" in trajectory.message
    assert len(trajectory.losses) < 200 and np.all(np.isfinite(trajectory.losses))


def test_range_test_on_a_parabola():
    parabola = Parabola(curvature=4.0, start=3.0)
    result = lr_range_test(SGD(), parabola, min_lr=1e-3, max_lr=10.0, steps=60)
    # Learning rates en progression géométrique, une loss par pas jusqu'à l'arrêt.
    ratios = result.lrs[1:] / result.lrs[:-1]
    np.testing.assert_allclose(ratios, ratios[0])
    assert result.lrs[0] == pytest.approx(1e-3) and len(result.losses) == len(result.lrs)
    # La loss s'envole au-delà de la limite de stabilité 2/λ = 0.5 : le test s'arrête avant 10.
    assert result.stopped and result.lrs[-1] < 10.0
    # Le minimum est atteint près de α = 1/λ, où un seul pas suffirait, et avant la limite.
    assert 0.1 < result.best_lr < 0.5
    assert result.best_lr == result.lrs[np.argmin(result.losses)]
    assert result.suggested_lr == pytest.approx(result.best_lr / 10)


def test_range_test_with_minibatches_finds_a_stable_learning_rate():
    model = regression()
    largest_curvature = np.linalg.eigvalsh(model.X.T @ model.X / model.n_samples).max()
    result = lr_range_test(Momentum(momentum=0.5), model, min_lr=1e-4, max_lr=100.0, steps=80, batch_size=16)
    assert result.stopped
    assert result.suggested_lr < 2 / largest_curvature < result.lrs[-1]
    # Le learning rate conseillé fait bien converger un entraînement ordinaire.
    trajectory = run(Momentum(lr=result.suggested_lr, momentum=0.5), model, 300, batch_size=16)
    assert trajectory.final_loss < 1.2 * model.loss(model.solution())


def test_range_test_refuses_a_learning_rate_that_explodes_at_once():
    with pytest.raises(ValueError, match="dès le premier pas"):
        lr_range_test(SGD(), Parabola(curvature=1.0), min_lr=50.0, max_lr=100.0, steps=10)


def test_warmup_cosine_is_a_factor_warming_up_on_five_percent_of_the_steps():
    from optim_lib.running import warmup_cosine

    schedule = warmup_cosine(300)
    assert schedule.warmup_steps == 15 and schedule(15) == pytest.approx(1.0) and schedule(1) == pytest.approx(1 / 15)
    assert schedule(300) == pytest.approx(0.007, abs=5e-4)  # ce que dit la docstring du dernier pas
    assert warmup_cosine(10).warmup_steps == 1  # au moins un pas d'échauffement
