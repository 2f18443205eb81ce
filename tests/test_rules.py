"""Skip rules, hand-ons and the team's notes in the questions file: --check, status, and the
commands that make pages and issue forms for some of the questions."""

import json
import re
import tempfile
import textwrap
import unittest
from pathlib import Path

from test_questions import REAL, CommandTest, line_of

SAMPLE = textwrap.dedent("""\
    # Sample

    ### Q1. What is it? `blocking`

    - [ ] a) a tool
    - [ ] b) sent by mistake

    Why: all.

    If unanswered: we wait.

    Answer:

    ### Q2. Which flags? (all that apply)

    Skip if: Q1 is b (sent by mistake).

    - [ ] a) red
    - [ ] b) blue

    Why: paint.

    If unanswered: a).

    Answer:

    ### Q3. Who uses it?

    Skip if: Q1 is only b; or Q2 is not a or b.

    Why: people.

    If unanswered: nobody.

    Answer:

    <details>
    <summary>Notes</summary>

    Our notes, not an answer.

    </details>
    """)


class RuleTest(CommandTest):
    in_process = True

    def write(self, text):
        path = Path(self.tmp.name) / "Q.md"
        path.write_text(text, encoding="utf-8")
        return path

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def test_a_valid_file_with_rules_passes(self):
        code, out, _ = self.run_tool("--check", self.write(SAMPLE))
        self.assertEqual(code, 0, out)

    def test_check_names_a_rule_that_cannot_hold(self):
        cases = {"Skip if: Q1 is b (sent by mistake).": "Skip if: Q1 is c",
                 "Skip if: Q1 is only b; or Q2 is not a or b.": "Skip if: Q4 is a"}
        messages = {"Skip if: Q1 is c": "Q2: 'Skip if:' names option c) of Q1, which does not exist",
                    "Skip if: Q4 is a": "Q3: 'Skip if:' names Q4, which is not an earlier question"}
        for old, new in cases.items():
            with self.subTest(rule=new):
                text = SAMPLE.replace(old, new)
                code, out, _ = self.run_tool("--check", self.write(text))
                self.assertEqual(code, 1)
                self.assertIn(f"Q.md:{line_of(text, new)}: {messages[new]}", out)
        text = SAMPLE.replace("Skip if: Q1 is b (sent by mistake).", "Skip if: when the owner likes")
        code, out, _ = self.run_tool("--check", self.write(text))
        self.assertIn("'Skip if:' not in the form", out)

    def test_status_lists_a_skipped_question_as_not_asked(self):
        text = SAMPLE.replace("- [ ] b) sent by mistake", "- [x] b) sent by mistake")
        code, out, _ = self.run_tool(self.write(text))
        self.assertEqual(code, 0)
        self.assertIn("2 not asked.", out.splitlines()[0])
        self.assertIn("Not asked: skipped by the answers (2):\n  Q2   Which flags? (all that apply)\n"
                      "      skip if Q1 is b (sent by mistake)", out)
        self.assertNotIn("Q3   Who uses it?\n      -> nobody", out)

    def test_an_answer_wins_over_a_skip_rule(self):
        text = (SAMPLE.replace("- [ ] b) sent by mistake", "- [x] b) sent by mistake")
                .replace("- [ ] a) red", "- [x] a) red"))
        code, out, _ = self.run_tool(self.write(text))
        self.assertIn("Answered (2):", out)
        self.assertIn("Not asked: skipped by the answers (1):\n  Q3", out)

    def test_the_notes_after_the_last_question_are_not_its_answer(self):
        code, out, _ = self.run_tool(self.write(SAMPLE))
        self.assertIn("0 answered", out)
        self.assertIn("Q3   Who uses it?\n      -> nobody", out)

    def test_apply_folds_an_answer_to_a_skipped_question(self):
        path = self.write(SAMPLE.replace("- [ ] b) sent by mistake", "- [x] b) sent by mistake"))
        reply = Path(self.tmp.name) / "reply.txt"
        reply.write_text("Q2: a\n", encoding="utf-8")
        code, out, err = self.run_tool("apply", reply, path)
        self.assertEqual(code, 0, err)
        self.assertIn("- [x] a) red", path.read_text(encoding="utf-8"))


class HandOnTest(RuleTest):
    def test_status_lists_the_questions_handed_on_by_person(self):
        text = (SAMPLE.replace("Answer:\n\n### Q2.", "Answer: ask: Karin, IT\n\n### Q2.")
                .replace("Answer:\n\n<details>", "Answer: vraag het aan karin\n\n<details>"))
        code, out, _ = self.run_tool(self.write(text))
        self.assertIn("Blocking, still open (1):\n  Q1   What is it?\n      handed to Karin: \"ask: Karin, IT\"", out)
        self.assertIn("Handed on, by person:\n    Karin: Q1, Q3", out)

    def test_a_page_for_the_person_a_question_is_handed_to(self):
        text = SAMPLE.replace("Answer:\n\n### Q2.", "Answer: ask: Karin, IT\n\n### Q2.")
        path = self.write(text)
        code, out, err = self.run_tool("form", path, "--for", "karin")
        self.assertEqual(code, 0, err)
        self.assertEqual(re.findall(r'data-question="(\d+)"', out), ["1"])
        self.assertIn('value="Karin, IT"', out)
        code, out, err = self.run_tool("form", path, "--for", "Piet")
        self.assertEqual(code, 1)
        self.assertIn("Q.md is handed on to 'Piet' (handed on to: Karin)", err)

    def test_a_page_with_only_some_questions(self):
        path = self.write(SAMPLE)
        code, out, err = self.run_tool("form", path, "--only", "Q1,q3")
        self.assertEqual(code, 0, err)
        self.assertEqual(re.findall(r'data-question="(\d+)"', out), ["1", "3"])
        self.assertNotIn("Our notes", out)
        for wrong in ("Q9", "Q1,banana", ""):
            with self.subTest(only=wrong):
                code, _, err = self.run_tool("form", path, "--only", wrong)
                self.assertEqual(code, 1)
                self.assertIn("--only", err)


