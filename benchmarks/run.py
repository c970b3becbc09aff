"""Ce que les lecteurs et les mainteneurs attendent, mesuré : à lancer à la main, ce n'est pas un test.

    .venv/bin/python benchmarks/run.py            # tout
    .venv/bin/python benchmarks/run.py notebooks  # une partie : notebooks, tests, livre, explorateur, pages

Chaque cible est un rapport à un plancher mesuré dans la même exécution, pour valoir sur toute
machine. Le script imprime, avec la cible de chacun :
- le temps d'exécution de chaque notebook (« Tout exécuter »), rapporté au plancher : un notebook
  qui ne fait qu'importer ce qu'importe un chapitre et tracer une figure (cible : au plus 3 fois) ;
- le temps de toute la suite de tests (``make test``, livre et navigateur compris ; cible : 90 s
  sur la machine de référence à 2 cœurs), à côté de la somme des temps des notebooks ;
- le temps d'une construction du livre à partir de rien ;
- le temps que met l'explorateur à se redessiner dans le noyau après un mouvement de curseur
  (médiane sur 20) : la part du noyau seulement, pas l'aller-retour vu dans JupyterLab ;
- le poids de chaque page du livre construit, avec tout ce qu'elle charge, tel que Chromium le
  charge depuis le disque (cible : 2 Mo au plus) et tel qu'un hébergeur qui compresse le transfère.
Les temps dépendent de la machine et de sa charge : les chiffres de référence sont dans le README.
"""

import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ROOT / "chapters"
NOTEBOOK_RATIO_TARGET = 3.0  # rapport au plancher
SUITE_TARGET_SECONDS = 90
REDRAW_TARGET_MS = 100
PAGE_TARGET_BYTES = 2 * 1024**2

EXPLORER_CODE = """
import statistics, time
import numpy as np
from optim_lib import QuadraticValley, Rosenbrock, SGD
from optim_lib.teaching.explorers import explorer, log_slider

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


# Le moins que coûte un chapitre : les imports de chaque notebook et une seule figure.
FLOOR_CELLS = [
    '%config InlineBackend.print_figure_kwargs = {"bbox_inches": None}\n'
    "import matplotlib.pyplot as plt\nimport numpy as np\n\nimport optim_lib",
    'fig, ax = plt.subplots(layout="constrained")\nax.plot(np.arange(10))\nplt.show()',
]


def bench_notebooks():
    empty, _ = execute_seconds(nbformat.v4.new_notebook())
    print(f"Notebook vide (démarrage du noyau) : {empty:.2f} s")
    floor, _ = execute_seconds(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in FLOOR_CELLS]))
    print(f"Plancher (les imports d'un chapitre et une figure) : {floor:.2f} s")
    print(f"{'notebook':36s} {'durée':>7s} {'/ plancher':>10s}  cible ≤ {NOTEBOOK_RATIO_TARGET:g}")
    total = 0.0
    for path in sorted(CHAPTERS.glob("*.ipynb")):
        seconds, _ = execute_seconds(nbformat.read(path, as_version=4))
        total += seconds
        ratio = seconds / floor
        mark = "ok" if ratio <= NOTEBOOK_RATIO_TARGET else "TROP LENT"
        print(f"{path.name:36s} {seconds:6.2f}s {ratio:10.1f}  {mark}")
    print(f"Somme des notebooks : {total:.1f} s")
    return total


def bench_tests():
    start = time.perf_counter()
    result = subprocess.run(["make", "test"], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else "(aucune sortie)"
    mark = "ok" if seconds <= SUITE_TARGET_SECONDS else "TROP LENT"
    print(f"Suite de tests (make test) : {seconds:.1f} s ({summary}) ; cible ≤ {SUITE_TARGET_SECONDS} s : {mark}")


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


def page_weights(html_root, names):
    """Pour chaque page : octets chargés par Chromium (page comprise), et les mêmes compressés en gzip.

    Chromium charge la page servie sur 127.0.0.1 et l'on additionne le corps de chaque réponse :
    c'est bien « tout ce qu'elle charge », polices et images comprises, et seulement ce qu'elle
    charge vraiment. La taille gzip est ce que transfère un hébergeur qui compresse (GitHub Pages
    le fait pour le HTML, le JavaScript et le CSS ; PNG et polices woff2 sont déjà compressés).
    """
    import functools
    import gzip
    import http.server
    import shutil
    import threading

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(html_root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    weights = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"),
                                             args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for name in names:
            page = browser.new_page()
            responses = []
            page.on("response", lambda response: responses.append(response) if response.ok else None)
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/{name}", wait_until="networkidle")
            bodies = [(response.url, response.body()) for response in responses]
            page.close()
            raw = sum(len(body) for _, body in bodies)
            packed = sum(len(body) if url.split("?")[0].endswith((".png", ".woff", ".woff2")) else len(gzip.compress(body))
                         for url, body in bodies)
            weights[name] = (raw, packed)
        browser.close()
    httpd.shutdown()
    httpd.server_close()
    return weights


def bench_pages(html_root=ROOT / "_build" / "html"):
    if not html_root.is_dir():
        print("Poids des pages : construisez d'abord le livre (make book).")
        return
    names = [str(p.relative_to(html_root)) for p in sorted(html_root.rglob("*.html"))
             if "_static" not in p.parts and p.name not in ("genindex.html", "search.html", "index.html")]
    print(f"{'page':44s} {'chargé':>9s} {'gzip':>9s}  cible ≤ {PAGE_TARGET_BYTES / 1024**2:g} Mo chargés depuis le disque")
    for name, (raw, packed) in page_weights(html_root, names).items():
        mark = "ok" if raw <= PAGE_TARGET_BYTES else "TROP LOURD"
        print(f"{name:44s} {raw / 1024**2:7.2f} Mo {packed / 1024**2:7.2f} Mo  {mark}")


PARTS = {"notebooks": bench_notebooks, "tests": bench_tests, "livre": bench_book,
         "explorateur": bench_explorer, "pages": bench_pages}

if __name__ == "__main__":
    for name in sys.argv[1:] or PARTS:
        PARTS[name]()
