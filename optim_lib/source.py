"""Montrer dans un notebook le vrai code d'optim_lib, pas une copie qui pourrait dériver."""

import inspect
import textwrap

from IPython.display import Code

__all__ = ["show_source"]


def show_source(obj):
    """Le code source de ``obj`` (classe, méthode ou fonction), coloré comme du Python."""
    return Code(textwrap.dedent(inspect.getsource(obj)), language="python")
