"""Ce que les sorties HTML des chapitres doivent à tous les lecteurs : un texte alternatif, une mise
en page lisible sur un téléphone, le clavier dans JupyterLab, un message quand un calcul diverge.
Le comportement dans un navigateur est vérifié par tests/test_book.py et tests/test_jupyterlab.py.
"""

import numpy as np

import optim_lib
from optim_lib import QuadraticValley, Rosenbrock, SGD, run
from optim_lib.teaching.explorers import explorer, log_slider
from optim_lib.teaching.sliders import MIN_TEXT_PX


def draw(fig, lr):
    fig.add_subplot().plot(run(SGD(lr=lr), QuadraticValley(), 10).losses, label=f"lr = {lr:g}")
    fig.axes[0].legend(fontsize="small")


def test_slider_frames_say_what_they_show_with_the_current_value():
    figure = optim_lib.slider_figure(draw, [0.1, 0.5], "lr", description="La loss de SGD au fil des pas")
    html = figure._repr_html_()
    assert 'alt="La loss de SGD au fil des pas (lr = 0.1)"' in html
    assert 'aria-valuetext="lr = 0.1"' in html
    assert figure.alt(1) == "La loss de SGD au fil des pas (lr = 0.5)"
    assert optim_lib.slider_figure(draw, [0.1], "lr").alt(0) == "lr = 0.1"  # pas encore de description


def test_outputs_keep_the_keyboard_in_jupyterlab():
    figure = optim_lib.slider_figure(draw, [0.1, 0.5], "lr")._repr_html_()
    question = optim_lib.Question("Q ?", ["a", "b"], answer=0, explanation="e")
    for html in (figure, optim_lib.quiz(question)._repr_html_()):
        assert '"keydown", function (event) { event.stopPropagation(); }' in html


def test_trajectory_slider_has_a_narrow_layout_with_legible_text():
    valley = QuadraticValley()
    figure = optim_lib.trajectory_slider(valley, lambda lr: {"SGD": run(SGD(lr=lr), valley, 20)}, [0.01, 0.05], "lr")
    assert "vallée" in figure.description and figure.alt(0).endswith("(lr = 0.01)")
    # Réduites à 358 pixels (la largeur du texte sur un écran de 390), les images étroites restent
    # lisibles ; les larges ne le seraient pas, d'où le changement de mise en page.
    assert figure.narrow.width <= 400 and figure.narrow.text_px * min(1, 358 / figure.narrow.width) >= MIN_TEXT_PX
    assert figure.wide.text_px * 358 / figure.wide.width < MIN_TEXT_PX
    assert len(figure.narrow.images) == 2 and '"textPx"' in figure._repr_html_()


def test_slider_on_a_background_measures_the_smallest_text_of_every_frame():
    # Le fond est mesuré une fois ; le texte qu'ajoute une image (ici, une note en 5 points sur la
    # deuxième seulement) compte aussi.
    def background(fig):
        fig.add_subplot().set(xlim=(0, 10), ylim=(1e-3, 1e2), yscale="log")

    def curve(fig, lr):
        fig.axes[0].plot(run(SGD(lr=lr), QuadraticValley(), 10).losses, label=f"lr = {lr:g}")
        fig.axes[0].legend(fontsize="small")

    def annotated(fig, lr):
        curve(fig, lr)
        if lr == 0.5:
            fig.axes[0].text(1, 1, "petite note", fontsize=5)

    assert optim_lib.slider_figure(annotated, [0.1, 0.5], "lr", background=background).wide.text_px == 5
    assert optim_lib.slider_figure(curve, [0.1, 0.5], "lr", background=background).wide.text_px > 5


def test_explorer_says_which_run_diverged_and_when():
    widget = explorer(lambda lr: {"SGD": SGD(lr=lr)}, {"lr": log_slider("lr", 1e-3, 1.0, 0.35)},
                      {"Rosenbrock": Rosenbrock()}, steps=20)
    texts = [t.get_text() for t in widget.right.texts]
    assert texts == ["SGD — divergence au pas 1 : la loss vaut 7.63e+08, contre 12.5 au départ."]
    widget.sliders["lr"].value = 0.001
    assert not widget.right.texts
