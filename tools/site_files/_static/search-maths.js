// The search page quotes the lessons' text, maths included (as TeX between \( and \)).
// MathJax, served by the site like on the lesson pages, renders each result as it arrives.
window.MathJax = {startup: {typeset: false}};
document.addEventListener("DOMContentLoaded", () => {
  const results = document.getElementById("search-results");
  if (!results) return;
  let timer = null;
  new MutationObserver(() => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (window.MathJax && MathJax.typesetPromise) MathJax.typesetPromise([results]).catch(() => {});
    }, 100);
  }).observe(results, {childList: true, subtree: true});
});
