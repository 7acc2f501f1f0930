/*
 * Earlier decisions about the same site, shown as an address is typed.
 *
 * An input with data-same-site="<url of the same-site page>" asks that page for
 * "?url=<what was typed>" (after a pause in typing) and shows the answer in the
 * element #same-site (the page's forms_app/_same_site.html box). Without this script the form's own "check" button
 * does the same with a page load, so nothing depends on it.
 */
(function () {
  "use strict";

  var PAUSE_MS = 400;

  function replaceBox(html) {
    var box = document.getElementById("same-site");
    if (!box) {
      return;
    }
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var fresh = holder.querySelector("#same-site");
    if (fresh) {
      // The contents only: the box itself is the live region, and a screen reader
      // announces changes to a region that was already on the page.
      box.innerHTML = fresh.innerHTML;
    }
  }

  function watch(input) {
    var timer = null;
    var asked = null; // the value last asked about
    var latest = null; // the request whose answer may still be shown

    function ask() {
      var value = input.value.trim();
      if (value === asked) {
        return;
      }
      asked = value;
      if (latest) {
        latest.abort();
      }
      var controller = new AbortController();
      latest = controller;
      var url = new URL(input.dataset.sameSite, window.location.href);
      url.searchParams.set("url", value);
      fetch(url.toString(), {
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
        signal: controller.signal,
      })
        .then(function (response) {
          return response.ok ? response.text() : null;
        })
        .then(function (html) {
          if (html !== null && latest === controller) {
            replaceBox(html);
          }
        })
        .catch(function () {
          // Offline or aborted: the box keeps what it showed; the check button still works.
        });
    }

    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, PAUSE_MS);
    }

    input.addEventListener("input", later);
    input.addEventListener("change", later);
  }

  function start() {
    document.querySelectorAll("input[data-same-site]").forEach(watch);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
