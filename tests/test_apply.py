"""Tests for `questions.py apply REPLY [FILE]`: folding a reply into the questions file."""

import difflib
import os
import re
import stat
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path

from test_questions import REAL, ROOT, line_of, run_in_process

sys.path.insert(0, str(ROOT))
from qtool import model  # noqa: E402  (the tests derive the real file's shape by parsing it)

SAMPLE = textwrap.dedent("""\
    # Sample

    Intro text is ignored; so is a reply (`Q2: c`) quoted in it.

    ### Q1. Which colour? `blocking`

    - [ ] a) red
    - [ ] b) blue
    - [ ] c) other: ___

    Why: paint.

    If unanswered: we wait.

    Answer:

    ### Q2. Which machines? `blocking`

    - [ ] a) ours (how many): ___
    - [ ] b) rented
    - [ ] c) a phone: ___

    Why: size.

    If unanswered: we wait.

    Answer:

    ### Q3. Which sizes? (all that apply)

    - [ ] a) small
    - [ ] b) large
    - [ ] c) huge

    Why: boxes.

    If unanswered: b); boxes are cheap.

    Answer:

    ### Q4. Anything else?

    Why: we may have missed something.

    If unanswered: nothing else.

    Answer:

    ## Later

    Not a question.
    """)


def answer_lines(text):
    """Numbers of the lines an answer may change: options, and 'Answer:' up to the next heading."""
    questions, _ = model.parse(text)
    numbers = set()
    for question in questions:
        numbers |= {option.line for option in question.options}
        numbers |= set(range(question.answer_line, question.end + 1))
    return numbers


class ApplyTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.file = Path(self.tmp.name) / "Q.md"
        self.file.write_text(SAMPLE, encoding="utf-8")

    def run_tool(self, *args, stdin=b""):
        """`questions.py ARGS` run in this process (CommandTest runs the script itself): (code, out, err)."""
        return run_in_process([str(arg) for arg in args], stdin, self.tmp.name)

    def reply(self, text, name="reply.txt"):
        path = Path(self.tmp.name) / name
        path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        return path

    def apply(self, text, *flags, code=0):
        """Apply a reply to Q.md; return (stdout, stderr); fail if the exit code is not `code`."""
        result, out, err = self.run_tool("apply", *flags, self.reply(text).name, self.file.name)
        self.assertEqual(result, code, out + err)
        return out, err

    def text(self):
        return self.file.read_bytes().decode("utf-8")

    def answered(self):
        """The status command's 'Answered' section: question number -> the answer's lines."""
        code, out, err = self.run_tool(self.file)
        self.assertEqual(code, 0, err)
        section = re.split(r"\n\n\S", out.split("Answered (")[1])[0]
        answers, current = {}, None
        for line in section.splitlines()[1:]:
            heading = re.match(r"^  Q(\d+)\s", line)
            if heading:
                current = int(heading.group(1))
                answers[current] = []
            elif line.startswith("      ") and current is not None:
                answers[current].append(line[6:])
        return answers

    def assert_rejected(self, reply, message, *flags, code=1):
        """The reply is refused with a line holding message; Q.md keeps every byte."""
        before = self.file.read_bytes()
        _, err = self.apply(reply, *flags, code=code)
        self.assertIn(message, err)
        self.assertEqual(self.file.read_bytes(), before)
        return err

    def assert_no_change(self, reply):
        before = self.file.read_bytes()
        out, _ = self.apply(reply)
        self.assertIn("Q.md: no change", out)
        self.assertEqual(self.file.read_bytes(), before)

    def assert_only_answer_lines_changed(self, before, after):
        old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
        allowed = answer_lines(before)
        changed = set()
        for tag, i1, i2, _, _ in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
            if tag in ("replace", "delete"):
                changed |= set(range(i1 + 1, i2 + 1))
            elif tag == "insert":
                changed.add(i1)  # lines added after line i1
        self.assertTrue(changed, "nothing changed")
        self.assertLessEqual(changed, allowed, f"lines {sorted(changed - allowed)} are not answer lines")


