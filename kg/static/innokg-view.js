/* innokg network views: draw every <section class="ikv"> from its JSON data.
 * Titles are shown as text (textContent), never as HTML; physics stops once stable;
 * a click on a node opens its entity page; the zh/en buttons switch the labels. */
(function () {
  "use strict";
  window.innokgViews = [];

  function textTitle(text) {
    var div = document.createElement("div");
    div.className = "ikv-tip";
    div.textContent = text || "";
    return div;
  }

  function safeUrl(url) {
    return typeof url === "string" && (/^\//.test(url) || /^https?:\/\//i.test(url)) ? url : null;
  }

  function setLang(section, data, nodes, edges, lang) {
    nodes.update(data.nodes.map(function (n) { return { id: n.id, label: n["label_" + lang] }; }));
    edges.update(data.edges.map(function (e) { return { id: e.id, label: e["label_" + lang] }; }));
    section.querySelectorAll("[data-zh]").forEach(function (el) {
      el.textContent = el.getAttribute("data-" + lang);
    });
    section.querySelectorAll("button[data-lang]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-lang") === lang));
    });
    section.setAttribute("data-lang", lang);
  }

  function draw(section) {
    var data = JSON.parse(section.querySelector("script.ikv-data").textContent);
    data.edges.forEach(function (e, i) { e.id = "e" + i; });
    var nodes = new vis.DataSet(data.nodes.map(function (n) {
      return Object.assign({}, n, { title: textTitle(n.title) });
    }));
    var edges = new vis.DataSet(data.edges.map(function (e) {
      return Object.assign({}, e, { title: textTitle(e.title) });
    }));
    var canvas = section.querySelector(".ikv-canvas");
    var network = new vis.Network(canvas, { nodes: nodes, edges: edges }, data.options);
    var ready = function () {
      network.setOptions({ physics: false });
      section.setAttribute("data-ready", "true");
    };
    if (data.options.physics && data.options.physics.enabled !== false) {
      network.once("stabilizationIterationsDone", ready);
    } else {
      network.once("afterDrawing", ready);
    }
    network.on("click", function (params) {
      if (!params.nodes.length) { return; }
      var url = safeUrl(nodes.get(params.nodes[0]).url);
      if (url) { window.location.href = url; }
    });
    section.querySelectorAll("button[data-lang]").forEach(function (button) {
      button.addEventListener("click", function () {
        setLang(section, data, nodes, edges, button.getAttribute("data-lang"));
      });
    });
    window.innokgViews.push({ section: section, network: network, nodes: nodes, edges: edges });
  }

  function start() { document.querySelectorAll("section.ikv").forEach(draw); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
