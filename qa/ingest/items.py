"""Priced items of a 予算の概要: many items per page, each 「○名称（２，１１３億円）」, under numbered headings.

The seed's genre gives one program per page, opened by a labelled budget line (see `structure.py`). A national
予算の概要 (防衛省 令和５年度, and the same layout in other ministries' documents) instead lists items inside
capability areas: a heading numbered on its own line (「Ⅱ」/「主要事項」, 「１」/「スタンド・オフ防衛能力」), an area
total under it (「約１兆４，２０７億円」), then blocks opened by ○ whose head names an item and gives its amount in
parentheses, often with a quantity (「（５機：１，９４１億円）」); blocks without an amount group the items listed
in them (「ＦＰＳ－５（３億円）、ＦＰＳ－７（４３億円）」); 【…】約N億円 lines are sub-area totals; 【再掲】 marks a
repeat. This module reads that structure; it is used when a document has no labelled budget lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from qa.ingest import layout as L
from qa.ingest.amounts import AMOUNT, amount_yen, find_amounts
from qa.ingest.columns import (
    AMENDMENT,
    Figure,
    bare_level_line,
    column_row,
    header_columns,
    is_revenue,
    side_of,
)
from qa.ingest.lines import Line, lines_of
from qa.ingest.models import Amount, Budget, Document, Program, Section
from qa.ingest.normalize import key, overlap, raw_span, text_width, tidy_title
from qa.ingest.phone_lines import office_phone_line
from qa.ingest.signals import GROUPED
from qa.ingest.structure import _contacts, pages_from_breaks, program_id
from qa.ingest.vocabulary import header_field, is_grand_total, is_total, unit_in, vocabulary
from qa.ingest.years import FiscalLabel, label_of

# An amount in parentheses, with an optional quantity before it (「５機：」) and more after it (「、初度費：…」); a
# figure in it (a table header's unit, 「補正額（千円）」, prices nothing).
PRICED = re.compile(r"[（(](?=[^（）()]*\d)\s*(?:(?P<qty>[^（）()：:]{1,30})[:：])?\s*" + AMOUNT + r"(?P<tail>[^（）()]*)[)）]")
# A list row whose amount ends the line: 「・子ども食堂支援事業　45,000千円（新規）」「(1) 〇〇事業 1億2,000万円」
# 「１　地域福祉計画策定事業　△２，６４０千円」 (a 補正予算の概要 numbers its items so; △ is a decrease).
# 「【新規】出産・子育て応援タクシー事業　　１，８４０万円」: a flag in brackets opens a row as a list mark does (a press
# deck's programs; 汐見市 and 青峰県 decks of round 8). Only the flags of the vocabulary: 「【参考】…」 is a note.
_FLAG_MARK = "【(?:" + "|".join(map(re.escape, vocabulary()["markers"]["flags"])) + ")】"
AMOUNT_ONLY = re.compile(AMOUNT)
# 「内容：」「整備期間：」: a labelled detail line of a program, never an item of its own.
_DETAIL_LABEL = re.compile(r"^[^:：\s]{1,8}[:：]")
# 「新　通学路の防犯カメラを増やします　800万円」「拡　補聴器購入費の助成　300万円」: a newsletter's 新/拡 icon as
# text, set off by a space, marks a row as a bullet does (its flag kept).
_BARE_FLAGS = ("新規", "拡充", "新", "拡")
_BARE_FLAG_MARK = "(?:" + "|".join(_BARE_FLAGS) + r")(?=\s)"
_ROW_MARK = (r"(?P<mark>[・･○〇◯●◎■□◆◇★☆]|[（(]\d{1,2}[)）]|[①-⑳㉑-㉟㊱-㊿]|\d{1,2}[.．]|\d{1,2}(?=\s)|"
             + _FLAG_MARK + "|" + _BARE_FLAG_MARK + ")")
# A dot leader (「……」, NFKC 「......」) may run from the name to the amount, of any length.
# (A figure per thing, 「・タクシー　１台あたり　３０千円」, is a detail of the program above, not a row.)
ROW = re.compile(r"^" + _ROW_MARK + r"\s*(?P<name>[^\d（(][^。]{1,60}?)(?<!あたり)(?<!当たり)(?<!につき)"
                 r"(?:\s*[.･・‥…]{3,}[\s:：]*|[\s:：]+)(?P<sign>[△▲]\s*)?(?P<amount>" + AMOUNT + r")\s*"
                 # (the note in any bracket an office is set in: 「（子育て支援課）」「［住民福祉課］」「〔教育課〕」)
                 r"(?P<note>[（(［\[〔][^（）()［］\[\]〔〕]{0,20}[)）］\]〕])?\s*(?P<flag>【[^】]{1,6}】)?$")
# A row without a mark, set as the flagged rows beside it are: a whole program name, a gap of columns (or a dot
# leader, 「妊婦健康診査支援事業 ……… 41,870千円」 among 「★産後ケア事業費補助 ……… 86,420千円」), its amount.
UNMARKED_ROW = re.compile(r"^(?P<mark>)(?P<name>[^\d（(・･○〇◯●◎■□◆◇★☆※【\s][^。]{1,60}?(?:事業|金|費|制度|対策|[)）]))"
                          r"(?:\s*[.･・‥…]{3,}[\s:：]*|\s+)(?P<sign>[△▲]\s*)?(?P<amount>" + AMOUNT + r")\s*"
                          r"(?P<note>[（(][^（）()]{0,20}[)）])?$")
# A numbered row whose figure is bare, its unit stated once above (「(1) 【拡充】第２子以降保育料無償化事業　1,284,600」),
# or a 説明書's program line with the figure's label before it (「○地域公共交通…事業費（交通政策課）　補正額　286,000」,
# the label a budget column word of the vocabulary; checked by `bare_row`).
BARE_ROW = re.compile(r"^" + _ROW_MARK + r"\s*(?P<name>[^\d（(][^。]{1,60}?(?:事業|金|費|制度|対策|補助|助成|手当|[)）】]))"
                      r"(?:\s+(?P<label>[^\d\s△▲:：]{1,8}?)\s*[:：]?\s*|\s*[:：]\s*|\s+)"
                      r"(?P<sign>[△▲]\s*)?(?P<figure>\d{1,3}(?:,\d{3})+|\d{2,})$")
# The labelled bare figure under a numbered name (「（１）防災行政無線再整備事業費（危機管理課）」 / 「補正額　３３，５００」).
_BARE_LABELLED = re.compile(r"^(?P<label>[^\d\s△▲（(【※・][^\d△▲]{0,12}?)\s*[:：]?\s*(?P<sign>[△▲]\s*)?"
                            r"(?P<figure>\d{1,3}(?:,\d{3})+|\d+)$")
# Last year's bare figure in brackets on the line under it (「（前年度　962,300）」, 「（前年度　－）」 for none).
_PREVIOUS_BARE = re.compile(r"^[(（]\s*(?:前年度|昨年度)\s*[:：]?\s*(?P<figure>\d{1,3}(?:,\d{3})+|\d+)\s*[)）]$")
# A labelled amount under a numbered name: 「補正額　3,200千円」「補正額：△1,500千円（うち一般財源 500千円）」.
LABELLED = re.compile(r"^(?P<label>[^\d\s△▲（(【※・][^\d△▲]{0,12}?)\s*[:：]?\s*(?P<sign>[△▲]\s*)?"
                      r"(?P<amount>" + AMOUNT + r")\s*(?:[（(].*[)）])?$")
# Column words (fields of data/vocabulary.toml) that label a figure rather than end a name.
MONEY_LABELS = ("budget", "previous", "change", "before", "after", "source")
# The head of a list row whose amount is on the next line, after the rest of its name (「１　市有施設における…推進」).
ROW_HEAD = re.compile(r"^" + _ROW_MARK + r"\s*(?P<name>[^\d（(\s][^。]{1,60})$")
# A subtotal or total line: 「総務費　計　　228,100千円」「歳出合計　　1,431,310千円」 (the name a total word of the
# vocabulary; kept as a total, never an item).
SUBTOTAL = re.compile(r"^(?P<name>[^\d\s・･○〇◯●◎■□◆◇★☆（(【※][^。]{0,30}?)\s*[:：]?\s*(?P<sign>[△▲]\s*)?"
                      r"(?P<amount>" + AMOUNT + r")\s*(?:[（(][^（）()]*[)）])?$")
BLOCK_MARK = re.compile(r"^[○〇◯●◎]\s*")
ITEM_MARK = re.compile(r"^(?:[○〇◯●◎・･★☆➢◆◇■□※-]|[（(]\d{1,2}[)）]|[①-⑳㉑-㉟㊱-㊿])\s*")
# Roman numerals as they read after NFKC (Ⅱ -> II), in order.
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
_ROMAN = "|".join(sorted(ROMAN, key=len, reverse=True))
NUMERAL_ALONE = re.compile(rf"^(?:(?P<roman>{_ROMAN})|(?P<num>\d{{1,2}}))[.．]?$")
NUMERAL_INLINE = re.compile(rf"^(?:(?P<roman>{_ROMAN})|(?P<num>\d{{1,2}}))[.．、\s]\s*(?P<title>\S.{{1,40}})$")
AREA_TOTAL = re.compile(r"^(?:【(?P<name>[^】]+)】\s*)?(?P<body>約?\s*[\d,.]+\s*[兆億万][^（(]*円)(?:\s*[（(](?P<note>[^（）()]*)[)）])?$")
BOXED_HEADING = re.compile(r"^[■◆□◇]\s*(?P<title>[^。]{2,30})$")
SUBAREA_ONLY = re.compile(r"^【(?P<name>[^】]+)】$")
QUANTITY = re.compile(r"\s*[（(](?P<qty>[\d,]+\s*[^\d\s（）()、]{1,3})[)）]$")
REPEAT = "再掲"
_TABLE_ROWS = 24  # the rows a 総括's table by 款 may hold between its header and its 歳出合計
_FURNITURE_CHARS = 30  # a page's running header or number: a short line, passed over between an office and its item
_RULE = re.compile(r"[-─━=＝_＿~〜・.…\s]{3,}")
# A bullet on a line of its own (a PDF's text sets 「○」 apart from the entry it marks): another entry begins there.
_LONE_BULLET = re.compile(r"[○〇◯]")
PREVIOUS_NOTE = re.compile(r"(?:前年度|昨年度)\s*[:：]?\s*" + AMOUNT)
# A line that only gives last year's figure in brackets (「（前年度 １，６００万円）」 under an item's amount).
_PREVIOUS_BELOW = re.compile(r"[(（]\s*(?:前年度|昨年度)[^()（）]*[)）]")
HIRAGANA_START = re.compile(r"^[\u3041-\u309f]")
PAGE_MARKER = re.compile(r"^=+\s*PAGE\s*\d+\s*=+$|^=+$")  # a page marker or the rule around it
PAGE_NUMBERED = re.compile(r"^=+\s*PAGE\s*(?P<n>\d+)\s*=+\s*$", re.MULTILINE)
ENDS_SENTENCE = re.compile(r"[。、，,）)」』]$")


@dataclass
class _Item:
    name: str
    name_span: tuple[int, int]
    amount: Amount
    amount_span: tuple[int, int]
    quantity: str | None
    line: int
    categories: list[str]
    repeat: bool = False
    parent: int | None = None
    others: list[Amount] = field(default_factory=list)
    previous: Amount | None = None
    department: str | None = None
    head: int | None = None  # the line a name wrapped onto its amount's line starts on


def is_subtotal(norm: str) -> re.Match[str] | None:
    """A line that is a subtotal or total with its amount (「総務費　計　228,100千円」「歳出合計 1,431,310千円」)."""
    match = SUBTOTAL.match(norm)
    return match if match and amount_yen(match) is not None and is_total(match.group("name")) else None


def _signed(amount: Amount, sign: str | None, line: Line) -> Amount:
    """The amount made negative by a △/▲ written before it, its span and text taking the sign in."""
    if not sign or amount.yen is None or amount.start is None:
        return amount
    at = amount.start
    while at > line.start and line.raw[at - line.start - 1].isspace():
        at -= 1
    if at > line.start and line.raw[at - line.start - 1] in "△▲":
        at -= 1
        amount.text = line.raw[at - line.start:(amount.end or at) - line.start]
        amount.start = at
    amount.yen = -amount.yen
    return amount


def _bare_amount_of(line: Line, start: int, end: int, unit: tuple[str, int], period: FiscalLabel,
                    sign: str | None = None) -> Amount:
    """The bare figure at [start, end) of a line's normalised text in the stated unit, spanned in the document."""
    text = line.norm[start:end]
    raw_start, raw_end = _raw_span_or_same(line, start, end)
    value = int(text.replace(",", "")) * unit[1] * (-1 if sign else 1)
    return Amount(yen=value, text=f"{'△' if sign else ''}{text}{unit[0]}", fiscal_year=period.year,
                  budget_kind=period.kind, start=line.start + raw_start, end=line.start + raw_end)


