"""Les citations se lisent en français : « Kingma et Ba, 2015 », « Paszke et al., 2019 ».

sphinxcontrib-bibtex et pybtex joignent les noms par « and » et écrivent le « and others » de
BibTeX tel quel (« Paszke and others »). Deux styles enregistrés ici le disent en français :

- ``author_year_fr`` (``bibtex_reference_style``), pour les citations dans le texte ;
- ``plain_fr`` (``bibtex_default_style``), pour la liste de la bibliographie.

Le « and others » d'une entrée (auteurs trop nombreux pour être tous nommés) devient « et al. ».
"""

from dataclasses import dataclass, field

import pybtex.plugin
import sphinxcontrib.bibtex.plugin
from pybtex.richtext import Tag, Text
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.template import FieldIsMissing, sentence
from sphinxcontrib.bibtex.style import template
from sphinxcontrib.bibtex.style.referencing import PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

AND, ET_AL = " et ", Text(" ", Tag("em", "et al."))


def _persons(data, role):
    try:
        persons = data["entry"].persons[role]
    except KeyError:
        raise FieldIsMissing(role, data["entry"])
    named = [p for p in persons if str(p) != "others"]  # « and others » en BibTeX
    return named, len(named) < len(persons)


@template.node
def french_names(children, data, role, **kwargs):
    """Les noms d'un rôle (``author``...), avec « et al. » pour le « and others » de BibTeX."""
    named, others = _persons(data, role)
    person = data["style"].person
    formatted = [person.style_plugin.format(p, person.abbreviate) for p in named]
    if others:
        return template.join[formatted[0], ET_AL].format_data(data)
    return template.join(**kwargs)[formatted].format_data(data)


@template.node
def french_author_or_editor_or_title(children, data, **kwargs):
    return template.first_of[
        template.optional[french_names("author", **kwargs)],
        template.optional[french_names("editor", **kwargs)],
        template.tag("em")[template.field("title")],
    ].format_data(data)


@dataclass
class FrenchPersonStyle(PersonStyle):
    sep2: str = AND
    last_sep: str = AND
    other: Text = field(default_factory=lambda: ET_AL)

    def names(self, role, full):
        return french_names(role=role, sep=self.sep, sep2=self.sep2, last_sep=self.last_sep,
                            other=None if full else self.other)

    def author_or_editor_or_title(self, full):
        return french_author_or_editor_or_title(sep=self.sep, sep2=self.sep2, last_sep=self.last_sep,
                                                other=None if full else self.other)


@dataclass
class FrenchAuthorYearStyle(AuthorYearReferenceStyle):
    person: PersonStyle = field(default_factory=FrenchPersonStyle)


@template.node
def _bibliography_names(children, context, role, **kwargs):
    named, others = _persons(context, role)
    style = context["style"]
    formatted = [style.format_name(p, style.abbreviate_names) for p in named]
    if others:
        return Text(template.join(sep=", ")[formatted].format_data(context), ET_AL)
    return template.join(**kwargs)[formatted].format_data(context)


class FrenchPlainStyle(PlainStyle):
    def format_names(self, role, as_sentence=True):
        names = _bibliography_names(role, sep=", ", sep2=AND, last_sep=AND)
        return sentence[names] if as_sentence else names


def setup(app):
    sphinxcontrib.bibtex.plugin.register_plugin("sphinxcontrib.bibtex.style.referencing", "author_year_fr",
                                                FrenchAuthorYearStyle, force=True)
    pybtex.plugin.register_plugin("pybtex.style.formatting", "plain_fr", FrenchPlainStyle, force=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
