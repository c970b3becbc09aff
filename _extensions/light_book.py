"""Des pages légères : chaque page du livre charge au plus 2 Mo, formules comprises.

Une fois le livre construit :

- Les figures (``_images/*.png``) passent en PNG à palette de 256 couleurs, quatre fois plus
  légères : une figure matplotlib n'a que quelques couleurs et leurs nuances d'anticrénelage. La
  coupe médiane affinée (``kmeans``) garde le blanc du fond exact ; une figure que la palette
  abîmerait (un dégradé qui ferait des bandes : on compare les deux images floutées) reste telle quelle.
- Les scripts de la recherche instantanée du thème (l'index de recherche, 0,15 Mo) ne sont chargés
  que par la page de recherche : le livre ne l'active pas, le bouton de recherche mène à cette page.
- Les polices d'icônes Font Awesome (0,27 Mo) sont réduites aux icônes que le livre montre : celles
  que nomment ses pages et les scripts du thème, et celles que les feuilles de style placent
  elles-mêmes (titres des encadrés, liens externes...). Les règles CSS des autres icônes sont retirées.
- Les feuilles de style perdent les règles qui ne peuvent rien toucher : celles dont chaque
  sélecteur nomme une classe qu'aucune page et aucun script du livre n'écrit (Bootstrap entier, dont
  le thème n'utilise qu'une part, pèse 0,2 Mo). Le critère est prudent : un mot d'un script compte
  comme une classe possible, les sélecteurs échappés et les règles « @ » autres que @media et
  @supports sont gardés. Une capture de chaque page, avant et après, ne diffère d'aucun pixel.
"""

import re
from pathlib import Path

import numpy as np
from fontTools import subset
from PIL import Image, ImageFilter

SEARCH_SCRIPTS = re.compile(
    r'\s*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)[^"]*"></script>')
# Une règle qui ne fait que nommer une icône : « .fa-bars:before,.fa-navicon:before{content:"\f0c9"} ».
ICON_RULE = re.compile(r'(?<=[}/])([^{}]+)\{content:"\\([0-9a-f]{4})"\}')
ICON_NAME = re.compile(r"\.fa-([a-z0-9-]+):before")
# Une icône placée par une feuille de style : « "\f107" », ou le caractère lui-même (zone privée d'Unicode).
CODEPOINT = re.compile(r'"\\([0-9a-f]{4})"|([\ue000-\uf8ff])')
SELECTOR_CLASS = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")
WORD = re.compile(r"[A-Za-z0-9_-]+")
BANDING_LEVELS = 3  # écart toléré entre les deux images floutées (centile 99, sur 255 niveaux)


def lighten(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    for png in (outdir / "_images").glob("*.png"):
        _palette_png(png)
    pages = [p for p in outdir.rglob("*.html") if "_static" not in p.parts]
    for page in pages:
        if page.name != "search.html":
            html = page.read_text(encoding="utf-8")
            page.write_text(SEARCH_SCRIPTS.sub("", html), encoding="utf-8")
    _subset_icon_fonts(outdir / "_static", pages)
    words = set()
    for text in [p.read_text(encoding="utf-8") for p in pages] + [s.read_text(encoding="utf-8", errors="ignore")
                                                                   for s in outdir.rglob("*.js")]:
        words |= set(WORD.findall(text))
    for css in (outdir / "_static").rglob("*.css"):
        css.write_text(_used_rules(css.read_text(encoding="utf-8"), words), encoding="utf-8")


def _palette_png(path):
    original = Image.open(path)
    rgb = original.convert("RGB")
    if original.mode == "RGBA" and original.getchannel("A").getextrema()[0] < 255:
        return  # une figure transparente : pas de palette sans transparence
    palette = rgb.quantize(256, method=Image.Quantize.MEDIANCUT, kmeans=2, dither=Image.Dither.NONE)
    back = palette.convert("RGB")
    before, after = np.asarray(rgb), np.asarray(back)
    white = (before == 255).all(axis=2)
    if (after[white] != 255).any():
        return

    def blurred(image):
        return np.asarray(image.filter(ImageFilter.BoxBlur(3)), dtype=float)

    if np.percentile(np.abs(blurred(rgb) - blurred(back)).max(axis=2), 99) > BANDING_LEVELS:
        return
    palette.save(path, optimize=True)


def _subset_icon_fonts(static, pages):
    shown = set()
    for text in [p.read_text(encoding="utf-8") for p in pages] + [s.read_text(encoding="utf-8") for s in static.glob("scripts/*.js")
                                                                   if s.name != "fontawesome.js"]:
        shown |= set(re.findall(r"\bfa-([a-z0-9-]+)", text))
    codepoints = set()
    for css in static.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        if "Font Awesome" not in text and "--pst-icon" not in text:
            continue

        def keep_if_shown(rule):
            names = ICON_NAME.findall(rule.group(1))
            if names and not shown.intersection(names):
                return ""
            if names:
                codepoints.add(int(rule.group(2), 16))
            return rule.group(0)

        text = ICON_RULE.sub(keep_if_shown, text)
        codepoints |= {int(code, 16) if code else ord(char) for code, char in CODEPOINT.findall(text)}
        css.write_text(text, encoding="utf-8")
    for font in static.glob("vendor/fontawesome/webfonts/*.woff2"):
        options = subset.Options(flavor="woff2", layout_features=["*"], notdef_outline=True)
        loaded = subset.load_font(str(font), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=codepoints)
        subsetter.subset(loaded)
        subset.save_font(loaded, str(font), options)


def _used_rules(css, words):
    """``css`` sans les règles dont chaque sélecteur nomme une classe absente de ``words``."""
    kept, i = [], 0
    while i < len(css):
        if css.startswith("/*", i):  # commentaire (licences comprises) : gardé
            end = css.index("*/", i) + 2
        elif css[i] in " \n\t;":
            end = i + 1
        else:
            brace, semicolon = css.find("{", i), css.find(";", i)
            if brace < 0 or 0 <= semicolon < brace and css[i] == "@":  # fin, ou « @charset ...; »
                end = len(css) if brace < 0 else semicolon + 1
                kept.append(css[i:end])
                i = end
                continue
            end = _matching_brace(css, brace) + 1
            head, body = css[i:brace], css[brace + 1:end - 1]
            if head.startswith(("@media", "@supports")):
                inner = _used_rules(body, words)
                if inner.strip():
                    kept.append(f"{head}{{{inner}}}")
            elif head.startswith("@"):
                kept.append(css[i:end])
            else:
                selectors = [s for s in _split_selectors(head)
                             if "\\" in s or all(name in words for name in SELECTOR_CLASS.findall(s))]
                if selectors:
                    kept.append(",".join(selectors) + "{" + body + "}")
            i = end
            continue
        kept.append(css[i:end])
        i = end
    return "".join(kept)


def _matching_brace(css, start):
    depth = 0
    for position in range(start, len(css)):
        depth += {"{": 1, "}": -1}.get(css[position], 0)
        if depth == 0:
            return position
    raise ValueError("feuille de style mal formée : accolade non fermée")


def _split_selectors(head):
    """« a, b:is(c, d) » -> ["a", " b:is(c, d)"] : les virgules entre parenthèses ne séparent rien."""
    parts, depth, start = [], 0, 0
    for position, char in enumerate(head):
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(head[start:position])
            start = position + 1
    return parts + [head[start:]]


def setup(app):
    app.connect("build-finished", lighten)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
