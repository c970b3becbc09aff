"""Les problèmes (gradients exacts), les mini-batches, la boucle et les figures sans noyau."""

import numpy as np
import pytest

import optim_lib
from optim_lib import Adam, LinearRegression, LogisticRegression, Parabola, SGD, run

FUNCTIONS = [optim_lib.Parabola(), optim_lib.QuadraticValley(), optim_lib.Rosenbrock(), optim_lib.Saddle(), optim_lib.Landscape()]


def numerical_gradient(loss, theta, h=1e-6):
    return np.array([(loss(theta + h * e) - loss(theta - h * e)) / (2 * h) for e in np.eye(theta.size)])


@pytest.mark.parametrize("function", FUNCTIONS, ids=lambda f: type(f).__name__)
def test_function_gradient_and_minimum(function):
    rng = np.random.default_rng(0)
    for _ in range(5):
        theta = function.start + rng.normal(size=function.dim)
        np.testing.assert_allclose(function.grad(theta), numerical_gradient(function.loss, theta), atol=1e-5)
    np.testing.assert_allclose(function.grad(function.minimum), 0, atol=1e-12)
    # Le minimum annoncé est le plus bas de toute la zone tracée.
    grid = np.meshgrid(*[np.linspace(lo, hi, 301) for lo, hi in function.bounds])
    assert function.value(*grid).min() >= function.loss(function.minimum) - 1e-9


def test_landscape_has_a_shallow_local_minimum():
    landscape = optim_lib.Landscape()
    stuck = run(SGD(lr=0.1), landscape, 2000).final_params
    assert stuck[0] < 0 and np.linalg.norm(landscape.grad(stuck)) < 1e-4
    assert landscape.loss(stuck) > landscape.loss(landscape.minimum) + 0.3


@pytest.mark.parametrize("model_class, make", [
    (LinearRegression, lambda: optim_lib.make_regression(200, 4, seed=1)[:2]),
    (LogisticRegression, lambda: optim_lib.make_classification(200, 4, seed=1)),
])
def test_model_gradients(model_class, make):
    model = model_class(*make())
    w = np.random.default_rng(2).normal(size=4)
    np.testing.assert_allclose(model.grad(w), numerical_gradient(model.loss, w), atol=1e-7)
    # Moyennés sur une partition en batches égales, les gradients de mini-batch donnent le gradient exact.
    batches = np.split(np.random.default_rng(3).permutation(200), 8)
    np.testing.assert_allclose(np.mean([model.grad(w, b) for b in batches], axis=0), model.grad(w), atol=1e-12)


def test_data_sets_are_seeded():
    a, b = optim_lib.make_regression(seed=5), optim_lib.make_regression(seed=5)
    np.testing.assert_array_equal(a[0], b[0])
    assert not np.array_equal(a[1], optim_lib.make_regression(seed=6)[1])
    X, y = optim_lib.make_classification(500, 3, seed=0)
    assert set(np.unique(y)) == {0.0, 1.0} and np.all(X[:, 0] == 1)


def test_minibatches_cover_every_example_once_per_epoch():
    batches = optim_lib.minibatches(10, 4, np.random.default_rng(0))
    epoch = [next(batches) for _ in range(3)]
    assert [len(b) for b in epoch] == [4, 4, 2]
    assert sorted(np.concatenate(epoch)) == list(range(10))
    with pytest.raises(ValueError, match="batch_size"):
        next(optim_lib.minibatches(10, 0, np.random.default_rng(0)))


def test_run_records_every_step_and_leaves_the_start_alone():
    valley = optim_lib.QuadraticValley()
    start = valley.start.copy()
    trajectory = run(Adam(lr=0.1), valley, 50)
    assert trajectory.params.shape == (51, 2) and trajectory.losses.shape == (51,)
    np.testing.assert_array_equal(valley.start, start)
    np.testing.assert_array_equal(trajectory.params[0], start)
    assert trajectory.losses[-1] < trajectory.losses[0] and not trajectory.diverged
    np.testing.assert_allclose(trajectory.losses, [valley.loss(p) for p in trajectory.params])


def test_run_with_minibatches_is_reproducible():
    model = LinearRegression(*optim_lib.make_regression(100, 3, seed=0)[:2])
    a = run(SGD(lr=0.1), model, 30, batch_size=16, seed=4)
    b = run(SGD(lr=0.1), model, 30, batch_size=16, seed=4)
    c = run(SGD(lr=0.1), model, 30, batch_size=16, seed=5)
    np.testing.assert_array_equal(a.params, b.params)
    assert not np.array_equal(a.params, c.params)
    # 6 batches de 16 puis une de 4 par epoch de 100 exemples.
    assert a.examples[7] == 100 and a.examples[30] == 4 * 100 + 2 * 16
    full = run(SGD(lr=0.1), model, 3)
    assert list(full.examples) == [0, 100, 200, 300]


