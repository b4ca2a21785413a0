/* The chain explorer's list: each chain a <details> (the first open); "open all" and "close all". */
(function () {
  "use strict";
  function all(open) {
    document.querySelectorAll("details.chain").forEach(function (chain) { chain.open = open; });
  }
  var opener = document.querySelector("button.chains-open"), closer = document.querySelector("button.chains-close");
  if (opener) { opener.addEventListener("click", function () { all(true); }); }
  if (closer) { closer.addEventListener("click", function () { all(false); }); }
})();
