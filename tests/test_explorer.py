"""L'explorateur ipywidgets redessine sa figure quand un curseur ou le problème change."""

import io

from PIL import Image

from optim_lib import Momentum, QuadraticValley, Rosenbrock, SGD
from optim_lib.teaching.explorers import explorer, log_slider


def pixels(widget):
    return Image.open(io.BytesIO(widget.image.value)).convert("RGB")


def test_explorer_redraws_on_every_change():
    lr = log_slider("lr", 1e-3, 1.0, 0.01)
    problems = {"vallée": QuadraticValley(), "Rosenbrock": Rosenbrock()}
    widget = explorer(lambda lr: {"SGD": SGD(lr=lr), "Momentum": Momentum(lr=lr)}, {"lr": lr}, problems, steps=50)
    first = pixels(widget)
    lr.value = 0.05
    second = pixels(widget)
    assert first.size == second.size and first.tobytes() != second.tobytes()

    # Revenir à la même valeur redonne la même image : le fond gardé ne garde pas de traces.
    lr.value = 0.01
    assert pixels(widget).tobytes() == first.tobytes()

    widget.menu.value = problems["Rosenbrock"]
    assert pixels(widget).tobytes() != first.tobytes()
    assert "noyau Python" in repr(widget)


def test_a_moved_explorer_draws_what_a_fresh_one_draws():
    # Le panneau des losses n'est pas effacé à chaque mouvement (ses graduations sont gardées) :
    # après des learning rates qui divergent ou convergent, l'image doit être celle d'un
    # explorateur neuf, échelle, légende et message de divergence compris.
    def make(lr):
        return {"SGD": SGD(lr=lr), "Momentum": Momentum(lr=lr, momentum=0.9)}

    problems = {"vallée": QuadraticValley(), "Rosenbrock": Rosenbrock()}
    lr = log_slider("lr", 1e-3, 1.0, 0.02)
    moved = explorer(make, {"lr": lr}, problems, steps=100)
    for value in (0.5, 0.002, 0.02):
        lr.value = value
    fresh = explorer(make, {"lr": log_slider("lr", 1e-3, 1.0, 0.02)}, problems, steps=100)
    assert pixels(moved).tobytes() == pixels(fresh).tobytes()
