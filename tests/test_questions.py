"""Tests for questions.py: status, validation and bad input, through the command line."""

import ast
import contextlib
import io
import os
import re
import subprocess
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "questions.py"
REAL = ROOT / "QUESTIONS.md"
sys.path.insert(0, str(ROOT))
from qtool import cli, model  # noqa: E402

SAMPLE = textwrap.dedent("""\
    # Sample

    Intro text is ignored.

    ### Q1. Which colour? `blocking`

    *A grounding line.*

    - [ ] a) red
    - [ ] b) blue
    - [ ] c) other: ___

    Why: paint.

    If unanswered: we wait.

    Answer:

    ### Q2. Which sizes? (all that apply)

    - [ ] a) small
    - [ ] b) large

    Why: boxes.

    If unanswered: b); boxes are cheap.

    Answer:

    ### Q3. Anything else?

    Why: we may have missed something.

    If unanswered: nothing else.

    Answer:

    ## Later

    Not a question.
    """)


def run_in_process(argv, stdin, cwd):
    """cli.main(argv) with the working directory, standard input and output of a run of the script.

    In process, a test costs milliseconds instead of a Python start; an exception fails the test
    instead of printing a traceback."""
    streams = {name: io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="") for name in ("out", "err")}
    saved = os.getcwd(), sys.stdin
    os.chdir(cwd)
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    try:
        with contextlib.redirect_stdout(streams["out"]), contextlib.redirect_stderr(streams["err"]):
            try:
                code = cli.main(argv)
            except SystemExit as stop:  # argparse: --help, or a usage error
                code = stop.code if isinstance(stop.code, int) else 0 if stop.code is None else 2
    finally:
        os.chdir(saved[0])
        sys.stdin = saved[1]
    text = []
    for stream in streams.values():
        stream.flush()
        text.append(stream.buffer.getvalue().decode("utf-8"))
    return code, text[0], text[1]


def line_of(text, fragment, occurrence=1):
    """1-based number of the line holding the n-th occurrence of fragment."""
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if fragment in line]
    return hits[occurrence - 1]


class CommandTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def write(self, text, name="Q.md"):
        path = Path(self.tmp.name) / name
        path.write_text(text, encoding="utf-8")
        return path

    # The tests here run the script itself, as its users do; other files' tests set this to
    # run cli.main in the test's own process, which is many times faster.
    in_process = False

    def run_tool(self, *args):
        if self.in_process:
            return run_in_process([str(arg) for arg in args], b"", self.tmp.name)
        result = subprocess.run([sys.executable, str(SCRIPT), *map(str, args)],
                                capture_output=True, text=True, cwd=self.tmp.name)
        return result.returncode, result.stdout, result.stderr

    def status(self, text):
        code, out, err = self.run_tool(self.write(text))
        self.assertEqual(code, 0, err)
        return out

    def problems(self, text):
        path = self.write(text)
        code, out, err = self.run_tool("--check", path)
        self.assertEqual(code, 1, out)
        lines = out.splitlines()
        for line in lines:
            self.assertRegex(line, r"^.+:\d+: .+$")
        return lines, str(path)