def _bare_item(row: re.Match[str], lines: list[Line], i: int, unit: tuple[str, int], period: FiscalLabel,
               categories: list[str]) -> _Item:
    """A numbered row with a bare figure (`BARE_ROW`) as an item, with last year's bare figure from the line under
    it when that line gives it in brackets."""
    line = lines[i]
    amount = _bare_amount_of(line, row.start("figure"), row.end("figure"), unit, period, row.group("sign"))
    if row.groupdict().get("label"):
        amount.label = row.group("label")
    name, department = _name_department(_clean_name(row.group("name")))
    previous = None
    if i + 1 < len(lines) and (below := _PREVIOUS_BARE.match(lines[i + 1].norm.strip())) is not None:
        offset = len(lines[i + 1].norm) - len(lines[i + 1].norm.lstrip())
        previous = _last_year(_bare_amount_of(lines[i + 1], offset + below.start("figure"),
                                              offset + below.end("figure"), unit, period), amount)
    return _Item(name, _name_span(line, row), amount, (amount.start or 0, amount.end or 0), None, i, categories,
                 previous=previous, department=department)


def bare_row(line: Line) -> re.Match[str] | None:
    """A list row with a bare figure (`BARE_ROW`): set apart from its name by a column gap, or labelled as the budget
    (「補正額　286,000」: a column word of the vocabulary says what the figure is, so no gap is needed); None else."""
    row = BARE_ROW.match(line.norm)
    if row is None:
        return None
    if row.group("label"):
        return row if header_field(row.group("label")) == "budget" else None
    return row if re.search(r"\S[ \u3000]{2,}[△▲]?\s*[\d,]+\s*$", line.raw) else None


def bare_labelled_row(lines: list[Line], i: int) -> re.Match[str] | None:
    """Line i as the labelled bare figure of the numbered name above it (「（１）防災行政無線再整備事業費（危機管理課）」 /
    「補正額　３３，５００」, the label a budget column word), or None."""
    if i < 1 or not ROW_HEAD.match(lines[i - 1].norm) or ROW.match(lines[i - 1].norm) or BARE_ROW.match(lines[i - 1].norm):
        return None
    match = _BARE_LABELLED.match(lines[i].norm)
    return match if match and header_field(match.group("label")) == "budget" else None


