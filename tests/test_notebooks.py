"""Les notebooks enregistrés : au sommaire, exécutés de haut en bas, sans erreur, au plan commun.

nbval (lancé par pytest sur chapters/) vérifie qu'une exécution neuve reproduit leurs sorties ;
ces tests-ci vérifient ce que les sorties enregistrées doivent être.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))
# Les sections du plan commun (voir l'introduction), dans l'ordre, pour chaque chapitre d'optimizer.
TEMPLATE = ["## L'idée du cours", "## La formule", "## Le code", "## Expériences", "## Explorateur",
            "## Et dans PyTorch", "## Ce qu'il faut retenir", "## Quiz", "## Exercices"]


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_notebook_is_in_the_table_of_contents():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    listed = set(re.findall(r"(?:root|file): (chapters/\S+)", toc))
    assert listed == {f"chapters/{p.stem}" for p in NOTEBOOKS}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_executed_in_order_without_errors(path):
    notebook = load(path)
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    code_cells = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert [cell["execution_count"] for cell in code_cells] == list(range(1, len(code_cells) + 1))
    for cell in code_cells:
        for output in cell["outputs"]:
            assert output["output_type"] != "error", cell["source"]
            assert output.get("name") != "stderr", f"sortie d'erreur enregistrée : {output.get('text')}"
            text = "".join(output.get("text", "")) + "".join(output.get("data", {}).get("text/plain", ""))
            assert not re.search(r"Warning|Traceback|0x[0-9a-f]{6,}", text), f"sortie suspecte : {text[:300]}"


def test_refreshing_twice_gives_identical_bytes(tmp_path):
    """La réexécution (make notebooks) est déterministe : deux passages, mêmes octets."""
    from tools.execute_notebooks import execute

    source = ROOT / "chapters" / "00_introduction.ipynb"
    (tmp_path / "matplotlibrc").write_bytes((ROOT / "chapters" / "matplotlibrc").read_bytes())
    first, second = tmp_path / "premier.ipynb", tmp_path / "second.ipynb"
    first.write_bytes(source.read_bytes())
    execute(first)
    second.write_bytes(first.read_bytes())
    execute(second)
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if not p.name.startswith("00_")], ids=lambda p: p.name)
def test_chapter_follows_the_template(path):
    headings = [line for cell in load(path)["cells"] if cell["cell_type"] == "markdown"
                for line in "".join(cell["source"]).splitlines() if line.startswith("## ")]
    positions = [next((i for i, h in enumerate(headings) if h.startswith(section)), None) for section in TEMPLATE]
    assert None not in positions, f"sections manquantes : {[s for s, p in zip(TEMPLATE, positions) if p is None]}"
    assert positions == sorted(positions), "les sections ne sont pas dans l'ordre du plan"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_colab_cell_installs_from_the_configured_repository(path):
    """Le dépôt se règle une fois, dans _config.yml ; make notebooks le reporte dans chaque notebook."""
    from tools.execute_notebooks import COLAB_CELL_ID, colab_cell, repository_url

    first = next(cell for cell in load(path)["cells"] if cell["cell_type"] == "code")
    assert first.get("id") == COLAB_CELL_ID, "lancez make notebooks pour ajouter la cellule Colab"
    assert "".join(first["source"]) == colab_cell(repository_url()).source, "adresse du dépôt périmée : lancez make notebooks"


def test_stream_pieces_are_coalesced():
    import nbformat

    from tools.execute_notebooks import coalesce_streams

    pieces = [nbformat.v4.new_output("stream", name="stdout", text="a\n"),
              nbformat.v4.new_output("stream", name="stdout", text="b\n"),
              nbformat.v4.new_output("display_data", data={"text/plain": "x"}),
              nbformat.v4.new_output("stream", name="stdout", text="c\n")]
    merged = coalesce_streams(pieces)
    assert [o.output_type for o in merged] == ["stream", "display_data", "stream"]
    assert merged[0].text == "a\nb\n" and merged[2].text == "c\n"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_cell_escapes_nbval(path):
    """Une sortie volatile se masque par une règle de nettoyage documentée, pas en sautant la cellule."""
    for cell in load(path)["cells"]:
        tags = set(cell.get("metadata", {}).get("tags", []))
        assert not tags & {"nbval-skip", "nbval-ignore-output", "raises-exception"}, "".join(cell["source"])[:200]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_jupyterlab_reader_is_told_to_run_the_notebook(path):
    """Ouvert dans JupyterLab, un notebook n'est pas de confiance : la note sous le titre dit quoi faire."""
    from tools.execute_notebooks import READER_NOTE, READER_NOTE_ID

    cells = load(path)["cells"]
    notes = [i for i, cell in enumerate(cells) if cell.get("id") == READER_NOTE_ID]
    assert notes, "lancez make notebooks pour ajouter la note au lecteur de JupyterLab"
    assert notes[0] <= 1 and "".join(cells[notes[0]]["source"]) == READER_NOTE, "note périmée : lancez make notebooks"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_hidden_in_the_book_is_folded_in_jupyterlab(path):
    """Le code d'un quiz (remove-input) contient ses réponses : JupyterLab le replie comme le livre le cache."""
    for cell in load(path)["cells"]:
        if {"remove-input", "hide-input"} & set(cell["metadata"].get("tags", [])):
            assert cell["metadata"].get("jupyter", {}).get("source_hidden") is True, (
                "code non replié dans JupyterLab (lancez make notebooks) : " + "".join(cell["source"])[:120])


def test_preparing_a_notebook_is_idempotent_and_keeps_the_title_first():
    import nbformat

    from tools.execute_notebooks import COLAB_CELL_ID, READER_NOTE_ID, prepare

    quiz = nbformat.v4.new_code_cell("quiz(...)", metadata={"tags": ["remove-input"]})
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Titre\n\nL'idée."),
                                               nbformat.v4.new_code_cell("x = 1"), quiz])
    once = prepare(notebook, "https://exemple.org/depot")
    ids = [cell.get("id") for cell in once.cells]
    assert ids[1] == READER_NOTE_ID and ids[2] == COLAB_CELL_ID and len(ids) == 5
    assert once.cells[4].metadata["jupyter"]["source_hidden"] is True
    assert "source_hidden" not in once.cells[3].metadata.get("jupyter", {})
    twice = prepare(nbformat.from_dict(once), "https://exemple.org/depot")
    assert [cell.get("id") for cell in twice.cells] == ids


def test_binder_post_build_trusts_every_chapter(tmp_path):
    # Sur Binder, postBuild marque les notebooks de confiance : quiz et figures à curseur marchent
    # à l'ouverture. On le lance avec un dossier de données Jupyter neuf, celui qui garde les signatures.
    from nbformat.sign import NotebookNotary

    env = dict(os.environ, JUPYTER_DATA_DIR=str(tmp_path),
               PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]))
    subprocess.run([str(ROOT / "postBuild")], cwd=ROOT, env=env, check=True, capture_output=True)
    notary = NotebookNotary(data_dir=str(tmp_path))
    untrusted = [p.name for p in NOTEBOOKS if not notary.check_signature(nbformat.read(p, as_version=4))]
    assert not untrusted, untrusted
