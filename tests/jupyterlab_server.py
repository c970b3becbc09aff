"""Un JupyterLab neuf sur un dossier, pour les tests et le benchmark qui le pilotent dans Chromium.

Réglages et données Jupyter neufs (aucun notebook n'y est de confiance, comme sur un clone neuf),
toutes les cellules dans la page (même hors de l'écran), optim_lib de ce dépôt sur le chemin des
noyaux, ``jupyterapp`` exposé à la page pour que Playwright puisse lancer ses commandes.
"""

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "jeton-du-test"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_lab(notebooks, home):
    """Lance ``jupyter lab`` sur le dossier ``notebooks`` ; rend ``url(nom)``, l'adresse d'un notebook."""
    settings = Path(home) / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(Path(home) / "settings"), JUPYTER_DATA_DIR=str(Path(home) / "data"),
               JUPYTER_RUNTIME_DIR=str(Path(home) / "runtime"), JUPYTER_CONFIG_DIR=str(Path(home) / "config"),
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    port, log = _free_port(), Path(home) / "jupyterlab.log"
    with log.open("w") as stderr:  # le serveur garde sa copie du fichier ; celle-ci se ferme
        server = subprocess.Popen(
            [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
             f"--ServerApp.token={TOKEN}", f"--ServerApp.root_dir={notebooks}", "--ServerApp.allow_root=True",
             "--LabApp.expose_app_in_browser=True"],
            env=env, stdout=subprocess.DEVNULL, stderr=stderr,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=1)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("JupyterLab n'a pas démarré : " + log.read_text()[-2000:])
                time.sleep(0.2)
        yield lambda name: f"{base}/lab/tree/{name}?token={TOKEN}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def run_all_cells(page, timeout=60_000):
    """« Exécuter toutes les cellules » dans le notebook ouvert, et attendre que le noyau ait fini."""
    # Le noyau d'abord prêt : lancée trop tôt, la commande attendrait un noyau qu'elle ne verra pas venir.
    page.wait_for_function("() => jupyterapp.shell.currentWidget && jupyterapp.shell.currentWidget.sessionContext",
                           timeout=timeout)
    page.evaluate("""async () => { const panel = jupyterapp.shell.currentWidget;
                                   await panel.context.ready; await panel.sessionContext.ready;
                                   jupyterapp.commands.execute('notebook:run-all-cells'); }""")
    page.wait_for_function(
        """() => { const panel = jupyterapp.shell.currentWidget;
                   const cells = panel.content.widgets.filter(c => c.model.type === "code");
                   return panel.sessionContext.session.kernel.status === "idle"
                          && cells.every(c => c.model.executionCount !== null); }""",
        timeout=timeout,
    )