@cache
def _reordered_rows() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A 説明書's program line with its figure first (「○　△18,400千円　県庁舎照明ＬＥＤ化事業（管財課）」) and one opened
    by its office in brackets, the figure closing it (「（デジタル推進課）市町村共同利用型…事業　98,400」): the name
    ends as a program's does, the figure carries a unit of the vocabulary or is bare (data/vocabulary.toml [ledger]
    program_endings, department_endings; [units] yen)."""
    words = vocabulary()
    endings = "|".join(sorted(map(re.escape, words["ledger"]["program_endings"]), key=len, reverse=True))
    units = "|".join(sorted(map(re.escape, words["units"]["yen"]), key=len, reverse=True))
    figure = rf"(?P<sign>[△▲]\s*)?(?P<figure>\d{{1,3}}(?:,\d{{3}})+|\d+)(?P<unit>{units})?"
    # (a bracket after the name: its office, or a part of it such as 「（仮称）」; `_name_department` tells them apart)
    name = rf"(?P<name>[^\d\s（(△▲][^。、]{{0,60}}?(?:{endings})(?:\s*[（(【〔［\[][^（）()【】〔〕［］\[\]]{{1,20}}[)）】〕］\]])?)"
    first = re.compile(rf"^{_ROW_MARK}\s*{figure}\s+{name}$")
    office = re.compile(rf"^(?:{_ROW_MARK}\s*)?(?P<office>[（(【〔［\[][^（）()【】〔〕［］\[\]]{{1,20}}[)）】〕］\]])\s*"
                        rf"{name}\s+(?:(?P<label>[^\d\s△▲:：]{{1,8}}?)\s*[:：]?\s*)?{figure}$")
    return first, office


def reordered_row(norm: str) -> tuple[re.Match[str], str, str | None] | None:
    """A program line whose figure stands before its name or whose office opens it (`_reordered_rows`): the match, the
    name and the office (None when it names none); None for any other line. An office bracket opening a line is one
    only when it ends as an office does (「（月額 200、６年間）」 is a note)."""
    first, office = _reordered_rows()
    # (a bare figure of one or two digits first is a heading's number, 「■ ３ 主な事業」, not a program's amount)
    if (match := first.match(norm)) is not None and (match.group("unit") or len(match.group("figure")) >= 3):
        name, dept = _name_department(match.group("name").strip())
        return match, name, dept
    if (match := office.match(norm)) is not None:
        dept = match.group("office")[1:-1].strip()
        # (「…事業　今回補正額　98,400」: a label before the figure only when it names the budget's column)
        label = match.group("label")
        if dept.endswith(_department_words()[0]) and (not label or header_field(label) == "budget"):
            name, _ = _name_department(match.group("name").strip())
            return match, name, dept
    return None


def _column_program(name: str) -> tuple[str, str | None] | None:
    """The name and office of a row of columns that is a program's line (「(1) 〔情報政策課〕行政手続オンライン化推進事業」
    before its 既定予算額 / 今回補正額 / 補正後予算額): a list mark or an office in brackets sets it apart from a 総括's
    row (「防災対策事業」 of a 地方債補正, 「特別会計（中小企業近代化資金）」), and it ends as a program's name does
    (data/vocabulary.toml [ledger] program_endings); None for any other row."""
    mark = re.match(_ROW_MARK + r"\s*", name)
    bare, dept = _name_department(name[mark.end():] if mark else name)
    if mark is None and dept is None:
        return None
    return (bare, dept) if bare.endswith(tuple(vocabulary()["ledger"]["program_endings"])) else None


def _reordered_item(found: tuple[re.Match[str], str, str | None], line: Line, i: int, unit: tuple[str, int] | None,
                    period: FiscalLabel, categories: list[str]) -> _Item | None:
    """A reordered program line (`reordered_row`) as an item: its figure in its own unit, else the stated one (None
    when neither says what it counts); its span takes in the sign (△ a decrease) and the unit."""
    match, name, dept = found
    own = match.group("unit")
    scale = (own, int(vocabulary()["units"]["yen"][own])) if own else unit
    if scale is None or not name:
        return None
    digits = int(match.group("figure").replace(",", ""))
    sign = -1 if match.group("sign") else 1
    start = match.start("sign") if match.group("sign") else match.start("figure")
    s, e = _raw_span_or_same(line, start, match.end("unit") if own else match.end("figure"))
    text = f"{'△' if sign < 0 else ''}{match.group('figure')}{scale[0]}"
    amount = Amount(yen=sign * digits * scale[1], text=text, fiscal_year=period.year, budget_kind=period.kind,
                    start=line.start + s, end=line.start + e)
    # (the name without the office after it: 「緊急浚渫推進事業〔河川整備課〕」 names 緊急浚渫推進事業)
    at = match.start("name") + max(0, match.group("name").find(name))
    ns, ne = _raw_span_or_same(line, at, at + len(name))
    return _Item(name, (line.start + ns, line.start + ne), amount, (amount.start or 0, amount.end or 0), None, i,
                 categories, department=dept)


def _last_year(previous: Amount, this: Amount) -> Amount:
    """A figure given beside this year's as last year's: labelled 前年度, its fiscal year the one before (in place)."""
    previous.label, previous.budget_kind = "前年度", "前年度"
    previous.fiscal_year = this.fiscal_year - 1 if this.fiscal_year else None
    return previous


def _name_span(line: Line, row: re.Match[str]) -> tuple[int, int]:
    """A list row's name as document offsets (its `name` group on the line's normalised text, trailing space off)."""
    start, end = _raw_span_or_same(line, row.start("name"), row.start("name") + len(row.group("name").rstrip()))
    return line.start + start, line.start + end


def _row_amount(row: re.Match[str], line: Line, period: FiscalLabel, offset: int = 0) -> Amount:
    """The amount of a list row (its own `amount` group, so a figure in the name is never taken), signed.

    `offset` is where the line's own normalised text begins in the text the row was matched on (a wrapped head
    before it).
    """
    local = re.compile(AMOUNT).match(line.norm, max(0, row.start("amount") - offset))
    if local is None:  # not expected (the row's text ends with the line's): the row's first amount then
        return _amount_from(row, line, 0, period)
    return _signed(_amount_from(local, line, local.start(), period), row.group("sign"), line)


@cache
def _department_words() -> tuple[tuple[str, ...], re.Pattern[str], re.Pattern[str]]:
    """Office endings (「課」「室」…), the labelled department line of an item (「（担当）デジタル推進課」) and the
    opening of its 財源 line (「（財源）」「財源：」), from data/vocabulary.toml [department]."""
    words = vocabulary()["department"]
    labels = "|".join(sorted(map(re.escape, words["labels"]), key=len, reverse=True))
    line = re.compile(rf"^[（(【〔\[]\s*(?:{labels})\s*[)）】〕\]]\s*[:：]?\s*(?P<dept>[^\s、,].*?)$"
                      rf"|^(?:{labels})\s*[:：]\s*(?P<dept2>[^\s、,].*?)$"
                      # (「問　福祉課」「問　総務課（防災・防犯係）」 under an item of a town's newsletter: the label set off
                      # by a space, an office after it, never a question of a 問/答 record)
                      rf"|^(?:{labels})[ \u3000]+(?P<dept3>[^\s、,:：][^。？?]*?(?:課|室|係|局|部|センター|事務所|委員会)"
                      r"(?:[（(][^（）()]*[)）])?)$")
    sources = "|".join(sorted(map(re.escape, words["sources"]), key=len, reverse=True))
    # (「財源内訳　国庫支出金　16,750」: the label set off by a gap, a figure after it)
    source = re.compile(rf"^(?:[（(【〔\[]\s*(?:{sources})\s*[)）】〕\]]|(?:{sources})\s*[:：]|(?:{sources})\s+(?=\D+\d))")
    return tuple(vocabulary()["ledger"]["department_endings"]), line, source


def _name_department(name: str) -> tuple[str, str | None]:
    """A row name without a trailing bracketed office (「道路ストック修繕事業【道路維持課】」「…事業（福祉課）」), or one
    written before it (「【管財課】県有施設照明ＬＥＤ化緊急対策事業費」), and the office (a bracket whose text ends in an
    office word: 課, 室, センター, ... of data/vocabulary.toml)."""
    match = re.search(r"[【〔\[［（(]\s*(?P<dept>[^】〕\]］（）()]+?)\s*[】〕\]］)）]\s*$", name)
    if match and match.group("dept").endswith(_department_words()[0]) and "一部" not in match.group("dept"):
        return name[:match.start()].rstrip(), match.group("dept")
    match = re.match(r"^[【〔\[［（(]\s*(?P<dept>[^】〕\]］（）()]+?)\s*[】〕\]］)）]\s*(?=\S{2})", name)
    if match and match.group("dept").endswith(_department_words()[0]) and "一部" not in match.group("dept"):
        return name[match.end():].strip(), match.group("dept")
    return name, None


def _name_and_office(name: str, note: str | None) -> tuple[str, str | None]:
    """`_name_department` of a row's name, the office read from the bracketed note after its amount when the name
    holds none."""
    name, dept = _name_department(name)
    if dept is None and note:
        _, dept = _name_department(note)
    return name, dept


def source_line(norm: str) -> bool:
    """A line that gives an item's 財源内訳 (「（財源）国庫支出金　126,500千円、一般財源　25,500千円」), or a line wholly in
    brackets that opens with a source's word and a figure (「〔国庫 49,200　一般 49,200〕」, the legend saying 「〔　〕内は
    財源内訳」: the words are the vocabulary's `source` field)."""
    if _department_words()[2].match(norm):
        return True
    inside = re.fullmatch(r"[〔［\[]\s*(?P<word>[^\d\s△▲]+)\s*[△▲]?\s*\d[^〔〕［］\[\]]*[〕］\]]", norm.strip())
    if inside is None:
        return False
    # (the field's own words, not `header_field`: 「前年度繰越金」 is a source here, though 前年度 heads a table's column)
    source = next(f for f in vocabulary()["field"] if f["name"] == "source")
    word = inside.group("word")
    return word in source.get("exact", []) or any(w in word for w in source.get("words", []))


def department_line(norm: str) -> str | None:
    """The office a labelled line names (「（担当）デジタル推進課」「担当：福祉課」), None for other lines and for a
    line with a phone number (a contact, read as such)."""
    match = _department_words()[1].match(norm)
    if not match or L.PHONE.search(norm):
        return None
    return (match.group("dept") or match.group("dept2") or match.group("dept3")).strip()


