"""Tests for `questions.py form` without a browser: the page's structure, escaping and errors."""

import base64
import hashlib
import re
import textwrap
import unittest
from html.parser import HTMLParser
from pathlib import Path

from test_questions import REAL, CommandTest, line_of

SAMPLE = textwrap.dedent("""\
    # Sample *request*

    Opening paragraph with `code`, **strong** words and a [link](QUESTIONS.md).

    <details><summary>What we received</summary>

    - first finding
    - second finding,
      on two lines

    </details>

    ## Start here

    ### Q1. Which colour? `blocking`

    *A grounding line.*

    - [ ] a) red
    - [ ] b) blue
    - [ ] c) other: ___

    Why: paint.

    If unanswered: we wait.

    Answer:

    ### Q2. Which sizes and where? (all that apply) `blocking`

    - [ ] a) small (how many): ___
    - [ ] b) large
    - [ ] c) other: ___

    Why: boxes.

    If unanswered: b); boxes are cheap.

    Answer:

    ## More

    ### Q3. Anything else?

    Why: we may have missed something.

    If unanswered: nothing else.

    Answer:

    ## Later

    Not a question.
    """)

FILLED = (SAMPLE.replace("- [ ] b) blue", "- [x] b) blue")
          .replace("- [ ] c) other: ___\n\nWhy: boxes.", "- [ ] c) other: green boxes\n\nWhy: boxes.")
          .replace("If unanswered: nothing else.\n\nAnswer:", "If unanswered: nothing else.\n\nAnswer: first line\n\nsecond paragraph"))

