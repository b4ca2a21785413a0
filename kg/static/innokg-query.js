/* The query page: YASQE (from the vendored YASGUI bundle) over the form's textarea,
 * with no autocompleter that would ask another host; example buttons load saved queries. */
(function () {
  "use strict";
  var textarea = document.getElementById("query-text");
  var examples = JSON.parse(document.getElementById("query-examples").textContent);
  var editor = null;
  if (window.Yasqe && textarea) {
    editor = window.Yasqe.fromTextArea(textarea, {
      autocompleters: ["variables"], persistenceId: null, showQueryButton: false,
      createShareableLink: null, prefixCcApi: "", resizeable: true, editorHeight: "260px"
    });
    document.getElementById("query-form").addEventListener("submit", function () { editor.save(); });
  }
  document.querySelectorAll("button.example").forEach(function (button) {
    button.addEventListener("click", function () {
      var text = examples[button.getAttribute("data-example")] || "";
      if (editor) { editor.setValue(text); } else { textarea.value = text; }
    });
  });
  window.innokgEditor = editor;
})();
