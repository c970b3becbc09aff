"""Des figures qui restent interactives dans le livre HTML, sans noyau Python.

``slider_figure`` dessine une image par valeur d'un paramètre (un learning rate, un numéro de
pas...) et les réunit sous un curseur HTML. Tout est dans la page : les images en PNG, quelques
lignes de JavaScript, aucune ressource extérieure. Contrairement à ``to_jshtml`` de matplotlib,
le texte est en français, rien n'est chargé d'un autre site, et l'identifiant de la figure
dépend de son contenu : une nouvelle exécution redonne le même HTML, octet pour octet.
"""

import base64
import hashlib
import html
import io
import json

import matplotlib.pyplot as plt
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
        uid = "optim-slider-" + hashlib.sha1("".join(self.frames).encode()).hexdigest()[:12]
        label = html.escape(self.label)
        first = self.initial
        play_button = (
            '<button type="button" class="optim-slider-play">▶ Lecture</button>' if self.play else ""
        )
        return f"""<div class="optim-slider" id="{uid}">
<img alt="{label} = {html.escape(self.labels[first])}" src="data:image/png;base64,{self.frames[first]}" style="max-width:100%">
<div class="optim-slider-controls" style="display:flex;gap:0.8em;align-items:center">
{play_button}<label>{label} : <output>{html.escape(self.labels[first])}</output></label>
<input type="range" min="0" max="{len(self.frames) - 1}" step="1" value="{first}" aria-label="{label}" style="flex:1">
</div>
<script>
(function () {{
  var root = document.getElementById("{uid}");
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


def _png_base64(fig, dpi):
    """L'image de la figure en PNG à 64 couleurs, encodée en base64.

    Une figure de courbes n'a que quelques couleurs : la palette réduite divise la taille par
    cinq environ sans différence visible, et la page du livre reste légère.
    """
    rendered = io.BytesIO()
    fig.savefig(rendered, format="png", dpi=dpi)
    image = Image.open(rendered).convert("RGB").quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    compact = io.BytesIO()
    image.save(compact, format="PNG", optimize=True)
    return base64.b64encode(compact.getvalue()).decode("ascii")


def slider_figure(draw, values, label, fmt="{:g}", initial=0, play=False, figsize=(8, 3.6), dpi=72):
    """Appelle ``draw(fig, value)`` pour chaque valeur et rend une ``SliderFigure``.

    ``draw`` reçoit une figure vide et la remplit ; ``fmt`` met en forme la valeur affichée à
    côté du curseur. ``play=True`` ajoute un bouton de lecture (pour une animation au fil des pas).
    """
    fig = plt.figure(figsize=figsize, layout="constrained")
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
        frames.append(_png_base64(fig, dpi))
        if positions is None:
            positions = [ax.get_position() for ax in fig.axes]
            fig.set_layout_engine("none")
    plt.close(fig)
    return SliderFigure(frames, [fmt.format(v) for v in values], label, initial=initial, play=play)
