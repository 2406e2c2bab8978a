"""Programs named in running sentences without any mark, each joined to its amount by the sentence's grammar.

A budget speech (施政方針, 提案説明要旨, 町長説明) names its programs inside sentences: 「…ため、出産・子育て応援給付事業費
として１億８千万円を計上しております」「…を支援する介護人材確保・定着促進事業に二億千四百万円、外国人介護人材受入支援事業
に四千二百万円を計上し」「こどもの居場所づくり支援事業（１億４，５００万円）を拡充し」「…給付金を新たに創設することとし、
所要額として三億二千万円を計上」「ドクターヘリ運航事業について、予算額は三億八百万円であり」. Nothing sets a name off,
so where it begins is read from the words before it (fugashi, MeCab with UniDic, the project's tokenizer): a name is
the run of nouns, prefixes and suffixes that ends in a program's head word (事業, 事業費, 補助金, …: data/vocabulary.toml
[prose]) before the particle that joins it to its amount; a verb or particle before the run ends it (「更新を行う｜小中学校
ＩＣＴ端末更新事業」). Three joins are read:

- direct: name, a link particle (として, に, には, …), the amount, in a sentence that says it is budgeted (計上, 措置, …);
- bracketed: name, then the amount in parentheses (「○○事業（２億円）」);
- labelled: an amount a label word introduces (所要額, 予算額, 経費, …) belongs to the last program named before it in
  its sentence (or the sentence before), unless a name stands right before the label (「○○事業の所要額として」);
- apart: an amount said budgeted with no name joined (「○○事業を実施し、二億円を計上」) belongs to the last program of
  its sentence whose name says it is one (`bare_heads`), and one joined after it (「二億円を○○事業に計上」) to that name.

A figure written as a sum (「…に合わせて２億円」) is no program's. A long name ending in what is done (「小中学校体育館空調
設備整備」, `actions`) names a program too.

Everything works on a paragraph's NFKC text; offsets are into that text (the caller maps them back).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from qa.ingest.amounts import AMOUNT_RE, amount_yen
from qa.ingest.vocabulary import vocabulary

_OPEN = {"）": "（", ")": "(", "」": "「", "』": "『"}
# Parts of speech a name is made of (UniDic pos1): nouns, prefixes, suffixes, and na-adjective stems (「スマート農業」
# 「すこやか赤ちゃん…」).
_NAME_POS = {"名詞", "接頭辞", "接尾辞", "形状詞", "記号"}
_JOINERS = {"・", "･", "ー", "-", "‐", "&", "＆", "/"}
# Verbs whose stem before a noun ends a clause rather than opening a compound (「…を強化し｜市民…」).
_LIGHT_VERBS = {"為る", "成る", "有る", "出来る", "致す", "行う"}
# Sentence-final particles (ね, よ, な, …) cannot stand inside a sentence: MeCab cuts an unknown kana name there.
_FINAL_PARTICLES = {"ね", "よ", "な", "ぞ", "さ", "わ"}
# A sentence ends at 「。」, or at a line break its writer made (`prose_items` keeps only those).
_SENTENCE_END = re.compile(r"[。！？!?\n]")
# An amount that is a unit alone (「（千円）」 over a column, 「万円」): no figure.
_UNIT_ALONE = re.compile(r"^[十百千万億兆]*円$")


@dataclass(frozen=True)
class Named:
    """A program named in a paragraph with its amount; offsets into the paragraph's NFKC text.

    `name_start:name_end` is the name as written (a parenthesis after it included, 「…事業（デマンドタクシー）」; a
    name in corner brackets without them); `amount` the amount's match; `sentence` the index of the sentence that
    names it (its text starts there).
    """

    name_start: int
    name_end: int
    amount: re.Match[str]
    yen: int
    sentence: int
    topic: bool = False  # named by the sentence announcing it, priced in a later one (`topic_in`)


@cache
def _words() -> dict[str, list[str]]:
    return dict(vocabulary()["prose"])


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    words = _words()

    def alt(name: str) -> str:
        return "|".join(map(re.escape, sorted(words[name], key=len, reverse=True)))

    return {
        "head": re.compile(rf"(?:{alt('heads')})$"),
        "action": re.compile(rf"(?:{alt('actions')})$"),
        "link": re.compile(rf"(?P<link>{alt('links')})\s*$"),
        # a label starts a clause (「、所要額として」「し、その所要額として」) or follows a name through の (「○○事業の
        # 所要額として」); glued to a word it is the end of a name (「…給付事業費として」)
        "label": re.compile(rf"(?P<before>^|[、,\s]|の|その|に要する|に係る|を|し)(?P<label>{alt('labels')})"
                            r"(?:として|は|に|を|[:：])?\s*[、,]?\s*$"),
        "verb": re.compile(alt("verbs")),
        # an amount said budgeted with no name joined to it (「…事業を実施するため、二億円を計上」), or joined after it
        # (「二億円を○○事業に計上」)
        "budgeted": re.compile(rf"\s*を?\s*[、,]?\s*(?:それぞれ)?\s*(?:{alt('budgeted')})"),
        "named_after": re.compile(rf"\s*を\s*[、,]?\s*(?P<name>[^、。]{{2,60}}?)(?:に|として)\s*(?:{alt('budgeted')})"),
        "reference": re.compile(rf"^(?:{alt('references')})(?:{alt('heads')})$"),
        "bare_head": re.compile(rf"(?:{alt('bare_heads')})(?:[（(][^（）()]*[)）])?$"),
        "sum": re.compile(rf"(?:{alt('sums')})\s*[、,]?\s*$"),
        "label_only": re.compile(rf"^(?:{alt('labels')})$"),
        # a head where a name may end: a particle, a comma or a parenthesis after it
        # a sentence announcing its program (「1点目は、○○事業でございます。」「次に、○○事業につきましては、」): a short lead,
        # the name, its ending
        "topic_end": re.compile(rf"(?:{alt('topic_endings')})\s*(?:[。、,]|$)"),
        "topic_head": re.compile(rf"(?:{alt('topic_heads')})$"),
        "copula": re.compile(r"(?:でございます|であります|です)\s*[。]?\s*$"),
        "topic_lead": re.compile(r"^\s*(?:[^、。,]{1,12}[、,])?\s*"),
        "topic_cost": re.compile(rf"(?:{alt('topic_costs')})$"),
        "turn": re.compile(rf"^\s*(?:{alt('turns')})"),
        "announcement": re.compile(rf"(?:{alt('announcements')})\s*。?\s*$"),
        "aside": re.compile(alt("asides")),
        "limit": re.compile(rf"(?:{alt('limits')})\s*(?:は|を|が|[:：])?\s*[、,]?\s*$"),
        "account": re.compile(alt("amendment_sides") + "|" + alt("amendment_after")),
        "candidate": re.compile(rf"(?:{alt('heads')}|{alt('actions')})(?=[（(][^（）()]*[)）]|を|は|に|について|では|で|が|も|と|、)"),
        # before a label, a name may be the owner of what the figure pays for (「○○事業の返礼品調達に係る経費として」)
        "owner": re.compile(rf"(?:{alt('heads')}|{alt('actions')})(?=[（(][^（）()]*[)）]|を|は|に|について|では|で|が|も|と|の|、)"),
    }


class _Tokens:
    """fugashi morphemes of a paragraph's sentences, tagged once each: (start, end, pos1, lemma, conjugation form)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._cache: dict[int, list[tuple[int, int, str, str, str]]] = {}

    def upto(self, begin: int, end: int) -> list[tuple[int, int, str, str, str]]:
        """Morphemes of text[begin:end] (offsets into the paragraph)."""
        key = begin * 100000 + end
        if key not in self._cache:
            from qa.index.tokenize import tagged  # (MeCab loads its dictionary on first use only)

            out = []
            pos = begin
            for word in tagged(self.text[begin:end]):
                at = self.text.find(word.surface, pos, end)
                if at < 0:
                    break
                f = word.feature
                out.append((at, at + len(word.surface), f.pos1 or "", f.lemma or "", f.cForm or ""))
                pos = at + len(word.surface)
            self._cache[key] = out
        return self._cache[key]