def test_run_refuses_batches_on_a_function():
    with pytest.raises(ValueError, match="pas de données"):
        run(SGD(), Parabola(), 5, batch_size=4)


@pytest.mark.parametrize("lr", [3.0, 1e30])
def test_diverging_run_stops_cleanly(lr):
    # Sur une parabole de courbure 1, un learning rate au-delà de 2 fait exploser les itérés.
    trajectory = run(SGD(lr=lr), Parabola(), 500)
    assert trajectory.diverged and "Divergence au pas" in trajectory.message
    assert len(trajectory.losses) < 500 and np.all(np.isfinite(trajectory.losses))
    assert len(trajectory.params) == len(trajectory.losses)


def test_converging_run_does_not_report_divergence():
    trajectory = run(SGD(lr=1.9), Parabola(), 500)
    assert not trajectory.diverged and trajectory.message == ""
    assert trajectory.final_loss < 1e-10


def test_run_on_a_list_of_parameters_without_recording():
    model = LinearRegression(*optim_lib.make_regression(50, 2, seed=0)[:2])

    class TwoPieces:  # le même modèle, ses deux poids rangés en deux tableaux
        n_samples, name = model.n_samples, "deux morceaux"
        start = [np.zeros(1), np.zeros(1)]
        loss = staticmethod(lambda p: model.loss(np.concatenate(p)))
        grad = staticmethod(lambda p, batch=None: list(np.split(model.grad(np.concatenate(p), batch), 2)))

    pieces = run(Adam(lr=0.1), TwoPieces(), 40, record_params=False)
    whole = run(Adam(lr=0.1), model, 40)
    np.testing.assert_allclose(pieces.losses, whole.losses, rtol=1e-12)
    assert pieces.params.size == 0


def test_slider_figure_is_self_contained_and_deterministic():
    def draw(fig, lr):
        trajectory = run(SGD(lr=lr), Parabola(), 10)
        fig.add_subplot().plot(trajectory.losses)

    first = optim_lib.slider_figure(draw, [0.1, 0.5, 1.0], "lr")
    html = first._repr_html_()
    assert html == optim_lib.slider_figure(draw, [0.1, 0.5, 1.0], "lr")._repr_html_()
    assert len(set(first.frames)) == 3 and first.labels == ["0.1", "0.5", "1"]
    assert 'type="range"' in html and 'max="2"' in html
    assert "http" not in html and "<link" not in html


def _pixels(frame):
    import base64
    import io

    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(base64.b64decode(frame))).convert("RGB"), dtype=float)


def test_slider_on_a_background_draws_the_same_frames_as_full_redraws():
    # trajectory_slider dessine le fond une fois puis seulement les ajouts de chaque image ; on le
    # compare à des images redessinées entièrement. Une courbe oubliée d'une image à l'autre, une
    # couleur qui tourne, un nom d'axe perdu ou des limites qui bougent feraient diverger les pixels.
    valley = optim_lib.QuadraticValley()
    rates = [0.01, 0.05, 0.09]

    def make_runs(lr):
        return {f"lr = {lr:g}": run(SGD(lr=lr), valley, 30), "Adam": run(Adam(lr=0.3), valley, 30)}

    def draw_everything(fig, lr):
        left, right = fig.subplots(1, 2)
        optim_lib.plot_trajectories(valley, make_runs(lr), ax=left)
        optim_lib.plot_losses(make_runs(lr), ax=right)
        right.set(xlim=(-1.5, 31.5), ylim=(1e-3, 1e2))

    fast = optim_lib.trajectory_slider(valley, make_runs, rates, "lr", loss_ylim=(1e-3, 1e2))
    slow = optim_lib.slider_figure(draw_everything, rates, "lr")
    assert fast.labels == slow.labels and len(set(fast.frames)) == 3
    for quick, full in zip(fast.frames, slow.frames):
        difference = np.abs(_pixels(quick) - _pixels(full)).max(axis=2)
        assert np.mean(difference > 32) < 0.002


def test_quiz_renders_every_choice_and_refuses_a_bad_answer_index():
    questions = [optim_lib.Question("Q ?", ["a", "b <c>"], answer=1, explanation="parce que \\(x\\)")] * 3
    html = optim_lib.quiz(*questions)._repr_html_()
    assert html == optim_lib.quiz(*questions)._repr_html_()
    assert html.count('type="radio"') == 6 and html.count('data-answer="1"') == 3
    assert "b &lt;c&gt;" in html and "http" not in html
    with pytest.raises(ValueError, match="answer invalide : 2"):
        optim_lib.Question("Q ?", ["a", "b"], answer=2, explanation="")
