"""Le livre construit, lu comme un lecteur le lit : dans un vrai navigateur, hors ligne.

La suite construit le livre (avertissements traités comme des erreurs), le sert sur 127.0.0.1 et
ouvre chaque page dans Chromium sans interface, piloté par Playwright. Pour chaque page : formules
rendues par MathJax, images chargées, aucune erreur dans la console, aucune requête hors de
127.0.0.1. Sur le chapitre 1, le curseur de la figure sans noyau et le quiz sont essayés. Une
capture de chaque page est enregistrée dans _build/captures pour relecture.

Chromium est celui du système (``apt-get install chromium`` sous Debian), ou celui qu'indique la
variable ``CHROMIUM`` (le chemin d'un exécutable, par exemple celui que ``playwright install
chromium`` télécharge, là où le paquet du système n'est pas un vrai Chromium). Sans Chromium, les
tests du navigateur sont sautés avec un message qui le dit.
"""

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
CAPTURES = ROOT / "_build" / "captures"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def book(tmp_path_factory):
    """Le livre construit de zéro dans un dossier temporaire ; rend le dossier HTML."""
    output = tmp_path_factory.mktemp("livre")
    result = subprocess.run(
        [str(Path(sys.executable).parent / "jupyter-book"), "build", "--warningiserror", "--nitpick",
         "--keep-going", "--path-output", str(output), str(ROOT)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return output / "_build" / "html"


def pages(html_root):
    return sorted(p for p in html_root.rglob("*.html") if "_static" not in p.parts and p.name != "genindex.html")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


def test_book_has_no_broken_internal_link(book):
    parsed = {}
    for page in pages(book):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        parsed[page.resolve()] = parser
    broken = []
    for page, parser in parsed.items():
        for href in parser.links:
            if urlparse(href).scheme or href.startswith(("mailto:", "//")):
                continue
            path, anchor = urldefrag(href)
            target = (page.parent / path).resolve() if path else page
            if not target.exists():
                broken.append(f"{page.name} -> {href}")
            elif anchor and target.suffix == ".html" and target in parsed and anchor not in parsed[target].ids:
                broken.append(f"{page.name} -> {href} (ancre absente)")
    assert not broken, broken


@pytest.fixture(scope="session")
def server(book):
    handler = functools.partial(_QuietHandler, directory=str(book))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        pytest.skip("Chromium est absent : installez-le (Debian : apt-get install chromium) pour tester le livre dans un navigateur")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                  "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


def open_page(browser, url):
    """Ouvre ``url`` et rend ``(page, requêtes, erreurs de console)`` une fois MathJax passé."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda request: errors.append(f"échec du chargement : {request.url}"))
    page.on("response", lambda response: errors.append(f"{response.status} : {response.url}") if response.status >= 400 else None)
    page.goto(url, wait_until="networkidle")
    page.evaluate("() => window.MathJax && MathJax.startup ? MathJax.startup.promise : null")
    return page, requests, errors


def test_every_page_renders_offline_without_errors(book, server, browser):
    CAPTURES.mkdir(parents=True, exist_ok=True)
    problems = []
    for path in pages(book):
        name = str(path.relative_to(book))
        page, requests, errors = open_page(browser, f"{server}/{name}")
        outside = [u for u in requests if not u.startswith((server, "data:", "blob:"))]
        if outside:
            problems.append(f"{name} : requêtes hors de 127.0.0.1 : {outside}")
        if errors:
            problems.append(f"{name} : erreurs : {errors}")
        has_math = "math notranslate" in path.read_text(encoding="utf-8")
        if has_math and page.locator("mjx-container").count() == 0:
            problems.append(f"{name} : formules non rendues par MathJax")
        text = page.evaluate(
            """() => { const main = document.querySelector("main") || document.body;
                       const copy = main.cloneNode(true);
                       copy.querySelectorAll("pre, code, script, style, mjx-container, .optim-quiz").forEach(e => e.remove());
                       return copy.textContent; }"""
        )
        raw = re.findall(r".{0,30}(?:\$|\\\(|\\\[).{0,30}", text)
        if raw:
            problems.append(f"{name} : formules restées en TeX brut : {raw[:3]}")
        broken = page.evaluate("() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src.slice(0, 80))")
        if broken:
            problems.append(f"{name} : images non chargées : {broken}")
        page.screenshot(path=CAPTURES / (name.replace("/", "_").removesuffix(".html") + ".png"), full_page=True)
        page.close()
    assert not problems, "\n".join(problems)


def test_kernel_free_slider_and_quiz_respond(server, browser):
    page, _, errors = open_page(browser, f"{server}/chapters/01_descente_du_gradient.html")
    figure = page.locator(".optim-slider").first
    image, value = figure.locator("img"), figure.locator("output")
    before_src, before_value = image.get_attribute("src"), value.text_content()
    figure.locator("input[type=range]").fill("2")
    assert image.get_attribute("src") != before_src
    assert value.text_content() != before_value

    question = page.locator(".optim-quiz-question").first
    feedback = question.locator(".optim-quiz-feedback")
    assert feedback.is_hidden()
    question.locator("input[value='0']").check()  # une mauvaise réponse
    assert feedback.is_visible() and "Pas tout à fait" in feedback.text_content()
    question.locator(f"input[value='{question.get_attribute('data-answer')}']").check()
    assert "Juste" in feedback.text_content()
    assert not errors
    page.close()
