"""Des nombres imprimés qui restent les mêmes d'une machine à l'autre."""

__all__ = ["sci"]


def sci(x, floor=1e-12, digits=1):
    """``x`` en notation scientifique, ou « < 1e-12 » en dessous de ``floor``.

    Sous ce seuil, une loss ou une distance n'est plus que du bruit d'arrondi, qui change avec la
    bibliothèque d'algèbre linéaire : l'imprimer rendrait les sorties des notebooks instables.
    """
    if abs(x) < floor:
        return f"< {floor:.0e}"
    return f"{x:.{digits}e}"
