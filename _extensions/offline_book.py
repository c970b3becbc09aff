"""Le livre se lit hors ligne : aucune page ne demande quoi que ce soit à un autre site.

- MathJax est servi par le livre lui-même. Il vient du paquet PyPI ``django-static-mathjax`` (une
  copie non modifiée de MathJax 3.2.2, sans dépendance à Django). On copie dans
  ``_static/mathjax`` le composant ``tex-chtml.js``, ses polices, et ce qu'il charge à la demande
  (extensions TeX, menu, accessibilité).
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
COPIED = ["tex-chtml.js", "output/chtml/fonts/woff-v2", "input/tex/extensions", "ui", "a11y", "sre"]


def use_local_mathjax(app, config):
    config.mathjax_path = "mathjax/tex-chtml.js"  # relatif à _static


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
