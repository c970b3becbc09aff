"""Ce que les lecteurs et les mainteneurs attendent, mesuré : à lancer à la main, ce n'est pas un test.

    .venv/bin/python benchmarks/run.py            # tout
    .venv/bin/python benchmarks/run.py notebooks  # une partie : notebooks, tests, livre, explorateur, pages

Chaque cible est un rapport à un plancher mesuré dans la même exécution, pour valoir sur toute
machine. Le script imprime, avec la cible de chacun :
- le temps d'exécution de chaque notebook (« Tout exécuter »), rapporté au plancher : un notebook
  qui ne fait qu'importer ce qu'importe un chapitre et tracer une figure (cible : au plus 3 fois) ;
  médianes de trois tours, chacun mesurant plancher et chapitres ;
- le temps de toute la suite de tests (``make test``, livre et navigateur compris ; cible : 90 s
  sur la machine de référence à 2 cœurs), à côté de la somme des temps des notebooks ;
- le temps d'une construction du livre à partir de rien ;
- le temps que met l'explorateur, dans un vrai JupyterLab piloté par Chromium, à montrer sa nouvelle
  image après un mouvement de curseur (médiane sur 20 ; cible : 3 fois l'aller-retour d'un curseur
  trivial mesuré dans la même session) ou un changement de problème (cible : 6 fois) ;
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
EXPLORER_MOVE_RATIO = 3.0  # rapport à l'aller-retour d'un curseur trivial
EXPLORER_PROBLEM_RATIO = 6.0
PAGE_TARGET_BYTES = 2 * 1024**2

# Le notebook du benchmark de l'explorateur : un curseur trivial qui écrit sa valeur dans une
# étiquette (l'aller-retour le plus court entre la page et le noyau), puis l'explorateur du chapitre 1.
TRIVIAL_CELL = """\
import ipywidgets as widgets

trivial = widgets.IntSlider(description="trivial", continuous_update=False)
echo = widgets.Label("0")
trivial.observe(lambda change: setattr(echo, "value", str(change.new)), names="value")
widgets.VBox([trivial, echo])"""
EXPLORER_CELL = """\
from optim_lib import Landscape, QuadraticValley, Rosenbrock, Saddle, SGD
from optim_lib.teaching.explorers import explorer, log_slider

