// The people forms, enhanced: tag inputs with suggestions, Ctrl+Enter to save, quick durations.
// Without this script every form still works: plain selects, codes typed in a text field.
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[\u2018\u2019]/g, "'").toLowerCase().trim();
  }

  function format(template, value) {
    return (template || "%s").replace("%s", value);
  }

  // A <select> (multiple or not) becomes a text box that suggests options as one types;
  // picked options show as chips. The select stays in the page, hidden: it is what is sent.
  // Suggestions come from the select's own options (data-keys lists the words they match)
  // or, with data-source, from a JSON endpoint answering {results: [{value, label}]}.
  function TagInput(select, texts) {
    this.select = select;
    this.texts = texts;
    this.source = select.dataset.source || "";
    this.newTemplate = select.dataset.new || "";
    this.items = [];
    this.active = -1;
    this.inflight = false;
    this.wanted = null;
    this.pendingEnter = false;
    this.loading = false;
    this.build();
    this.renderChips();
  }

  TagInput.prototype.build = function () {
    var select = this.select;
    var id = select.id;
    var self = this;
    this.wrap = document.createElement("div");
    this.wrap.className = "tag-input";
    this.chips = document.createElement("ul");
    this.chips.className = "chips";
    this.input = document.createElement("input");
    this.input.type = "text";
    this.input.id = id + "_input";
    this.input.autocomplete = "off";
    this.input.setAttribute("role", "combobox");
    this.input.setAttribute("aria-autocomplete", "list");
    this.input.setAttribute("aria-expanded", "false");
    this.input.setAttribute("aria-controls", id + "_listbox");
    ["aria-describedby", "aria-invalid"].forEach(function (name) {
      if (select.hasAttribute(name)) self.input.setAttribute(name, select.getAttribute(name));
    });
    this.list = document.createElement("ul");
    this.list.id = id + "_listbox";
    this.list.className = "suggestions";
    this.list.setAttribute("role", "listbox");
    this.list.hidden = true;
    this.status = document.createElement("p");
    this.status.className = "visually-hidden";
    this.status.setAttribute("role", "status");
    var label = document.querySelector('label[for="' + id + '"]');
    if (label) {
      label.id = label.id || id + "_label";
      label.htmlFor = this.input.id;
      this.list.setAttribute("aria-labelledby", label.id);
      this.chips.setAttribute("aria-labelledby", label.id);
    }
    this.wrap.append(this.input, this.list, this.chips);
    select.after(this.wrap, this.status);
    select.hidden = true;
    var fallback = select.dataset.fallback && document.getElementById(select.dataset.fallback);
    if (fallback && !fallback.value) {
      fallback.disabled = true;
      fallback.closest(".field").hidden = true;
    }

    this.input.addEventListener("input", function () { self.search(self.input.value, false); });
    this.input.addEventListener("keydown", function (event) { self.onKey(event); });
    this.input.addEventListener("blur", function () {
      window.setTimeout(function () { self.close(); }, 150);
    });
    this.list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    this.list.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) self.pick(self.items[Number(option.dataset.index)]);
    });
  };

  TagInput.prototype.onKey = function (event) {
    var open = !this.list.hidden;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (open) this.move(1); else this.search(this.input.value, true);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (open) this.move(-1);
    } else if (event.key === "Enter" && !event.ctrlKey && !event.metaKey) {
      event.preventDefault(); // Enter picks; it never saves the form by accident
      // Typed faster than the server answers: pick the first match when it arrives.
      if (this.loading) this.pendingEnter = true;
      else if (open && this.active >= 0) this.pick(this.items[this.active]);
    } else if (event.key === "Escape") {
      if (open || this.input.value) event.preventDefault();
      if (open) this.close(); else this.input.value = "";
    } else if ((event.key === "Backspace" || event.key === "ArrowLeft") && !this.input.value) {
      var buttons = this.chips.querySelectorAll("button");
      if (!buttons.length) return;
      event.preventDefault();
      if (event.key === "Backspace") this.unpick(buttons[buttons.length - 1].dataset.value);
      else buttons[buttons.length - 1].focus();
    }
  };

  TagInput.prototype.move = function (step) {
    if (!this.items.length) return;
    this.active = (this.active + step + this.items.length) % this.items.length;
    this.highlight();
  };

  TagInput.prototype.selectedValues = function () {
    return Array.prototype.filter.call(this.select.options, function (option) {
      return option.selected && option.value;
    }).map(function (option) { return option.value; });
  };

  TagInput.prototype.search = function (text, showAll) {
    var query = fold(text);
    var taken = this.selectedValues();
    if (!query && !showAll) { this.close(); return; }
    if (this.source) { this.fetch(text.trim(), taken); return; }
    var found = [];
    Array.prototype.forEach.call(this.select.options, function (option) {
      if (!option.value || taken.indexOf(option.value) >= 0) return;
      var keys = (option.dataset.keys || fold(option.text)).split("|");
      var rank = -1;
      keys.forEach(function (key) {
        var at = key.indexOf(query);
        if (at < 0) return;
        var score = at === 0 ? 0 : (key.charAt(at - 1) === " " ? 1 : 2);
        if (rank < 0 || score < rank) rank = score;
      });
      if (rank >= 0) found.push({ value: option.value, label: option.text, rank: rank });
    });
    found.sort(function (a, b) { return a.rank - b.rank; });
    this.show(found.slice(0, 10), query);
  };

  // One request at a time, for the latest text only: a fast typist sends one or two, not one
  // per keystroke, and the server never handles two of them at once.
  TagInput.prototype.fetch = function (text, taken) {
    var self = this;
    if (!text) { this.loading = false; this.wanted = null; this.close(); return; }
    this.loading = true;
    this.wanted = { text: text, taken: taken };
    if (this.inflight) return;
    this.inflight = true;
    var asked = this.wanted;
    var url = this.source + "?q=" + encodeURIComponent(asked.text);
    window.fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("json") >= 0;
        return response.ok && json ? response.json() : { results: [] };
      })
      .catch(function () { return { results: [] }; })
      .then(function (data) {
        self.inflight = false;
        if (self.wanted !== asked) { // typed on meanwhile: ask again for the latest text
          if (self.wanted) self.fetch(self.wanted.text, self.wanted.taken);
          return;
        }
        self.wanted = null;
        self.loading = false;
        var found = data.results.filter(function (item) {
          return asked.taken.indexOf(item.value) < 0;
        });
        var first = found[0];
        if (self.newTemplate) {
          found.push({
            value: "new:" + asked.text, label: format(self.newTemplate, asked.text), isNew: true,
          });
        }
        self.show(found, asked.text);
        if (self.pendingEnter && first) self.pick(first);
        self.pendingEnter = false;
      });
  };

  TagInput.prototype.show = function (items, query) {
    var self = this;
    this.items = items;
    this.list.innerHTML = "";
    items.forEach(function (item, index) {
      var li = document.createElement("li");
      li.id = self.list.id + "_" + index;
      li.setAttribute("role", "option");
      li.dataset.index = String(index);
      li.textContent = item.label;
      if (item.isNew) li.className = "new";
      self.list.appendChild(li);
    });
    this.active = items.length ? 0 : -1;
    this.list.hidden = !items.length;
    this.input.setAttribute("aria-expanded", items.length ? "true" : "false");
    this.highlight();
    this.status.textContent = items.length
      ? format(this.texts.count, items.length)
      : (query ? this.texts.none : "");
  };

  TagInput.prototype.highlight = function () {
    var active = this.active;
    Array.prototype.forEach.call(this.list.children, function (li, index) {
      li.setAttribute("aria-selected", index === active ? "true" : "false");
    });
    var current = this.list.children[active];
    if (current) {
      this.input.setAttribute("aria-activedescendant", current.id);
      current.scrollIntoView({ block: "nearest" });
    } else {
      this.input.removeAttribute("aria-activedescendant");
    }
  };

  TagInput.prototype.close = function () {
    this.list.hidden = true;
    this.items = [];
    this.active = -1;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  };

  TagInput.prototype.pick = function (item) {
    if (!item) return;
    var option = Array.prototype.find.call(this.select.options, function (o) {
      return o.value === item.value;
    });
    if (!option) {
      option = new Option(item.label, item.value);
      this.select.appendChild(option);
    }
    if (!this.select.multiple) {
      Array.prototype.forEach.call(this.select.options, function (o) { o.selected = false; });
    }
    option.selected = true;
    this.input.value = "";
    this.close();
    this.renderChips();
    this.status.textContent = format(this.texts.added, option.text);
    this.input.focus();
  };

  TagInput.prototype.unpick = function (value) {
    Array.prototype.forEach.call(this.select.options, function (option) {
      if (option.value === value) option.selected = false;
    });
    this.renderChips();
    this.input.focus();
  };

  TagInput.prototype.renderChips = function () {
    var self = this;
    this.chips.innerHTML = "";
    Array.prototype.forEach.call(this.select.options, function (option) {
      if (!option.selected || !option.value) return;
      var li = document.createElement("li");
      li.className = "chip";
      var text = document.createElement("span");
      text.textContent = option.text;
      var remove = document.createElement("button");
      remove.type = "button";
      remove.tabIndex = -1; // reached with the arrow keys from the text box, not with Tab
      remove.dataset.value = option.value;
      remove.setAttribute("aria-label", format(self.texts.remove, option.text));
      remove.textContent = "×";
      remove.addEventListener("click", function () { self.unpick(option.value); });
      remove.addEventListener("keydown", function (event) { self.onChipKey(event, remove); });
      li.append(text, remove);
      self.chips.appendChild(li);
    });
    this.wrap.classList.toggle("has-chips", this.chips.children.length > 0);
  };

  TagInput.prototype.onChipKey = function (event, button) {
    var buttons = Array.prototype.slice.call(this.chips.querySelectorAll("button"));
    var index = buttons.indexOf(button);
    if (event.key === "ArrowLeft" && index > 0) {
      event.preventDefault();
      buttons[index - 1].focus();
    } else if (event.key === "ArrowRight" || event.key === "Escape") {
      event.preventDefault();
      if (buttons[index + 1] && event.key === "ArrowRight") buttons[index + 1].focus();
      else this.input.focus();
    } else if (event.key === "Backspace" || event.key === "Delete") {
      event.preventDefault();
      this.unpick(button.dataset.value);
    }
  };

  // A text box whose <datalist> is refreshed from a JSON endpoint as one types.
  function suggestList(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var serial = 0;
    var timer = 0;
    if (!list) return;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2) return;
      timer = window.setTimeout(function () {
        var mine = ++serial;
        window.fetch(input.dataset.suggest + "?q=" + encodeURIComponent(text), {
          headers: { Accept: "application/json" }, credentials: "same-origin",
        }).then(function (response) {
          return response.ok ? response.json() : { results: [] };
        }).catch(function () { return { results: [] }; }).then(function (data) {
          if (mine !== serial) return;
          list.innerHTML = "";
          data.results.forEach(function (item) {
            var option = document.createElement("option");
            option.value = item.value;
            if (item.label !== item.value) option.label = item.label;
            list.appendChild(option);
          });
        });
      }, 150);
    });
  }

  function enhanceForm(form) {
    var texts = {
      remove: form.dataset.textRemove,
      count: form.dataset.textCount,
      none: form.dataset.textNone,
      added: form.dataset.textAdded,
      leftover: form.dataset.textLeftover,
    };
    var tags = Array.prototype.map.call(form.querySelectorAll("select[data-tag-input]"),
      function (select) { return new TagInput(select, texts); });
    form.querySelectorAll("input[data-suggest]").forEach(suggestList);
    form.querySelectorAll("[data-js-only]").forEach(function (node) { node.hidden = false; });

    form.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    // Text typed in a tag input but not picked would be lost: ask to pick it first.
    form.addEventListener("submit", function (event) {
      var left = tags.find(function (tag) { return tag.input.value.trim(); });
      if (!left) return;
      event.preventDefault();
      left.input.focus();
      left.search(left.input.value, true);
      left.status.textContent = texts.leftover;
      var note = left.wrap.parentNode.querySelector(".leftover");
      if (!note) {
        note = document.createElement("p");
        note.className = "error leftover";
        left.wrap.parentNode.appendChild(note);
      }
      note.textContent = texts.leftover;
    });
    form.querySelectorAll("button[data-duration]").forEach(function (button) {
      button.addEventListener("click", function () {
        var field = document.getElementById(button.dataset.target);
        field.value = button.dataset.duration;
        field.focus();
      });
    });
  }

  document.querySelectorAll("form[data-people-form]").forEach(enhanceForm);
  // On a phone the filters of a list start folded, unless some are in use.
  if (window.matchMedia("(max-width: 40rem)").matches && !window.location.search) {
    document.querySelectorAll("details[data-fold-on-phone]").forEach(function (box) {
      box.removeAttribute("open");
    });
  }
  // Start where the typing starts: the first field in error, or the field marked first.
  var first = document.querySelector("form[data-people-form] [aria-invalid=true]") ||
    document.querySelector("[data-autofocus]");
  if (first) {
    var target = document.getElementById(first.id + "_input") || first;
    target.focus();
  }
})();
