"""The form page in a real headless Chromium (Debian's `chromium`), driven over a pipe.

Skipped where no `chromium` is on PATH; `.ci/run` installs it, so CI always runs these.
"""

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

    def test_fits_a_phone_screen(self):
        _, url = self.make_page(SAMPLE.replace("a) red", "a) " + "a_long_unbroken_name_" * 6).replace("Opening", "Opening_" * 20), "phone")
        page = self.open("about:blank")
        page.send("Emulation.setDeviceMetricsOverride", {"width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": True})
        page.navigate(url)
        self.assertLessEqual(page.eval("document.documentElement.scrollWidth"), 360)
        widths = json.loads(page.eval("JSON.stringify([...document.querySelectorAll('input[type=text], textarea')]"
                                      ".map(e => e.getBoundingClientRect().right))"))
        self.assertTrue(all(right <= 360 for right in widths), widths)


if __name__ == "__main__":
    unittest.main()
