/*
 * The kiosk on the school's Wi-Fi: send the signing form without losing it.
 *
 * The form (data-sign-form) is sent with fetch, asking for JSON. The server
 * answers {"next": address} when it is done (the thank-you page), and the page
 * is replaced by it, so the back button cannot bring this family's form back.
 * When the network is down or too slow, nothing on the page changes but a
 * plain message: the family presses Sign again when it is back. The form
 * carries the same idempotency key every time, so a second try, or a double
 * tap, can never record the agreement twice. A form with something to fix is
 * sent again the plain way, and the page that comes back shows what.
 *
 * On the thank-you page (data-return-to) the kiosk goes back to a clean form
 * after data-return-after seconds. Without this script every step works with
 * plain form posts and links.
 */
(function () {
  "use strict";

  var TIMEOUT_MS = 20000;
  var SENDING = "Sending…";
  var OFFLINE =
    "No connection — nothing was lost. Your answers are kept here: " +
    "press “Sign the agreement” again when the connection is back.";
  var BACK_ONLINE = "The connection is back: press “Sign the agreement” again.";
  var FAILED =
    "The agreement could not be saved just now — nothing was lost. " +
    "Your answers are kept here: press “Sign the agreement” again in a moment.";

  function say(status, text, problem) {
    status.textContent = text;
    status.classList.toggle("alert", Boolean(text));
    status.classList.toggle("alert-warning", Boolean(problem));
    status.classList.toggle("alert-info", Boolean(text) && !problem);
  }

  function answerOf(response) {
    var type = response.headers.get("Content-Type") || "";
    if (type.indexOf("application/json") === 0) {
      return response.json().then(function (answer) {
        return { status: response.status, answer: answer };
      });
    }
    return { status: response.status, answer: null };
  }

  function watch(form) {
    var status = form.querySelector("[data-sign-status]");
    var busy = false;
    var offline = false;

    form.addEventListener("submit", function (event) {
      if (!window.fetch || !window.AbortController || !window.FormData) {
        return; // a plain POST does the same, without the offline message
      }
      event.preventDefault();
      if (busy) {
        return; // a double tap: the first press is still on its way
      }
      busy = true;
      offline = false;
      say(status, SENDING, false);
      var controller = new AbortController();
      var timer = window.setTimeout(function () {
        controller.abort();
      }, TIMEOUT_MS);
      var token = form.querySelector('input[name="csrfmiddlewaretoken"]');
      fetch(form.getAttribute("action") || window.location.href, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: {
          Accept: "application/json",
          "X-CSRFToken": token ? token.value : "",
        },
        signal: controller.signal,
      })
        .then(answerOf)
        .then(function (result) {
          window.clearTimeout(timer);
          busy = false;
          if (result.answer && result.answer.next) {
            window.location.replace(result.answer.next);
          } else if (result.status < 500) {
            // Something to fix (or a page the server wants shown): send it the plain way.
            HTMLFormElement.prototype.submit.call(form);
          } else {
            say(status, FAILED, true);
          }
        })
        .catch(function () {
          window.clearTimeout(timer);
          busy = false;
          offline = true;
          say(status, OFFLINE, true);
        });
    });

    window.addEventListener("online", function () {
      if (offline) {
        say(status, BACK_ONLINE, false);
      }
    });
  }

  function returnLater(element) {
    var seconds = parseInt(element.dataset.returnAfter, 10) || 8;
    window.setTimeout(function () {
      window.location.replace(element.dataset.returnTo);
    }, seconds * 1000);
  }

  function start() {
    document.querySelectorAll("form[data-sign-form]").forEach(watch);
    document.querySelectorAll("[data-return-to]").forEach(returnLater);
  }

  // A page brought back from the browser's memory is fetched again: never a past family's form.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      window.location.reload();
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
