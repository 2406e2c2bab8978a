"""Budget ledgers (予算書 事項別明細書 / 予算説明書): 款・項・目 with their figures, 節 beside 説明, 事業 as programs.

A ledger page lists the classification 款 > 項 > 目, each with 本年度 / 前年度 / 比較 figures (and 財源内訳, not
read), then two columns that PDF text fuses on one line: the 節 (「10 需用費 4,679,148」, the 28 classes named in
data/vocabulary.toml [ledger]) and the 説明 (「1　小学校給食維持運営（学務課） 3,163,729」, the programs). Programs
are the numbered 事業 lines of the 説明 column, their categories 款 > 項 > 目 (category = 目), their department the
trailing parentheses; an amount wrapped to a later line (alone, or after the next 節) is theirs. 目/項/款 lines are
totals with their previous-year figure; an unnumbered 説明 line with an amount (大事業 「小学校運営費 3,684,897」)
is a total too, and the 事業 under it name it as their parent. Figures are in the unit the ledger states
(「千円」 above the columns, a 「単位：千円」 line, or a column header 「説明（千円）」).

Other ledgers do not fuse the columns: under each 目 the 節 lines come first, then the 説明 as a block of its
own, opened by a heading (「＜説明＞」「【説明】」「（説明）」, alone or before the first 事業) or by nothing but the
change from 節 names to numbered names; their 款/項/目 lines may label each figure (「本年度 512,301　前年度
499,403　増減 12,898」, the labels in data/vocabulary.toml [ledger] figure_labels).

A 事業別予算説明書 writes each 事業 under its 目 as a block of labelled lines (「事業名　移住定住促進事業」「担当課　…」
「事業費　18,720　15,300　3,420」 under 「本年度 前年度 比較」, 「財源内訳」 over its figures, then its 節 lines with their 説明
lines; the labels in data/vocabulary.toml [ledger.blocks]): the block is the 事業 (`_blocks`), its 節 and 説明 lines no
事業 of their own, and a line closing a 目 (「【５目　企画費　計】　本年度 80,570 …」) the 目's total.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache

from qa.ingest import layout as L
from qa.ingest.lines import Line
from qa.ingest.models import Amount, Budget, Document, Program, Section, Subproject
from qa.ingest.normalize import normalize, text_width, tidy_title
from qa.ingest.ruled import RuledLine, unruled
from qa.ingest.signals import figure_lines
from qa.ingest.structure import pages_from_breaks, program_id
from qa.ingest.vocabulary import bare_unit, compact, figure, header_field, unit_in, vocabulary
from qa.ingest.years import FiscalLabel, label_of

NAME = "ledger"

_FIG = r"[△▲]?\d{1,3}(?:[,，]\d{3})+|[△▲]?\d+"
# The mark of a page that goes on with the 款/項/目 of the page before: 「（続き）」「（続）」「（つづき）」.
_GOES_ON = r"\s*" + L.CONTINUED
# The unit a 説明 amount may carry (「24,600千円」 where the column's figures each say it): no part of the figure.
_AMT_UNIT = r"(?:\s?(?:千円|百万円|円))?"


@dataclass
class _Level:
    """A 款/項/目 line: its level (0 款, 1 項, 2 目), name and figures (本年度, 前年度, 比較) with their spans."""

    line: int
    level: int
    name: str
    figures: list[tuple[str, int, int]]
    closing: bool = False  # a total closing its 目 (「【５目　企画費　計】　本年度 80,570 …」), after the 目's lines


@dataclass
class _Entry:
    """A 説明 entry: a numbered 事業 (program) or an unnumbered 大事業 with its amount (a total)."""

    line: int
    name: str
    name_span: tuple[int, int]
    numbered: bool
    amount: tuple[str, int, int] | None = None
    path: list[str] = field(default_factory=list)
    parent: int | None = None
    end: int = 0
    mark: str = ""
    details: list[tuple[int, int]] = field(default_factory=list)  # spans of its ・ lines (「・農業委員 10人」)
    breakdown: bool = False  # a priced line under a 事業 that is part of its amount (「予防接種委託料 352,480」)
    column: int = -1  # display column of its ○ mark, for a 説明 column that marks its 事業 (-1: unmarked)
    indent: int = -1  # display column of an unmarked priced line's name (-1: not read), for lines indented under it
    block: _Block | None = None  # the labelled block a 事業別予算説明書 writes the 事業 as (`_blocks`)




# A name alone in brackets on a 説明 line (「【健康づくり課】」「〔教育支援センター〕」): a department when it ends
# as one (data/vocabulary.toml [ledger] department_endings, as `_department` reads parentheses).
_BRACKETED_NAME = re.compile(r"[【〔\[［]([^】〕\]］]+)[】〕\]］]")
# The rest of a 事業 name wrapped under its first line (「事業（新規）」「補助事業」), and the endings a whole name has.
_NAME_TAIL = re.compile(r"[一-龥ァ-ヶー]{1,6}(?:[（(][^（）()]{1,6}[)）])?")
_NAME_END = re.compile(r"(?:事業|費|金|料|等|分|[)）】])$")


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """The ledger's line patterns, built from the vocabulary (節 names, level words)."""
    ledger = vocabulary()["ledger"]
    # 「使用料及び賃借料」 is written 「使用料及賃借料」 too: 及び and 及 are one word in 節 names.
    # A long name wraps in its narrow column (「18 負担金補助及び 512,600」 over 「交付金」): its head up to 及び or
    # 、 stands for it on the line with the figure.
    names = set(ledger["setsu"]) | {head for n in ledger["setsu"] for head in _wrapped_heads(n)}
    setsu = "|".join(re.escape(n).replace("及び", "及び?").replace("、", "[、,]?")
                     for n in sorted(names, key=len, reverse=True))
    levels = "".join(ledger["levels"])
    endings = "|".join(map(re.escape, ledger["level_endings"]))
    # The marks a 説明 column opens its lines with (data/vocabulary.toml [ledger]): a 事業's (「○」「◯」「●」「◇」),
    # a heading's, and a detail's or routine cost's (「・」).
    opens, heads, details = (re.escape("".join(ledger[k])) for k in ("program_marks", "heading_marks", "detail_marks"))
    # 「本年度 7,752,303　前年度 7,881,922　増減 ▲129,619」: a label may stand before each figure of a level line.
    label = "(?:(?:" + "|".join(sorted(map(re.escape, ledger["figure_labels"]), key=len, reverse=True)) + r")\s*)?"
    return {
        # A 説明 line opening with ○/◇ (a 事業), and one opening with ・ (a detail), after the column's white space.
        "open_bullet": re.compile(rf"(?:^|\s)[{opens}]\s*[^\s\d]"),
        "detail_bullet": re.compile(rf"(?:^|\s)[{details}]\s*[^\s\d]"),
        "detail_open": re.compile(rf"[{details}]"),
        # A 説明 line opened by a mark (a 事業 or a detail of its own).
        "mark_open": re.compile(rf"[{opens}{heads}{details}]"),
        # 「1 報酬 1,981,355」 at the start of a line: the 節 column (what follows is the 説明 column).
        "setsu": re.compile(rf"^\s*\d{{1,2}}\s*(?:{setsu})\s*(?:{_FIG})(?=\s|$)"),
        # The same anywhere on a line: after a 目 line's figures (「１目 一般管理費 166,142 … １報酬 4,210 ○…」).
        "setsu_any": re.compile(rf"(?:^|(?<=\s))\d{{1,2}}\s*(?:{setsu})\s*(?:{_FIG})(?=\s|$)"),
        # 「３款　民生費  53,183,188 49,470,261 3,712,927」「1 学校管理費 9,750,400 9,213,927 536,473 …」
        # 「１目　土木総務費　本年度 512,301　前年度 499,403　増減 12,898」 (labelled figures)
        # 「款 3 民生費 …」: the level word may stand before the number too.
        # 「民生費　612,400　590,100　22,300」: a 総括 may name its 款 without their numbers; a name ending as the
        # classification's names do (data/vocabulary.toml [ledger] level_endings) stands for one then.
        "level": re.compile(rf"^\s*(?:[（(](?P<plvl>[{levels}])[)）]|(?P<blvl>[{levels}])(?=\s*\d))?\s*"
                            rf"(?:(?P<num>\d{{1,2}})|(?=[^\s\d△▲(（]\S*(?:{endings})\s))"
                            rf"\s*(?P<lvl>[{levels}])?\s*"
                            rf"(?P<name>[^\s\d△▲(（][^\s]*?)\s+"
                            # 「本年度 1,450,870千円」: a figure may carry the unit; 「（単位：千円）」 may end the line.
                            rf"(?P<figs>{label}(?:{_FIG})(?:千円)?(?:\s+{label}(?:{_FIG})(?:千円)?){{2,}})"
                            # 「… 307,500  34.5」: the 総括's share of the whole (構成比) may close the line
                            rf"(?:\s+\d{{1,3}}\.\d{{1,2}}\s*[%％]?)?"
                            rf"\s*(?:[（(]単位[:：]\s*[^)）]+[)）])?\s*$"),
        # 「款   2  総務費」「項 1 総務管理費」 alone on a line (no figures): the page's 款 or 項, opening what follows.
        # 「１款　議会費」「２項　総務管理費」 (the number first) as well.
        "heading": re.compile(rf"^\s*(?:(?P<lvl>[{levels}])\s*(?P<num>\d{{1,2}})|\d{{1,2}}\s*(?P<lvl2>[{levels}]))\s+"
                              rf"(?P<name>[^\s\d△▲]\S*)"
                              rf"\s*(?:[（(]単位[:：]\s*[^)）]+[)）])?\s*$"),
        # 「（款）10 教育費　（項）2 小学校費」: a page header naming the current 款 and 項.
        "context": re.compile(rf"[（(](?P<lvl>[{levels}])[)）]\s*\d{{1,2}}\s*(?P<name>[^\s（(]+)"),
        # 「款　２　総務費　　　　項　１　総務管理費（続き）　（単位：千円）」: a page header naming two levels in a row,
        # their words before their numbers; the figure lines under it are of the next level down.
        # 「2款　総務費　　　1項　総務管理費」 (each number before its word) as well.
        # (「…１目　児童福祉総務費　（つづき）」: the page's mark that it goes on may stand after a gap, in kana too)
        "header": re.compile(rf"^\s*(?:(?:[{levels}]\s*\d{{1,2}}|\d{{1,2}}\s*[{levels}])\s*[^\s\d（(]+(?:{_GOES_ON})?\s+){{1,2}}"
                             rf"(?:[{levels}]\s*\d{{1,2}}|\d{{1,2}}\s*[{levels}])\s*[^\s\d（(]+(?:{_GOES_ON})?"
                             rf"\s*(?:[（(]単位[:：]\s*[^)）]+[)）])?\s*$"),
        "header_part": re.compile(rf"(?:(?P<lvl>[{levels}])\s*\d{{1,2}}|\d{{1,2}}\s*(?P<lvl2>[{levels}]))\s*"
                                  rf"(?P<name>[^\s\d（(]+)"),
        # 「(1) 民生委員・児童委員活動支援（福祉部福祉管理課）      48,680」「1　小学校管理運営（…） 1,927,378」
        # Numbered (1) / 1 / ① / ア / (ア): the marks ledgers number their 事業 with.
        "entry": re.compile(rf"^(?P<mark>[(（](?:\d{{1,3}}|[ア-ン])[)）]|(?:\d{{1,3}}|[ア-ン])(?=[\s\u3000．.、])[．.、]?"
                            rf"|[①-⑳㉑-㉟㊱-㊿]|事業\s*\d{{1,3}}(?=[\s\u3000]))[\s\u3000]*(?P<name>\S.*?)"
                            rf"(?:\s+(?P<amt>{_FIG}){_AMT_UNIT})?\s*$"),
        # 「小学校運営費 3,684,897」: a 大事業 heading with its amount.
        "group": re.compile(rf"^(?:[{opens}{heads}{details}]\s*)?(?P<name>[^\s\d△▲(（※][^\s]*?)\s+(?P<amt>{_FIG}){_AMT_UNIT}\s*$"),
        "figure": re.compile(rf"^(?P<amt>{_FIG}){_AMT_UNIT}\s*$"),
        # 「大事業 01 地域福祉推進【福祉課】」: a 大事業 heading without an amount; the 事業 under it are its parts.
        # 「○デジタル行政推進（…）事業」 with its amount wrapped to the next line.
        "bullet": re.compile(rf"^[{opens}{heads}{details}]\s*(?P<name>[^\s\d△▲].*?)\s*$"),
        "major": re.compile(r"^大事業\s*\d{1,3}[\s\u3000]*(?P<name>\S.*?)\s*$"),
        # 「【５目　企画費　計】　本年度 80,570　前年度 73,200　比較 7,370」「２目 予防費 計 65,410 63,550 1,860」: a
        # total closing its 目 (or 項, 款) after the lines it adds up; without its level word, named as the 目 it closes.
        "closing": re.compile(rf"^\s*[【［\[〔〈<＜(（]?\s*(?:\d{{1,2}}\s*(?P<lvl>[{levels}])|(?P<blvl>[{levels}])\s*\d{{1,2}})?"
                              rf"\s*(?P<name>[^\s\d△▲(（【】［］\[\]]+?)\s*の?\s*(?:合\s*計|小\s*計|計)\s*[】］\]〕〉>＞)）]?\s+"
                              rf"(?P<figs>{label}(?:{_FIG})(?:千円)?(?:\s+{label}(?:{_FIG})(?:千円)?){{1,}})"
                              rf"\s*(?:[（(]単位[:：]\s*[^)）]+[)）])?\s*$"),
        # A 節 line of a 事業's block (`_blocks`), its number not always written (「12 委託料 3,300 …」「委託料 3,300」).
        "block_setsu": re.compile(rf"^\s*(?:\d{{1,2}}\s*)?(?:{setsu})\s*(?P<amt>{_FIG})(?:千円)?(?=\s|$)"),
        # 「＜説明＞」「【説明】」「（説明）」「説明」: the heading of a 説明 block written after the 節 lines.
        "marker": re.compile(r"\s*(?:[＜<【［\[（(〈]\s*説\s*明\s*[＞>】］\]）)〉]|説\s*明(?:\s*欄)?(?=[\s\u3000]|$))[\s\u3000]*"),
    }