def _matching_open(text: str, close: int, floor: int) -> int | None:
    """Where the bracket closed at `close` opens (nested pairs kept), not before `floor`; None when it does not."""
    depth = 0
    for i in range(close, floor - 1, -1):
        ch = text[i]
        if ch == text[close]:
            depth += 1
        elif ch == _OPEN[text[close]]:
            depth -= 1
            if depth == 0:
                return i
    return None


def name_before(text: str, floor: int, end: int, tokens: _Tokens) -> tuple[int, int] | None:
    """The name ending at `end` (exclusive) in `text`, not starting before `floor`: (start, end), or None when the
    words there are no program's name (no head word at its end, a label or a reference alone).

    A name in corner brackets alone (「「ふるさと応援パスポート」に…」) is its inside; parentheses after a head word
    are part of the name (「…運行事業（デマンドタクシー）」).
    """
    while end > floor and text[end - 1] in " \u3000":
        end -= 1
    core = end
    while core > floor and text[core - 1] in ")）":  # 「…事業（デマンドタクシー）」: the note belongs to the name
        opened = _matching_open(text, core - 1, floor)
        if opened is None:
            return None
        core = opened
    if core == end and core > floor and text[core - 1] in "」』":
        opened = _matching_open(text, core - 1, floor)
        if opened is None:
            return None
        before = text[opened - 1] if opened > floor else "、"
        if not _name_char(before):  # 「「青峰パスポート」に」: the quoted words are the name
            inner = (opened + 1, core - 1)
            return inner if 2 <= inner[1] - inner[0] <= 40 and not re.search(r"[。、]", text[inner[0]:inner[1]]) else None
    start = _name_start(text, floor, core, tokens)
    if start is None:
        return None
    name = text[start:core]
    p = _patterns()
    headed = p["head"].search(name) or (p["action"].search(name) and len(name) >= int(_words()["action_length"]))
    if len(name) < 3 or not headed or p["reference"].match(name) or p["label_only"].match(name) \
            or name in _words()["heads"] or name in _words()["expense_classes"]:
        return None
    return start, end


