"""Ce que les lecteurs attendent, mesuré : à lancer à la main, ce n'est pas un test.

    .venv/bin/python benchmarks/run.py            # tout
    .venv/bin/python benchmarks/run.py notebooks  # une partie : notebooks, tests, livre, explorateur, pages

Imprime, avec la cible de chacun :
- le temps d'exécution de chaque notebook, et son rapport au démarrage d'un notebook vide mesuré
  dans la même exécution (cible : au plus 3 fois) ;
- le temps de toute la suite de tests et d'une construction du livre à partir de rien ;
- le temps que met l'explorateur à se redessiner après un mouvement de curseur (médiane sur 20) ;
- le poids de chaque page du livre construit, avec tout ce qu'elle charge (cible : 2 Mo au plus).
Les temps dépendent de la machine et de sa charge : les chiffres de référence sont dans le README.
"""

import re
import statistics
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ROOT / "chapters"
NOTEBOOK_RATIO_TARGET = 3.0
REDRAW_TARGET_MS = 100
PAGE_TARGET_BYTES = 2 * 1024**2

EXPLORER_CODE = """
import statistics, time
import numpy as np
from optim_lib import SGD, QuadraticValley, Rosenbrock
from optim_lib.explorer import explorer, log_slider

lr = log_slider("lr", 1e-3, 1.0, 0.05)
widget = explorer(lambda lr: SGD(lr=lr), sliders={"lr": lr},
                  problems={"vallée étroite": QuadraticValley(), "Rosenbrock": Rosenbrock()}, steps=100)
durations = []
for value in np.geomspace(0.002, 0.09, 20):
    start = time.perf_counter()
    lr.value = value  # déclenche le calcul et le dessin, comme un mouvement du curseur
    durations.append(time.perf_counter() - start)
print(f"MEDIANE_MS={1000 * statistics.median(durations):.1f}")
"""


def execute_seconds(notebook, directory=CHAPTERS):
    """Durée d'exécution d'un notebook en mémoire, démarrage et arrêt du noyau compris."""
    client = NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(directory)}})
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start, client.nb


def bench_notebooks():
    empty, _ = execute_seconds(nbformat.v4.new_notebook())
    print(f"Notebook vide (démarrage du noyau) : {empty:.2f} s")
    print(f"{'notebook':36s} {'durée':>7s} {'rapport':>8s}  cible ≤ {NOTEBOOK_RATIO_TARGET:g}")
    for path in sorted(CHAPTERS.glob("*.ipynb")):
        seconds, _ = execute_seconds(nbformat.read(path, as_version=4))
        ratio = seconds / empty
        mark = "ok" if ratio <= NOTEBOOK_RATIO_TARGET else "TROP LENT"
        print(f"{path.name:36s} {seconds:6.2f}s {ratio:8.1f}  {mark}")


def bench_tests():
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pytest", "-q"], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else "(aucune sortie)"
    print(f"Suite de tests : {seconds:.1f} s ({summary})")


def bench_book():
    with tempfile.TemporaryDirectory() as output:
        start = time.perf_counter()
        result = subprocess.run(
            [str(Path(sys.executable).parent / "jupyter-book"), "build", "--path-output", output, "."],
            cwd=ROOT, capture_output=True, text=True,
        )
        seconds = time.perf_counter() - start
    status = "réussie" if result.returncode == 0 else "ÉCHEC"
    print(f"Construction du livre à partir de rien : {seconds:.1f} s ({status})")


def bench_explorer():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(EXPLORER_CODE)])
    _, executed = execute_seconds(notebook)
    text = "".join(o.get("text", "") for o in executed.cells[0].outputs if o.output_type == "stream")
    median = float(re.search(r"MEDIANE_MS=([\d.]+)", text).group(1))
    mark = "ok" if median <= REDRAW_TARGET_MS else "TROP LENT"
    print(f"Explorateur, redessin après un mouvement de curseur : {median:.0f} ms (médiane sur 20 ; cible ≤ {REDRAW_TARGET_MS} ms) {mark}")


class _Resources(HTMLParser):
    """Les ressources qu'une page charge : scripts, feuilles de style, icônes, images."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img") and attrs.get("src"):
            self.urls.append(attrs["src"])
        elif tag == "link" and attrs.get("href") and set((attrs.get("rel") or "").split()) & {"stylesheet", "preload", "icon", "modulepreload"}:
            self.urls.append(attrs["href"])


def page_weight(page, html_root):
    """Octets de la page et de tout ce qu'elle charge (les polices citées par ses CSS comprises)."""
    parser = _Resources()
    parser.feed(page.read_text(encoding="utf-8"))
    seen, total, external = set(), page.stat().st_size, []
    queue = [(url, page.parent) for url in parser.urls]
    while queue:
        url, base = queue.pop()
        if url.startswith("data:"):
            continue
        if re.match(r"^(https?:)?//", url):
            external.append(url)
            continue
        path = (base / url.split("?")[0].split("#")[0]).resolve()
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        total += path.stat().st_size
        if path.suffix == ".css":
            css = path.read_text(encoding="utf-8", errors="replace")
            queue += [(u, path.parent) for u in re.findall(r"url\(['\"]?([^'\")]+)['\"]?\)", css)]
    return total, external


def bench_pages(html_root=ROOT / "_build" / "html"):
    if not html_root.is_dir():
        print("Poids des pages : construisez d'abord le livre (make book).")
        return
    print(f"{'page':44s} {'poids':>9s}  cible ≤ {PAGE_TARGET_BYTES / 1024**2:g} Mo")
    for page in sorted(html_root.rglob("*.html")):
        if page.name in ("genindex.html", "search.html") or "_static" in page.parts:
            continue
        total, external = page_weight(page, html_root)
        mark = "ok" if total <= PAGE_TARGET_BYTES else "TROP LOURD"
        note = f", {len(external)} ressource(s) extérieure(s)" if external else ""
        print(f"{str(page.relative_to(html_root)):44s} {total / 1024**2:7.2f} Mo  {mark}{note}")


PARTS = {"notebooks": bench_notebooks, "tests": bench_tests, "livre": bench_book,
         "explorateur": bench_explorer, "pages": bench_pages}

if __name__ == "__main__":
    for name in sys.argv[1:] or PARTS:
        PARTS[name]()