def _department(name: str) -> tuple[str, str | None]:
    """A 事業 name without its trailing department parentheses, and the department (「（福祉部福祉管理課）」)."""
    match = re.search(r"[（(](?P<dept>[^（）()]+)[)）]\s*$", name)
    endings = tuple(vocabulary()["ledger"]["department_endings"])
    if match and match.group("dept").endswith(endings):
        return name[:match.start()].rstrip(), match.group("dept")
    return name, None


def _bracketed_department(text: str) -> str | None:
    """The department a 説明 line names alone in brackets (「【健康づくり課】」), or None: a name ending as a
    department does (data/vocabulary.toml [ledger] department_endings), after two to twenty characters."""
    match = _BRACKETED_NAME.fullmatch(normalize(text))
    name = match.group(1) if match else ""
    endings = vocabulary()["ledger"]["department_endings"]
    return name if any(name.endswith(e) and 2 <= len(name) - len(e) <= 20 for e in endings) else None


# ------------------------------------------------------------------------ 事業別予算説明書: one labelled block per 事業
# Under its 目 a 事業別予算説明書 writes each 事業 as a block of labelled lines (data/vocabulary.toml [ledger.blocks]):
#   事業番号　02-01-05-001　　事業名　移住定住促進事業
#   担当課　　企画政策課　移住定住係
#   事業概要　町外からの移住者に対し …
#                   本年度      前年度        比較
#   事業費          18,720      15,300       3,420
#   財源内訳    国県支出金      地方債      その他    一般財源
#                    4,500          －       2,000      12,220
#   節                              金額　　説明
#    7 報償費                        240　　移住コーディネーター謝礼                     240
#                                       　　お試し住宅管理委託料（沢口地区 1棟）       1,100
# The block is the 事業 (its 事業費's first figure its budget); its 節 and 説明 lines are its breakdown, no 事業.


@dataclass
class _Block:
    """A 事業's labelled block: line indexes of its title line and of the line after it (`stop`), its name and the
    doc spans (start, end) of what it states. `figures` maps budget / previous / change to (figure text, start, end,
    unit or None: the unit the figure carries, 「18,720千円」)."""

    opener: int
    stop: int
    name: str
    name_span: tuple[int, int]
    end: int = 0  # doc offset where its last line read ends
    figures: dict[str, tuple[str, int, int, tuple[str, int] | None]] = field(default_factory=dict)
    department: str | None = None
    department_span: tuple[int, int] | None = None
    summary: tuple[int, int] | None = None
    sources: tuple[int, int] | None = None
    setsu: list[tuple[str, int, int]] = field(default_factory=list)  # (節 name, start, end): its line and 説明 under it
    details: list[tuple[int, int]] = field(default_factory=list)  # its 説明 texts, one a line
    figure_lines: int = 0  # lines holding a figure besides its 事業費 and 節 lines (財源内訳's, 説明's)
    # its 節 lines as the ledger counts them (`score`): numbered (「12 委託料 3,300」) or under the 節 column's head
    setsu_lines: int = 0


@cache
def _block_label() -> tuple[re.Pattern[str], dict[str, str]]:
    """The pattern of a block's label (data/vocabulary.toml [ledger.blocks]) and the field of each label word.

    A label opens the line (after its indentation or a mark) or follows a gap (two spaces, a full-width one), and ends
    at a gap, a colon, a closing bracket or the line's end: 「事業費計（22事業）」 and 「担当課長」 are no labels."""
    fields = {w: name for name, words in vocabulary()["ledger"]["blocks"].items() for w in words}
    words = "|".join(map(re.escape, sorted(fields, key=len, reverse=True)))
    pattern = re.compile(rf"(?:[■□◆◇●○・･【［\[〔〈<＜]\s*)?(?P<label>{words})"
                         r"\s*(?:[（(]\s*(?P<unit>百万円|千円|円)\s*[)）])?"
                         r"(?:\s*[】］\]〕〉>＞]\s*[:：]?|\s*[:：]|(?=\s|$))")
    return pattern, fields


