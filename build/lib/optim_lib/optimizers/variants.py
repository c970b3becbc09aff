r"""Des variantes des optimizers du cours, gardées pour les comparer à l'original.

Aucune n'est à utiliser pour entraîner un modèle : chacune isole une différence que les chapitres
mesurent.

- ``AdamWithoutBiasCorrection`` : Adam sans la correction du biais, pour voir ce qu'elle change ;
- ``PlainNadam`` : Nadam avec un momentum constant :math:`\mu = \beta_1`, la forme « simple »
  de Dozat (2016), sans le calendrier de momentum de ``torch.optim.NAdam`` ;
- ``RMSPropTorch`` et ``AdaDeltaTorch`` : RMSProp et AdaDelta écrits comme ``torch.optim``, pour
  mesurer l'écart avec le cours (vérifiés contre des trajectoires enregistrées de PyTorch 2.13) ;
- ``InPlaceAdam`` : Adam calculé sur place, pour mesurer la mémoire qu'un pas économise ainsi.
"""

import numpy as np

from .base import Optimizer, _check_betas, _check_non_negative, _check_positive
from .course import AdaDelta, Adam, RMSProp

__all__ = ["AdamWithoutBiasCorrection", "PlainNadam", "RMSPropTorch", "AdaDeltaTorch", "InPlaceAdam"]


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


class InPlaceAdam(Adam):
    r"""Adam calculé sur place : mêmes pas que ``Adam``, avec un seul tableau temporaire.

    ``m``, ``v`` et :math:`\theta` sont modifiés dans leur propre mémoire (``*=``, ``+=``,
    ``out=``) au lieu d'être recréés, et tous les calculs intermédiaires passent par un même
    tableau ``work``. C'est l'idée des implémentations de ``torch.optim.Adam``. Pas de
    ``weight_decay`` : il demanderait un second tableau temporaire.
    """

    def __init__(self, lr=0.001, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(lr=lr, betas=betas, eps=eps)

    def step(self, params, grads):
        """Fait un pas : modifie sur place ``params`` et l'état, sans le remplacer."""
        params, grads = self._prepare(params, grads)
        self.t += 1
        for theta, g, state in zip(params, grads, self.state):
            self.update_in_place(theta, g, self.t, **state)

    def update_in_place(self, theta, g, t, m, v):
        """Le pas d'Adam sur un paramètre, sans rien rendre : ``theta``, ``m`` et ``v`` changent."""
        beta1, beta2 = self.betas
        work = np.empty_like(theta)  # le seul tableau alloué par le pas
        # m = β1·m + (1 − β1)·g
        m *= beta1
        np.multiply(g, 1 - beta1, out=work)
        m += work
        # v = β2·v + (1 − β2)·g⊙g
        v *= beta2
        np.multiply(g, 1 - beta2, out=work)
        work *= g
        v += work
        # θ = θ − α / (√v̂ + ε) ⊙ m̂, avec v̂ = v / (1 − β2^t) et m̂ = m / (1 − β1^t)
        np.divide(v, 1 - beta2**t, out=work)
        np.sqrt(work, out=work)
        work += self.eps
        np.divide(self.lr, work, out=work)
        work *= m
        work /= 1 - beta1**t
        theta -= work