def _cost_phrase(text: str, floor: int, cut: int, end: int, tokens: _Tokens) -> tuple[int, int] | None:
    """A cost named by the work it pays for (「町営体育館の屋根改修に要する経費」): the run of nouns before `cut` (「に要する」),
    joined across の to the nouns before it, ending in what is done (`actions`); (start, `end`) spanning the label
    word, or None."""
    words = [w for w in tokens.upto(floor, cut) if w[1] <= cut]
    if not words or words[-1][1] != cut or not _patterns()["action"].search(text[floor:cut]):
        return None
    start = cut
    i = len(words) - 1
    while i >= 0:
        w_start, w_end, pos1, _, _ = words[i]
        if pos1 in _NAME_POS and pos1 != "記号":
            start = w_start
        elif text[w_start:w_end] == "の" and start == w_end and i > 0 and words[i - 1][2] in _NAME_POS:
            pass  # 「町営体育館の屋根改修」: the nouns before の name what is worked on
        else:
            break
        i -= 1
    phrase = text[start:cut]
    if len(phrase) < 4 or phrase.startswith("の") or re.match(r"^[\d０-９]", phrase):
        return None
    return start, end


def _name_char(ch: str) -> bool:
    """A character a name may end with before a bracket: a letter or digit of any script, or a name's joiner."""
    return bool(re.match(r"\w", ch)) or ch in _JOINERS