def marker_pages(text: str) -> list[int]:
    """Page start offsets from 「=== PAGE n ===」 lines that PDF-to-text tools leave; empty when there are none.

    The page before the first marker (a rule line, a blank) belongs to page 1; when the first marker is page 2,
    the text before it is page 1.
    """
    starts: list[int] = []
    for match in PAGE_NUMBERED.finditer(text):
        n = int(match.group("n"))
        if not starts and n == 2:
            starts.append(0)  # the first page often carries no marker: 「=== PAGE 2 ===」 is the first break
        if n != len(starts) + 1:
            return []  # markers out of order: not page markers after all
        starts.append(0 if n == 1 else match.start())
    return starts


def wrap_width(lines: list[Line]) -> int:
    """The width a PDF wrapped its text at: the 90th percentile of line lengths (in characters)."""
    lengths = sorted(len(ln.norm) for ln in lines if ln.norm)
    return lengths[int(len(lengths) * 0.9)] if lengths else 40


def _wrapped(norm: str, width: int) -> bool:
    """A line cut by the page width rather than ended by the writer: long, and not closing a sentence."""
    return len(norm) >= 0.75 * width and not ENDS_SENTENCE.search(norm)


def _ends_page(lines: list[Line], i: int) -> bool:
    """Whether no priced item follows line `i` on its page (a page marker or the end comes first)."""
    for line in lines[i + 1:]:
        if PAGE_MARKER.match(line.norm):
            return True
        if PRICED.search(line.norm):
            return False
    return True


def _opens_wrapped_name(norm: str) -> bool:
    """Whether a line opens a listed name that goes on to the next line: a list mark (not a block's ○, which heads
    a group of items) and words, no amount, no sentence end (「・海上自衛隊における佐世保（崎辺東地区（仮称））の」)."""
    mark = None if BLOCK_MARK.match(norm) else ITEM_MARK.match(norm)
    return mark is not None and len(norm) - mark.end() >= 4 and not PRICED.search(norm) \
        and not ENDS_SENTENCE.search(norm) and not find_amounts(norm)


def _without_label(name: str) -> tuple[str, str | None]:
    """A row's name without the figure's label written after it (「低所得世帯…給付金事業　　補正額」 -> the name,
    「補正額」): the label is a money column word of the vocabulary (補正額, 予算額, 要求額)."""
    words = name.split()
    if len(words) >= 2 and header_field(words[-1]) in MONEY_LABELS:
        return " ".join(words[:-1]), words[-1]
    return name, None


def is_note(name: str) -> bool:
    """A line that notes a commitment of the program above (「◆債務負担行為 …限度額 1,320百万円」), never an item
    (`data/vocabulary.toml` [notes])."""
    return any(_clean_name(name).startswith(w) for w in vocabulary()["notes"]["words"])


def _clean_name(text: str) -> str:
    text = ITEM_MARK.sub("", text.strip())
    text = re.sub(r"^(?:を|の|と|、|，)\s*", "", text)
    return text.strip(" 、,，：:　")


def _is_title_like(norm: str) -> bool:
    return (0 < len(norm) <= 40 and "。" not in norm and not PRICED.search(norm) and not AREA_TOTAL.match(norm)
            and not NUMERAL_ALONE.match(norm) and not PAGE_MARKER.match(norm))


def _toc_titles(lines: list[Line]) -> set[str]:
    """Titles listed in a 目次 (contents) block: numbered lines until the next page marker."""
    titles: set[str] = set()
    for i, line in enumerate(lines):
        joined = line.norm.replace(" ", "")
        if joined == "目次" or (joined == "目" and i + 1 < len(lines) and lines[i + 1].norm == "次"):
            for other in lines[i + 1:i + 120]:
                if PAGE_NUMBERED.match(other.norm):
                    break
                if _is_title_like(other.norm) and not other.norm.isdigit():
                    titles.add(key(other.norm))
            break
    return titles


def _wraps_to_row(head: Line, line: Line) -> re.Match[str] | None:
    """A numbered name wrapped onto the line of its amount (「１　…導入推進」 / 「事業　94,600千円」): the row read
    from both lines, or None."""
    if not ROW_HEAD.match(head.norm) or ITEM_MARK.match(line.norm) or ROW.match(head.norm):
        return None
    # (an amount alone on the next line, 「●放課後児童クラブ運営事業（子育て支援課）」 over 「1,050万円」, stands apart
    # from the name as a row's does; a name's wrapped rest runs on from it)
    joined = ROW.match(head.norm + (" " if AMOUNT_ONLY.match(line.norm.strip()) else "") + line.norm)
    if not joined or joined.start("amount") <= len(head.norm):
        return None
    # 「１　補正予算の規模」 over 「補正前の額　48,260,000千円」: a heading over a labelled figure (a column word of the
    # vocabulary: 補正前の額, 補正額, 国庫支出金, ...), not a name wrapped onto its amount.
    tail = joined.group("name")[len(head.norm) - joined.start("name"):]
    # 「１　安心して…環境づくり」 over 「施策計　27億6,905万円」: a heading over its total, not a wrapped name either.
    return None if header_field(tail) in MONEY_LABELS or is_total(tail) else joined


def labelled_row(lines: list[Line], i: int) -> re.Match[str] | None:
    """Line i as the labelled amount of the numbered name above it (「（１）高齢者見守り事業（福祉課）」 /
    「補正額　3,200千円」, the label a budget column word of the vocabulary), or None. A run of labelled figures
    (「補正前の額」「補正額」「補正後の額」 under 「１　補正予算の規模」) is a table of the account, not an item."""
    if i < 1 or not ROW_HEAD.match(lines[i - 1].norm) or ROW.match(lines[i - 1].norm):
        return None
    match = LABELLED.match(lines[i].norm)
    if not match or amount_yen(match) is None or header_field(match.group("label")) != "budget":
        return None
    around = [lines[k].norm for k in (i - 2, i + 1) if 0 <= k < len(lines)]
    if any((m := LABELLED.match(n)) and header_field(m.group("label")) in MONEY_LABELS for n in around):
        return None
    return match


def _headings(lines: list[Line], toc: set[str]) -> dict[int, tuple[int, str, int]]:
    """Heading lines: index of the title line -> (level, title, index of the numeral line).

    A numeral alone on its line followed by a short title is a heading when the title is in the contents, or,
    without contents, when the numeral continues its own sequence (page numbers do not: they run per page).
    """
    out: dict[int, tuple[int, str, int]] = {}
    last: dict[str, int] = {}
    roman_title: str | None = None
    for i, line in enumerate(lines):
        boxed = BOXED_HEADING.match(line.norm)
        if boxed and not find_amounts(line.norm) and not reordered_row(line.norm):  # (「◇　1,000,000　…事業」: a row)
            out[i] = (3, tidy_title(boxed.group("title")), -1)  # 「■ こども未来局」: a group of rows
            continue
        numeral = NUMERAL_ALONE.match(line.norm)
        title_at = i + 1
        inline = None if numeral else NUMERAL_INLINE.match(line.norm)
        if inline and (ROW.match(line.norm) or i + 1 < len(lines) and (_wraps_to_row(line, lines[i + 1])
                                                                     or labelled_row(lines, i + 1))):
            inline = None  # 「１　○○事業　　12,345千円」: a numbered row with its amount, not a heading
        if not numeral and not inline or inline and len(GROUPED.findall(inline.group("title"))) >= 2:
            continue  # (「１４　国庫支出金　168,420,300　6,526,500　174,946,800」: a row of a table by 款, no heading)
        if numeral:
            if title_at >= len(lines) or not _is_title_like(lines[title_at].norm):
                continue
            title = lines[title_at].norm
        else:
            title, title_at = inline.group("title"), i
            if not _is_title_like(title):
                continue
        match = numeral or inline
        family = "roman" if match.group("roman") else "num"
        n = ROMAN.index(match.group("roman")) + 1 if match.group("roman") else int(match.group("num"))
        wide = line.raw.strip()[:1] not in "0123456789"
        in_toc = key(title) in toc or any(overlap(title, t) >= 0.9 for t in toc if len(t) >= 4)
        sequential = n == 1 or last.get(family, 0) + 1 == n or last.get(family) == n
        if (toc and in_toc) or (not toc and sequential and (wide or family == "roman")):
            out[title_at] = (1 if family == "roman" else 2, tidy_title(title), i)
            last[family] = n
            if family == "roman":
                if roman_title != key(title):  # a new part restarts its numbering; a running header does not
                    last["num"] = 0
                roman_title = key(title)
    return out


