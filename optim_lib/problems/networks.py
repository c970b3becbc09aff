"""Un perceptron multicouche en numpy, le réseau de neurones des chapitres 10 et 11.

``MLP`` est un problème (voir ``optim_lib.problems``) comme les modèles de ``models`` : ``start``
(les poids de départ, une liste de tableaux float64), ``loss(params)`` sur tout le jeu
d'entraînement, ``grad(params, batch)`` sur les exemples d'indices ``batch`` et ``n_samples``.
Le gradient est calculé à la main par rétropropagation ; les tests le comparent à des
différences finies. ``batch_loss`` et ``batch_grad`` entraînent plusieurs copies du réseau à la
fois, leurs poids aplatis, une copie par ligne (voir ``optim_lib.running.run_batched``).
"""

import contextlib

import numpy as np

__all__ = ["MLP"]

_blas = None


def _one_blas_thread():
    """Un contexte où l'algèbre linéaire (BLAS) n'utilise qu'un fil d'exécution.

    Les matrices du perceptron sont petites : répartir chaque produit sur plusieurs cœurs ne fait
    rien gagner, et sur une machine partagée, les fils qui s'attendent les uns les autres peuvent
    rendre l'entraînement dix fois plus lent. threadpoolctl vient avec scikit-learn ; sans lui, on
    laisse BLAS faire.
    """
    global _blas
    if _blas is None:
        try:
            from threadpoolctl import ThreadpoolController
        except ImportError:
            _blas = False
        else:
            _blas = ThreadpoolController()
    return _blas.limit(limits=1, user_api="blas") if _blas else contextlib.nullcontext()


