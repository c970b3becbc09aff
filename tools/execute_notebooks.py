"""Réexécute les notebooks du livre, de haut en bas, et enregistre leurs sorties sur place.

    python tools/execute_notebooks.py                 # tous les notebooks de chapters/
    python tools/execute_notebooks.py chapters/01_*.ipynb

Les sorties enregistrées sont la source du livre (il est construit sans réexécution) et nbval
vérifie qu'une exécution neuve les reproduit. Deux choix rendent ces sorties stables :

- sans horodatage, ni état des widgets ipywidgets (leurs identifiants sont tirés au hasard à
  chaque exécution ; les explorateurs ne vivent de toute façon qu'avec un noyau) : une seconde
  exécution ne change aucun octet ;
- les sorties d'un widget ``Output`` restent dans la cellule, comme nbval les voit (il n'imite pas
  ce widget) : la figure initiale d'un explorateur est donc comparée comme les autres.
"""

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def execute(path):
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        record_timing=False,
        store_widget_state=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.widget_registry = {}  # pas d'imitation du widget Output : voir plus haut
    client.execute()
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_VIEW, None)
    nbformat.write(notebook, path)


def main(paths):
    paths = [Path(p).resolve() for p in paths] or sorted((ROOT / "chapters").glob("*.ipynb"))
    for path in paths:
        print(f"Exécution de {path.relative_to(ROOT)}", flush=True)
        execute(path)


if __name__ == "__main__":
    main(sys.argv[1:])