def _labelled(line: Line) -> list[tuple[str, int, int, int]]:
    """The labelled values of a line: (field, label start, value start, value end) with offsets in the raw line,
    each value running to the next label or the line's end, white space trimmed (an empty value: start = end)."""
    pattern, fields = _block_label()
    found = [m for m in pattern.finditer(line.raw)
             if not line.raw[:m.start()].strip() or re.search(r"(?:\s\s|\u3000)$", line.raw[:m.start()])]
    out = []
    for n, m in enumerate(found):
        end = found[n + 1].start() if n + 1 < len(found) else len(line.raw)
        value = line.raw[m.end():end]
        a = m.end() + len(value) - len(value.lstrip())
        out.append((fields[m.group("label")], m.start(), a, max(a, m.end() + len(value.rstrip()))))
    return out


# A figure column's words (「本年度」「前年度」「比較」「予算額」「増減」) and the fields they head.
_FIGURE_FIELDS = ("budget", "previous", "change")
# The pieces of a line of figures: a figure with the unit it may carry, a dash for an empty cell, or a word.
_FIGURE_PIECE = re.compile(rf"(?P<fig>{_FIG})\s?(?P<unit>百万円|千円|円)?|(?P<dash>[－―—‐\-ー]+)|(?P<word>[^\s\d－―—‐\-△▲]+)")


def _figure_header(line: Line) -> list[str] | None:
    """The fields a column header of figures names in order (「本年度　前年度　比較」 -> budget, previous, change), or
    None: a line without digits whose words (two or more) each head a figure column."""
    words = line.norm.split()
    if len(words) < 2 or re.search(r"\d", line.norm):
        return None
    named = [header_field(w) for w in words]
    return named if all(f in _FIGURE_FIELDS for f in named) else None  # type: ignore[return-value]


def _block_figures(line: Line, a: int, b: int, header: list[str] | None
                   ) -> dict[str, tuple[str, int, int, tuple[str, int] | None]]:
    """The figures of a 事業費 value (raw line offsets a:b) by field: a figure after a word naming its column
    (「本年度 18,720　前年度 15,300」「18,720千円（前年度 15,300千円）」) is that column's; the others take the columns
    of the header above in order, or 本年度, 前年度, 比較 in order. A dash is an empty cell (「－」: none last year)."""
    units = vocabulary()["units"]["yen"]
    cells: list[tuple[str | None, re.Match[str]]] = []
    named: str | None = None
    for m in _FIGURE_PIECE.finditer(line.raw, a, b):
        if m.group("word"):
            found = header_field(m.group("word"))
            named = found if found in _FIGURE_FIELDS else named
            continue
        cells.append((named, m))
        named = None
    order = header if header and len(header) == len(cells) else list(_FIGURE_FIELDS)
    out: dict[str, tuple[str, int, int, tuple[str, int] | None]] = {}
    free = [f for f in order if f not in {n for n, _ in cells if n}]
    for n, m in cells:
        name = n or (free.pop(0) if free else None)
        if name is None or name in out or not m.group("fig"):
            continue
        unit = (m.group("unit"), int(units[m.group("unit")])) if m.group("unit") else None
        out[name] = (m.group("fig"), line.start + m.start("fig"), line.start + m.end("fig"), unit)
    return out


def _furniture(line: Line) -> bool:
    """A page's furniture inside a block: a page number, a rule, a page header declaring the unit, or a 款/項/目 header
    of a page that goes on (「…１目　児童福祉総務費　（つづき）」)."""
    return bool(L.PAGE_NUMBER.fullmatch(line.norm) or L.RULE_LINE.match(compact(line.norm)) or unit_in(line.norm)
                or (_patterns()["header"].match(line.norm) and re.search(_GOES_ON, line.norm)))


def _ends_block(line: Line) -> bool:
    """A line no 事業's block runs past: a 款/項/目 heading or line, a total closing one, the ledger's 合計."""
    p = _patterns()
    if _furniture(line):
        return False
    if p["header"].match(line.norm) or p["heading"].match(line.norm) or _GRAND_TOTAL.match(line.norm):
        return True
    closing = p["closing"].match(line.norm)
    ledger = vocabulary()["ledger"]
    if closing is not None and (closing.group("lvl") or closing.group("blvl") or closing.group("name") in ledger["levels"]
                                or closing.group("name").endswith(tuple(ledger["level_endings"]))):
        return True  # 「【５目　企画費　計】…」「目計 …」「観光費　計 …」, not a 説明's 「小計」
    level, _ = _columns(line)
    return bool(level and (level.group("lvl") or level.group("plvl") or level.group("blvl")))


def _blocks(lines: list[Line]) -> dict[int, _Block]:
    """The 事業 blocks of a 事業別予算説明書 by the index of their title line (「事業名　移住定住促進事業」): each runs to
    the next title line or the next 款/項/目 (`_ends_block`), and is kept when its 事業費 line gives this year's figure.
    A line without a label continues what the line above began: the 事業概要's text, the 財源内訳's figures and their
    note (「（その他：ふるさと応援基金繰入金）」), a 節's 説明 lines."""
    p = _patterns()
    openers = [ln.index for ln in lines if any(f == "title" and a < b for f, _, a, b in _labelled(ln))]
    blocks: dict[int, _Block] = {}
    for k, first in enumerate(openers):
        limit = openers[k + 1] if k + 1 < len(openers) else len(lines)
        line = lines[first]
        title = next((a, b) for f, _, a, b in _labelled(line) if f == "title")
        block = _Block(first, limit, normalize(line.raw[title[0]:title[1]]), (line.start + title[0], line.start + title[1]),
                       end=line.start + title[1])
        header: list[str] | None = None
        setsu_head = False  # the 節 column's head (「節　金額　説明」) was read: an unnumbered 節 line is one too
        current = ""  # what an unlabelled line continues: "summary", "sources", "setsu" or nothing
        for j in range(first, limit):
            line = lines[j]
            if j > first and _ends_block(line):
                block.stop = j
                break
            if not line.norm or _furniture(line):
                continue
            labelled = [v for v in _labelled(line) if j > first or v[0] != "title"]
            if labelled or j == first:
                for name, at, a, b in labelled:
                    if name == "department" and block.department is None and a < b:
                        block.department = " ".join(normalize(line.raw[a:b]).split())
                        block.department_span = (line.start + a, line.start + b)
                    elif name == "summary" and block.summary is None and a < b:
                        block.summary = (line.start + a, line.start + b)
                    elif name == "budget" and not block.figures:
                        block.figures = _block_figures(line, a, b, header)
                    elif name == "sources" and block.sources is None:
                        block.sources = (line.start + at, line.start + len(line.raw.rstrip()))
                        block.figure_lines += bool(re.search(r"\d", line.raw[a:b]))
                current = next((n for n, *_ in reversed(labelled) if n in ("summary", "sources", "setsu")), "")
                setsu_head = setsu_head or current == "setsu"
                block.end = max(block.end, line.start + len(line.raw.rstrip()))
                continue
            if (named := _figure_header(line)) is not None:
                header, current = named, ""
                continue
            setsu = p["block_setsu"].match(line.raw)
            if setsu is not None:
                block.setsu.append((_setsu_name(setsu.group()), line.start + setsu.start(), line.end))
                block.setsu_lines += setsu_head or bool(p["setsu"].match(line.raw))
                rest = line.raw[setsu.end():]
                if rest.strip():
                    a = setsu.end() + len(rest) - len(rest.lstrip())
                    block.details.append((line.start + a, line.start + len(line.raw.rstrip())))
                current = "setsu"
            elif current == "summary" and block.summary is not None:
                block.summary = (block.summary[0], line.start + len(line.raw.rstrip()))
            elif current == "sources" and block.sources is not None:
                block.sources = (block.sources[0], line.start + len(line.raw.rstrip()))
                block.figure_lines += bool(re.search(r"\d", line.raw))
            elif current == "setsu" and block.setsu:
                name, a, _ = block.setsu[-1]
                if (tail := _wrapped_tail().match(line.raw)) is not None and name in {
                        head for n in vocabulary()["ledger"]["setsu"] for head in _wrapped_heads(n)}:
                    name += re.sub(rf"\s|{_FIG}", "", tail.group())  # 「18 負担金補助及び」 over 「交付金」: one 節
                block.setsu[-1] = (name, a, line.end)
                text = line.raw.strip()
                start = line.start + line.raw.index(text)
                block.details.append((start, start + len(text)))
                block.figure_lines += bool(re.search(rf"\s(?:{_FIG})\s*$", line.raw))
            else:
                continue
            block.end = max(block.end, line.start + len(line.raw.rstrip()))
        if "budget" in block.figures:
            blocks[first] = block
    return blocks


