"""The form page in a real headless Chromium (Debian's `chromium`), driven over a pipe.

Skipped where no `chromium` is on PATH; `.ci/run` installs it, so CI always runs these.
"""

import difflib
import json
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import cdp
from test_form import HOSTILE, SAMPLE

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "questions.py"

ANSWERED_REPLY = "\n".join([
    "# Reply to Q.md: 0 of 2 blocking questions open",
    "Q1: b",
    "Q2: b",
    "Q2: a) 40",
    "Q3: first line",
    "  second line",
    "  ",
    "  after a break",
])

ANSWERED_STATUS = "\n".join([
    "Answered (3):",
    "  Q1   Which colour?",
    "      [x] b) blue",
    "  Q2   Which sizes and where? (all that apply)",
    "      [x] a) small (how many): 40",
    "      [x] b) large",
    "  Q3   Anything else?",
    "      first line",
    "      second line",
    "      ",
    "      after a break",
])


def written(status, number):
    """The free text that `status` shows for question `number`."""
    answered = status.split("\n\nAnswered")[1].split("\n\nOpen, working")[0].splitlines()
    start = next(i for i, line in enumerate(answered) if line.startswith(f"  Q{number} "))
    lines = []
    for line in answered[start + 1:]:
        if not line.startswith("      "):
            break
        if not line.startswith("      [x] "):
            lines.append(line[6:])
    return lines


def tool(*args, cwd):
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True, cwd=cwd)