def _name_start(text: str, floor: int, end: int, tokens: _Tokens) -> int | None:
    """Where the run of name words ending at `end` begins (see the module docstring)."""
    words = [w for w in tokens.upto(floor, end) if w[1] <= end]
    if not words or words[-1][1] != end:
        return None
    i = len(words) - 1
    start = end
    while i >= 0:
        w_start, w_end, pos1, lemma, form = words[i]
        surface = text[w_start:w_end]
        if surface in ("）", ")", "」", "』"):
            opened = _matching_open(text, w_end - 1, floor)
            if opened is None:
                break
            start = opened
            while i >= 0 and words[i][0] > opened:
                i -= 1
            if i >= 0 and words[i][0] == opened:
                i -= 1
            continue
        if pos1 in _NAME_POS or surface in _JOINERS:
            start = w_start
        elif pos1 == "動詞" and form.startswith("連用形") and lemma not in _LIGHT_VERBS and start == w_end:
            start = w_start  # 「見守り」「にぎわい」「居（場所）」 before a noun: a verb's stem inside a compound
        elif pos1 == "助詞" and lemma in _FINAL_PARTICLES and start == w_end and i > 0 and words[i - 1][2] in _NAME_POS:
            start = w_start  # 「あおみ｜ね」: a kana name the dictionary does not know, cut where no particle stands
        elif surface == "の" and start == w_end:
            run = _run_before(text, words, i)
            start = run if run is not None else start
            break  # (the short word before の opens the name: no second の)
        else:
            break
        i -= 1
    # a name opens with a word, not with a suffix, a joiner or a particle
    while start < end:
        first = next((w for w in words if w[0] == start), None)
        if first is None or not (first[2] in ("接尾辞", "助詞") or text[first[0]:first[1]] in _JOINERS):
            break
        start = first[1]
    return start if start < end else None


def _run_before(text: str, words: list[tuple[int, int, str, str, str]], at: int) -> int | None:
    """Where a short word before the の at `words[at]` begins, when the name runs on across that の (「こどもの居場所…」
    「道の駅…」): the run of nouns before it is at most three characters, stands after a word that is no noun (or
    at the start), and is no possessor (「本市の」「県独自の」); None otherwise."""
    i = at - 1
    begin = None
    while i >= 0 and words[i][2] in _NAME_POS:
        begin = words[i][0]
        i -= 1
    if begin is None:
        return None
    run = text[begin:words[at][0]]
    possessors = _words()["possessors"]
    if len(run) > 3 or run in possessors or any(run.endswith(p) and len(p) >= 2 for p in possessors):
        return None
    return begin


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph's text, its 「。」 included."""
    out = []
    begin = 0
    for m in _SENTENCE_END.finditer(text):
        out.append((begin, m.end()))
        begin = m.end()
    if text[begin:].strip():
        out.append((begin, len(text)))
    return out


def topic_in(text: str, s0: int, s1: int, tokens: _Tokens | None = None) -> tuple[int, int] | None:
    """The program the sentence `text[s0:s1]` announces as what the sentences after it are about (「1点目は、○○事業で
    ございます。」「次に、○○事業につきましては、…」「市民会館の空調改修に要する経費でございます。」): the name's (start,
    end), or None when the sentence is no such announcement (its words before the ending are more than a short lead and a
    name, or name no program)."""
    p = _patterns()
    lead = p["topic_lead"].match(text, s0, s1)
    begin = lead.end() if lead else s0
    # (the first ending after the name: 「○○事業でございます」, not a later clause's)
    for end in p["topic_end"].finditer(text, begin, s1):
        stop = end.start()
        phrase = text[begin:stop]
        if not phrase.strip() or AMOUNT_RE.search(phrase):
            return None
        if p["topic_cost"].search(phrase) and len(phrase) <= 40 and not re.search(r"[、,。]", phrase):
            return begin, stop  # a cost named by what it pays for: the whole phrase is its title
        name = name_before(text, begin, stop, tokens or _Tokens(text))
        # (a sentence that is the name alone, 「次に、障害者自立支援給付費でございます。」, may end in 費 or 手当 too; a field
        # is announced so as well, 「まず、少子化対策であります。」: its head (対策) says it is no program)
        alone = p["copula"].match(text, stop, s1) is not None
        if name is not None and text[begin:name[0]].strip() == "" and text[name[0]:name[1]] not in _words()["kan"] \
                and (p["bare_head"].search(text[name[0]:name[1]])
                     or alone and p["topic_head"].search(text[name[0]:name[1]])):
            return name
        return None
    return None


def opens_turn(text: str) -> bool:
    """Whether a paragraph (NFKC) opens on another matter than the paragraph before it: with a turning word (「次に、」
    「以上、」), an announcement (「…について申し上げます。」), a program announced (`topic_in`) or an aside (`is_aside`)."""
    p = _patterns()
    first = sentences(text)[:1]
    if not first:
        return False
    s0, s1 = first[0]
    sentence = text[s0:s1]
    return bool(p["turn"].match(sentence) or p["announcement"].search(sentence) or "議案" in sentence
                or is_aside(sentence) or topic_in(text, s0, s1) is not None)