class FormsTest(ApplyTest):
    """Every form of answer the issue and the reply contract name."""

    def test_one_letter_in_each_hand_typed_form(self):
        for reply in ("Q1: b", "Q1 b", "q1) b", "Q1. b", "Q1:b", "Q1: B", "Q1: b)", "- **Q1:** b"):
            with self.subTest(reply=reply):
                self.file.write_text(SAMPLE, encoding="utf-8")
                self.apply(reply + "\n")
                self.assertIn("- [x] b) blue\n", self.text())
                self.assertEqual(self.answered(), {1: ["[x] b) blue"]})

    def test_several_letters_for_all_that_apply(self):
        for reply in ("Q3: a, c", "Q3: a and c", "Q3: a & c", "Q3: a c", "Q3: a) c)", "Q3: a en c"):
            with self.subTest(reply=reply):
                self.file.write_text(SAMPLE, encoding="utf-8")
                self.apply(reply + "\n")
                self.assertEqual(self.answered(), {3: ["[x] a) small", "[x] c) huge"]})

    def test_words_for_a_blank_fill_it_and_choose_the_option(self):
        self.apply("Q2: a) two servers, 64 cores\n")
        self.assertIn("- [x] a) ours (how many): two servers, 64 cores\n", self.text())
        self.assertIn("Answer:\n\n### Q3.", self.text())

    def test_lines_continuing_a_filled_blank_are_free_text(self):
        self.apply("Q2: a) two servers\nwe may add a third\n")
        self.assertEqual(self.answered(), {2: ["[x] a) ours (how many): two servers", "we may add a third"]})

    def test_words_for_other(self):
        for reply in ("Q1: other: green", "Q1: c) green", "Q1: c) other: green"):
            with self.subTest(reply=reply):
                self.file.write_text(SAMPLE, encoding="utf-8")
                self.apply(reply + "\n")
                self.assertIn("- [x] c) other: green\n", self.text())
                self.assertEqual(self.answered(), {1: ["[x] c) other: green"]})

    def test_free_text_goes_after_answer(self):
        self.apply("Q4: a spare key\n")
        self.assertIn("Answer: a spare key\n\n## Later", self.text())
        self.assertEqual(self.answered(), {4: ["a spare key"]})

    def test_free_text_on_a_question_with_options(self):
        self.apply("Q1: something between red and blue\n")
        self.assertEqual(self.answered(), {1: ["something between red and blue"]})

    def test_the_option_text_repeated_is_just_the_letter(self):
        self.apply("Q2: b) rented\n")
        self.assertEqual(self.answered(), {2: ["[x] b) rented"]})

    def test_a_remark_on_an_option_without_a_blank_is_free_text(self):
        self.apply("Q3: a) small, mostly\n")
        self.assertEqual(self.answered(), {3: ["[x] a) small", "small, mostly"]})

    def test_the_contract_form(self):
        reply = ("# Reply to QUESTIONS.md, 2 of 2 blocking questions open\n"
                 "Q1: c) green\n"
                 "Q2: a) two servers\n"
                 "Q3: a, c\n"
                 "Q3: huge for the archive\n"
                 "Q4: first line of a free answer\n"
                 "  second line of the same answer\n"
                 "  \n"
                 "  a paragraph break inside an answer\n")
        self.apply(reply)
        self.assertEqual(self.answered(), {
            1: ["[x] c) other: green"],
            2: ["[x] a) ours (how many): two servers"],
            3: ["[x] a) small", "[x] c) huge", "huge for the archive"],
            4: ["first line of a free answer", "second line of the same answer", "",
                "a paragraph break inside an answer"],
        })
        self.assertIn("Answer: first line of a free answer\nsecond line of the same answer\n\n"
                      "a paragraph break inside an answer\n\n## Later", self.text())

    def test_continuation_lines(self):
        reply = ("Hello,\n\n"
                 "Q4: typed as owners type,\n"
                 "the next line unindented\n"
                 "\n"
                 "    and an indented paragraph\n"
                 "Q1: b\n"
                 "\n"
                 "Thanks, Jan\n")
        self.apply(reply)
        self.assertEqual(self.answered(), {
            1: ["[x] b) blue"],
            4: ["typed as owners type,", "the next line unindented", "", "and an indented paragraph"],
        })
        self.assertNotIn("Thanks", self.text())

    def test_the_question_repeated_before_the_answer(self):
        self.apply("Q4. Anything else? a spare key\nQ1. Which colour? `blocking` b\n")
        self.assertEqual(self.answered(), {1: ["[x] b) blue"], 4: ["a spare key"]})

    def test_a_line_that_starts_with_questions_answers_them(self):
        self.apply("Q1 and Q4 were hard to answer.\nQ1: b\n")
        self.assertEqual(self.answered(), {1: ["[x] b) blue", "were hard to answer."], 4: ["were hard to answer."]})

    def test_prose_that_mentions_a_question_is_named_and_nothing_is_written(self):
        reply = "Hi,\nQ1: b\nI found Q4 hard, more next week.\n"
        err = self.assert_rejected(reply, "reply.txt:3: mentions Q4 in a line that is not an answer")
        self.assertIn("--partial folds the rest", err)

    def test_a_question_asked_back_is_prose_but_named_nowhere(self):
        self.apply("Q1: b\n\nWhat did you mean by Q4?\n")
        self.assertEqual(self.answered(), {1: ["[x] b) blue"]})


