"""A web page (.html, .htm) read as the text a reader sees, in the Markdown forms the text layouts already read.

Offices publish budget programs as web pages as often as PDF: a CMS page with a table per policy area, a page of
cards (a heading per program over a 「予算額 / 前年度 / 担当」 list), an older page of nested layout tables and
<font> tags. The page becomes a text document (`Document.text` is this rendering: citations index it) that the
layout detector reads like any Markdown text:

- the page's <title> is the first line, as a heading; <h1>–<h6> are Markdown headings (「## 子育て支援」);
- a data table is a Markdown table (「| 事業名 | 予算額（千円） |」, a separator line under its header rows),
  with a colspan's extra cells left empty as a spreadsheet export leaves them (the two-row header reader names
  them), a rowspan's text repeated in the rows below it, line breaks inside a cell as 「<br>」, and its
  <caption> on the line above; a table holding another table is layout, its cells read as blocks of text;
- a definition list, and a table of labelled values (th/td pairs: a card's facts), is 「予算額：1億2,345万円」 lines
  (a term and its description on one line);
- list items start with 「・」; paragraphs, divisions and line breaks end lines; runs of spaces collapse as a
  browser collapses them (full-width spaces kept);
- what is no content is left out: scripts, styles, the head, navigation (<nav>, a breadcrumb), and a page's
  <header>, <footer> and <aside> outside its <main> or <article>.

Written over the standard library's `html.parser` (forgiving of unclosed tags) rather than a general HTML-to-Markdown
converter because the rendering follows our readers' conventions, which no converter knows: a rowspan's text repeated,
a colspan's extra cells left empty as the two-row header reader expects them, a table of labelled values and a
definition list as 「label：value」 lines, a badge as a bracketed flag; the tree built here closes <p>, <li>, <td>,
<tr>, <dt>, <dd> as browsers do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from qa.ingest.vocabulary import flags_in

_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"})
_SKIPPED = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "object", "nav", "select",
                      "button", "form"})
_CHROME = frozenset({"header", "footer", "aside"})  # site chrome unless inside <main>/<article>
_CONTENT = frozenset({"main", "article"})
_BLOCK = frozenset({"p", "div", "section", "article", "main", "ul", "ol", "dl", "table", "blockquote", "pre",
                    "center", "address", "figure", "figcaption", "caption", "body", "html", "header", "footer",
                    "aside", "details", "summary", "fieldset", "hr", "br", "tr", "li", "dt", "dd",
                    "h1", "h2", "h3", "h4", "h5", "h6"})
# Elements a new one of a kind closes when still open (HTML's optional end tags), up to the container named.
_CLOSES = {"li": ({"li"}, {"ul", "ol"}), "dt": ({"dt", "dd"}, {"dl"}), "dd": ({"dt", "dd"}, {"dl"}),
           "tr": ({"tr", "td", "th"}, {"table", "thead", "tbody", "tfoot"}), "td": ({"td", "th"}, {"tr", "table"}),
           "th": ({"td", "th"}, {"tr", "table"}), "p": ({"p"}, {"div", "section", "article", "td", "th", "li"}),
           "thead": ({"thead", "tbody", "tr", "td", "th"}, {"table"}),
           "tbody": ({"thead", "tbody", "tr", "td", "th"}, {"table"})}
_NAVIGATION = re.compile(r"breadcrumb|pankuzu|topicpath|gnav|global-?nav|skip", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\n\r\f]+")
_MARKER = re.compile(r"^[・○◯●◎■□◆◇▶▷►※\-*]|^[（(]?\d+[)）.．]")


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[_Node | str] = field(default_factory=list)
    # Its inline text once made (`_inline_text`): a badge is looked for at every inline element, and an element's
    # text holds its children's, so each subtree's text is made once, not once per element around it.
    text: str | None = None


class _TreeBuilder(HTMLParser):
    """A forgiving tree: unknown end tags ignored, optional end tags implied (see `_CLOSES`)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root")
        self.stack = [self.root]

    def _close_implied(self, tag: str) -> None:
        closes, container = _CLOSES.get(tag, (set(), set()))
        for n in range(len(self.stack) - 1, 0, -1):
            open_tag = self.stack[n].tag
            if open_tag in container:
                return
            if open_tag in closes:
                del self.stack[n:]
                return

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._close_implied(tag)
        node = _Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(_Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for n in range(len(self.stack) - 1, 0, -1):
            if self.stack[n].tag == tag:
                del self.stack[n:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def _find(node: _Node, tag: str) -> _Node | None:
    for child in node.children:
        if isinstance(child, _Node):
            if child.tag == tag:
                return child
            found = _find(child, tag)
            if found is not None:
                return found
    return None


def _skipped(node: _Node, in_content: bool) -> bool:
    if node.tag in _SKIPPED or node.attrs.get("role") == "navigation" or "hidden" in node.attrs:
        return True
    if node.tag in _CHROME and not in_content:
        return True
    names = f"{node.attrs.get('class', '')} {node.attrs.get('id', '')}"
    return bool(names.strip()) and bool(_NAVIGATION.search(names))


class _Renderer:
    """Renders the tree into lines (see the module docstring)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current = ""

    def text(self, value: str) -> None:
        self.current += value

    def end_line(self) -> None:
        line = _SPACES.sub(" ", self.current).strip()
        if line:
            self.lines.append(line)
        self.current = ""

    def blank(self) -> None:
        self.end_line()
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def render(self, node: _Node, in_content: bool = False) -> None:
        for child in node.children:
            if isinstance(child, str):
                self.text(child)
                continue
            if _skipped(child, in_content):
                continue
            tag = child.tag
            inside = in_content or tag in _CONTENT
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self.blank()
                heading = _one_line(child)
                if heading:
                    self.lines.append("#" * int(tag[1]) + " " + heading)
                self.blank()
            elif tag == "table":
                self.blank()
                self.table(child, inside)
                self.blank()
            elif tag == "pre":
                self.end_line()
                self.lines.extend(line.rstrip() for line in _inline_text(child, keep_spaces=True).split("\n"))
                self.end_line()
            elif tag == "li":
                self.end_line()
                start = len(self.lines)
                self.render(child, inside)
                self.end_line()
                if len(self.lines) > start and not _MARKER.match(self.lines[start]):
                    self.lines[start] = "・" + self.lines[start]
            elif tag == "dd":
                # on the line of its term: 「予算額：1億2,345万円」
                if self.current.strip() == "" and self.lines and self.lines[-1].endswith("\x00"):
                    self.current = self.lines.pop()[:-1] + "："
                self.render(child, inside)
                self.end_line()
            elif tag == "dt":
                self.end_line()
                self.render(child, inside)
                line = _SPACES.sub(" ", self.current).strip()
                self.current = ""
                if line:
                    self.lines.append(line + "\x00")  # a term waiting for its description
            elif tag in ("br", "hr"):
                self.end_line()
            elif tag in _BLOCK:
                self.end_line()
                self.render(child, inside)
                self.end_line()
                if tag in ("p", "section", "article", "dl", "ul", "ol", "blockquote", "center", "figure"):
                    self.blank()
            elif (flag := _badge(child)) is not None:
                self.text(flag)
            else:
                self.render(child, inside)

    def table(self, table: _Node, in_content: bool) -> None:
        caption = _find(table, "caption")
        if caption is not None and (text := _one_line(caption)):
            self.lines.append(text)
        kinds = _row_kinds(table)
        rows = _rows(kinds)
        if rows and all(len(row) % 2 == 0 and all(kind == "th" for kind, _ in row[::2])
                        and all(kind == "td" for kind, _ in row[1::2]) for row in rows):
            # a table of labelled values (「<tr><th>予算額</th><td>36,800千円</td></tr>」, a card's facts): each pair a
            # 「予算額：36,800千円」 line, as a definition list reads
            for row in rows:
                for (_, label), (_, value) in zip(row[::2], row[1::2], strict=True):
                    self.lines.append(f"{_cell_text(label).replace('<br>', ' ')}：{_cell_text(value).replace('<br>', ' ')}")
            return
        width = max((sum(int(_span(c, "colspan")) for _, c in row) for row in rows), default=0)
        headed = any(kind == "th" for row in rows for kind, _ in row) or any(k == "thead" for k, _ in kinds)
        blocks = any(_find(cell, tag) is not None for row in rows for _, cell in row
                     for tag in ("table", "p", "div", "ul", "ol", "dl", "h2", "h3", "h4"))
        if blocks or width < 2 or len(rows) < 2 or not (headed or len(rows) >= 3):
            # a layout table (cells holding blocks or tables, a box of one or two rows without a header, one
            # column): its cells as blocks of text, as a reader reads the page
            for row in rows:
                for _, cell in row:
                    self.end_line()
                    self.render(cell, in_content)
                    self.end_line()
            return
        grid = _grid(rows)
        header_rows = max(1, sum(1 for kind, _ in kinds if kind == "thead"))
        if header_rows >= len(grid):
            header_rows = 1
        for n, cells in enumerate(grid):
            self.lines.append("| " + " | ".join(cells) + " |")
            if n == header_rows - 1:
                self.lines.append("|" + "|".join(["---"] * len(cells)) + "|")


def _span(cell: _Node, name: str) -> str:
    value = cell.attrs.get(name, "1").strip()
    return value if value.isdigit() and 0 < int(value) < 100 else "1"


def _row_kinds(table: _Node) -> list[tuple[str, _Node]]:
    """(section, tr) of a table's own rows (thead / tbody / tfoot / "" for rows directly in the table)."""
    out: list[tuple[str, _Node]] = []
    for child in table.children:
        if not isinstance(child, _Node):
            continue
        if child.tag == "tr":
            out.append(("", child))
        elif child.tag in ("thead", "tbody", "tfoot"):
            out += [(child.tag, tr) for tr in child.children if isinstance(tr, _Node) and tr.tag == "tr"]
    return out


def _rows(kinds: list[tuple[str, _Node]]) -> list[list[tuple[str, _Node]]]:
    """Each row's cells as (th|td, cell), of a table's rows (`_row_kinds`)."""
    return [[(c.tag, c) for c in tr.children if isinstance(c, _Node) and c.tag in ("td", "th")] for _, tr in kinds]


def _cell_text(cell: _Node) -> str:
    """A cell's text on one line, its line breaks and blocks as 「<br>」 (a Markdown table cell's line break)."""
    renderer = _Renderer()
    renderer.render(cell, True)
    renderer.end_line()
    return "<br>".join(line.replace("\x00", "：").replace("|", "｜") for line in renderer.lines if line)


def _grid(rows: list[list[tuple[str, _Node]]]) -> list[list[str]]:
    """Rows of cell texts with spans laid out: a rowspan's text repeated below, a colspan's extra cells empty."""
    grid: list[list[str]] = []
    carried: dict[int, tuple[int, str]] = {}  # column -> (rows still spanned, text)
    for row in rows:
        out: list[str] = []
        cells = iter(row)
        column = 0
        while True:
            if column in carried:
                left, text = carried[column]
                out.append(text)
                carried[column] = (left - 1, text)
                if left - 1 == 0:
                    del carried[column]
                column += 1
                continue
            cell = next(cells, None)
            if cell is None:
                break
            text = _cell_text(cell[1])
            colspan, rowspan = int(_span(cell[1], "colspan")), int(_span(cell[1], "rowspan"))
            for k in range(colspan):
                out.append(text if k == 0 else "")
                if rowspan > 1:
                    carried[column + k] = (rowspan - 1, text if k == 0 else "")
            column += colspan
        while column in carried:  # spans running past the row's own cells
            left, text = carried.pop(column)
            out.append(text)
            if left > 1:
                carried[column] = (left - 1, text)
            column += 1
        grid.append(out)
    width = max((len(r) for r in grid), default=0)
    return [r + [""] * (width - len(r)) for r in grid]


def _badge(node: _Node) -> str | None:
    """A marker drawn as a badge (「<span class="label-new">新規</span>」 after a program's name) in the bracketed
    form documents write it (「【新規】」), so that it is read as the program's flag, not as part of its name; None
    for any other element."""
    if node.tag in _BLOCK or node.tag in _SKIPPED:
        return None
    text = _SPACES.sub("", _inline_text(node)).strip()
    return f"【{text.strip('【】[]()（）')}】" if text and flags_in(text) else None


def _one_line(node: _Node) -> str:
    """An element's text on one line, runs of spaces collapsed (a heading, a caption, the page's title)."""
    return _SPACES.sub(" ", _inline_text(node)).strip()


def _inline_text(node: _Node, keep_spaces: bool = False) -> str:
    """An element's text, line breaks as spaces (as newlines with `keep_spaces`, for <pre>), badges as flags."""
    if not keep_spaces and node.text is not None:
        return node.text
    parts: list[str] = []
    for child in node.children:
        if isinstance(child, str):
            parts.append(child)
        elif child.tag in ("br",):
            parts.append("\n" if keep_spaces else " ")
        elif (flag := _badge(child)) is not None:
            parts.append(flag)
        elif child.tag not in _SKIPPED:
            parts.append(_inline_text(child, keep_spaces))
    text = "".join(parts)
    if not keep_spaces:
        node.text = text
    return text


def html_to_text(html: str) -> str:
    """The page as text lines (see the module docstring); "" for a page without text."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    root = builder.root
    renderer = _Renderer()
    title = _find(root, "title")
    if title is not None and (text := _one_line(title)):
        renderer.lines += ["# " + text, ""]
    body = _find(root, "body") or root
    if _find(root, "main") is None and _find(root, "article") is None:
        # no content element: the page's own header, footer and aside (direct children of the body) are chrome
        body.children = [c for c in body.children if not (isinstance(c, _Node) and c.tag in _CHROME)]
        renderer.render(body, in_content=True)
    else:
        renderer.render(body)
    renderer.end_line()
    lines = [line.replace("\x00", "") for line in renderer.lines]
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n" if lines else ""


