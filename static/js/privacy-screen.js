// The privacy control on incident pages: hide the content at once, show it again.
(function () {
  "use strict";
  var hide = document.getElementById("privacy-hide");
  var show = document.getElementById("privacy-show");
  var cover = document.getElementById("privacy-cover");
  var content = document.getElementById("incident-content");
  if (!hide || !show || !cover || !content) {
    return;
  }
  var messages = document.querySelector("main .messages");

  function setHidden(hidden) {
    content.hidden = hidden;
    cover.hidden = !hidden;
    hide.hidden = hidden;
    if (messages) {
      messages.hidden = hidden;
    }
    (hidden ? show : hide).focus();
  }

  hide.hidden = false;
  hide.addEventListener("click", function () { setHidden(true); });
  show.addEventListener("click", function () { setHidden(false); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !content.hidden) {
      setHidden(true);
    }
  });
})();
