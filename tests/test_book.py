"""Le livre construit, lu comme un lecteur le lit : dans un vrai navigateur, hors ligne.

La suite construit le livre (avertissements traités comme des erreurs), le sert sur 127.0.0.1 et
ouvre chaque page dans Chromium sans interface, piloté par Playwright. Pour chaque page : formules
rendues par MathJax, images chargées, aucune erreur dans la console, aucune requête hors de
127.0.0.1, aucune violation critique ou grave d'accessibilité selon axe-core, un seul bouton de
recherche, au plus 2 Mo chargés. Puis la fenêtre est rétrécie à la largeur d'un téléphone (390
pixels) : rien ne déborde, axe-core n'y trouve rien de grave, et le texte des figures reste lisible. Sur le chapitre 1, le
curseur de la figure sans noyau et le quiz sont essayés ; la recherche, les citations et les
textes alternatifs des figures sont vérifiés.

axe-core coûte cher ; pour que la suite reste courte, il ne refait pas ce qui ne peut pas changer :

- les règles de couleur (contrastes, liens distingués du texte : 80 % du temps d'axe-core sur un
  chapitre) ne dépendent que des feuilles de style, communes à toutes les pages, et des sortes
  d'éléments d'une page. Elles passent sur un échantillon de pages qui contient, un test le
  vérifie, chaque sorte d'élément que montre le livre (``COLOR_SAMPLE``, ``ELEMENT_KINDS``) ;
- sur un téléphone, le DOM est le même que sur un grand écran, seule la mise en page change :
  les règles autres que de couleur passent sur l'échantillon, et sur chaque page celles qui
  dépendent de la mise en page (taille des cibles tactiles, zones défilantes, zoom) ;
- ces règles de mise en page ne passent au grand écran que sur l'échantillon : le contenu y est
  plus large qu'au téléphone (cibles moins serrées, moins de zones qui défilent), et ce qu'il a
  en plus, les barres latérales, ce sont les mêmes sortes d'éléments sur chaque page. La taille des
  cibles est, de loin, la règle la plus chère (la moitié du temps d'axe-core sur un chapitre).

``pytest --captures`` enregistre en plus une capture de chaque page dans _build/captures, pour relecture.

Le navigateur vient de la fixture ``browser`` de ``tests/conftest.py`` (Chromium du système, ou
celui qu'indique la variable ``CHROMIUM``) ; sans Chromium, ces tests sont sautés.
"""

import functools
import http.server
import re
import subprocess
import sys
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
CAPTURES = ROOT / "_build" / "captures"
PHONE = {"width": 390, "height": 844}
# Toutes les règles d'axe-core, y compris les expérimentales : « label-content-name-mismatch » (le
# nom d'un bouton pour un lecteur d'écran reprend-il son texte visible ?) en est une.
# Sans « preload », axe-core ne retélécharge pas les feuilles de style (il en résolvait mal les @import).
AXE_OPTIONS = {"resultTypes": ["violations"], "preload": False, "runOnly": {"type": "tag", "values": [
    "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice", "experimental"]}}