class MailTest(ApplyTest):
    MAIL = ("\ufeffHi all,\r\n"
            "\r\n"
            "thanks for the questions; my answers are below, see also what Piet said.\r\n"
            "\r\n"
            "Q1: b\r\n"
            "Q3: a and b\r\n"
            "Q4: we also need a\r\n"
            "  logo, in blue\r\n"
            "Q2 - a) three racks\r\n"
            "\r\n"
            "Kind regards,\r\n"
            "Jan\r\n"
            "-- \r\n"
            "Jan Jansen, Example BV\r\n"
            "\r\n"
            "On Monday, Piet <piet@example.org> wrote:\r\n"
            "> Q2: b\r\n"
            "> Q3: c\r\n")

    def test_a_quoted_signed_mail_with_crlf_and_bom(self):
        out, _ = self.apply(self.MAIL)
        self.assertEqual(self.answered(), {
            1: ["[x] b) blue"],
            2: ["[x] a) ours (how many): three racks"],
            3: ["[x] a) small", "[x] b) large"],
            4: ["we also need a", "logo, in blue"],
        })
        self.assertIn("Q1: b) blue (was: open)", out)
        self.assertEqual(out.splitlines()[-1], "Q.md: 0 of 2 blocking questions still open")

    def test_only_answer_lines_change(self):
        before = self.text()
        self.apply(self.MAIL)
        self.assert_only_answer_lines_changed(before, self.text())
        self.assertEqual(len(self.text().splitlines()), len(before.splitlines()) + 1)  # Q4's second line

    def test_crlf_and_bom_of_the_file_are_kept(self):
        self.file.write_bytes(b"\xef\xbb\xbf" + SAMPLE.replace("\n", "\r\n").encode("utf-8"))
        self.apply(self.MAIL)
        data = self.file.read_bytes()
        self.assertTrue(data.startswith(b"\xef\xbb\xbf# Sample\r\n"))
        self.assertEqual(data.count(b"\n"), data.count(b"\r\n"))
        self.assertIn(b"Answer: we also need a\r\nlogo, in blue\r\n\r\n## Later", data)
        code, out, _ = self.run_tool("--check", self.file)
        self.assertEqual(code, 0, out)

    def test_a_file_without_a_final_line_end(self):
        self.file.write_text(SAMPLE.rstrip("\n").replace("\n\n## Later\n\nNot a question.", ""), encoding="utf-8")
        self.apply("Q4: one\n  two\n")
        self.assertTrue(self.text().endswith("Answer: one\ntwo"))


