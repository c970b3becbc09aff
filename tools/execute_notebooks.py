"""Réexécute les notebooks du livre, de haut en bas, et enregistre leurs sorties sur place.

    python tools/execute_notebooks.py                 # tous les notebooks de chapters/
    python tools/execute_notebooks.py chapters/01_*.ipynb

Les sorties enregistrées sont la source du livre (il est construit sans réexécution) et nbval
vérifie qu'une exécution neuve les reproduit. Pour qu'une seconde exécution ne change aucun
octet, on enregistre sans horodatage, et on retire l'état des widgets ipywidgets, dont les
identifiants sont tirés au hasard à chaque exécution (les explorateurs ne vivent qu'avec un noyau).
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
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    notebook.metadata.pop("widgets", None)
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
