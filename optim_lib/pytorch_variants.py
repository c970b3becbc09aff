"""RMSProp et AdaDelta écrits comme ``torch.optim``, pour mesurer l'écart avec le cours.

Le cours met :math:`\\epsilon` sous la racine dans RMSProp ; ``torch.optim.RMSprop`` l'ajoute
après. ``torch.optim.Adadelta`` multiplie le pas par ``lr`` après avoir mis à jour :math:`S`,
si bien que :math:`S` reste la moyenne des pas *avant* ce facteur. Ces deux classes refont les
calculs de PyTorch 2.13 (vérifiés par ``tests/test_pytorch_variants.py`` contre des trajectoires
enregistrées de ``torch.optim``) ; elles ne servent qu'à comparer.
"""

import numpy as np

from .optimizers import AdaDelta, RMSProp, _check_positive

__all__ = ["RMSPropTorch", "AdaDeltaTorch"]


class RMSPropTorch(RMSProp):
    r"""RMSProp à la façon de ``torch.optim.RMSprop`` : :math:`\epsilon` hors de la racine.

    :math:`G = \beta G + (1 - \beta) g \odot g`, puis
    :math:`\theta = \theta - \frac{\alpha}{\sqrt{G} + \epsilon} \odot g`.
    Mêmes hyperparamètres que ``RMSProp`` ; seule la place de :math:`\epsilon` change.
    """

    def update(self, theta, g, t, G):
        beta = self.alpha
        G = beta * G + (1 - beta) * g * g
        theta = theta - self.lr / (np.sqrt(G) + self.eps) * g
        return theta, {"G": G}


class AdaDeltaTorch(AdaDelta):
    r"""AdaDelta à la façon de ``torch.optim.Adadelta`` : le pas du cours, multiplié par ``lr``.

    :math:`G = \beta G + (1 - \beta) g \odot g`,
    :math:`\Delta = \frac{\sqrt{S + \epsilon}}{\sqrt{G + \epsilon}} \odot g`,
    :math:`S = \beta S + (1 - \beta) \Delta \odot \Delta`, :math:`\theta = \theta - \alpha \Delta`.
    Avec ``lr=1``, c'est exactement ``AdaDelta``.
    """

    def __init__(self, lr=1.0, rho=0.9, eps=1e-6):
        _check_positive("lr", lr)
        self.lr = lr
        super().__init__(rho=rho, eps=eps)

    def update(self, theta, g, t, G, S):
        beta = self.rho
        G = beta * G + (1 - beta) * g * g
        delta = np.sqrt(S + self.eps) / np.sqrt(G + self.eps) * g
        S = beta * S + (1 - beta) * delta * delta
        theta = theta - self.lr * delta
        return theta, {"G": G, "S": S}
