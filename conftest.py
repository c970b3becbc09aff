import os
import shutil
import tempfile
from pathlib import Path

from tests import another_machine

# Les figures des notebooks sont comparées par nbval, à une tolérance près : voir tests/nbval_images.py.
pytest_plugins = ["tests.nbval_images"]


def pytest_addoption(parser):
    parser.addoption(
        "--same-machine", action="store_true",
        help="exécuter les notebooks avec l'arithmétique de cette machine, sans imiter un autre processeur",
    )
    parser.addoption(
        "--captures", action="store_true",
        help="enregistrer une capture de chaque page du livre dans _build/captures (tests/test_book.py)",
    )


def pytest_configure(config):
    # Les noyaux que nbval lance héritent de cet environnement : ils calculent comme « une autre
    # machine » (tests/another_machine.py). Une sortie enregistrée qui dépend des derniers bits de
    # l'arithmétique fait donc échouer sa cellule, sur la machine qui l'a enregistrée comme ailleurs.
    if config.getoption("--same-machine"):
        return
    ipython_dir = Path(tempfile.mkdtemp(prefix="autre-machine-"))
    config.add_cleanup(lambda: shutil.rmtree(ipython_dir, ignore_errors=True))
    os.environ.update(another_machine.prepare(ipython_dir))
