"""How `apply` reads replies written the way owners write them: references, letters, mail
structure, chats, deferrals, --partial, --explain and saved mails (.eml)."""

import base64
import quopri
import sys
import unittest
from email.message import EmailMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

from test_apply import SAMPLE, ApplyTest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from qtool import model  # noqa: E402
from qtool import reply as reply_module  # noqa: E402


def read(reply, text=SAMPLE):
    """The answers `apply` reads in a reply, in this process: {question: (letters, fills, words)}."""
    questions, _ = model.examine(text, "Q.md")
    reading = reply_module.read(reply, questions, text)
    return {a.number: (sorted(a.chosen), {k: v[0] for k, v in a.fills.items()}, a.words) for a in reading.answers}, \
        [p.message for p in reading.problems]


class ReferenceTest(ApplyTest):
    def test_every_form_of_reference_starts_an_answer(self):
        forms = ["Q2", "q2", "Q 2", "Q.2", "Question 2", "Vraag 2", "#2", "**Q2**", "- Q2", "* **Q2:**",
                 "[10:42] Jan: Q2", "(Q2)", "Ad 2."]
        marks = [":", ")", ".", " -", " –", " —", " =", " ->", ""]
        for form in forms:
            for mark in marks:
                if form.endswith(":**") and mark:
                    continue
                reply = f"Hi,\n{form}{mark} b\nQ4: fine\n"
                if form == "Ad 2." and mark in ("", ")", "."):
                    continue  # 'Ad' takes a mark of its own: "Ad 2.:"
                with self.subTest(reply=reply):
                    self.assertEqual(read(reply), ({2: (["b"], {}, []), 4: ([], {}, ["fine"])}, []))

    def test_several_answers_on_one_line(self):
        for reply in ("Q1: b; Q3: a; Q4: a spare key", "q1 b, q3 a, Q4: a spare key", "Q1: b | Q3: a | Q4: a spare key"):
            with self.subTest(reply=reply):
                self.file.write_text(SAMPLE, encoding="utf-8")
                self.apply(reply + "\n")
                self.assertEqual(self.answered(), {1: ["[x] b) blue"], 3: ["[x] a) small"], 4: ["a spare key"]})

    def test_a_list_or_range_of_questions_shares_an_answer(self):
        self.apply("Q3, Q4: TBD\n")
        self.assertEqual(self.answered(), {})
        code, out, _ = self.run_tool(self.file)
        self.assertIn('To follow up (2):\n  Q3   Which sizes? (all that apply)\n      "TBD"', out)

    def test_a_bare_numbered_list_where_no_reference_is_written(self):
        self.apply("Hello,\n\n1. b\n2) a - two servers\n3. a and c\n\nBest, Jan\n")
        self.assertEqual(self.answered(), {1: ["[x] b) blue"], 2: ["[x] a) ours (how many): two servers"],
                                           3: ["[x] a) small", "[x] c) huge"]})

    def test_a_numbered_list_with_arrows(self):
        self.apply("Hoi,\n\n1 → b\n2 -> a - two servers\n3 → a en c\n\nGroet, Jan\n")
        self.assertEqual(self.answered(), {1: ["[x] b) blue"], 2: ["[x] a) ours (how many): two servers"],
                                           3: ["[x] a) small", "[x] c) huge"]})

    def test_a_question_and_letters_said_to_be_right_mid_line(self):
        self.assertEqual(read("Q1: b\nPS: our lawyer says Q3 a is fine.\n"),
                         ({1: (["b"], {}, []), 3: (["a"], {}, [])}, []))
        answers, problems = read("Q1: b\nPS: Q3 a is something to discuss.\n")
        self.assertEqual((answers, len(problems)), ({1: (["b"], {}, [])}, 1))

    def test_a_quarter_of_a_year_is_not_a_question(self):
        self.apply("Q4: we go live by the end of Q2, and in Q3 2027 we add more\n")
        self.assertEqual(self.answered(), {4: ["we go live by the end of Q2, and in Q3 2027 we add more"]})