explorer(lambda lr: SGD(lr=lr), sliders={"lr": log_slider("lr", 1e-3, 1.0, 0.05)},
         problems={"vallée étroite": QuadraticValley(), "Rosenbrock": Rosenbrock(), "point selle": Saddle(),
                   "plateau et minimum local": Landscape()}, steps=100)"""
# Dans la page : appuyer sur une touche (ou choisir une option), et mesurer jusqu'à ce que la
# réponse du noyau soit à l'écran (le texte de l'étiquette, ou la nouvelle image décodée).
ROUND_TRIP_JS = """async ([target, shown, action]) => {
    const before = shown.tagName === "IMG" ? shown.src : shown.textContent;
    const changed = () => (shown.tagName === "IMG" ? shown.src : shown.textContent) !== before;
    const start = performance.now();
    if (action === "key") {
        target.dispatchEvent(new KeyboardEvent("keydown", {key: "ArrowRight", bubbles: true}));
        target.dispatchEvent(new KeyboardEvent("keyup", {key: "ArrowRight", bubbles: true}));
    } else {
        target.selectedIndex = (target.selectedIndex + 1) % target.options.length;
        target.dispatchEvent(new Event("change", {bubbles: true}));
    }
    await new Promise((done, fail) => { if (changed()) return done();
        setTimeout(() => fail(new Error("pas de réponse du noyau en 20 s")), 20000);
        const watch = new MutationObserver(() => { if (changed()) { watch.disconnect(); done(); } });
        watch.observe(shown, {attributes: true, childList: true, characterData: true, subtree: true}); });
    if (shown.tagName === "IMG") await shown.decode();
    return performance.now() - start;
}"""


MEASURED = {}  # ce qu'une partie mesure et qu'une autre imprime à côté du sien


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


def bench_notebooks(rounds=3):
    """Chaque notebook exécuté ``rounds`` fois, en tours qui mesurent aussi le plancher : médianes.

    Sur une machine partagée (une machine virtuelle, un portable qui chauffe), une mesure isolée
    varie de 20 à 50 % ; des tours entrelacés soumettent plancher et chapitres aux mêmes variations.
    """
    paths = sorted(CHAPTERS.glob("*.ipynb"))
    floor_notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in FLOOR_CELLS])
    empties, floors, times = [], [], {path: [] for path in paths}
    for _ in range(rounds):
        empties.append(execute_seconds(nbformat.v4.new_notebook())[0])
        floors.append(execute_seconds(floor_notebook)[0])
        for path in paths:
            times[path].append(execute_seconds(nbformat.read(path, as_version=4))[0])
    floor = statistics.median(floors)
    print(f"Médianes sur {rounds} tours ; notebook vide (démarrage du noyau) : {statistics.median(empties):.2f} s")
    print(f"Plancher (les imports d'un chapitre et une figure) : {floor:.2f} s (de {min(floors):.2f} à {max(floors):.2f} s)")
    print(f"{'notebook':36s} {'durée':>7s} {'/ plancher':>10s}  cible ≤ {NOTEBOOK_RATIO_TARGET:g}")
    total = 0.0
    for path in paths:
        seconds = statistics.median(times[path])
        total += seconds
        ratio = seconds / floor
        mark = "ok" if ratio <= NOTEBOOK_RATIO_TARGET else "TROP LENT"
        print(f"{path.name:36s} {seconds:6.2f}s {ratio:10.1f}  {mark}")
    print(f"Somme des notebooks : {total:.1f} s")
    MEASURED["notebooks"] = total


def bench_tests():
    start = time.perf_counter()
    result = subprocess.run(["make", "test"], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else "(aucune sortie)"
    mark = "ok" if seconds <= SUITE_TARGET_SECONDS else "TROP LENT"
    print(f"Suite de tests (make test) : {seconds:.1f} s ({summary}) ; cible ≤ {SUITE_TARGET_SECONDS} s : {mark}")
    if "notebooks" in MEASURED:
        print(f"  à côté de la somme des notebooks exécutés un à un, sans nbval : {MEASURED['notebooks']:.1f} s")
    else:
        print("  (la somme des notebooks s'imprime ici quand la partie « notebooks » passe avant : run.py notebooks tests)")


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


def bench_explorer(moves=20):
    """L'explorateur tel qu'un étudiant le sent : dans un vrai JupyterLab, piloté par Chromium.

    Médiane sur ``moves`` mouvements de chaque curseur (flèche du clavier) : le curseur trivial
    donne le plancher, l'aller-retour page-noyau-page ; l'explorateur, ce qu'y ajoutent le calcul,
    le dessin, l'encodage PNG et l'affichage de l'image. Le changement de problème redessine aussi
    le fond (courbes de niveau, mise en page).
    """
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT))
    from tests.conftest import CHROMIUM
    from tests.jupyterlab_server import run_all_cells, running_lab

    with tempfile.TemporaryDirectory() as work, sync_playwright() as playwright:
        notebooks = Path(work) / "notebooks"
        notebooks.mkdir()
        # Avec son noyau nommé : sans lui, JupyterLab demanderait lequel lancer.
        kernel = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
        nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(TRIVIAL_CELL),
                                                       nbformat.v4.new_code_cell(EXPLORER_CELL)], metadata=kernel),
                       notebooks / "banc.ipynb")
        (notebooks / "matplotlibrc").write_text((CHAPTERS / "matplotlibrc").read_text())
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu",
                                                                            "--disable-background-networking"])
        with running_lab(notebooks, Path(work) / "jupyter") as url:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url("banc.ipynb"))
            page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=30_000)
            run_all_cells(page)
            outputs = page.locator(".jp-OutputArea-output")
            trivial, explorer = outputs.nth(0), outputs.nth(1)
            explorer.locator("img").wait_for()

            def median_ms(target, shown, action, count):
                handles = [target.element_handle(), shown.element_handle(), action]
                times = [page.evaluate(ROUND_TRIP_JS, handles) for _ in range(count)]
                return statistics.median(times), times

            slider = ".widget-slider .noUi-handle"
            floor, _ = median_ms(trivial.locator(slider).first, trivial.locator(".widget-label").last, "key", moves)
            move, _ = median_ms(explorer.locator(slider).first, explorer.locator("img"), "key", moves)
            change, _ = median_ms(explorer.locator("select"), explorer.locator("img"), "select", 8)
            browser.close()
    print(f"Curseur trivial (étiquette), aller-retour dans JupyterLab : {floor:.0f} ms (médiane sur {moves})")
    for what, ms, target in (("mouvement du curseur", move, EXPLORER_MOVE_RATIO), ("changement de problème", change, EXPLORER_PROBLEM_RATIO)):
        mark = "ok" if ms <= target * floor else "TROP LENT"
        print(f"Explorateur, {what} jusqu'à l'image affichée : {ms:.0f} ms, soit {ms / floor:.1f} × le curseur trivial "
              f"(cible ≤ {target:g}) {mark}")


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