@unittest.skipIf(cdp.CHROMIUM is None, "chromium is not installed (apt-get install -y chromium): browser tests skipped")
class BrowserTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="qtool-form-"))
        cls.browser = cdp.Browser()

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def make_page(self, text, folder):
        """FILE and its page, in a folder of their own.

        The page keeps answers under its document's hash, for every file:// page alike, so
        each test's document ends with a line of its own to start with nothing stored.
        """
        where = self.tmp / folder
        where.mkdir()
        source = where / "Q.md"
        source.write_text(f"{text}\nMade for the {folder} test.\n", encoding="utf-8")
        result = tool("form", source, "-o", where / "Q.html", cwd=where)
        self.assertEqual(result.returncode, 0, result.stderr)
        return source, (where / "Q.html").as_uri()

    def open(self, url):
        page = self.browser.open(url)
        self.addCleanup(self.assert_no_script_errors, page)
        return page

    def assert_no_script_errors(self, page):
        errors = [e for e in self.browser.events
                  if e.get("method") == "Runtime.exceptionThrown" and e.get("sessionId") == page.session]
        self.assertEqual(errors, [])

    def reply(self, page):
        return page.eval("document.getElementById('reply').textContent")

    def answer(self, page):
        """Tick, fill a blank and write a multi-line answer, by mouse and keyboard."""
        page.click("#q1-b")
        page.eval("document.getElementById('q2-b').focus()")
        page.press(" ", "Space", " ")
        page.type("#q2-a-text", "40")
        page.type("#q3-answer", "first line\nsecond line\n\nafter a break")

    def test_reply_is_folded_in_by_apply_and_status_shows_exactly_those_answers(self):
        source, url = self.make_page(SAMPLE, "round-trip")
        page = self.open(url)
        self.assertEqual(self.reply(page), "")
        self.assertIn("2 of 2 blocking questions still open: Q1, Q2.", page.eval("document.getElementById('open').textContent"))
        self.answer(page)
        self.assertTrue(page.eval("document.getElementById('q2-a').checked"), "filling a blank chooses its option")
        self.assertEqual(self.reply(page), ANSWERED_REPLY)
        self.assertIn("All 2 blocking questions answered.", page.eval("document.getElementById('open').textContent"))

        (source.parent / "reply.txt").write_text(self.reply(page) + "\n", encoding="utf-8")
        applied = tool("apply", "reply.txt", "Q.md", cwd=source.parent)
        self.assertEqual(applied.returncode, 0, applied.stdout + applied.stderr)
        status = tool("Q.md", cwd=source.parent)
        self.assertEqual(status.returncode, 0, status.stderr)
        self.assertEqual(status.stdout.splitlines()[0], "Q.md: 3 questions, 2 blocking; 3 answered (2 of 2 blocking).")
        answered = status.stdout.split("\n\nAnswered")[1].split("\n\nOpen, working")[0]
        self.assertEqual("Answered" + answered, ANSWERED_STATUS)

        # A page made from the answered file starts from those answers; its reply changes nothing.
        answered_file = source.read_bytes()
        made = tool("form", "Q.md", "-o", "again.html", cwd=source.parent)
        self.assertEqual(made.returncode, 0, made.stderr)
        again = self.reply(self.open((source.parent / "again.html").as_uri()))
        self.assertTrue(again.startswith("# Reply to Q.md: 0 of 2 blocking questions open\nQ1: b\n"), again)
        (source.parent / "again.txt").write_text(again, encoding="utf-8")
        applied = tool("apply", "again.txt", "Q.md", cwd=source.parent)
        self.assertEqual(applied.returncode, 0, applied.stdout + applied.stderr)
        self.assertEqual(source.read_bytes(), answered_file)

    def test_answers_survive_closing_and_reopening_the_page(self):
        _, url = self.make_page(SAMPLE, "reopen")
        page = self.open(url)
        self.answer(page)
        page.close()
        page = self.open(url)
        self.assertEqual(self.reply(page), ANSWERED_REPLY)
        self.assertEqual(page.eval("document.getElementById('q3-answer').value"), "first line\nsecond line\n\nafter a break")
        self.assertEqual(page.eval("[...document.querySelectorAll('input:checked')].map(i => i.id).join()"), "q1-b,q2-a,q2-b")

        # Clear asks first: dismissed, nothing changes; accepted, the answers are gone for good.
        self.click_clear(page, accept=False)
        self.assertEqual(self.reply(page), ANSWERED_REPLY)
        self.click_clear(page, accept=True)
        self.assertEqual(self.reply(page), "")
        page.close()
        self.assertEqual(self.reply(self.open(url)), "")

    def test_page_flags_exactly_the_answers_apply_would_misread(self):
        source, url = self.make_page(SAMPLE, "misread")
        text = source.read_text(encoding="utf-8")
        page = self.open(url)
        cases = [("1", "a) first\nb) second"), ("1", "I think a"), ("1", "b c"), ("1", "other: x"),
                 ("1", "(a) is best"), ("1", "fine\n# not a heading"), ("3", "a) on a question without options"),
                 ("3", "fine\n> not a quote"), ("3", "x\n>> y"), ("3", "fine\nQ1 and Q2 were hard"),
                 ("3", "fine\nQ2: b"), ("3", "fine\nQ2 b"), ("3", "fine\n-- \nsigned"),
                 ("3", "fine\n  indented more\nback"), ("3", "fine\n- [ ] x"), ("3", "Dear all,\n\nthanks"),
                 ("1", "b for now"), ("1", "a lot of red"), ("1", "n/a"), ("3", "fine\nThanks,\nJan")]
        flagged = []
        for n, answer in cases:
            with self.subTest(answer=answer):
                page.eval("document.querySelectorAll('textarea').forEach(a => { a.value = '';"
                          " a.dispatchEvent(new Event('input', {bubbles: true})); })")
                page.type(f"#q{n}-answer", answer)
                warning = page.eval(f"document.getElementById('q{n}-warning').textContent")
                source.write_text(text, encoding="utf-8")
                source.with_name("reply.txt").write_text(self.reply(page), encoding="utf-8")
                applied = tool("apply", "reply.txt", "Q.md", cwd=source.parent)
                status = tool("Q.md", cwd=source.parent).stdout
                exact = applied.returncode == 0 and written(status, n) == [line.rstrip() for line in answer.split("\n")]
                self.assertNotEqual(bool(warning), exact, f"warning {warning!r}; apply said {applied.stderr!r}; {status}")
                if warning:
                    flagged.append(answer)
        self.assertEqual(len(flagged), 8)

    def click_clear(self, page, accept):
        page.send("Page.bringToFront")
        box = page.eval("(() => { const b = document.getElementById('clear'); b.scrollIntoView();"
                        " const r = b.getBoundingClientRect(); return [r.x + 5, r.y + 5]; })()")
        mouse = {"x": box[0], "y": box[1], "button": "left", "clickCount": 1}
        page.send("Input.dispatchMouseEvent", {"type": "mousePressed", **mouse})
        pending = self.browser.post("Input.dispatchMouseEvent", {"type": "mouseReleased", **mouse}, page.session)
        dialog = self.browser.wait_event("Page.javascriptDialogOpening", page.session)
        self.assertEqual(dialog["params"]["type"], "confirm")
        page.send("Page.handleJavaScriptDialog", {"accept": accept})
        self.browser.result(pending)

    def test_hostile_title_and_answer_show_as_text_and_run_nothing(self):
        _, url = self.make_page(HOSTILE, "hostile")
        page = self.open(url)
        page.type("#q2-answer", '<img src=x onerror="window.pwned = 6"><script>window.pwned = 7</script>')
        page.click("#q1-a")
        self.assertIsNone(page.eval("window.pwned"))
        self.assertEqual(page.eval("document.scripts.length"), 1)
        self.assertEqual(page.eval("document.images.length"), 0)
        self.assertIn("<script>window.pwned = 1</script>", page.eval("document.getElementById('q1-title').textContent"))
        self.assertEqual(page.eval("document.querySelector('a[href^=javascript]')"), None)
        reply = self.reply(page)
        self.assertIn('Q2: <img src=x onerror="window.pwned = 6"><script>window.pwned = 7</script>', reply)
        self.assertIn("Q3: </textarea><script>window.pwned = 4</script>", reply)

    def test_download_holds_the_reply(self):
        _, url = self.make_page(SAMPLE, "download")
        folder = self.tmp / "downloads"
        page = self.open(url)
        self.browser.send("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder),
                                                         "eventsEnabled": True})
        self.answer(page)
        page.click("#download")
        while self.browser.wait_event("Browser.downloadProgress")["params"]["state"] != "completed":
            pass
        self.assertEqual((folder / "Q-reply.txt").read_text(encoding="utf-8"), ANSWERED_REPLY + "\n")

    LAYOUT = """(() => {
        const rows = [...document.querySelectorAll('.opt')].map(opt => {
            const box = opt.querySelector('input[data-option]').getBoundingClientRect();
            const range = document.createRange();
            range.selectNodeContents(opt.querySelector('label'));
            const line = range.getClientRects()[0];
            const middle = box.top + box.height / 2;
            return {id: opt.querySelector('input').id, shared: middle >= line.top - 2 && middle <= line.bottom + 2};
        });
        const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 0.5
            && getComputedStyle(e).position !== 'absolute').map(e => e.tagName + '#' + e.id);
        return JSON.stringify({rows, wide, scroll: document.documentElement.scrollWidth, width: innerWidth,
            fields: [...document.querySelectorAll('input[type=text], textarea')].filter(e => e.offsetParent)
                .map(e => [e.id, Math.round(e.parentElement.getBoundingClientRect().right - e.getBoundingClientRect().right),
                           Math.round(e.getBoundingClientRect().width)])});
    })()"""

    def layout(self, url, width):
        page = self.open("about:blank")
        page.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": 800, "deviceScaleFactor": 2, "mobile": width < 600})
        page.navigate(url)
        return json.loads(page.eval(self.LAYOUT))

    def test_on_a_phone_and_a_desktop_every_box_sits_on_its_label_s_first_line(self):
        long = SAMPLE.replace("a) red", "a) a red that is long enough to wrap over two or three lines on a phone "
                                        "screen of three hundred and sixty pixels").replace(
            "Opening", "Opening_" * 20).replace("a) small (how many): ___",
                                               "a) small, which needs many words to say on a phone (how many): ___")
        _, url = self.make_page(long, "layout")
        for width in (360, 390, 1280):
            with self.subTest(width=width):
                found = self.layout(url, width)
                self.assertEqual([r["id"] for r in found["rows"] if not r["shared"]], [])
                self.assertEqual(len(found["rows"]), 6)
                self.assertLessEqual(found["scroll"], width)
                self.assertEqual(found["wide"], [])
                if width < 600:  # text fields reach the right edge of what holds them
                    for ident, gap, field in found["fields"]:
                        self.assertLessEqual(gap, 2, ident)
                        self.assertGreater(field, width / 2, ident)

    def test_the_real_file_fits_a_phone(self):
        where = self.tmp / "real"
        where.mkdir()
        result = tool("form", ROOT / "QUESTIONS.md", "-o", where / "Q.html", cwd=where)
        self.assertEqual(result.returncode, 0, result.stderr)
        found = self.layout((where / "Q.html").as_uri(), 360)
        self.assertEqual([r["id"] for r in found["rows"] if not r["shared"]], [])
        self.assertLessEqual(found["scroll"], 360)

    def test_the_page_speaks_of_clicking_not_markdown(self):
        _, url = self.make_page(SAMPLE.replace("Opening paragraph", "**To answer:** tick `[x]` or fill `___`.\n\nOpening"),
                                "words")
        page = self.open(url)
        text = page.eval("document.querySelector('main').innerText")
        self.assertIn("click the options that fit", text)
        self.assertNotIn("[x]", text)
        self.assertNotIn("___", text)

    def test_a_skip_rule_folds_a_question_away_and_it_can_be_shown(self):
        text = SAMPLE.replace("### Q3. Anything else?", "### Q3. Anything else?\n\nSkip if: Q1 is b (blue).")
        _, url = self.make_page(text, "skip")
        page = self.open(url)
        visible = "getComputedStyle(document.querySelector('#q3 .body')).display !== 'none'"
        self.assertTrue(page.eval(visible))
        page.click("#q1-b")
        self.assertFalse(page.eval(visible))
        self.assertIn("(1 skipped by your answers)", page.eval("document.getElementById('open').textContent"))
        page.click("button[data-show='3']")
        self.assertTrue(page.eval(visible))
        page.type("#q3-answer", "still this")
        self.assertIn("Q3: still this", self.reply(page))

    def test_a_page_with_three_questions_answers_only_those(self):
        text = SAMPLE + "\n### Q4. And more?\n\n- [ ] a) yes\n- [ ] b) no\n\nWhy: more.\n\n" \
                        "If unanswered: no.\n\nAnswer:\n"
        where = self.tmp / "only"
        where.mkdir()
        source = where / "Q.md"
        source.write_text(text, encoding="utf-8")
        made = tool("form", "Q.md", "--only", "Q1,Q3,Q4", "-o", "Q.html", cwd=where)
        self.assertEqual(made.returncode, 0, made.stderr)
        page = self.open((where / "Q.html").as_uri())
        self.assertEqual(page.eval("[...document.querySelectorAll('[data-question]')].map(q => q.id).join()"), "q1,q3,q4")
        page.click("#q1-a")
        page.type("#q3-answer", "a spare key")
        page.click("#q4-b")
        page.type("#q4-ask", "Karin, IT")
        before = source.read_text(encoding="utf-8")
        (where / "reply.txt").write_text(self.reply(page) + "\n", encoding="utf-8")
        applied = tool("apply", "reply.txt", "Q.md", cwd=where)
        self.assertEqual(applied.returncode, 0, applied.stdout + applied.stderr)
        after = source.read_text(encoding="utf-8")
        changed = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
                   if line[:1] in "+-" and not line.startswith(("+++", "---"))]
        self.assertEqual(changed, ["-- [ ] a) red", "+- [x] a) red", "-Answer:", "+Answer: a spare key",
                                   "-- [ ] b) no", "+- [x] b) no", "-Answer:", "+Answer: ask: Karin, IT"])


if __name__ == "__main__":
    unittest.main()
