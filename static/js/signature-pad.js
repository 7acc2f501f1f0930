/*
 * The signature box of the signing form (templates/agreements/_sign_form.html).
 *
 * An element data-signature-pad="<id of a hidden input>" holds a <canvas> and a
 * Clear button. Pointer events take a finger, a stylus or a mouse alike. Each
 * stroke is kept as SVG path data, "M x y L x y …", in a fixed 600 × 200 box
 * with at most one decimal place, whatever size the box is drawn at: that is
 * what agreements/signature.py accepts, and what the PDF draws back.
 *
 * The box is shown only when "Draw a signature" is the choice of its block
 * (data-sign-block="<radio name>"); the typed name when "Type the name
 * instead" is. Without this script the box stays hidden and the name is typed.
 */
(function () {
  "use strict";

  var WIDTH = 600;
  var HEIGHT = 200;
  var MAX_LENGTH = 59000; // the server takes 60 000 characters at most
  var MIN_STEP = 1.5; // box units between two points of a stroke

  function round(value, limit) {
    var clamped = Math.min(Math.max(value, 0), limit);
    return Math.round(clamped * 10) / 10;
  }

  function parse(path) {
    // [[x, y], …] per stroke, from what the hidden input holds.
    var strokes = [];
    var parts = path.trim().split(/\s+/);
    for (var i = 0; i + 2 < parts.length; i += 3) {
      var point = [parseFloat(parts[i + 1]), parseFloat(parts[i + 2])];
      if (isNaN(point[0]) || isNaN(point[1])) {
        return [];
      }
      if (parts[i] === "M" || !strokes.length) {
        strokes.push([point]);
      } else {
        strokes[strokes.length - 1].push(point);
      }
    }
    return strokes;
  }

  function Pad(root) {
    var canvas = root.querySelector("canvas");
    var input = document.getElementById(root.dataset.signaturePad);
    var context = canvas.getContext("2d");
    var strokes = parse(input.value || "");
    var drawing = false;

    function write() {
      var out = [];
      strokes.forEach(function (stroke) {
        stroke.forEach(function (point, n) {
          out.push((n ? "L " : "M ") + point[0] + " " + point[1]);
        });
      });
      input.value = out.join(" ");
    }

    function redraw() {
      context.setTransform(1, 0, 0, 1, 0, 0);
      context.clearRect(0, 0, canvas.width, canvas.height);
      context.setTransform(canvas.width / WIDTH, 0, 0, canvas.height / HEIGHT, 0, 0);
      context.lineWidth = 3;
      context.lineCap = "round";
      context.lineJoin = "round";
      context.strokeStyle = "#000";
      strokes.forEach(function (stroke) {
        context.beginPath();
        context.moveTo(stroke[0][0], stroke[0][1]);
        stroke.forEach(function (point) {
          context.lineTo(point[0], point[1]);
        });
        if (stroke.length === 1) {
          context.lineTo(stroke[0][0] + 0.1, stroke[0][1]); // a dot
        }
        context.stroke();
      });
    }

    function resize() {
      // Sharp at any width: the canvas has as many pixels as the box shows.
      var rect = canvas.getBoundingClientRect();
      if (!rect.width) {
        return;
      }
      var ratio = window.devicePixelRatio || 1;
      canvas.width = Math.round(rect.width * ratio);
      canvas.height = Math.round((rect.width * ratio * HEIGHT) / WIDTH);
      redraw();
    }

    function pointOf(event) {
      var rect = canvas.getBoundingClientRect();
      return [
        round(((event.clientX - rect.left) * WIDTH) / rect.width, WIDTH),
        round(((event.clientY - rect.top) * HEIGHT) / rect.height, HEIGHT),
      ];
    }

    function add(point) {
      var stroke = strokes[strokes.length - 1];
      var last = stroke[stroke.length - 1];
      if (Math.abs(point[0] - last[0]) + Math.abs(point[1] - last[1]) < MIN_STEP) {
        return;
      }
      if (input.value.length > MAX_LENGTH) {
        return; // long enough: the rest of the stroke is left out
      }
      stroke.push(point);
      write();
      redraw();
    }

    canvas.addEventListener("pointerdown", function (event) {
      if (event.button !== undefined && event.button > 0) {
        return;
      }
      event.preventDefault();
      drawing = true;
      if (canvas.setPointerCapture) {
        canvas.setPointerCapture(event.pointerId);
      }
      strokes.push([pointOf(event)]);
      write();
      redraw();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) {
        return;
      }
      event.preventDefault();
      var events = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
      (events.length ? events : [event]).forEach(function (each) {
        add(pointOf(each));
      });
    });
    function stop() {
      drawing = false;
    }
    canvas.addEventListener("pointerup", stop);
    canvas.addEventListener("pointercancel", stop);
    canvas.addEventListener("lostpointercapture", stop);

    root.querySelector("[data-signature-clear]").addEventListener("click", function () {
      strokes = [];
      write();
      redraw();
    });

    root.hidden = false;
    resize();
    window.addEventListener("resize", resize);
    return { resize: resize };
  }

  function showChoice(block, pad) {
    // The box or the typed name, as the block's radio buttons say.
    var name = block.dataset.signBlock;
    var typed = block.querySelector("[data-sign-typed]");
    var box = block.querySelector("[data-signature-pad]");
    function update() {
      var chosen = block.querySelector('input[name="' + name + '"]:checked');
      var how = chosen ? chosen.value : "";
      if (box) {
        box.hidden = how !== "drawn";
        if (!box.hidden && pad) {
          pad.resize();
        }
      }
      if (typed) {
        typed.hidden = how === "drawn";
      }
    }
    block.querySelectorAll('input[name="' + name + '"]').forEach(function (radio) {
      radio.addEventListener("change", update);
    });
    // A closed <details> has no size: draw the box again when it opens.
    var details = block.closest("details");
    if (details) {
      details.addEventListener("toggle", update);
    }
    update();
  }

  function start() {
    document.querySelectorAll("[data-sign-block]").forEach(function (block) {
      var root = block.querySelector("[data-signature-pad]");
      showChoice(block, root ? Pad(root) : null);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