def budgets(text: str) -> bool:
    """Whether a passage (NFKC) says a figure is budgeted (「…を計上いたしました」「…を追加するもの」), a ceiling aside."""
    p = _patterns()
    for m in AMOUNT_RE.finditer(text):
        if amount_yen(m) is not None and p["budgeted"].match(text, m.end()) \
                and not p["limit"].search(text, max(0, m.start() - 8), m.start()):
            return True
    return False


def is_aside(text: str) -> bool:
    """Whether a passage (NFKC) opens on a matter whose figures are no program's budget (債務負担行為, 繰越明許費, 地方債:
    vocabulary [prose] asides), in its first sentence."""
    first = sentences(text)[:1]
    return bool(first) and _patterns()["aside"].search(text[first[0][0]:first[0][1]]) is not None


def named_amounts(text: str) -> list[Named]:
    """The programs a paragraph names with their amounts, in the order of their amounts (see the module docstring).

    Args:
        text: one paragraph, NFKC.

    Returns:
        One `Named` per amount joined to a name; an amount no name is joined to (「上限５００万円」「１８億円を繰り入れ」)
        and a name without an amount give none.
    """
    spans = sentences(text)
    tokens = _Tokens(text)
    p = _patterns()
    found: list[Named] = []
    # amounts to give to a name before them: match, yen, sentence, label start, whether the sentence before may hold
    # it, whether only an announced program may (a sum)
    pending: list[tuple[re.Match[str], int, int, int, bool, bool]] = []
    used_names: set[tuple[int, int]] = set()
    topics = {s: t for s, (s0, s1) in enumerate(spans) if (t := topic_in(text, s0, s1, tokens)) is not None}
    for s, (s0, s1) in enumerate(spans):
        for m in AMOUNT_RE.finditer(text, s0, s1):
            yen = amount_yen(m)
            if yen is None or _UNIT_ALONE.match(m.group(0).strip()):
                continue
            at = m.start()
            while at > s0 and text[at - 1] in " \u3000":
                at -= 1
            head = text[s0:at]
            if p["limit"].search(head):
                continue  # 「限度額を4億円として追加」「上限30万円」: a ceiling, no budget
            if p["sum"].search(head):
                if topics and p["budgeted"].match(text, m.end(), s1):
                    pending.append((m, yen, s, m.start(), False, True))  # 「給付費と事務費をあわせて2億円を計上」
                continue  # 「A事業やB事業に合わせて２億円」
            name = None
            if head.endswith(("（", "(")) and text[m.end():m.end() + 1] in ("）", ")"):
                name = name_before(text, s0, at - 1, tokens)  # 「○○事業（２億円）」
            elif label := p["label"].search(head):
                if label.group("before") in ("の", "に要する", "に係る"):
                    cut = s0 + label.start("before")
                    name = name_before(text, s0, cut, tokens)  # 「○○事業の所要額として」
                    if name is None and label.group("before") != "の" and not any(k <= s for k in topics):
                        # 「…町営体育館の屋根改修に要する経費として」: the cost is named by what it pays for
                        name = _cost_phrase(text, s0, cut, s0 + label.end("label"), tokens)
                if name is None:
                    pending.append((m, yen, s, s0 + label.start("label"), True, False))
                    continue
            elif (link := p["link"].search(head.rstrip("、, "))) and p["verb"].search(text, m.end(), s1):
                name = name_before(text, s0, s0 + link.start(), tokens)
            if name is None and (after := p["named_after"].match(text, m.end(), s1)):
                name = name_before(text, after.start("name"), after.end("name"), tokens)  # 「二億円を○○事業に計上」
            if name is None and p["budgeted"].match(text, m.end(), s1):
                pending.append((m, yen, s, m.start(), False, False))  # 「○○事業を実施するため、二億円を計上」
                continue
            if name is not None and not p["bare_head"].search(text[name[0]:name[1]]) \
                    and any(k <= s and text[t[0]:t[1]] not in {text[n.name_start:n.name_end] for n in found}
                            for k, t in topics.items()):
                # (「…2路線の復旧工事費として2,217万円」 under 「林道災害復旧事業でございます。」: the announced program's cost)
                pending.append((m, yen, s, m.start(), False, True))
                continue
            if name is not None and name not in used_names:
                used_names.add(name)
                found.append(Named(name[0], name[1], m, yen, s))
    priced = {text[n.name_start:n.name_end] for n in found}
    for m, yen, s, label_at, before, sum_only in pending:
        announced = max((k for k in topics if k <= s), default=None)
        # (under an announced program, a name of an earlier sentence is a thing it uses, 「国の…補助金を活用」)
        name = None if sum_only else _named_earlier(text, spans, s, label_at, tokens, used_names,
                                                    before and announced is None, before)
        if name is not None:
            used_names.add(name[:2])
            priced.add(text[name[0]:name[1]])
            found.append(Named(name[0], name[1], m, yen, name[2]))
        elif announced is not None and not p["account"].search(text, spans[s][0], m.start()):
            t0, t1 = topics[announced]
            if text[t0:t1] not in priced:  # its first figure budgeted is its own; the later ones are its details
                priced.add(text[t0:t1])
                found.append(Named(t0, t1, m, yen, announced, topic=True))
    return sorted(found, key=lambda n: n.amount.start())