class CopyTest(ApplyTest):
    """A filled-in copy of the questions file as the reply."""

    FILLED = (SAMPLE.replace("- [ ] b) blue", "- [x] b) blue")
              .replace("- [ ] a) ours (how many): ___", "- [x] a) ours (how many): two servers")
              .replace("- [ ] a) small", "- [X] a) small")
              .replace("If unanswered: b); boxes are cheap.\n\nAnswer:\n",
                       "If unanswered: b); boxes are cheap.\n\nAnswer: and\n\ncheap ones\n")
              .replace("If unanswered: nothing else.\n\nAnswer:\n",
                       "If unanswered: nothing else.\n\nAnswer: a spare key\n"))

    def test_a_filled_in_copy_makes_the_file_equal_to_it(self):
        self.apply(self.FILLED)
        self.assertEqual(self.text(), self.FILLED.replace("[X]", "[x]"))
        self.assertEqual(self.answered(), {
            1: ["[x] b) blue"],
            2: ["[x] a) ours (how many): two servers"],
            3: ["[x] a) small", "and", "", "cheap ones"],
            4: ["a spare key"],
        })

    def test_a_filled_in_other_counts_without_a_tick(self):
        self.apply(SAMPLE.replace("c) other: ___", "c) other: green"))
        self.assertIn("- [x] c) other: green\n", self.text())

    def test_a_filled_in_blank_counts_without_a_tick(self):
        self.apply(SAMPLE.replace("- [ ] c) a phone: ___", "- [ ] c) a phone: an old Nokia"))
        self.assertIn("- [x] c) a phone: an old Nokia\n", self.text())

    def test_a_copy_quoted_in_a_mail_is_never_folded_in(self):
        quoted = "".join("> " + line for line in SAMPLE.replace("- [ ] a) red", "- [x] a) red").splitlines(True))
        self.apply("Q4: see the copy below\n\nOn Monday you wrote:\n" + quoted)
        self.assertEqual(self.answered(), {4: ["see the copy below"]})

    def test_answers_typed_under_the_quoted_questions_are_theirs(self):
        quoted = ["> " + line for line in SAMPLE.splitlines()]
        at = {number: next(i for i, line in enumerate(quoted) if f"### Q{number}." in line) for number in (1, 2, 3)}
        lines = quoted[:at[2]] + ["", "b, and blue as well", ""] + quoted[at[2]:at[3]] + ["", "a) ten", ""] + \
            quoted[at[3]:] + ["", "a spare key", "", "Thanks,", "Jan"]
        self.apply("On Monday you wrote:\n" + "\n".join(lines) + "\n")
        self.assertEqual(self.answered(), {1: ["[x] b) blue", "and blue as well"],
                                           2: ["[x] a) ours (how many): ten"], 4: ["a spare key"]})
        self.assertNotIn("Jan", self.text())

    def test_a_copy_of_another_version_is_refused(self):
        copy = self.FILLED.replace("Which colour?", "Which colour, roughly?")
        err = self.assert_rejected(copy, f"reply.txt:{line_of(copy, '- [x] b) blue')}: Q1: the reply's heading on line "
                                         f"{line_of(copy, '### Q1.')} differs")
        self.assertIn("another version", err)

    def test_words_typed_under_a_question_in_a_copy_are_its_answer(self):
        copy = SAMPLE.replace("If unanswered: we wait.\n", "If unanswered: we wait.\nblue, please\n", 1)
        self.apply(copy)
        self.assertEqual(self.answered(), {1: ["blue, please"]})

    def test_words_added_to_an_option_in_a_copy_are_a_remark(self):
        self.apply(SAMPLE.replace("- [ ] b) rented", "- [x] b) rented, or leased"))
        self.assertEqual(self.answered(), {2: ["[x] b) rented", "or leased"]})

    def test_an_option_that_reads_otherwise_in_a_copy_is_refused(self):
        copy = SAMPLE.replace("- [ ] b) rented", "- [x] b) leased for a year")
        self.assert_rejected(copy, f"reply.txt:{line_of(copy, 'leased')}: Q2: option b) reads \"leased for a year\"")

    def test_ticks_the_way_people_tick_them(self):
        for tick in ("[x]", "[X]", "[✓]", "[v]", "[✔]", "☒", "☑"):
            with self.subTest(tick=tick):
                self.file.write_text(SAMPLE, encoding="utf-8")
                self.apply(SAMPLE.replace("- [ ] b) blue", f"- {tick} b) blue").replace("- [ ] a) small", f"- {tick} a) small"))
                self.assertEqual(self.answered(), {1: ["[x] b) blue"], 3: ["[x] a) small"]})