class IssueFormTest(RuleTest):
    SCHEMA = {"markdown": {"value"}, "textarea": {"label"}, "checkboxes": {"label", "options"}}

    def form(self, text=SAMPLE):
        path = self.write(text)
        code, out, err = self.run_tool("issue-form", path)
        self.assertEqual(code, 0, err)
        target = path.parent / ".github" / "ISSUE_TEMPLATE" / "questions.yml"
        return json.loads(target.read_text(encoding="utf-8"))

    def test_every_field_keeps_github_s_schema(self):
        form = self.form()
        self.assertTrue({"name", "description", "body"} <= set(form))
        self.assertIsInstance(form["name"], str)
        self.assertIsInstance(form["labels"], list)
        ids = []
        for field in form["body"]:
            self.assertIn(field["type"], self.SCHEMA)
            self.assertTrue(self.SCHEMA[field["type"]] <= set(field["attributes"]), field)
            if field["type"] != "markdown":
                self.assertRegex(field["id"], r"^[A-Za-z0-9_-]+$")
                ids.append(field["id"])
            if field["type"] == "checkboxes":
                self.assertTrue(all(set(o) == {"label"} and isinstance(o["label"], str)
                                    for o in field["attributes"]["options"]))
            if "validations" in field:
                self.assertIsInstance(field["validations"]["required"], bool)
        self.assertEqual(len(ids), len(set(ids)))

    def test_one_checkboxes_field_per_option_question_and_a_textarea_per_answer(self):
        body = self.form()["body"]
        self.assertEqual([f["id"] for f in body if f["type"] == "checkboxes"], ["q1", "q2"])
        self.assertEqual([f["id"] for f in body if f["type"] == "textarea"], ["q1-answer", "q2-answer", "q3-answer"])
        self.assertEqual([o["label"] for o in body[1]["attributes"]["options"]], ["a) a tool", "b) sent by mistake"])
        required = {f["id"]: f["validations"]["required"] for f in body if f["type"] == "textarea"}
        self.assertEqual(required, {"q1-answer": False, "q2-answer": False, "q3-answer": False})

    def test_a_blank_gets_a_textarea_and_a_blocking_free_answer_is_required(self):
        text = (SAMPLE.replace("- [ ] a) a tool", "- [ ] a) a tool: ___")
                .replace("### Q2. Which flags? (all that apply)", "### Q2. Which flags? (all that apply) `blocking`")
                .replace("### Q3. Who uses it?", "### Q3. Who uses it? `blocking`"))
        body = self.form(text)["body"]
        self.assertIn("q1-a", [f.get("id") for f in body])
        self.assertTrue(next(f for f in body if f.get("id") == "q3-answer")["validations"]["required"])

    def test_the_committed_form_is_the_one_made_from_questions_md(self):
        code, out, err = self.run_tool("issue-form", REAL, "-o", Path(self.tmp.name) / "made.yml")
        self.assertEqual(code, 0, err)
        committed = REAL.parent / ".github" / "ISSUE_TEMPLATE" / "questions.yml"
        self.assertEqual(committed.read_text(encoding="utf-8"),
                         (Path(self.tmp.name) / "made.yml").read_text(encoding="utf-8"),
                         "run 'python3 questions.py issue-form' after changing QUESTIONS.md")

    def test_an_issue_opened_from_the_form_is_folded_in(self):
        body = self.form()["body"]
        parts = []
        for field in body[1:]:
            parts.append(f"### {field['attributes']['label']}\r\n\r\n")
            if field["type"] == "checkboxes":
                for option in field["attributes"]["options"]:
                    tick = "X" if option["label"].startswith("a)") else " "
                    parts.append(f"- [{tick}] {option['label']}\r\n")
                parts.append("\r\n")
            else:
                value = {"q1-answer": "a tool our editors use\r\n\r\nevery day", "q3-answer": "ask: Karin, IT"}
                parts.append(value.get(field["id"], "_No response_") + "\r\n\r\n")
        issue = Path(self.tmp.name) / "issue.txt"
        issue.write_bytes("".join(parts).encode("utf-8"))
        path = Path(self.tmp.name) / "Q.md"
        code, out, err = self.run_tool("apply", issue, path)
        self.assertEqual(code, 0, err)
        text = path.read_text(encoding="utf-8")
        self.assertIn("- [x] a) a tool\n", text)
        self.assertIn("- [x] a) red\n", text)
        self.assertIn("Answer: a tool our editors use\n\nevery day\n\n### Q2.", text)
        self.assertIn("Answer: ask: Karin, IT\n", text)
        self.assertNotIn("No response", text)


if __name__ == "__main__":
    unittest.main()
