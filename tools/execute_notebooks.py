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

Avant d'exécuter, l'outil prépare chaque notebook pour qui l'ouvre hors du livre :

- la cellule qui installe optim_lib sur Google Colab, avec l'adresse du dépôt lue dans
  ``_config.yml`` : on règle le dépôt à un seul endroit, puis ``make notebooks`` la reporte partout ;
- une note, sous le titre, qui dit au lecteur de JupyterLab d'exécuter le notebook : Jupyter ne fait
  confiance aux sorties HTML enregistrées (quiz, figures à curseur) qu'une fois le notebook exécuté
  chez lui ou marqué de confiance (``jupyter trust``), signature propre à chaque utilisateur qu'aucun
  fichier du dépôt ne peut porter ;
- le code des cellules que le livre cache (``remove-input``, ``hide-input``) replié aussi dans
  JupyterLab (``metadata.jupyter.source_hidden``) : le code d'un quiz contient ses réponses.
"""

import os
import sys
from pathlib import Path

import nbformat
import yaml
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
COLAB_CELL_ID = "colab-setup"
COLAB_CELL = """\
# Sur Google Colab, installer optim_lib depuis le dépôt du livre ; ailleurs, il est déjà installé.
import sys

if "google.colab" in sys.modules:
    import subprocess

    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "git+{url}"], check=True)"""


READER_NOTE_ID = "lire-dans-jupyter"
READER_NOTE = """\
> **Lire ce notebook dans JupyterLab.** Les quiz et les figures à curseur ne répondent qu'une fois le
> notebook exécuté chez vous : Jupyter ne fait pas confiance aux sorties enregistrées dans un fichier
> qu'il n'a pas exécuté lui-même. Commencez donc par le menu **Exécuter › Exécuter toutes les
> cellules** (*Run › Run All Cells*), puis lisez : cela prend moins d'une minute. (Autre façon, dans
> un terminal : `jupyter trust chapters/*.ipynb`, puis rouvrir le notebook.)
>
> Sur Binder, c'est déjà fait : les notebooks y sont de confiance dès l'ouverture.
>
> Les formules, leurs numéros et les renvois aux équations s'affichent grâce à l'extension
> `jupyterlab-myst`, installée avec le reste par `pip install -r requirements.txt` (et sur Binder).
> Une citation s'y lit par sa clé (`kingma2015` : Kingma et Ba, 2015, dans la bibliographie du
> livre), un renvoi à une figure par le nom de la figure. Le code des quiz est replié : il
> contient les réponses."""
HIDDEN_TAGS = {"remove-input", "hide-input"}


def repository_url():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return config["repository"]["url"]


def colab_cell(url):
    cell = nbformat.v4.new_code_cell(COLAB_CELL.format(url=url))
    cell.id = COLAB_CELL_ID
    cell.metadata["tags"] = ["remove-cell"]  # utile sur Colab seulement : absente du livre HTML
    return cell


def with_colab_cell(notebook, url):
    """Le notebook avec la cellule d'installation pour Colab en tête, à jour de ``url``."""
    cells = [c for c in notebook.cells if c.get("id") != COLAB_CELL_ID]
    first_code = next(i for i, c in enumerate(cells) if c.cell_type == "code")
    notebook.cells = cells[:first_code] + [colab_cell(url)] + cells[first_code:]
    return notebook


def with_reader_note(notebook):
    """Le notebook avec la note au lecteur de JupyterLab juste sous le titre (ou en tête)."""
    cells = [c for c in notebook.cells if c.get("id") != READER_NOTE_ID]
    note = nbformat.v4.new_markdown_cell(READER_NOTE)
    note.id = READER_NOTE_ID
    note.metadata["tags"] = ["remove-cell"]  # le livre n'en a pas besoin : ses sorties marchent d'emblée
    titled = cells and cells[0].cell_type == "markdown" and cells[0].source.startswith("# ")
    notebook.cells = cells[:1] + [note] + cells[1:] if titled else [note] + cells
    return notebook


def with_hidden_sources(notebook):
    """Le code que le livre cache est aussi replié dans JupyterLab (un clic le déplie)."""
    for cell in notebook.cells:
        if cell.cell_type == "code" and HIDDEN_TAGS & set(cell.metadata.get("tags", [])):
            cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
    return notebook


def prepare(notebook, url):
    """Ce que ``make notebooks`` ajoute à chaque notebook pour Colab et JupyterLab."""
    return with_hidden_sources(with_reader_note(with_colab_cell(notebook, url)))


def execute(path):
    notebook = prepare(nbformat.read(path, as_version=4), repository_url())
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
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)
    nbformat.write(notebook, path)


def coalesce_streams(outputs):
    """Réunit les morceaux consécutifs d'un même flux (stdout, stderr).

    Une cellule lente qui imprime en plusieurs fois peut voir son texte découpé en morceaux dont
    les frontières dépendent du temps d'exécution : réunis, ils ne dépendent plus de la machine.
    """
    merged = []
    for output in outputs:
        if merged and output.output_type == "stream" and merged[-1].output_type == "stream" and merged[-1].name == output.name:
            merged[-1].text += output.text
        else:
            merged.append(output)
    return merged


def main(paths):
    paths = [Path(p).resolve() for p in paths] or sorted((ROOT / "chapters").glob("*.ipynb"))
    for path in paths:
        print(f"Exécution de {os.path.relpath(path, ROOT)}", flush=True)
        execute(path)


if __name__ == "__main__":
    main(sys.argv[1:])