def _setsu_name(text: str) -> str:
    """The 節 name of a block's 節 line (「 7 報償費                        240」 -> 「報償費」)."""
    return re.sub(rf"^\s*\d{{0,2}}\s*|\s*(?:{_FIG})(?:千円)?\s*$", "", normalize(text)).strip()


def _unit(lines: list[Line]) -> tuple[str, int] | None:
    """The ledger's unit: a 「単位：千円」 line, a column header naming it in parentheses (「説明（千円）」), or a line
    of unit words alone above the columns (「千円 千円 千円」)."""
    units = vocabulary()["units"]["yen"]
    for line in lines:
        declared = unit_in(line.norm)
        if declared:
            return declared
        if not re.search(r"\d", line.norm):
            bare = bare_unit(line.norm)  # 「科目　本年度予算額 … 説明（千円）」: the unit in a column header's parentheses
            if bare:
                return bare
        words = line.norm.split()
        counted = {w: words.count(w) for w in words if w in units}
        if counted and not re.search(r"\d", line.norm):
            word = max(counted, key=lambda w: counted[w])
            if counted[word] >= 2:  # 「千円 千円 千円 区 分 金額 千円」: the unit over each column
                return word, int(units[word])
    return None


def _figures(line: Line, text: str, base: int) -> list[tuple[str, int, int]]:
    """The figures of `text` (a part of the line starting at offset `base` of the raw line), with doc spans."""
    return [(m.group(), line.start + base + m.start(), line.start + base + m.end())
            for m in re.finditer(_FIG, text)]


def _wrapped_heads(name: str) -> list[str]:
    """Where a 節 name wraps in its column: its heads through 及び or 、 (「負担金補助及び」 of 負担金補助及び交付金),
    at least four characters, never the whole name."""
    # 「18 負担金補助 107,500」 over 「及び交付金」 wraps before 及び as well as after it.
    return [head for m in re.finditer(r"及び|、", name) for head in (name[:m.start()], name[:m.end()])
            if 4 <= len(head) < len(name)]


@cache
def _wrapped_tail() -> re.Pattern[str]:
    """The rest of a wrapped 節 name alone at a line's start (「交付金」 under 「負担金補助及び」), then the 説明."""
    tails = {n[len(head):] for n in vocabulary()["ledger"]["setsu"] for head in _wrapped_heads(n)}
    # (「及び交付金 23,240」: the rest may carry the 節's figure when the head's line did not)
    return re.compile(r"^\s*(?:" + "|".join(map(re.escape, sorted(tails, key=len, reverse=True))) + r")"
                      rf"(?:\s*(?:{_FIG}))?(?=\s{{2,}}|　)")


@cache
def _wrapped_head() -> re.Pattern[str]:
    """A 節 entry whose figure wrapped to the next line (「18 負担金補助」 over 「及び交付金 23,240」), before the 説明
    column on its line (「18 負担金補助         ・移住相談会出展経費  1,400」)."""
    names = {head for n in vocabulary()["ledger"]["setsu"] for head in _wrapped_heads(n)}
    # (after a wrapped 目 name too: 「   興費      18 負担金補助      ○住宅リフォーム促進事業  10,000」)
    return re.compile(r"(?:^|(?<=\s))\d{1,2}\s*(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
                      + r")(?=\s{2,}|　)")


# The line adding up a ledger's 総括 (「歳　出　合　計　21,474,000　20,842,550　631,450」): three figures or more.
# (a share may stand between the figures too: 「2,395,720　100.0　2,307,010　88,710　3.8」, 構成比 after the budget)
_GRAND_TOTAL = re.compile(rf"^\s*(?P<name>(?:歳\s*出\s*)?(?:合\s*計|総\s*計))\s+(?:{_FIG})"
                          rf"(?:\s+(?:-?\d{{1,3}}\.\d{{1,2}}\s*%?\s+)?(?:{_FIG})){{2,}}"
                          r"(?:\s+-?\d{1,3}\.\d{1,2}\s*%?)?\s*$")
# A share written between a 総括 line's figures (「100.0」), blanked before they are read.
_SHARE_INSIDE = re.compile(r"(?<=\s)-?\d{1,3}\.\d{1,2}\s*%?(?=\s)")
# A share of the whole (構成比) closing a 総括 line: 「  34.5」「　３４．５％」.
_SHARE_TAIL = re.compile(r"[ \t\u3000]+[0-9０-９]{1,3}[.．][0-9０-９]{1,2}[ \t\u3000]*[%％]?[ \t\u3000]*$")


def _columns(line: Line) -> tuple[re.Match[str] | None, re.Match[str] | None]:
    """A line cut at its 節 entry: the 款/項/目 read in what precedes it (normalised; the whole line without a 節
    entry), and the 節 entry itself (「１報酬 4,210」, fused after a 目's figures or opening the line), each None
    when the line has none. On a ruled line both are read left of the 説明 column's rule only."""
    end = line.opens if isinstance(line, RuledLine) and line.opens >= 0 else len(line.raw)
    setsu = _patterns()["setsu_any"].search(line.raw, 0, end)
    left = normalize(line.raw[:end]) if setsu is None else normalize(line.raw[:setsu.start()]).strip()
    level = _patterns()["level"].match(left) if left else None
    if setsu is not None and not left and (whole := _patterns()["level"].match(normalize(line.raw[:end]))):
        # 「１４　予備費　20,000　20,000　0」: a 款 named as a 節 is (予備費), with its three figures, is the 款
        return whole, None
    return level, setsu


def _explain(line: Line, setsu: re.Match[str] | None) -> tuple[str, int]:
    """The 説明 part of a line and its offset in the raw line: what follows its 節 entry (`_columns`) or a 説明
    heading (「＜説明＞」「【説明】」「（説明）」, alone or before the first 事業), or the line."""
    p = _patterns()
    if isinstance(line, RuledLine) and line.opens >= 0:
        # a ruled table: the 説明 column begins at its rule, whatever the cells left of it hold
        match = p["marker"].match(line.raw, line.opens)
        offset = match.end() if match else line.opens
        rest = line.raw[offset:]
        return rest.strip(), offset + len(rest) - len(rest.lstrip())
    offset = setsu.end() if setsu is not None else 0
    if setsu is None and (tail := _wrapped_tail().match(line.raw) or _wrapped_head().search(line.raw)):
        # 「交付金　　3 【新規】小学校給食費無償化事業…」「18 負担金補助　　・移住相談会出展経費」: the 説明 after the
        # wrapped 節 name
        offset = tail.end()
    match = p["marker"].match(line.raw, offset)
    if match:
        offset = match.end()
    rest = line.raw[offset:]
    return rest.strip(), offset + len(rest) - len(rest.lstrip())


def _depths(lines: list[Line]) -> dict[int, int]:
    """The level (0 款, 1 項, 2 目) of every classification line, by line index.

    A level written on the line (「３款」) or named by a page header (「（款）10 教育費　（項）2 小学校費」) decides;
    otherwise lines in a run with nothing between them open from the outside in (款, 項, 目 at the top of a
    ledger; 項, 目 where a new 項 begins), and a line alone is a 目.
    """
    p = _patterns()
    words = vocabulary()["ledger"]["levels"]
    context: dict[str, str] = {}
    depths: dict[int, int] = {}
    run: list[int] = []  # consecutive level lines whose level nothing names

    def close() -> None:
        # More lines than levels (the 総括 listing every 款 with its figures) are peers at the outermost level.
        for n, index in enumerate(run):
            depths[index] = 0 if len(run) > len(words) else max(0, len(words) - len(run) + n)
        run.clear()

    below_header: int | None = None  # the level a two-level page header leaves its figure lines at
    for line in lines:
        if not line.norm:
            continue
        for found in p["context"].finditer(line.norm):
            context[found.group("lvl")] = compact(found.group("name"))
        if p["header"].match(line.norm):
            close()
            below_header = 1 + max(words.index(m.group("lvl") or m.group("lvl2"))
                                   for m in p["header_part"].finditer(line.norm))
            continue
        level, _ = _columns(line)
        if not level:
            close()
            continue
        name = compact(level.group("name"))
        written = level.group("lvl") or level.group("plvl") or level.group("blvl")
        if written:
            depths[line.index] = words.index(written)
        elif below_header is not None and below_header < len(words):
            depths[line.index] = below_header  # 「１ 議会費 70,730 …」 under 「款 1 議会費　項 1 議会費」: a 目
        elif name in context.values():
            depths[line.index] = next(words.index(k) for k, v in context.items() if v == name)
        else:
            run.append(line.index)
            continue
        close()
    close()
    return depths


