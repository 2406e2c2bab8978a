"""A council budget committee's 質疑応答要旨 / 審査の概要: dated sessions, under each a councillor's questions and the
officials' answers, an answer pricing a program in prose.

The form (北浜市 and 緑川市 round 26, 桜浜市 and 川辺町 round 21-22, variants in tests/fixtures/forms26-variants):

    第1日  令和10年3月8日（水）                      <- a session or a committee's field: the programs' category
    ① 地域公共交通の再編について                    <- a topic over one exchange (optional)
      【質問】 岡部 真一 委員（新風会）             <- a question's mark and its speaker (or 「問（山口委員）　…」 inline)
        …「地域公共交通再編事業」の予算額と…を伺う。
      【答弁】 総合政策部長 大西 隆                 <- an answer's mark and the official who answers
        「地域公共交通再編事業」の予算額は84,320千円で、前年度の61,500千円に比べ22,820千円の増…

Marks are words of data/vocabulary.toml [council] (質問/質疑/問/Q, 答弁/答/回答/A) in brackets, after a circle, or
followed by the speaker in parentheses; minutes that name the speaker alone (「○岡部委員　…」「○大西総合政策部長　…」)
are read by the speaker's title (委員/議員 ask, 部長/課長/監 … answer).

Each exchange (a question and the answers to it, up to the next question after an answer) gives:

- a program per amount the answer states as a program's budget (a label: 「予算額は…」「…を計上」, or the amount as what a
  named program is: 「「○○事業」は1億1800万円である」), titled by the name joined to it, else by the last name the answer
  said before it, else by the name the question asks about, else by the topic line (its 「について」 off). Last year's
  figure said after it (「前年度の61,500千円」「前年度は3億1,000万円」) is its previous amount, a stated change
  (「22,820千円の増」「前年度比2,580千円の減」) its change. Amounts of other kinds (「総事業費は約38億円」「寄附見込額は10億円」
  「上限300万円」) price no program.
- when the answer declines to state a figure (「総事業費は現在精査中でございます」) and prices nothing, a program without an
  amount, titled the same way.

A program's span is its exchange (topic line to the end of the last answer); its sections are the question (質疑) and
the answer (答弁・概要, where the official's words are quoted from), with 事業名 and 予算額 where they are written. The
answering official's office is its department (「総合政策部長 大西 隆」 -> 総合政策部), the heading above its topic its
category, 新規 said of it in the question or the answer its flag. The council office's contact at the document's foot
is no program's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from qa.ingest import layout as L
from qa.ingest import prose_names
from qa.ingest.amounts import AMOUNT_RE, amount_yen
from qa.ingest.lines import Line
from qa.ingest.models import Amount, Budget, Document, Program, Section
from qa.ingest.normalize import nfkc, tidy_title
from qa.ingest.structure import pages_from_breaks, program_id
from qa.ingest.vocabulary import vocabulary
from qa.ingest.years import label_of

NAME = "council_qa"
# Its exchanges are paragraphs of prose naming programs with their amounts: `prose_items` sees them too.
REFINES = ("prose_items",)

# How many exchanges with a named councillor or official a document needs to be minutes of a committee.
_MIN_EXCHANGES = 3
# The longest line that may name a speaker alone under a mark (「総合政策部長 大西 隆」「岡部 真一 委員（新風会）」).
_SPEAKER_CHARS = 36
# The longest topic or category line (「② 国民健康保険の特定健診について（議案第13号）」: 26).
_HEADING_CHARS = 48
# How far before an amount its label may stand (「令和10年度の予算額は」 … 「84,320千円」).
_LABEL_REACH = 14
# A quoted name (「…」『…』) of a program: two to forty characters, no sentence inside.
_QUOTED = re.compile(r"[「『](?P<name>[^「」『』。、\n]{2,40})[」』]")
_SENTENCE_END = re.compile(r"[。！？!?]")
# Marks that open a topic or category line (「①」「ア」「(1)」「1.」「■」「＜総務関係＞」), taken off its words.
_LEAD = re.compile(r"^(?:[■□◆◇●○◎◯▼▽▲△☆★・]+|[（(]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3}|[ア-ン])\s*[)）]|\d{1,2}(?:[.．、)）]|\s)"
                   r"|[①-⑳]|[ア-ンイ-ヲ](?=[\s\u3000])|[IVX]{1,4}[.．]?)\s*")
_BRACKETS = {"【": "】", "[": "]", "〔": "〕", "<": ">", "〈": "〉", "《": "》", "≪": "≫", "(": ")"}


@cache
def _words() -> dict[str, list[str]]:
    return dict(vocabulary()["council"])


def _alt(words: list[str]) -> str:
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    w = _words()
    ledger = vocabulary()["ledger"]
    opens, closes = r"[【\[〔《<＜(（]", r"[】\]〕》>＞)）]"
    leads = "".join(map(re.escape, w["speaker_leads"]))
    return {
        # 「【質問】」「○答弁」「問（山口委員）」「Q1.」「質問：」「答 」: the mark, then the speaker in parentheses or the words
        "mark": re.compile(rf"^[{leads}]?\s*(?P<open>{opens})?\s*(?P<word>{_alt(w['questions'] + w['answers'])})\s*\d{{0,3}}\s*"
                           rf"(?:(?(open){closes}|(?=[\s(（:：.．、]|$)))\s*[:：.．、]?\s*"),
        "question": re.compile(rf"^(?:{_alt(w['questions'])})$"),
        # 「○岡部委員　…」「◯大西総合政策部長（大西 隆）　…」: a speaker named alone after a circle
        "speaker": re.compile(rf"^[{leads}]\s*(?P<who>[^\s。、,（(]{{1,24}}?(?:{_alt(w['askers'] + w['official_titles'])}))"
                              r"(?:\s*[（(][^)）]{1,24}[)）])?(?:[\s\u3000]+|$)"),
        "asker": re.compile(rf"(?:{_alt(w['askers'])})(?:\s*[（(][^)）]*[)）])?$"),
        "chair": re.compile(rf"(?:{_alt(w['chairs'])})(?:\s*[（(][^)）]*[)）])?$"),
        "office": re.compile(rf"^(?P<office>.+?(?:{_alt(ledger['department_endings'])}))(?:{_alt(w['official_titles'])}"
                             rf"|次長|課長|部長|局長|室長|所長)+$"),
        "title": re.compile(rf"(?:{_alt(w['official_titles'])})$"),
        "topic_end": re.compile(rf"(?:{_alt(w['topic_endings'])})\s*(?:[（(][^)）]*[)）])?$"),
        "label": re.compile(rf"(?:{_alt(w['budget_labels'])})\s*(?:は|が|として|で|を|[:：])?\s*[、,]?\s*$"),
        "label_word": re.compile(_alt(w["budget_labels"])),
        "verb": re.compile(rf"\s*(?:を|が|は)?\s*[、,]?\s*(?:{_alt(w['budget_verbs'])})"),
        "not_budget": re.compile(_alt(w["not_budget"])),
        "previous": re.compile(rf"(?:{_alt(w['previous'])})(?:当初)?(?:予算額?)?\s*(?:の|は|が|で|[:：])?\s*[、,]?\s*$"),
        "change": re.compile(rf"\s*(?:の|を)?\s*(?P<way>{_alt(w['increase'] + w['decrease'])})"),
        "declined": re.compile(_alt(w["declined"])),
        "generic": re.compile(rf"^(?:{_alt(w['generic'])})(?:{_alt(vocabulary()['prose']['heads'])})$"),
        # 「「○○事業」は1億1800万円である」「○○事業は640万円で」「「○○事業」に2億8300万円を計上」: a name, then its amount
        # (`verb`, `change` and `predicate` are matched at an amount's end: no ^, which holds only at the text's start)
        "joined": re.compile(r"(?:は|には|として|に|で)\s*[、,]?\s*$"),
        "predicate": re.compile(r"\s*(?:で|である|です|であり|でござい|となって|と(?:なり|して)|を|が|に)"),
    }


@dataclass
class _Turn:
    """One utterance: a question ("q") or an answer ("a"), lines `first`..`last` of the document, who speaks (NFKC,
    as written), its span (its mark to its last word) and its words folded (NFKC) with each character's offset."""

    kind: str
    speaker: str
    first: int
    last: int
    start: int
    end: int
    text: str = ""
    where: list[int] = field(default_factory=list)