class StatusTest(CommandTest):
    def test_unanswered_file_lists_open_blocking_and_assumptions(self):
        out = self.status(SAMPLE)
        self.assertIn("3 questions, 1 blocking; 0 answered (0 of 1 blocking)", out)
        blocking = out.split("Blocking, still open (1):")[1].split("Answered")[0]
        self.assertIn("Q1   Which colour?", blocking)
        assumed = out.split("Open, working on the assumption (2):")[1]
        self.assertIn("-> b) large; boxes are cheap.", assumed)
        self.assertIn("-> nothing else.", assumed)
        self.assertNotIn("Q1", assumed)

    def test_ticked_option_is_an_answer(self):
        out = self.status(SAMPLE.replace("- [ ] b) blue", "- [x] b) blue"))
        self.assertIn("1 answered (1 of 1 blocking)", out)
        self.assertIn("Blocking, still open (0):", out)
        answered = out.split("Answered (1):")[1].split("Open, working")[0]
        self.assertIn("[x] b) blue", answered)
        self.assertNotIn("red", answered)

    def test_capital_x_ticks_too(self):
        out = self.status(SAMPLE.replace("- [ ] a) small", "- [X] a) small"))
        self.assertIn("[x] a) small", out)
        self.assertIn("Open, working on the assumption (1):", out)

    def test_several_ticks_where_all_apply(self):
        text = SAMPLE.replace("- [ ] a) small", "- [x] a) small").replace("- [ ] b) large", "- [x] b) large")
        out = self.status(text)
        self.assertIn("[x] a) small\n      [x] b) large", out)

    def test_filled_in_other_counts_without_a_tick(self):
        out = self.status(SAMPLE.replace("c) other: ___", "c) other: green"))
        self.assertIn("[x] c) other: green", out)
        self.assertIn("1 of 1 blocking", out)

    def test_any_filled_blank_counts_without_a_tick(self):
        text = SAMPLE.replace("- [ ] c) other: ___", "- [ ] c) other: ___").replace(
            "- [ ] b) large", "- [ ] b) large, at least (litres): 40")
        out = self.status(text)
        self.assertIn("[x] b) large, at least (litres): 40", out)
        self.assertNotIn("[x] a) small", out)

    def test_answer_on_the_answer_line(self):
        text = SAMPLE.replace("Answer:\n\n## Later", "Answer: a spare key\n\n## Later")
        out = self.status(text)
        answered = out.split("Answered (1):")[1].split("Open, working")[0]
        self.assertIn("Q3   Anything else?\n      a spare key", answered)

    def test_multi_line_answer_keeps_its_lines_in_order(self):
        text = SAMPLE.replace("Answer:\n\n### Q2", "Answer:\nfirst line\n\nsecond line\n\n### Q2")
        out = self.status(text)
        self.assertIn("      first line\n      \n      second line", out)
        self.assertNotIn("Not a question", out)

    def test_blank_answer_is_not_an_answer(self):
        out = self.status(SAMPLE.replace("Answer:\n\n### Q2", "Answer:   \n\n   \n### Q2"))
        self.assertIn("0 answered", out)

    def test_real_file_counts_match_its_headings(self):
        text = REAL.read_text(encoding="utf-8")
        total = len(re.findall(r"^### Q\d+\. ", text, flags=re.M))
        blocking = len(re.findall(r"^### Q\d+\. .*`blocking`$", text, flags=re.M))
        code, out, err = self.run_tool()
        self.assertEqual(code, 0, err)
        self.assertTrue(out.startswith(f"QUESTIONS.md: {total} questions, {blocking} blocking;"), out)

    def test_answering_a_copy_of_the_real_file_changes_the_status(self):
        text = REAL.read_text(encoding="utf-8")
        before = self.status(text)
        first_option = re.search(r"^- \[ \] a\) (.*)$", text, flags=re.M)
        answered = text.replace(first_option.group(0), first_option.group(0).replace("[ ]", "[x]"), 1)
        after = self.status(answered)
        self.assertIn(" 0 answered", before)
        self.assertIn(" 1 answered (1 of", after)
        self.assertIn(f"[x] a) {first_option.group(1)}", after)

    def test_windows_line_ends_read_the_same(self):
        out = self.status(SAMPLE.replace("- [ ] b) blue", "- [x] b) blue").replace("\n", "\r\n"))
        self.assertIn("[x] b) blue", out)
        self.assertIn("-> b) large; boxes are cheap.", out)

    def test_problems_are_reported_before_the_status(self):
        path = self.write(SAMPLE.replace("Why: boxes.\n", ""))
        code, out, err = self.run_tool(path)
        self.assertEqual(code, 1)
        self.assertIn("Q2: no 'Why:' line", err)
        self.assertIn("3 questions", out)


