"""Les optimizers du cours, écrits comme ses formules.

Chaque optimizer est une petite classe construite avec ses hyperparamètres (noms de PyTorch,
valeurs par défaut du cours ou, à défaut, de PyTorch). Sa méthode ``update`` est une fonction
pure : elle reçoit un paramètre ``theta``, son gradient ``g``, le numéro du pas ``t`` et l'état
du paramètre, et rend le nouveau ``theta`` et le nouvel état. Son corps se lit ligne à ligne
comme la formule du chapitre. Le reste (vérifications, état, pas) est dans ``base``.
"""

import numpy as np

from .base import Optimizer, _check_betas, _check_decay, _check_non_negative, _check_positive

__all__ = ["SGD", "Momentum", "Adagrad", "RMSProp", "AdaDelta", "Adam", "AdamW", "AdaMax", "Nadam"]


class SGD(Optimizer):
    r"""Descente du gradient : :math:`\theta = \theta - \alpha \nabla L(\theta)`.

    Avec le gradient calculé sur tout le jeu de données, c'est la descente du gradient du chapitre 1 ;
    avec celui d'un mini-batch, c'est la descente stochastique du chapitre 2.
    Identique à ``torch.optim.SGD(lr=lr)``.
    """

    def __init__(self, lr=0.01):
        _check_positive("lr", lr)
        self.lr = lr
        super().__init__()

    def update(self, theta, g, t):
        theta = theta - self.lr * g
        return theta, {}


class Momentum(Optimizer):
    r"""SGD avec momentum, sous la forme du cours.

    :math:`v = \beta v + (1 - \beta) g`, puis :math:`\theta = \theta - \alpha v`, avec
    ``momentum`` pour :math:`\beta`.

    ``torch.optim.SGD`` écrit :math:`v = \mu v + g` : à :math:`\beta` égal, son pas est
    :math:`1/(1-\beta)` fois plus grand. ``torch.optim.SGD(lr=lr * (1 - momentum),
    momentum=momentum)`` fait exactement le même calcul dès le premier pas. Avec
    ``dampening=momentum``, la règle de mise à jour est la même, mais le premier pas de PyTorch
    prend :math:`v = g` au lieu de :math:`(1-\beta) g` (sauf si son tampon ``momentum_buffer``
    est initialisé à zéro) : l'écart sur :math:`v` s'efface comme :math:`\beta^t`, celui qu'il a
    laissé sur :math:`\theta`, non.
    """

    state_names = ("v",)

    def __init__(self, lr=0.01, momentum=0.9):
        _check_positive("lr", lr)
        _check_decay("momentum", momentum)
        self.lr = lr
        self.momentum = momentum
        super().__init__()

    def update(self, theta, g, t, v):
        beta = self.momentum
        v = beta * v + (1 - beta) * g
        theta = theta - self.lr * v
        return theta, {"v": v}


class Adagrad(Optimizer):
    r"""Adagrad : un learning rate par paramètre, qui ne fait que décroître.

    :math:`G = G + g \odot g`, puis :math:`\theta = \theta - \frac{\alpha}{\sqrt{G + \epsilon}} \odot g`.

    Le cours met :math:`\epsilon` sous la racine, PyTorch l'ajoute après :
    ``torch.optim.Adagrad(lr=lr, eps=0, initial_accumulator_value=eps)`` fait exactement ce calcul.
    """

    state_names = ("G",)

    def __init__(self, lr=0.01, eps=1e-10):
        _check_positive("lr", lr)
        _check_non_negative("eps", eps)
        self.lr = lr
        self.eps = eps
        super().__init__()

    def update(self, theta, g, t, G):
        G = G + g * g
        theta = theta - self.lr / np.sqrt(G + self.eps) * g
        return theta, {"G": G}


class RMSProp(Optimizer):
    r"""RMSProp : Adagrad avec une moyenne exponentielle au lieu d'une somme.

    :math:`G = \beta G + (1 - \beta) g \odot g`, puis
    :math:`\theta = \theta - \frac{\alpha}{\sqrt{G + \epsilon}} \odot g`.

    ``alpha`` est le :math:`\beta` du cours (le nom de PyTorch ; le learning rate est ``lr``).
    PyTorch divise par :math:`\sqrt{G} + \epsilon` : les deux coïncident pour ``eps=0``.
    """

    state_names = ("G",)

    def __init__(self, lr=0.01, alpha=0.99, eps=1e-8):
        _check_positive("lr", lr)
        _check_decay("alpha", alpha)
        _check_non_negative("eps", eps)
        self.lr = lr
        self.alpha = alpha
        self.eps = eps
        super().__init__()

    def update(self, theta, g, t, G):
        beta = self.alpha
        G = beta * G + (1 - beta) * g * g
        theta = theta - self.lr / np.sqrt(G + self.eps) * g
        return theta, {"G": G}


class AdaDelta(Optimizer):
    r"""AdaDelta : pas de learning rate, le rapport de deux moyennes fixe le pas.

    :math:`G = \beta G + (1 - \beta) g \odot g`,
    :math:`\Delta\theta = -\frac{\sqrt{S + \epsilon}}{\sqrt{G + \epsilon}} \odot g`,
    :math:`S = \beta S + (1 - \beta) \Delta\theta \odot \Delta\theta`,
    :math:`\theta = \theta + \Delta\theta`.

    ``rho`` est le :math:`\beta` du cours. ``torch.optim.Adadelta`` multiplie en plus le pas par
    ``lr`` (1.0 par défaut) : avec ``lr=1``, c'est le même algorithme.
    """

    state_names = ("G", "S")

    def __init__(self, rho=0.9, eps=1e-6):
        _check_decay("rho", rho)
        _check_positive("eps", eps)  # eps = 0 bloquerait AdaDelta à jamais : S resterait nul.
        self.rho = rho
        self.eps = eps
        super().__init__()

    def update(self, theta, g, t, G, S):
        beta = self.rho
        G = beta * G + (1 - beta) * g * g
        delta_theta = -np.sqrt(S + self.eps) / np.sqrt(G + self.eps) * g
        S = beta * S + (1 - beta) * delta_theta * delta_theta
        theta = theta + delta_theta
        return theta, {"G": G, "S": S}