@dataclass
class _Exchange:
    """A topic's questions and answers: the topic line's words (or None) and its offsets, the category above it."""

    turns: list[_Turn]
    topic: str | None = None
    topic_start: int | None = None
    category: str | None = None

    @property
    def start(self) -> int:
        return self.topic_start if self.topic_start is not None else self.turns[0].start

    @property
    def end(self) -> int:
        return self.turns[-1].end

    @property
    def topic_title(self) -> str | None:
        """The topic line's words as a title: 「市民会館の建替えについて」 -> 「市民会館の建替え」."""
        if not self.topic:
            return None
        words = _patterns()["topic_end"].sub("", self.topic).strip(" 、,")
        return tidy_title(words) if len(words) >= 2 else None


def _mark(line: Line) -> tuple[str, str, int] | None:
    """The turn a line opens: ("q" | "a", the speaker as written or "", where its words begin in the folded line);
    None for a line that opens no turn."""
    text, _ = line.folded
    lead = len(text) - len(text.lstrip())
    body = text[lead:].rstrip()
    p = _patterns()
    mark = p["mark"].match(body)
    if mark is not None:
        kind = "q" if p["question"].match(mark.group("word")) else "a"
        rest = body[mark.end():]
        inside = re.match(r"[(（](?P<who>[^)）]{1,40})[)）]\s*", rest) if not mark.group("open") or \
            body[mark.end() - 1:mark.end()] not in "(（" else None
        if inside is not None:
            return kind, re.sub(r"\s+", " ", inside.group("who")).strip(), lead + mark.end() + inside.end()
        colon = re.match(rf"(?P<who>[^:：。、]{{2,{_SPEAKER_CHARS}}})[:：]\s*", rest)
        if colon is not None and _names_speaker(colon.group("who"), kind):  # 「【質疑】 松井 直子 議員（青山クラブ）：…」
            return kind, re.sub(r"\s+", " ", colon.group("who")).strip(), lead + mark.end() + colon.end()
        if rest and _names_speaker(rest, kind):
            return kind, re.sub(r"\s+", " ", rest).strip(), lead + len(body)
        if not rest and not mark.group("open") and len(mark.group("word")) == 1:
            return None  # 「問」 alone on a line: a word, not a mark
        return kind, "", lead + mark.end()
    alone = p["speaker"].match(body)
    if alone is not None and not p["chair"].search(alone.group("who")):
        who = alone.group("who")
        kind = "q" if p["asker"].search(who) else "a"
        return kind, re.sub(r"\s+", " ", body[:alone.end()]).strip(" ○◯〇◎●◆◇■□・"), lead + alone.end()
    return None


