/* Sort a table.sortable by a column when its header button is clicked (numbers as numbers). */
(function () {
  "use strict";
  function key(cell) {
    var text = cell.getAttribute("data-sort");
    if (text === null) { text = cell.textContent; }
    var number = Number(text);
    return text !== "" && !isNaN(number) ? number : text;
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("th button.sort").forEach(function (button, column) {
      button.addEventListener("click", function () {
        var descending = button.getAttribute("data-order") !== "desc";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[column]), y = key(b.cells[column]);
          var order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
          return descending ? -order : order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
        table.querySelectorAll("th button.sort").forEach(function (b) { b.removeAttribute("data-order"); });
        button.setAttribute("data-order", descending ? "desc" : "asc");
      });
    });
  });
})();
