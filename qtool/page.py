"""The answer page's own style and script, kept in page.css and page.js beside this module.

`form` inlines both into every page, so the page stays one offline file. The script builds
the reply in the form `questions.py apply` reads: a first line `# Reply to NAME: ...`, then
per question in order a line of ticked letters (`Q2: a, c`), a line per filled blank
(`Q5: a) text`) and the free answer (`Q3: text`, further lines indented two spaces, which
apply reads as written). It keeps the answers in local storage under the document's hash,
and copies, downloads or clears them (asking first). It reads the page only through the
data attributes.
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent
STYLE = (HERE / "page.css").read_text(encoding="utf-8")
SCRIPT = (HERE / "page.js").read_text(encoding="utf-8")