class Adam(Optimizer):
    r"""Adam : momentum et RMSProp réunis, avec correction du biais.

    :math:`m = \beta_1 m + (1 - \beta_1) g`, :math:`v = \beta_2 v + (1 - \beta_2) g \odot g`,
    :math:`\hat m = m / (1 - \beta_1^t)`, :math:`\hat v = v / (1 - \beta_2^t)`,
    :math:`\theta = \theta - \frac{\alpha}{\sqrt{\hat v} + \epsilon} \odot \hat m`.

    ``weight_decay`` ajoute une régularisation L2 au gradient (:math:`g = g + \lambda\theta`),
    comme ``torch.optim.Adam`` ; voir ``AdamW`` pour la version découplée.
    """

    state_names = ("m", "v")

    def __init__(self, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        _check_positive("lr", lr)
        betas = _check_betas(betas)
        _check_non_negative("eps", eps)
        _check_non_negative("weight_decay", weight_decay)
        self.lr = lr
        self.betas = betas
        self.eps = eps
        self.weight_decay = weight_decay
        super().__init__()

    def update(self, theta, g, t, m, v):
        beta1, beta2 = self.betas
        g = g + self.weight_decay * theta
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        theta = theta - self.lr / (np.sqrt(v_hat) + self.eps) * m_hat
        return theta, {"m": m, "v": v}


class AdamW(Adam):
    r"""AdamW : Adam avec un weight decay découplé du gradient.

    :math:`\theta = \theta - \alpha \lambda \theta`, puis le pas d'Adam sur le gradient seul.
    Identique à ``torch.optim.AdamW``, dont il reprend le ``weight_decay`` par défaut (0.01).
    """

    def __init__(self, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01):
        super().__init__(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay)

    def update(self, theta, g, t, m, v):
        beta1, beta2 = self.betas
        theta = theta - self.lr * self.weight_decay * theta
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        theta = theta - self.lr / (np.sqrt(v_hat) + self.eps) * m_hat
        return theta, {"m": m, "v": v}


class AdaMax(Optimizer):
    r"""AdaMax : le :math:`v` d'Adam remplacé par une norme infinie.

    :math:`m = \beta_1 m + (1 - \beta_1) g`, :math:`u = \max(\beta_2 u, |g| + \epsilon)`,
    :math:`\theta = \theta - \frac{\alpha}{1 - \beta_1^t} \frac{m}{u}`.

    Comme ``torch.optim.Adamax``, :math:`\epsilon` est dans le max (l'article le laisse de côté).
    """

    state_names = ("m", "u")

    def __init__(self, lr=0.002, betas=(0.9, 0.999), eps=1e-8):
        _check_positive("lr", lr)
        betas = _check_betas(betas)
        _check_non_negative("eps", eps)
        self.lr = lr
        self.betas = betas
        self.eps = eps
        super().__init__()

    def update(self, theta, g, t, m, u):
        beta1, beta2 = self.betas
        m = beta1 * m + (1 - beta1) * g
        u = np.maximum(beta2 * u, np.abs(g) + self.eps)
        theta = theta - self.lr / (1 - beta1**t) * m / u
        return theta, {"m": m, "u": u}


class Nadam(Optimizer):
    r"""Nadam : Adam avec le regard en avant de Nesterov sur le momentum.

    Le momentum suit le calendrier de Dozat, :math:`\mu_t = \beta_1 (1 - \frac12 0.96^{t\psi})`
    (``momentum_decay`` pour :math:`\psi`), et le pas mêle le momentum du pas suivant et le
    gradient courant :
    :math:`\hat m = \frac{\mu_{t+1} m}{1 - \prod_{s \le t+1} \mu_s} + \frac{(1 - \mu_t) g}{1 - \prod_{s \le t} \mu_s}`,
    :math:`\theta = \theta - \frac{\alpha}{\sqrt{\hat v} + \epsilon} \odot \hat m`.
    Identique à ``torch.optim.NAdam``.
    """

    state_names = ("m", "v")

    def __init__(self, lr=0.002, betas=(0.9, 0.999), eps=1e-8, momentum_decay=0.004):
        _check_positive("lr", lr)
        betas = _check_betas(betas)
        _check_non_negative("eps", eps)
        _check_non_negative("momentum_decay", momentum_decay)
        self.lr = lr
        self.betas = betas
        self.eps = eps
        self.momentum_decay = momentum_decay
        super().__init__()

    def mu(self, t):
        """Le coefficient de momentum du pas ``t`` (un tableau si ``t`` en est un)."""
        return self.betas[0] * (1 - 0.5 * 0.96 ** (np.asarray(t) * self.momentum_decay))

    def update(self, theta, g, t, m, v):
        beta1, beta2 = self.betas
        mu_t, mu_next = self.mu(t), self.mu(t + 1)
        mu_product = np.prod(self.mu(np.arange(1, t + 1)))
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        m_hat = mu_next * m / (1 - mu_product * mu_next) + (1 - mu_t) * g / (1 - mu_product)
        v_hat = v / (1 - beta2**t)
        theta = theta - self.lr / (np.sqrt(v_hat) + self.eps) * m_hat
        return theta, {"m": m, "v": v}
