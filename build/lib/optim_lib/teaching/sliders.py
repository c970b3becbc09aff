"""Des figures qui restent interactives dans le livre HTML, sans noyau Python.

``slider_figure`` dessine une image par valeur d'un paramètre (un learning rate, un numéro de
pas...) et les réunit sous un curseur HTML. Tout est dans la page : les images en PNG, quelques
lignes de JavaScript, aucune ressource extérieure. Contrairement à ``to_jshtml`` de matplotlib,
le texte est en français et rien n'est chargé d'un autre site. Le script retrouve sa figure par
``document.currentScript`` plutôt que par un identifiant : le HTML ne contient rien qui dépende
des octets des images, et deux figures semblables ne se confondent pas, même dans deux notebooks
ouverts côte à côte dans JupyterLab.
"""

import base64
import html
import io
import json

import matplotlib.pyplot as plt
import numpy as np
from PIL import Image

__all__ = ["SliderFigure", "slider_figure"]


class SliderFigure:
    """Des images PNG et leurs étiquettes, affichées sous un curseur (voir ``slider_figure``)."""

    def __init__(self, frames, labels, label, initial=0, play=False):
        self.frames = frames
        self.labels = labels
        self.label = label
        self.initial = initial
        self.play = play

    def __repr__(self):
        return f"<Figure interactive : {len(self.frames)} images, curseur « {self.label} »>"

    def _repr_html_(self):
        label = html.escape(self.label)
        first = self.initial
        play_button = (
            '<button type="button" class="optim-slider-play">▶ Lecture</button>' if self.play else ""
        )
        return f"""<div class="optim-slider">
<img alt="{label} = {html.escape(self.labels[first])}" src="data:image/png;base64,{self.frames[first]}" style="max-width:100%">
<div class="optim-slider-controls" style="display:flex;gap:0.8em;align-items:center">
{play_button}<label>{label} : <output>{html.escape(self.labels[first])}</output></label>
<input type="range" min="0" max="{len(self.frames) - 1}" step="1" value="{first}" aria-label="{label}" style="flex:1">
</div>
<script>
(function () {{
  var root = document.currentScript.parentElement;
  var frames = {json.dumps(self.frames)};
  var labels = {json.dumps(self.labels)};
  var img = root.querySelector("img"), out = root.querySelector("output");
  var input = root.querySelector("input"), button = root.querySelector("button"), timer = null;
  function show(i) {{
    input.value = i;
    img.src = "data:image/png;base64," + frames[i];
    img.alt = "{label} = " + labels[i];
    out.textContent = labels[i];
  }}
  input.addEventListener("input", function () {{ show(+input.value); }});
  if (button) button.addEventListener("click", function () {{
    if (timer) {{ clearInterval(timer); timer = null; button.textContent = "▶ Lecture"; return; }}
    button.textContent = "⏸ Pause";
    timer = setInterval(function () {{
      var next = (+input.value + 1) % frames.length;
      show(next);
      if (next === frames.length - 1) {{ clearInterval(timer); timer = null; button.textContent = "▶ Lecture"; }}
    }}, 150);
  }});
}})();
</script>
</div>"""


def _png_base64(fig):
    """L'image déjà dessinée dans le canevas Agg de la figure, en PNG à 64 couleurs et en base64.

    On lit directement la mémoire du canevas : ``savefig`` redessinerait la figure deux fois (un
    passage de mise en page, puis le rendu) et l'encoderait deux fois en PNG. Une figure de
    courbes n'a que quelques couleurs : la palette réduite divise la taille par quatre environ
    sans différence visible, et la page du livre reste légère. La quantification par octree et la
    compression zlib par défaut coûtent 3 ms par image, contre 29 ms pour la coupe médiane et
    ``optimize=True``, pour une image de même poids (mesuré sur le chapitre 1).
    """
    pixels = Image.fromarray(np.asarray(fig.canvas.buffer_rgba())).convert("RGB")
    image = pixels.quantize(colors=64, method=Image.Quantize.FASTOCTREE)
    compact = io.BytesIO()
    image.save(compact, format="PNG", compress_level=6)
    return base64.b64encode(compact.getvalue()).decode("ascii")


def slider_figure(draw, values, label, fmt="{:g}", initial=0, play=False, figsize=(8, 3.6), dpi=72,
                  background=None):
    """Appelle ``draw(fig, value)`` pour chaque valeur et rend une ``SliderFigure``.

    Sans ``background``, ``draw`` reçoit une figure vide et la remplit : chaque image est dessinée
    entièrement. Avec ``background``, ``background(fig)`` dessine une seule fois ce qui ne change
    pas d'une image à l'autre (les axes, leurs limites, les courbes de niveau) ; ``draw`` ajoute
    ensuite ce qui change (courbes, légendes, barres) aux axes existants (``fig.axes``). Seuls ces
    ajouts sont dessinés sur le fond, puis retirés : une image coûte quelques millisecondes au lieu
    d'une centaine. Les limites des axes sont figées après ``background``, le cycle des couleurs
    repart de C0 à chaque image, et ce que ``draw`` modifie sans l'ajouter (un titre, le nom d'un
    axe) est pris tel que le laisse la première image.

    ``fmt`` met en forme la valeur affichée à côté du curseur. ``play=True`` ajoute un bouton de
    lecture (pour une animation au fil des pas).
    """
    fig = plt.figure(figsize=figsize, dpi=dpi, layout="constrained")
    try:
        if background is None:
            frames = _full_frames(fig, draw, values)
        else:
            frames = _frames_on_background(fig, background, draw, values)
    finally:
        plt.close(fig)
    return SliderFigure(frames, [fmt.format(v) for v in values], label, initial=initial, play=play)


def _full_frames(fig, draw, values):
    frames, positions = [], None
    for value in values:
        fig.clear()
        draw(fig, value)
        # La mise en page automatique coûte autant que le dessin : calculée pour la première image,
        # elle est reprise telle quelle pour les suivantes, qui ont les mêmes axes (et qui ne
        # bougent donc pas d'un cran quand on déplace le curseur).
        if positions is not None and len(fig.axes) == len(positions):
            for ax, position in zip(fig.axes, positions):
                ax.set_position(position)
        fig.canvas.draw()
        frames.append(_png_base64(fig))
        if positions is None:
            positions = [ax.get_position() for ax in fig.axes]
            fig.set_layout_engine("none")
    return frames


def _frames_on_background(fig, background, draw, values):
    background(fig)
    for ax in fig.axes:
        ax.set_autoscale_on(False)  # le fond a ses graduations : les limites ne doivent plus bouger
    canvas, saved, frames = fig.canvas, None, []
    for value in values:
        before = {ax: set(ax.get_children()) for ax in fig.axes}
        for ax in fig.axes:
            ax.set_prop_cycle(None)
        draw(fig, value)
        added = [a for ax in fig.axes for a in ax.get_children() if a not in before[ax]]
        if saved is None:
            # Le fond est pris après le premier appel de draw, ses ajouts cachés : ce que draw règle
            # sans l'ajouter (le nom d'un axe, un titre) en fait ainsi partie.
            for artist in added:
                artist.set_visible(False)
            canvas.draw()  # mise en page comprise, une fois pour toutes
            fig.set_layout_engine("none")
            saved = canvas.copy_from_bbox(fig.bbox)
            for artist in added:
                artist.set_visible(True)
        canvas.restore_region(saved)
        for artist in sorted(added, key=lambda a: a.get_zorder()):
            fig.draw_artist(artist)
        frames.append(_png_base64(fig))
        for artist in added:
            artist.remove()
    return frames
