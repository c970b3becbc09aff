// Les extraits des résultats de recherche viennent du texte des pages, où les formules sont encore
// en TeX (MathJax ne les met en forme qu'à l'affichage) : « \(\alpha\) » devient ici « α ».
// Ce fichier est chargé avant searchtools.js : il attend la fin de la lecture de la page, et passe
// avant Search.init (inscrit après lui).
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  if (typeof Search === "undefined") return;  // « const Search » : global, mais pas une propriété de window
  var SYMBOLS = {
    alpha: "α", beta: "β", gamma: "γ", delta: "δ", Delta: "Δ", epsilon: "ε", varepsilon: "ε", eta: "η",
    theta: "θ", lambda: "λ", mu: "μ", nu: "ν", rho: "ρ", sigma: "σ", Sigma: "Σ", tau: "τ", phi: "φ",
    ell: "ℓ", nabla: "∇", partial: "∂", cdot: "·", times: "×", odot: "⊙", leftarrow: "←", rightarrow: "→",
    to: "→", approx: "≈", le: "≤", leq: "≤", ge: "≥", geq: "≥", neq: "≠", sum: "Σ", infty: "∞",
    sqrt: "√", top: "ᵀ", in: "∈", quad: " ", qquad: " ", ldots: "…", dots: "…", pm: "±", mid: "|"
  };
  function readable(tex) {
    return tex
      .replace(/\\(?:frac)\{([^{}]*)\}\{([^{}]*)\}/g, "($1)/($2)")
      .replace(/\\hat\{?([A-Za-z])\}?/g, "$1\u0302")
      .replace(/\\(?:left|right|big|Big|bigl|bigr|mathrm|mathbf|mathcal|operatorname|text|boldsymbol)\b/g, "")
      .replace(/\\([A-Za-z]+)/g, function (whole, name) { return SYMBOLS[name] !== undefined ? SYMBOLS[name] : name; })
      .replace(/\\[,;:! ]/g, " ")
      .replace(/[{}\\]/g, "")
      .replace(/\s+/g, " ")
      .trim();
  }
  var htmlToText = Search.htmlToText;
  Search.htmlToText = function (htmlString, anchor) {
    return htmlToText(htmlString, anchor).replace(/\\\(([\s\S]*?)\\\)|\\\[([\s\S]*?)\\\]/g, function (whole, inline, display) {
      return readable(inline !== undefined ? inline : display);
    });
  };
});