def _scan(lines: list[Line]) -> tuple[list[_Level], list[_Entry], int]:
    """Levels and 説明 entries of the whole ledger, in order, and how many 節 lines were seen."""
    p = _patterns()
    levels: list[_Level] = []
    entries: list[_Entry] = []
    path: dict[int, str] = {}
    depths = _depths(lines)
    setsu_lines = 0
    group: int | None = None
    pending: _Entry | None = None
    # Where 事業 open with ○ and what explains one is indented under it (「○町道除雪事業 96,400」 over 「除雪業務委託
    # 88,000」「（町道 延長 186km）」「国：除雪費補助 24,000」), an unmarked line indented under a ○ line is its detail.
    marked = any(_patterns()["open_bullet"].search(ln.raw) for ln in lines)
    # Where 事業 are ○ lines and their details ・ lines (「○職員人件費 312,450」「・特別職 3人」), a ・ line is a detail of
    # the 事業 above it, even with an amount: never a 事業, never part of the next one's name.
    details = "・" if marked and any(_patterns()["detail_bullet"].search(ln.raw) for ln in lines) else None
    open_detail = False  # the last 説明 line read was a detail: a parenthesised line under it continues it
    # Where ○ lines list their parts indented under them (「○庁舎空調設備改修事業 38,500」 over 「　　設計監理委託料
    # 2,750」), a ・ line at the ○'s own column is a routine cost beside it (「・職員人件費」), not its part.
    indented = details is not None and _parts_indented(lines)
    routine = -1  # the column of a routine cost's ・ just read: what is indented under it is its own, no 事業's
    wrapped: _Entry | None = None  # an entry read with its amount on this line: its name may wrap to the next
    blocks = _blocks(lines)
    # the lines of 事業 blocks under their title lines: read by `_blocks`, none a 事業 or a 目 of its own
    inside = {j for b in blocks.values() for j in range(b.opener + 1, b.stop)}
    for line in lines:
        if not line.norm:
            continue
        if line.index in inside and not p["header"].match(line.norm):
            continue
        if line.index in blocks:
            block = blocks[line.index]
            setsu_lines += block.setsu_lines
            budget = block.figures["budget"]
            entries.append(_Entry(line.index, block.name, block.name_span, True, budget[:3], [path[k] for k in sorted(path)],
                                  end=block.end, block=block))
            group = pending = wrapped = None
            routine = -1
            continue
        if p["header"].match(line.norm):
            # 「款　２　総務費　　項　１　総務管理費」: the page's 款 and 項, each a heading of what follows; a page
            # that goes on with them (「総務管理費（続き）」) keeps the 目 it goes on with.
            parts = list(p["header_part"].finditer(line.norm))
            words = vocabulary()["ledger"]["levels"]
            if all(path.get(words.index(part.group("lvl") or part.group("lvl2"))) == part.group("name")
                   for part in parts):
                continue
            for part in parts:
                depth = words.index(part.group("lvl") or part.group("lvl2"))
                path = {k: v for k, v in path.items() if k < depth} | {depth: part.group("name")}
                if not any(lv.level == depth and lv.name == part.group("name") for lv in levels[-4:]):
                    levels.append(_Level(line.index, depth, part.group("name"), []))
            group = pending = None
            routine = -1
            continue
        heading = p["heading"].match(line.norm)
        if heading:
            depth = vocabulary()["ledger"]["levels"].index(heading.group("lvl") or heading.group("lvl2"))
            path = {k: v for k, v in path.items() if k < depth} | {depth: heading.group("name")}
            levels.append(_Level(line.index, depth, heading.group("name"), []))  # no figures: a heading, no total
            group = pending = None
            routine = -1
            continue
        grand = _GRAND_TOTAL.match(line.norm)
        if grand is not None:
            # 「歳　出　合　計　21,474,000　20,842,550　631,450　100.0」 closing the 総括: the ledger's whole, a total
            cut = share.start() if (share := _SHARE_TAIL.search(line.raw)) is not None else len(line.raw)
            name = re.sub(r"\s+", "", grand.group("name"))
            figures = _SHARE_INSIDE.sub(lambda m: " " * len(m.group()), line.raw[:cut])  # (offsets kept)
            levels.append(_Level(line.index, 0, name if name.startswith("歳") else f"歳出{name}",
                                 _figures(line, figures, 0)[:3]))
            path, group, pending = {}, None, None
            continue
        closing = p["closing"].match(line.norm)
        words = vocabulary()["ledger"]["levels"]
        # (read in a ledger of 事業 blocks only: a 事項別明細書 closing its 款 with 「【2款 総務費 計】」 reads as it did)
        if blocks and closing is not None and (written := closing.group("lvl") or closing.group("blvl") or (
                closing.group("name") if closing.group("name") in words else None)) in words + [None]:
            # 「【５目　企画費　計】　本年度 80,570 …」「目計 9,860 …」: the total of the 目 (項, 款) its 事業 stood under,
            # its figures the line's last ones; named by its level word or by the 目's name
            depth = (words.index(written) if written
                     else next((k for k, v in path.items() if v == closing.group("name")), -1))
            name = closing.group("name") if closing.group("name") not in words else path.get(depth, "")
            if depth >= 0 and name:
                figures = _figures(line, line.raw, 0)[-len(re.findall(_FIG, closing.group("figs"))):]
                levels.append(_Level(line.index, depth, name, figures[:3], closing=True))
                group = pending = None
                continue
        level, setsu = _columns(line)
        if level:
            name = level.group("name")
            depth = depths[line.index]
            # The figures end the classification column: the last ones before the 節 column are those read.
            cut = setsu.start() if setsu is not None else len(line.raw)
            # (a 総括 line's share of the whole, 「34.5」, closing it is no figure of the level)
            if (share := _SHARE_TAIL.search(line.raw[:cut])) is not None:
                cut = share.start()
            figures = _figures(line, line.raw[:cut], 0)[-len(re.findall(_FIG, level.group("figs"))):]
            levels.append(_Level(line.index, depth, name, figures[:3]))
            path = {k: v for k, v in path.items() if k < depth} | {depth: name}
            group = pending = None
            routine = -1
            if setsu is None:
                continue  # nothing fused beside it
        if setsu is not None:
            setsu_lines += 1
        text, base = _explain(line, setsu)
        if not text:
            continue
        norm = normalize(text)
        detail_of = entries[-1] if (details and entries and entries[-1].amount is not None and path
                                    and entries[-1].path == [path[k] for k in sorted(path)]) else None
        column = text_width(line.raw[:base])  # on screen: a 節 name of wide letters before it shifts characters
        if details and p["detail_open"].match(text):
            if detail_of is not None and indented and detail_of.column >= 0 and column <= detail_of.column + 1:
                # 「・企画一般事務費 2,318」 at the column of the ○ above, where ○ lines list their parts indented
                # under them: a routine cost beside the 事業 (経常的経費), neither its part nor a 事業 of its own
                pending, open_detail, routine = None, False, column
                continue
            if detail_of is not None:
                detail_of.details.append((line.start + base, line.start + base + len(text)))
            pending, open_detail = None, detail_of is not None
            continue
        if open_detail and detail_of is not None and re.match(r"[（(]", text) and not p["entry"].match(text):
            # 「（1人年24枚、1枚500円）」 under 「・タクシー利用券交付」: the detail wrapped to the next line.
            detail_of.details.append((line.start + base, line.start + base + len(text)))
            continue
        open_detail = False
        if routine >= 0:
            if column > routine and not _patterns()["mark_open"].match(text) and not p["entry"].match(text):
                continue  # 「　金　46,250」 under 「・国民健康保険特別会計繰出」: the routine cost's wrapped name or parts
            routine = -1
        if (wrapped is not None and wrapped.line == line.index - 1 and _NAME_TAIL.fullmatch(norm)
                and not _NAME_END.search(wrapped.name)):
            # 「２ おたふくかぜワクチン接種費用助成　12,480」 over 「事業（新規）」: the name wrapped in its narrow column
            # with its amount on the first line; the tail (a 【新規】-like flag left on it for finish_titles) joins it.
            wrapped.name += norm
            wrapped = None
            continue
        wrapped = None
        if pending is not None and p["figure"].match(norm):
            figs = _figures(line, text, base)
            if figs:
                pending.amount = figs[-1]
                pending.end = figs[-1][2]
            pending = None
            continue
        if pending is not None and not re.search(r"[)）]$", pending.name) and not p["entry"].match(text) \
                and not p["bullet"].match(text) and len(norm) <= 80:
            # The name itself wraps (its department's parentheses not yet closed): this line continues it.
            tail = re.match(rf"^(?P<rest>.*?)(?:\s+(?P<amt>{_FIG}){_AMT_UNIT})?\s*$", text)
            pending.name += tail.group("rest").strip()
            if tail.group("amt"):
                a = line.start + base + tail.start("amt")
                pending.amount = (tail.group("amt"), a, a + len(tail.group("amt")))
                pending.end = pending.amount[2]
                pending = None
            continue
        last = entries[-1] if entries else None
        if (marked and last is not None and last.column >= 0 and last.column < column <= last.column + DETAIL_INDENT
                and path and last.path == [path[k] for k in sorted(path)]
                and not _patterns()["mark_open"].match(text) and not p["entry"].match(text) and not unit_in(norm)):
            last.details.append((line.start + base, line.start + base + len(text)))
            continue
        entry = p["entry"].match(text)
        if entry and re.search(rf"(?:{_FIG})\s+(?:{_FIG})", entry.group("name")):
            entry = None  # figures inside the name: a row of figures (a level line fused with more), not a 事業
        if entry and not p["figure"].match(norm):
            name = entry.group("name").strip()
            amount = None
            if entry.group("amt"):
                s = line.start + base + entry.start("amt")
                amount = (entry.group("amt"), s, s + len(entry.group("amt")))
            s = line.start + base + entry.start("mark")
            item = _Entry(line.index, name, (s, line.start + base + entry.end("name")), True, amount,
                          [path[k] for k in sorted(path)], group, end=amount[2] if amount else
                          line.start + base + entry.end("name"), mark=entry.group("mark"))
            entries.append(item)
            pending = None if amount else item
            wrapped = item if amount else None
            continue
        major = p["major"].match(text)
        if major and path:
            s, e = line.start + base + major.start("name"), line.start + base + major.end("name")
            entries.append(_Entry(line.index, normalize(major.group("name")), (s, e), False, None,
                                  [path[k] for k in sorted(path)], end=e))
            group = len(entries) - 1
            pending = None
            continue
        bullet = p["bullet"].match(text) if not re.search(rf"\s(?:{_FIG}){_AMT_UNIT}\s*$", text) else None
        if bullet and path:
            s = line.start + base + bullet.start("name")
            entries.append(_Entry(line.index, bullet.group("name"), (s, line.start + base + bullet.end("name")), False,
                                  None, [path[k] for k in sorted(path)], None, end=line.start + base + bullet.end("name"),
                                  column=column if _patterns()["mark_open"].match(text) else -1))
            pending = entries[-1]  # its amount follows on a later line; a peer of the ○ lines above, not their part
            continue
        heading = p["group"].match(text)
        if heading and path:
            s = line.start + base + heading.start("name")
            a = line.start + base + heading.start("amt")
            entries.append(_Entry(line.index, heading.group("name"), (s, s + len(heading.group("name"))), False,
                                  (heading.group("amt"), a, a + len(heading.group("amt"))),
                                  [path[k] for k in sorted(path)], end=a + len(heading.group("amt")),
                                  column=column if _patterns()["mark_open"].match(text) else -1,
                                  indent=text_width(line.raw[:s - line.start])))
            group = len(entries) - 1
            pending = None
    _listed(entries)
    _nest(entries)
    return levels, entries, setsu_lines


