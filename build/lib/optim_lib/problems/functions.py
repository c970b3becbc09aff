"""Fonctions de test à une ou deux variables, avec leur gradient analytique.

Chacune est un problème (voir ``optim_lib.problems``) : ``start``, ``loss(theta)``,
``grad(theta)`` et ``n_samples = None`` (pas de données : le gradient est exact). ``value`` et
``gradient`` acceptent des grilles numpy, ce qui sert aux courbes de niveau et à faire avancer
plusieurs copies d'un coup (``batch_loss``, ``batch_grad``). ``ShiftedLandscape`` est le paysage
à minimum local refait à partir de données : ses gradients de mini-batch sont bruités.
"""

import numpy as np

__all__ = ["Function", "Parabola", "QuadraticValley", "Rosenbrock", "Saddle", "Landscape", "ShiftedLandscape"]


class Function:
    """Base : une fonction de ``dim`` variables, ses bornes de tracé et son minimum global."""

    name = ""
    n_samples = None  # pas de données : le gradient est exact, pas de mini-batch possible

    def __init__(self, start, minimum, bounds):
        self.start = np.array(start, dtype=float)
        self.minimum = np.array(minimum, dtype=float)
        self.bounds = bounds

    @property
    def dim(self):
        return self.start.size

    def loss(self, theta):
        return float(self.value(*theta))

    def grad(self, theta, batch=None):
        if batch is not None:
            raise ValueError(f"{self.name} n'a pas de données : pas de mini-batch possible")
        return np.array(self.gradient(*theta), dtype=float)

    def batch_loss(self, W):
        """La loss de plusieurs points à la fois, un par ligne de ``W``."""
        return np.asarray(self.value(*W.T), dtype=float)

    def batch_grad(self, W, batches=None):
        """Le gradient en plusieurs points à la fois, un par ligne de ``W``."""
        if batches is not None:
            raise ValueError(f"{self.name} n'a pas de données : pas de mini-batch possible")
        return np.stack(np.broadcast_arrays(*self.gradient(*W.T)), axis=1).astype(float)

    def __repr__(self):
        return f"{type(self).__name__}()"


class Parabola(Function):
    r"""La parabole :math:`L(\theta) = \frac{\lambda}{2} (\theta - c)^2`, de courbure :math:`\lambda`."""

    name = "parabole"

    def __init__(self, curvature=1.0, center=0.0, start=3.0):
        self.curvature = curvature
        self.center = center
        super().__init__(start=[start], minimum=[center], bounds=((center - 4, center + 4),))

    def value(self, x):
        return 0.5 * self.curvature * (x - self.center) ** 2

    def gradient(self, x):
        return (self.curvature * (x - self.center),)


class QuadraticValley(Function):
    r"""Une vallée allongée : :math:`L(x, y) = \frac12 (\lambda_x x^2 + \lambda_y y^2)`.

    Le rapport :math:`\lambda_y / \lambda_x` (le conditionnement) mesure à quel point la vallée
    est étroite : un learning rate assez petit pour la direction raide est lent dans l'autre.
    """

    name = "vallée étroite"

    def __init__(self, curvature_x=1.0, curvature_y=20.0):
        self.curvature_x = curvature_x
        self.curvature_y = curvature_y
        super().__init__(start=[-5.0, 1.5], minimum=[0.0, 0.0], bounds=((-6, 6), (-2.5, 2.5)))

    def value(self, x, y):
        return 0.5 * (self.curvature_x * x**2 + self.curvature_y * y**2)

    def gradient(self, x, y):
        return self.curvature_x * x, self.curvature_y * y


class Rosenbrock(Function):
    r"""La fonction de Rosenbrock :math:`(a - x)^2 + b (y - x^2)^2`, une vallée courbe et plate."""

    name = "Rosenbrock"

    def __init__(self, a=1.0, b=100.0):
        self.a = a
        self.b = b
        super().__init__(start=[-1.5, 2.0], minimum=[a, a**2], bounds=((-2, 2), (-1, 3)))

    def value(self, x, y):
        return (self.a - x) ** 2 + self.b * (y - x**2) ** 2

    def gradient(self, x, y):
        return -2 * (self.a - x) - 4 * self.b * x * (y - x**2), 2 * self.b * (y - x**2)


class Saddle(Function):
    r"""Un point selle en (0, 0) entre deux minima en (0, ±1) : :math:`\frac{x^2}{2} + \frac{y^4}{4} - \frac{y^2}{2}`.

    Partie de ``y`` presque nul, une descente glisse vers la selle, où le gradient s'annule,
    avant de tomber dans l'un des deux minima.
    """

    name = "point selle"

    def __init__(self):
        super().__init__(start=[2.0, 0.01], minimum=[0.0, 1.0], bounds=((-2.5, 2.5), (-1.8, 1.8)))

    def value(self, x, y):
        return 0.5 * x**2 + 0.25 * y**4 - 0.5 * y**2

    def gradient(self, x, y):
        return x, y**3 - y