class ConflictTest(ApplyTest):
    def answered_file(self):
        text = (SAMPLE.replace("- [ ] b) blue", "- [x] b) blue")
                .replace("- [ ] a) small", "- [x] a) small")
                .replace("If unanswered: nothing else.\n\nAnswer:\n",
                         "If unanswered: nothing else.\n\nAnswer: a spare key\nfor the shed\n"))
        self.file.write_text(text, encoding="utf-8")
        return text

    def test_a_different_letter_is_a_conflict(self):
        text = self.answered_file()
        err = self.assert_rejected("Hi,\nQ1: c\n", f'Q.md:{line_of(text, "b) blue")}: Q1: already answered "b"; '
                                                  'the reply says "c" (reply.txt:2)')
        self.assertIn("--replace", err.splitlines()[-1])

    def test_replace_unticks_the_old_option(self):
        self.answered_file()
        out, _ = self.apply("Q1: a\n", "--replace")
        self.assertIn("- [x] a) red\n- [ ] b) blue\n", self.text())
        self.assertIn("Q1: a) red (was: b) blue)", out)

    def test_a_different_set_of_letters_is_a_conflict(self):
        text = self.answered_file()
        self.assert_rejected("Q3: a, b\n", f'Q.md:{line_of(text, "a) small")}: Q3: already answered "a"; '
                                           'the reply says "a, b"')

    def test_the_same_set_of_letters_is_no_change(self):
        self.answered_file()
        self.assert_no_change("Q3: a\nQ1: b)\n")

    def test_replace_sets_the_letters_of_the_reply(self):
        self.answered_file()
        self.apply("Q3: b, c\n", "--replace")
        self.assertEqual(self.answered()[3], ["[x] b) large", "[x] c) huge"])

    def test_different_text_is_a_conflict(self):
        text = self.answered_file()
        self.assert_rejected("Q4: no\n", f'Q.md:{line_of(text, "Answer: a spare key")}: Q4: already answered '
                                         '"a spare key for the shed"; the reply says "no"')

    def test_the_same_text_wrapped_otherwise_is_no_change(self):
        self.answered_file()
        self.assert_no_change("Q4: a spare key for\n  the shed\n")

    def test_replace_writes_the_new_text_and_keeps_the_blank_line_before_the_next_heading(self):
        self.answered_file()
        self.apply("Q4: no\n", "--replace")
        self.assertIn("Answer: no\n\n## Later", self.text())
        self.assertNotIn("shed", self.text())

    def test_a_different_fill_is_a_conflict(self):
        text = SAMPLE.replace("- [ ] c) other: ___", "- [x] c) other: green")
        self.file.write_text(text, encoding="utf-8")
        self.assert_rejected("Q1: other: teal\n", f'Q.md:{line_of(text, "green")}: Q1: already answered '
                                                  '"c) green"; the reply says "c) teal"')
        self.apply("Q1: other: teal\n", "--replace")
        self.assertIn("- [x] c) other: teal\n", self.text())

    def test_a_different_fill_of_any_blank_is_a_conflict(self):
        text = SAMPLE.replace("- [ ] a) ours (how many): ___", "- [x] a) ours (how many): two servers")
        self.file.write_text(text, encoding="utf-8")
        self.assert_no_change("Q2: a) two servers\n")
        self.assert_rejected("Q2: a) three racks\n", f'Q.md:{line_of(text, "two servers")}: Q2: already answered '
                                                     '"a) two servers"; the reply says "a) three racks"')
        self.apply("Q2: a) three racks\n", "--replace")
        self.assertEqual(self.answered()[2], ["[x] a) ours (how many): three racks"])

    def test_replace_opens_any_blank_it_unticks(self):
        self.file.write_text(SAMPLE.replace("- [ ] a) ours (how many): ___", "- [x] a) ours (how many): two"),
                             encoding="utf-8")
        self.apply("Q2: b\n", "--replace")
        self.assertIn("- [ ] a) ours (how many): ___\n- [x] b) rented\n", self.text())

    def test_replace_opens_the_blank_of_an_other_it_unticks(self):
        self.file.write_text(SAMPLE.replace("- [ ] c) other: ___", "- [x] c) other: green"), encoding="utf-8")
        self.apply("Q1: a\n", "--replace")
        self.assertIn("- [x] a) red\n- [ ] b) blue\n- [ ] c) other: ___\n", self.text())
        self.assertEqual(self.answered(), {1: ["[x] a) red"]})

    def test_an_answer_of_another_kind_is_added(self):
        self.answered_file()
        self.apply("Q1: the darker the better\n")
        self.assertEqual(self.answered()[1], ["[x] b) blue", "the darker the better"])

    def test_one_conflict_refuses_the_whole_reply(self):
        self.answered_file()
        self.assert_rejected("Q2: b\nQ1: c\n", "Q1: already answered")


