// Trois retouches d'accessibilité, faites une fois la page chargée (axe-core, voir tests/test_book.py).
// - Une formule centrée plus large que l'écran défile en largeur : elle doit pouvoir recevoir le focus
//   du clavier (règle scrollable-region-focusable). Le menu contextuel de MathJax le faisait ; le livre
//   ne le charge plus (0,43 Mo), on le fait ici quand MathJax a fini.
// - Le résumé des blocs repliables (sphinx-togglebutton) s'annonce « Toggle hidden content », en
//   anglais et sans son texte visible (règle label-content-name-mismatch) : son nom redevient ce texte.
// - Sur un téléphone, une figure garde sa taille naturelle et défile de côté (livre.css) : son cadre,
//   quand il défile, reçoit lui aussi le focus du clavier, avec le texte de la figure pour nom.
window.addEventListener("load", function () {
  document.querySelectorAll('summary[aria-label="Toggle hidden content"]').forEach(function (summary) {
    summary.removeAttribute("aria-label");
  });
  function focusableWhenScrolling() {
    document.querySelectorAll('.bd-article :is(.cell_output, figure):has(> img[src*="_images/"])').forEach(function (frame) {
      if (frame.scrollWidth > frame.clientWidth) {
        frame.setAttribute("tabindex", "0");
        frame.setAttribute("role", "group");
        frame.setAttribute("aria-label", frame.querySelector("img").alt);
      } else if (frame.getAttribute("tabindex") === "0") {
        frame.removeAttribute("tabindex");
        frame.removeAttribute("role");
        frame.removeAttribute("aria-label");
      }
    });
  }
  focusableWhenScrolling();
  window.addEventListener("resize", focusableWhenScrolling);
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    MathJax.startup.promise.then(function () {
      document.querySelectorAll('mjx-container[display="true"]').forEach(function (formula) {
        formula.setAttribute("tabindex", "0");
      });
    });
  }
});
