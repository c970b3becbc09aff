"""Ce que les chapitres impriment et montrent : des nombres stables, des tableaux, le vrai code d'optim_lib."""

import html
import inspect
import textwrap

from IPython.display import HTML, Code

__all__ = ["sci", "two_digits", "power_of_ten", "show_source", "table"]


def sci(x, floor=1e-12, digits=1):
    """``x`` en notation scientifique, ou « < 1e-12 » en dessous de ``floor``.

    Sous ce seuil, une loss ou une distance n'est plus que du bruit d'arrondi, qui change avec la
    bibliothèque d'algèbre linéaire : l'imprimer rendrait les sorties des notebooks instables.
    """
    if abs(x) < floor:
        return f"< {floor:.0e}"
    return f"{x:.{digits}e}"


_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _superscript(exponent):
    return str(int(exponent)).translate(_SUPERSCRIPTS)


def two_digits(x):
    """Deux chiffres significatifs, « 1.5·10⁻³ » sous 0.01 : ce qu'une moyenne sur quelques graines établit."""
    if abs(x) >= 0.01:
        return f"{x:.2g}"
    mantissa, exponent = f"{x:.1e}".split("e")
    return f"{mantissa}·10" + _superscript(exponent)


def power_of_ten(n):
    """``n`` écrit avec une puissance de dix : 1e9 donne « 10⁹ », 3.2e10 donne « 3,2·10¹⁰ »."""
    mantissa, exponent = f"{n:.1e}".split("e")
    superscript = _superscript(exponent)
    mantissa = mantissa.removesuffix(".0").replace(".", ",")
    return f"10{superscript}" if mantissa == "1" else f"{mantissa}·10{superscript}"


def show_source(obj):
    """Le code source de ``obj`` (classe, méthode ou fonction), coloré comme du Python."""
    return Code(textwrap.dedent(inspect.getsource(obj)), language="python")


def table(headers, rows, align=None):
    """Un tableau HTML, lisible dans le livre comme dans JupyterLab, qui défile en largeur sur un petit écran.

    ``headers`` nomme les colonnes, ``rows`` donne les lignes (des valeurs déjà mises en forme ;
    elles sont échappées). ``align`` donne une lettre par colonne, « l » (à gauche) ou « r » (à
    droite) ; par défaut, la première colonne est à gauche et les autres, des nombres, à droite.
    """
    align = align or "l" + "r" * (len(headers) - 1)
    if len(align) != len(headers):
        raise ValueError(f"align={align!r} : il faut une lettre par colonne ({len(headers)})")

    def line(tag, values):
        return "<tr>" + "".join(f'<{tag} style="text-align:{"left" if a == "l" else "right"}">{html.escape(str(v))}</{tag}>'
                                for a, v in zip(align, values)) + "</tr>"

    body = "".join(line("td", row) for row in rows)
    # Le cadre qui défile doit pouvoir recevoir le focus du clavier (axe-core : scrollable-region-focusable).
    return HTML(f'<div tabindex="0" style="overflow-x:auto"><table><thead>{line("th", headers)}</thead>'
                f"<tbody>{body}</tbody></table></div>")