def names_in(text: str, begin: int, end: int, bare: bool = False) -> list[tuple[int, int]]:
    """The programs' names written in `text[begin:end]` (NFKC), in the order written: each run of name words that ends
    in a head word (事業, 補助金, …: `heads`) where a name may end (no kanji, katakana or Latin letter after it: 「病院事業会計」 names no 事業),
    read as `name_before` reads it, not starting before `begin`. With `bare`, only the names whose head says they are
    a program (`bare_heads`). Offsets (start, end) into `text`; a name in corner brackets is read by the caller."""
    heads = "|".join(map(re.escape, sorted(_words()["heads"], key=len, reverse=True)))
    tokens = _Tokens(text)
    out: list[tuple[int, int]] = []
    for m in re.finditer(rf"(?:{heads})(?![一-龥々〆ァ-ヶーA-Za-z0-9・･])", text[:end]):
        if m.start() < begin:
            continue
        stop = m.end()
        close = re.match(r"[（(][^（）()]*[)）]", text[stop:end])
        stop += close.end() if close else 0
        name = name_before(text, begin, stop, tokens)
        if name is None or name in out or (bare and not _patterns()["bare_head"].search(text[name[0]:name[1]])):
            continue
        out = [n for n in out if not (name[0] <= n[0] and n[1] <= name[1])] + [name]  # (the longer name holds the shorter)
    return out


def _named_earlier(text: str, spans: list[tuple[int, int]], s: int, label_at: int, tokens: _Tokens,
                   used: set[tuple[int, int]], before: bool = True, labelled: bool = True) -> tuple[int, int, int] | None:
    """The last program named before a labelled amount and given no amount of its own: in the label's sentence, else
    (with `before`) in the sentence before it: (start, end, sentence) or None. Without `before` nor `labelled` the
    name must say it is a program (`bare_heads`)."""
    for sentence in (s, s - 1) if before else (s,):
        if sentence < 0:
            break
        s0, s1 = spans[sentence]
        stop = label_at if sentence == s else s1
        names = []
        for m in _patterns()["owner" if labelled else "candidate"].finditer(text, s0, stop):
            end = m.end()
            if text[end:end + 1] in "（(":
                close = re.match(r"[（(][^（）()]*[)）]", text[end:])
                end += close.end() if close else 0
            name = name_before(text, s0, end, tokens)
            if name is not None and not (before or labelled) and not _patterns()["bare_head"].search(text[name[0]:name[1]]):
                continue  # (no label says the figure is a program's: the name must say it is one)
            # (a name with an amount between it and the label has its own: 「A事業に１億円、B事業を…、所要額…」)
            if name is not None and name not in used and not any(
                    amount_yen(a) is not None for a in AMOUNT_RE.finditer(text, name[1], stop)):
                names.append(name)
        if names:
            return (*names[-1], sentence)
    return None