# Display columns past a ○ line's mark, at the most, where an unmarked line under it is its part (「　　設計監理委託料
# 2,750」 four columns in): further right is another column or a page's furniture (「（単位：千円）」).
DETAIL_INDENT = 12


def _parts_indented(lines: list[Line]) -> bool:
    """Whether the ledger's ○ lines list their parts indented under them: an unmarked 説明 line right under a ○ (or
    ◯ ● ◇) line stands three display columns or more right of its mark, deeper than the wrapped rest of a name
    (「○帯状疱疹ワクチン接種費助」 over 「　成事業」, two columns in)."""
    above: tuple[int, str] | None = None
    for line in lines:
        if not line.norm:
            above = None
            continue
        text, base = _explain(line, _columns(line)[1])
        if not text:
            continue
        column = text_width(line.raw[:base])
        if above is not None and _patterns()["open_bullet"].match(above[1]) and not _patterns()["mark_open"].match(text) \
                and above[0] + 3 <= column <= above[0] + DETAIL_INDENT:
            return True
        above = (column, text)
    return False


def _breakdowns(entries: list[_Entry]) -> None:
    """Unnumbered priced lines right under a numbered 事業 whose amounts add up exactly to its own (「１ 定期予防接種事業
    379,660」 over 「予防接種委託料 352,480」「予診票等印刷製本費 6,180」「接種勧奨通知郵送料 21,000」) are its breakdown:
    neither 事業 nor 大事業, and no parent of the 事業 after them. In place."""
    for n, head in enumerate(entries):
        # (an unnumbered priced line heads a breakdown too when the lines under it are indented further: 「移住定住促進
        # 事業費 38,600」 over 「　　移住支援金（単身60万円・世帯100万円） 24,000」「　　移住相談窓口運営委託料 5,600」…)
        if head.amount is None or (not head.numbered and head.indent < 0):
            continue
        target, total, run = figure(head.amount[0]), 0, []
        for m in range(n + 1, len(entries)):
            other = entries[m]
            if other.numbered or other.amount is None or other.path != head.path \
                    or (not head.numbered and other.indent <= head.indent):
                break
            total += figure(other.amount[0]) or 0
            run.append(m)
            if total >= (target or 0):
                break
        if run and total == target:
            head.numbered = True
            for m in run:
                entries[m].breakdown = True
    broken = {n for n, e in enumerate(entries) if e.breakdown}
    for entry in entries:
        if entry.parent in broken:
            entry.parent = None


def _listed(entries: list[_Entry]) -> None:
    """An unnumbered 説明 line with an amount (「○ごみ収集運搬事業　45,300」) heads numbered 事業 when some stand under
    it (a 大事業); with none, it is a 事業 itself: ledgers that list their 事業 with ○ or ◇ number nothing. A line of a
    事業's breakdown (`_breakdowns`) is neither."""
    _breakdowns(entries)
    # Only priced entries are parts: a numbered line without an amount under it (a page header 「３　歳　出」) is not.
    parents = {e.parent for e in entries if e.parent is not None and e.amount is not None}
    for n, entry in enumerate(entries):
        if not entry.numbered and entry.amount is not None and n not in parents and not entry.breakdown:
            entry.numbered = True


def _family(mark: str) -> str:
    """The numbering a 事業 mark belongs to: (1), 1, ①, ア or (ア)."""
    paren = mark[:1] in "(（"
    core = mark.strip("()（）．.、 \u3000")
    kind = "circled" if core[:1] in L.CIRCLED else "digit" if core[:1].isdigit() else "kana"
    return f"{'paren-' if paren else ''}{kind}"


# A name that names a 事業 (「…事業」「…事業（新規）」), not what one spends on (「…委託料」「職員給与費」).
_NAMES_BUSINESS = re.compile(r"事業(?:[（(][^（）()]*[)）])?$")
# What a 事業 spends on, as its 細事業 lines name it (「職員給与費」「システム保守委託料」「敬老祝金」「消耗品費等」).
_NAMES_EXPENSE = re.compile(r"(?:料|費|金|報酬|手当|賃金)等?$")


def _nest(entries: list[_Entry]) -> None:
    """A numbered entry whose amount is the sum of the entries of another numbering right under it is a 大事業
    (numbered (1) with its 事業 ① ②): it becomes a group, the parent of those entries. The sum must be exact. When
    the entry names a 事業 and those under it name what it spends on (「１　…管理運営事業」 over 「(1) 職員給与費」
    「(2) …委託料」: no 事業, no department, mostly expense words), they are its breakdown, not 事業."""
    for n, head in enumerate(entries):
        if not head.numbered or head.amount is None or not head.mark:
            continue
        family = _family(head.mark)
        under: list[int] = []
        for m in range(n + 1, len(entries)):
            other = entries[m]
            if not other.numbered or other.path != head.path or _family(other.mark) == family:
                break
            under.append(m)
        amounts = [figure(entries[m].amount[0]) if entries[m].amount else None for m in under]
        if under and None not in amounts and sum(a for a in amounts if a is not None) == figure(head.amount[0]):
            names = [entries[m].name.strip() for m in under]
            if _NAMES_BUSINESS.search(head.name) and not any(_NAMES_BUSINESS.search(n) for n in names) \
                    and 2 * sum(bool(_NAMES_EXPENSE.search(n)) for n in names) >= len(names) \
                    and not any(_department(n)[1] for n in names):
                # 「１　戸籍住民基本台帳管理運営事業」 over 「(1) 会計年度任用職員報酬」「(2) 職員給与費」: what a 事業 spends
                # its amount on (細事業, no 事業 of their own), its breakdown
                for m in under:
                    entries[m].breakdown = True
                continue
            head.numbered = False
            for m in under:
                entries[m].parent = n


@cache
def _fiscal(label: str, period: str) -> FiscalLabel:
    """`label_of`, once per label and period (a ledger has thousands of figures and three labels)."""
    return label_of(label, period)


def _amount(figure_text: tuple[str, int, int] | None, unit: tuple[str, int] | None, label: str,
            period: str, kind: str | None = None) -> Amount | None:
    """An Amount of a figure (text, start, end) scaled by the ledger's unit; None without a figure."""
    if figure_text is None:
        return None
    value = figure(figure_text[0])
    if value is None:
        return None
    fiscal = _fiscal(label, period)
    return Amount(yen=int((value * unit[1]).to_integral_value()) if unit else None, text=figure_text[0], label=label,
                  fiscal_year=fiscal.year, budget_kind=kind if kind is not None else fiscal.kind,
                  start=figure_text[1], end=figure_text[2])


