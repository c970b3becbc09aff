"""Des quiz à choix multiple qui corrigent la réponse sur place, sans noyau Python.

Un quiz est une sortie HTML d'une cellule de code : des boutons radio et quelques lignes de
JavaScript, rien d'extérieur. Il marche dans le livre HTML comme dans Jupyter. Les formules
s'écrivent entre ``\\(`` et ``\\)``, les délimiteurs que MathJax reconnaît dans les deux.
"""

import hashlib
import html
from dataclasses import dataclass

__all__ = ["Question", "Quiz", "quiz"]


@dataclass(frozen=True)
class Question:
    """Une question, ses choix, l'indice du bon choix et l'explication donnée après la réponse."""

    text: str
    choices: tuple
    answer: int
    explanation: str

    def __post_init__(self):
        if not 0 <= self.answer < len(self.choices):
            raise ValueError(f"answer invalide : {self.answer!r} (la question a {len(self.choices)} choix)")


class Quiz:
    """Les questions d'un chapitre, affichées en HTML (voir ``quiz``)."""

    def __init__(self, questions):
        self.questions = list(questions)

    def __repr__(self):
        return f"<Quiz : {len(self.questions)} questions>"

    def _repr_html_(self):
        uid = "optim-quiz-" + hashlib.sha1(repr(self.questions).encode()).hexdigest()[:12]
        blocks = []
        for q, question in enumerate(self.questions):
            choices = "\n".join(
                f'<label style="display:block"><input type="radio" name="{uid}-{q}" value="{c}"> '
                f"{html.escape(choice)}</label>"
                for c, choice in enumerate(question.choices)
            )
            blocks.append(
                f'<fieldset class="optim-quiz-question" data-answer="{question.answer}" '
                f'style="border:1px solid #ccc;border-radius:6px;margin:0.8em 0;padding:0.6em 1em">\n'
                f"<legend><strong>Question {q + 1}.</strong> {html.escape(question.text)}</legend>\n"
                f"{choices}\n"
                f'<p class="optim-quiz-feedback" aria-live="polite" hidden '
                f'data-explanation="{html.escape(question.explanation)}"></p>\n'
                f"</fieldset>"
            )
        questions = "\n".join(blocks)
        return f"""<div class="optim-quiz mathjax_process" id="{uid}">
{questions}
<script>
(function () {{
  // Dans JupyterLab, le notebook prend les flèches du clavier pour passer d'une cellule à l'autre :
  // elles restent ici aux choix, comme dans le livre.
  document.getElementById("{uid}").addEventListener("keydown", function (event) {{ event.stopPropagation(); }});
  document.querySelectorAll("#{uid} .optim-quiz-question").forEach(function (question) {{
    var feedback = question.querySelector(".optim-quiz-feedback");
    question.addEventListener("change", function (event) {{
      var right = event.target.value === question.dataset.answer;
      feedback.hidden = false;
      feedback.style.color = right ? "#1a7f37" : "#b3261e";
      feedback.textContent = (right ? "✔ Juste. " : "✘ Pas tout à fait. ") + feedback.dataset.explanation;
      if (window.MathJax && MathJax.typesetPromise) MathJax.typesetPromise([feedback]);
    }});
  }});
}})();
</script>
</div>"""


def quiz(*questions):
    """Un quiz : ``quiz(Question(...), Question(...), ...)``, à mettre en fin de cellule."""
    return Quiz(questions)
