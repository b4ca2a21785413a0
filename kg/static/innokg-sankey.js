// Draws the funding Sankey of /funding from the JSON in #sankey-data with the vendored d3-sankey.
(function () {
  "use strict";
  var source = document.getElementById("sankey-data");
  var target = document.getElementById("sankey");
  if (!source || !target || !window.d3 || !d3.sankey) { return; }
  var data = JSON.parse(source.textContent);
  if (!data.links.length) { target.textContent = target.getAttribute("data-empty") || ""; return; }
  var width = 960, height = Math.max(240, 60 * data.nodes.length / Math.max(1, data.levels));
  var layout = d3.sankey().nodeId(function (d) { return d.id; }).nodeWidth(14).nodePadding(18)
    .extent([[1, 20], [width - 220, height - 5]]);
  var graph = layout({ nodes: data.nodes.map(function (d) { return Object.assign({}, d); }),
                       links: data.links.map(function (d) { return Object.assign({}, d); }) });
  var svg = d3.select(target).append("svg").attr("viewBox", [0, 0, width, height])
    .attr("width", width).attr("height", height).attr("role", "img").attr("aria-label", data.title);
  svg.append("g").attr("fill", "none").attr("stroke", "#0969da").attr("stroke-opacity", 0.35)
    .selectAll("path").data(graph.links).join("path")
    .attr("d", d3.sankeyLinkHorizontal()).attr("stroke-width", function (d) { return Math.max(1, d.width); })
    .append("title").text(function (d) { return d.source.name + " → " + d.target.name + ": " + d.total; });
  svg.append("g").selectAll("rect").data(graph.nodes).join("rect")
    .attr("x", function (d) { return d.x0; }).attr("y", function (d) { return d.y0; })
    .attr("height", function (d) { return Math.max(1, d.y1 - d.y0); }).attr("width", function (d) { return d.x1 - d.x0; })
    .attr("fill", "#1b1f24").append("title").text(function (d) { return d.name; });
  svg.append("g").attr("font-size", 12).selectAll("text").data(graph.nodes).join("text")
    .attr("x", function (d) { return d.x1 + 6; }).attr("y", function (d) { return (d.y0 + d.y1) / 2; })
    .attr("dy", "0.35em").text(function (d) { return d.name; });
  target.setAttribute("data-drawn", String(graph.links.length));
}());