class RejectTest(ApplyTest):
    """Replies that cannot be read as meant: exit 1, the reply's line named, FILE untouched."""

    def test_unknown_question(self):
        self.assert_rejected("Hi,\n\nQ9: a\n", "reply.txt:3: Q9: no such question in the questions file")

    def test_unknown_option_letter(self):
        self.assert_rejected("Q1: b\nQ3: a, d\n", "reply.txt:2: Q3: no option d) (its options: a–c)")

    def test_two_options_for_a_single_choice_question(self):
        self.assert_rejected("Q1: a, b\n", "reply.txt:1: Q1: a, b chosen, but the question takes one option")
        self.assert_rejected("Q1: a\nQ4: fine\nQ1: c) green\n", "reply.txt:3: Q1: a, c chosen")

    def test_a_blank_filled_twice(self):
        self.assert_rejected("Q2: a) two\nQ2: a) three\n", "reply.txt:2: Q2: a) filled in twice")

    def test_no_answer_in_the_reply(self):
        self.assert_rejected("Hello,\n\nI will answer next week.\n", "reply.txt:1: no answers found")

    def test_an_answer_line_that_would_read_as_an_option(self):
        self.assert_rejected("Q4: a list\n  - [ ] task\n", "reply.txt:2: Q4: an answer line may not start with '- ['")

    def test_a_heading_ends_an_answer_and_is_listed_as_prose(self):
        out, _ = self.apply("Q4: a list\n# big\n")
        self.assertEqual(self.answered(), {4: ["a list"]})
        self.assertIn("Passed over as prose, not answers (1 line):\n  reply.txt:2: # big", out)

    def test_every_problem_is_named_once(self):
        err = self.assert_rejected("Q9: a\nQ1: z\nQ2: b\n", "2 problem(s) in reply.txt")
        self.assertEqual(len(err.splitlines()), 3, err)

    def test_a_malformed_questions_file_is_not_written(self):
        self.file.write_text(SAMPLE.replace("Why: paint.\n", ""), encoding="utf-8")
        self.assert_rejected("Q1: b\n", f"Q.md:{line_of(SAMPLE, '### Q1.')}: Q1: no 'Why:' line")


