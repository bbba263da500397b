// Language switch (remembered) and client-side search over search-index.json; no server needed.
(function () {
  var root = document.documentElement;
  function setLang(lang) {
    root.setAttribute("data-lang", lang);
    root.setAttribute("lang", lang);
    try { localStorage.setItem("atelier-lang", lang); } catch (e) {}
  }
  var saved = null;
  try { saved = localStorage.getItem("atelier-lang"); } catch (e) {}
  if (saved === "en" || saved === "fr") { setLang(saved); }
  var button = document.getElementById("switch-lang");
  if (button) {
    button.addEventListener("click", function () {
      setLang(root.getAttribute("data-lang") === "fr" ? "en" : "fr");
    });
  }
  var input = document.getElementById("q");
  var results = document.getElementById("results");
  if (!input || !results) { return; }
  var index = null;
  function normalise(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function show(query) {
    results.textContent = "";
    if (!index || query.length < 2) { return; }
    var wanted = normalise(query);
    var lang = root.getAttribute("data-lang");
    index.filter(function (item) {
      return normalise(item.fr).indexOf(wanted) >= 0 || normalise(item.en).indexOf(wanted) >= 0;
    }).slice(0, 20).forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = item.url;
      a.textContent = item[lang] || item.fr;  // textContent: labels are never parsed as HTML
      var kind = document.createElement("small");
      kind.textContent = " (" + item.kind + ")";
      li.appendChild(a);
      li.appendChild(kind);
      results.appendChild(li);
    });
  }
  fetch("/search-index.json").then(function (r) { return r.json(); }).then(function (data) {
    index = data;
    show(input.value);
  });
  input.addEventListener("input", function () { show(input.value); });
})();