class CheckTest(CommandTest):
    def assert_problem(self, text, line, message):
        lines, path = self.problems(text)
        self.assertIn(f"{path}:{line}: {message}", lines)

    def test_clean_file_prints_one_line(self):
        code, out, err = self.run_tool("--check", self.write(SAMPLE))
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(out.splitlines(), [f"{Path(self.tmp.name) / 'Q.md'}: OK, 3 questions (1 blocking)"])

    def test_real_questions_file_passes(self):
        code, out, err = self.run_tool("--check", REAL)
        self.assertEqual(code, 0, out + err)
        self.assertIn(": OK, ", out)

    def test_default_file_is_the_one_beside_the_script(self):
        code, out, _ = self.run_tool("--check")
        self.assertEqual(code, 0, out)
        self.assertTrue(out.startswith("QUESTIONS.md: OK"))

    def test_missing_answer_line(self):
        text = SAMPLE.replace("If unanswered: b); boxes are cheap.\n\nAnswer:\n", "If unanswered: b); boxes are cheap.\n")
        self.assert_problem(text, line_of(text, "### Q2."), "Q2: no 'Answer:' line")

    def test_deleting_an_answer_line_in_the_real_file_names_its_question(self):
        lines = REAL.read_text(encoding="utf-8").splitlines(keepends=True)
        answers = [n for n, line in enumerate(lines) if line.startswith("Answer:")]
        target = answers[len(answers) // 2]
        heading = max(n for n, line in enumerate(lines[:target]) if line.startswith("### Q"))
        number = re.match(r"### (Q\d+)\.", lines[heading]).group(1)
        text = "".join(lines[:target] + lines[target + 1:])
        self.assert_problem(text, heading + 1, f"{number}: no 'Answer:' line")

    def test_missing_why_and_if_lines(self):
        text = SAMPLE.replace("Why: paint.\n", "").replace("If unanswered: nothing else.\n", "")
        lines, path = self.problems(text)
        self.assertIn(f"{path}:{line_of(text, '### Q1.')}: Q1: no 'Why:' line", lines)
        self.assertIn(f"{path}:{line_of(text, '### Q3.')}: Q3: no 'If unanswered:' line", lines)

    def test_the_spelt_out_why_of_earlier_editions_still_reads(self):
        old = SAMPLE.replace("Why:", "Why it matters:")
        code, out, _ = self.run_tool("--check", self.write(old))
        self.assertEqual((code, out.split(": ", 1)[1].strip()), (0, "OK, 3 questions (1 blocking)"))
        new_questions, _ = model.parse(SAMPLE)
        old_questions, _ = model.parse(old)
        self.assertEqual([q.why for q in old_questions], [q.why for q in new_questions])
        self.assertTrue(all(q.why for q in old_questions))

    def test_empty_why(self):
        text = SAMPLE.replace("Why: boxes.", "Why:")
        self.assert_problem(text, line_of(text, "### Q2."), "Q2: 'Why:' is empty")

    def test_duplicate_number(self):
        text = SAMPLE.replace("### Q3.", "### Q2.")
        self.assert_problem(text, line_of(text, "### Q2.", 2),
                            f"Q2: number used twice (first on line {line_of(text, '### Q2.')})")

    def test_numbers_out_of_order(self):
        text = SAMPLE.replace("### Q2.", "### Q5.")
        self.assert_problem(text, line_of(text, "### Q5."), "Q5: out of order, expected Q2")

    def test_blocking_after_non_blocking(self):
        text = SAMPLE.replace("### Q3. Anything else?", "### Q3. Anything else? `blocking`")
        self.assert_problem(text, line_of(text, "### Q3."), "Q3: blocking question after non-blocking Q2")

    def test_heading_without_question_mark(self):
        text = SAMPLE.replace("Anything else?", "Anything else")
        self.assert_problem(text, line_of(text, "### Q3."), "Q3: the question does not end with '?'")

    def test_malformed_heading(self):
        text = SAMPLE.replace("### Q3. Anything else?", "### Q3 Anything else?")
        self.assert_problem(text, line_of(text, "### Q3 "),
                            "question heading not in the form '### Q<n>. <question>?'")

    def test_question_heading_at_the_wrong_level(self):
        text = SAMPLE.replace("### Q3. Anything else?", "#### Q3. Anything else?")
        self.assert_problem(text, line_of(text, "#### Q3."),
                            "question heading not in the form '### Q<n>. <question>?'")

    def test_malformed_option(self):
        text = SAMPLE.replace("- [ ] b) blue", "- [y] b) blue")
        self.assert_problem(text, line_of(text, "blue"), "Q1: option not in the form '- [ ] a) text'")

    def test_blank_inside_an_option(self):
        text = SAMPLE.replace("- [ ] b) large", "- [ ] b) larger than ___ litres")
        self.assert_problem(text, line_of(text, "larger than"), "Q2: option b): put its blank last, after ': ' ('label: ___')")

    def test_blank_not_after_a_colon(self):
        text = SAMPLE.replace("- [ ] b) large", "- [ ] b) large ___")
        self.assert_problem(text, line_of(text, "large ___"), "Q2: option b): put its blank last, after ': ' ('label: ___')")

    def test_option_letters_out_of_sequence(self):
        text = SAMPLE.replace("- [ ] b) blue", "- [ ] d) blue")
        self.assert_problem(text, line_of(text, "blue"), "Q1: option 'd)' where 'b)' belongs")

    def test_two_ticks_on_a_single_choice_question(self):
        text = SAMPLE.replace("- [ ] a) red", "- [x] a) red").replace("- [ ] b) blue", "- [x] b) blue")
        self.assert_problem(text, line_of(text, "### Q1."), "Q1: a, b chosen; tick one, or say '(all that apply)'")

    def test_option_after_answer(self):
        text = SAMPLE.replace("Answer:\n\n### Q2", "Answer:\n- [x] d) purple\n\n### Q2")
        self.assert_problem(text, line_of(text, "purple"), "Q1: option after 'Answer:'")

    def test_option_after_why(self):
        text = SAMPLE.replace("Why: paint.\n", "Why: paint.\n- [ ] d) purple\n")
        self.assert_problem(text, line_of(text, "purple"), "Q1: option after 'Why:'")

    def test_text_written_outside_the_answer(self):
        text = SAMPLE.replace("If unanswered: we wait.\n", "If unanswered: we wait.\nblue, obviously\n")
        self.assert_problem(text, line_of(text, "obviously"),
                            "Q1: text outside an answer; write it after 'Answer:'")

    def test_second_label_line(self):
        text = SAMPLE.replace("Why: boxes.\n", "Why: boxes.\nWhy: again.\n")
        self.assert_problem(text, line_of(text, "again"), "Q2: second 'Why:' line")

    def test_assumption_naming_a_missing_option(self):
        text = SAMPLE.replace("If unanswered: b); boxes are cheap.", "If unanswered: e); boxes are cheap.")
        self.assert_problem(text, line_of(text, "### Q2."),
                            "Q2: 'If unanswered:' names option e), which does not exist")

    def test_problems_come_in_line_order(self):
        text = SAMPLE.replace("Why: boxes.\n", "").replace("### Q3.", "### Q7.").replace("- [ ] b) blue", "- [ ] c) blue")
        lines, _ = self.problems(text)
        numbers = [int(re.match(r"^.+:(\d+): ", line).group(1)) for line in lines]
        self.assertEqual(len(numbers), 3)
        self.assertEqual(numbers, sorted(numbers))


class BadInputTest(CommandTest):
    def assert_unreadable(self, path, message, *flags):
        code, out, err = self.run_tool(*flags, path)
        self.assertEqual(code, 2)
        self.assertEqual(out, "")
        self.assertEqual(len(err.splitlines()), 1, err)
        self.assertIn(message, err)
        self.assertNotIn("Traceback", err)

    def test_missing_file(self):
        for flags in ((), ("--check",)):
            self.assert_unreadable(Path(self.tmp.name) / "absent.md", "absent.md: no such file", *flags)

    def test_not_utf8_names_the_line(self):
        path = Path(self.tmp.name) / "latin1.md"
        path.write_bytes("### Q1. Wat?\n\nAntwoord: café\n".encode("latin-1"))
        self.assert_unreadable(path, "latin1.md:3: not UTF-8 (byte 0xe9)", "--check")

    def test_empty_file(self):
        self.assert_unreadable(self.write(""), "the file is empty")

    def test_whitespace_only_file(self):
        self.assert_unreadable(self.write(" \n\n\t\n"), "the file is empty", "--check")

    def test_file_without_questions(self):
        self.assert_unreadable(self.write("# Notes\n\nNothing here.\n"), "no questions found")

    def test_directory(self):
        self.assert_unreadable(Path(self.tmp.name), "is a directory")

    def test_byte_order_mark_is_accepted(self):
        path = Path(self.tmp.name) / "bom.md"
        path.write_bytes(b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"))
        code, out, _ = self.run_tool("--check", path)
        self.assertEqual(code, 0, out)


class StandardLibraryOnlyTest(unittest.TestCase):
    @unittest.skipUnless(hasattr(sys, "stdlib_module_names"), "needs Python 3.10 or newer")
    def test_no_third_party_imports(self):
        own = {"__future__", "qtool"} | {path.stem for path in (ROOT / "tests").glob("*.py")}
        for path in [SCRIPT, *sorted((ROOT / "qtool").glob("*.py")), *sorted((ROOT / "tests").glob("*.py"))]:
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    self.assertIn(top, sys.stdlib_module_names | own, f"{path.name} imports {name}")

    def test_no_dependency_files(self):
        for name in ("requirements.txt", "pyproject.toml", "setup.py", "setup.cfg", "Pipfile", "poetry.lock"):
            self.assertFalse((ROOT / name).exists(), name)


if __name__ == "__main__":
    unittest.main()
