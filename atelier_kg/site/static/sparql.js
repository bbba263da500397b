// The query page: runs the query of the form (or of the address, ?query=…) on /sparql, shows a
// SELECT as a table and a graph as text, and links the answer in each format. Every value is
// inserted with textContent: nothing from the data is ever parsed as HTML.
(function () {
  var form = document.getElementById("sparql-form");
  if (!form) { return; }
  var area = document.getElementById("query");
  var status = document.getElementById("status");
  var results = document.getElementById("results");
  var downloads = document.getElementById("downloads");
  var BASE = "https://w3id.org/atelier-des-territoires/";
  var TABLE_FORMATS = ["json", "xml", "csv", "tsv"];
  var GRAPH_FORMATS = ["ttl", "jsonld", "nt"];

  function say(node, fr, en) {
    node.textContent = "";
    [["fr", fr], ["en", en]].forEach(function (pair) {
      var span = document.createElement("span");
      span.setAttribute("lang", pair[0]);
      span.className = "l-" + pair[0];
      span.textContent = pair[1];
      node.appendChild(span);
    });
  }
  function cell(value) {
    var td = document.createElement("td");
    if (!value) { return td; }
    if (value.type === "uri") {
      var a = document.createElement("a");
      a.href = value.value.indexOf(BASE) === 0 ? "/" + value.value.slice(BASE.length) : value.value;
      a.textContent = value.value.indexOf(BASE) === 0 ? value.value.slice(BASE.length) : value.value;
      td.appendChild(a);
    } else {
      td.textContent = value.value;
      if (value["xml:lang"]) { td.setAttribute("lang", value["xml:lang"]); }
    }
    return td;
  }
  function table(data) {
    var vars = data.head.vars || [];
    var t = document.createElement("table");
    var head = t.createTHead().insertRow();
    vars.forEach(function (name) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = name;
      head.appendChild(th);
    });
    var body = t.createTBody();
    data.results.bindings.forEach(function (binding) {
      var row = body.insertRow();
      row.className = "result";
      vars.forEach(function (name) { row.appendChild(cell(binding[name])); });
    });
    return t;
  }
  function links(query, formats) {
    downloads.textContent = "";
    var label = document.createElement("span");
    say(label, "Télécharger : ", "Download: ");
    downloads.appendChild(label);
    formats.forEach(function (name, index) {
      var a = document.createElement("a");
      a.href = "/sparql?format=" + name + "&query=" + encodeURIComponent(query);
      a.textContent = name.toUpperCase();
      a.setAttribute("download", "resultats." + name);
      if (index) { downloads.appendChild(document.createTextNode(" · ")); }
      downloads.appendChild(a);
    });
  }
  function run(query) {
    say(status, "Requête en cours…", "Running…");
    results.textContent = "";
    downloads.textContent = "";
    fetch("/sparql", {
      method: "POST",
      headers: {"Content-Type": "application/sparql-query",
                "Accept": "application/sparql-results+json, text/turtle;q=0.9"},
      body: query
    }).then(function (response) {
      return response.text().then(function (text) { return [response, text]; });
    }).then(function (pair) {
      var response = pair[0], text = pair[1];
      if (!response.ok) {
        say(status, "Refusée (" + response.status + ") : " + text, "Refused (" + response.status + "): " + text);
        return;
      }
      var type = response.headers.get("content-type") || "";
      if (type.indexOf("sparql-results+json") >= 0) {
        var data = JSON.parse(text);
        if (typeof data.boolean === "boolean") {
          say(status, "Réponse : " + (data.boolean ? "oui" : "non"), "Answer: " + (data.boolean ? "yes" : "no"));
        } else {
          var count = data.results.bindings.length;
          say(status, count + " ligne" + (count > 1 ? "s" : ""), count + " row" + (count === 1 ? "" : "s"));
          results.appendChild(table(data));
        }
        links(query, TABLE_FORMATS);
      } else {
        say(status, "Graphe (Turtle)", "Graph (Turtle)");
        var pre = document.createElement("pre");
        pre.textContent = text;
        results.appendChild(pre);
        links(query, GRAPH_FORMATS);
      }
    }).catch(function (error) {
      say(status, "Erreur : " + error, "Error: " + error);
    });
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    history.replaceState(null, "", "/sparql?query=" + encodeURIComponent(area.value));
    run(area.value);
  });
  var given = new URLSearchParams(window.location.search).get("query");
  if (given) {
    area.value = given;
    run(given);
  }
})();
