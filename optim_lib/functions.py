"""Fonctions de test à une ou deux variables, avec leur gradient analytique.

Chacune s'utilise comme un problème de la boucle ``run`` : ``start`` (le point de départ),
``loss(theta)`` et ``grad(theta)``. ``value`` et ``gradient`` acceptent des grilles numpy, ce
qui sert aux courbes de niveau.
"""

import numpy as np

__all__ = ["Function", "Parabola", "QuadraticValley", "Rosenbrock", "Saddle", "Landscape"]


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
