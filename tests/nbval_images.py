"""Extension de nbval : les figures des notebooks sont comparées, à une tolérance près.

nbval compare les sorties texte d'une nouvelle exécution à celles enregistrées, mais ignore les
images. Ce module compare aussi chaque image PNG, qu'elle soit une sortie ``image/png`` ou
qu'elle soit incluse dans une sortie HTML (les images d'une ``slider_figure``) : une trajectoire,
une courbe ou une étiquette modifiée fait échouer le test, un bruit de rendu non.

Le critère, sur des pixels de 0 à 255 : les deux images ont la même taille, l'écart quadratique
moyen (RMS) ne dépasse pas ``RMS_TOLERANCE`` et au plus ``CHANGED_PIXELS_TOLERANCE`` pixels
diffèrent de plus de ``STRONG_DIFFERENCE`` sur un canal. Le RMS attrape les changements étendus
(une courbe déplacée), le compte de pixels les changements petits mais nets (un mot d'une
étiquette), que le RMS dilue dans une grande image. Un décalage d'anticrénelage ne touche que des
pixels de bord, de peu de niveaux, et ne franchit ni l'un ni l'autre seuil.
"""

import base64
import copy
import io
import re

import numpy as np
from nbval.plugin import IPyNbCell
from PIL import Image

RMS_TOLERANCE = 1.0
STRONG_DIFFERENCE = 32
CHANGED_PIXELS_TOLERANCE = 3

# Un PNG encodé en base64 commence toujours ainsi (la signature PNG, puis le bloc IHDR).
PNG_BASE64 = re.compile(r"iVBORw0KGgo[A-Za-z0-9+/=]+")


def image_difference(png_a, png_b):
    """``(rms, pixels nettement différents)`` entre deux PNG en base64, ou ``None`` si les tailles diffèrent."""
    a, b = (np.asarray(Image.open(io.BytesIO(base64.b64decode(p))).convert("RGBA"), dtype=float) for p in (png_a, png_b))
    if a.shape != b.shape:
        return None
    difference = np.abs(a - b)
    return float(np.sqrt(np.mean(difference**2))), int(np.sum(difference.max(axis=-1) > STRONG_DIFFERENCE))


def extract_images(outputs):
    """Sépare les images des sorties : rend ``(sorties sans images, liste des PNG en base64)``.

    Dans le HTML, chaque image est remplacée par un repère numéroté, pour que nbval compare
    exactement tout le reste du texte.
    """
    outputs = copy.deepcopy(outputs)
    images = []

    def keep(match):
        images.append(match.group(0))
        return f"<image {len(images)}>"

    for output in outputs:
        data = output.get("data", {})
        if "image/png" in data:
            images.append(data.pop("image/png"))
        if "text/html" in data:
            html = "".join(data["text/html"]) if isinstance(data["text/html"], list) else data["text/html"]
            data["text/html"] = PNG_BASE64.sub(keep, html)
    return outputs, images


def compare_images(test_images, ref_images):
    """La liste des différences trop grandes, en français (vide si tout concorde)."""
    if len(test_images) != len(ref_images):
        return [f"{len(test_images)} image(s) produites, {len(ref_images)} enregistrée(s)"]
    problems = []
    for k, (test, ref) in enumerate(zip(test_images, ref_images), start=1):
        difference = image_difference(test, ref)
        if difference is None:
            problems.append(f"image {k} : taille différente de l'image enregistrée")
        elif difference[0] > RMS_TOLERANCE or difference[1] > CHANGED_PIXELS_TOLERANCE:
            problems.append(
                f"image {k} : écart RMS {difference[0]:.2f} (tolérance {RMS_TOLERANCE}), "
                f"{difference[1]} pixels nettement différents (tolérance {CHANGED_PIXELS_TOLERANCE})"
            )
    return problems


_compare_text_outputs = IPyNbCell.compare_outputs


def compare_outputs(self, test, ref, skip_compare=None):
    test, test_images = extract_images(test)
    ref, ref_images = extract_images(ref)
    if not _compare_text_outputs(self, test, ref, skip_compare):
        return False
    problems = compare_images(test_images, ref_images)
    self.comparison_traceback.extend(f"Figure modifiée : {problem}" for problem in problems)
    return not problems


IPyNbCell.compare_outputs = compare_outputs