def _names_speaker(rest: str, kind: str) -> bool:
    """Whether the words after a mark name a speaker alone (「岡部 真一 委員（新風会）」「総合政策部長 大西 隆」), not a
    question or an answer written on the mark's line."""
    if len(rest) > _SPEAKER_CHARS or re.search(r"[。、,?？]", rest) or AMOUNT_RE.search(rest):
        return False
    p = _patterns()
    if kind == "q":
        return any(p["asker"].search(w) for w in re.split(r"[\s・]+", rest)) or bool(p["asker"].search(rest))
    return any(p["title"].search(w) for w in re.split(r"[\s・]+", re.sub(r"[（(][^)）]*[)）]", " ", rest)) if w)


def _heading_words(text: str) -> str:
    """A topic or category line's words without its marker and enclosing brackets (「① 地域公共交通の再編について」 ->
    「地域公共交通の再編について」, 「＜総務文教関係＞」 -> 「総務文教関係」)."""
    text = nfkc(text).strip()
    for _ in range(2):
        close = _BRACKETS.get(text[:1])
        if close and text.find(close) == len(text) - 1:  # (「(1) 総務関係(3月13日)」 is no bracketed line)
            text = text[1:-1].strip()
        text = _LEAD.sub("", text, count=1).strip()
    # 「【3月11日(水)】 総務産業常任委員会所管分」: a bracketed date opening the line keeps its words
    text = re.sub(r"^[【\[〔〈《≪](?P<inner>[^】\]〕〉》≫]{1,24})[】\]〕〉》≫]\s*", r"\g<inner> ", text).strip()
    return re.sub(r"\s+", " ", text)


def _heading_like(line: Line) -> bool:
    """A short line without a sentence or an amount: a topic, a session or a committee's field."""
    text = line.norm.strip()
    return bool(text) and len(text) <= _HEADING_CHARS and not text.endswith(("。", "、", ",")) \
        and AMOUNT_RE.search(text) is None and not L.RULE_LINE.match(text.replace(" ", "")) \
        and not L.PHONE.search(text) and bool(_heading_words(text))