def _amount_from(match: re.Match[str], line: Line, base: int, period: FiscalLabel) -> Amount:
    """The amount in `match` (found at `base` in the line's normalised text), spanned in the document."""
    a = re.search(AMOUNT, match.group(0))
    begin, stop = (base + a.start(), base + a.end()) if a else (base, base + len(match.group(0)))
    try:
        raw_begin, raw_stop = raw_span(line.raw, begin, stop, line.norm)
    except ValueError:  # no exact map back: keep the span inside the line rather than invent one
        raw_begin, raw_stop = min(begin, len(line.raw)), min(stop, len(line.raw))
    while raw_begin < raw_stop and line.raw[raw_begin].isspace():
        raw_begin += 1
    while raw_stop > raw_begin and line.raw[raw_stop - 1].isspace():
        raw_stop -= 1
    return Amount(yen=amount_yen(match), text=line.raw[raw_begin:raw_stop], label="",
                  fiscal_year=period.year, budget_kind=period.kind, approx=bool(match.group("approx")),
                  start=line.start + raw_begin, end=line.start + raw_stop)


def _column_amount(line: Line, figure: Figure, unit: tuple[str, int] | None, period: FiscalLabel) -> Amount | None:
    """A column figure of a 款・項 or 総括 row as an amount in yen (its own unit, else the stated one), spanned in the
    document; None when no unit says what it counts (a bare figure's unit is never guessed)."""
    yen = figure.yen(unit)
    if yen is None:
        return None
    start, end = _raw_span_or_same(line, figure.start, figure.end)
    return Amount(yen=yen, text=figure.written(unit), label=figure.label, fiscal_year=period.year,
                  budget_kind=period.kind, start=line.start + start, end=line.start + end)


def _raw_span_or_same(line: Line, start: int, end: int) -> tuple[int, int]:
    """Offsets on a line's normalised form as offsets into its raw text (see `raw_span`), clipped to the line."""
    try:
        return raw_span(line.raw, start, min(end, len(line.norm)), line.norm)
    except ValueError:
        return min(start, len(line.raw)), min(end, len(line.raw))


# A name that ends as a program's does (「…事業」「…費」「…交付金」「…手当」), never a heading's area (「…の確保」「…の強化」).
_PROGRAM_NAME = re.compile(r"(?:事業|費|金|手当|助成|補助)$")


def _bare_amount(note: str | None) -> re.Match[str] | None:
    """The amount a row's closing bracket holds alone (「（６２億円）」: last year's, after this year's), else None."""
    return re.fullmatch(r"[（(]\s*" + AMOUNT + r"\s*[)）]", note) if note else None


def _numbered_over_items(lines: list[Line], i: int, row: re.Match[str]) -> bool:
    """Whether a numbered row (「１．…　１，６２４億円」) heads items of another mark listed under it (「・…　８５億円」)
    before the next row of its own numbering: a heading with its total."""
    mark = row.group("mark")
    if not re.fullmatch(r"\d{1,2}[.．]", mark) or _PROGRAM_NAME.search(_clean_name(row.group("name"))):
        return False  # 「６．保育所運営事業　８６，７４０千円」 over its 「・保育士等人件費」: a program and its breakdown
    for line in lines[i + 1:i + 12]:
        below = ROW.match(line.norm) if line.norm else None
        if below is None:
            below = re.match(r"^(?P<mark>[・･○〇◯●◎■□◆◇])", line.norm) if PRICED.search(line.norm) else None
        if below is not None:
            return not re.fullmatch(r"\d{1,2}[.．]", below.group("mark"))
    return False


