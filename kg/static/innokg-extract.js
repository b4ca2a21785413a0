/* The review page /extract: send a pasted text or a file to /extract/candidates, draw the text with
 * each candidate highlighted at its offsets (offsets count characters, so the text is cut by code
 * points, never by UTF-16 units) and a row of fields beside each, let the reviewer accept, edit or
 * reject each, and send the review to /extract/import. Every text of the page is written as text
 * (textContent, input values), never as HTML. Requests carry the update token as a bearer token. */
(function () {
  "use strict";
  var form = document.getElementById("extract-form");
  if (!form) { return; }
  var zh = form.getAttribute("data-lang") === "zh";
  var status = document.getElementById("extract-status");
  var review = document.getElementById("extract-review");
  var textView = document.getElementById("extract-textview");
  var body = document.querySelector("#extract-candidates tbody");
  var result = document.getElementById("extract-result");
  var tally = document.getElementById("extract-tally");
  var state = null;

  function t(chinese, english) { return zh ? chinese : english; }

  function value(id) { return document.getElementById(id).value.trim(); }

  function say(element, text, isError) {
    element.textContent = text;
    element.className = element.className.replace(/\s*error/g, "") + (isError ? " error" : "");
  }

  function authorization() {
    return "Bearer " + document.getElementById("extract-token").value.trim();
  }

  function answerOf(response) {
    var type = response.headers.get("content-type") || "";
    var read = type.indexOf("application/json") === 0 ? response.json() : response.text();
    return read.then(function (data) {
      if (!response.ok && !(data && data.problems)) {
        var message = typeof data === "string" ? data.trim() : (data.detail || JSON.stringify(data));
        throw new Error(response.status + ": " + message);
      }
      return data;
    });
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }

  function decisionClass(candidate) {
    return candidate.accept === true ? "accepted" : candidate.accept === false ? "rejected" : "";
  }

  function drawText() {
    var chars = Array.from(state.text);
    var cuts = [0, chars.length];
    state.candidates.forEach(function (c) { cuts.push(c.start, c.end); });
    cuts = cuts.filter(function (cut, i, all) { return all.indexOf(cut) === i; }).sort(function (a, b) { return a - b; });
    textView.textContent = "";
    for (var k = 0; k + 1 < cuts.length; k++) {
      var from = cuts[k], to = cuts[k + 1];
      var piece = chars.slice(from, to).join("");
      var covering = [];
      state.candidates.forEach(function (c, index) { if (c.start <= from && to <= c.end) { covering.push(index); } });
      if (!covering.length) { textView.appendChild(document.createTextNode(piece)); continue; }
      covering.sort(function (a, b) {
        var ca = state.candidates[a], cb = state.candidates[b];
        return (ca.end - ca.start) - (cb.end - cb.start) || a - b;
      });
      var inner = state.candidates[covering[0]];
      var mark = element("mark", piece, inner.kind + " " + decisionClass(inner) + (covering.length > 1 ? " nested" : ""));
      mark.setAttribute("data-candidate", String(covering[0]));
      mark.title = covering.map(function (i) { return "#" + (i + 1) + " " + state.candidates[i].kind; }).join(", ");
      textView.appendChild(mark);
    }
  }

  function fieldInput(index, key, fieldValue, className) {
    var label = element("label", key + " ");
    var input = document.createElement("input");
    input.type = "text";
    input.value = Array.isArray(fieldValue) ? fieldValue.join(" | ") : (fieldValue === null || fieldValue === undefined ? "" : String(fieldValue));
    input.setAttribute("data-key", key);
    input.setAttribute("data-type", typeof fieldValue);
    input.id = "extract-" + (className === "iri" ? "iri" : "field") + "-" + index + "-" + key;
    if (className) { input.className = className; }
    if (fieldValue === "new") { label.className = "new"; }
    label.appendChild(input);
    return label;
  }

  function decisionInput(index, accept, text) {
    var label = element("label");
    var input = document.createElement("input");
    input.type = "radio";
    input.name = "extract-decision-" + index;
    input.id = "extract-" + (accept ? "accept" : "reject") + "-" + index;
    input.checked = state.candidates[index].accept === accept;
    input.addEventListener("change", function () { decide(index, accept); });
    label.appendChild(input);
    label.appendChild(document.createTextNode(" " + text));
    return label;
  }

  function drawRows() {
    body.textContent = "";
    state.candidates.forEach(function (c, index) {
      var row = element("tr", null, decisionClass(c));
      row.id = "extract-c-" + index;
      row.appendChild(element("td", index + 1));
      row.appendChild(element("td", c.kind));
      var quote = element("td");
      quote.appendChild(element("strong", c.quote));
      quote.appendChild(element("div", c.start + "–" + c.end + " · " + t("置信度 ", "confidence ") + c.confidence, "muted"));
      row.appendChild(quote);
      var fields = element("td", null, "fields");
      Object.keys(c.fields).forEach(function (key) { fields.appendChild(fieldInput(index, key, c.fields[key])); });
      row.appendChild(fields);
      var names = element("td", null, "matches");
      var keys = Object.keys(c.matches);
      if (c.kind === "count" || c.kind === "amount") {
        ["subject", "indicator"].forEach(function (key) { if (keys.indexOf(key) < 0) { keys.push(key); } });
      }
      keys.forEach(function (key) { names.appendChild(fieldInput(index, key, c.matches[key], "iri")); });
      row.appendChild(names);
      var decision = element("td");
      decision.appendChild(decisionInput(index, true, t("接受", "accept")));
      decision.appendChild(decisionInput(index, false, t("拒绝", "reject")));
      row.appendChild(decision);
      body.appendChild(row);
    });
  }

  function showTally() {
    var accepted = state.candidates.filter(function (c) { return c.accept === true; }).length;
    var rejected = state.candidates.filter(function (c) { return c.accept === false; }).length;
    tally.textContent = t("已接受 " + accepted + "，已拒绝 " + rejected + "，未定 " + (state.candidates.length - accepted - rejected),
                          accepted + " accepted, " + rejected + " rejected, " + (state.candidates.length - accepted - rejected) + " undecided");
  }

  function decide(index, accept) {
    state.candidates[index].accept = accept;
    document.getElementById("extract-c-" + index).className = decisionClass(state.candidates[index]);
    document.getElementById("extract-" + (accept ? "accept" : "reject") + "-" + index).checked = true;
    drawText();
    showTally();
  }

  function focusRow(index) {
    Array.prototype.forEach.call(body.querySelectorAll("tr.focused"), function (row) { row.classList.remove("focused"); });
    var row = document.getElementById("extract-c-" + index);
    row.classList.add("focused");
    row.scrollIntoView({ block: "nearest" });
  }

  function show(data) {
    state = data;
    document.getElementById("extract-count").textContent = String(data.candidates.length);
    review.hidden = false;
    say(result, "");
    drawText();
    drawRows();
    showTally();
    say(status, data.candidates.length
      ? t("找到 " + data.candidates.length + " 条候选事实（" + data.text.length + " 个字符）。", data.candidates.length + (data.candidates.length === 1 ? " candidate fact in " : " candidate facts in ") + Array.from(data.text).length + " characters.")
      : t("没有找到事实（0 条候选）。", "No facts found (0 candidates)."));
  }

  function edited(input) {
    var text = input.value.trim();
    if (text === "") { return undefined; }
    var type = input.getAttribute("data-type");
    if (input.classList.contains("iri")) {
      return text.indexOf("|") >= 0 ? text.split("|").map(function (part) { return part.trim(); }).filter(Boolean) : text;
    }
    if (type === "number" && text !== "" && isFinite(Number(text))) { return Number(text); }
    if (type === "boolean") { return text === "true" || text === "yes" || text === "1"; }
    return text;
  }

  function reviewed() {
    return state.candidates.map(function (c, index) {
      var row = document.getElementById("extract-c-" + index);
      var fields = {}, matches = {};
      Array.prototype.forEach.call(row.querySelectorAll(".fields input"), function (input) {
        var v = edited(input);
        if (v !== undefined) { fields[input.getAttribute("data-key")] = v; }
      });
      Array.prototype.forEach.call(row.querySelectorAll(".matches input"), function (input) {
        var v = edited(input);
        if (v !== undefined) { matches[input.getAttribute("data-key")] = v; }
      });
      return { kind: c.kind, quote: c.quote, start: c.start, end: c.end, sentence: c.sentence, confidence: c.confidence,
               fields: fields, matches: matches, accept: c.accept === true };
    });
  }

  function imported(data) {
    result.textContent = "";
    result.className = "extract-result" + (data.problems.length ? " error" : "");
    if (data.problems.length) {
      result.appendChild(document.createTextNode(t("没有导入任何内容：", "Nothing was imported:")));
      var list = element("ul");
      data.problems.forEach(function (line) { list.appendChild(element("li", line)); });
      result.appendChild(list);
      return;
    }
    result.appendChild(document.createTextNode(data.unchanged
      ? t("图谱已含这份审阅，没有改变：", "The graph already holds this review; nothing changed: ")
      : t("已导入 " + data.facts + " 条事实（" + data.quads + " 个四元组）到 ", "Imported " + data.facts + " facts (" + data.quads + " quads) into ")));
    var link = element("a", data.graph, "graph");
    link.href = "/entity?" + new URLSearchParams({ iri: data.graph, lang: zh ? "zh" : "en" }).toString();
    result.appendChild(link);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var file = document.getElementById("extract-file").files[0];
    var options = { title: value("extract-title"), date: value("extract-date"), publisher: value("extract-publisher"),
                    lang: document.getElementById("extract-lang").value };
    var request;
    if (file) {
      options.name = file.name;
      request = fetch("/extract/candidates?" + new URLSearchParams(options).toString(), {
        method: "POST", body: file, headers: { "Authorization": authorization(), "Content-Type": "application/octet-stream" } });
    } else {
      options.text = document.getElementById("extract-text").value;
      request = fetch("/extract/candidates", { method: "POST", body: JSON.stringify(options),
        headers: { "Authorization": authorization(), "Content-Type": "application/json" } });
    }
    say(status, t("正在抽取…", "Extracting…"));
    request.then(answerOf).then(show).catch(function (error) { say(status, error.message, true); });
  });

  textView.addEventListener("click", function (event) {
    var mark = event.target.closest("mark[data-candidate]");
    if (mark) { focusRow(Number(mark.getAttribute("data-candidate"))); }
  });

  document.getElementById("extract-accept-confident").addEventListener("click", function () {
    state.candidates.forEach(function (c, index) { if (c.confidence >= 0.8 && c.accept !== false) { decide(index, true); } });
  });

  document.getElementById("extract-import").addEventListener("click", function () {
    if (!state) { return; }
    say(result, t("正在检查并导入…", "Checking and importing…"));
    fetch("/extract/import", { method: "POST", headers: { "Authorization": authorization(), "Content-Type": "application/json" },
                               body: JSON.stringify({ text: state.text, source: state.source, candidates: reviewed() }) })
      .then(answerOf).then(imported).catch(function (error) { say(result, error.message, true); });
  });
})();
