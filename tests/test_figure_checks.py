"""La comparaison des sorties des notebooks échoue quand il le faut, et seulement alors.

On modifie une copie d'un chapitre, une figure dans un cas, un nombre enregistré dans l'autre,
et l'on vérifie que nbval (avec tests/nbval_images.py) la refuse, alors qu'il accepte la copie
intacte. Les images elles-mêmes sont testées à part : un bruit de rendu passe, un mot changé non.
"""

import base64
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from tests.nbval_images import compare_images, extract_images

ROOT = Path(__file__).resolve().parent.parent
CHAPTER = ROOT / "chapters" / "01_descente_du_gradient.ipynb"
FIGURE_CELL = "SGD(lr=0.25)"  # la cellule qui dessine « le principe de la descente du gradient »
NUMBER_CELL = "baisse réelle"  # la cellule qui imprime la baisse prédite par Taylor


def png(label="itérés", lr=0.25, noise=0, figsize=(5, 3)):
    with matplotlib.rc_context(fname=ROOT / "chapters" / "matplotlibrc"):
        fig, ax = plt.subplots(figsize=figsize)
        theta = 3 * (1 - lr) ** np.arange(8)
        ax.plot(theta, theta**2 / 2, "o", label=label)
        ax.legend()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        plt.close(fig)
    pixels = np.asarray(Image.open(buffer).convert("RGBA")).astype(int)
    pixels = np.clip(pixels + np.random.default_rng(0).integers(-noise, noise + 1, pixels.shape), 0, 255)
    out = io.BytesIO()
    Image.fromarray(pixels.astype(np.uint8)).save(out, format="PNG")
    return base64.b64encode(out.getvalue()).decode()


def test_identical_and_slightly_noisy_images_pass():
    assert compare_images([png()], [png()]) == []
    assert compare_images([png(noise=1)], [png()]) == []


def test_changed_label_curve_size_or_count_fail():
    assert "pixels nettement différents" in compare_images([png(label="iterés")], [png()])[0]
    assert "écart RMS" in compare_images([png(lr=0.3)], [png()])[0]
    assert "taille différente" in compare_images([png(figsize=(5, 3.1))], [png()])[0]
    assert compare_images([png(), png()], [png()]) == ["2 image(s) produites, 1 enregistrée(s)"]


def test_images_inside_html_are_extracted_and_replaced_by_markers():
    image = png()
    outputs = [{"output_type": "display_data", "data": {"text/html": f'<img src="data:image/png;base64,{image}">'}}]
    stripped, images = extract_images(outputs)
    assert images == [image]
    assert stripped[0]["data"]["text/html"] == '<img src="data:image/png;base64,<image 1>">'
    assert outputs[0]["data"]["text/html"].endswith(f'{image}">')  # l'original n'est pas modifié


def _copy_until(notebook, marker, directory, name):
    """Une copie du chapitre, tronquée après la première cellule de code contenant ``marker``."""
    cells = notebook["cells"]
    last = next(i for i, c in enumerate(cells) if c["cell_type"] == "code" and marker in "".join(c["source"]))
    copy = dict(notebook, cells=[json.loads(json.dumps(c)) for c in cells[: last + 1]])
    (directory / name).write_text(json.dumps(copy), encoding="utf-8")
    return copy["cells"][last]


def test_nbval_fails_on_a_changed_figure_or_number_and_passes_otherwise(tmp_path):
    notebook = json.loads(CHAPTER.read_text(encoding="utf-8"))
    shutil.copy(ROOT / "chapters" / "matplotlibrc", tmp_path)
    (tmp_path / "pytest.ini").write_text("[pytest]\n")  # sans la configuration du projet

    _copy_until(notebook, NUMBER_CELL, tmp_path, "intact.ipynb")

    figure = _copy_until(notebook, FIGURE_CELL, tmp_path, "figure.ipynb")
    assert any("image/png" in o.get("data", {}) for o in figure["outputs"])
    figure_copy = json.loads((tmp_path / "figure.ipynb").read_text())
    cell = figure_copy["cells"][-1]
    cell["source"] = "".join(cell["source"]).replace(FIGURE_CELL, "SGD(lr=0.3)")
    (tmp_path / "figure.ipynb").write_text(json.dumps(figure_copy))

    number_copy = json.loads(json.dumps(notebook))
    _copy_until(number_copy, NUMBER_CELL, tmp_path, "number.ipynb")
    number_copy = json.loads((tmp_path / "number.ipynb").read_text())
    # Le nombre est imprimé (stdout) ou affiché dans un tableau (text/html) : on le change là où il est.
    changed = 0
    for output in number_copy["cells"][-1]["outputs"]:
        for key, container in [("text", output), *((mime, output.get("data", {})) for mime in ("text/html", "text/plain"))]:
            if key in container and "0.0924" in "".join(container[key]):
                container[key] = "".join(container[key]).replace("0.0924", "0.0925")
                changed += 1
    assert changed, "le nombre 0.0924 n'est plus dans la cellule : mettez à jour NUMBER_CELL"
    (tmp_path / "number.ipynb").write_text(json.dumps(number_copy))

    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.nbval_images", "--nbval", "--nbval-current-env",
         "-p", "no:cacheprovider", "-c", str(tmp_path / "pytest.ini"), "--rootdir", str(tmp_path), "-q", "-rf",
         str(tmp_path / "intact.ipynb"), str(tmp_path / "figure.ipynb"), str(tmp_path / "number.ipynb")],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    failed = [line for line in result.stdout.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 2, result.stdout[-3000:]
    assert any("figure.ipynb" in line for line in failed) and any("number.ipynb" in line for line in failed)
    assert "Figure modifiée" in result.stdout and "0.0925" in result.stdout
