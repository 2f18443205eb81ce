(function () {
  "use strict";
  var form = document.getElementById("answers");
  var reply = document.getElementById("reply");
  var status = document.getElementById("open");
  var note = document.getElementById("note");
  var key = "questions-form:" + form.getAttribute("data-key");
  var all = function (root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); };
  var questions = all(form, "[data-question]");
  var fields = all(form, "input[data-q], textarea[data-q]");

  // Free text that `apply` would read otherwise: a first line that starts like a choice of
  // options ("a, c", "b) ...", "c - ...", "b for ...", "other: ...") on a question with
  // options; a line the questions file would read as a heading or an option. Further lines
  // go in the reply indented, and apply reads them as written.
  var NOT_LETTERS = /^\s*(?:n\s?\/\s?a|n\.\s?a\.|n\.?v\.?t\.?|a\.?k\.?a\.?|i\.?e\.?|e\.?g\.?)(?![\w\/])/i;
  var LETTER = /^\s*(?:\(([a-z])\)|\[([a-z])\]|([a-z])(\)|\.(?=\s|$))?)(?![\w'\u2019])/i;
  var AFTER_LETTERS = /^\s*(?:(?:only|alleen|both|beide|all|allebei|too|ook)\b)?\s*(?:[-\u2013\u2014:,;=]|\.(?=\s|$)|->|\u2192|\(|$)/i;
  var MORE_LETTERS = /^(?:\s*[,&\/+;]\s*|\s+(?:and|en|or|of|&)\s+)\(?[a-z]\)?(?![\w'\u2019])/i;
  var BEFORE_LETTERS = /^\s*(?:ook|also|is|=|just|alleen|only|probably|waarschijnlijk|definitely|zeker|mostly|vooral|options?|opties?|antwoord|answer|letters?|i\s+(?:think|guess|pick|choose)|we\s+(?:pick|choose|need)|ik\s+(?:denk|kies))\s*:?\s+(?=\(?[a-z]\)?(?:$|[\s,.;:!)(&\/+-]))/i;
  var MARKUP = /^\s*(?:#|[-*]\s*\[)/;

  function clean(text) { return text.replace(/\s+/g, " ").trim(); }

  function likeChoice(text) {
    if (/^other:/i.test(text.trim())) return true;
    var before = BEFORE_LETTERS.exec(text);
    if (before && likeChoice(text.slice(before[0].length))) return true;
    if (NOT_LETTERS.test(text)) return false;
    var match = LETTER.exec(text);
    if (!match) return false;
    if (match[1] || match[2] || match[4]) return true;
    var rest = text.slice(match[0].length), letter = match[3];
    return AFTER_LETTERS.test(rest) || MORE_LETTERS.test(rest) ||
      (/^\s/.test(rest) && !/[ai]/i.test(letter) && letter === letter.toLowerCase());
  }

  function problem(q, written) {
    var texts = written.map(function (line, i) { return i ? line.slice(2) : line.replace(/^Q\d+: /, ""); });
    if (texts.some(function (text) { return MARKUP.test(text); })) {
      return "A line of the answer starts with \u201c#\u201d or \u201c- [\u201d, which the questions file would misread: put a word before it.";
    }
    if (texts.length && q.querySelector("input[data-option]") && likeChoice(texts[0])) {
      return "The answer\u2019s first line would be read as a choice of options, not as your words: begin it with a word.";
    }
    return "";
  }

  function answerLines(n, text) {
    var lines = text.split(/\r\n?|\n/).map(function (line) { return line.replace(/\s+$/, ""); });
    while (lines.length && !lines[0]) lines.shift();
    while (lines.length && !lines[lines.length - 1]) lines.pop();
    return lines.map(function (line, i) { return i ? "  " + line : "Q" + n + ": " + line.replace(/^\s+/, ""); });
  }

  // A question whose skip rule holds for the answers so far folds away, unless it has an
  // answer of its own or the owner asked to see it ("Answer it anyway").
  function chosen(n) {
    return all(form, '[data-question="' + n + '"] input[data-option]:not([data-blank])')
      .filter(function (box) { return box.checked; })
      .map(function (box) { return box.getAttribute("data-option"); });
  }

  function ruleHolds(rules) {
    return rules.some(function (rule) {
      var picked = chosen(rule.q);
      if (!picked.length) return false;
      var inRule = picked.filter(function (letter) { return rule.letters.indexOf(letter) >= 0; });
      if (rule.how === "only") return inRule.length === picked.length;
      if (rule.how === "not") return inRule.length === 0;
      return inRule.length > 0;
    });
  }

  function update() {
    var out = [], open = [], check = [], blocking = 0, answered = 0, skipped = 0;
    questions.forEach(function (q) {
      var n = q.getAttribute("data-question"), letters = [], filled = [];
      all(q, "input[data-option]:not([data-blank])").forEach(function (box) {
        if (!box.checked) return;
        var blank = box.parentNode.querySelector("input[data-blank]");
        var text = blank ? clean(blank.value) : "";
        if (text) filled.push("Q" + n + ": " + box.getAttribute("data-option") + ") " + text);
        else letters.push(box.getAttribute("data-option"));
      });
      var area = q.querySelector("textarea[data-answer]");
      var written = area ? answerLines(n, area.value) : [];
      var ask = q.querySelector("input[data-ask]");
      var handed = ask && clean(ask.value) ? ["Q" + n + ": ask: " + clean(ask.value)] : [];
      var warning = problem(q, written);
      q.querySelector("[data-warning]").textContent = warning;
      if (warning) check.push("Q" + n);
      var lines = (letters.length ? ["Q" + n + ": " + letters.join(", ")] : []).concat(filled, written, handed);
      var rules = q.getAttribute("data-skip");
      var skip = Boolean(rules) && !lines.length && !q.hasAttribute("data-shown") && ruleHolds(JSON.parse(rules));
      q.classList.toggle("skipped", skip);
      if (skip) skipped += 1;
      out = out.concat(lines);
      if (lines.length && !handed.length) answered += 1;
      if (q.hasAttribute("data-blocking") && !skip) {
        blocking += 1;
        if (!lines.length || handed.length) open.push("Q" + n);
      }
    });
    var count = !blocking ? "No blocking questions."
      : !open.length ? "All " + blocking + " blocking questions answered."
      : open.length + " of " + blocking + " blocking questions still open: " + open.join(", ") + ".";
    status.textContent = count + " " + answered + " of " + (questions.length - skipped) + " answered" +
      (skipped ? " (" + skipped + " skipped by your answers)." : ".") +
      (check.length ? " Please look again at " + check.join(", ") + "." : "");
    var head = "# Reply to " + form.getAttribute("data-name") + ": " +
      (blocking ? open.length + " of " + blocking + " blocking questions open" : answered + " answered");
    reply.textContent = out.length ? [head].concat(out).join("\n") : "";
  }

  function save() {
    var state = {};
    fields.forEach(function (f) { state[f.id] = f.type === "radio" || f.type === "checkbox" ? f.checked : f.value; });
    try { localStorage.setItem(key, JSON.stringify(state)); } catch (e) { /* storage off: answers live until closed */ }
  }

  function restore() {
    var state = null;
    try { state = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return; }
    if (!state) return;
    fields.forEach(function (f) {
      if (!Object.prototype.hasOwnProperty.call(state, f.id)) return;
      if (typeof state[f.id] === "boolean") f.checked = state[f.id];
      else f.value = String(state[f.id]);
    });
  }

  function changed(event) {
    var target = event.target;
    if (target.hasAttribute && target.hasAttribute("data-blank") && clean(target.value)) {
      target.parentNode.querySelector("input[data-option]:not([data-blank])").checked = true;
    }
    update();
    save();
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  all(form, "button[data-show]").forEach(function (button) {
    button.addEventListener("click", function () {
      var q = form.querySelector('[data-question="' + button.getAttribute("data-show") + '"]');
      q.setAttribute("data-shown", "");
      update();
      var first = q.querySelector("input, textarea");
      if (first) first.focus();
    });
  });
  all(form, "button[data-unset]").forEach(function (button) {
    button.addEventListener("click", function () {
      all(button.parentNode, "input[type=radio]").forEach(function (box) { box.checked = false; });
      changed({ target: button });
    });
  });

  document.getElementById("copy").addEventListener("click", function () {
    var text = reply.textContent;
    function byHand() {
      var range = document.createRange(), selection = window.getSelection();
      range.selectNodeContents(reply);
      selection.removeAllRanges();
      selection.addRange(range);
      var done = false;
      try { done = document.execCommand("copy"); } catch (e) { done = false; }
      note.textContent = done ? "Copied." : "The reply is selected: copy it with Ctrl+C or \u2318C.";
    }
    if (!text) { note.textContent = "Nothing to copy yet."; return; }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { note.textContent = "Copied."; }, byHand);
    } else {
      byHand();
    }
  });

  document.getElementById("download").addEventListener("click", function () {
    if (!reply.textContent) { note.textContent = "Nothing to download yet."; return; }
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([reply.textContent + "\n"], { type: "text/plain;charset=utf-8" }));
    link.download = form.getAttribute("data-reply-file");
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
    note.textContent = "Downloaded " + link.download + ".";
  });

  document.getElementById("clear").addEventListener("click", function () {
    if (!window.confirm("Clear every answer you gave on this page? Answers that were already in the file stay.")) return;
    form.reset();
    try { localStorage.removeItem(key); } catch (e) { /* nothing stored */ }
    update();
    note.textContent = "Cleared.";
  });

  restore();
  update();
})();
