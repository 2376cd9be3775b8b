// Checking and importing a file: the server answers with one line per step
// ("progress <done> <total>", then "done <url>" or "error <url>"); this script shows the
// progress bar and opens the result. Without it, the forms post normally and redirect.
(function () {
  "use strict";
  if (!window.fetch || !window.ReadableStream || !window.TextDecoder) {
    return;
  }

  function plainSubmit(form, submitter) {
    form.dataset.importPlain = "1";
    if (form.requestSubmit) {
      form.requestSubmit(submitter || undefined);
    } else {
      form.submit();
    }
  }

  function go(url) {
    if (url && url.charAt(0) === "/" && url.charAt(1) !== "/") {
      window.location.assign(url);
    }
  }

  function run(form, submitter) {
    var box = form.querySelector("[data-import-progress]");
    var bar = box.querySelector("progress");
    var status = box.querySelector("[data-import-status]");
    var buttons = form.querySelectorAll("button");
    var data = new FormData(form);
    if (submitter && submitter.name) {
      data.append(submitter.name, submitter.value);
    }
    var action = (submitter && submitter.getAttribute("formaction")) || form.action;
    var said = -10;
    var started = false;

    box.hidden = false;
    buttons.forEach(function (button) { button.disabled = true; });

    function show(percent) {
      bar.value = percent;
      bar.textContent = percent + " %";
      // A screen reader hears every tenth, not every step.
      if (percent - said >= 10 || percent === 100) {
        status.textContent = box.dataset.label + " " + percent + " %";
        said = percent;
      }
    }

    function handle(line) {
      var parts = line.trim().split(" ");
      if (parts[0] === "progress" && parts.length === 3) {
        var total = parseInt(parts[2], 10);
        show(total > 0 ? Math.floor((100 * parseInt(parts[1], 10)) / total) : 100);
      } else if (parts[0] === "done" || parts[0] === "error") {
        show(100);
        status.textContent = box.dataset.finished;
        go(parts[1]);
      }
    }

    fetch(action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Tissage-Stream": "1" },
    })
      .then(function (response) {
        if (!response.ok || !response.headers.get("X-Tissage-Stream") || !response.body) {
          throw new Error("not a stream");
        }
        started = true;
        var reader = response.body.getReader();
        var decoder = new TextDecoder();
        var buffer = "";
        function pump() {
          return reader.read().then(function (chunk) {
            if (chunk.done) {
              if (buffer) { handle(buffer); }
              return;
            }
            buffer += decoder.decode(chunk.value, { stream: true });
            var lines = buffer.split("\n");
            buffer = lines.pop();
            lines.forEach(handle);
            return pump();
          });
        }
        return pump();
      })
      .catch(function () {
        if (started) {
          // The work went on at the server, or was rolled back: its page says which.
          go(form.dataset.result || window.location.pathname);
        } else {
          // A form error (or an old proxy): post the ordinary way and show the page.
          buttons.forEach(function (button) { button.disabled = false; });
          plainSubmit(form, submitter);
        }
      });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("[data-import-stream]") || form.dataset.importPlain) {
      return;
    }
    var submitter = event.submitter;
    if (submitter && submitter.hasAttribute("data-no-stream")) {
      return;
    }
    event.preventDefault();
    run(form, submitter);
  });
})();
