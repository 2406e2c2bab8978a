"""Text normalisation used only for matching and tokenising; quoted text always stays as written.

One exception changes what is stored: `fold_radicals`, applied at read time, one code point for one code point
(so every offset stays valid). `wrap_breaks` and `unwrap` leave text as it is: they say which line breaks
only wrap a sentence, and give the form with those breaks removed, for display and indexing.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib import resources

_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad]")
_SPACES = re.compile(r"\s+")
# Letters and numbers (Unicode categories L* and N*: exactly what `str.isalnum` and `\w` without `_` accept, checked
# over every code point in tests/ingest), matched in C: a key is made ~70 times per question.
_LETTERS_NUMBERS = re.compile(r"[^\W_]+")
_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヵヶ"
_SPACE_BETWEEN = re.compile(rf"(?<=[{_CJK}A-Za-z0-9])\s+(?=[{_CJK}])|(?<=[{_CJK}])\s+(?=[A-Za-z0-9])")


_CIRCLED = re.compile("[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf]")


_RADICAL = re.compile("[\u2e80-\u2fdf]")


@cache
def radical_table() -> dict[int, str]:
    """Radical code point -> its equivalent unified ideograph (⻑ U+2ED1 -> 長), read once from data/radicals.tsv.

    Returns:
        `{ord(radical): ideograph}` for the CJK Radicals Supplement and Kangxi Radicals rows (328 of them),
        in the form `str.translate` takes.

    Raises:
        ValueError: a row is not `U+XXXX<TAB>radical<TAB>ideograph` with matching code point.
    """
    data = resources.files("qa.ingest").joinpath("data/radicals.tsv").read_text(encoding="utf-8")
    table: dict[int, str] = {}
    for number, line in enumerate(data.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        code, radical, ideograph = line.split("\t")
        if len(radical) != 1 or len(ideograph) != 1 or code != f"U+{ord(radical):04X}":
            raise ValueError(f"radicals.tsv:{number}: not 'U+XXXX<TAB>radical<TAB>ideograph': {line!r}")
        table[ord(radical)] = ideograph
    return table


def fold_radicals(text: str) -> str:
    """Radicals replaced by their unified ideographs (「⻑期保存⾷品」 -> 「長期保存食品」), length unchanged.

    PDF text layers often map a glyph to the radical that looks like it. NFKC folds the Kangxi block only,
    and the CJK Radicals Supplement (⻑ ⻘ ⻝) not at all; the table covers both, so the fold does not depend
    on NFKC. One code point becomes one code point, so offsets into folded text are offsets into the
    document as stored.
    """
    if not _RADICAL.search(text):
        return text  # the common case: no radical at all, no copy
    return text.translate(radical_table())


def nfkc(text: str) -> str:
    """NFKC with invisible and bidi-control characters dropped (they only hide text from matching).

    Radicals are folded first, so that a question pasted from a PDF (「⻑期保存」) matches the stored text.
    Circled numbers (①) are kept: documents use them as markers that plain digits would blur.
    """
    text = _INVISIBLE.sub("", fold_radicals(text))
    parts = _CIRCLED.split(text)
    marks = _CIRCLED.findall(text)
    out = unicodedata.normalize("NFKC", parts[0])
    for mark, part in zip(marks, parts[1:], strict=True):
        out += mark + unicodedata.normalize("NFKC", part)
    return out


def _clusters(raw: str) -> list[tuple[int, int]]:
    """Spans of `raw` that NFKC reads as one: a character and the combining marks after it (ﾋﾞ -> ビ)."""
    out: list[tuple[int, int]] = []
    for i, ch in enumerate(raw):
        folded = nfkc(ch)
        if out and folded and unicodedata.combining(folded[0]):
            out[-1] = (out[-1][0], i + 1)
        else:
            out.append((i, i + 1))
    return out


@lru_cache(maxsize=8192)
def norm_origins(raw: str, collapse: bool = True) -> tuple[tuple[int, int], ...] | None:
    """For each character of `normalize(raw)` (`collapse`) or of `nfkc(raw)`, the span of `raw` it comes from.

    NFKC changes lengths (Ⅱ -> II, ㈱ -> (株), ㌔ -> キロ, ﾋﾞ -> ビ), so an offset found on the normalised form is
    not an offset into the stored text. Each character (with its combining marks) is normalised on its own and
    keeps its origin; the emphasis markers and the spaces that `normalize` drops or collapses are dropped here
    too. None when the result differs from the whole text's normal form, where no exact map exists.
    """
    chars: list[tuple[str, tuple[int, int]]] = [(c, (a, b)) for a, b in _clusters(raw) for c in nfkc(raw[a:b])]
    text = "".join(c for c, _ in chars)
    if not collapse:
        return tuple(o for _, o in chars) if text == nfkc(raw) else None
    drop = {i for m in re.finditer(r"\*\*|__", text) for i in range(m.start(), m.end())}
    out: list[tuple[str, tuple[int, int]]] = []
    for n, (c, o) in enumerate(chars):
        if n in drop:
            continue
        if c.isspace():
            if out and out[-1][0] != " ":
                out.append((" ", o))
        else:
            out.append((c, o))
    while out and out[-1][0] == " ":
        out.pop()
    if "".join(c for c, _ in out) != normalize(raw):
        return None
    return tuple(o for _, o in out)


def raw_span(raw: str, start: int, end: int, norm: str | None = None) -> tuple[int, int]:
    """The span of `raw` that `norm[start:end]` was made from (offsets into `raw`), where `norm` is
    `normalize(raw)` (the default) or `nfkc(raw)`.

    Raises:
        ValueError: `norm` cannot be mapped back character by character (see `norm_origins`) and has another
            length than `raw`, so no offset into it is exact.
    """
    collapse = norm is None or norm != nfkc(raw)
    origins = norm_origins(raw, collapse)
    if origins is None:
        if len(raw) == len(norm if norm is not None else normalize(raw)):
            return start, end
        raise ValueError(f"no exact source span for a normalised line: {raw[:40]!r}")
    if not origins:
        return 0, 0
    begin = origins[min(start, len(origins) - 1)][0]
    # The end is just past the raw characters of the span's last normalised character (Ⅱ gives two: I, I).
    stop = origins[min(end, len(origins)) - 1][1] if end > start else begin
    # Space, and emphasis markers that normalising dropped, do not open or close a span (「 **58.5億円**」).
    kept = {i for a, b in origins for i in range(a, b)}
    while begin < stop and (raw[begin].isspace() or begin not in kept):
        begin += 1
    while stop > begin and (raw[stop - 1].isspace() or stop - 1 not in kept):
        stop -= 1
    return begin, stop


def source_slice(raw: str, norm: str, start: int, end: int) -> str:
    """`norm[start:end]` in the document's own characters (「２，１１３億円」, not 「2,113億円」), where `norm` is
    `normalize(raw)` or `nfkc(raw)`; when it cannot be mapped back exactly the normalised text is the best quote there is."""
    try:
        begin, stop = raw_span(raw, start, end, norm)
    except ValueError:
        return norm[start:end].strip()
    return raw[begin:stop].strip()


def normalize(text: str) -> str:
    """NFKC, markdown emphasis removed, whitespace collapsed: the form every matcher compares."""
    text = nfkc(text).replace("**", "").replace("__", "")
    return _SPACES.sub(" ", text).strip()


def tidy_title(text: str) -> str:
    """Drop layout spaces between Japanese and Latin text ("AI システム" -> "AIシステム") and the leader dots a name
    runs on to its figure or page number with (「自主防災組織活性化支援事業……………」 of a TOC-style list)."""
    return without_leader(_SPACE_BETWEEN.sub("", normalize(text)))


# Leader dots closing a name (NFKC turns 「…」 into 「...」): a run of three or more dots, never part of a name.
_TRAILING_LEADER = re.compile(r"\s*[.・‥…⋯·]{3,}\s*$")


def without_leader(name: str) -> str:
    """A name without the leader dots it runs on to its figure or page number with (「…事業……………」 -> 「…事業」)."""
    return _TRAILING_LEADER.sub("", name)


# A line printed letter-spaced, as PDFs set titles (「北 嶺 町 一 般 会 計 予 算」「記　者　発　表　資　料」): one space
# between single characters, three characters at least.
_LETTER_SPACED = re.compile(r"\S(?:[ \u3000]\S){2,}")


def unspaced(line: str) -> str:
    """A line without its surrounding spaces, and without the spaces between its letters when it is printed
    letter-spaced (「令 和 ８ 年 度」 -> 「令和８年度」); any other line as it is."""
    s = line.strip()
    return re.sub(r"[ \u3000]", "", s) if _LETTER_SPACED.fullmatch(s) else s


def key(text: str) -> str:
    """A comparison key: normalised, without spaces or punctuation, lower case (letters and numbers kept: the
    Unicode categories L* and N*)."""
    return "".join(_LETTERS_NUMBERS.findall(normalize(text).lower()))


def common_run(a: str, b: str) -> int:
    """Length of the longest common substring of two strings.

    For each start in the shorter string, only runs longer than the best so far are tried, each with one substring
    search (`in`, in C): a few searches per character, where the textbook dynamic programme costs len(a)·len(b)
    Python steps (0.16 ms per name, seconds per question against a 200,000-program table).
    """
    if len(a) < len(b):
        a, b = b, a
    best = 0
    for i in range(len(b)):
        while i + best < len(b) and b[i:i + best + 1] in a:
            best += 1
    return best


def in_order(chars: Iterable[str], text: str) -> bool:
    """Whether every one of `chars` stands in `text` in the same order, not necessarily next to each other (「補率」 in
    補助率: the characters of a short or half-typed form of a word)."""
    rest = iter(text)
    return all(c in rest for c in chars)


def overlap(a: str, b: str) -> float:
    """Share of the shorter key covered by the longest common substring of two keys."""
    ka, kb = key(a), key(b)
    if not ka or not kb:
        return 0.0
    if ka in kb or kb in ka:
        return 1.0
    return common_run(ka, kb) / min(len(ka), len(kb))


# -- hard-wrapped lines -----------------------------------------------------------------------------------
# PDF text and text typed to a fixed width break sentences mid-word (「予約シス\nテム」). A break is a wrap when
# the line before it is full (about as wide as the document's lines get) or ends with a comma, does not end a
# sentence or a bracket, and the line after it does not start a new item, heading or label.
_ENDS_SENTENCE = "。．！？!?」』）)】〕］]｝}〉》＞>：:"
_ENDS_CLAUSE = "、，,"
_OPEN_END = _ENDS_CLAUSE + "・ー〜～"
_OPENS = "「『（(〔［["
_MORE_MARKS = re.compile(r"[※➢➤▶►〇＊]")  # item marks the layout patterns do not list
_FULL_SHARE = 0.8  # a line at least this share of the document's wrap width is full
_MIN_FULL = 24  # ... and at least this wide (12 Japanese characters): labels and headings are shorter
_JAPANESE = re.compile(rf"[{_CJK}]")


def text_width(text: str) -> int:
    """Display width: wide and full-width characters count 2, others 1 (how lines are wrapped).

    Counted per distinct character (Counter runs in C; a line repeats few characters): a whole document's lines,
    measured once for its wrap width, took 3 s for the 4M characters of the RS table character by character.
    """
    return sum(count * _char_width(ch) for ch, count in Counter(text).items())


@lru_cache(maxsize=65_536)
def _char_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "FW" else 1


@lru_cache(maxsize=64)
def wrap_width(text: str) -> int:
    """Width of a full line of `text`: the 90th percentile display width of its Japanese lines.

    A percentile, not the maximum, so that one long table row or title does not make every wrapped line
    look short. Cached: it is asked for every program and citation of a document (the string's hash is
    cached by Python, so a hit costs nothing).
    """
    widths = sorted(text_width(line.strip()) for line in text.split("\n")
                    if "\t" not in line and _JAPANESE.search(line))
    return widths[round(0.9 * (len(widths) - 1))] if widths else 0


@cache
def _item_patterns() -> tuple[re.Pattern[str], ...]:
    """Lines that start something new: bullets, markers, numbers, headings, labels, budget lines.

    Taken from the parser's layout patterns on first use (layout imports amounts, which imports this module),
    kept apart because several of them name the same groups.
    """
    from qa.ingest import layout as L

    return (L.BULLET, L.LEAD_MARK, L.TITLE_NUMBER, L.SUBPROJECT, L.CATEGORY, L.NUMBERED_HEADING, L.CONTACT_LABEL,
            L.TOC_ENTRY, L.BRACKETED, L.BUDGET_LINE, *(pattern for _, pattern in L.SECTIONS), _MORE_MARKS)


def starts_item(line: str) -> bool:
    """Whether a (stripped) line opens a new item, heading or label rather than going on with a sentence."""
    return any(pattern.match(line) for pattern in _item_patterns())


# Characters no sentence, heading or list item starts with: particles, verb endings, small kana, the long-vowel
# mark. A line starting with one is the tail of the line before it, however short that line is.
_NEVER_OPENS = frozenset("てでにをはがのやらりるれっゃゅょんーぁぃぅぇぉ")  # や: 「…夜間」「や悪天候による…」


def continues(line: str, following: str, width: int) -> bool:
    """Whether `line` is hard-wrapped mid-sentence into `following` (two physical lines, no newline).

    Args:
        line: the line before the break.
        following: the line after it.
        width: the document's wrap width (`wrap_width`).
    """
    before, after = line.rstrip(), following.strip()
    if not before or not after or "\t" in line or "\t" in following:
        return False  # a blank line ends a paragraph; tabs mean a table row
    last, first = before[-1], after[0]
    if last in _ENDS_SENTENCE or not (last in _OPEN_END or unicodedata.category(last)[0] in "LN"):
        return False  # a finished sentence, a bracket, a label's colon, a ruler line
    if not (first in _OPENS or unicodedata.category(first)[0] in "LN") or starts_item(after):
        return False
    if all(unicodedata.category(ch)[0] == "N" for ch in after):
        return False  # a page number or a section numeral (「6」「Ⅱ」) on its own line
    if first in _NEVER_OPENS and unicodedata.category(last)[0] == "L":
        return True  # 「…完成機輸入に比べ」「てより安価となる…」: no line of its own starts with a particle or ending
    return last in _ENDS_CLAUSE or text_width(before.strip()) >= max(_MIN_FULL, _FULL_SHARE * width)


def wrap_breaks(text: str, start: int = 0, end: int | None = None, width: int | None = None) -> list[int]:
    r"""Offsets of the line breaks in `text[start:end]` that only wrap a sentence.

    Each break is judged on the whole physical lines around it, even when the span starts or ends mid-line.

    Args:
        text: the document text (or any text).
        start, end: the span to look in (default: all of it).
        width: the wrap width; default `wrap_width(text)`.

    Returns:
        Ascending offsets `i` with `text[i] == "\n"`.
    """
    end = len(text) if end is None else end
    at = text.find("\n", start, end)
    if at == -1:
        return []  # one line: nothing to judge, and no need to measure the document
    width = wrap_width(text) if width is None else width
    out = []
    while at != -1:
        line_start = text.rfind("\n", 0, at) + 1
        line_end = text.find("\n", at + 1)
        if continues(text[line_start:at], text[at + 1:len(text) if line_end == -1 else line_end], width):
            out.append(at)
        at = text.find("\n", at + 1, end)
    return out


# A rule between the rows of a table drawn with box characters (or with ASCII: 「+----+」).
_RULE_LINE = re.compile(r"[\s─━┄┈┼┿╋├┤┝┥┠┨┌┐└┘┬┴┯┷=\-+｜|│┃]*")
_FRAME = "｜|│┃"  # the column rules of a text table framed with pipes (or drawn with box characters)


def framed_cell(text: str, start: int, end: int) -> str | None:
    """The cell of a pipe-framed text table that `text[start:end]` spans when the cell wraps onto the lines below
    (「｜1/2以内（上限    ｜」 then 「｜10,000千円）    ｜」): the cell's text on each of those lines, in the same column (the
    cell after as many rules as on the first line, aligned or not), joined (「1/2以内（上限10,000千円）」); None when the
    span stays on one line, does not start right after a rule, or a line below has no cell in that column.

    A spreadsheet exported as text wraps a long cell inside its column: the cell is one value, and the row's other
    columns stand between its pieces in the text.
    """
    if "\n" not in text[start:end]:
        return None
    line_start = text.rfind("\n", 0, start) + 1
    left = text[line_start:start].rstrip(" \u3000")
    if not left or left[-1] not in _FRAME:
        return None
    column = sum(left.count(rule) for rule in _FRAME)  # rules before the cell: the cell is the next one
    pieces: list[str] = []
    at = line_start
    while at < end:
        stop = text.find("\n", at)
        stop = len(text) if stop < 0 else stop
        if pieces and _RULE_LINE.fullmatch(text[at:stop]):
            break  # 「├───┼───┤」: the row's end (a span read up to the next row's rule)
        cells = re.split(f"[{_FRAME}]", text[at:stop])
        if len(cells) <= column:
            return None
        pieces.append(cells[column].strip(" \u3000"))
        at = stop + 1
    return "".join(pieces)


def unwrap(text: str, start: int = 0, end: int | None = None, width: int | None = None) -> str:
    r"""`text[start:end]` with its wraps removed: what people read and what the index sees.

    At each wrap the line break and the spaces around it go; a single space is kept only between two narrow
    (Latin) characters (「Web\nsystem」 -> 「Web system」, 「予約シス\n　テム」 -> 「予約システム」). Other line
    breaks (between items, labels, paragraphs) stay.

    Args:
        text: the document text.
        start, end: the span (default: all of it).
        width: the wrap width; default `wrap_width(text)`.

    Returns:
        The display form, `len() <= end - start`; a pipe-framed table's cell wrapped inside its column is read as
        one (`framed_cell`).
    """
    end = len(text) if end is None else end
    cell = framed_cell(text, start, end)
    if cell is not None:
        return cell  # a table cell wrapped inside its column
    parts: list[str] = []
    at = start
    for brk in wrap_breaks(text, start, end, width):
        before = text[at:brk].rstrip()
        parts.append(before)
        at = brk + 1
        while at < end and text[at].isspace() and text[at] != "\n":
            at += 1
        after = text[at] if at < end else ""
        if before and after and not any(unicodedata.east_asian_width(ch) in "FW" for ch in (before[-1], after)):
            parts.append(" ")
    parts.append(text[at:end])
    return "".join(parts)