class LettersTest(ApplyTest):
    def test_letters_the_way_people_write_them(self):
        for letters in ("a & c", "a/c", "a + c", "(a) and (c)", "A and C", "a, c", "a en c", "a c", "A & C!",
                        "a, c.", "ook a en c"):
            with self.subTest(letters=letters):
                self.assertEqual(read(f"Q3: {letters}\n"), ({3: (["a", "c"], {}, [])}, []))

    def test_words_after_the_letters_fill_the_chosen_blank_or_are_a_remark(self):
        cases = {
            "Q2: a - two servers": ["[x] a) ours (how many): two servers"],
            "Q2: a, two servers": ["[x] a) ours (how many): two servers"],
            "Q2: a (two servers)": ["[x] a) ours (how many): two servers"],
            "Q2: b only, data stays here": ["[x] b) rented", "data stays here"],
            "Q2: b for now": ["[x] b) rented", "for now"],
            "Q3: a, c and more later": ["[x] a) small", "[x] c) huge", "and more later"],
        }
        for reply, expected in cases.items():
            with self.subTest(reply=reply):
                self.file.write_text(SAMPLE, encoding="utf-8")
                self.apply(reply + "\n")
                self.assertEqual(self.answered()[int(reply[1])], expected)

    def test_a_fill_that_repeats_the_options_lead_words_keeps_only_the_owners(self):
        text = SAMPLE.replace("- [ ] c) a phone: ___", "- [ ] c) a phone; a phone is: ___")
        for reply in ("Q2: c) a phone is a small one\n", "Q2: c) a phone is: a small one\n", "Q2: c) a small one\n"):
            with self.subTest(reply=reply):
                self.assertEqual(read(reply, text), ({2: (["c"], {"c": "a small one"}, [])}, []))

    def test_words_that_only_look_like_letters_are_words(self):
        for words in ("a lot of boxes", "I think so", "e.g. the big ones", "n/a", "A few, mostly small"):
            with self.subTest(words=words):
                self.assertEqual(read(f"Q3: {words}\n"), ({3: ([], {}, [words])}, []))

    def test_several_options_with_words_of_their_own(self):
        self.file.write_text(SAMPLE.replace("Which machines?", "Which machines? (all that apply)"), encoding="utf-8")
        self.apply("Q2: a: two servers; c: an old phone\n")
        self.assertEqual(self.answered(), {2: ["[x] a) ours (how many): two servers", "[x] c) a phone: an old phone"]})
        self.file.write_text(SAMPLE.replace("Which machines?", "Which machines? (all that apply)"), encoding="utf-8")
        self.apply("Q2: a (two servers) and c (an old phone)\n")
        self.assertEqual(self.answered(), {2: ["[x] a) ours (how many): two servers", "[x] c) a phone: an old phone"]})

    def test_a_label_the_option_already_holds_is_not_part_of_the_fill(self):
        text = SAMPLE.replace("- [ ] a) ours (how many): ___", "- [ ] a) ours; how many is: ___")
        self.assertEqual(read("Q2: a, how many is: two racks\n", text), ({2: (["a"], {"a": "two racks"}, [])}, []))

    def test_options_named_on_the_lines_below(self):
        self.file.write_text(SAMPLE.replace("Which machines?", "Which machines? (all that apply)"), encoding="utf-8")
        self.apply("Q2: a, c\n  a: two servers\n  c: an old phone\n")
        self.assertEqual(self.answered(), {2: ["[x] a) ours (how many): two servers", "[x] c) a phone: an old phone"]})


class StructureTest(ApplyTest):
    def test_later_paragraphs_and_lists_continue_an_answer(self):
        self.apply("Q4: two things.\n\nFirst, the keys.\n- spare ones\n- labelled\n\nQ1: b\n")
        self.assertEqual(self.answered()[4], ["two things.", "", "First, the keys.", "- spare ones", "- labelled"])

    def test_closings_and_signatures_end_an_answer(self):
        for ending in ("Thanks,\nJan", "Met vriendelijke groet,\nJan de Vries", "-- \nJan\n+31 6 1234 5678",
                       "Sent from my iPhone", "Verzonden vanaf mijn iPhone", "Jan Jansen\nExample BV\njan@example.org"):
            with self.subTest(ending=ending):
                self.file.write_text(SAMPLE, encoding="utf-8")
                self.apply(f"Q4: a spare key\n\n{ending}\n")
                self.assertEqual(self.answered(), {4: ["a spare key"]})

    def test_mail_headers_and_the_original_below_them_are_not_answers(self):
        for header in ("On Mon, 1 Dec 2026 at 10:14, Team <team@example.org> wrote:",
                       "Op ma 1 dec. 2026 om 10:14 schreef Team <team@example.org>:",
                       "-----Original Message-----\nFrom: Team\nSent: Monday\nTo: Jan\nSubject: Questions",
                       "Van: Team\nVerzonden: maandag\nAan: Jan\nOnderwerp: Vragen"):
            with self.subTest(header=header):
                self.file.write_text(SAMPLE, encoding="utf-8")
                self.apply(f"Q4: a spare key\n\n{header}\n\n{SAMPLE}")
                self.assertEqual(self.answered(), {4: ["a spare key"]})

    def test_a_thanks_with_a_reaction_code_ends_a_chat_answer(self):
        chat = "Priya Shah  9:14 AM\nQ4: a spare key\nthanks Tom :+1:\nJan Jansen  9:15 AM\nQ1: b\n"
        self.assertEqual(read(chat), ({1: (["b"], {}, []), 4: ([], {}, ["a spare key"])}, []))

    def test_chat_names_and_times_are_not_answers(self):
        chat = ("[10:42] Jan de Vries\nQ1 b\n[10:43] Karin Smit\nQ2: a) two racks\n[10:44] Jan de Vries\nthanks!\n"
                "Jan Jansen  10:45 AM\nQ4: a spare key\n")
        self.apply(chat)
        self.assertEqual(self.answered(), {1: ["[x] b) blue"], 2: ["[x] a) ours (how many): two racks"],
                                           4: ["a spare key"]})
        self.assertNotIn("Jan", self.text())

    def test_answers_typed_in_a_copy_go_to_their_question(self):
        copy = SAMPLE.replace("- [ ] a) ours (how many): ___\n", "- [ ] a) ours (how many): ___\nwe rent, actually\n")
        self.apply(copy.replace("- [ ] b) rented", "- [✓] b) rented"))
        self.assertEqual(self.answered(), {2: ["[x] b) rented", "we rent, actually"]})