COLOR_RULES = ["color-contrast", "link-in-text-block"]
# Les règles qu'un écran étroit peut changer : le reste ne dépend que du DOM.
LAYOUT_RULES = ["target-size", "scrollable-region-focusable", "meta-viewport", "meta-viewport-large", "css-orientation-lock"]
WITHOUT_COLOR = {**AXE_OPTIONS, "rules": {rule: {"enabled": False} for rule in COLOR_RULES}}
DOM_ONLY = {**AXE_OPTIONS, "rules": {rule: {"enabled": False} for rule in COLOR_RULES + LAYOUT_RULES}}
LAYOUT_ONLY = {"resultTypes": ["violations"], "preload": False, "runOnly": {"type": "rule", "values": LAYOUT_RULES}}
# L'échantillon des pages vérifiées par toutes les règles au grand écran (couleurs comprises), et par toutes
# sauf celles de couleur au téléphone.
COLOR_SAMPLE = ["chapters/00_introduction.html", "chapters/07_adam.html", "annexes/bibliographie.html", "annexes/notations.html", "search.html"]
# Les sortes d'éléments que les pages du livre montrent ; l'échantillon doit toutes les contenir.
ELEMENT_KINDS = {
    "formule": ".math", "tableau": "main table", "encadré": ".admonition", "bloc dépliable": "details",
    "code": ".cell_input", "sortie texte": ".cell_output pre", "figure": ".cell_output img",
    "figure à curseur": ".optim-slider", "quiz": ".optim-quiz", "citation": "a[href*='bibliographie']",
    "bibliographie": ".citation", "renvoi": "a.reference.internal", "lien externe": "a.reference.external",
    "code en ligne": "code.literal", "exemple de code": "div.highlight",
}
# Ce qu'une page peut charger au plus, tout compris (voir _extensions/light_book.py).
PAGE_BYTES = 2 * 1024**2
# Le plus petit texte lisible d'une figure, en pixels CSS (voir optim_lib.teaching.sliders).
MIN_TEXT_PX = 9
# Le plus petit texte des figures matplotlib des chapitres, en pixels de l'image : une légende en
# « small » (10 × 0,833 points) à 80 points par pouce, selon chapters/matplotlibrc.
STATIC_FIGURE_TEXT_PX = 10 * 0.833 * 80 / 72


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
    """Les pages du livre, sans l'index général ni ``index.html``, qui renvoie à l'introduction."""
    return sorted(p for p in html_root.rglob("*.html") if "_static" not in p.parts
                  and p.name != "genindex.html" and 'http-equiv="Refresh"' not in p.read_text(encoding="utf-8")[:200])


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


def open_page(browser, url, viewport=None):
    """Ouvre ``url`` et rend ``(page, requêtes, erreurs de console)`` une fois MathJax passé."""
    page = browser.new_page(viewport=viewport or {"width": 1280, "height": 900})
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda request: errors.append(f"échec du chargement : {request.url}"))
    page.on("response", lambda response: errors.append(f"{response.status} : {response.url}") if response.status >= 400 else None)
    page.goto(url, wait_until="load")
    # MathJax fini (ou 20 s au plus : une formule qui ne se rend pas doit faire échouer le test, pas le
    # bloquer), puis les polices qu'il a demandées.
    page.evaluate("""async () => { if (window.MathJax && MathJax.startup)
        await Promise.race([MathJax.startup.promise, new Promise(done => setTimeout(done, 20000))]);
        await document.fonts.ready; }""")
    return page, requests, errors


@pytest.fixture(scope="session")
def visits(book, server, browser, request):
    """Chaque page ouverte une fois, sur un grand écran puis, la fenêtre rétrécie, sur un téléphone.

    Rend, par page, les problèmes vus sur le grand écran et ce qu'on a mesuré sur le téléphone.
    Rétrécir la fenêtre plutôt que rouvrir la page épargne un second rendu des formules : la mise
    en page étroite ne dépend que des feuilles de style (et des figures à curseur, qui suivent
    leur largeur), le DOM reste le même.
    """
    captures = request.config.getoption("--captures")
    CAPTURES.mkdir(parents=True, exist_ok=True)
    seen = {}
    for path in pages(book):
        name = str(path.relative_to(book))
        page, requests, errors = open_page(browser, f"{server}/{name}")
        problems = []
        loaded = {unquote(urlparse(u).path).lstrip("/") for u in requests if u.startswith(server)}
        weight = sum((book / file).stat().st_size for file in loaded if (book / file).is_file())
        if weight > PAGE_BYTES:
            problems.append(f"{weight / 1024**2:.2f} Mo chargés, plus de {PAGE_BYTES / 1024**2:g} Mo")
        outside = [u for u in requests if not u.startswith((server, "data:", "blob:"))]
        if outside:
            problems.append(f"requêtes hors de 127.0.0.1 : {outside}")
        has_math = "math notranslate" in path.read_text(encoding="utf-8")
        if has_math and page.locator("mjx-container").count() == 0:
            problems.append("formules non rendues par MathJax")
        text = page.evaluate(
            """() => { const main = document.querySelector("main") || document.body;
                       const copy = main.cloneNode(true);
                       copy.querySelectorAll("pre, code, script, style, mjx-container, .optim-quiz").forEach(e => e.remove());
                       return copy.textContent; }"""
        )
        raw = re.findall(r".{0,30}(?:\$|\\\(|\\\[).{0,30}", text)
        if raw:
            problems.append(f"formules restées en TeX brut : {raw[:3]}")
        broken = page.evaluate("() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src.slice(0, 80))")
        if broken:
            problems.append(f"images non chargées : {broken}")
        problems += accessibility_problems(page, AXE_OPTIONS if name in COLOR_SAMPLE else DOM_ONLY)
        if errors:
            problems.append(f"erreurs : {errors}")
        if captures:
            page.screenshot(path=CAPTURES / (name.replace("/", "_").removesuffix(".html") + ".png"), full_page=True)
        errors.clear()
        page.set_viewport_size(PHONE)
        # Le thème ne revoit quelles zones défilent (pour leur donner le focus du clavier) que 300 ms
        # après le dernier changement de taille de la fenêtre.
        page.wait_for_timeout(400)
        seen[name] = {"desktop": problems, "phone": phone_measures(page, name)}
        seen[name]["phone"]["errors"] = errors[:]
        page.close()
    return seen


