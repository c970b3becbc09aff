"""Le livre se lit hors ligne : aucune page ne demande quoi que ce soit à un autre site.

- MathJax est servi par le livre lui-même. Il vient du paquet PyPI ``django-static-mathjax`` (une
  copie non modifiée de MathJax 3.2.2, sans dépendance à Django). Plutôt que le composant combiné
  ``tex-chtml.js`` (1,16 Mo, dont 0,43 Mo pour le menu contextuel des formules), la page charge
  ``startup.js`` et seulement ce qui rend les formules : le cœur, l'entrée TeX, la sortie CommonHTML
  avec les mesures de ses polices, et ``assistive-mml``, qui donne aux lecteurs d'écran le MathML
  de chaque formule (0,77 Mo en tout). Les extensions TeX et les polices sont chargées à la demande depuis ``_static/mathjax``.
- Un navigateur demande ``/favicon.ico`` pour toute page qui ne déclare pas d'icône (la page
  d'accueil du livre, une simple redirection) : on l'écrit à la racine, à partir de l'icône du
  site, plutôt que de laisser cette demande finir en erreur 404.
- Les scripts de thebe (exécution du code dans la page, que le livre n'active pas) sont retirés :
  inutiles, ils déclaraient en outre deux fois la même constante, une erreur dans la console.
"""

import shutil
from pathlib import Path

import mathjax
from PIL import Image

SOURCE = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
LOADED = ["input/tex", "output/chtml", "a11y/assistive-mml"]
COPIED = ["startup.js", "core.js", "input/tex.js", "output/chtml.js", "output/chtml/fonts/tex.js",
          "output/chtml/fonts/woff-v2", "a11y/assistive-mml.js", "input/tex/extensions"]


def use_local_mathjax(app, config):
    config.mathjax_path = "mathjax/startup.js"  # relatif à _static
    # Garder ce que myst-parser a mis dans la configuration (les classes à traiter) en y ajoutant la liste
    # des composants : sans elle, startup.js ne chargerait rien.
    config.mathjax3_config = {**(config.mathjax3_config or {}), "loader": {"load": LOADED}}


def copy_mathjax(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / "mathjax"
    for name in COPIED:
        source, destination = SOURCE / name, target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, destination, dirs_exist_ok=True)
        else:
            shutil.copy2(source, destination)


def write_root_favicon(app, exception):
    if exception is not None or app.builder.format != "html" or not app.config.html_favicon:
        return
    Image.open(Path(app.srcdir) / app.config.html_favicon).save(Path(app.outdir) / "favicon.ico")


def _is_thebe(asset):
    return "thebe" in (asset.filename or "") or "THEBE" in asset.attributes.get("body", "")


def drop_thebe(app, pagename, templatename, context, doctree):
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if not _is_thebe(asset)]


def setup(app):
    app.connect("config-inited", use_local_mathjax)
    app.connect("build-finished", copy_mathjax)
    app.connect("build-finished", write_root_favicon)
    app.connect("html-page-context", drop_thebe)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