class FollowUpTest(ApplyTest):
    def status(self):
        code, out, err = self.run_tool(self.file)
        self.assertEqual(code, 0, err)
        return out

    def test_a_deferral_is_kept_but_the_question_stays_open(self):
        out, _ = self.apply("Q1: TBD\nQ2: weet ik nog niet, vraag het aan Karin (IT)\nQ4: ask: Piet, legal\n")
        self.assertIn("Answer: TBD\n", self.text())
        self.assertIn("2 of 2 blocking questions still open", out)
        status = self.status()
        self.assertIn("0 answered (0 of 2 blocking), 3 to follow up.", status)
        self.assertIn('To follow up (3):\n  Q1   Which colour?\n      "TBD"\n'
                      '  Q2   Which machines?\n      handed to Karin: "weet ik nog niet, vraag het aan Karin (IT)"', status)
        self.assertIn("Handed on, by person:\n    Karin: Q2\n    Piet: Q4", status)

    def test_an_answer_that_points_to_another_stands_or_falls_with_it(self):
        self.apply("Q1: b\nQ2: see Q1\nQ4: same as Q3\n")
        status = self.status()
        self.assertIn("2 answered (2 of 2 blocking), 1 to follow up.", status)
        self.assertIn('To follow up (1):\n  Q4   Anything else?\n      "same as Q3": Q3 is not answered yet', status)
        self.apply("Q3: a\n")
        self.assertIn("4 answered (2 of 2 blocking).", self.status())

    def test_a_pointer_with_a_hand_on_is_handed_on(self):
        self.apply("Q4: same as Q3, ask Karin\n")
        self.assertIn("Handed on, by person:\n    Karin: Q4", self.status())

    def test_an_options_blank_handed_on_is_listed_by_person(self):
        self.apply("Q1: b\nQ2: a) ask: Piet, IT\n")
        self.assertIn("Handed on, by person:\n    Piet: Q2 a)", self.status())
        code, out, err = self.run_tool("form", self.file.name, "--for", "piet", "-o", "piet.html")
        self.assertEqual(code, 0, err)
        page = (Path(self.tmp.name) / "piet.html").read_text(encoding="utf-8")
        self.assertIn('id="q2-title"', page)
        self.assertNotIn('id="q1-title"', page)

    def test_words_that_answer_are_not_a_deferral(self):
        self.apply("Q4: later phases need a GPU\n")
        self.assertEqual(self.answered(), {4: ["later phases need a GPU"]})


class PartialTest(ApplyTest):
    REPLY = "Q1: b\nQ9: a\nQ3: a, z\nQ4: a spare key\nPS: our lawyer looked at Q2 as well\n"

    def test_without_partial_nothing_is_written_and_every_problem_is_named(self):
        err = self.assert_rejected(self.REPLY, "reply.txt:2: Q9: no such question")
        self.assertIn("reply.txt:3: Q3: no option z)", err)
        self.assertIn("reply.txt:5: mentions Q2", err)
        self.assertIn("--partial folds the rest", err)

    def test_partial_folds_the_rest_and_names_what_it_left(self):
        out, err = self.apply(self.REPLY, "--partial", code=1)
        self.assertEqual(self.answered(), {1: ["[x] b) blue"], 4: ["a spare key"]})
        for line in ("reply.txt:2:", "reply.txt:3:", "reply.txt:5:"):
            self.assertIn(line, err)
        self.assertIn("not folded: 3 line(s)", err)

    def test_partial_leaves_out_an_answer_that_conflicts(self):
        self.file.write_text(SAMPLE.replace("- [ ] b) blue", "- [x] b) blue"), encoding="utf-8")
        out, err = self.apply("Q1: a\nQ4: a spare key\n", "--partial", code=1)
        self.assertEqual(self.answered(), {1: ["[x] b) blue"], 4: ["a spare key"]})
        self.assertIn('Q1: already answered "b"', err)

    def test_no_answers_found_names_the_nearest_lines(self):
        err = self.assert_rejected("Hello,\n\nI will answer next week.\n4 b\nBest, Jan\n", "no answers found")
        self.assertIn("lines that came nearest: 4", err)


