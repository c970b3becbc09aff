"""Le navigateur des tests du livre et de JupyterLab, partagé : Playwright ne pilote qu'un seul
navigateur synchrone à la fois dans un même processus.

Chromium est celui du système (``apt-get install chromium`` sous Debian), ou celui qu'indique la
variable ``CHROMIUM`` (le chemin d'un exécutable, par exemple celui que ``playwright install
chromium`` télécharge, là où le paquet du système n'est pas un vrai Chromium). Sans Chromium, les
tests du navigateur sont sautés avec un message qui le dit.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        pytest.skip("Chromium est absent : installez-le (Debian : apt-get install chromium) pour les tests dans un navigateur")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                  "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()
