/* The search box in the header of every page: suggestions from /api/search as you type
 * (Chinese or English labels and aliases), an ARIA combobox driven by the keyboard:
 * Down/Up move through the suggestions, Enter opens the chosen entity (or, with none chosen,
 * the search page), Escape closes the list. Labels are written as text, never as HTML. */
(function () {
  "use strict";
  var form = document.getElementById("site-search");
  if (!form) { return; }
  var input = form.querySelector("input[name=q]");
  var list = document.getElementById("site-search-list");
  var lang = form.querySelector("input[name=lang]").value;
  var other = lang === "zh" ? "en" : "zh";
  var active = -1, hits = [], asked = 0, timer = null;

  function close() {
    list.hidden = true;
    list.textContent = "";
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
    hits = [];
  }

  function entityUrl(hit) {
    return "/entity?" + new URLSearchParams({ iri: hit.iri, lang: lang }).toString();
  }

  function show(found) {
    list.textContent = "";
    hits = found;
    active = -1;
    found.forEach(function (hit, index) {
      var item = document.createElement("li");
      item.id = "site-search-option-" + index;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      var main = document.createElement("span");
      main.className = "label";
      main.textContent = hit.labels[lang] || hit.labels[other] || hit.id || hit.iri;
      item.appendChild(main);
      var side = hit.labels[other] && hit.labels[other] !== main.textContent ? hit.labels[other] : "";
      if (hit.matched_label !== main.textContent && hit.matched_label !== side) { side = side ? side + " · " + hit.matched_label : hit.matched_label; }
      if (side) {
        var note = document.createElement("span");
        note.className = "muted";
        note.textContent = " " + side;
        item.appendChild(note);
      }
      item.addEventListener("mousedown", function (event) { event.preventDefault(); window.location.href = entityUrl(hit); });
      list.appendChild(item);
    });
    if (!found.length) {
      var none = document.createElement("li");
      none.className = "muted";
      none.setAttribute("role", "presentation");
      none.textContent = lang === "zh" ? "没有匹配的名称" : "no label matches";
      list.appendChild(none);
    }
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function choose(index) {
    var options = list.querySelectorAll("[role=option]");
    if (!options.length) { return; }
    active = (index + options.length) % options.length;
    options.forEach(function (option, i) { option.setAttribute("aria-selected", i === active ? "true" : "false"); });
    input.setAttribute("aria-activedescendant", options[active].id);
  }

  function suggest() {
    var text = input.value.trim();
    if (!text || (/^[\x00-\x7f]$/.test(text))) { close(); return; }  // one Latin letter matches too much to help
    var ticket = ++asked;
    fetch("/api/search?" + new URLSearchParams({ q: text, limit: "8" }).toString(), { headers: { Accept: "application/json" } })
      .then(function (answer) { return answer.ok ? answer.json() : { results: [] }; })
      .then(function (body) { if (ticket === asked && input.value.trim() === text) { show(body.results || []); } })
      .catch(function () { /* no suggestions; the form still searches */ });
  }

  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(suggest, 200); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") { event.preventDefault(); if (list.hidden) { suggest(); } else { choose(active + 1); } }
    else if (event.key === "ArrowUp") { event.preventDefault(); choose(active - 1); }
    else if (event.key === "Escape") { close(); }
    else if (event.key === "Enter" && active >= 0 && hits[active]) { event.preventDefault(); window.location.href = entityUrl(hits[active]); }
  });
  input.addEventListener("blur", function () { setTimeout(close, 150); });
})();