HOSTILE = (SAMPLE.replace("Which colour?", "Which <script>window.pwned = 1</script> colour?")
           .replace("a) red", 'a) red <img src=x onerror="window.pwned = 2">')
           .replace("What we received", "What <b onmouseover=alert(1)>we</b> received")
           .replace("Opening paragraph", "Opening <script>window.pwned = 3</script> [click](javascript:window.pwned=5)")
           .replace("If unanswered: nothing else.\n\nAnswer:",
                    "If unanswered: nothing else.\n\nAnswer: </textarea><script>window.pwned = 4</script>"))

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    def text(self):
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)

    def walk(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.walk()

    def find_all(self, tag=None, **attrs):
        return [node for node in self.walk()
                if (tag is None or node.tag == tag)
                and all(node.attrs.get(name.rstrip("_").replace("_", "-")) == value for name, value in attrs.items())]

    def find(self, tag=None, **attrs):
        found = self.find_all(tag, **attrs)
        if len(found) != 1:
            raise AssertionError(f"{len(found)} <{tag}> elements with {attrs}")
        return found[0]


class Tree(HTMLParser):
    """The page as a tree of Nodes; raises on a closing tag that does not match."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#document", {})
        self.feed(html)
        self.close()
        if self.current is not self.root:
            raise AssertionError(f"<{self.current.tag}> never closed")

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, attrs, self.current))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if tag != self.current.tag:
            raise AssertionError(f"</{tag}> closes <{self.current.tag}>")
        self.current = self.current.parent

    def handle_data(self, data):
        self.current.children.append(data)


class FormTest(CommandTest):
    in_process = True

    def run_tool(self, *args):
        return super().run_tool("form", *args)

    def page(self, text):
        code, out, err = self.run_tool(self.write(text))
        self.assertEqual((code, err), (0, ""))
        return out

    def tree(self, text):
        return Tree(self.page(text)).root

    def labelled(self, root, element):
        """The text that names an input: its <label for=...>."""
        labels = root.find_all("label", **{"for": element.attrs["id"]})
        self.assertEqual(len(labels), 1, f"#{element.attrs['id']} has {len(labels)} labels")
        return " ".join(labels[0].text().split())


class StructureTest(FormTest):
    def test_every_question_has_its_section_in_order(self):
        root = self.tree(SAMPLE)
        sections = root.find_all("section", class_="q") + root.find_all("section", class_="q blocking")
        numbers = [node.attrs["data-question"] for node in root.walk() if "data-question" in node.attrs]
        self.assertEqual(numbers, ["1", "2", "3"])
        self.assertEqual(len(sections), 3)
        self.assertEqual([s.attrs["data-question"] for s in sections if "data-blocking" in s.attrs], ["1", "2"])

    def test_single_choice_is_radio_and_all_that_apply_is_checkbox(self):
        root = self.tree(SAMPLE)
        for n, kind in (("1", "radio"), ("2", "checkbox")):
            boxes = [i for i in root.find_all("input", data_q=n) if "data-option" in i.attrs and "data-blank" not in i.attrs]
            self.assertEqual([b.attrs["data-option"] for b in boxes], ["a", "b", "c"])
            self.assertEqual({b.attrs["type"] for b in boxes}, {kind})
            self.assertEqual({b.attrs["name"] for b in boxes}, {f"q{n}"})
        self.assertEqual([i.attrs["id"] for i in root.find_all("input", data_q="3")], ["q3-ask"])

    def test_each_blank_has_a_text_field_beside_its_option(self):
        root = self.tree(SAMPLE)
        blanks = [(i.attrs["data-q"], i.attrs["data-option"]) for i in root.find_all("input") if "data-blank" in i.attrs]
        self.assertEqual(blanks, [("1", "c"), ("2", "a"), ("2", "c")])
        small = root.find("input", id="q2-a-text")
        self.assertEqual(small.attrs["type"], "text")
        parts = [node.text() for node in small.parent.children]
        self.assertEqual(parts, ["", "a) small (how many)", "Q2 a), in your words", ""])

    def test_every_input_has_one_label(self):
        root = self.tree(SAMPLE)
        fields = root.find_all("input") + root.find_all("textarea")
        self.assertEqual(len(fields), 3 + 3 + 3 + 3 + 3)  # options, blanks, answers, who knows
        ids = [field.attrs["id"] for field in fields]
        self.assertEqual(len(ids), len(set(ids)))
        self.assertEqual(self.labelled(root, root.find("input", id="q1-b")), "b) blue")
        self.assertEqual(self.labelled(root, root.find("input", id="q1-c-text")), "Q1 c), in your words")
        self.assertEqual(self.labelled(root, root.find("input", id="q1-ask")), "Not for you? Who knows (name, role):")
        for field in fields:
            self.assertTrue(self.labelled(root, field))

    def test_each_question_has_an_answer_area(self):
        root = self.tree(SAMPLE)
        areas = [a for a in root.find_all("textarea") if "data-answer" in a.attrs]
        self.assertEqual([a.attrs["data-q"] for a in areas], ["1", "2", "3"])
        self.assertEqual(self.labelled(root, areas[2]), "Your answer to Q3")

    def test_why_if_grounding_and_blocking_mark_are_shown(self):
        root = self.tree(SAMPLE)
        q1 = root.find("section", id="q1")
        text = " ".join(q1.text().split())
        self.assertIn("Q1. Which colour? blocking", text)
        self.assertIn("Why it matters: paint.", text)
        self.assertIn("If unanswered: we wait.", text)
        self.assertEqual(q1.find("em").text(), "A grounding line.")
        self.assertNotIn("blocking", root.find("section", id="q3").text())

    def test_the_whole_document_is_there_in_order(self):
        root = self.tree(SAMPLE)
        main = root.find("main")
        order = [node.tag for node in main.children if isinstance(node, Node)]
        self.assertEqual(order[:4], ["h1", "p", "details", "h2"])
        self.assertEqual(order[4:], ["section", "section", "h2", "section", "h2", "p", "section"])
        self.assertEqual(main.find("h1").text(), "Sample request")
        self.assertEqual(main.find_all("p")[0].find("strong").text(), "strong")
        self.assertEqual(main.find("a").attrs["href"], "QUESTIONS.md")
        self.assertEqual(root.find("title").text(), "Sample *request*")
        last = [node for node in main.children if isinstance(node, Node)][-2:]
        self.assertEqual([last[0].text(), last[1].attrs["id"]], ["Not a question.", "your-reply"])

    def test_details_stay_folded(self):
        root = self.tree(SAMPLE)
        details = root.find("details")
        self.assertNotIn("open", details.attrs)
        self.assertEqual(details.find("summary").text(), "What we received")
        self.assertEqual([li.text() for li in details.find_all("li")], ["first finding", "second finding, on two lines"])

    def test_reply_box_and_buttons(self):
        root = self.tree(SAMPLE)
        self.assertEqual(root.find(id="reply").tag, "pre")
        for ident in ("copy", "download", "clear"):
            self.assertEqual(root.find(id=ident).attrs["type"], "button")
        self.assertEqual(root.find("form").attrs["data-name"], "Q.md")
        self.assertEqual(root.find("form").attrs["data-reply-file"], "Q-reply.txt")

    def test_real_file_makes_a_page_with_every_question(self):
        code, out, err = self.run_tool(REAL)
        self.assertEqual((code, err), (0, ""))
        text = REAL.read_text(encoding="utf-8")
        root = Tree(out).root
        headings = re.findall(r"^### Q(\d+)\. ", text, flags=re.M)
        self.assertEqual([n.attrs["data-question"] for n in root.walk() if "data-question" in n.attrs], headings)
        options = len(re.findall(r"^\s*[-*]\s+\[[ xX]\]\s+[a-z]\)\s", text, flags=re.M))
        self.assertEqual(len([i for i in root.find_all("input") if "data-option" in i.attrs
                              and "data-blank" not in i.attrs]), options)

    def test_same_file_same_page_and_storage_key(self):
        first, second = self.page(SAMPLE), self.page(SAMPLE)
        self.assertEqual(first, second)
        other = Tree(self.page(FILLED)).root.find("form").attrs["data-key"]
        self.assertNotEqual(Tree(first).root.find("form").attrs["data-key"], other)


class PrefilledTest(FormTest):
    def test_answers_in_the_file_are_filled_in(self):
        root = self.tree(FILLED)
        checked = [i.attrs["id"] for i in root.find_all("input") if "checked" in i.attrs]
        self.assertEqual(checked, ["q1-b", "q2-c"])
        self.assertEqual(root.find("input", id="q2-c-text").attrs["value"], "green boxes")
        self.assertEqual(self.labelled(root, root.find("input", id="q2-c")), "c) other")
        self.assertEqual(root.find("input", id="q1-c-text").attrs["value"], "")
        self.assertEqual(root.find("textarea", id="q3-answer").text(), "first line\n\nsecond paragraph")
        self.assertEqual(root.find("textarea", id="q1-answer").text(), "")


class EscapingTest(FormTest):
    def test_hostile_text_is_shown_not_run(self):
        page = self.page(HOSTILE)
        root = Tree(page).root
        self.assertEqual(len(root.find_all("script")), 1)
        self.assertEqual(root.find_all("img"), [])
        self.assertEqual(root.find_all("b"), [])
        for node in root.walk():
            self.assertFalse([name for name in node.attrs if name.startswith("on")], node.tag)
            self.assertNotIn("javascript:", node.attrs.get("href", ""))
        self.assertIn("Which <script>window.pwned = 1</script> colour?", root.find("h3", id="q1-title").text())
        self.assertIn('<img src=x onerror="window.pwned = 2">', self.labelled(root, root.find("input", id="q1-a")))
        self.assertEqual(root.find("summary").text(), "What <b onmouseover=alert(1)>we</b> received")
        self.assertEqual(root.find("textarea", id="q3-answer").text(), "</textarea><script>window.pwned = 4</script>")
        self.assertIn("Opening <script>window.pwned = 3</script> click", root.find("main").find_all("p")[0].text())


class NoNetworkTest(FormTest):
    def test_nothing_is_loaded_from_anywhere(self):
        page = self.page(SAMPLE.replace("[link](QUESTIONS.md)", "[link](https://example.org/x)"))
        root = Tree(page).root
        self.assertEqual(root.find_all("link") + root.find_all("img") + root.find_all("iframe"), [])
        for node in root.walk():
            self.assertNotIn("src", node.attrs, node.tag)
            if node.tag != "a":
                for value in node.attrs.values():
                    self.assertNotRegex(value or "", r"https?:", node.tag)
        style = root.find("style").text()
        self.assertNotIn("url(", style)
        self.assertNotIn("@import", style)
        self.assertNotRegex(root.find("script").text(), r"https?:|fetch\(|XMLHttpRequest|import\(")

    def test_policy_allows_only_the_page_s_own_style_and_script(self):
        root = self.tree(SAMPLE)
        policy = root.find("meta", http_equiv="Content-Security-Policy").attrs["content"]
        self.assertIn("default-src 'none'", policy)
        for tag in ("script", "style"):
            digest = hashlib.sha256(root.find(tag).text().encode("utf-8")).digest()
            self.assertIn(f"{tag}-src 'sha256-{base64.b64encode(digest).decode()}'", policy)

    def test_phone_viewport(self):
        root = self.tree(SAMPLE)
        self.assertEqual(root.find("meta", name="viewport").attrs["content"], "width=device-width, initial-scale=1")


class FormCommandTest(FormTest):
    def test_output_file(self):
        out_path = Path(self.tmp.name) / "page.html"
        code, out, err = self.run_tool(self.write(SAMPLE), "-o", out_path)
        self.assertEqual((code, out, err), (0, "", ""))
        self.assertEqual(out_path.read_text(encoding="utf-8"), self.page(SAMPLE))

    def test_default_file_is_the_one_beside_the_script(self):
        code, out, err = self.run_tool()
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(Tree(out).root.find("form").attrs["data-name"], "QUESTIONS.md")

    def test_unwritable_output_is_one_line(self):
        code, out, err = self.run_tool(self.write(SAMPLE), "-o", Path(self.tmp.name) / "no" / "page.html")
        self.assertEqual((code, out), (2, ""))
        self.assertEqual(len(err.splitlines()), 1, err)
        self.assertIn("page.html: cannot write", err)

    def test_page_never_overwrites_the_questions_file(self):
        path = self.write(SAMPLE)
        code, out, err = self.run_tool(path, "-o", Path(self.tmp.name) / "." / "Q.md")
        self.assertEqual((code, out), (2, ""))
        self.assertIn("is the questions file itself", err)
        self.assertEqual(path.read_text(encoding="utf-8"), SAMPLE)

    def test_unreadable_input_is_one_line_and_exit_2(self):
        latin = Path(self.tmp.name) / "latin1.md"
        latin.write_bytes("### Q1. Wat?\n\nAnswer: café\n".encode("latin-1"))
        cases = [(Path(self.tmp.name) / "absent.md", "absent.md: no such file"),
                 (self.write("", "empty.md"), "the file is empty"),
                 (latin, "latin1.md:3: not UTF-8 (byte 0xe9)"),
                 (self.write("# Notes\n\nNothing.\n", "none.md"), "no questions found"),
                 (Path(self.tmp.name), "is a directory")]
        for path, message in cases:
            with self.subTest(path=path.name):
                code, out, err = self.run_tool(path)
                self.assertEqual((code, out), (2, ""))
                self.assertEqual(len(err.splitlines()), 1, err)
                self.assertIn(message, err)
                self.assertNotIn("Traceback", err)

    def test_malformed_file_writes_no_page(self):
        out_path = Path(self.tmp.name) / "page.html"
        path = self.write(SAMPLE.replace("- [ ] a) red", "- [x] a) red").replace("- [ ] b) blue", "- [x] b) blue"))
        code, out, err = self.run_tool(path, "-o", out_path)
        self.assertEqual((code, out), (1, ""))
        self.assertIn(f"{path}:{line_of(SAMPLE, '### Q1.')}: Q1: a, b chosen", err)
        self.assertIn("questions.py form: nothing written", err)
        self.assertFalse(out_path.exists())


if __name__ == "__main__":
    unittest.main()
