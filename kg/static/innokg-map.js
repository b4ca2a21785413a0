/* The map of the ranked centres (kg/views/map.py): Natural Earth countries (world-atlas TopoJSON, read by
 * the vendored topojson-client) drawn with the vendored d3's d3-geo; each centre a circle sized and coloured
 * by its rank in the chosen index, edition and dimension; an arrow for its change against a compared
 * edition; each geographic divide (the Hu Huanyong line) drawn dashed, each city's side of it computed on
 * the server from its coordinates; metropolitan areas ringed; zoom and pan, and a button to zoom to China.
 * Hover shows the name and rank (as text, never HTML); a click opens the entity's page. */
(function () {
  "use strict";
  var section = document.querySelector("section.ikm");
  if (!section || !window.d3 || !window.topojson) { return; }
  var data = JSON.parse(document.getElementById("ikm-data").textContent);
  var settings = JSON.parse(document.getElementById("ikm-settings").textContent);
  var zh = data.lang === "zh";
  var form = section.querySelector("form.ikm-controls");
  var tip = section.querySelector(".ikm-tip");
  var holder = section.querySelector(".ikm-map");
  var width = Math.max(640, holder.clientWidth || 1100), height = Math.round(width * 0.52);
  var svg = d3.select(holder).append("svg").attr("viewBox", "0 0 " + width + " " + height)
    .attr("role", "img").attr("aria-label", zh ? "创新中心地图" : "map of the innovation centres");
  var world = svg.append("g");
  var projection = d3.geoNaturalEarth1().fitSize([width, height], { type: "Sphere" });
  var path = d3.geoPath(projection);
  var countries = world.append("g").attr("class", "ikm-countries");
  var divides = world.append("g").attr("class", "ikm-divides");
  var metros = world.append("g").attr("class", "ikm-metros");
  var marks = world.append("g").attr("class", "ikm-centres");
  var scale = 1, china = null;
  var zoom = d3.zoom().scaleExtent([1, 40]).on("zoom", function (event) {
    scale = event.transform.k;
    world.attr("transform", event.transform);
    marks.selectAll("circle").attr("r", function (d) { return d.radius / scale; }).attr("stroke-width", 1 / scale);
    marks.selectAll("text").attr("font-size", 12 / scale).attr("dx", function (d) { return (d.radius + 2) / scale; });
    metros.selectAll("circle").attr("stroke-width", 1.2 / scale).attr("r", function (d) { return d.spread + d.pad / scale; });
    metros.selectAll("text").attr("y", function (d) { return d.y - d.spread - (d.pad + 2) / scale; });
    metros.selectAll("text").attr("font-size", 11 / scale);
    divides.selectAll("path").attr("stroke-width", 2 / scale);
    divides.selectAll("text").attr("font-size", 12 / scale);
  });
  svg.call(zoom);

  function text(key, en, zhText) { return zh ? zhText : en; }
  function entityUrl(iri) {
    if (settings.linkBase === null || settings.linkBase === undefined) { return iri; }
    return settings.linkBase + "/entity?" + new URLSearchParams({ iri: iri, lang: data.lang }).toString();
  }
  function rankText(rank) {
    if (!rank) { return ""; }
    return (rank[1] === "at most" ? "≤ " : rank[1] === "approximate" ? "≈ " : "") + rank[0];
  }
  function choice(name) { return form.elements[name].value; }
  function key(edition) { return choice("index") + "|" + edition + "|" + choice("dimension"); }
  function sideName(centre) {
    return data.divides.filter(function (d) { return centre.sides[d.iri]; }).map(function (d) {
      return (zh ? d.name + d.sides[centre.sides[d.iri]] + "侧" : d.sides[centre.sides[d.iri]] + " of the " + d.name);
    }).join("; ");
  }
  function change(centre) {
    var compare = choice("compare");
    if (!compare || compare === choice("edition")) { return null; }
    var now = centre.ranks[key(choice("edition"))], then = centre.ranks[key(compare)];
    if (!then) { return { mark: zh ? "新上榜" : "new", up: true, text: zh ? "新上榜" : "new" }; }
    var delta = Number(compare) < Number(choice("edition")) ? then[0] - now[0] : now[0] - then[0];
    if (delta === 0) { return { mark: "=", up: null, text: "=" }; }
    return { mark: (delta > 0 ? "▲" : "▼") + Math.abs(delta), up: delta > 0, text: (delta > 0 ? "▲ " : "▼ ") + Math.abs(delta) };
  }

  function showTip(event, d) {
    tip.textContent = "";
    var title = document.createElement("strong");
    title.textContent = d.centre.name;
    tip.appendChild(title);
    var lines = [(zh ? "名次 " : "rank ") + rankText(d.rank)];
    if (d.centre.other) { lines.unshift(d.centre.other); }
    if (d.change) { lines.push((zh ? "变化 " : "change ") + d.change.text); }
    var side = sideName(d.centre);
    if (side) { lines.push(side); }
    lines.forEach(function (line) { tip.appendChild(document.createElement("br")); tip.appendChild(document.createTextNode(line)); });
    var box = section.getBoundingClientRect();
    tip.hidden = false;
    tip.style.left = (event.clientX - box.left + 12) + "px";
    tip.style.top = (event.clientY - box.top + 12) + "px";
  }

  function draw() {
    var current = key(choice("edition"));
    var shown = data.centres.filter(function (c) { return c.ranks[current]; }).map(function (c) {
      return { centre: c, rank: c.ranks[current], change: change(c) };
    }).sort(function (a, b) { return a.rank[0] - b.rank[0] || (a.centre.name < b.centre.name ? -1 : 1); });
    var worst = d3.max(shown, function (d) { return d.rank[0]; }) || 1;
    var size = d3.scaleSqrt().domain([worst, 1]).range([3, 13]);
    var colour = d3.scaleSequential(d3.interpolateYlOrRd).domain([worst + Math.max(2, worst / 4), 1]);
    shown.forEach(function (d) {
      var p = projection([d.centre.long, d.centre.lat]);
      d.x = p[0]; d.y = p[1]; d.radius = size(d.rank[0]);
    });
    var circles = marks.selectAll("g.ikm-centre").data(shown, function (d) { return d.centre.iri; });
    circles.exit().remove();
    var entered = circles.enter().append("g").attr("class", "ikm-centre");
    entered.append("circle");
    entered.append("text").attr("class", "ikm-change").attr("dy", "0.35em");
    var all = entered.merge(circles).sort(function (a, b) { return b.rank[0] - a.rank[0]; });
    all.attr("data-iri", function (d) { return d.centre.iri; });
    all.select("circle").attr("cx", function (d) { return d.x; }).attr("cy", function (d) { return d.y; })
      .attr("r", function (d) { return d.radius / scale; }).attr("fill", function (d) { return colour(d.rank[0]); })
      .attr("stroke", "#333").attr("stroke-width", 1 / scale).attr("tabindex", 0).attr("role", "link")
      .attr("aria-label", function (d) { return d.centre.name + " " + rankText(d.rank); })
      .on("mouseenter mousemove", showTip).on("mouseleave blur", function () { tip.hidden = true; })
      .on("focus", function (event, d) { var r = this.getBoundingClientRect(); showTip({ clientX: r.right, clientY: r.bottom }, d); })
      .on("click", function (event, d) { window.location.href = entityUrl(d.centre.iri); })
      .on("keydown", function (event, d) { if (event.key === "Enter") { window.location.href = entityUrl(d.centre.iri); } });
    all.select("text").attr("x", function (d) { return d.x; }).attr("y", function (d) { return d.y; })
      .attr("dx", function (d) { return (d.radius + 2) / scale; }).attr("font-size", 12 / scale)
      .attr("fill", function (d) { return !d.change ? "#333" : d.change.up === true ? "#1a7f37" : d.change.up === false ? "#cf222e" : "#555"; })
      .text(function (d) { return d.change ? d.change.mark : ""; });

    var rings = data.metros.map(function (metro) {
      var members = shown.filter(function (d) { return d.centre.metro && d.centre.metro.iri === metro.iri; });
      if (!members.length) { return null; }
      var cx = d3.mean(members, function (d) { return d.x; }), cy = d3.mean(members, function (d) { return d.y; });
      var spread = d3.max(members, function (d) { return Math.hypot(d.x - cx, d.y - cy); });
      var pad = d3.max(members, function (d) { return d.radius; }) + 6;
      return { metro: metro, x: cx, y: cy, spread: spread, pad: pad, count: members.length };
    }).filter(Boolean);
    var ring = metros.selectAll("g.ikm-metro").data(rings, function (d) { return d.metro.iri; });
    ring.exit().remove();
    var ringIn = ring.enter().append("g").attr("class", "ikm-metro");
    ringIn.append("circle").attr("fill", "none").attr("stroke", "#5a3e99").attr("stroke-dasharray", "2 2");
    ringIn.append("text").attr("fill", "#5a3e99").attr("text-anchor", "middle");
    var ringAll = ringIn.merge(ring).attr("data-iri", function (d) { return d.metro.iri; });
    ringAll.select("circle").attr("cx", function (d) { return d.x; }).attr("cy", function (d) { return d.y; })
      .attr("r", function (d) { return d.spread + d.pad / scale; }).attr("stroke-width", 1.2 / scale);
    ringAll.select("text").attr("x", function (d) { return d.x; }).attr("y", function (d) { return d.y - d.spread - (d.pad + 2) / scale; })
      .attr("font-size", 11 / scale).text(function (d) { return d.metro.name; });

    var rows = d3.select(section).select("table.ikm-table tbody").selectAll("tr").data(shown, function (d) { return d.centre.iri; });
    rows.exit().remove();
    var rowsIn = rows.enter().append("tr");
    for (var i = 0; i < 6; i++) { rowsIn.append("td"); }
    var rowsAll = rowsIn.merge(rows).order();
    rowsAll.attr("data-iri", function (d) { return d.centre.iri; });
    rowsAll.select("td:nth-child(1)").text(function (d) { return rankText(d.rank); });
    rowsAll.select("td:nth-child(2)").each(function (d) {
      this.textContent = "";
      var link = document.createElement("a");
      link.href = entityUrl(d.centre.iri);
      link.textContent = d.centre.name;
      this.appendChild(link);
    });
    rowsAll.select("td:nth-child(3)").text(function (d) { return d.centre.country_name || ""; });
    rowsAll.select("td:nth-child(4)").text(function (d) { return d.centre.metro ? d.centre.metro.name : ""; });
    rowsAll.select("td:nth-child(5)").text(sideNameOf);
    rowsAll.select("td:nth-child(6)").text(function (d) { return d.change ? d.change.text : ""; });
    var index = form.elements.index.selectedOptions[0], dimension = form.elements.dimension.selectedOptions[0];
    section.querySelector(".ikm-shown").textContent = zh
      ? "显示 " + shown.length + " 个上榜中心：" + (index ? index.textContent : "") + " " + choice("edition") + "，" + (dimension ? dimension.textContent : "")
      : "showing " + shown.length + " ranked centres: " + (index ? index.textContent : "") + " " + choice("edition") + ", " + (dimension ? dimension.textContent : "");
    section.setAttribute("data-shown", String(shown.length));
  }
  function sideNameOf(d) { return sideName(d.centre); }

  function zoomTo(feature) {
    var b = path.bounds(feature), dx = b[1][0] - b[0][0], dy = b[1][1] - b[0][1];
    var k = Math.min(40, 0.9 / Math.max(dx / width, dy / height));
    var x = (b[0][0] + b[1][0]) / 2, y = (b[0][1] + b[1][1]) / 2;
    svg.transition().duration(0).call(zoom.transform, d3.zoomIdentity.translate(width / 2 - k * x, height / 2 - k * y).scale(k));
    section.setAttribute("data-zoom", k.toFixed(2));
  }

  function start(topology) {
    var land = topojson.feature(topology, topology.objects.countries).features;
    china = land.filter(function (f) { return String(f.id) === "156"; })[0] || null;
    countries.selectAll("path").data(land).enter().append("path").attr("d", path)
      .attr("fill", function (f) { return String(f.id) === "156" ? "#e4dccf" : "#e8ecef"; })
      .attr("stroke", "#fff").attr("stroke-width", 0.5).attr("data-id", function (f) { return f.id; });
    data.divides.forEach(function (divide) {
      var line = { type: "LineString", coordinates: divide.line };
      var g = divides.append("g").attr("class", "ikm-divide").attr("data-iri", divide.iri);
      g.append("path").attr("d", path(line)).attr("fill", "none").attr("stroke", "#b3261e").attr("stroke-width", 2)
        .attr("stroke-dasharray", "6 4");
      var p = projection(divide.line[0]);
      g.append("text").attr("x", p[0] + 4).attr("y", p[1] - 4).attr("fill", "#b3261e").attr("font-size", 12).text(divide.name);
    });
    draw();
    ["index", "edition", "dimension", "compare"].forEach(function (name) { form.elements[name].addEventListener("change", draw); });
    section.querySelector(".ikm-zoom-china").addEventListener("click", function () { if (china) { zoomTo(china); } });
    section.querySelector(".ikm-zoom-world").addEventListener("click", function () {
      svg.call(zoom.transform, d3.zoomIdentity); section.setAttribute("data-zoom", "1.00");
    });
    section.setAttribute("data-ready", "true");
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); });
  var inline = document.getElementById("ikm-world");
  if (inline) {
    start(JSON.parse(inline.textContent));
  } else {
    fetch(document.getElementById("ikm-world-url").getAttribute("data-world-url"))
      .then(function (answer) { return answer.json(); }).then(start);
  }
})();