def parse_items(doc: Document) -> list[Program]:
    """Priced items and area totals of a 予算の概要-style document.

    Returns:
        Programs of kind "item" (with `budget`, `categories` outer first, `parent_id` for items listed inside a
        priced block, `repeat` for 【再掲】) and kind "total" (area and sub-area totals, never summed), in
        document order; every offset indexes `doc.text`. Empty when the document has no priced items.
    """
    lines = lines_of(doc)
    # The year and kind of every amount here: the period line's, its kind from the title when the year stands on a
    # line of its own (「令和１０年度」 over 「青葉県一般会計補正予算（第２号）説明書」).
    period = label_of(doc.period, doc.title) if doc.period else label_of("", doc.title)
    headings = _headings(lines, _toc_titles(lines))
    numeral_lines = {v[2] for k, v in headings.items() if v[2] != k}  # an inline heading is its own title line
    path: dict[int, str] = {}
    items: list[_Item] = []
    totals: list[tuple[str, Amount, int, list[str]]] = []
    total_parts: dict[int, list[Amount]] = {}  # a total's line -> its figure counted another way (「他分野を除くと」)
    # a 款・項 total's line -> its other columns (既決予算額, 計) and, for the 総括's 歳出合計, the table it closes, as
    # (section name, start, end) in the document: quoted beside its 補正額, never its figure
    total_columns: dict[int, list[tuple[str, int, int]]] = {}
    header_line = -1  # the line of the last header of columns
    block_head: int | None = None  # line index of the current ○ block's head
    block_item: int | None = None  # index into items of the block's own priced item
    block_group: str | None = None  # name of an unpriced block that groups the items listed in it
    current_heading_line = -1
    page_start, page_heading_seen = 0, False
    width = wrap_width(lines)
    head_lines: dict[int, int] = {}  # priced line -> first line of its wrapped head

    # A 説明書's classification (款 > 項 > 目, from its 「２款　総務費　…」 lines): the programs' categories while it
    # holds, in place of the headings above it (「第３　歳出予算の説明」 frames the whole account).
    levels: dict[int, str] = {}
    first_level = -1  # the line of the document's first 款・項 line (the 総括's overview items stand above it)
    header: dict[str, str] | None = None  # the columns of the last header line (既決予算額 | 補正額 | 計), role -> word
    side: str | None = None  # the side of a 総括 the rows below belong to (revenue, expenditure)

    def categories() -> list[str]:
        if levels:
            return [levels[k] for k in sorted(levels)]
        cats = [path[k] for k in sorted(path)]
        return cats + ([block_group] if block_group else [])

    # Where flagged rows (「【新規】出産・子育て応援タクシー事業　　１，８４０万円」) set the list's shape, a row of the same
    # indentation without a flag (「汐見港みなと観光推進事業　　８，７３０万円」) is one of its programs too.
    # (a row marked ★ or ☆, 新規 and 拡充 by the legend over it, sets the column its name begins at: an unmarked
    # program's name stands there, 「　　　★産後ケア事業費補助 ……」 over 「　　　　妊婦健康診査支援事業 ……」)
    flagged = []
    for ln in lines:
        if (r := ROW.match(ln.norm)) is None:
            continue
        if r.group("mark").startswith("【"):
            flagged.append(ln.indent)
        elif r.group("mark") in ("★", "☆"):
            # (the mark is set full width, as Japanese text sets it: two columns, though Unicode leaves its width open)
            body = ln.raw.lstrip()
            flagged.append(ln.indent + 2 + text_width(body[1:len(body) - len(body[1:].lstrip())]))
    row_indents = {n for n in flagged if flagged.count(n) >= 2}
    unit: tuple[str, int] | None = None  # the unit a 「（単位：千円）」 line states for the bare figures below it
    i = 0
    while i < len(lines):
        line = lines[i]
        norm = line.norm
        side = (side_of(norm) if norm else None) or side
        if not norm or i in numeral_lines or L.RULE_LINE.match(norm) or (len(norm) <= 30 and unit_in(norm)):
            # 「（単位：千円）」 states a unit; its 千円 is not an item of 1,000 yen.
            unit = (unit_in(norm) if norm and len(norm) <= 30 else None) or unit
            i += 1
            continue
        if not GROUPED.search(norm) and (stated := unit_in(norm)):
            # a legend's sentence (「（凡例）○は…を示す。金額の単位は千円。」): the unit of the bare figures below it
            unit = stated
        if PAGE_MARKER.match(norm):
            block_head = block_item = block_group = None
            page_start, page_heading_seen = i, False
            i += 1
            continue
        if (named_columns := header_columns(norm)) is not None:
            header, header_line = named_columns, i  # 「款・項　既決予算額　補正額　計」: the columns of the figures below
            i += 1
            continue
        if (column := column_row(norm, header)) is not None:
            # 「２款　総務費　38,215,400　484,600　38,700,000」: a 款/項 of the 説明 (its programs' category, a total of
            # its 補正額), or a row of the 総括 (「歳出合計」 the document's total; a 款 of it repeats the 説明's)
            if column.level is not None:
                levels = {k: v for k, v in levels.items() if k < column.level} | {column.level: column.name}
                first_level = i if first_level < 0 else first_level
                block_head = block_item = block_group = None
            named = column.level is not None or (is_total(column.name) and side != "revenue"
                                                 and not is_revenue(column.name))
            amount = _column_amount(line, column.columns[AMENDMENT], unit, period)
            if not named and column.level is None and (program := _column_program(column.name)) is not None \
                    and (amount := _column_amount(line, column.columns[AMENDMENT], unit, period)) is not None:
                # 「(1) 〔情報政策課〕…推進事業　既定予算額 12,300　今回補正額 49,500　補正後予算額 61,800」: a program
                # with the columns on its own line, its 補正額 its budget
                name, dept = program
                at = norm.find(name[:4], column.name_start)
                s, e = _raw_span_or_same(line, at, min(column.name_end, at + len(name))) if at >= 0 else (0, 0)
                items.append(_Item(name, (line.start + s, line.start + e), amount, (amount.start or 0, amount.end or 0),
                                   None, i, categories(), department=dept))
                i += 1
                continue
            cats = categories()[:-1] if column.level is not None else []
            if named and column.level is not None and any(
                    (t[0], t[1].yen, t[3]) == (tidy_title(column.name), amount and amount.yen, cats) for t in totals):
                named = False  # the 説明's 「【２款　総務費】　補正額　27,200千円」 repeating the 款項別表's row: one total
            if named and amount is not None:
                totals.append((tidy_title(column.name), amount, i, cats))
                total_columns[i] = [(f.label or (header or {}).get(role, role),
                                     *(line.start + o for o in _raw_span_or_same(line, f.start, f.end)))
                                    for role, f in column.columns.items() if role != AMENDMENT]
                if column.level is None and 0 <= header_line and i - header_line <= _TABLE_ROWS:
                    # 「歳出合計」 closing the 総括's table by 款: the table is its breakdown
                    total_columns[i].append(("総括", lines[header_line].start,
                                             line.end))
            i += 1
            continue
        if (bare_level := bare_level_line(norm)) is not None:
            # 「第２款　総務費」 with its figures set elsewhere: the classification still holds for the programs below
            levels = {k: v for k, v in levels.items() if k < bare_level[0]} | {bare_level[0]: bare_level[1]}
            first_level = i if first_level < 0 else first_level
            i += 1
            continue
        if i in headings:
            levels = {}
            level, title, _ = headings[i]
            if path.get(level) != title:
                old_path = dict(path)
                path = {k: v for k, v in path.items() if k < level}
                path[level] = title
                # PDF text often puts a page's heading box after the page's body: items read so far on this
                # page, with no heading before them on it, belong to this heading too.
                if not page_heading_seen:
                    for item in items:
                        if item.line > page_start and item.categories[:len(old_path)] == [old_path[k] for k in
                                                                                          sorted(old_path)]:
                            item.categories = [path[k] for k in sorted(path)] + item.categories[len(old_path):]
                page_heading_seen = True  # a running header that repeats the current heading does not count
            current_heading_line = i
            block_head = block_item = block_group = None
            i += 1
            continue
        total = AREA_TOTAL.match(norm)
        if total and (total.group("name") or i - current_heading_line <= 2):
            found = re.search(AMOUNT, norm)
            if found and amount_yen(found) is not None:
                amount = _amount_from(found, line, found.start(), period)
                name = total.group("name") or (path[max(path)] if path else doc.period or doc.title)
                totals.append((name, amount, i, categories()))
                if total.group("note") and (other := AMOUNT_ONLY.search(norm, total.start("note"))):
                    # 「（他分野を除くと約2,124億円）」: the same total counted another way, kept as a part of it
                    part = _amount_from(other, line, other.start(), period)
                    part.label = norm[total.start("note"):other.start()].strip(" と:：")
                    if part.yen is not None and part.label:
                        total_parts[i] = [part]
                page_items = [item for item in items if item.line > page_start]
                if total.group("name") and _ends_page(lines, i) and not any(
                        key(item.name) == key(name) for item in page_items):
                    # 「【弾薬の確保】約８，２８３億円」 printed at the foot of its page, as PDF text often puts a
                    # page's title box last: the page's items are that sub-area's (unless one of them bears its name:
                    # the page is that program's, its parts beside it).
                    for item in page_items:
                        if name not in item.categories:
                            item.categories.append(name)
            i += 1
            continue
        if SUBAREA_ONLY.match(norm) and i + 1 < len(lines) and AREA_TOTAL.match(lines[i + 1].norm):
            found = re.search(AMOUNT, lines[i + 1].norm)
            if found and amount_yen(found) is not None:
                totals.append((SUBAREA_ONLY.match(norm).group("name"),
                               _amount_from(found, lines[i + 1], found.start(), period), i, categories()))
            i += 2
            continue
        opens_block = bool(BLOCK_MARK.match(norm))
        if opens_block:
            head = i if BLOCK_MARK.sub("", norm) else i + 1
            block_head, block_item, block_group = head, None, None
            if head != i:
                i += 1
                continue
        subtotal = is_subtotal(norm) if not BLOCK_MARK.match(norm) else None
        if subtotal:
            amount = _row_amount(subtotal, line, period)
            name = tidy_title(subtotal.group("name"))
            totals.append((name, amount, i, [] if is_grand_total(name) else categories()))
            i += 1
            continue
        priced = [m for m in PRICED.finditer(norm) if amount_yen(m) is not None]
        row = ROW.match(norm) or (UNMARKED_ROW.match(norm) if line.indent in row_indents
                                  and re.search(r"\S[ \u3000]{2,}\S|[.･・‥…]{3,}", line.raw) else None)
        if row is None and unit is not None and (bare := bare_row(line)) is not None:
            # 「(1) 【拡充】第２子以降保育料無償化事業　　1,284,600」 under 「（単位：千円）」: a bare figure in that unit
            items.append(_bare_item(bare, lines, i, unit, period, categories()))
            i += 1
            continue
        if row is None and not priced and (found := reordered_row(norm)) is not None \
                and (reordered := _reordered_item(found, line, i, unit, period, categories())) is not None:
            # 「○　45,600千円　防災行政無線…事業（危機管理課）」「（デジタル推進課）市町村…事業　98,400」: the figure first,
            # or the office first, of a 説明書's program line
            items.append(reordered)
            i += 1
            continue
        if row is not None and priced and not _bare_amount(row.group("note")):
            row = None  # 「○トマホークの取得（２，１１３億円）」: the amount in brackets is the item's
        elif row is not None:
            priced = []  # 「・海上監視レーダー網の高度化　８５億円（６２億円）」: this year's, then last year's in brackets
        if row is not None and _numbered_over_items(lines, i, row):
            # 「１．海上における治安・安全の確保　１，６２４億円（１，４８０億円）」 over 「・…」 items: a heading with
            # its total, not an item
            heading = tidy_title(_clean_name(row.group("name")))
            path = {k: v for k, v in path.items() if k < 1} | {1: heading}
            totals.append((heading, _row_amount(row, line, period), i, categories()[:0]))
            current_heading_line = i
            block_head = block_item = block_group = None
            i += 1
            continue
        head = lines[i - 1] if i > 0 and not priced and not row and i - 1 not in headings else None
        joined = _wraps_to_row(head, line) if head is not None else None
        if head is not None and joined:
            # A numbered name wrapped onto the line of its amount (「１　…導入推進」/「事業　94,600千円」).
            joint = len(joined.string) - len(line.norm)  # where the amount's line starts in the joined row
            amount = _row_amount(joined, line, period, offset=joint)
            # (「1,740万円（健康づくり課）」 under its name: the office in the note after the amount)
            name, dept = _name_and_office(_clean_name(joined.group("name")), joined.group("note"))
            s = head.start + _raw_span_or_same(head, joined.start("name"), len(head.norm))[0]
            tail = joined.start("name") + len(joined.group("name").rstrip()) - joint
            e = line.start + _raw_span_or_same(line, 0, max(0, tail))[1]
            items.append(_Item(name, (s, e), amount, (amount.start or 0, amount.end or 0), None, i, categories(),
                               department=dept, head=i - 1))
            i += 1
            continue
        if not priced and not row and unit is not None and (bare := bare_labelled_row(lines, i)) is not None:
            # 「（１）防災行政無線再整備事業費（危機管理課）」 / 「補正額　３３，５００」: the name above its labelled bare figure
            head = lines[i - 1]
            named = ROW_HEAD.match(head.norm)
            amount = _bare_amount_of(line, bare.start("figure"), bare.end("figure"), unit, period, bare.group("sign"))
            amount.label = bare.group("label").strip()
            name, dept = _name_department(_clean_name(named.group("name"))) if named else ("", None)
            if name:
                s, e = (head.start + o for o in _raw_span_or_same(head, named.start("name"), len(head.norm)))
                items.append(_Item(name, (s, e), amount, (amount.start or 0, amount.end or 0), None, i, categories(),
                                   department=dept, head=i - 1))
            i += 1
            continue
        labelled = labelled_row(lines, i) if not priced and not row and i - 1 not in headings else None
        if labelled:
            # 「（１）高齢者見守り事業（福祉課）」 / 「補正額　3,200千円」: the name above its labelled amount.
            head = lines[i - 1]
            named = ROW_HEAD.match(head.norm)
            if named is None:  # labelled_row checked it; kept as a guard, not an assert (see test_no_assert_…)
                i += 1
                continue
            amount = _row_amount(labelled, line, period)
            rest, label = _without_label(labelled.group("label").strip())
            amount.label = label or rest
            # 「(4) 内水氾濫対策雨水幹」/「線整備事業　補正額 275百万円」: what stands before the label ends the name.
            name, dept = _name_department(_clean_name(named.group("name") + (rest if label else "")))
            s, e = (head.start + o for o in _raw_span_or_same(head, named.start("name"), len(head.norm)))
            items.append(_Item(name, (s, e), amount, (amount.start or 0, amount.end or 0), None, i, categories(),
                               department=dept, head=i - 1))
            i += 1
            continue
        if not priced and not row:
            if block_head == i and block_item is None:
                # A head wrapped over lines runs on to its amount; a short complete head groups the items below.
                j = i
                while j + 1 < len(lines) and j - i < 3 and _wrapped(lines[j].norm, width) \
                        and lines[j + 1].norm and not BLOCK_MARK.match(lines[j + 1].norm):
                    j += 1
                    if PRICED.search(lines[j].norm):
                        break
                if j > i and PRICED.search(lines[j].norm) or (
                        j + 1 < len(lines) and PRICED.match(lines[j + 1].norm)):
                    block_head = i
                    head_lines[j if PRICED.search(lines[j].norm) else j + 1] = i
                else:
                    block_group = _clean_name(norm)
            i += 1
            continue
        if row and is_total(row.group("name").split()[-1]) and len(row.group("name").split()) > 1:
            # 「１ 物価高騰対策　　計 4,741,890千円」: a numbered heading with its total, not an item.
            heading = tidy_title(" ".join(row.group("name").split()[:-1]))
            path = {k: v for k, v in path.items() if k < 1} | {1: heading}
            totals.append((heading, _row_amount(row, line, period), i, categories()))
            block_head = block_item = block_group = None
            i += 1
            continue
        if row and is_note(row.group("name")):
            i += 1
            continue
        if row and L.BUDGET_LABEL_NAME.search(_clean_name(row.group("name"))):
            # 「○ 令和８年度予算（案）額　４，０２５億円」: the document's own total, labelled as a budget, not an item.
            totals.append((tidy_title(_clean_name(row.group("name"))), _row_amount(row, line, period), i, []))
            i += 1
            continue
        if row:
            amount = _row_amount(row, line, period)
            bare, label = _without_label(row.group("name"))
            if label:
                amount.label = label
            # (「●子育て応援給付金 1,200万円（子育て支援課）」: the office in brackets after the amount)
            name, dept = _name_and_office(_clean_name(bare), row.groupdict().get("note"))
            if flag := row.groupdict().get("flag"):
                name = f"{flag}{name}"  # 「…1,890万円（住民福祉課）【拡充】」: the flag after it all
            if _DETAIL_LABEL.match(name) or (len(name) <= 8 and re.match(r"\s*[:：]", row.string[row.end("name"):])):
                i += 1
                continue  # 「・整備期間：…、総事業費 ７億２，０００万円」「・上限：５００万円」: a detail of the program above
            if row.group("mark").startswith("【"):
                name = f"{row.group('mark')}{name}"  # the flag, taken into `flags` with the others (finish_titles)
            elif row.group("mark") in _BARE_FLAGS:
                name = f"【{row.group('mark')}】{name}"
            previous = PREVIOUS_NOTE.search(row.group("note") or "") or _bare_amount(row.group("note"))
            last_year: Amount | None
            if previous and amount_yen(previous) is not None:
                last_year = _amount_from(previous, line, row.start("note") + previous.start(), period)
            elif i + 1 < len(lines) and _PREVIOUS_BELOW.fullmatch(lines[i + 1].norm.strip()) \
                    and (below := PREVIOUS_NOTE.search(lines[i + 1].norm)) and amount_yen(below) is not None:
                # 「【拡充】創業支援事業　２，４８０万円」 over 「（前年度 １，６００万円）」 set under the amount
                last_year = _amount_from(below, lines[i + 1], below.start(), period)
            else:
                last_year = None
            if last_year is not None:
                last_year = _last_year(last_year, amount)
            items.append(_Item(name, _name_span(line, row), amount,
                               (amount.start or 0, amount.end or 0), None, i, categories(), previous=last_year,
                               department=dept))
            i += 1
            continue
        previous_end = 0
        for n, match in enumerate(priced):
            before = norm[previous_end:match.start()]
            name_line, name_text, name_base = line, before, previous_end
            if not before.strip(" 、,・") and n == 0:
                # 「（２２５億円）」 alone: the name is the line above (its last list element).
                k = i - 1
                while k >= 0 and (not lines[k].norm or lines[k].norm.startswith(("（", "("))
                                  and not PRICED.search(lines[k].norm) and QUANTITY.fullmatch(lines[k].norm)):
                    k -= 1
                if k < 0:
                    continue
                if items and items[-1].line == k and re.search(r"[)）]\s*$", lines[k].norm):
                    # A second bracket under a priced line (「（潜水艦延伸工事６隻…：２０億円）」) is more of it.
                    extra = _amount_from(match, line, match.start(), period)
                    extra.label = (match.group("qty") or "").strip()
                    items[-1].others.append(extra)
                    previous_end = match.end()
                    continue
                name_line = lines[k]
                tail = re.split(r"[)）]\s*[、,]", name_line.norm)[-1]
                name_text, name_base = tail, len(name_line.norm) - len(tail)
            elif n == 0 and i in head_lines:
                name_line = lines[head_lines[i]]
                name_text = "".join(lines[k].norm for k in range(head_lines[i], i)) + before
                name_base = 0
            elif n == 0 and HIRAGANA_START.match(before.strip()) and i > 0 and lines[i - 1].norm \
                    and not PRICED.search(lines[i - 1].norm):
                # 「について開発を継続（３３８億円）」 continues the line above: the name is the whole clause.
                name_line = lines[i - 1]
                name_text, name_base = name_line.norm + before, 0
            elif n == 0 and i > 0 and len(priced) == 1 and not ITEM_MARK.match(norm) \
                    and _opens_wrapped_name(lines[i - 1].norm):
                # 「・陸上自衛隊における佐賀駐屯地（仮称）新設に係る」 over 「施設整備（１，０６８億円）」: a listed name
                # wrapped onto the line of its amount is the two lines.
                name_line = lines[i - 1]
                name_text, name_base = name_line.norm + before, 0
            name = _clean_name(name_text)
            quantity = match.group("qty").strip() if match.group("qty") else None
            q = QUANTITY.search(name)
            if q and quantity is None:
                quantity, name = q.group("qty"), name[:q.start()].strip()
            if len(name) > 40:
                clauses = [c for c in re.split(r"[。、]", name) if c.strip()]
                name = clauses[-1].strip() if clauses else name
            if not name or NUMERAL_ALONE.match(name) or _DETAIL_LABEL.match(name):
                previous_end = match.end()
                continue
            amount = _amount_from(match, line, match.start(), period)
            others = []
            for extra in re.finditer(r"(?P<label>[^、,：:]{1,12})[:：]\s*" + AMOUNT, match.group("tail") or ""):
                extra_amount = _amount_from(extra, line, match.start() + match.group(0).index(extra.group(0)),
                                            period)
                extra_amount.label = extra.group("label").strip()
                others.append(extra_amount)
            # 「（４８，２００千円　前年度　３９，５００千円）」: last year's figure inside the same brackets.
            last = PREVIOUS_NOTE.search(match.group("tail") or "")
            last_year = None
            if last and amount_yen(last) is not None:
                last_year = _amount_from(last, line, match.start() + match.group(0).index(last.group(0)), period)
                last_year.label, last_year.budget_kind = "前年度", "前年度"
            at = max(0, name_line.norm.find(name[:6]) if name[:6] in name_line.norm else name_base)
            s, e = (name_line.start + o for o in _raw_span_or_same(line=name_line, start=at, end=at + len(name)))
            repeat = REPEAT in norm[match.end():match.end() + 6]
            item = _Item(name, (s, min(name_line.end, e)), amount, (amount.start or 0, amount.end or 0),
                         quantity, i, categories(), repeat=repeat, others=others, previous=last_year)
            if block_head is not None and block_item is not None and i > items[block_item].line:
                item.parent = block_item
            items.append(item)
            if block_head is not None and block_item is None and block_group is None and i - block_head <= 3 \
                    and n == 0:
                block_item = len(items) - 1
            previous_end = match.end()
        i += 1
    if first_level >= 0 and any(it.line > first_level for it in items):
        # A 説明書's programs stand under its 款・項: the priced lines of its 総括 above them (「＜主な内容＞ １　物価高騰
        # 対策　3,708,000千円」) are the budget's themes, each a sum of programs listed below, so totals, never summed.
        overview = [it for it in items if it.line < first_level]
        kept = [it for it in items if it.line >= first_level]
        moved = {id(it): n for n, it in enumerate(kept)}
        for it in kept:  # (a part's parent is an index into the items: re-pointed, or none when it became a total)
            it.parent = moved.get(id(items[it.parent])) if it.parent is not None else None
        items = kept
        totals += [(it.name, it.amount, it.line, it.categories) for it in overview]
    return _programs(doc, lines, items, totals, total_parts, total_columns)