def test_every_page_renders_offline_without_errors(visits):
    problems = [f"{name} : {problem}" for name, seen in visits.items() for problem in seen["desktop"]]
    assert not problems, "\n".join(problems)


def test_color_sample_shows_every_kind_of_element(book):
    from bs4 import BeautifulSoup

    shown = {str(p.relative_to(book)): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser") for p in pages(book)}
    assert set(COLOR_SAMPLE) <= set(shown), set(COLOR_SAMPLE) - set(shown)
    # Chaque sorte d'encadré (note, avertissement...) a ses couleurs.
    kinds = dict(ELEMENT_KINDS, **{f"encadré « {name} »": f".admonition.{name}" for html in shown.values()
                                   for box in html.select(".admonition") for name in box["class"] if name != "admonition"})
    missing = [kind for kind, selector in kinds.items()
               if any(html.select_one(selector) for html in shown.values())
               and not any(shown[name].select_one(selector) for name in COLOR_SAMPLE)]
    assert not missing, f"l'échantillon des règles de couleur ne montre aucun(e) : {missing}"
    absent = [kind for kind, selector in ELEMENT_KINDS.items() if not any(html.select_one(selector) for html in shown.values())]
    assert not absent, f"sélecteurs qui ne trouvent plus rien dans le livre : {absent}"


def accessibility_problems(page, options):
    """Les violations critiques ou graves d'axe-core, et les boutons de recherche en trop."""
    from axe_playwright_python.sync_playwright import Axe

    problems = [f"axe-core, {v['impact']} : {v['id']} ({v['help']}) sur {[n['html'][:80] for n in v['nodes']]}"
                for v in Axe().run(page, options=options).response["violations"]
                if v["impact"] in ("critical", "serious")]
    buttons = page.evaluate("() => [...document.querySelectorAll('.search-button__button')].filter(b => b.checkVisibility()).length")
    if buttons != 1:
        problems.append(f"{buttons} boutons de recherche visibles au lieu d'un")
    return problems


def phone_measures(page, name):
    """Ce qu'on mesure d'une page sur un écran de téléphone."""
    return {
        "width": page.evaluate("() => document.documentElement.scrollWidth"),
        "sliders": page.evaluate(
            """async () => Promise.all([...document.querySelectorAll(".optim-slider")].map(async figure => {
                   const img = figure.querySelector("img"), track = figure.querySelector("input").getBoundingClientRect();
                   await img.decode();
                   return {text: img.clientWidth / img.naturalWidth * Number(img.dataset.textPx || 0), alt: img.alt,
                           narrow: !figure.querySelector("script").textContent.includes("var narrow = null;"),
                           track: Math.round(track.width), trackHeight: Math.round(track.height)};
               }))"""),
        "images": page.evaluate(
            "() => [...document.querySelectorAll('main img[src*=\"_images/\"]')].map(i => [i.clientWidth / i.naturalWidth, i.alt])"),
        "accessibility": accessibility_problems(page, WITHOUT_COLOR if name in COLOR_SAMPLE else LAYOUT_ONLY),
    }


@pytest.fixture(scope="session")
def phone(visits):
    return {name: seen["phone"] for name, seen in visits.items()}


def test_every_page_fits_a_phone_and_stays_accessible(phone):
    problems = []
    for name, seen in phone.items():
        if seen["width"] > PHONE["width"]:
            problems.append(f"{name} : la page déborde ({seen['width']} pixels de large)")
        problems += [f"{name} : {problem}" for problem in seen["accessibility"] + seen["errors"]]
        for figure in seen["sliders"]:
            # Une figure qui a une mise en page étroite doit la montrer ici (les autres : test suivant).
            if figure["narrow"] and figure["text"] < MIN_TEXT_PX:
                problems.append(f"{name} : texte de {figure['text']:.1f} px dans une figure à curseur ({figure['alt'][:60]})")
            if figure["track"] < 200 or figure["trackHeight"] < 24:
                problems.append(f"{name} : curseur trop petit pour un doigt ({figure['track']} × {figure['trackHeight']} px)")
    assert not problems, "\n".join(problems)


def test_every_figure_text_is_legible_on_a_phone(phone):
    small = []
    for name, seen in phone.items():
        small += [f"{name} : {f['text']:.1f} px ({f['alt'][:50]})" for f in seen["sliders"] if f["text"] < MIN_TEXT_PX]
        small += [f"{name} : environ {scale * STATIC_FIGURE_TEXT_PX:.1f} px ({alt[:50]})" for scale, alt in seen["images"]
                  if scale * STATIC_FIGURE_TEXT_PX < MIN_TEXT_PX]
    assert not small, f"{len(small)} figures au texte trop petit sur un téléphone :\n" + "\n".join(small)


FRENCH_WORDS = re.compile(r"\b(le|la|les|des|du|de|un|une|et|en|sur|au|aux|selon)\b", re.IGNORECASE)


def test_every_figure_has_a_french_alternative_text(book):
    missing = []
    for path in pages(book):
        html = path.read_text(encoding="utf-8")
        main = html[html.find("<main"):html.find("</main>")]
        for alt in re.findall(r'<img\b[^>]*?\balt="([^"]*)"', main) + ["" for _ in re.findall(r"<img\b(?![^>]*\balt=)[^>]*>", main)]:
            if alt.endswith(" logo"):  # les boutons Binder et Colab
                continue
            if re.search(r"\.(png|jpe?g|svg|gif)$|[0-9a-f]{16}", alt) or len(alt.split()) < 4 or not FRENCH_WORDS.search(alt):
                missing.append(f"{path.relative_to(book)} : {alt[:70]!r}")
    assert not missing, f"{len(missing)} figures sans texte alternatif en français :\n" + "\n".join(missing)


def test_citations_read_as_french(book):
    cited = [re.sub(r"<[^>]+>", "", text) for path in pages(book)
             for text in re.findall(r'<a class="reference internal" href="[^"]*bibliographie\.html#[^"]*"[^>]*>(.*?)</a>',
                                    path.read_text(encoding="utf-8"), re.S)]
    assert cited, "aucune citation trouvée"
    english = [c for c in cited if re.search(r"\band\b|others", c)]
    assert not english, english
    assert any(re.search(r"\w et \w.*, \d{4}", c) for c in cited) and any("et al., " in c for c in cited)


def test_search_is_french_and_shows_no_raw_tex(server, browser):
    page, _, errors = open_page(browser, f"{server}/search.html?q=gradient")
    field = page.locator("form.bd-search input[name=q]").first
    assert field.get_attribute("placeholder") == field.get_attribute("aria-label") == "Rechercher dans le livre…"
    # La loupe est à gauche du texte tapé, pas dessus.
    icon_right, text_left = page.evaluate(
        """() => { const form = document.querySelector("main form.bd-search, article form.bd-search") || document.querySelector("form.bd-search");
                   const icon = form.querySelector("i").getBoundingClientRect(), input = form.querySelector("input");
                   return [icon.right, input.getBoundingClientRect().left + parseFloat(getComputedStyle(input).paddingLeft)]; }""")
    assert icon_right <= text_left, "la loupe couvre le texte de la recherche"
    page.wait_for_selector("#search-results p.context")
    summaries = page.locator("#search-results p.context").all_inner_texts()
    raw = [s for s in summaries if re.search(r"\\[()\[\]]", s)]
    assert not raw, raw
    # Les formules des extraits, réécrites en texte : la même conversion sur un morceau de page.
    converted = page.evaluate("""() => Search.htmlToText('<div role="main">Le pas vaut <span class="math">\\\\(\\\\alpha \\\\nabla L\\\\)</span>.</div>')""")
    assert converted == "Le pas vaut α ∇ L."
    assert not errors
    page.close()


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
