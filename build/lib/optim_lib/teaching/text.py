"""Ce que les chapitres impriment et montrent : des nombres stables, le vrai code d'optim_lib."""

import inspect
import textwrap

from IPython.display import Code

__all__ = ["sci", "power_of_ten", "show_source"]


def sci(x, floor=1e-12, digits=1):
    """``x`` en notation scientifique, ou « < 1e-12 » en dessous de ``floor``.

    Sous ce seuil, une loss ou une distance n'est plus que du bruit d'arrondi, qui change avec la
    bibliothèque d'algèbre linéaire : l'imprimer rendrait les sorties des notebooks instables.
    """
    if abs(x) < floor:
        return f"< {floor:.0e}"
    return f"{x:.{digits}e}"


def power_of_ten(n):
    """``n`` écrit avec une puissance de dix : 1e9 donne « 10⁹ », 3.2e10 donne « 3,2·10¹⁰ »."""
    mantissa, exponent = f"{n:.1e}".split("e")
    superscript = str(int(exponent)).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    mantissa = mantissa.removesuffix(".0").replace(".", ",")
    return f"10{superscript}" if mantissa == "1" else f"{mantissa}·10{superscript}"


def show_source(obj):
    """Le code source de ``obj`` (classe, méthode ou fonction), coloré comme du Python."""
    return Code(textwrap.dedent(inspect.getsource(obj)), language="python")