def _office_headings(lines: list[Line], items: list[_Item]) -> list[int]:
    """The lines of an office and its phone that head the items below them (「■総務部　危機管理課　（電話 …）」 over
    the programs it runs, up to the next such line), or [] when a document writes its offices under its items.

    A line of an office and a phone standing just above an item's name (blank lines between) is ambiguous alone: it
    closes the item above or opens the one below. The document's end tells: a document that writes offices under
    its items closes its last item's text with one; one that heads them does not."""
    if not items:
        return []
    lead = {it.line for it in items}

    def office(i: int) -> bool:
        return office_phone_line(lines[i].norm)

    def next_text(i: int) -> int | None:
        """The next line that is an item's name or reads as text (a page's number and running header, short and
        with no sentence, are passed over)."""
        return next((j for j in range(i + 1, len(lines)) if j in lead or len(lines[j].norm) > _FURNITURE_CHARS
                     or "。" in lines[j].norm or office(j)), None)

    heads = [i for i in range(len(lines)) if office(i) and next_text(i) in lead]
    last = max(lead)
    ends_with_office = any(office(i) for i in range(last + 1, next((j for j in range(last + 1, len(lines))
                                                                  if PAGE_MARKER.match(lines[j].norm)), len(lines))))
    return heads if len(heads) >= 2 and not ends_with_office else []


