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
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.text import Text
from PIL import Image

__all__ = ["SliderFigure", "slider_figure", "MIN_TEXT_PX"]

# Le plus petit texte lisible d'une figure, en pixels CSS : le livre le garantit sur un écran de
# 390 pixels de large (tests/test_book.py le mesure). Une figure dont les images larges, réduites
# à la largeur de la page, descendraient sous ce seuil passe à ses images étroites.
MIN_TEXT_PX = 9
# La taille de police des images étroites : leur plus petit texte (une légende en « small »)
# reste au-dessus de MIN_TEXT_PX sur un téléphone.
NARROW_FONT_SIZE = 12


@dataclass
class Frames:
    """Les images d'une mise en page : PNG en base64, largeur en pixels, taille du plus petit texte."""

    images: list
    width: int
    text_px: float

    def as_json(self):
        return json.dumps({"frames": self.images, "width": self.width, "textPx": self.text_px})


class SliderFigure:
    """Des images PNG et leurs étiquettes, affichées sous un curseur (voir ``slider_figure``)."""

    def __init__(self, wide, labels, label, initial=0, play=False, description="", narrow=None):
        self.wide = wide
        self.narrow = narrow
        self.labels = labels
        self.label = label
        self.initial = initial
        self.play = play
        self.description = description

    @property
    def frames(self):
        return self.wide.images

    def __repr__(self):
        return f"<Figure interactive : {len(self.frames)} images, curseur « {self.label} »>"

    def alt(self, index):
        """Le texte alternatif d'une image : la description, puis la valeur du curseur."""
        value = f"{self.label} = {self.labels[index]}"
        return f"{self.description} ({value})" if self.description else value

    def _repr_html_(self):
        label = html.escape(self.label)
        first = self.initial
        play_button = (
            '<button type="button" class="optim-slider-play">▶ Lecture</button>' if self.play else ""
        )
        narrow = self.narrow.as_json() if self.narrow else "null"
        return f"""<div class="optim-slider">
<img alt="{html.escape(self.alt(first))}" src="data:image/png;base64,{self.frames[first]}" data-text-px="{self.wide.text_px:g}" style="max-width:100%">
<div class="optim-slider-controls" style="display:flex;flex-wrap:wrap;gap:0.4em 0.8em;align-items:center">
{play_button}<label>{label} : <output>{html.escape(self.labels[first])}</output></label>
<input type="range" min="0" max="{len(self.frames) - 1}" step="1" value="{first}" aria-label="{label}" aria-valuetext="{label} = {html.escape(self.labels[first])}" style="flex:1 1 12em;min-height:2.5em">
</div>
<script>
(function () {{
  var root = document.currentScript.parentElement;
  var wide = {self.wide.as_json()};
  var narrow = {narrow};
  var name = {json.dumps(self.label)}, labels = {json.dumps(self.labels)};
  var description = {json.dumps(self.description)};
  var img = root.querySelector("img"), out = root.querySelector("output");
  var input = root.querySelector("input"), button = root.querySelector("button"), timer = null, shown = wide;
  function layout() {{
    var width = root.clientWidth;  // 0 tant que la figure est cachée (un bloc replié)
    var shrunk = width > 0 && width < wide.width && width * wide.textPx / wide.width < {MIN_TEXT_PX};
    return narrow && shrunk ? narrow : wide;
  }}
  function show(i) {{
    var frames = shown = layout();
    var value = name + " = " + labels[i];
    input.value = i;
    input.setAttribute("aria-valuetext", value);
    img.src = "data:image/png;base64," + frames.frames[i];
    img.dataset.textPx = frames.textPx;
    img.alt = description ? description + " (" + value + ")" : value;
    out.textContent = labels[i];
  }}
  if (narrow && window.ResizeObserver) {{  // la largeur de la page, ou du panneau de JupyterLab
    new ResizeObserver(function () {{ if (layout() !== shown) {{ show(+input.value); }} }}).observe(root);
  }}
  input.addEventListener("input", function () {{ show(+input.value); }});
  // Dans JupyterLab, le notebook prend les flèches du clavier pour passer d'une cellule à l'autre :
  // elles restent ici au curseur, comme dans le livre.
  root.addEventListener("keydown", function (event) {{ event.stopPropagation(); }});
  if (button) button.addEventListener("click", function () {{
    if (timer) {{ clearInterval(timer); timer = null; button.textContent = "▶ Lecture"; return; }}
    button.textContent = "⏸ Pause";
    timer = setInterval(function () {{
      var next = (+input.value + 1) % labels.length;
      show(next);
      if (next === labels.length - 1) {{ clearInterval(timer); timer = null; button.textContent = "▶ Lecture"; }}
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
                  background=None, description="", narrow=None):
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

    ``description`` dit en français ce que montre la figure : c'est le texte alternatif des images
    (lu par un lecteur d'écran, affiché si l'image manque), suivi de la valeur du curseur.

    ``narrow`` donne une mise en page pour écran étroit : un dictionnaire avec ``figsize`` et, si
    la mise en page change, ``background`` et ``draw``. Ces images, au texte plus grand, sont
    montrées quand les images larges, réduites à la largeur de la page, auraient un texte de moins
    de ``MIN_TEXT_PX`` pixels (un téléphone).
    """
    wide = _render(draw, values, figsize, dpi, background)
    if narrow is not None:
        with plt.rc_context({"font.size": NARROW_FONT_SIZE}):
            narrow = _render(narrow.get("draw", draw), values, narrow["figsize"], dpi,
                             narrow.get("background", background))
    return SliderFigure(wide, [fmt.format(v) for v in values], label, initial=initial, play=play,
                        description=description, narrow=narrow)


def _render(draw, values, figsize, dpi, background):
    fig = plt.figure(figsize=figsize, dpi=dpi, layout="constrained")
    try:
        if background is None:
            images, text_px = _full_frames(fig, draw, values)
        else:
            images, text_px = _frames_on_background(fig, background, draw, values)
        return Frames(images, fig.canvas.get_width_height()[0], round(text_px, 1))
    finally:
        plt.close(fig)


def _smallest_text_px(fig, artists=None):
    """La taille du plus petit texte de la figure (ou de ``artists`` seuls), en pixels de l'image."""
    texts = [t for a in ([fig] if artists is None else artists) for t in a.findobj(Text)]
    sizes = [t.get_fontsize() for t in texts if t.get_visible() and t.get_text().strip()]
    return min(sizes, default=np.inf) * fig.dpi / 72


def _full_frames(fig, draw, values):
    frames, positions, text_px = [], None, np.inf
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
        text_px = min(text_px, _smallest_text_px(fig))
        if positions is None:
            positions = [ax.get_position() for ax in fig.axes]
            fig.set_layout_engine("none")
    return frames, text_px


def _frames_on_background(fig, background, draw, values):
    background(fig)
    for ax in fig.axes:
        ax.set_autoscale_on(False)  # le fond a ses graduations : les limites ne doivent plus bouger
    canvas, saved, frames, text_px = fig.canvas, None, [], np.inf
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
            text_px = _smallest_text_px(fig)  # le fond ne change plus : seuls les ajouts restent à mesurer
        canvas.restore_region(saved)
        for artist in sorted(added, key=lambda a: a.get_zorder()):
            fig.draw_artist(artist)
        frames.append(_png_base64(fig))
        text_px = min(text_px, _smallest_text_px(fig, added))
        for artist in added:
            artist.remove()
    return frames, text_px
