"""La descente stochastique : le bruit des gradients de mini-batch et des problèmes pour le voir.

- ``per_example_gradients``, ``minibatch_gradients`` et ``minibatch_variance`` mesurent et
  prédisent le bruit d'un gradient de mini-batch ;
- ``LossSurface`` fait d'un modèle à deux paramètres un problème que ``plot_trajectories`` sait
  dessiner (courbes de niveau de sa loss sur tout le jeu de données) ;
- ``FastLinearRegression`` est une régression linéaire dont la loss complète ne coûte presque
  rien, pour suivre des milliers de petits pas sur un grand jeu de données ;
- ``ShiftedLandscape`` est le paysage à minimum local construit à partir de données, dont les
  gradients de mini-batch sont bruités ;
- ``run_many`` fait tourner en parallèle beaucoup de copies indépendantes d'un optimizer ;
- ``draw_batch_comparison`` et ``stochastic_explorer`` dessinent la descente complète contre la
  descente par mini-batches, et en font un explorateur (learning rate et batch size).
"""

import io

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from .data import LinearRegression
from .functions import Landscape

__all__ = [
    "per_example_gradients",
    "minibatch_gradients",
    "minibatch_variance",
    "LossSurface",
    "FastLinearRegression",
    "ShiftedLandscape",
    "run_many",
    "draw_batch_comparison",
    "StochasticExplorer",
    "stochastic_explorer",
]


def _check_batch_size(batch_size, n_samples):
    """Rend ``batch_size`` en tableau d'entiers, après avoir vérifié chacun (entre 1 et ``n_samples``)."""
    B = np.asarray(batch_size)
    if not (np.issubdtype(B.dtype, np.integer) and np.all((1 <= B) & (B <= n_samples))):
        raise ValueError(f"batch_size invalide : {batch_size!r} (doit être un entier entre 1 et {n_samples})")
    return B


def per_example_gradients(problem, theta):
    """Le gradient de la loss de chaque exemple en ``theta`` : un tableau ``(n_samples, dim)``."""
    return np.array([problem.grad(theta, np.array([i])) for i in range(problem.n_samples)])


def minibatch_gradients(problem, theta, batch_size, draws, seed=0, replace=False):
    """``draws`` gradients de mini-batch en ``theta``, un par ligne.

    Chaque mini-batch est tiré au hasard parmi les ``n_samples`` exemples, sans remise par
    défaut : c'est la loi de chacune des batches que ``run`` découpe dans une permutation des
    données (quand ``batch_size`` divise ``n_samples``). Avec ``replace=True``, un exemple peut
    revenir plusieurs fois dans la même batch. Les tirages sont indépendants les uns des autres.
    """
    n_samples = problem.n_samples
    _check_batch_size(batch_size, n_samples)
    rng = np.random.default_rng(seed)
    if replace:
        return np.array([problem.grad(theta, rng.integers(0, n_samples, batch_size)) for _ in range(draws)])
    return np.array([problem.grad(theta, rng.permutation(n_samples)[:batch_size]) for _ in range(draws)])


def minibatch_variance(problem, theta, batch_size, replace=False):
    r"""La variance prédite du gradient de mini-batch : :math:`E\lVert g_B - \nabla L \rVert^2`.

    Avec :math:`\sigma^2` la variance (moyenne sur les :math:`N` exemples) des gradients par
    exemple autour du gradient complet, elle vaut :math:`\frac{\sigma^2}{B} \frac{N - B}{N - 1}`
    pour un tirage sans remise, et :math:`\frac{\sigma^2}{B}` avec remise. ``batch_size`` peut
    être un tableau de batch sizes : la réponse est alors un tableau.
    """
    n_samples = problem.n_samples
    B = _check_batch_size(batch_size, n_samples)
    grads = per_example_gradients(problem, theta)
    sigma2 = np.mean(np.sum((grads - grads.mean(axis=0)) ** 2, axis=1))
    if replace:
        return sigma2 / B
    if n_samples == 1:
        return np.zeros_like(B, dtype=float)
    return sigma2 / B * (n_samples - B) / (n_samples - 1)


