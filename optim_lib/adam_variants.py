r"""Deux versions d'Adam qui servent de point de comparaison dans les chapitres 7 et 8.

- ``AdamWithoutBiasCorrection`` : Adam sans la correction du biais, pour voir ce qu'elle change ;
- ``PlainNadam`` : Nadam avec un momentum constant :math:`\mu = \beta_1`, la forme « simple »
  de Dozat (2016), sans le calendrier de momentum de ``torch.optim.NAdam``.

Ni l'une ni l'autre n'existe dans ``torch.optim`` : ce sont des outils d'explication, pas des
optimizers à utiliser.
"""

import numpy as np

from .optimizers import Adam, Optimizer, _check_betas, _check_non_negative, _check_positive

__all__ = ["AdamWithoutBiasCorrection", "PlainNadam"]


class AdamWithoutBiasCorrection(Adam):
    r"""Adam sans correction du biais : :math:`m` et :math:`v` sont utilisés tels quels.

    :math:`m = \beta_1 m + (1 - \beta_1) g`, :math:`v = \beta_2 v + (1 - \beta_2) g \odot g`,
    :math:`\theta = \theta - \frac{\alpha}{\sqrt{v} + \epsilon} \odot m`.

    Comme :math:`m` et :math:`v` partent de zéro, ils sous-estiment les moyennes au début, et
    :math:`v` bien plus longtemps que :math:`m` : les premiers pas sont plus grands que
    :math:`\alpha`. Mêmes hyperparamètres qu'``Adam`` (``weight_decay`` compris).
    """

    def update(self, theta, g, t, m, v):
        beta1, beta2 = self.betas
        g = g + self.weight_decay * theta
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        theta = theta - self.lr / (np.sqrt(v) + self.eps) * m
        return theta, {"m": m, "v": v}


class PlainNadam(Optimizer):
    r"""Nadam « simple » : le regard en avant de Nesterov avec un momentum constant :math:`\beta_1`.

    :math:`m = \beta_1 m + (1 - \beta_1) g`, :math:`v = \beta_2 v + (1 - \beta_2) g \odot g`,
    :math:`\hat m = \frac{\beta_1 m}{1 - \beta_1^{t+1}} + \frac{(1 - \beta_1) g}{1 - \beta_1^t}`,
    :math:`\hat v = v / (1 - \beta_2^t)`,
    :math:`\theta = \theta - \frac{\alpha}{\sqrt{\hat v} + \epsilon} \odot \hat m`.

    C'est ``Nadam`` (la forme de ``torch.optim.NAdam``) quand son momentum :math:`\mu_t` vaut
    :math:`\beta_1` à chaque pas, ce qu'on obtient à la limite d'un ``momentum_decay`` infini.
    """

    state_names = ("m", "v")

    def __init__(self, lr=0.002, betas=(0.9, 0.999), eps=1e-8):
        _check_positive("lr", lr)
        betas = _check_betas(betas)
        _check_non_negative("eps", eps)
        self.lr = lr
        self.betas = betas
        self.eps = eps
        super().__init__()

    def update(self, theta, g, t, m, v):
        beta1, beta2 = self.betas
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        m_hat = beta1 * m / (1 - beta1 ** (t + 1)) + (1 - beta1) * g / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        theta = theta - self.lr / (np.sqrt(v_hat) + self.eps) * m_hat
        return theta, {"m": m, "v": v}
