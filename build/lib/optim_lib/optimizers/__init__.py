"""Les optimizers : ceux du cours (``course``), leur base commune (``base``) et les variantes qui
servent de point de comparaison (``variants``)."""

from .base import Optimizer
from .course import SGD, AdaDelta, Adagrad, AdaMax, Adam, AdamW, Momentum, Nadam, RMSProp
from .variants import AdaDeltaTorch, AdamWithoutBiasCorrection, InPlaceAdam, PlainNadam, RMSPropTorch

OPTIMIZERS = (SGD, Momentum, Adagrad, RMSProp, AdaDelta, Adam, AdamW, AdaMax, Nadam)
"""Les neuf optimizers du cours, dans l'ordre des chapitres."""

__all__ = ["OPTIMIZERS", "Optimizer", "SGD", "Momentum", "Adagrad", "RMSProp", "AdaDelta", "Adam", "AdamW", "AdaMax",
           "Nadam", "AdamWithoutBiasCorrection", "PlainNadam", "RMSPropTorch", "AdaDeltaTorch", "InPlaceAdam"]