def _item_id(document: str, name: str, line: int) -> str:
    """Stable id of an item: names repeat in a 予算の概要 (【再掲】), so the line is part of the key."""
    return program_id(document, f"{name}:{line}")


def _programs(doc: Document, lines: list[Line], items: list[_Item],
              totals: list[tuple[str, Amount, int, list[str]]],
              total_parts: dict[int, list[Amount]] | None = None,
              total_columns: dict[int, list[tuple[str, int, int]]] | None = None) -> list[Program]:
    """Programs from items: each spans from its name to the next item's line (its description follows it)."""
    starts = sorted({it.line if it.head is None else it.head for it in items} | {t[2] for t in totals})
    programs: list[Program] = []
    ids: list[str] = []
    over = _office_headings(lines, items)
    unpriced: list[Program] = []
    for it in items:
        nxt = next((s for s in starts if s > it.line), len(lines))
        # (a heading between two items, 「■ 暮らし・生活基盤」, opens the next group: no text of the item above)
        nxt = next((j for j in range(it.line + 1, nxt) if lines[j].level or (
            BOXED_HEADING.match(lines[j].norm) and not re.search(r"[:：]", lines[j].norm))), nxt)
        # 「○」 alone on a line under the item opens an entry of its own that no amount on its name line priced
        # (「○ / １２式地対艦誘導弾…の開発・量産 / …について開発を継続（３３８億円）」): its text is its own, not the
        # text of the item above (トマホークの取得); it is kept as a passage of its own, found and quoted, never counted
        bullets = [j for j in range(it.line + 1, nxt) if _LONE_BULLET.fullmatch(lines[j].norm)]
        cats = [c for c in it.categories if c]
        for n, j in enumerate(bullets):
            last = bullets[n + 1] if n + 1 < len(bullets) else nxt
            body = [k for k in range(j + 1, last) if lines[k].norm.strip()]
            if body:
                first, end_line = lines[body[0]], lines[body[-1]]
                a, b = first.start, end_line.start + len(end_line.raw.rstrip())
                unpriced.append(Program(
                    id=_item_id(doc.name, f"entry:{first.norm[:40]}", body[0]), title=tidy_title(first.norm.strip()),
                    category=cats[-1] if cats else None, categories=cats, document=doc.name, start=a, end=b,
                    kind="passage",
                    sections=[Section(name="概要", start=a, end=b)]))
        nxt = bullets[0] if bullets else nxt
        start = min(it.name_span[0], lines[it.line].start)
        end = lines[nxt].start if nxt < len(lines) else len(doc.text)
        while end > start and doc.text[end - 1].isspace():
            end -= 1
        pid = _item_id(doc.name, it.name, it.line)
        ids.append(pid)
        budget = Budget(yen=it.amount.yen, text=doc.text[it.amount_span[0]:it.amount_span[1]],
                        amount_text=it.amount.text,
                        label=f"数量 {it.quantity}" if it.quantity else it.amount.label,
                        fiscal_year=it.amount.fiscal_year, budget_kind=it.amount.budget_kind, approx=it.amount.approx,
                        start=it.amount_span[0], end=it.amount_span[1], uchi=it.others, previous_year=it.previous)
        sections = [Section(name="事業名", start=it.name_span[0], end=it.name_span[1]),
                    Section(name="予算額", start=it.amount_span[0], end=it.amount_span[1])]
        body_start = lines[it.line].end
        if body_start < end:
            while body_start < end and doc.text[body_start].isspace():
                body_start += 1
            sections.append(Section(name="概要", start=body_start, end=end))
        # 「　担当：こども未来局 こども支援課 092-000-1111」 under an item: its contact, read as a PR sheet's are.
        # The item's own block ends at a rule or page line (a closing 「本資料に関する問い合わせ」 is the document's).
        block = next((i for i in range(it.line + 1, nxt) if _RULE.fullmatch(lines[i].norm)
                      or PAGE_MARKER.match(lines[i].norm)), nxt)
        contacts = _contacts(lines, [i for i in range(it.line, block) if L.PHONE.search(lines[i].norm)
                                     and i not in over])
        if not contacts and over:
            above = [i for i in over if i < it.line]
            contacts = _contacts(lines, above[-1:]) if above else []
        # 「（担当）デジタル推進課」 under an item names its office; 「（財源）国庫支出金　126,500千円」 breaks its amount
        # down by source (a part of the text, never the budget).
        department = it.department or next((d for i in range(it.line + 1, block)
                                            if (d := department_line(lines[i].norm))), None)
        if department is None and contacts and contacts[0].dept and not over:
            department = contacts[0].dept  # 「担当：住民福祉課　電話 0265-88-2134」: the office its own phone line names
        sources = [i for i in range(it.line + 1, block) if source_line(lines[i].norm)]
        if sources:
            first, last = lines[sources[0]], lines[sources[-1]]
            sections.append(Section(name="財源内訳", heading="財源", start=first.start + len(first.raw) - len(first.raw.lstrip()),
                                    end=last.start + len(last.raw.rstrip())))
        programs.append(Program(
            id=pid, title=tidy_title(it.name), category=cats[-1] if cats else None, categories=cats,
            parent_id=ids[it.parent] if it.parent is not None else None, repeat=it.repeat, document=doc.name,
            start=start, end=max(end, it.amount_span[1]), budget=budget, sections=sections, contacts=contacts,
            department=department, kind="item"))
    programs += unpriced
    for name, amount, line, cats in totals:
        span = (amount.start or lines[line].start, amount.end or lines[line].end)
        programs.append(Program(
            id=_item_id(doc.name, f"total:{name}", line), title=tidy_title(name), category=cats[-1] if cats else None,
            categories=cats, document=doc.name, start=lines[line].start, end=lines[line].end, kind="total",
            budget=Budget(yen=amount.yen, text=doc.text[span[0]:span[1]], amount_text=amount.text, approx=amount.approx,
                          fiscal_year=amount.fiscal_year, budget_kind=amount.budget_kind, start=span[0], end=span[1],
                          uchi=(total_parts or {}).get(line, [])),
            # (a 款・項's 既決予算額 and 計 beside its 補正額: quoted with it, never its figure)
            sections=[Section(name="予算額", start=span[0], end=span[1]),
                      *(Section(name=label, heading=label, start=a, end=b)
                        for label, a, b in (total_columns or {}).get(line, []))]))
    programs.sort(key=lambda p: p.start)
    if doc.page_starts:
        pages_from_breaks(doc, programs)
    return programs
