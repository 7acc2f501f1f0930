/*
 * A job's page (templates/jobs/detail.html) while the job runs.
 *
 * #job-progress carries data-status-url (the job's status.json) and
 * data-finished. Until the job has finished, the status is asked for again,
 * and the page's parts are brought up to date when it changes; the live
 * region then announces the change once. When the server is busy or away it is
 * asked less often. Signed out meanwhile (401), it stops: the page's
 * "Refresh now" link leads to the sign-in page. Without this script the page
 * reloads itself every few seconds (a <noscript> refresh).
 */
(function () {
  "use strict";

  var root = document.getElementById("job-progress");
  if (!root || root.dataset.finished === "true" || !window.fetch) {
    return;
  }

  var SIGNED_OUT = 401;
  var bar = document.getElementById("job-bar");
  var last = "";
  var delay = 1000;

  function part(name) {
    return root.querySelector('[data-job="' + name + '"]');
  }

  function show(state) {
    var key = [state.status, state.progress, state.note].join("|");
    if (key === last) {
      return; // announce changes only, not every poll
    }
    last = key;
    part("label").textContent = state.status_label;
    part("note").textContent = state.note;
    part("percent").textContent = state.progress;
    part("percent-text").hidden = state.finished;
    bar.value = state.progress;
    bar.textContent = state.progress + "%";
    document.getElementById("job-refresh").hidden = state.finished;
    if (state.file_url) {
      part("file").href = state.file_url;
      part("file").textContent = state.file_label;
      document.getElementById("job-file").hidden = false;
    }
    document.getElementById("job-failed").hidden = state.status !== "failed";
  }

  function poll() {
    fetch(root.dataset.statusUrl, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      cache: "no-store",
    })
      .then(function (response) {
        if (response.status === SIGNED_OUT) {
          return null;
        }
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (state) {
        if (state === null) {
          return; // signed out: the next page opened asks to sign in again
        }
        show(state);
        if (!state.finished) {
          window.setTimeout(poll, delay);
        }
      })
      .catch(function () {
        delay = Math.min(delay * 2, 30000); // the server is busy or away: ask less often
        window.setTimeout(poll, delay);
      });
  }

  window.setTimeout(poll, delay);
})();