class LossSurface:
    """Un modèle à deux paramètres vu comme une surface : on peut l'optimiser et le dessiner.

    ``run`` l'utilise comme le modèle (``start``, ``n_samples``, ``loss``, ``grad``) ;
    ``plot_contour`` et ``plot_trajectories`` y trouvent ``bounds``, ``minimum`` et ``value``,
    la loss sur tout le jeu de données en chaque point d'une grille. ``minimum`` vient de
    ``model.solution()`` s'il existe, sinon doit être donné. ``axis_labels`` nomme les deux
    paramètres sur les figures.
    """

    def __init__(self, model, bounds, minimum=None, name=None, axis_labels=("$w_0$", "$w_1$")):
        if len(model.start) != 2:
            raise ValueError(f"LossSurface demande un modèle à 2 paramètres, pas {len(model.start)}")
        self.model = model
        self.bounds = bounds
        self.minimum = np.array(model.solution() if minimum is None else minimum, dtype=float)
        self.name = model.name if name is None else name
        self.axis_labels = axis_labels
        self.start = model.start
        self.n_samples = model.n_samples

    def loss(self, theta):
        return self.model.loss(theta)

    def grad(self, theta, batch=None):
        return self.model.grad(theta, batch)

    def value(self, x, y):
        x, y = np.broadcast_arrays(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
        if isinstance(self.model, LinearRegression):
            # La loss est quadratique : L(w) = L(w*) + ½ (w - w*)ᵀ A (w - w*), avec A = XᵀX / N.
            A = self.model.X.T @ self.model.X / self.model.n_samples
            dx, dy = x - self.minimum[0], y - self.minimum[1]
            quadratic = A[0, 0] * dx**2 + 2 * A[0, 1] * dx * dy + A[1, 1] * dy**2
            return self.model.loss(self.minimum) + 0.5 * quadratic
        flat = [self.model.loss(np.array(point)) for point in zip(x.ravel(), y.ravel())]
        return np.reshape(flat, x.shape)

    def __repr__(self):
        return f"LossSurface({self.model.name!r})"


class FastLinearRegression(LinearRegression):
    r"""Une régression linéaire dont la loss sur tout le jeu de données se calcule en :math:`O(d^2)`.

    La loss est quadratique : :math:`L(w) = L(w^\star) + \frac12 (w - w^\star)^\top A (w - w^\star)`
    avec :math:`A = X^\top X / N`. ``run`` calcule cette loss après chaque pas pour la noter :
    sous cette forme, noter la loss de 100 000 petits pas ne coûte plus 100 000 passages sur les
    données. Le gradient, lui, reste celui de ``LinearRegression`` : il coûte autant que la
    batch est grande, et c'est lui que compte ``Trajectory.examples``.
    """

    def __init__(self, X, y, start=None):
        super().__init__(X, y, start)
        self.hessian = X.T @ X / self.n_samples
        self.w_star = super().solution()
        self.min_loss = super().loss(self.w_star)

    def loss(self, w):
        d = np.asarray(w, dtype=float) - self.w_star
        return float(self.min_loss + 0.5 * d @ self.hessian @ d)

    def solution(self):
        return self.w_star.copy()


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

    def grads(self, thetas, batches):
        """Les gradients de plusieurs copies : ``thetas`` ``(S, 2)``, ``batches`` ``(S, B)`` ou ``None``."""
        if batches is None:
            batches = np.broadcast_to(np.arange(self.n_samples), (len(thetas), self.n_samples))
        gx, gy = self.landscape.gradient(thetas[:, :1] - self.u[batches], thetas[:, 1:] - self.v[batches])
        return np.column_stack([gx.mean(axis=1), gy.mean(axis=1)])

    def __repr__(self):
        return f"ShiftedLandscape(n_samples={self.n_samples}, spread={self.spread})"


def run_many(optimizer, problem, starts, steps, batch_size=None, seed=0, history=False):
    """Fait ``steps`` pas de ``optimizer`` sur ``len(starts)`` copies indépendantes.

    Chaque copie part de sa ligne de ``starts`` et tire ses propres mini-batches (chaque epoch,
    une permutation neuve des données, comme ``run``). Toutes avancent ensemble : les paramètres
    forment un seul tableau ``(copies, dim)``, ce que permettent les optimizers d'``optim_lib``,
    qui agissent coordonnée par coordonnée. ``problem`` doit fournir ``grads(thetas, batches)``.

    Rend les points finaux ``(copies, dim)`` ou, avec ``history=True``, tous les points
    ``(steps + 1, copies, dim)``.
    """
    if not (isinstance(steps, int) and steps >= 0):
        raise ValueError(f"steps invalide : {steps!r} (doit être un entier positif ou nul)")
    params = np.array(starts, dtype=float)
    copies, n_samples = len(params), problem.n_samples
    if batch_size is not None:
        _check_batch_size(batch_size, n_samples)
    rng = np.random.default_rng(seed)
    optimizer.reset()
    position = n_samples  # épuisé : la première batch ouvre une epoch
    visited = [params.copy()]
    for _ in range(steps):
        batches = None
        if batch_size is not None:
            if position >= n_samples:
                order = rng.permuted(np.tile(np.arange(n_samples), (copies, 1)), axis=1)
                position = 0
            batches = order[:, position : position + batch_size]
            position += batch_size
        optimizer.step(params, problem.grads(params, batches))
        if history:
            visited.append(params.copy())
    return np.array(visited) if history else params


def draw_batch_comparison(problem, lr, batch_size, steps, seed=0, axes=None, contour=True):
    """Descente complète contre descente par mini-batches, même learning rate, même nombre de pas.

    À gauche les deux chemins sur la surface de la loss, à droite l'écart à la loss minimale en
    fonction du nombre d'exemples vus. Rend les deux ``Trajectory`` (complète, mini-batches).
    ``contour=False`` ne redessine pas les courbes de niveau (déjà dans le fond d'une
    ``slider_figure``).
    """
    import matplotlib.pyplot as plt

    from .loop import run
    from .optimizers import SGD
    from .plots import plot_losses, plot_trajectories

    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
    left, right = axes
    full = run(SGD(lr=lr), problem, steps)
    noisy = run(SGD(lr=lr), problem, steps, batch_size=batch_size, seed=seed)
    runs = {"toutes les données": full, f"mini-batches de {batch_size}": noisy}
    plot_trajectories(problem, runs, ax=left, markers=steps <= 100, contour=contour)
    plot_losses(runs, ax=right, x="exemples", gap_to=problem.loss(problem.minimum))
    right.set_xscale("log")
    right.set_title(f"lr = {lr:.3g}, {steps} pas")
    return full, noisy


class StochasticExplorer(widgets.VBox):
    """L'explorateur du chapitre 2 (voir ``stochastic_explorer``).

    Comme ``optim_lib.explorer.Explorer``, il garde une seule figure matplotlib hors de pyplot,
    fige la mise en page après le premier rendu et envoie l'image PNG à un widget ``Image`` :
    un mouvement de curseur se voit vite.
    """

    def __init__(self, problems, batch_sizes, lr=0.1, steps=100):
        from .explorer import log_slider

        self.controls = {
            "problem": widgets.Dropdown(options=list(problems.items()), description="problème"),
            "lr": log_slider("lr", 1e-3, 2.0, lr),
            "batch_size": widgets.SelectionSlider(
                options=list(batch_sizes), value=batch_sizes[len(batch_sizes) // 2],
                description="batch size", continuous_update=False,
            ),
            "steps": widgets.IntSlider(
                value=steps, min=10, max=2000, step=10, description="pas", continuous_update=False
            ),
            "seed": widgets.BoundedIntText(value=0, min=0, max=10_000, description="graine"),
        }
        self.image = widgets.Image(format="png")
        self.figure = Figure(figsize=(10, 4), dpi=72, layout="constrained")
        FigureCanvasAgg(self.figure)
        self.axes = self.figure.subplots(1, 2)
        for control in self.controls.values():
            control.observe(self.redraw, names="value")
        row = widgets.HBox(list(self.controls.values()), layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__([row, self.image])
        self.redraw()

    def __repr__(self):
        return "<Explorateur ipywidgets : il s'anime dans un notebook exécuté par un noyau Python (Jupyter, Binder)>"

    def redraw(self, change=None):
        values = {name: control.value for name, control in self.controls.items()}
        problem = values.pop("problem")
        values["batch_size"] = min(values["batch_size"], problem.n_samples)
        for ax in self.axes:
            ax.clear()
        with np.errstate(over="ignore", invalid="ignore"):
            draw_batch_comparison(problem, axes=self.axes, **values)
        # Un seul rendu, lu dans le canevas : savefig dessinerait deux fois. La mise en page
        # automatique coûte plus que le dessin : calculée au premier rendu, figée ensuite.
        self.figure.canvas.draw()
        self.figure.set_layout_engine("none")
        buffer = io.BytesIO()
        Image.fromarray(np.asarray(self.figure.canvas.buffer_rgba())).save(buffer, format="png")
        self.image.value = buffer.getvalue()


def stochastic_explorer(problems, batch_sizes, lr=0.1, steps=100):
    """Un explorateur : problème, learning rate, batch size, nombre de pas et graine des mini-batches.

    ``problems`` associe un nom à un problème à deux paramètres qui sait se dessiner
    (``LossSurface`` ou ``ShiftedLandscape``) ; la figure est celle de ``draw_batch_comparison``,
    redessinée à chaque mouvement d'un curseur. Une batch size plus grande que le jeu de données
    choisi est ramenée à sa taille.
    """
    return StochasticExplorer(problems, batch_sizes, lr=lr, steps=steps)
