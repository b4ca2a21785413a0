/* The query page: the whole YASGUI (from the vendored bundle): tabs, YASQE (the editor, with
 * prefix completion from this server's /api/prefixes and variable completion; the property and
 * class completers, which would ask lov.linkeddata.es, are off) and YASR (table, raw response,
 * download), querying this server's /sparql. Each saved query opens in its own tab. A syntax
 * error shows, under YASR's message, the query's line with a caret under the parser's column.
 * Without script, the plain form under it still runs queries (the page then shows the results). */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("query-config").textContent);
  var root = document.getElementById("yasgui");
  if (!window.Yasgui || !root) { return; }
  var endpoint = window.location.origin + "/sparql";
  var yasgui = new window.Yasgui(root, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] },
    copyEndpointOnNewTab: true, populateFromUrl: false, autoAddOnInit: false, persistenceId: null,
    tabName: config.lang === "zh" ? "查询" : "Query",
    yasqe: {
      autocompleters: ["prefixes", "variables"], prefixCcApi: "/api/prefixes", persistenceId: null,
      createShareableLink: function (yasqe) {
        return window.location.origin + "/query?" + new URLSearchParams({ query: yasqe.getValue(), lang: config.lang });
      },
      resizeable: true, editorHeight: "260px"
    },
    yasr: { prefixes: config.prefixes, defaultPlugin: "table", pluginOrder: ["table", "response"], persistenceId: null }
  });

  function openTab(name, text) {
    var tab = null;
    Object.keys(yasgui._tabs || {}).forEach(function (id) {
      var open = yasgui.getTab(id);
      if (open && open.getName() === name) { tab = open; }
    });
    if (tab) { yasgui.selectTabId(tab.getId()); return tab; }
    return yasgui.addTab(true, { name: name, yasqe: { value: text } });
  }

  function caretUnder(text, line, column) {
    var lines = text.split(/\r\n|\r|\n/);
    var shown = (lines[Math.min(Math.max(line, 1), lines.length) - 1] || "").replace(/\t/g, " ");
    var before = Array.from(shown).slice(0, Math.max(column, 1) - 1).join("");
    var cells = 0;
    Array.from(before).forEach(function (ch) { cells += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(ch) ? 2 : 1; });
    return shown + "\n" + " ".repeat(cells) + "^";
  }

  yasgui.on("queryResponse", function (instance, tab) {
    window.setTimeout(function () {
      var yasr = tab.getYasr(), yasqe = tab.getYasqe();
      if (!yasr || !yasqe) { return; }
      var area = yasr.resultsEl;
      var old = area.querySelector("pre.syntax-caret");
      if (old) { old.remove(); }
      var match = /line (\d+), column (\d+)/.exec(area.textContent || "");
      if (!match || !area.querySelector(".errorResult")) { return; }
      var pre = document.createElement("pre");
      pre.className = "syntax-caret";
      pre.textContent = caretUnder(yasqe.getValue(), Number(match[1]), Number(match[2]));
      area.querySelector(".errorResult").appendChild(pre);
    }, 0);
  });

  var first = config.query ? openTab(config.lang === "zh" ? "查询" : "Query", config.query)
                           : openTab(config.first, config.examples[config.first] || "");
  document.querySelectorAll("button.example").forEach(function (button) {
    button.addEventListener("click", function () {
      var id = button.getAttribute("data-example");
      openTab(id, config.examples[id] || "");
    });
  });
  // an IRI in the results opens its page here, not the IRI itself (another host)
  root.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".yasr_results a[href]");
    if (!link || !/^https?:/.test(link.getAttribute("href")) || link.href.indexOf(window.location.origin + "/") === 0) { return; }
    event.preventDefault();
    window.location.href = "/entity?" + new URLSearchParams({ iri: link.href, lang: config.lang });
  });
  var fallback = document.getElementById("query-fallback");
  if (fallback) { fallback.hidden = true; }
  if (config.query && first) { first.query(); }
  window.innokgYasgui = yasgui;
})();
