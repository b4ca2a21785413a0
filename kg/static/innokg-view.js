/* innokg network views: draw every <section class="ikv"> from its JSON data.
 * Titles are shown as text (textContent), never as HTML; physics stops once stable;
 * a click on a node opens its entity page; the zh/en buttons switch the labels.
 * A layered view (the chains: left to right by step) wraps long labels, moves edge
 * labels apart until none overlaps, and leaves room for the outermost labels. */
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

  /* The drawn boxes of the labels of a view's edges (movable) and nodes (fixed), in canvas units. */
  function labelBoxes(network, edges, nodes) {
    var boxes = [];
    function add(id, item, fixed) {
      if (!item || !item.labelModule || !item.labelModule.size || !item.labelModule.size.width) { return; }
      var size = item.labelModule.size, shift = fixed ? 0 : (item.options.font.vadjust || 0);
      boxes.push({ id: id, fixed: fixed, left: size.left, right: size.left + size.width, top: size.top + shift,
                   bottom: size.top + size.height + shift, shift: shift });
    }
    edges.getIds().forEach(function (id) { add(id, network.body.edges[id], false); });
    nodes.getIds().forEach(function (id) { add(id, network.body.nodes[id], true); });
    return boxes;
  }

  /* In a layered (left-to-right) view, move edge labels down until none overlaps another label. */
  function separateLabels(network, edges, nodes) {
    var boxes = labelBoxes(network, edges, nodes);
    boxes.sort(function (a, b) { return a.top - b.top || a.left - b.left; });
    for (var pass = 0; pass < 20; pass++) {
      var moved = false;
      for (var i = 0; i < boxes.length; i++) {
        for (var j = i + 1; j < boxes.length; j++) {
          var a = boxes[i], b = boxes[j];
          if (a.fixed && b.fixed) { continue; }
          if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) {
            var lower = b.fixed ? a : a.fixed ? b : a.top <= b.top ? b : a, upper = lower === a ? b : a;
            var by = upper.bottom - lower.top + 3;
            lower.top += by; lower.bottom += by; lower.shift += by; moved = true;
          }
        }
      }
      if (!moved) { break; }
    }
    var shifted = boxes.filter(function (box) { return box.shift && !box.fixed; });
    if (shifted.length) {
      edges.update(shifted.map(function (box) { return { id: box.id, font: { vadjust: box.shift } }; }));
    }
    return boxes;
  }

  /* A layered view wider than its canvas is wrapped: its columns (steps) continue on a row below,
   * as many to a row as fit at full size, so that a long chain stays readable. */
  function wrapRows(network, nodes, canvas) {
    var positions = network.getPositions();
    var ids = Object.keys(positions);
    if (!ids.length) { return; }
    var xs = Array.from(new Set(ids.map(function (id) { return Math.round(positions[id].x); }))).sort(function (a, b) { return a - b; });
    var separation = xs.length > 1 ? xs[1] - xs[0] : 300;
    var perRow = Math.max(2, Math.floor((canvas.clientWidth || 1100) / separation));
    if (xs.length <= perRow) { return; }
    var ys = ids.map(function (id) { return positions[id].y; });
    var rowHeight = Math.max.apply(null, ys) - Math.min.apply(null, ys) + 260;
    ids.forEach(function (id) {
      var column = xs.indexOf(Math.round(positions[id].x)), row = Math.floor(column / perRow);
      network.moveNode(id, xs[0] + (column % perRow) * separation, positions[id].y + row * rowHeight);
    });
    network.setOptions({ layout: { hierarchical: { enabled: false } }, physics: false });
  }

  function draw(section) {
    var data = JSON.parse(section.querySelector("script.ikv-data").textContent);
    data.edges.forEach(function (e, i) { e.id = "e" + i; });
    var layered = !!(data.options.layout && data.options.layout.hierarchical && data.options.layout.hierarchical.enabled);
    if (layered) {  // labels level, edges curving apart, columns and rows wide enough for wrapped labels
      data.options.edges = Object.assign({}, data.options.edges, {
        font: Object.assign({}, (data.options.edges || {}).font, { align: "horizontal", background: "rgba(255,255,255,0.85)" }),
        smooth: { enabled: true, type: "cubicBezier", forceDirection: "horizontal", roundness: 0.45 }
      });
      data.options.layout.hierarchical = Object.assign({}, data.options.layout.hierarchical,
        { levelSeparation: 300, nodeSpacing: 170, treeSpacing: 200 });
    }
    if (layered) {  // long labels wrapped (on the canvas only), so that a chain's columns stay narrow
      data.options.nodes = Object.assign({}, data.options.nodes, { widthConstraint: { maximum: 160 } });
      data.options.edges.widthConstraint = 170;
    }
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
      if (layered) {
        wrapRows(network, nodes, canvas);
        separateLabels(network, edges, nodes);
        network.once("afterDrawing", function () {
          network.fit({ animation: false });
          network.moveTo({ scale: network.getScale() * 0.9, animation: false });  // room for the outer labels
          section.setAttribute("data-ready", "true");
        });
        network.redraw();
        return;
      }
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
        if (layered) {
          edges.update(edges.getIds().map(function (id) { return { id: id, font: { vadjust: 0 } }; }));
          network.once("afterDrawing", function () { separateLabels(network, edges, nodes); network.redraw(); });
          network.redraw();
        }
      });
    });
    window.innokgViews.push({ section: section, network: network, nodes: nodes, edges: edges, layered: layered });
  }

  function start() { document.querySelectorAll("section.ikv").forEach(draw); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
