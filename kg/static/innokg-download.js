/* Every table a page marks with data-download="NAME" is offered as CSV and JSON, as the page shows it
 * (its language, its rows): "NAME.csv" and "NAME.json" are made in the browser from the table's cells,
 * so they hold exactly what the page holds. Tables sharing a NAME (one per chain, say) make one file,
 * each row led by its table's data-download-key under the header data-download-key-name. A cell that
 * links to an entity page also gives that entity's IRI, in a column "<header> IRI". */
(function () {
  "use strict";
  var zh = (document.documentElement.lang || "").indexOf("zh") === 0;

  function entityIri(cell) {
    var link = cell.querySelector("a[href^='/entity?']");
    return link ? new URLSearchParams(link.getAttribute("href").split("?")[1]).get("iri") || "" : null;
  }

  function collect(tables) {
    var first = tables[0];
    var keyName = first.getAttribute("data-download-key-name");
    var headers = Array.prototype.map.call(first.tHead.rows[0].cells, function (th) { return th.textContent.trim(); });
    var linked = headers.map(function () { return false; });
    var rows = [];
    tables.forEach(function (table) {
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var cells = Array.prototype.map.call(row.cells, function (cell, i) {
          var iri = entityIri(cell);
          if (iri !== null) { linked[i] = true; }
          return { text: cell.textContent.trim(), iri: iri };
        });
        rows.push({ key: table.getAttribute("data-download-key"), cells: cells });
      });
    });
    var columns = [];
    if (keyName) { columns.push(keyName); }
    headers.forEach(function (h, i) { columns.push(h); if (linked[i]) { columns.push(h + " IRI"); } });
    var records = rows.map(function (row) {
      var values = [];
      if (keyName) { values.push(row.key || ""); }
      headers.forEach(function (h, i) {
        var cell = row.cells[i] || { text: "", iri: null };
        values.push(cell.text);
        if (linked[i]) { values.push(cell.iri || ""); }
      });
      return values;
    });
    return { columns: columns, records: records };
  }

  function csvField(text) {
    var value = String(text);
    if (/^[=+@\t\r]/.test(value) || /^-[^0-9.]/.test(value)) { value = "'" + value; }  // no formula in a spreadsheet
    return /[",\r\n]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
  }

  function body(table, format) {
    if (format === "csv") {
      return [table.columns].concat(table.records).map(function (r) { return r.map(csvField).join(","); }).join("\r\n") + "\r\n";
    }
    return JSON.stringify(table.records.map(function (r) {
      var record = {};
      table.columns.forEach(function (c, i) { record[c] = r[i]; });
      return record;
    }), null, 2) + "\n";
  }

  var groups = {}, names = [];
  document.querySelectorAll("table[data-download]").forEach(function (table) {
    var name = table.getAttribute("data-download");
    if (!groups[name]) { groups[name] = []; names.push(name); }
    groups[name].push(table);
  });
  names.forEach(function (name) {
    var tables = groups[name];
    var bar = document.createElement("p");
    bar.className = "downloads muted";
    bar.appendChild(document.createTextNode(zh ? "下载表格：" : "Download the table: "));
    ["csv", "json"].forEach(function (format, i) {
      if (i) { bar.appendChild(document.createTextNode(" · ")); }
      var link = document.createElement("a");
      link.textContent = format.toUpperCase();
      link.className = "download-" + format;
      link.setAttribute("download", name + "." + format);
      link.href = "#";
      link.addEventListener("click", function () {
        var media = format === "csv" ? "text/csv;charset=utf-8" : "application/json";
        if (link.dataset.url) { URL.revokeObjectURL(link.dataset.url); }
        link.dataset.url = URL.createObjectURL(new Blob([body(collect(tables), format)], { type: media }));
        link.href = link.dataset.url;
      });
      bar.appendChild(link);
    });
    tables[0].parentNode.insertBefore(bar, tables[0]);
  });
})();