class MLP:
    r"""Perceptron multicouche : couches cachées ReLU, puis softmax et entropie croisée.

    Avec une couche cachée, :math:`h = \max(0, X W_1 + b_1)`, :math:`z = h W_2 + b_2`,
    :math:`p = \mathrm{softmax}(z)` et :math:`L = -\frac{1}{N} \sum_i \log p_{i, y_i}`.
    ``hidden`` donne la largeur de chaque couche cachée. Les paramètres sont la liste
    ``[W_1, b_1, W_2, b_2, ...]`` ; les poids de départ sont tirés avec ``seed`` (loi normale
    d'écart-type :math:`\sqrt{2/\text{entrées}}`, l'initialisation de He pour ReLU), les biais
    partent de zéro.
    """

    name = "perceptron multicouche"

    def __init__(self, X, y, hidden=(32,), n_classes=None, seed=0):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y)
        if X.ndim != 2 or y.shape != (len(X),):
            raise ValueError(f"X doit être une matrice (exemples × variables) et y un vecteur de même longueur : "
                             f"formes {X.shape} et {y.shape}")
        hidden = (hidden,) if isinstance(hidden, int) else tuple(hidden)
        if not all(isinstance(h, int) and h > 0 for h in hidden):
            raise ValueError(f"hidden invalide : {hidden!r} (des largeurs entières strictement positives)")
        self.X, self.y = X, y.astype(int)
        self.n_samples = len(y)
        self.n_classes = int(self.y.max()) + 1 if n_classes is None else n_classes
        sizes = [X.shape[1], *hidden, self.n_classes]
        rng = np.random.default_rng(seed)
        self.start = []
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
            self.start.append(rng.normal(scale=np.sqrt(2 / fan_in), size=(fan_in, fan_out)))
            self.start.append(np.zeros(fan_out))
        # Où chaque tableau de paramètres se trouve dans les poids aplatis (``layers`` s'en sert à chaque pas).
        ends = np.cumsum([0] + [p.size for p in self.start])
        self._pieces = [(slice(a, b), p.shape) for a, b, p in zip(ends[:-1], ends[1:], self.start)]

    @property
    def n_params(self):
        """Nombre de paramètres du modèle (poids et biais)."""
        return sum(p.size for p in self.start)

    def unflatten(self, vector):
        """La liste de tableaux de ``params`` à partir d'un vecteur aplati (``Trajectory.params[k]``)."""
        vector = np.asarray(vector, dtype=float)
        if vector.shape != (self.n_params,):
            raise ValueError(f"Vecteur de forme {vector.shape} : {self.n_params} paramètres attendus")
        ends = np.cumsum([p.size for p in self.start])[:-1]
        return [part.reshape(p.shape) for part, p in zip(np.split(vector, ends), self.start)]

    def _forward(self, params, X):
        """Les activations de chaque couche (entrée comprise) et les logits."""
        activations = [X]
        with _one_blas_thread():
            for W, b in zip(params[0:-2:2], params[1:-2:2]):
                activations.append(np.maximum(activations[-1] @ W + b, 0))
            logits = activations[-1] @ params[-2] + params[-1]
        return activations, logits

    @staticmethod
    def _row_max(logits):
        """Le maximum sur le dernier axe (les classes), gardé comme axe de longueur 1.

        Pris classe par classe : numpy réduit lentement un axe aussi court, et le maximum ne dépend
        pas de l'ordre, si bien que le résultat est le même, bit pour bit.
        """
        top = logits[..., 0].copy()
        for k in range(1, logits.shape[-1]):
            np.maximum(top, logits[..., k], out=top)
        return top[..., None]

    @classmethod
    def _log_softmax(cls, logits):
        shifted = logits - cls._row_max(logits)  # évite exp() d'un grand nombre
        return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))

    def loss(self, params, X=None, y=None):
        """Entropie croisée moyenne, sur le jeu d'entraînement ou sur ``(X, y)``."""
        X, y = (self.X, self.y) if X is None else (X, np.asarray(y))
        _, logits = self._forward(params, X)
        return float(-np.mean(self._log_softmax(logits)[np.arange(len(y)), y]))

    def grad(self, params, batch=None):
        """Le gradient de la loss, sur les exemples d'indices ``batch`` (ou sur tous)."""
        X, y = (self.X, self.y) if batch is None else (self.X[batch], self.y[batch])
        activations, logits = self._forward(params, X)
        # Dérivée de l'entropie croisée par rapport aux logits : (p - one_hot(y)) / N.
        delta = np.exp(self._log_softmax(logits))
        delta[np.arange(len(y)), y] -= 1
        delta /= len(y)
        grads = []
        with _one_blas_thread():
            for layer in range(len(params) // 2 - 1, -1, -1):
                h = activations[layer]
                grads += [delta.sum(axis=0), h.T @ delta]
                if layer > 0:
                    delta = (delta @ params[2 * layer].T) * (h > 0)  # ReLU' vaut 1 là où h > 0, 0 ailleurs
        return grads[::-1]

    def layers(self, W):
        """Les poids aplatis de plusieurs copies (une par ligne de ``W``), couche par couche.

        Rend la liste ``[W_1, b_1, W_2, b_2, ...]`` où chaque tableau a pour premier axe la copie.
        """
        W = np.asarray(W, dtype=float)
        if W.ndim != 2 or W.shape[1] != self.n_params:
            raise ValueError(f"Poids de forme {W.shape} : (copies, {self.n_params}) attendu")
        return [W[:, where].reshape(len(W), *shape) for where, shape in self._pieces]

    @staticmethod
    def _batch_forward(layers, X):
        """Comme ``_forward``, pour toutes les copies : ``X`` est partagé ``(N, entrées)`` ou propre à chacune.

        À appeler sous ``_one_blas_thread()``. Le biais et la ReLU s'appliquent sur place : ce sont les
        mêmes opérations que ``max(X W + b, 0)``, sans deux tableaux intermédiaires par couche.
        """
        activations = [X]
        for W, b in zip(layers[0:-2:2], layers[1:-2:2]):
            h = activations[-1] @ W
            h += b[:, None, :]
            activations.append(np.maximum(h, 0, out=h))
        logits = activations[-1] @ layers[-2]
        logits += layers[-1][:, None, :]
        return activations, logits

    def batch_loss(self, W):
        """L'entropie croisée sur tout le jeu d'entraînement, pour chaque copie (ligne de ``W``)."""
        with _one_blas_thread():
            _, logits = self._batch_forward(self.layers(W), self.X)
        # Le log-softmax de la seule bonne classe : les mêmes opérations que ``_log_softmax(logits)[..., y]``,
        # sans tableau (copies, exemples, classes) de plus.
        # (La moyenne se fait dans l'ordre des exemples en mémoire qu'a la sélection : ``-=`` le garde.)
        shifted = logits - self._row_max(logits)
        picked = shifted[:, np.arange(self.n_samples), self.y]
        picked -= np.log(np.exp(shifted).sum(axis=-1))
        return -np.mean(picked, axis=1)

    def batch_grad(self, W, batches=None):
        """Le gradient de chaque copie sur sa ligne d'indices de ``batches`` (ou sur tout), aplati."""
        layers = self.layers(W)
        copies = len(W)
        if batches is None:
            X, y = self.X, np.broadcast_to(self.y, (copies, self.n_samples))
        else:
            X, y = self.X[batches], self.y[batches]
        with _one_blas_thread():
            activations, logits = self._batch_forward(layers, X)
            delta = np.exp(self._log_softmax(logits))  # (copies, B, classes)
            delta[np.arange(copies)[:, None], np.arange(y.shape[1]), y] -= 1
            delta /= y.shape[1]
            grads = []
            for layer in range(len(layers) // 2 - 1, -1, -1):
                h = activations[layer]
                grads += [delta.sum(axis=1), np.swapaxes(h, -1, -2) @ delta]
                if layer > 0:
                    delta = delta @ np.swapaxes(layers[2 * layer], -1, -2)
                    delta *= h > 0  # ReLU' vaut 1 là où h > 0, 0 ailleurs
        return np.concatenate([g.reshape(copies, -1) for g in grads[::-1]], axis=1)

    def batch_accuracy(self, W, X=None, y=None):
        """La proportion d'exemples bien classés par chaque copie (ligne de ``W``), sur l'entraînement ou ``(X, y)``."""
        X, y = (self.X, self.y) if X is None else (np.asarray(X, dtype=float), np.asarray(y))
        with _one_blas_thread():
            _, logits = self._batch_forward(self.layers(W), X)
        return np.mean(logits.argmax(axis=-1) == y, axis=1)

    def predict(self, params, X=None):
        """La classe la plus probable pour chaque exemple."""
        _, logits = self._forward(params, self.X if X is None else X)
        return logits.argmax(axis=1)

    def accuracy(self, params, X=None, y=None):
        """La proportion d'exemples bien classés, sur le jeu d'entraînement ou sur ``(X, y)``."""
        y = self.y if X is None else np.asarray(y)
        return float(np.mean(self.predict(params, X) == y))

    def __repr__(self):
        hidden = [W.shape[1] for W in self.start[0:-2:2]]
        return f"MLP(entrées={self.X.shape[1]}, cachées={hidden}, classes={self.n_classes}, exemples={self.n_samples})"