class ExplainTest(ApplyTest):
    def test_every_line_is_shown_with_how_it_was_read_and_nothing_is_written(self):
        before = self.file.read_bytes()
        reply = ("Hi team,\n\nQ1: b\nmore on blue\n\nSee you.\nThanks,\nJan\n-- \nJan Jansen\n\n"
                 "On Monday Team <t@example.org> wrote:\n> ### Q1. Which colour? `blocking`\n")
        out, _ = self.apply(reply, "--explain")
        self.assertEqual(self.file.read_bytes(), before)
        kinds = [line.split()[1] for line in out.splitlines()[1:14]]
        self.assertEqual(kinds, ["greeting", "blank", "answer", "continues", "blank", "prose", "closing",
                                 "signature", "signature", "signature", "blank", "mail", "quote"])
        self.assertIn("\nQ1: b; \"more on blue\"", out)


class SavedMailTest(ApplyTest):
    ANSWERS = "Q1: b\nQ4: café – ‘a spare key’\n"

    def mail(self, message, name="reply.eml"):
        return self.reply(message.as_bytes() if hasattr(message, "as_bytes") else message, name)

    def check(self, path):
        result, out, err = self.run_tool("apply", path.name, self.file.name)
        self.assertEqual(result, 0, out + err)
        self.assertEqual(self.answered(), {1: ["[x] b) blue"], 4: ["café – ‘a spare key’"]})

    def headers(self, message):
        message["From"] = "Jan <jan@example.org>"
        message["To"] = "team@example.org"
        message["Subject"] = "Re: Questions before design"
        message["Date"] = "Tue, 01 Dec 2026 10:14:00 +0100"
        return message

    def test_multipart_alternative_reads_the_plain_part(self):
        message = self.headers(MIMEMultipart("alternative"))
        message.attach(MIMEText(self.ANSWERS + "\nOn Monday Team wrote:\n> Q2: a\n", "plain", "utf-8"))
        message.attach(MIMEText("<div>Q1: c</div>", "html", "utf-8"))
        self.check(self.mail(message))

    def test_html_only_with_a_blockquote(self):
        html = ("<html><body><div>Q1: b</div><div>Q4: caf&eacute; &#8211; &lsquo;a spare key&rsquo;</div>"
                "<div><br></div><blockquote><div>Q2: a</div><p>Q3: c</p></blockquote></body></html>")
        message = self.headers(EmailMessage())
        message.set_content(html, subtype="html")
        self.check(self.mail(message))

    def test_windows_1252_quoted_printable(self):
        body = quopri.encodestring(self.ANSWERS.encode("cp1252")).decode("ascii")
        raw = ("From: Jan <jan@example.org>\r\nTo: team@example.org\r\nSubject: RE: Questions\r\n"
               "Date: Tue, 01 Dec 2026 10:14:00 +0100\r\nMIME-Version: 1.0\r\n"
               "Content-Type: text/plain; charset=\"windows-1252\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
               + body.replace("\n", "\r\n"))
        self.check(self.mail(raw.encode("ascii")))

    def test_base64_utf8(self):
        raw = ("From: Jan <jan@example.org>\nTo: team@example.org\nSubject: Re: Questions\n"
               "Date: Tue, 01 Dec 2026 10:14:00 +0100\nMIME-Version: 1.0\n"
               "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
               + base64.encodebytes((self.ANSWERS + "\nSent from my iPhone\n").encode("utf-8")).decode("ascii"))
        self.check(self.mail(raw.encode("ascii"), name="reply.txt"))  # read as a mail by its headers, not its name

    def test_an_outlook_msg_file_gets_a_clear_error(self):
        path = self.reply(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "reply.msg")
        result, out, err = self.run_tool("apply", path.name, self.file.name)
        self.assertEqual(result, 2)
        self.assertIn("reply.msg: an Outlook .msg file cannot be read; save the mail as .eml", err)


if __name__ == "__main__":
    unittest.main()
