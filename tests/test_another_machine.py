"""L'imitation d'une autre machine (tests/another_machine.py) change les derniers bits, et seulement eux.

Puis la preuve qu'elle sert : un notebook enregistré sur cette machine, avec une cellule qui imprime
la position d'une descente chaotique (l'ancienne expérience du chapitre 3 : SGD à α = 1.9 sur le
paysage à plateau, 300 pas) et une cellule qui n'imprime que ce qui est robuste. nbval accepte les
deux sur la même machine ; sur l'autre machine, il refuse la première et accepte la seconde.
"""

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest

from tests import another_machine

ROOT = Path(__file__).resolve().parent.parent

CHAOTIC = """\
from optim_lib import Landscape, SGD, run

x = run(SGD(lr=1.9), Landscape(), steps=300).params[-1, 0]
print(f"x = {x:.2f} après 300 pas")"""

ROBUST = """\
from optim_lib import Landscape, SGD, run

runs = [run(SGD(lr=lr), Landscape(), steps=300) for lr in (1.9, 3)]
print(["diverge" if r.diverged else "reste borné" for r in runs])"""


def test_nudge_moves_by_at_most_one_ulp_and_keeps_exact_results():
    x = np.random.default_rng(0).normal(size=10_000)
    exact = np.exp(x)
    moved = another_machine.nudge(exact)
    ulps = (moved - exact) / np.spacing(exact)
    assert set(np.unique(ulps)) == {-1.0, 0.0, 1.0}
    assert 0.2 < np.mean(ulps == 0) < 0.5  # environ un tiers laissé tel quel
    assert np.array_equal(another_machine.nudge(exact), moved)  # même calcul, même écart
    assert another_machine.nudge(np.array([0.0, 1.0, 3.0, np.inf, -np.inf])).tolist() == [0, 1, 3, np.inf, -np.inf]
    assert np.isnan(another_machine.nudge(np.array([np.nan]))[0])
    assert isinstance(another_machine.nudge(np.float64(0.3)), np.float64)


def test_install_replaces_numpy_functions_with_nudged_ones(monkeypatch):
    x = np.linspace(0.1, 3, 1000)
    native = {name: getattr(np, name) for name in ("exp", "log", "tanh")}
    for name in another_machine.NUDGED:
        monkeypatch.setattr(np, name, getattr(np, name))  # remis en place à la fin du test
    another_machine.install()
    for name, function in native.items():
        changed = getattr(np, name)(x) != function(x)
        assert 0.3 < changed.mean() < 0.9, name
    out = np.empty_like(x)
    np.exp(x, out=out)
    assert np.array_equal(out, np.exp(x))
    assert np.exp.nin == 1 and np.exp(0.0) == 1.0


def _native_environment():
    """L'environnement de cette machine, sans rien de l'imitation que conftest.py a réglée."""
    imitation = {"IPYTHONDIR", *another_machine.environment()}
    return {k: v for k, v in os.environ.items() if k not in imitation}


def _nbval(notebook, *options, env=None):
    (notebook.parent / "pytest.ini").write_text("[pytest]\n")  # sans la configuration du projet
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "conftest", "--nbval", "--nbval-current-env", "-p", "no:cacheprovider",
         "-c", str(notebook.parent / "pytest.ini"), "--rootdir", str(notebook.parent), "-q", "-rf", *options,
         str(notebook)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, env=env,
    )
    return [line for line in result.stdout.splitlines() if line.startswith("FAILED")], result.stdout


def test_a_chaotic_output_fails_on_another_machine_and_a_robust_one_passes(tmp_path):
    notebook = tmp_path / "derniers_bits.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(CHAOTIC), nbformat.v4.new_code_cell(ROBUST)],
                                            metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                     "language": "python"}}), notebook)
    env = _native_environment()
    subprocess.run([sys.executable, str(ROOT / "tools" / "execute_notebooks.py"), str(notebook)], check=True,
                   env=env, capture_output=True, cwd=ROOT)

    failed, output = _nbval(notebook, "--same-machine", env=env)
    assert failed == [], output[-3000:]

    failed, output = _nbval(notebook, env=env)
    assert len(failed) == 1 and "Cell 1" in failed[0], output[-3000:]  # la première cellule après celle de Colab
    assert "après 300 pas" in output
