"""The form page's own style and script, inline in every page (no network at all).

The script builds the reply in the form `questions.py apply` reads: an optional `#` comment
line, then per question in order a line of ticked letters (`Q2: a, c`), a line per filled
blank (`Q5: a) text`) and the free answer (`Q3: text`, further lines indented two spaces).
It keeps the answers in local storage under the document's hash, and copies, downloads
or clears them (asking first). It reads the page only through the data attributes.
"""

STYLE = """
:root { color-scheme: light dark; --accent: #0b57d0; --block: #b3261e; --line: #8884; }
* { box-sizing: border-box; }
html { scroll-padding-bottom: 5rem; }
body { margin: 0; padding: 0 1rem 6rem; font: 1.05rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  overflow-wrap: anywhere; }
main { max-width: 46rem; margin: 0 auto; }
h1 { font-size: 1.6rem; line-height: 1.25; }
h2 { margin-top: 2.5rem; border-bottom: 1px solid var(--line); }
code { font-size: .92em; overflow-wrap: anywhere; }
details { border: 1px solid var(--line); border-radius: .4rem; padding: .3rem .8rem; margin: 1rem 0; }
summary { cursor: pointer; font-weight: 600; }
.q { border: 1px solid var(--line); border-radius: .5rem; padding: .2rem 1rem 1rem; margin: 1.2rem 0; }
.q.blocking { border-left: .35rem solid var(--block); }
.q h3 { font-size: 1.1rem; line-height: 1.35; }
.tag { display: inline-block; font-size: .75rem; font-weight: 600; color: #fff; background: var(--block);
  border-radius: .3rem; padding: 0 .4rem; vertical-align: .15em; }
fieldset { border: 0; margin: 0; padding: 0; min-width: 0; }
.opt { display: flex; flex-wrap: wrap; align-items: baseline; gap: .2rem .5rem; padding: .3rem 0; }
.opt input[type=radio], .opt input[type=checkbox] { width: 1.2rem; height: 1.2rem; margin: 0; flex: none; align-self: center; }
.opt label { flex: 0 1 auto; }
.opt input[type=text] { flex: 1 1 12rem; }
input[type=text], textarea { font: inherit; padding: .35rem .5rem; border: 1px solid #888; border-radius: .3rem; max-width: 100%; }
textarea { display: block; width: 100%; min-height: 4.5rem; resize: vertical; }
.why, .if { margin: .5rem 0; }
.warning { color: var(--block); font-weight: 600; margin: .4rem 0 0; }
.warning:empty { display: none; }
.answer { display: block; font-weight: 600; margin-top: .6rem; }
button { font: inherit; padding: .45rem .9rem; margin: .2rem .4rem .2rem 0; border-radius: .4rem; border: 1px solid #888; cursor: pointer; }
button.unset { font-size: .85rem; padding: .15rem .6rem; }
#reply { white-space: pre-wrap; overflow-wrap: anywhere; border: 1px solid var(--line); border-radius: .4rem;
  padding: .7rem; min-height: 4rem; font: .95rem/1.45 ui-monospace, Menlo, Consolas, monospace; }
.bar { position: fixed; left: 0; right: 0; bottom: 0; display: flex; gap: .1rem 1rem; justify-content: center;
  align-items: baseline; flex-wrap: wrap; padding: .4rem 1rem; font-size: .9rem; line-height: 1.35;
  background: Canvas; border-top: 1px solid var(--line); }
.bar p { margin: 0; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
"""

SCRIPT = r"""
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

  // Free text that `apply` would read otherwise: a first line like "a, c", "b) ..." or
  // "other: ..." on a question with options; a line the file would read as a heading or
  // an option; a further line that a reply reader takes for mail quoting or for the next
  // answer ("Q4: ...", or "Q4 " and a choice).
  var LIKE_CHOICE = /^\(?[a-z]\)?\.?(?:(?:[\s,;\/&+]+|\s+(?:and|en)\s+)\(?[a-z]\)?\.?)*$|^\(?[a-z]\)|^other:/i;
  var MARKUP = /^\s*(?:#|[-*]\s*\[)/;
  var QUOTED = /^\s*>/;
  var NEXT = /^\s*(?:[-*]\s+)?[*_]{0,2}Q\d+[*_]{0,2}(?:\s*([:.)])|\s+(.*))/i;

  function clean(text) { return text.replace(/\s+/g, " ").trim(); }

  function misread(text, further) {
    var next = further && NEXT.exec(text);
    return MARKUP.test(text) || (further && QUOTED.test(text)) ||
      Boolean(next && (next[1] || LIKE_CHOICE.test(next[2].trim())));
  }

  function problem(q, written) {
    var texts = written.map(function (line, i) { return i ? line.slice(2) : line.replace(/^Q\d+: /, ""); });
    if (texts.some(function (text, i) { return misread(text, i > 0); })) {
      return "A line of the answer starts with \u201c#\u201d, \u201c- [\u201d, \u201c>\u201d or a question number, which would be misread: put a word before it.";
    }
    if (texts.length && q.querySelector("input[data-option]") && LIKE_CHOICE.test(texts[0])) {
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

  function update() {
    var out = [], open = [], check = [], blocking = 0, answered = 0;
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
      var warning = problem(q, written);
      q.querySelector("[data-warning]").textContent = warning;
      if (warning) check.push("Q" + n);
      var lines = (letters.length ? ["Q" + n + ": " + letters.join(", ")] : []).concat(filled, written);
      out = out.concat(lines);
      if (lines.length) answered += 1;
      if (q.hasAttribute("data-blocking")) {
        blocking += 1;
        if (!lines.length) open.push("Q" + n);
      }
    });
    var count = !blocking ? "No blocking questions."
      : !open.length ? "All " + blocking + " blocking questions answered."
      : open.length + " of " + blocking + " blocking questions still open: " + open.join(", ") + ".";
    status.textContent = count + " " + answered + " of " + questions.length + " answered." +
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
"""