class UnreadableTest(ApplyTest):
    def assert_unreadable(self, reply, message, stdin=b""):
        before = self.file.read_bytes()
        code, out, err = self.run_tool("apply", reply, self.file, stdin=stdin)
        self.assertEqual(code, 2)
        self.assertEqual(out, "")
        self.assertEqual(len(err.splitlines()), 1, err)
        self.assertIn(message, err)
        self.assertEqual(self.file.read_bytes(), before)

    def test_missing_reply(self):
        self.assert_unreadable("absent.txt", "absent.txt: no such file")

    def test_empty_reply(self):
        self.assert_unreadable(self.reply(" \n\n"), "reply.txt: the file is empty")

    def test_reply_not_utf8(self):
        self.assert_unreadable(self.reply("Q1: b\nQ4: caf\xe9\n".encode("latin-1")), "reply.txt:2: not UTF-8 (byte 0xe9)")

    def test_reply_is_a_directory(self):
        self.assert_unreadable(self.tmp.name, "is a directory")

    def test_empty_standard_input(self):
        self.assert_unreadable("-", "<stdin>: the file is empty")

    def test_missing_questions_file(self):
        code, out, err = self.run_tool("apply", self.reply("Q1: b\n"), Path(self.tmp.name) / "absent.md")
        self.assertEqual((code, out), (2, ""))
        self.assertEqual(err.splitlines(), [f"questions.py: {Path(self.tmp.name) / 'absent.md'}: no such file"])


class WriteTest(ApplyTest):
    def test_reply_from_standard_input(self):
        code, out, err = self.run_tool("apply", "-", self.file, stdin="Q1: b\r\n".encode("utf-8"))
        self.assertEqual(code, 0, err)
        self.assertIn("- [x] b) blue\n", self.text())

    def test_dry_run_prints_the_diff_and_writes_nothing(self):
        before = self.file.read_bytes()
        out, _ = self.apply("Q1: b\nQ4: a key\n", "--dry-run")
        self.assertEqual(self.file.read_bytes(), before)
        self.assertTrue(out.startswith("--- Q.md\n+++ Q.md\n@@ "), out)
        self.assertIn("\n-- [ ] b) blue\n+- [x] b) blue\n", out)
        self.assertIn("\n+Answer: a key\n", out)
        self.assertEqual(sum(line.startswith("+") and not line.startswith("+++") for line in out.splitlines()), 2)

    def test_applying_twice_changes_nothing_the_second_time(self):
        replies = [MailTest.MAIL, CopyTest.FILLED, "Q1: other: green\nQ2: a) two\n  more\nQ3: a c\nQ4: x\n  y\n",
                   "Q2: a) ours (how many): ___\nQ2: a) two\n"]
        for reply in replies:
            with self.subTest(reply=reply[:20]):
                self.file.write_text(SAMPLE, encoding="utf-8")
                self.apply(reply)
                self.assertNotEqual(self.text(), SAMPLE)
                self.assert_no_change(reply)

    def test_round_trip_status_shows_exactly_the_answers(self):
        out, _ = self.apply("Q2: c) a tablet\nQ3: b\nQ4: two keys\n")
        self.assertEqual(self.answered(), {
            2: ["[x] c) a phone: a tablet"],
            3: ["[x] b) large"],
            4: ["two keys"],
        })
        self.assertEqual(out.splitlines(), [
            "Q2: c) a phone: a tablet (was: open)",
            "Q3: b) large (was: open)",
            'Q4: "two keys" (was: open)',
            "Q.md: 1 of 2 blocking questions still open",
        ])
        code, check, _ = self.run_tool("--check", self.file)
        self.assertEqual(code, 0, check)

    def test_the_file_keeps_its_mode_and_no_temporary_file_is_left(self):
        os.chmod(self.file, 0o640)
        self.apply("Q1: b\n")
        self.assertEqual(stat.S_IMODE(self.file.stat().st_mode), 0o640)
        self.assertEqual(sorted(p.name for p in Path(self.tmp.name).iterdir()), ["Q.md", "reply.txt"])

    def test_a_linked_file_is_written_through_the_link(self):
        target = self.file.with_name("target.md")
        self.file.rename(target)
        self.file.symlink_to(target.name)
        self.apply("Q1: b\n")
        self.assertTrue(self.file.is_symlink())
        self.assertIn("- [x] b) blue\n", target.read_text(encoding="utf-8"))

    def test_default_file_is_the_one_beside_the_script(self):
        before = REAL.read_bytes()
        questions, _ = model.parse(before.decode("utf-8"))
        still_open = next((q for q in questions if not q.answered), None)
        reply = f"Q{still_open.number}: an answer\n" if still_open else before  # all answered: no change
        code, out, err = self.run_tool("apply", "--dry-run", self.reply(reply))
        self.assertEqual(code, 0, err)
        self.assertTrue(out.startswith("--- QUESTIONS.md\n" if still_open else "QUESTIONS.md: no change"), out)
        self.assertEqual(REAL.read_bytes(), before)