# A 説明 line naming a part of its 事業 with the part's figure: 「北嶺町観光協会補助金 4,500」「・委託料 1,200」.
_PRICED_DETAIL = re.compile(rf"^[・･]?\s*(?P<name>[^\s\d△▲(（※][^\s]*?)\s+(?P<amt>{_FIG}){_AMT_UNIT}\s*$")


def _priced_details(text: str, details: list[tuple[int, int]], unit: tuple[str, int] | None,
                    period: str) -> list[Subproject]:
    """The parts of a 事業 its 説明 lines price (「除雪業務委託 88,000」 under 「○町道除雪事業 96,400」), each with its
    figure in the ledger's unit; spans are offsets into the document's text."""
    parts = []
    for a, b in details:
        found = _PRICED_DETAIL.match(text[a:b])
        if found is None:
            continue
        s = a + found.start("amt")
        amount = _amount((found.group("amt"), s, s + len(found.group("amt"))), unit, "本年度", period)
        parts.append(Subproject(name=normalize(found.group("name")), start=a, end=b, amount=amount))
    return parts


def _budget(figures: list[tuple[str, int, int]], unit: tuple[str, int] | None, period: str) -> Budget | None:
    """A Budget from 本年度 (and 前年度, 比較 when given) figures."""
    if not figures:
        return None
    current = _amount(figures[0], unit, "本年度", period)
    if current is None:
        return None
    previous = _amount(figures[1], unit, "前年度", period, "前年度") if len(figures) > 1 else None
    change = _amount(figures[2], unit, "比較", period, "") if len(figures) > 2 else None
    return Budget(yen=current.yen, text=figures[0][0], amount_text=figures[0][0] + (unit[0] if unit else ""),
                  label="本年度", fiscal_year=current.fiscal_year, budget_kind=current.budget_kind,
                  start=figures[0][1], end=figures[0][2], previous_year=previous, change=change)


# Fewest 節 lines of a ledger whose title does not say it is one.
MIN_SETSU_LINES = 3


def score(doc: Document, lines: list[Line]) -> float:
    """Share of the document's figure lines that are ledger lines (款/項/目 with three figures, 節 entries, 事業
    with amounts), times min(1, 事業 / 3); 0 without both 節 lines and level lines."""
    lines = table_lines(doc, lines)
    levels, entries, setsu = _scan(lines)
    title = any(w in compact(doc.title + doc.text[:400]) for w in vocabulary()["ledger"]["titles"])
    # A ledger prices every 目 by its 節 (報酬, 需用費, 委託料 …): a 補正's table of 款 whose 寄附金 and 予備費 rows
    # happen to be 節 names (round 9 tuning document) is none, unless its title says it is a ledger.
    blocks = [e.block for e in entries if e.block is not None]
    if not (any(lv.figures for lv in levels) or blocks) or not setsu or (setsu < MIN_SETSU_LINES and not title):
        return 0.0
    programs = sum(1 for e in entries if e.numbered and e.amount)
    own = sum(1 for lv in levels if lv.figures) + setsu + programs + sum(b.figure_lines for b in blocks)
    share = min(1.0, own / max(1, figure_lines(lines)))
    return round(min(1.0, share * min(1.0, programs / 3) + (0.1 if title else 0.0)), 3)


def _block_program(doc: Document, entry: _Entry, unit: tuple[str, int] | None, period: str) -> Program:
    """The 事業 of a labelled block (`_blocks`): its 事業費's figures its budget (本年度, with 前年度 and 比較), its 担当課
    its department, its 事業名, 予算額, 担当課, 事業概要, 財源内訳 and each 節 (with its 説明 lines) its sections, the
    priced 説明 lines its parts."""
    block = entry.block
    if block is None:
        raise ValueError(f"{doc.name}: a 事業 entry read without its labelled block")  # (callers pass block entries)
    figures = block.figures

    def amount(name: str, label: str, kind: str | None = None) -> Amount | None:
        found = figures.get(name)
        return _amount(found[:3], found[3] or unit, label, period, kind) if found else None

    current, previous, change = amount("budget", "本年度"), amount("previous", "前年度", "前年度"), amount("change", "比較", "")
    text, start, end, own = figures["budget"]
    scale = own or unit
    budget = None
    if current is not None:
        budget = Budget(yen=current.yen, text=text, amount_text=text + (scale[0] if scale else ""), label="本年度",
                        fiscal_year=current.fiscal_year, budget_kind=current.budget_kind, start=start, end=end,
                        previous_year=previous, change=change)
    title, dept = _department(block.name)
    sections = [Section(name="事業名", start=block.name_span[0], end=block.name_span[1]),
                Section(name="予算額", heading="本年度", start=start, end=end)]
    if block.department_span:
        sections.append(Section(name="担当・連絡先", heading="担当課", start=block.department_span[0],
                                end=block.department_span[1]))
    if block.summary:
        sections.append(Section(name="概要", heading="事業概要", start=block.summary[0], end=block.summary[1]))
    if block.sources:
        sections.append(Section(name="財源内訳", heading="財源内訳", start=block.sources[0], end=block.sources[1]))
    sections += [Section(name="節・説明", heading=name, start=a, end=b) for name, a, b in block.setsu]
    categories = [tidy_title(c) for c in entry.path]
    return Program(
        id=program_id(doc.name, f"{'/'.join(entry.path)}:{title}:{entry.line}"), title=tidy_title(title),
        category=categories[-1] if categories else None, categories=categories, department=block.department or dept,
        document=doc.name, start=block.name_span[0], end=max(block.end, block.name_span[1]), budget=budget,
        sections=sections, subprojects=_explained_parts(doc.text, block.details, unit, period), kind="program")


# A 説明 line's part and its figure at the line's end, after a gap (「移住支援金（1世帯 1,000千円×6世帯）       6,000」).
_EXPLAINED_PART = re.compile(rf"^(?P<name>\S.*?)(?:\s{{2,}}|\u3000)\s*(?P<amt>{_FIG}){_AMT_UNIT}\s*$")


def _explained_parts(text: str, details: list[tuple[int, int]], unit: tuple[str, int] | None,
                     period: str) -> list[Subproject]:
    """The parts a block's 説明 lines price (「移住支援金（1世帯 1,000千円×6世帯）   6,000」), each with its figure in
    the ledger's unit; a line of a note without a figure of its own (「（補助率1/2　上限1,500千円×4件）」) is none.
    Spans are offsets into the document's text."""
    parts = []
    for a, b in details:
        found = _EXPLAINED_PART.match(text[a:b])
        if found is None or found.group("name").startswith(("(", "（")):
            continue
        s = a + found.start("amt")
        amount = _amount((found.group("amt"), s, s + len(found.group("amt"))), unit, "本年度", period)
        parts.append(Subproject(name=normalize(found.group("name")), start=a, end=b, amount=amount))
    return parts


def _group_departments(lines: list[Line], programs: list[Program]) -> None:
    """A department alone in the 説明 column under a group of 事業 (「（障がい福祉課）」 after the last of them): theirs,
    for each 事業 of the same 目 above it that names none. In place."""
    for line in lines:
        rest, _ = _explain(line, None)
        if not (rest.startswith(("（", "(")) and rest.endswith(("）", ")"))):
            continue
        title, dept = _department(normalize(rest))
        if dept is None or title.strip(" （()）"):
            continue
        above = [p for p in programs if p.kind == "program" and p.start < line.start]
        if not above:
            continue
        group = above[-1].category
        for program in reversed(above):
            if program.category != group or program.department:
                break
            program.department = dept


def _explained_below(lines: list[Line], entries: list[_Entry], levels: list[_Level], indented: bool = False) -> None:
    """The 説明 lines under a priced 事業 (「【健康づくり課】」「予防接種委託料　352,480」「（１歳児・年長児、１回あたり
    ３，０００円を助成）」) down to the next 事業, 款/項/目 or blank line: its details, quoted as its 説明. A line whose
    figure would take the details past the 事業's own amount belongs to something else (a 大事業 over the next 事業)
    and ends them. Where ○ lines list their parts indented under them (`_parts_indented`), a line opening with a
    mark (「・交通安全推進経費」) is a peer and ends them too. In place, for entries without ・ details."""
    stops = {lv.line for lv in levels} | {e.line for e in entries if not e.breakdown}  # 事業, 大事業 and headings
    for entry in entries:
        if not entry.numbered or entry.amount is None or entry.details or entry.block is not None:
            continue
        limit, spent = figure(entry.amount[0]) or 0, 0
        for i in range(entry.line + 1, len(lines)):
            line = lines[i]
            if not line.norm or i in stops or L.PAGE_NUMBER.fullmatch(line.norm):
                break
            text, base = _explain(line, _columns(line)[1])
            if not text or line.start + base <= entry.amount[1] < line.start + base + len(text):
                continue  # nothing in the 説明 column, or the 事業's own amount wrapped to this line
            if indented and _patterns()["mark_open"].match(text):
                break
            priced = re.search(rf"\s(?P<amt>{_FIG}){_AMT_UNIT}\s*$", text)  # the amount column, not 「１回あたり３，０００円」
            if priced:
                spent += figure(priced.group("amt")) or 0
                if spent > limit:
                    break
            entry.details.append((line.start + base, line.start + base + len(text)))