def _turns(lines: list[Line]) -> list[_Turn]:
    """Every question and answer of the document with its lines: from its mark over the lines after it, across a
    blank line only to lines indented deeper than its mark; a mark, a rule, or a heading-like line no deeper than the
    mark ends it."""
    marks = {i: m for i, line in enumerate(lines) if line.norm and (m := _mark(line)) is not None}
    out: list[_Turn] = []
    for i, (kind, speaker, body) in marks.items():
        indent = lines[i].indent
        last, blank = i, False
        for j in range(i + 1, len(lines)):
            line = lines[j]
            if j in marks or L.RULE_LINE.match(line.norm.replace(" ", "")):
                break
            if not line.norm:
                blank = True
                continue
            deeper = line.indent > indent
            if not deeper and (blank or _heading_like(line)):
                break  # (a line no deeper than the mark goes on the turn only when it runs on from the line above)
            last, blank = j, False
        first_text, where = lines[i].folded
        turn = _Turn(kind=kind, speaker=speaker, first=i, last=last,
                     start=where[len(first_text) - len(first_text.lstrip())], end=lines[last].start
                     + len(lines[last].raw.rstrip()))
        _fold(turn, lines, body)
        out.append(turn)
    return out


def _fold(turn: _Turn, lines: list[Line], body: int) -> None:
    """A turn's words, NFKC, its lines run together (a line break in an utterance is the page's width, not the
    writer's), with each character's document offset (in place)."""
    chars: list[str] = []
    where: list[int] = []
    for k in range(turn.first, turn.last + 1):
        text, at = lines[k].folded
        begin = body if k == turn.first else len(text) - len(text.lstrip())
        stop = len(text.rstrip())
        chars.append(text[begin:stop])
        where.extend(at[begin:stop])
    turn.text = "".join(chars)
    turn.where = where + [turn.end]


def _exchanges(lines: list[Line], turns: list[_Turn]) -> list[_Exchange]:
    """The turns grouped by exchange (a question opens one after an answer), each with its topic line and the
    category heading above it."""
    groups: list[list[_Turn]] = []
    for turn in turns:
        if not groups or (turn.kind == "q" and any(t.kind == "a" for t in groups[-1])):
            groups.append([turn])
        else:
            groups[-1].append(turn)
    taken = {k for t in turns for k in range(t.first, t.last + 1)}
    out: list[_Exchange] = []
    category: str | None = None
    floor = 0
    for group in groups:
        first = group[0].first
        above = [k for k in range(floor, first) if lines[k].norm and k not in taken]
        topic_at = None
        if above and _heading_like(lines[above[-1]]):
            k = above[-1]
            # a topic says what it is about (「…について」), or stands right over the question; a heading set apart
            # by a blank line without those words heads the exchanges under it (「■ 総務・企画関係」)
            near = all(not lines[m].norm for m in range(k + 1, first)) and first - k <= 2
            if k + 1 == first or near and _patterns()["topic_end"].search(_heading_words(lines[k].norm)):
                topic_at = k
        for k in above:
            if k != topic_at and _heading_like(lines[k]) and _category_line(lines, k):
                category = _heading_words(lines[k].norm)
        exchange = _Exchange(turns=group, category=category)
        if topic_at is not None:
            exchange.topic = _heading_words(lines[topic_at].norm)
            line = lines[topic_at]
            exchange.topic_start = line.start + len(line.raw) - len(line.raw.lstrip())
        out.append(exchange)
        floor = group[-1].last + 1
    return _follow_ups(out)


def _follow_ups(exchanges: list[_Exchange]) -> list[_Exchange]:
    """In a document that gives most exchanges a topic line, a question without one after an answer asks on about the
    same topic (「○田村委員　運賃の見直しは考えているのか。」, 「【再質疑】…」): its turns join the exchange before, under
    the same category."""
    topics = sum(1 for e in exchanges if e.topic is not None)
    if topics * 2 < len(exchanges):
        return exchanges
    out: list[_Exchange] = []
    for exchange in exchanges:
        if out and exchange.topic is None and exchange.category == out[-1].category:
            out[-1].turns += exchange.turns
        else:
            out.append(exchange)
    return out


