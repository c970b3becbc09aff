"""Un chapitre ouvert dans un vrai JupyterLab, comme un étudiant l'ouvre chez lui ou sur Binder.

Le test copie le chapitre 1 (et le style des figures, ``chapters/matplotlibrc``) dans un dossier
temporaire, y lance ``jupyter lab`` sur 127.0.0.1 avec des réglages et des données Jupyter neufs
(aucun notebook n'y est encore de confiance, comme sur un clone neuf), puis le pilote dans
Chromium avec Playwright. Il vérifie, avant exécution, que la note au lecteur est là, que MyST est
rendu (formules, numéros d'équation, renvois) et que le code du quiz, qui contient les réponses,
est replié ; puis il exécute toutes les cellules et vérifie qu'aucune n'échoue, que le quiz ne
montre rien avant un choix, que le curseur de la figure sans noyau répond au clavier et que
l'explorateur ipywidgets redessine son image quand on bouge son curseur.

Le navigateur est la fixture ``browser`` de ``tests/conftest.py`` ; sans Chromium, le test est sauté
(avant de lancer JupyterLab).
"""

import shutil
from pathlib import Path

import nbformat
import pytest

from tests.jupyterlab_server import run_all_cells, running_lab

ROOT = Path(__file__).resolve().parent.parent
CHAPTER = ROOT / "chapters" / "01_descente_du_gradient.ipynb"


@pytest.fixture(scope="module")
def lab(browser, tmp_path_factory):
    """Un serveur JupyterLab sur une copie du chapitre 1 ; rend l'adresse du notebook."""
    work = tmp_path_factory.mktemp("jupyterlab")
    notebooks = work / "notebooks"
    notebooks.mkdir()
    from tools.execute_notebooks import prepare, repository_url

    # Le chapitre tel que make notebooks le laisse (note au lecteur, code des quiz replié) ;
    # tests/test_notebooks.py vérifie que les notebooks enregistrés le sont.
    chapter = prepare(nbformat.read(CHAPTER, as_version=4), repository_url())
    nbformat.write(chapter, notebooks / CHAPTER.name)
    shutil.copy(ROOT / "chapters" / "matplotlibrc", notebooks)
    try:
        with running_lab(notebooks, work / "jupyter") as url:
            yield url(CHAPTER.name)
    except RuntimeError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="module")
def notebook(browser, lab):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(lab)
    page.wait_for_selector(".jp-MarkdownCell .myst", timeout=30_000)
    yield page
    page.close()


def test_before_running_the_reader_is_told_what_to_do_and_myst_renders(notebook):
    markdown = notebook.locator(".jp-MarkdownCell .myst")
    assert "Exécuter toutes les cellules" in markdown.nth(1).inner_text(), "la note au lecteur manque sous le titre"
    text = "\n".join(markdown.all_inner_texts())
    for raw in ("{eq}", "{numref}", "{cite}", "$$", "(eq-"):
        assert raw not in text, f"MyST non rendu dans JupyterLab : {raw!r} reste visible"
    assert notebook.locator(".jp-MarkdownCell .katex").count() > 10, "formules non rendues"
    assert "(1)" in text, "équations non numérotées"


def test_quiz_code_which_holds_the_answers_is_folded(notebook):
    quiz_cell = notebook.locator(".jp-CodeCell", has=notebook.locator(".optim-quiz")).last
    assert quiz_cell.locator(".jp-InputArea-editor").is_hidden(), "le code du quiz, qui contient les réponses, est visible"


@pytest.fixture(scope="module")
def executed(notebook):
    """Le notebook après « Exécuter toutes les cellules », comme la note le demande au lecteur."""
    run_all_cells(notebook)
    return notebook


def test_every_cell_runs_without_error(executed):
    failures = executed.evaluate(
        """() => jupyterapp.shell.currentWidget.content.widgets.filter(c => c.model.type === "code")
                 .flatMap(c => c.model.outputs.toJSON().filter(o => o.output_type === "error" || o.name === "stderr")
                 .map(o => c.model.sharedModel.source.slice(0, 60) + " -> " + (o.ename || o.text)))"""
    )
    assert not failures, failures


def test_quiz_shows_nothing_before_a_choice(executed):
    question = executed.locator(".optim-quiz-question").first
    feedback = question.locator(".optim-quiz-feedback")
    assert feedback.is_hidden() and not feedback.text_content()
    question.locator("input[value='0']").check()
    assert feedback.is_visible() and "Pas tout à fait" in feedback.text_content()
    # Au clavier, les flèches passent d'un choix au suivant, comme dans le livre.
    executed.keyboard.press("ArrowDown")
    assert question.locator("input[value='1']").is_checked(), "les flèches du clavier quittent le quiz dans JupyterLab"


def test_kernel_free_slider_answers_the_keyboard(executed):
    figure = executed.locator(".optim-slider").first
    track, image = figure.locator("input[type=range]"), figure.locator("img")
    before, before_src = track.input_value(), image.get_attribute("src")
    track.focus()
    executed.keyboard.press("ArrowRight")
    assert track.input_value() == str(int(before) + 1), "la flèche du clavier ne déplace pas le curseur dans JupyterLab"
    assert image.get_attribute("src") != before_src


def test_explorer_slider_redraws_its_image(executed):
    explorer = executed.locator(".jp-OutputArea-output", has=executed.locator(".widget-slider")).first
    image = explorer.locator("img")
    image.wait_for()
    before = image.get_attribute("src")
    explorer.locator(".widget-slider .noUi-handle").first.focus()
    executed.keyboard.press("ArrowRight")
    executed.wait_for_function("([img, before]) => img.src !== before", arg=[image.element_handle(), before], timeout=10_000)