# A line holding a bare figure and nothing else (「64,218」): a cell, where extraction put each cell on a line.
_FIGURE_CELL = re.compile(rf"^\s*(?:{_FIG})\s*$")
# Where at least this share of a ledger's lines are figure cells alone, its cells are rejoined (`joined_cells`).
CELL_PER_LINE = 0.25


def joined_cells(doc: Document, lines: list[Line]) -> list[Line]:
    """A ledger extracted one cell per line (「2款 総務費」「64,218」「58,940」「5,278」, as reading-order extraction
    gives a PDF without its layout) with each line of words joined to the figure cells right under it, so that it
    reads as a ledger printed in columns (「2款 総務費 64,218 58,940 5,278」). The lines as they are otherwise.

    A joined line spans the lines it joins (its raw text holds their line breaks as spaces, so offsets stay
    exact); lines are renumbered in order.
    """
    body = [ln for ln in lines if ln.norm]
    if not body or sum(1 for ln in body if _FIGURE_CELL.match(ln.norm)) < CELL_PER_LINE * len(body):
        return lines
    out: list[Line] = []
    i = 0
    while i < len(lines):
        line, j = lines[i], i + 1
        if line.norm and not _FIGURE_CELL.match(line.norm):
            while j < len(lines) and lines[j].norm and _FIGURE_CELL.match(lines[j].norm):
                j += 1
        if j > i + 1:
            raw = doc.text[line.start:lines[j - 1].end].replace("\r", " ").replace("\n", " ")
            line = replace(line, end=lines[j - 1].end, raw=raw, norm=normalize(raw))
        out.append(replace(line, index=len(out)))
        i = j
    return out


# A line break inside a Markdown table cell (「○…事業 21,756<br>・…報酬 3,420」).
_CELL_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def unframed(lines: list[Line]) -> list[Line]:
    """A ledger converted to a Markdown table (「| 款 | 項 | 目 | 本年度 | 前年度 | 比較 | 節 | 説明 |」, several entries
    of a cell split by <br>) as the lines a printed ledger gives: the classification and its figures on one line,
    then each 節 entry and each 説明 entry on a line of its own, spans kept exact (pipes read as spaces). Lines that
    are not such a table's, as they are; a document without one unchanged.
    """
    header = next((ln for ln in lines if ln.framed and "節" in ln.norm and "説明" in compact(ln.norm)), None)
    if header is None:
        return lines
    names = [compact(c) for c in header.raw.strip().strip("|｜").split("|")]
    setsu_at = next((n for n, c in enumerate(names) if c.startswith("節")), None)
    if setsu_at is None:
        return lines
    out: list[Line] = []

    def add(line: Line, begin: int, end: int) -> None:
        raw = line.raw[begin:end].replace("|", " ")
        if raw.strip():
            out.append(replace(line, start=line.start + begin, end=line.start + end, raw=raw, norm=normalize(raw),
                               index=len(out)))

    for line in lines:
        if not line.framed or line is header or re.fullmatch(r"[\s|:：\-－]+", line.raw):
            if not line.framed:
                out.append(replace(line, index=len(out)))
            continue
        bars = [n for n, ch in enumerate(line.raw) if ch == "|"]
        cells = list(zip(bars, bars[1:], strict=False))  # (the bar before a cell, the bar after it)
        if len(cells) <= setsu_at:
            add(line, 0, len(line.raw))
            continue
        add(line, cells[0][0], cells[setsu_at][0])  # 款・項・目 and their figures
        for before, after in cells[setsu_at:]:
            at = before + 1
            for piece in _CELL_BREAK.split(line.raw[before + 1:after]) + [""]:
                add(line, at, at + len(piece))
                at += len(piece)
                found = _CELL_BREAK.match(line.raw, at)
                at = found.end() if found else at
    return out


# The header label of a ledger's 説明 column (「説　　　　明」「説明」), where a ruled ledger's 説明 column begins.
_EXPLAIN_LABEL = re.compile(r"説[ \u3000]*明")


def table_lines(doc: Document, lines: list[Line]) -> list[Line]:
    """The ledger's lines as a printed ledger gives them: a Markdown table's cells on lines of their own
    (`unframed`), the rules of a table ruled with 「│」「｜」「|」 blanked with its 説明 column's start kept
    (`qa.ingest.ruled`), a ledger of one cell a line rejoined (`joined_cells`)."""
    return joined_cells(doc, unruled(unframed(lines), _EXPLAIN_LABEL))


def read(doc: Document, lines: list[Line]) -> list[Program]:
    """事業 (kind "program") with category 目 and categories 款 > 項 > 目, and totals (kind "total") for every
    款/項/目 (本年度 with 前年度 and 比較) and 大事業, in document order."""
    lines = table_lines(doc, lines)
    levels, entries, _ = _scan(lines)
    _explained_below(lines, entries, levels, _parts_indented(lines))
    unit = _unit(lines)
    if unit is None:
        doc.warnings.append("ledger without a unit (no 「千円」 column line or 「単位：千円」); its yen are unknown")
    period = doc.period or doc.title
    programs: list[Program] = []
    ids: dict[int, str] = {}
    parents: list[str] = []
    deepest = max((lv.level for lv in levels), default=0)
    for k, level in enumerate(levels):
        line = lines[level.line]
        budget = _budget(level.figures, unit, period)
        parents = parents[:level.level] + [level.name]
        if budget is None:
            continue
        sections = [Section(name="予算額", heading="本年度", start=budget.start, end=budget.end)]
        if level.level == deepest and not level.closing:
            # The 目's 節 and 説明 lines down to the next 款/項/目: its breakdown, quoted with it.
            end = lines[levels[k + 1].line].start if k + 1 < len(levels) else len(doc.text)
            if end > line.end + 1:
                sections.append(Section(name="節・説明", heading="節", start=line.end + 1, end=end))
        title = tidy_title(level.name)
        start = line.start + len(line.raw) - len(line.raw.lstrip())
        programs.append(Program(
            id=program_id(doc.name, f"total:{'/'.join(parents)}:{level.line}"), title=title,
            category=parents[-2] if len(parents) > 1 else None, categories=[tidy_title(p) for p in parents[:-1]],
            document=doc.name, start=start, end=line.start + len(line.raw.rstrip()), budget=budget, kind="total",
            sections=sections))
    unpriced = 0
    for n, entry in enumerate(entries):
        if entry.breakdown:
            continue  # quoted in its 事業's 説明 (`_explained_below`)
        if entry.block is not None:
            ids[n] = (program := _block_program(doc, entry, unit, period)).id
            programs.append(program)
            continue
        amount = _amount(entry.amount, unit, "本年度", period)
        title, dept = _department(normalize(entry.name))
        title = L.LEAD_MARK.sub("", title).strip()  # 「◇ 感染症予防啓発」: the mark is not the name
        if entry.amount is None:
            # A numbered line without an amount, here or wrapped below it: a page header (「２　歳　出」), or a
            # 事業 whose figure is lost (named in the warnings when it has a department).
            unpriced += dept is not None
            continue
        categories = [tidy_title(c) for c in entry.path]
        budget = None
        if amount is not None and entry.amount is not None:
            budget = Budget(yen=amount.yen, text=entry.amount[0], amount_text=entry.amount[0] + (unit[0] if unit else ""),
                            label="本年度", fiscal_year=amount.fiscal_year, budget_kind=amount.budget_kind,
                            start=entry.amount[1], end=entry.amount[2])
        sections = [Section(name="事業名", start=entry.name_span[0], end=entry.name_span[1])]
        if budget:
            sections.append(Section(name="予算額", start=budget.start, end=budget.end))
        sections += [Section(name="説明", start=a, end=b) for a, b in entry.details]
        subprojects = _priced_details(doc.text, entry.details, unit, period)
        if dept is None:
            # 「【健康づくり課】」 alone among its 説明 lines: the 事業's department.
            dept = next((name for a, b in entry.details if (name := _bracketed_department(doc.text[a:b]))), None)
        pid = program_id(doc.name, f"{'/'.join(entry.path)}:{title}:{entry.line}")
        ids[n] = pid
        programs.append(Program(
            id=pid, title=tidy_title(title), category=categories[-1] if categories else None, categories=categories,
            parent_id=ids.get(entry.parent) if entry.parent is not None else None, department=dept,
            document=doc.name, start=entry.name_span[0], end=max(entry.end, entry.name_span[1]), budget=budget,
            sections=sections, subprojects=subprojects, kind="program" if entry.numbered else "total"))
    if unpriced:
        doc.warnings.append(f"{unpriced} 事業 line(s) of the ledger without an amount were left out")
    programs.sort(key=lambda p: p.start)
    _group_departments(lines, programs)
    if doc.page_starts:
        pages_from_breaks(doc, programs)
    return programs