def _category_line(lines: list[Line], k: int) -> bool:
    """Whether a heading-like line between exchanges heads a session or a field: set apart by blank lines or rules
    (「第1日 令和10年3月8日（水）」 between rules, 「(1) 総務企画・消防関係（3月13日）」, 「■ 総務・企画関係」)."""
    def apart(m: int) -> bool:
        return not (0 <= m < len(lines)) or not lines[m].norm or bool(L.RULE_LINE.match(lines[m].norm.replace(" ", "")))
    return apart(k - 1) and apart(k + 1)


# ---------------------------------------------------------------------------------------------------- reading
@dataclass
class _Priced:
    """A program an answer prices: its title and where it is written (folded offsets of its turn), its amount."""

    title: str
    turn: _Turn
    name: tuple[int, int] | None  # (start, end) in turn.text, None when the title is the topic's
    amount: re.Match[str] | None
    yen: int | None
    previous: re.Match[str] | None = None
    change: tuple[re.Match[str], int] | None = None  # the change's amount, its sign


def _names(turn: _Turn, begin: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The programs a turn names in `text[begin:end]`, in the order written: quoted (「…」『…』) and in prose (a run of
    name words ending in a head word, `prose_names.names_in`); a kind of program (「新規事業」) is no name."""
    text = turn.text
    end = len(text) if end is None else end
    found = [(m.start("name"), m.end("name")) for m in _QUOTED.finditer(text, begin, end)]
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text, begin, end)]
    for name in prose_names.names_in(text, begin, end, bare=True):
        if not any(a <= name[0] and name[1] <= b for a, b in quoted):
            found.append(name)
    return sorted(n for n in found if not _patterns()["generic"].match(text[n[0]:n[1]]))


def _title_of(turn: _Turn, name: tuple[int, int]) -> str:
    return tidy_title(turn.text[name[0]:name[1]])


def _amounts(turn: _Turn) -> list[tuple[re.Match[str], int]]:
    return [(m, y) for m in AMOUNT_RE.finditer(turn.text) if (y := amount_yen(m)) is not None]


def _kind_of(text: str, m: re.Match[str]) -> str:
    """What an amount in an answer is: "previous" (last year's), "change" (「…の増」), "budget" (labelled or budgeted),
    "other" (a total cost, a cap, a count's price), or "" (a bare figure)."""
    p = _patterns()
    before = text[max(0, m.start() - _LABEL_REACH):m.start()]
    clause = re.split(r"[。、,]", before)[-1]
    if p["change"].match(text, m.end()):
        return "change"
    if p["previous"].search(before):
        return "previous"
    # the word nearest the amount says what it is: 「「ふるさと応援寄附金事業」の予算額は」 is a budget, 「総事業費は約」
    # and 「寄附見込額は」 are not (a name's own words before its label say nothing of the figure)
    other = max((w.end() for w in p["not_budget"].finditer(clause)), default=-1)
    label = max((w.end() for w in p["label_word"].finditer(clause)), default=-1)
    if other >= 0 and other >= label:
        return "other"
    if p["label"].search(clause) or p["verb"].match(text, m.end()):
        return "budget"
    return ""


def _priced(exchange: _Exchange) -> list[_Priced]:
    """The programs the answers of an exchange price (see the module docstring)."""
    out: list[_Priced] = []
    asked = _asked_name(exchange)
    for turn in exchange.turns:
        if turn.kind != "a":
            continue
        text = turn.text
        amounts = _amounts(turn)
        own: _Priced | None = None
        for m, yen in amounts:
            kind = _kind_of(text, m)
            if kind in ("previous", "change") and own is not None:
                if kind == "previous" and own.previous is None:
                    own.previous = m
                elif kind == "change" and own.change is None:
                    way = _patterns()["change"].match(text, m.end()).group("way")
                    own.change = (m, -1 if way in _words()["decrease"] else 1)
                continue
            name = _joined(turn, m)
            if kind != "budget" and name is None:
                continue
            if kind == "other":
                continue
            if name is None:
                earlier = _names(turn, 0, m.start())
                name = earlier[-1] if earlier else None
            title = _title_of(turn, name) if name is not None else asked[0] if asked else exchange.topic_title
            if not title or any(p.title == title for p in out):
                continue
            own = _Priced(title=title, turn=turn, name=name, amount=m, yen=yen)
            out.append(own)
    return out


def _joined(turn: _Turn, m: re.Match[str]) -> tuple[int, int] | None:
    """The name an amount is said of right before it (「「○○事業」は1億1800万円である」「○○事業として3780万円を計上」
    「『○○事業』（予算額80万円）」), when the amount is the predicate: None otherwise."""
    text = turn.text
    p = _patterns()
    before = text[:m.start()]
    inner = re.search(r"[（(]\s*(?:予算額?|事業費)?\s*[:：]?\s*$", before)
    if inner is not None and re.match(r"\s*[)）]", text[m.end():]):
        end = inner.start()  # 「『フードドライブ推進事業』（予算額80万円）」
    else:
        joined = p["joined"].search(before)
        if joined is None or not p["predicate"].match(text, m.end()):
            return None
        end = joined.start()
    names = [n for n in _names(turn, 0, end + 1) if n[1] >= end - 1]
    return names[-1] if names else None


def _asked_name(exchange: _Exchange) -> list[str]:
    """The programs the exchange's questions name (quoted first, then in prose), in order."""
    out: list[str] = []
    for turn in exchange.turns:
        if turn.kind == "q":
            out += [t for n in _names(turn) if (t := _title_of(turn, n)) not in out]
    return out


def _declined(exchange: _Exchange) -> bool:
    """Whether an answer of the exchange declines to state a figure (「現在精査中でございます」)."""
    return any(t.kind == "a" and _patterns()["declined"].search(t.text) for t in exchange.turns)


def _reading(lines: list[Line]) -> list[_Exchange]:
    """The document's exchanges (`_turns` grouped by `_exchanges`)."""
    return _exchanges(lines, _turns(lines))


def _attributed(exchange: _Exchange) -> bool:
    """An exchange of a committee: a question and an answer, one of them naming its councillor or official."""
    kinds = {t.kind for t in exchange.turns}
    return kinds == {"q", "a"} and any(t.speaker for t in exchange.turns)


def score(doc: Document, lines: list[Line]) -> float:
    """Share of a committee's exchanges (a councillor's question, an official's answer) whose answer prices a program
    or declines to; 0 below three exchanges with a named speaker (a subsidy guide's Q&A names none)."""
    exchanges = _reading(lines)
    exchanges = [e for e in exchanges if _attributed(e)]
    if len(exchanges) < _MIN_EXCHANGES:
        return 0.0
    read = [e for e in exchanges if _priced(e) or _declined(e) and (_asked_name(e) or e.topic_title)]
    if len(read) < _MIN_EXCHANGES:
        return 0.0
    return round(len(read) / len(exchanges), 3)


def read(doc: Document, lines: list[Line]) -> list[Program]:
    """A program per program an exchange's answer prices, and per topic it declines to price (no amount)."""
    exchanges = _reading(lines)
    fiscal = label_of("", doc.period or doc.title)
    programs: list[Program] = []
    for exchange in exchanges:
        if not _attributed(exchange):
            continue
        priced = _priced(exchange)
        if not priced and _declined(exchange):
            asked = _asked_name(exchange)
            title = asked[0] if asked else exchange.topic_title
            answer = next(t for t in exchange.turns if t.kind == "a")
            if title:
                priced = [_Priced(title=title, turn=answer, name=None, amount=None, yen=None)]
        for item in priced:
            programs.append(_program(doc, exchange, item, fiscal.year, fiscal.kind))
    if doc.page_starts:
        pages_from_breaks(doc, programs)
    return programs


def _span(turn: _Turn, begin: int, end: int) -> tuple[int, int]:
    return turn.where[begin], turn.where[end - 1] + 1


def _program(doc: Document, exchange: _Exchange, item: _Priced, year: int | None, kind: str) -> Program:
    """The program of one priced (or declined) name, its exchange as its text."""
    sections: list[Section] = []
    name_at = _name_span(exchange, item)
    if name_at is not None:
        sections.append(Section(name="事業名", heading="事業名", start=name_at[0], end=name_at[1]))
    budget = None
    if item.amount is not None:
        a_start, a_end = _span(item.turn, item.amount.start(), item.amount.end())
        written = doc.text[a_start:a_end]
        budget = Budget(yen=item.yen, text=written, amount_text=written, label="予算額",
                        year=f"令和{year - 2018}年度" if year and year > 2018 else "", fiscal_year=year,
                        budget_kind=kind, approx=bool(item.amount.group("approx")), start=a_start, end=a_end)
        if item.previous is not None:
            p_start, p_end = _span(item.turn, item.previous.start(), item.previous.end())
            budget.previous_year = Amount(yen=amount_yen(item.previous), text=doc.text[p_start:p_end], label="前年度",
                                          fiscal_year=year - 1 if year else None, budget_kind="前年度",
                                          approx=bool(item.previous.group("approx")), start=p_start, end=p_end)
        if item.change is not None:
            m, sign = item.change
            c_start, c_end = _span(item.turn, m.start(), m.end())
            budget.change = Amount(yen=sign * (amount_yen(m) or 0), text=doc.text[c_start:c_end], label="前年度比",
                                   start=c_start, end=c_end)
        sections.append(Section(name="予算額", heading="予算額", start=a_start, end=a_end))
    for turn in exchange.turns:
        sections.append(Section(name="質疑" if turn.kind == "q" else "答弁・概要",
                                heading="質問" if turn.kind == "q" else "答弁", start=turn.start, end=turn.end))
    flags = ["新規"] if _said_new(exchange, item.title) else []
    return Program(id=program_id(doc.name, f"{item.title}:{exchange.start}"), title=item.title, document=doc.name,
                   department=_office(item.turn.speaker), start=exchange.start, end=exchange.end, budget=budget,
                   flags=flags, category=exchange.category, categories=[exchange.category] if exchange.category else [],
                   sections=sections)


def _name_span(exchange: _Exchange, item: _Priced) -> tuple[int, int] | None:
    """Where the program's name is written: in the answer that prices it, else first in the exchange."""
    if item.name is not None:
        return _span(item.turn, *item.name)
    for turn in exchange.turns:
        for name in _names(turn):
            if _title_of(turn, name) == item.title:
                return _span(turn, *name)
    return None


def _office(speaker: str) -> str | None:
    """The office of the official who answers (「総合政策部長 大西 隆」 -> 総合政策部, 「企画課長」 -> 企画課); None for a
    mayor or a title without an office (「市長」「消防長」)."""
    office = _patterns()["office"]
    for word in re.split(r"[\s・]+", re.sub(r"[（(][^)）]*[)）]", " ", speaker)):
        found = office.match(word)
        if found is not None and len(found.group("office")) >= 2:
            return found.group("office")
    return None


@cache
def _said() -> dict[str, list[re.Pattern[str]]]:
    said = vocabulary()["markers"]["said"]
    return {k: [re.compile(p) for p in v] for k, v in said.items() if isinstance(v, list)}


def _said_new(exchange: _Exchange, title: str) -> bool:
    """Whether the exchange says the program is new (data/vocabulary.toml [markers.said]): in the words around its
    name in the sentence that names it (never past another name), or the question asks whether it is and the answer
    opens saying yes (「「…事業」は新規か。」 answered 「新規事業です。」)."""
    p = _said()
    compact = [(t, re.sub(r"\s+", "", t.text)) for t in exchange.turns]
    asked = False
    for turn, _ in compact:
        names = _names(turn)
        for name in names:
            if _title_of(turn, name) != title:
                continue
            text = turn.text
            s0 = max([0, *(m.end() for m in _SENTENCE_END.finditer(text, 0, name[0]))])
            s1 = (m.end() if (m := _SENTENCE_END.search(text, name[1])) else len(text))
            left = max([s0, *(n[1] for n in names if n[1] <= name[0])])
            right = min([s1, *(n[0] for n in names if n[0] >= name[1])])
            before = re.sub(r"\s+", "", text[left:name[0]]).rstrip("「『")
            after = re.sub(r"\s+", "", text[name[1]:right]).lstrip("」』")
            after = re.sub(r"^[(（][^()（）]*[)）]", "", after)
            if any(r.search(before) for r in p["before"]) or any(r.match(after) for r in p["after"]):
                return True
            if any(r.search(before) for r in p["before_created"]) and any(r.match(after) for r in p["created"]):
                return True
            asked = asked or (turn.kind == "q" and any(r.match(after) for r in p["asked"]))
    if asked:
        answer = next((t for t in exchange.turns if t.kind == "a"), None)
        first = _SENTENCE_END.split(re.sub(r"\s+", "", answer.text), maxsplit=1)[0] if answer else ""
        return any(r.match(first) for r in p["answered"])
    return False
