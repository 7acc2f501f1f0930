/*
 * The coverage table, kept up to date during a parents' evening.
 *
 * The element #coverage-live carries data-live-url, a page answering with the
 * table alone (agreements/coverage/_table.html). Every ten seconds, while the
 * tab is visible, the table is fetched again and replaced; when the figures
 * changed, #coverage-status (a polite live region) says so once. Without this
 * script the page's "Refresh the figures" link does the same with a page load.
 */
(function () {
  "use strict";

  var EVERY_MS = 10000;

  function start(holder) {
    var status = document.getElementById("coverage-status");
    var busy = false;

    function summaryOf(root) {
      var table = root.querySelector("#coverage-table");
      return table ? table.getAttribute("data-summary") : null;
    }

    function refresh() {
      if (busy || document.hidden) {
        return;
      }
      busy = true;
      fetch(holder.dataset.liveUrl, {
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
        cache: "no-store",
      })
        .then(function (response) {
          return response.ok ? response.text() : null;
        })
        .then(function (html) {
          if (html === null) {
            return;
          }
          var fresh = document.createElement("div");
          fresh.innerHTML = html.trim();
          if (!fresh.querySelector("#coverage-table")) {
            return; // signed out, or another page: keep what is shown
          }
          var before = summaryOf(holder);
          var after = summaryOf(fresh);
          holder.innerHTML = fresh.innerHTML;
          if (status && after && after !== before) {
            status.textContent = "Coverage updated: " + after;
          }
        })
        .catch(function () {
          // The school's Wi-Fi dropped: the figures shown stay, and the next try may work.
        })
        .then(function () {
          busy = false;
        });
    }

    window.setInterval(refresh, EVERY_MS);
    document.addEventListener("visibilitychange", function () {
      if (!document.hidden) {
        refresh();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var holder = document.getElementById("coverage-live");
    if (holder && holder.dataset.liveUrl) {
      start(holder);
    }
  });
})();
