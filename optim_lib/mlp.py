"""Un petit perceptron multicouche en numpy, et les chiffres manuscrits pour l'entraîner.

``MLP`` est un problème de la boucle ``run`` comme les modèles d'``optim_lib.data`` : ``start``
(les poids de départ, une liste de tableaux float64), ``loss(params)`` sur tout le jeu
d'entraînement, ``grad(params, batch)`` sur les exemples d'indices ``batch`` et ``n_samples``.
Le gradient est calculé à la main par rétropropagation ; les tests le comparent à des
différences finies.

``load_digits_split`` prépare les chiffres manuscrits 8×8 de scikit-learn (1 797 images, 10
classes), livrés avec la bibliothèque : rien n'est téléchargé.
"""

import contextlib
import importlib.util
from pathlib import Path

import numpy as np

__all__ = ["MLP", "load_digits_split"]

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


def load_digits_split(test_fraction=0.25, seed=0):
    """Les chiffres manuscrits de scikit-learn, séparés en entraînement et test.

    Rend ``(X_train, y_train, X_test, y_test)`` : 64 pixels par image, centrés et réduits avec la
    moyenne et l'écart-type du jeu d'entraînement seul (le test ne doit rien influencer), et les
    étiquettes de 0 à 9. Le tirage de la séparation dépend de ``seed``.
    """
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction invalide : {test_fraction!r} (doit être entre 0 et 1 exclus)")
    X, y = _digits()
    order = np.random.default_rng(seed).permutation(len(y))
    n_test = round(test_fraction * len(y))
    test, train = order[:n_test], order[n_test:]
    mean = X[train].mean(axis=0)
    std = X[train].std(axis=0)
    std[std == 0] = 1.0  # les pixels toujours blancs restent à zéro au lieu de diviser par zéro
    X = (X - mean) / std
    return X[train], y[train], X[test], y[test]


def _digits():
    """Les images (1 797 × 64, valeurs de 0 à 16) et les étiquettes des chiffres de scikit-learn.

    On lit directement le fichier que scikit-learn installe avec lui (c'est ce que fait
    ``sklearn.datasets.load_digits``) : importer ``sklearn.datasets`` prend près d'une seconde,
    bien plus que la lecture elle-même. Si le fichier n'est pas là, on passe par scikit-learn.
    """
    spec = importlib.util.find_spec("sklearn")
    path = Path(spec.origin).parent / "datasets" / "data" / "digits.csv.gz" if spec and spec.origin else None
    if path is not None and path.exists():
        table = np.loadtxt(path, delimiter=",")
        return table[:, :-1], table[:, -1].astype(int)
    from sklearn.datasets import load_digits

    digits = load_digits()
    return digits.data.astype(float), digits.target


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
    def _log_softmax(logits):
        shifted = logits - logits.max(axis=1, keepdims=True)  # évite exp() d'un grand nombre
        return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))

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