class RealFileTest(ApplyTest):
    """A copy of the real QUESTIONS.md, whatever its questions are today."""

    def setUp(self):
        super().setUp()
        self.file.write_bytes(REAL.read_bytes())
        self.questions, problems = model.parse(REAL.read_text(encoding="utf-8"))
        self.assertEqual(problems, [])

    def test_a_reply_touching_every_kind_of_answer(self):
        """One answer of each kind the open questions allow: a letter, letters, a blank, free text."""
        before, used, reply, expected = self.text(), [], [], {}

        def pick(test):
            found = next((q for q in self.questions if not q.answered and q not in used and test(q)), None)
            used.append(found)
            return found

        def still_open(option):
            return option.slot is not None and not option.slot.filled

        single = pick(lambda q: q.options and not q.multi_choice)
        if single:
            last = single.options[-1]
            reply.append(f"Q{single.number}: {last.letter}")
            expected[single.number] = [f"[x] {last.letter}) {last.text}"]
        multi = pick(lambda q: q.multi_choice and len(q.options) >= 2)
        if multi:
            first, last = multi.options[0], multi.options[-1]
            reply.append(f"Q{multi.number}: {first.letter} and {last.letter}")
            expected[multi.number] = [f"[x] {o.letter}) {o.text}" for o in (first, last)]
        with_blank = pick(lambda q: any(map(still_open, q.options)))
        if with_blank:
            option = next(filter(still_open, with_blank.options))
            reply.append(f"Q{with_blank.number}: {option.letter}) words for the blank")
            expected[with_blank.number] = [f"[x] {option.letter}) {option.slot.holding('words for the blank')}"]
        free = pick(lambda q: True)
        if free:
            reply.append(f"Q{free.number}: a free answer\n  over two lines")
            expected[free.number] = ["a free answer", "over two lines"]
        if len(expected) < 2:
            self.skipTest("QUESTIONS.md has fewer than two open questions")

        self.apply("\n".join(reply) + "\n")
        self.assert_only_answer_lines_changed(before, self.text())
        answered = self.answered()
        already = {q.number for q in self.questions if q.answered}
        self.assertEqual({n: answered[n] for n in answered if n not in already}, expected)
        code, out, _ = self.run_tool("--check", self.file)
        self.assertEqual(code, 0, out)

    def test_a_letter_past_the_last_option_is_refused(self):
        question = next(q for q in self.questions if q.options)
        beyond = chr(ord(question.options[-1].letter) + 1)
        self.assert_rejected(f"Q{question.number}: {beyond}\n", f"reply.txt:1: Q{question.number}: no option {beyond})")

    def test_a_number_past_the_last_question_is_refused(self):
        number = self.questions[-1].number + 1
        self.assert_rejected(f"Q{number}: a\n", f"reply.txt:1: Q{number}: no such question")

    def test_the_real_file_filled_in_as_a_copy(self):
        copy = self.text()
        ticked = [q for q in self.questions if q.options and not q.answered]
        for question in ticked:
            option = question.options[0]
            copy = copy.replace(f"- [ ] {option.letter}) {option.text}\n", f"- [x] {option.letter}) {option.text}\n", 1)
        if not ticked:
            self.skipTest("QUESTIONS.md has no open question with options")
        self.apply(copy)
        self.assertEqual(self.text(), copy)
        answered = self.answered()
        for question in ticked:
            self.assertEqual(answered[question.number][0], f"[x] {question.options[0].letter}) {question.options[0].text}")
        self.assertEqual(len(answered), len(ticked) + sum(q.answered for q in self.questions))


if __name__ == "__main__":
    unittest.main()
