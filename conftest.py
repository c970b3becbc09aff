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
    # Un cœur par processus de test (pytest-xdist en lance un par cœur) : les produits matriciels
    # d'OpenBLAS ne lancent pas de fils de plus, qui se disputeraient les cœurs des autres processus
    # (un test du perceptron passait de 2 à 30 s avec un processus de plus que de cœurs). Les
    # noyaux des notebooks en héritent. Les derniers bits de certains produits changent avec le
    # nombre de fils : comme ceux d'un autre processeur, les sorties enregistrées n'en dépendent pas.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # Les noyaux que nbval lance héritent de cet environnement : ils calculent comme « une autre
    # machine » (tests/another_machine.py). Une sortie enregistrée qui dépend des derniers bits de
    # l'arithmétique fait donc échouer sa cellule, sur la machine qui l'a enregistrée comme ailleurs.
    if config.getoption("--same-machine"):
        return
    ipython_dir = Path(tempfile.mkdtemp(prefix="autre-machine-"))
    config.add_cleanup(lambda: shutil.rmtree(ipython_dir, ignore_errors=True))
    os.environ.update(another_machine.prepare(ipython_dir))


# Les fichiers les plus longs d'abord : pytest-xdist (make test) distribue les fichiers dans l'ordre
# de la collecte ; commencés en dernier, le livre dans Chromium (deux minutes) ou le chapitre 11
# laisseraient l'autre cœur sans travail à la fin de la suite.
LONGEST_FIRST = ["tests/test_book.py", "chapters/11_comparaison.ipynb"]


def pytest_collection_modifyitems(config, items):
    def rank(item):
        path = item.path.relative_to(config.rootpath).as_posix()
        return LONGEST_FIRST.index(path) if path in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # un tri stable : l'ordre dans chaque fichier ne change pas