class Landscape(Function):
    r"""Un paysage avec un plateau, un minimum local peu profond et le minimum global.

    :math:`L(x, y) = -e^{-(x - 2)^2} - 0.5\, e^{-2 (x + 1)^2} + 0.01 x^2 + \frac{y^2}{2}` : pour
    :math:`x < -2.5` le sol est presque plat (le plateau), le creux vers :math:`x \approx -1` est
    le minimum local, celui vers :math:`x \approx 2` le minimum global.
    """

    name = "plateau et minimum local"

    def __init__(self):
        super().__init__(start=[-4.0, 1.0], minimum=[1.98, 0.0], bounds=((-5, 4), (-2, 2)))
        # Le minimum exact n'a pas de forme close : on le raffine par quelques pas de Newton.
        x = self.minimum[0]
        for _ in range(20):
            x -= self._dh(x) / self._d2h(x)
        self.minimum = np.array([x, 0.0])

    def _h(self, x):
        return -np.exp(-((x - 2) ** 2)) - 0.5 * np.exp(-2 * (x + 1) ** 2) + 0.01 * x**2

    def _dh(self, x):
        return (
            2 * (x - 2) * np.exp(-((x - 2) ** 2))
            + 2 * (x + 1) * np.exp(-2 * (x + 1) ** 2)
            + 0.02 * x
        )

    def _d2h(self, x):
        return (
            (2 - 4 * (x - 2) ** 2) * np.exp(-((x - 2) ** 2))
            + (2 - 8 * (x + 1) ** 2) * np.exp(-2 * (x + 1) ** 2)
            + 0.02
        )

    def value(self, x, y):
        return self._h(x) + 0.5 * y**2

    def gradient(self, x, y):
        return self._dh(x), y


class ShiftedLandscape:
    r"""Le paysage à minimum local du chapitre 1, construit à partir de données.

    Chaque exemple :math:`i` est un décalage :math:`(u_i, v_i)` tiré d'une loi normale d'écart
    type ``spread`` (puis centré) ; sa loss est le paysage ``Landscape`` décalé d'autant,
    :math:`\ell_i(x, y) = h(x - u_i) + \frac12 (y - v_i)^2`. La loss du jeu de données est leur
    moyenne : le paysage lissé par les décalages, qui garde un plateau à gauche, un minimum local
    peu profond vers :math:`x \approx -1` et le minimum global vers :math:`x \approx 2`. Le
    gradient d'un mini-batch ne moyenne que quelques décalages : il est bruité.
    """

    name = "paysage à partir de données"

    def __init__(self, n_samples=200, spread=0.5, seed=0):
        rng = np.random.default_rng(seed)
        shifts = rng.normal(scale=spread, size=(n_samples, 2))
        self.u, self.v = (shifts - shifts.mean(axis=0)).T
        self.n_samples = n_samples
        self.spread = spread
        self.landscape = Landscape()
        self.start = self.landscape.start.copy()
        self.bounds = self.landscape.bounds
        grid = np.linspace(*self.bounds[0], 9001)
        h = self.profile(grid)
        # Les deux creux du profil : le plus bas est le minimum global, l'autre le minimum local.
        dips = np.flatnonzero((h[1:-1] < h[:-2]) & (h[1:-1] < h[2:])) + 1
        dips = dips[np.argsort(h[dips])]
        x_global, x_local = (self._refine(grid[i]) for i in dips[:2])
        self.minimum = np.array([x_global, 0.0])
        self.local_minimum = np.array([x_local, 0.0])
        # La barrière : le point le plus haut du profil entre les deux creux.
        between = (grid > min(x_local, x_global)) & (grid < max(x_local, x_global))
        self.barrier = float(grid[between][np.argmax(h[between])])

    def profile(self, x):
        """La loss moyenne en ``(x, 0)`` moins sa part constante en ``y`` : le profil selon ``x``."""
        x = np.asarray(x, dtype=float)
        return np.mean(self.landscape.value(x[..., None] - self.u, 0.0), axis=-1)

    def _profile_slope(self, x):
        return np.mean(self.landscape.gradient(x - self.u, 0.0)[0])

    def _refine(self, x, h=1e-5):
        # Quelques pas de Newton (dérivée seconde par différences finies) sur la pente du profil.
        for _ in range(20):
            curvature = (self._profile_slope(x + h) - self._profile_slope(x - h)) / (2 * h)
            x -= self._profile_slope(x) / curvature
        return float(x)

    def value(self, x, y):
        x, y = np.broadcast_arrays(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
        # Sur une grille, x ne prend que quelques valeurs : on calcule le profil une fois pour chacune.
        distinct, where = np.unique(x, return_inverse=True)
        profile = self.profile(distinct)[where].reshape(x.shape)
        # La moyenne des v_i est nulle : la moyenne de ½ (y - v_i)² vaut ½ y² + ½ mean(v²).
        return profile + 0.5 * y**2 + 0.5 * np.mean(self.v**2)

    def loss(self, theta):
        return float(self.value(theta[0], theta[1]))

    def grad(self, theta, batch=None):
        u, v = (self.u, self.v) if batch is None else (self.u[batch], self.v[batch])
        gx, gy = self.landscape.gradient(theta[0] - u, theta[1] - v)
        return np.array([np.mean(gx), np.mean(gy)])

    def batch_loss(self, thetas):
        return self.value(thetas[:, 0], thetas[:, 1])

    def batch_grad(self, thetas, batches=None):
        """Les gradients de plusieurs copies : ``thetas`` ``(S, 2)``, ``batches`` ``(S, B)`` ou ``None``."""
        if batches is None:
            batches = np.broadcast_to(np.arange(self.n_samples), (len(thetas), self.n_samples))
        gx, gy = self.landscape.gradient(thetas[:, :1] - self.u[batches], thetas[:, 1:] - self.v[batches])
        return np.column_stack([gx.mean(axis=1), gy.mean(axis=1)])

    def __repr__(self):
        return f"ShiftedLandscape(n_samples={self.n_samples}, spread={self.spread})"
