"""Le livre pour tous les lecteurs : un seul bouton de recherche, en français, et des pages sans
erreur d'accessibilité grave (axe-core, voir tests/test_book.py).

- Le thème affichait deux boutons de recherche (la barre du haut et la colonne de gauche) ; seul
  celui de la colonne reste (sur un téléphone, la loupe de l'en-tête le remplace). Son nom pour un
  lecteur d'écran est son texte visible (gabarit ``_templates/search-button-field.html``).
- Le champ de recherche est en français (« Search this book... » dans Jupyter Book).
- La bibliographie est une liste (``role="list"``) dont docutils marque les entrées
  ``doc-biblioentry``, un rôle qu'une liste n'admet pas (et que DPUB-ARIA a retiré) : elles
  deviennent des éléments de liste.
- Les extraits des résultats de recherche montrent les formules en texte lisible, pas en TeX
  (``_static/recherche.js``) ; la loupe ne couvre plus le texte tapé (``_static/livre.css``).
  Jupyter Book ajoute de lui-même à chaque page les fichiers CSS et JavaScript de ``_static``.
"""

SEARCH_TEXT = "Rechercher dans le livre…"


def configure_theme(app, config):
    config.html_theme_options["search_bar_text"] = SEARCH_TEXT
    config.html_theme_options["navbar_persistent"] = []


def bibliography_as_list(app, pagename, templatename, context, doctree):
    if "body" in context:
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app):
    app.connect("config-inited", configure_theme)
    app.connect("html-page-context", bibliography_as_list)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
