"""The table of programs a fact query runs over, narrowed by what the question names.

Departments, ministries and categories are matched against the values the corpus itself holds (never a list
kept in code), so a new document's 局 or 府省庁 works without a change.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from typing import TYPE_CHECKING

from qa.facts.stated import budget_kinds, generic_words
from qa.ingest.models import Program
from qa.ingest.normalize import common_run, key, nfkc
from qa.ingest.vocabulary import is_grand_total, is_total, vocabulary
from qa.retrieve.readings import fold, morphemes, reading, to_katakana
from qa.understand.numbers import AmountFilter
from qa.understand.query import Query

if TYPE_CHECKING:
    from qa.facts.sql import ProgramSQL

# A department name splits into its organisational parts (産業戦略部 / 中小企業課 / 経営支援室); people name one part.
# (「漁業保険管理官」「参事官」 are offices of their own; 「大臣官房」 is one word)
_ORG_PART = re.compile(r".+?(?:省|庁|府|局|部|課|室|本部|センター|委員会|グループ|チーム|Ｇ|G|官(?!房))(?=.|$)")


@dataclass(frozen=True)
class Conditions:
    """The filters a question resolved to, as values of the program table's own columns.

    `ProgramTable.scope` finds which organisation, heading, flag ... a question names (against the names the corpus
    holds); these are the resulting conditions, all of which a program must meet. They are applied in Python
    (`ProgramTable.matches`) or bound as parameters of DuckDB SQL (`qa.facts.sql.ProgramSQL`): both read the same.

    Attributes:
        organisation: a comparison key of a whole name or part of who runs the program (「消防局」).
        document: the document (file name) the programs must stand in, when the corpus holds several and the
            question names one (「防衛費の総額は？」).
        documents: documents of which the programs must stand in one: those of the budget kind the question names
            (「補正額がいちばん大きい事業」 of a corpus of a 補正 and a 概算要求), when the corpus holds others.
        category: a heading, as written, the program stands under (its `category` or one of its `categories`).
        alike: other headings of the same name once their number and slogan are off (「施策１　子育て・教育　～…～」
            of a town's 予算の概要 beside its CSV's 「子育て・教育」): a program under one of them qualifies too.
        mention: the comparison key of a word the program's text (or name) must contain.
        mention_in_name: the mention must be in the program's name.
        flags: markers the program must carry (新規, 拡充).
        without_flags: markers the program must not carry (「新規事業を除くと」).
        any_flags: markers of which the program must carry one (「新規・拡充の事業」: either).
        years: fiscal years the budget line must be of (None: any).
        parent: the id of the program the programs must be parts of (「その中で一番大きい取り組みは？」 after one).
        ministry: a ministry the programs must be run by as well as `organisation` (「外務省領事局の事業」: 領事局 of
            外務省, not another ministry's department of that name).
        ministries: ministries of which the programs must be run by one (「水産庁と林野庁の事業」 of a table of three:
            either), when the question names two or more and the table holds others.
        amount: the condition on the budget in yen.
        nothing: no program qualifies (a question answered by a document's total alone).
    """

    organisation: str | None = None
    category: str | None = None
    alike: tuple[str, ...] = ()
    document: str | None = None
    documents: tuple[str, ...] = ()
    mention: str | None = None
    mention_in_name: bool = False
    flags: tuple[str, ...] = ()
    without_flags: tuple[str, ...] = ()
    any_flags: tuple[str, ...] = ()
    years: frozenset[int] | None = None
    parent: str | None = None
    ministry: str | None = None
    ministries: tuple[str, ...] = ()
    amount: AmountFilter | None = None
    nothing: bool = False


def _names_programs(conditions: Conditions, document: str | None) -> bool:
    """Whether these conditions single out programs by anything but years: an organisation, a heading, a word, a
    marker, an amount, a parent, or `document` (the document the question itself names, not one carried over)."""
    c = conditions
    return bool(c.organisation or c.category or c.mention or c.flags or c.without_flags or c.any_flags or c.parent
                or c.ministry or c.ministries or c.documents or c.amount is not None or document)


@dataclass
class Scope:
    """The programs a question is about and how to say which they are.

    Attributes:
        programs: countable programs with a budget in yen, after every filter.
        filters: the filters applied, in words (「消防局」「100億円以上」), for the answer's first sentence.
        missing_years: fiscal years asked that no program of the corpus has (the answer says what is covered instead).
        covered_years: fiscal years the corpus's budget lines have.
        total: the document's own total line for the heading asked about, if it has one.
        organisation: the organisation (or part of one) the question names.
        matched: the keys of what the filters matched in the question (a category, an organisation, a mention).
        conditions: the filters as column values (what `programs` was selected by).
    """

    programs: list[Program]
    filters: list[str] = field(default_factory=list)
    missing_years: set[int] = field(default_factory=set)
    covered_years: set[int] = field(default_factory=set)
    total: Program | None = None
    organisation: str | None = None
    matched: list[str] = field(default_factory=list)
    conditions: Conditions = field(default_factory=Conditions)

    @property
    def where(self) -> str:
        return "・".join(self.filters) if self.filters else "この資料"

    def clear(self) -> None:
        """Leave no program in scope (and say so in the conditions, which the SQL path reads)."""
        self.programs = []
        self.conditions = replace(self.conditions, nothing=True)


def _parts(name: str) -> list[str]:
    parts = [m.group(0) for m in _ORG_PART.finditer(name)]
    return [p for p in parts if len(p) >= 3] or ([name] if len(name) >= 2 else [])


def _organisations(p: Program) -> list[str]:
    """Who runs a program: its ministry and department (tables) and its contacts' departments (PR sheets)."""
    return [n for n in (p.ministry, p.department, *(c.dept for c in p.contacts)) if n]


def _categories(p: Program) -> list[str]:
    return [c for c in ([p.category] if p.category else []) + list(p.categories) if c]


# The number a heading is known by: 「第３」「柱１」「2款」「（１）」「Ⅱ」 (keys: NFKC, no punctuation, lower case).
# (「第2次補正」「第3期」 count a budget's or a plan's round, no heading)
_HEADING_NUMBER = re.compile(r"第\d+(?![\d次期回号条弾])|柱\d+|\d+(?:款|項|目|章|節)|^\d+|^[ⅰ-ⅻ]+")


_KANA_ONLY = re.compile(r"[ぁ-ゖー]+")
# A word typed in kana (read as typed, not as UniDic reads the word it takes it for: 「しょう」 is ショウ, not 背負う).
_KANA_WORD = re.compile(r"[ぁ-ゖァ-ヺー]+")
# What follows a publisher's name when a question names it as a place or an office (東雲市, 防衛省, 霧ヶ原町).
_PUBLISHER_SUFFIX = r"(市|町|村|県|都|府|道|区|省|庁|組合|連合)"
# A publisher in a document's opening (「みなと県」「さくら市」「厚生労働省」), and a question naming only its kind
# (「県の事業」「市の予算」: the kind alone, not the end of a name).
# (a body several towns set up, 「南稜広域行政事務組合」「○○広域連合」, publishes its own budget: 「組合の予算」)
PUBLISHER = re.compile(r"[一-龥ぁ-んァ-ヶー]{1,8}?(都|道|府|県|市|区|町|村|省|庁|組合|連合)"
                       r"(?:(?![一-龥])|(?=一般|特別|予算|当初|補正|主要|重要|施政|議会|令和|平成|教育委員会|役所|役場|消防本部))")


def publisher_name(match: re.Match[str]) -> str:
    """A `PUBLISHER` match without its kind of office (「北嶺町」 -> 北嶺, 「南稜広域行政事務組合」 -> 南稜広域行政事務)."""
    return match.group(0)[:match.start(1) - match.start(0)]


def _publisher_word(match: re.Match[str]) -> str:
    """The word naming a document's publisher: its name (`publisher_name`), or with its kind when the name is one
    character (「楓市」: 楓 alone is no word to name a document by)."""
    name = publisher_name(match)
    return name if len(name) >= 2 else match.group(0)


# (a particle may precede the kind: key() drops the comma of 「…と、村の」)
KIND_ASKED = re.compile(r"(?<![一-龥ァ-ヶー])(都|府|県|市|区|町|村|国|組合|連合)の")
# 「国の事業」: a national document, whose publisher is a ministry or an agency.
_KIND_OFFICES = {"国": frozenset({"省", "庁"})}
# 「役場に電話で聞きたい」「市役所の担当は」: the office of a kind of government, which publishes that kind's documents.
_OFFICE_ASKED = re.compile(r"(町役場|村役場|役場|市役所|区役所|県庁|都庁|府庁)")
_OFFICE_KINDS = {"町役場": frozenset({"町"}), "村役場": frozenset({"村"}), "役場": frozenset({"町", "村"}),
                 "市役所": frozenset({"市"}), "区役所": frozenset({"区"}), "県庁": frozenset({"県"}),
                 "都庁": frozenset({"都"}), "府庁": frozenset({"府"})}
# Names given as examples of what is grouped (「「人づくり革命」「生産性革命」などのくくり」「例えば」).
# A heading's code before its name in a list's column (「9 教育費」「第9款 教育費」「(9)教育費」), as keys write it.
_CODE_BEFORE = re.compile(r"[(（]?第?\d{1,3}[款項目)）.．]?\s*")
# (「「人づくり革命」など」, 「（人づくり革命・生産性革命など）」 in brackets after the groups' name, 「例えば」)
_EXAMPLES = re.compile(r"[」』]\s*など|など\s*[）)]|例えば|たとえば")
# A heading's short name in brackets at its end (a plan's pillar 「…にぎわいのまち（産業振興）」, 「…（子ども・子育て）Ⅳ」),
# by which people name it (「産業振興の分野で」); a trailing numeral may follow.
_SHORT_NAME = re.compile(r"[（(]([^（）()]{2,12})[）)]\s*[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ\dIVX]*\s*$")
# A fiscal year at the head of a heading's comparison key (「令和8年度」「r8年度」「2026年度」).
_YEAR_HEAD = re.compile(r"^(?:令和|平成|r|h)?\d{1,4}年度?")
# A heading with its slogan after a wave dash (「２ 健康・福祉　～誰もが安心して暮らせるまち～」): people name it by what
# stands before the slogan (「健康・福祉の分野」), its number left off.
# (its number in Roman letters too: NFKC writes 「Ⅲ」 as 「III」)
_BEFORE_SLOGAN = re.compile(r"^(?:(?:[\dⅠ-Ⅻ]+|[IVX]+(?=[.．、\s]))[.．、\s]*)?([^～〜~]{2,20}?)\s*[～〜~]")
# A heading named by its place: 「施策２」「柱3」「分野1」「第2」 (in a comparison key: digits, no spaces).
# 「第2子」「第3回」「第1号」 count children, rounds and numbers: no heading.
_ORDINAL_HEADING = re.compile(r"(施策|柱|分野|重点|章|第)(\d{1,2}|[ivx]{1,4}(?![a-z]))(?!\d|億|万|千|円|件|年|子|人|回|号|次|期|条|位|弾|種|段|世代|週|日|月)")


# A note a heading carries after its name (「効率的な雪対策の推進　《関連公約 2-① 主な取組》」): no part of the name
# a question names it by.
_HEADING_NOTE = re.compile(r"\s*[《〈≪][^》〉≫]*[》〉≫]?\s*$")


# A heading's place before its name (「施策１」「柱2」「基本目標３」「Ⅱ」「2.」), as NFKC writes it.
# (「【重点１】子育て・教育」: the place in brackets, no separator after it)
_PLACE_BEFORE = re.compile(r"^[■□◆◇●○・\s]*(?:(?:施策|柱|分野|重点|基本目標|政策|第)?\s*(?:\d{1,2}|[IVX]{1,4})\s*[.．、:：\s]"
                           r"|[【\[［〔(（]\s*(?:施策|柱|分野|重点|基本目標|政策|第)?\s*(?:\d{1,2}|[IVX]{1,4})\s*[】\]］〕)）])\s*")


@cache
def _core_name(heading: str) -> str:
    """A heading's name without its place and its slogan, as a key (「施策１　子育て・教育　～子どもの笑顔が輝くまち～」
    and 「子育て・教育」 -> the same key): what two papers of one office call the same heading."""
    text = nfkc(heading).strip()
    slogan = _BEFORE_SLOGAN.match(text)
    name = slogan.group(1) if slogan else text
    return key(_PLACE_BEFORE.sub("", name.strip())) or key(heading)


def _heading_key(heading: str) -> str:
    """The comparison key a heading is named by: its name without a trailing note (see `_HEADING_NOTE`)."""
    return key(_HEADING_NOTE.sub("", heading)) or key(heading)


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}


@cache
def _heading_words(heading: str) -> tuple[str, ...]:
    """A heading's nouns (「一般会計 歳出（目的別）」 -> 一般, 会計, 歳出, 目的), read once per heading."""
    from qa.index.tokenize import content_nouns

    return tuple(content_nouns(heading))


@cache
def _generic_keys() -> tuple[str, ...]:
    """Keys of the words that name no heading (data/totals.toml generic), longest first."""
    return tuple(sorted({key(w) for w in generic_words()} - {""}, key=len, reverse=True))


_LIST_WORDS = ("一覧", "一覧表")
# The words a budget's own figures are labelled with (a 補正's cover: 今回の補正額, 補正前の予算額, 予算総額), keyed.
_BUDGET_LABELS = re.compile(r"今回|補正|当初|予算|総額|前|後|の|額|計|規模|全体|令和|平成|\d+|年度")
# Lines of a document's opening (its parsed title first) that may hold its title: a year or a slide's marker may stand
# on lines of their own above it (「令和１０年度」「―― スライド1 ――」).
TITLE_LINES = 5
# Characters in a row of one document's title that name it when its words alone do not (「補助金等一覧」).
TITLE_RUN = 5
_DATED = re.compile(r"\d|令和|平成|年度|年|月")
# A year as written in a key (「令和8年度」「平成31年度」「2026年度」「r8」), with 末 or 当初 after it.
_YEAR_WORDS = re.compile(r"(?:令和|平成|r|h)?(?:\d{1,4}|元)年度?(?:末|当初)?")
# The heads of an office who give a speech or sign a paper at its opening.
_SPEAKERS = re.compile(r"知事|市長|町長|村長|区長|大臣")


def _distinctive_words(openings: dict[str, str]) -> dict[str, frozenset[str]]:
    """Per document, the comparison keys of the words of its opening (its title on the first line, then its first
    lines: who publishes it, on what) that no other document's opening uses; {} for a corpus of one document (nothing
    to tell apart)."""
    if len(openings) < 2:
        return {}
    from qa.index.tokenize import content_nouns

    # A noun is matched as its lemma and as the opening writes it (「あおば町」: lemma 青葉, written あおば); a
    # publisher's name by what stands before its 町/市/省 (「北霧町」: 北霧, which the tagger splits into 北 and 霧).
    # The title line names the document by any of its nouns (「概算要求」「主要事業一覧」); the lines under it only by
    # names (publishers, proper nouns): their common nouns are a table's headings and a summary's words (「伸び率」
    # 「増減」「対象」), which a question uses without naming any document.
    words = {}
    for d, text in openings.items():
        title, _, rest = text.partition("\n")
        # (a title set over several short lines, 「令和８年第１回東湊川市議会定例会」 then 「令和８年度　施政方針」: the
        # compounds of each of its lines, up to the first sentence, list item or table of contents, name it whole)
        compounds = []
        for line in [ln.strip() for ln in rest.splitlines() if ln.strip()][:TITLE_LINES]:
            if len(line) > 40 or re.search(r"[。、…,，|｜\t]|目\s*次", line) or re.match(r"[\d０-９]+[\s.．、]", line):
                break  # (a sentence, a list item, a table's row or the contents: no title line)
            # (one another document's opening writes too, even inside a longer word, names neither: 「主要事業」 of
            # 「予算の概要（主要事業）」 beside a 「主要事業一覧」)
            compounds += [c for c in re.findall(r"(?<![ぁ-ゖ])[一-龥ァ-ヴー々]{3,}(?![ぁ-ゖ])", nfkc(line))
                          if not any(c in nfkc(other) for e, other in openings.items() if e != d)]
        # (who speaks or signs at the opening, 「北陵県知事　早瀬孝明」, names the document too: 「知事の説明」)
        words[d] = {key(w) for w in [*content_nouns(title), *_noun_surfaces(title), *compounds, *_proper_nouns(rest),
                                     *(_publisher_word(m) for m in PUBLISHER.finditer(nfkc(text))),
                                     *_SPEAKERS.findall(nfkc(text))]
                    if len(key(w)) >= 2 and not w.isdigit()}
    shared = {w for d, ws in words.items() for w in ws if any(w in other for e, other in words.items() if e != d)}
    # (a list's own word in one title, 「Ｑ＆Ａと事業一覧」 beside a speech and a ledger, names that document: 「事業一覧の
    # 中で一番大きいのは？」; said of every document's table it is shared, and no document's)
    generic = {key(w) for w in generic_words()} - {key(w) for w in _LIST_WORDS}
    return {d: frozenset(ws - shared - generic) for d, ws in words.items()}


def _voiceless(kana: str) -> str:
    """Hiragana without voicing marks (が -> か, ぱ -> は): a name's sound as romaji may give it either way
    (千早川: ちはやかわ, written Chihayagawa)."""
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", kana)
                                               if c not in "\u3099\u309a"))


def voiceless_latin(text: str) -> str:
    """Romaji without voicing (g -> k, z -> s, d -> t, b/p -> h, j -> sh): 「chihayagawa」 -> 「chihayakawa」."""
    return text.lower().replace("j", "sh").translate(str.maketrans("gzdbp", "ksthh"))


def _publisher_sounds(opening: str) -> set[str]:
    """How the publishers an opening names sound, as voiceless romaji of what stands before 県/市/町/省 (東雲県 ->
    shinonome, 千早川町 -> chihayakawa), three kana at least."""
    import jaconv

    from qa.index.tokenize import tagged

    sounds = set()
    for match in PUBLISHER.finditer(nfkc(opening)):
        kana = "".join(w.feature.kana or "" for w in tagged(publisher_name(match)) if w.feature.kana != "*")
        if len(kana) >= 3:
            sounds.add(voiceless_latin(jaconv.kana2alphabet(_voiceless(jaconv.kata2hira(kana)))))
    return sounds


# Romaji runs of a file name that say what any budget file is (「r8_yosan_gaiyou」), never who publishes it.
_FILE_GENRE_WORDS = frozenset({"yosan", "gaiyou", "gaiyo", "jigyo", "jigyou", "shuyo", "shuyou", "juten", "juuten",
                               "kaikei", "hosei", "tousho", "tosho", "saishutsu", "setsumei", "setsumeisho", "ichiran",
                               "shisaku", "budget", "summary", "review", "projects", "teian", "youshi", "yoshi",
                               "hojokin", "kohou", "koho", "shinki", "kakuju", "youkyu", "yokyu", "gaisan", "meisai"})


def _file_sounds(names: list[str]) -> dict[str, set[str]]:
    """Per file name, its romaji runs that may say who publishes it (「aonami_r8_juten.txt」 -> aonami, where the
    tagger reads 青波 as seiha), voiceless: five letters at least, no genre word, in no other file's name."""
    runs = {name: {r for r in re.findall(r"[a-z]{5,}", name.rsplit(".", 1)[0].lower()) if r not in _FILE_GENRE_WORDS}
            for name in names}
    used = Counter(r for found in runs.values() for r in found)
    return {name: {voiceless_latin(r) for r in found if used[r] == 1} for name, found in runs.items()}


def _proper_nouns(text: str) -> list[str]:
    """The proper nouns of a text, as written and as their lemmas."""
    from qa.index.tokenize import tagged

    found = [w for w in tagged(nfkc(text).lower()) if w.feature.pos1 == "名詞" and w.feature.pos2 == "固有名詞"]
    return [*(w.surface for w in found), *((w.feature.lemma or w.surface).split("-")[0] for w in found)]


def _noun_surfaces(text: str) -> list[str]:
    """The nouns of a text as it writes them (surface forms, not lemmas)."""
    from qa.index.tokenize import tagged

    return [w.surface for w in tagged(nfkc(text).lower()) if w.feature.pos1 == "名詞"]


def _joined_names(names: list[str], question_key: str) -> list[str]:
    """Of the names a question holds (comparison keys), the ones it joins (「AとB」「A・B」「A、B」「A及びB」), in the
    question's order, none inside another; [] when it joins fewer than two."""
    whole = [n for n in names if not any(n != o and n in o for o in names)]
    placed = sorted((question_key.find(n), n) for n in whole)
    joined: list[str] = []
    for (at, a), (then, b) in itertools.pairwise(placed):
        if re.fullmatch(r"(?:と|・|、|,|及び|および|や|並びに|or|and)", question_key[at + len(a):then]):
            joined += [n for n in (a, b) if n not in joined]
    return joined


def heading_named(question_key: str, headings: list[str], generic: bool = True) -> str | None:
    """The heading (a comparison key) a question names in its own words: by 40 % of its character bigrams (not
    counting those of kana alone) or a common run of 40 % of it (4 characters at least), its number (「第3」「柱1」)
    counting as half; clearly more than any other heading (by 0.15), else None.

    Args:
        question_key: the question's comparison key (`qa.ingest.normalize.key`).
        headings: comparison keys of the headings (categories or totals' titles).
        generic: whether generic words (data/totals.toml: 事業, 主要, その他 …) may name a heading: yes for a total
            row (「合計（31事業）」 is named by 合計), no for a category (「その他主要事業」 is not named by 主要事業).
    """
    found = _heading_named(question_key, headings, generic, particles=True)
    # 「輸送力強化」 names 「陸海空輸送力の強化」: failing that, the particle の is read on neither side
    return found if found is not None else _heading_named(question_key, headings, generic, particles=False)


def _heading_named(question_key: str, headings: list[str], generic: bool, particles: bool) -> str | None:
    asked_numbers = set(_HEADING_NUMBER.findall(question_key)) - {m for m in re.findall(r"^\d+", question_key)}
    if not particles:
        question_key = question_key.replace("の", "")
    scored = []
    for heading in dict.fromkeys(headings):
        number = _HEADING_NUMBER.match(heading) or _HEADING_NUMBER.search(heading[:6])
        words = heading[number.end():] if number and number.start() == 0 else heading
        if not particles:
            words = words.replace("の", "")
        for word in _generic_keys() if not generic else ():
            words = words.replace(word, " ")  # 「その他主要事業」 is named by none of its words: 主要事業 names none
        # Bigrams of kana alone (「づく」「ための」) are endings and particles: 「ものづくり補助金」 does not name
        # 「人づくり革命」.
        grams = {g for i in range(len(words) - 1) if not _KANA_ONLY.fullmatch(g := words[i:i + 2])}
        if not grams:
            continue
        run = common_run(question_key, words)
        # A short heading (「商工費」: two bigrams) is named by its whole words, not by one shared bigram (「商工会」).
        # A bigram across の names nothing when met (「設の」 of 「施設の強靱化」 is also 「新設の」), though it counts in
        # the heading's length.
        by_grams = sum(g in question_key for g in grams if "の" not in g) / len(grams) if len(grams) >= 3 else 0.0
        share = max(by_grams, run / len(words) if run >= 4 or run == len(words) else 0.0)
        if number and number.group(0) in asked_numbers:
            share += 0.5
        scored.append((share, heading))
    scored.sort(key=lambda t: -t[0])
    # Read without particles, words shared by chance weigh more (「能力強化」 of many headings): 0.6 at least.
    floor = 0.4 if particles else 0.6
    if not scored or scored[0][0] < floor or (len(scored) > 1 and scored[1][0] > scored[0][0] - 0.15):
        return None
    return scored[0][1]


def budget_filter_text(f: AmountFilter) -> str:
    """An amount condition in words: 「予算額が100億円以上」; an English 「more than 100億円」 gets the Japanese word."""
    words = {">=": "以上", "<=": "以下", "<": "未満", ">": "超"}
    if f.op == ">" and f.yen == 0:
        return "予算額が0円のものを除く"  # 「0円のは抜きで」
    if f.op == "<" and f.yen == 0:
        return "減額（△）"  # 「減額補正になった事業」: the 補正's items that take money off
    text = f.text
    if f.op in words and not re.search(r"以上|以下|未満|超|上回|下回|より|届か|満た", text):
        text = re.sub(r"^[a-z ]+", "", text) + words[f.op]
    return f"予算額が{text}"


class ProgramTable:
    """The countable programs with a budget, and the names a question may narrow them by, read once per index.

    Organisation parts and category names are computed here, not per question: on the national table (5,794
    programs) doing it per question cost about 150 ms.

    Comparison keys of titles and texts are made once, on first use, not per question: at 200,000 programs keying
    every text for one 「〜に関する事業」 question took seconds.

    Args:
        programs: all programs of the index.
        text_of: a program's whole text (what 「水素に関する事業」 searches).
        sql: the same programs as a DuckDB table (`qa.facts.sql.ProgramSQL`): when given, a scope's programs are
            selected in SQL and `answer_fact` computes over it; None filters in Python (the reference path the
            parity tests compare with).
    """

    def __init__(self, programs: list[Program], text_of: Callable[[Program], str],
                 sql: ProgramSQL | None = None, openings: dict[str, str] | None = None) -> None:
        self.programs = programs
        self._openings = {d: key(text) for d, text in (openings or {}).items()}
        # What kind of office publishes each document (みなと県 -> 県, さくら市 -> 市), from its opening.
        self._publisher_kinds = {d: {m.group(1) for m in PUBLISHER.finditer(nfkc(text))}
                                 for d, text in (openings or {}).items()}
        self._document_words = _distinctive_words(openings or {})
        self._titles = {d: key(text.partition("\n")[0]) for d, text in (openings or {}).items()}
        # The kinds of budget each document is, by its title lines (「補正予算」「概算要求」「当初予算」; not a legend's
        # 「６月補正後」 further down its opening).
        self._document_kinds = {d: {kind for kind, _ in budget_kinds() if kind in title}
                                for d, text in (openings or {}).items()
                                for title in ["".join([ln for ln in text.splitlines() if ln.strip()][:TITLE_LINES])]}
        # The publisher's name as it sounds (東雲 -> shinonome), for an English question that writes it in romaji.
        files = _file_sounds(list(openings or {}))
        self._document_sounds = {d: _publisher_sounds(text) | files[d]
                                 for d, text in (openings or {}).items()} if len(openings or {}) > 1 else {}
        if self._document_words:
            # A word that names programs of another document (「振興」 of 商工振興費) does not name this one.
            names: dict[str, set[str]] = {}
            for p in programs:
                names.setdefault(p.document, set()).update(key(n) for n in (p.title, *_categories(p)))
            self._document_words = {
                d: frozenset(w for w in words if not any(w in n for e, ns in names.items() if e != d for n in ns))
                for d, words in self._document_words.items()}
        self._text_of = text_of
        self.sql = sql
        self.pool = [p for p in programs if p.countable and p.budget is not None and p.budget.yen is not None]
        self.covered_years = {p.budget.fiscal_year for p in self.pool if p.budget and p.budget.fiscal_year}
        # Whole names as well as their parts (`_runs`): 「文部科学省」 is named whole, not as its part 「科学省」. An
        # organisation every program shares (the city a file of records names in each row, the one ministry of a
        # document) narrows nothing: 「福岡市の広報戦略事業の額」 names a program, not a condition on 福岡市's.
        runs = list(self._runs.values())
        shared = frozenset.intersection(*runs) if len(runs) > 1 else frozenset()
        self._organisation_parts = {x for run in runs for x in run if len(x) >= 2} - shared
        self._ministries = {key(p.ministry) for p in self.pool if p.ministry}
        self._categories = {c: _heading_key(c) for p in self.pool for c in _categories(p)}
        # (a short name in brackets at the end; else the name without its place and slogan: 「施策２　健康・福祉　～…～」
        # named 「健康・福祉」)
        self._short_names = {c: key(m.group(1)) if m else core for c in self._categories
                             if (m := _SHORT_NAME.search(c)) or (core := _core_name(c)) != key(c)}
        self._flags = {f for p in self.pool for f in p.flags}
        # Every total row with a figure, in document order: what the headings' stated figures are read from.
        self.total_rows = [p for p in programs if p.kind == "total" and p.budget and p.budget.yen]
        self._totals: dict[str, Program] = {}
        for p in self.total_rows:
            if not (is_total(p.title) and len(key(p.title)) <= 3):
                # (a bare 「小計」 is its heading's, found by it below; a bare 「合計」 of a document is named by no
                # question's 「合計」, which asks an operation: the document's total is found as such)
                self._totals.setdefault(key(p.title), p)
            if p.categories and is_total(p.title):
                # 「小計」 under 「施策の柱3 …」: the heading's total, found by the heading.
                self._totals.setdefault(key(p.categories[-1]), p)
        # A row named as a heading its parts stand under (the record 「公共事業 127,419,000千円」 over rows of the
        # category 「公共事業」) states that heading's figure.
        for p in self.pool:
            if any(p.title in q.categories for q in self._children_of.get(p.id, ())):
                self._totals.setdefault(key(p.title), p)

    def stated_groups(self, documents: set[str]) -> list[Program]:
        """The totals a document states for its headings of one level (「【民生費 計】」 per 款, 「サイバー領域における
        能力強化 約２，６４３億円」 per area), of the documents given: the largest set of total rows at one depth of
        headings, the document's own grand total (合計) left out; [] when fewer than two."""
        levels: dict[tuple[str, int], list[Program]] = {}
        for p in self.total_rows:
            if p.document in documents and not is_grand_total(p.title) \
                    and not is_grand_total((re.sub(r"[【】\[\]]", "", p.title).split() or [""])[-1]):
                levels.setdefault((p.document, len(p.categories)), []).append(p)
        best = max(levels.values(), key=len, default=[])
        return best if len(best) >= 2 else []

    def stated_rows_named(self, question_key: str) -> list[Program]:
        """The rows of one table of stated figures whose heading the question names by a word no other such table's
        heading holds (「歳出で一番多いのは？」 of a 予算の概要 with a 歳入 table and a 歳出（目的別） table of 款 rows:
        the 歳出 rows); [] when no table, or more than one, is named so."""
        named = [rows for rows, words in self._stated_tables if any(w in question_key for w in words)]
        return named[0] if len(named) == 1 else []

    @cached_property
    def _stated_tables(self) -> list[tuple[list[Program], frozenset[str]]]:
        """Each table of stated figures (two or more total rows, read as figures and never summed as programs, under
        one heading of one document, the grand total left out) with the keys of its heading's words that no other
        such table's heading holds; made once."""
        tables: dict[tuple[str, str], list[Program]] = {}
        for p in self.total_rows:
            if p.categories and not is_grand_total(p.title):
                tables.setdefault((p.document, p.categories[-1]), []).append(p)
        words = {at: {key(w) for w in _heading_words(at[1]) if len(w) >= 2}
                 for at, rows in tables.items() if len(rows) >= 2}
        shared = set.intersection(*words.values()) if len(words) > 1 else set()
        return [(tables[at], frozenset(held - shared)) for at, held in words.items()]

    def warm(self) -> None:
        """Make what fact questions read of every program now, not on the first such question (`Answerer.warm`);
        every program's text keyed (`_text_keys`, for a mention the SQL path does not serve) stays lazy."""
        _ = self.pooled_in, self.pooled_in_years, self._children_of, self._title_keys, self._pool_by_id, self._document_categories, \
            self._top_headings, self._organisation_readings

    @cached_property
    def pooled_in(self) -> Counter[str]:
        """How many programs of the pool each document holds."""
        return Counter(p.document for p in self.pool)

    @cached_property
    def pooled_in_years(self) -> Counter[tuple[str, int | None]]:
        """How many programs of the pool each document holds per fiscal year of their budget."""
        return Counter((p.document, p.budget.fiscal_year if p.budget else None) for p in self.pool)

    def parts_of(self, program: Program) -> list[Program]:
        """The programs of the pool listed as parts of a program (`parent_id`: 事前キャンプ受入等 under
        東京オリンピック・パラリンピック推進事業)."""
        return self._children_of.get(program.id, [])

    @cached_property
    def _children_of(self) -> dict[str, list[Program]]:
        """Programs of the pool by the id of the program they are a part of."""
        out: dict[str, list[Program]] = {}
        for p in self.pool:
            if p.parent_id:
                out.setdefault(p.parent_id, []).append(p)
        return out

    @cached_property
    def _runs(self) -> dict[str, frozenset[str]]:
        """Per program: every whole part of the names of who runs it, and the whole names (「水道局」 is not
        「道路下水道局」). Made once, when the table is: the names a question may filter by are read from it (the SQL
        path filters on the same keys in the table's `organisation_keys` column)."""
        return {p.id: frozenset(x for n in _organisations(p) for x in (*_parts(key(n)), key(n))) for p in self.pool}

    @cached_property
    def _title_keys(self) -> dict[str, str]:
        return {p.id: key(p.title) for p in self.pool}

    @cached_property
    def _text_keys(self) -> dict[str, str]:
        return {p.id: key(self._text_of(p)) for p in self.pool}

    def total_named(self, question_key: str) -> Program | None:
        """The document's total line (an area 「サイバー領域における能力強化 約２，６４３億円」) whose heading the
        question names in its own words (「サイバー領域の予算」「宇宙領域の能力強化」): see `heading_named`."""
        # (a total titled only by a budget's labels, 「今回の補正額」「補正後の予算額」 of a 補正's cover, names no area:
        # 「河川の土砂撤去の補正額は？」 asks a program's 補正額)
        # (a year names no area: 「学童保育の運営費、令和8年度は？」 is not the 組合債's 「令和8年度末現在高見込額」; the year
        # asked chooses among totals that differ by theirs alone)
        title = heading_named(_YEAR_WORDS.sub("", question_key), [u for u in self._undated_totals if u])
        if title is None:
            return None
        dated = self._undated_totals[title]
        return self._totals[next((t for t in dated if (y := _YEAR_WORDS.search(t)) and y.group(0) in question_key),
                                 dated[0])]

    @cached_property
    def _undated_totals(self) -> dict[str, list[str]]:
        """The keys of the total rows that name an area (not a budget's label alone), by their key without its year
        (「令和8年度末現在高見込額」 → 「現在高見込額」), in document order; made once."""
        out: dict[str, list[str]] = {}
        for t in self._totals:
            if _BUDGET_LABELS.sub("", t):
                out.setdefault(_YEAR_WORDS.sub("", t), []).append(t)
        return out

    @property
    def document_words(self) -> dict[str, frozenset[str]]:
        """Per document, the words of its opening that no other document's opening uses (empty for one document)."""
        return self._document_words

    @cached_property
    def any_document_word(self) -> frozenset[str]:
        """The words of `document_words` of every document together (a word that names a document, not a program)."""
        return frozenset(w for words in self._document_words.values() for w in words)

    @property
    def document_sounds(self) -> dict[str, set[str]]:
        """Per document, its publishers' names as voiceless romaji (`voiceless_latin`); {} for one document."""
        return self._document_sounds

    def document_named(self, question_key: str) -> str | None:
        """The one document of several whose opening words (title, publisher) the question uses and no other
        document's opening does (「防衛費の総額は？」 of a corpus holding a 防衛省 and a 経済産業省 document); None
        when the corpus holds one document, or the question names none or several."""
        named = [d for d, words in self._document_words.items()
                 if any(self._names(d, w, question_key) for w in words)]
        if not named and len(self._titles) > 1:
            # 「補助金等一覧の…」 of a 「…補助金等一覧表」 beside an 「…評価シート一覧」: five characters of one title in a row
            # (a year, 「令和2年度」, names the budget's year, not one paper, however few titles write it so)
            # (a run opening or closing on a particle, 「の主要事業」 of 「課の主要事業は？」, is no title's word: 「主要事業」
            # beside it may stand in several titles)
            named = sorted({d for n in range(len(question_key) - TITLE_RUN + 1)
                            if not _DATED.search(run := question_key[n:n + TITLE_RUN])
                            and not re.match(r"[ぁ-ゖ]|.*[ぁ-ゖ]$", run)
                            # (Latin letters run on across an English question's words in its key: 「abudgetover」)
                            and not run.isascii()
                            and len(held := [d for d, t in self._titles.items() if run in t]) == 1 for d in held})
        if not named and len(self._publisher_kinds) > 1 and (kind := KIND_ASKED.search(question_key)):
            # 「県の事業で予算額の上位3つは？」 of a corpus holding one prefecture's and one city's documents.
            offices = _KIND_OFFICES.get(kind.group(1), frozenset({kind.group(1)}))
            named = [d for d, kinds in self._publisher_kinds.items() if offices & kinds] or [
                d for d, kinds in self._publisher_kinds.items() if not kinds]  # the one whose publisher is unsaid
        if not named and len(self._publisher_kinds) > 1 and (office := _OFFICE_ASKED.search(question_key)):
            # 「予算のことを役場に電話で聞きたい」 of a town's, a prefecture's and a city council's papers: the town's
            named = [d for d, kinds in self._publisher_kinds.items() if _OFFICE_KINDS[office.group(1)] & kinds]
        if not named and self._document_sounds and re.search(r"[a-z]{4}", question_key):
            # 「Shinonome Prefecture's budget for …」: the publisher's name in romaji, voicing aside (chihayagawa)
            spoken = voiceless_latin(question_key)
            named = [d for d, sounds in self._document_sounds.items() if any(x in spoken for x in sounds)]
        if not named and self._document_sounds and re.search(r"[ぁ-ゖ]{3}", question_key):
            # 「くもがおかしで一番…」: the publisher's name typed in hiragana, read as it sounds
            import jaconv

            runs = [voiceless_latin(jaconv.kana2alphabet(run)) for run in re.findall(r"[ぁ-ゖー]{3,}", question_key)]
            named = [d for d, sounds in self._document_sounds.items() if any(x in r for x in sounds for r in runs)]
        if len(named) > 1:
            # 「東雲市の一般会計、総額いくら？」: the publisher named as a place or office (東雲 before 市, 里山 of
            # 里山環境省) names its document; common words another opening happens to use (一般, 会計) do not.
            named = [d for d in named if any(re.search(re.escape(w) + r"[一-龥ァ-ヴー]{0,4}?" + _PUBLISHER_SUFFIX,
                                                       question_key)
                                             for w in self._document_words[d])] or named
        if len(named) > 1 and (kind := KIND_ASKED.search(question_key)):
            # 「…村の予算は全部でいくら？」 of a village's and a ministry's documents that both say 特別会計: the village's
            offices = _KIND_OFFICES.get(kind.group(1), frozenset({kind.group(1)}))
            named = [d for d in named if offices & self._publisher_kinds.get(d, set())] or named
        return named[0] if len(named) == 1 else None

    def publishers_named(self, question_key: str) -> list[str]:
        """The documents whose publisher the question names as a place or office (「楓市と桜川町、どっちが…」: 楓市's list
        and 桜川町's), in the order the question names them; [] for a corpus of one document."""
        at: dict[str, int] = {}
        for d, words in self._document_words.items():
            for w in words:
                pattern = re.escape(w) if re.search(_PUBLISHER_SUFFIX + "$", w) else \
                    re.escape(w) + r"[一-龥ァ-ヴー]{0,4}?" + _PUBLISHER_SUFFIX
                if (found := re.search(pattern, question_key)) is not None:
                    at[d] = min(at.get(d, found.start()), found.start())
        return sorted(at, key=at.__getitem__)

    def _document_of_conversation(self, query: Query) -> str | None:
        """The document an earlier question of the conversation named (「桐森市の主要事業の合計は？」 → 「前年度より減った
        事業はいくつ？」): a question naming none goes on counting over it; the latest earlier question naming one wins,
        and one naming another place or office of its own (an organisation) does not inherit."""
        if self.organisation_named(key(query.text)):
            return None
        earlier = query.previous
        while earlier is not None:
            if named := self.document_named(key(earlier.text)):
                return named
            earlier = earlier.previous
        return None

    def document_of_kind(self, kind: str) -> str | None:
        """The one document of several whose publisher is of this kind (「市」: the city's, beside a town's and a
        prefecture's); None when none or several are."""
        if len(self._publisher_kinds) < 2:
            return None
        offices = _KIND_OFFICES.get(kind, frozenset({kind}))
        found = [d for d, kinds in self._publisher_kinds.items() if offices & kinds]
        return found[0] if len(found) == 1 else None

    def _names(self, document: str, word: str, question_key: str) -> bool:
        """Whether the question uses one of a document's words as the document does: where kanji run on before it
        in the question, the opening holds that run too (「主要事業一覧」 of the list's title names it; 「会計」 of
        「一般会計」 is not named inside 「エネルギー対策特別会計」); a word in Latin letters where no Latin letter runs on
        either side of it."""
        latin = word.isascii() and word.isalpha()
        for found in re.finditer(re.escape(word), question_key):
            start = found.start()
            if latin and re.search(r"[a-z]", question_key[max(start - 1, 0):start] + question_key[found.end():found.end() + 1]):
                continue  # (「PR資料」's PR is no word of 「project」: a Latin word names a document where it stands alone)
            while start > 0 and re.match(r"[一-龥々]", question_key[start - 1]):
                start -= 1
            if start == found.start() or question_key[start:found.end()] in self._openings.get(document, ""):
                return True
        return False

    def written(self, organisation: str) -> str:
        """An organisation's comparison key as its documents write the whole name (the key itself for a part of
        one: 「消防局」 of 「福岡市消防局」)."""
        return self._written.get(organisation, organisation)

    @cached_property
    def _written(self) -> dict[str, str]:
        """Each whole name in Latin letters as its documents write it (「International Affairs Division」): a comparison
        key lower-cases and closes up an English name's words (a Japanese name reads the same as its key). Made on the
        first filter said, not at start-up."""
        out: dict[str, str] = {}
        for p in self.pool:
            for name in _organisations(p):
                if re.search(r"[A-Za-z]{2}", name):
                    out.setdefault(key(name), re.sub(r"\s+", " ", nfkc(name)).strip())
        return out

    def is_ministry(self, part: str) -> bool:
        """Whether a comparison key names a ministry the table holds (not a department of one)."""
        return part in self._ministries

    def organisations_in(self, question_key: str) -> list[str]:
        """Every ministry, department or part of one the question names (comparison keys), however many."""
        return [part for part in self._organisation_parts if part in question_key]

    @cached_property
    def _organisation_readings(self) -> dict[str, str]:
        """Each ministry's and department's folded reading (「防衛省」 → ボーエーショー, 「農林水産部」 → ノーリンスイサンブ),
        for a question that types it in kana; computed once (at `warm`)."""
        return {part: fold(reading(part)) for part in self._organisation_parts}

    def _organisation_said(self, question_key: str) -> list[str]:
        """The one ministry or department a question names in kana, wholly or in part (「防衛しょう」「のうりんすいさん部」):
        its folded reading (four sounds at least) in the question's, where kana are read as typed, a part inside a
        longer one found left out; [] for none or several."""
        if not self._organisation_readings or not re.search(r"[ぁ-んァ-ン]", question_key):
            return []
        said = fold("".join(to_katakana(m.surface) if _KANA_WORD.fullmatch(m.surface) else m.kana
                            for m in morphemes(nfkc(question_key))))
        found = [part for part, r in self._organisation_readings.items()
                 if len(r) >= 4 and r in said and part not in question_key]  # (one written as it is is found as it is)
        found = [f for f in found if not any(f != g and self._organisation_readings[f] in self._organisation_readings[g]
                                             for g in found)]
        return found if len(found) == 1 else []

    def organisation_named(self, question_key: str) -> str | None:
        """The ministry, department or part of one (「消防局」「中小企業庁」) the question names, longest first, a
        department before its ministry named with it (「外務省領事局」: 領事局); None when it names two ministries
        (「文部科学省と内閣府のリストで一番大きい事業」 asks across both). A ministry or department typed in kana
        (「防衛しょう」「のうりんすいさん部」) or mistyped by its sound (「消防曲」) is named by its reading."""
        hits = self.organisations_in(question_key)
        if all(h in self._ministries for h in hits):
            # 「消防曲の施策」 beside 「福岡市」: a department typed in kana or mistyped by its sound, under the publisher named
            hits += self._organisation_said(question_key)
        if len({m for m in self._ministries if m in question_key and m in self._organisation_parts}) >= 2:
            return None
        if len(hits) >= 2:
            # 「商工労働部の経営支援課が担当している事業」: a part of another named part (the 課 of its 部) is the one meant
            members = {h: {i for i, run in self._runs.items() if h in run} for h in hits}
            inner = [h for h in hits if members[h] and any(members[h] < members[o] for o in hits if o != h)]
            hits = [h for h in inner if not any(members[o] < members[h] for o in inner if o != h)] or hits
        return max(hits, key=lambda h: (len(h), h not in self._ministries)) if hits else None

    @cached_property
    def _top_headings(self) -> dict[str, list[str]]:
        """Per document, its outermost headings in document order (the n-th is 「施策n」「柱n」「第n」 to a reader)."""
        out: dict[str, list[str]] = {}
        for p in sorted(self.pool, key=lambda p: (p.document, p.start)):
            heads = out.setdefault(p.document, [])
            if p.categories and p.categories[0] not in heads:
                heads.append(p.categories[0])
        return out

    def _heading_by_number(self, question_key: str) -> str | None:
        """The heading a question names by its place (「施策２の中で」「柱3」「第1」): the n-th outermost heading of the
        one document that has n of them and, when the corpus holds several, calls its parts by that word."""
        match = _ORDINAL_HEADING.search(question_key)
        if match is None:
            return None
        word, number = match.group(1), match.group(2)
        n = int(number) if number.isdigit() else _ROMAN.get(number, 0)  # 「柱Ⅱ」 (NFKC 「柱II」, keyed lower)
        # (a document calls its parts by the word in its opening, or in the headings themselves: 「施策１ 子育て・教育」)
        docs = [d for d, heads in self._top_headings.items() if len(heads) >= n
                and (len(self._top_headings) == 1 or word == "第" or word in self._openings.get(d, "")
                     or any(word in key(h) for h in heads))]
        if len(docs) > 1 and n >= 1:
            # (a town's 予算の概要 whose headings read 「施策１ 子育て・教育」 beside its CSV whose 施策 column holds the
            # names alone: the heading that writes the word and its number is the one named)
            docs = [d for d in docs if key(f"{word}{n}") in key(self._top_headings[d][n - 1])] or docs
        return self._top_headings[docs[0]][n - 1] if len(docs) == 1 and n >= 1 else None

    @cached_property
    def _document_categories(self) -> dict[str, frozenset[str]]:
        """Each document's headings (the keys of its programs' categories), computed once."""
        out: dict[str, set[str]] = {}
        for p in self.pool:
            out.setdefault(p.document, set()).update(key(c) for c in _categories(p))
        return {d: frozenset(c) for d, c in out.items()}

    def category_named(self, question_key: str, loosely: bool = False) -> str | None:
        """The category (a heading programs stand under) the question names, longest first.

        Args:
            question_key: the question's comparison key.
            loosely: also a heading named in the question's own words or by its number (「生活支援の柱（第３）」,
                「検査体制の強化の項目」; `heading_named`), for a question that asks across programs anyway (a count,
                a sum, a ranking): there a heading is what it ranges over, not a topic that may be a program's.
        """
        hits = [c for c, k in self._categories.items() if len(k) >= 2 and k in question_key]
        if not hits:
            hits = [c for c, k in self._short_names.items() if len(k) >= 2 and k in question_key]
        if not hits:
            hits = [c] if (c := self._heading_by_number(question_key)) else []
        if not hits:
            # People drop the ending of a heading: 「防災・減災関連」 for 「防災・減災、国土強靱化」.
            # (a heading's year, 「令和8年度 概算要求の概要」, is no beginning of its name: 「令和８年度から始まる事業」)
            hits = [c for c, k in self._categories.items()
                    if len(n := _YEAR_HEAD.sub("", k)) >= 4 and n[:4] in question_key]
            if len(hits) > 1:
                # 「施策の柱１…」「施策の柱４…」 share their beginning: the one the question names by its number or words.
                named = heading_named(question_key, [self._categories[c] for c in hits], generic=False)
                hits = [c for c in hits if self._categories[c] == named]
        if not hits and loosely:
            named = heading_named(question_key, list(self._categories.values()), generic=False)
            hits = [c for c, k in self._categories.items() if k == named]
        # 「持続性・強靱性の弾薬の確保で一番大きいのは」: of two headings on one path, the inner one is meant
        hits = [h for h in hits if not any(h in self._ancestors.get(o, ()) for o in hits if o != h)] or hits
        return max(hits, key=lambda c: len(key(c))) if hits else None

    @cached_property
    def _ancestors(self) -> dict[str, frozenset[str]]:
        """Per heading, the headings it stands under (outer ones of the same path), made once."""
        out: dict[str, set[str]] = {}
        for p in self.pool:
            for i, c in enumerate(p.categories):
                out.setdefault(c, set()).update(p.categories[:i])
        return {c: frozenset(a) for c, a in out.items()}

    def scope(self, query: Query, named: bool = False, within: Program | None = None) -> Scope:
        """The programs the question is about: those its own conditions name (`own_scope`), or, when it names none
        and goes on from a question across programs that did (「消防本部の事業はいくつ？」 → 「全部合わせるといくら？」),
        that question's programs: a follow-up that adds up, ranks or lists without saying which programs means the
        ones just counted, not the whole corpus. A question naming programs (`named`) or parts of one (`within`),
        opening a topic of its own, or asking other years than the one before it keeps its own scope."""
        own = self.own_scope(query, named, within)
        earlier = query.previous
        if named or within is not None or earlier is None or query.context is None or query.context.new_topic \
                or query.operation is None \
                or not earlier.across_programs or set(query.years) != set(earlier.years) \
                or _names_programs(own.conditions, self.document_named(key(query.text))):
            return own
        before = self.scope(earlier)
        return before if _names_programs(before.conditions, before.conditions.document) else own

    def own_scope(self, query: Query, named: bool = False, within: Program | None = None) -> Scope:
        """Narrow the table by every condition the query names.

        Which organisation, heading, mention, flag, years and amount the question names is resolved here, against
        the names the corpus holds (`Scope.conditions`); the programs meeting them all are then selected in SQL
        when the table has it, else in Python (the same rows, in build order).

        Args:
            query: the typed question.
            named: the question names programs of its own (「Aと Bを足すと」): a heading is then read only when the
                question writes it whole, never from its words (`category_named`, loosely).
            within: the program whose parts the question ranks or counts (「その中で一番…」 after it), or None.

        Returns:
            The scope: countable programs with a budget, filtered.
        """
        scope = Scope([], covered_years=set(self.covered_years))
        conditions: dict = {}
        q = key(query.text)
        organisation = self.organisation_named(q)
        if organisation and len(joined := _joined_names(self.organisations_in(q), q)) >= 2:
            # 「高齢福祉課と障がい福祉課の事業をあわせると」: the programs of either office, as of two ministries
            organisation = None
            conditions["ministries"] = tuple(joined)
            scope.filters.append("・".join(map(self.written, joined)))
            scope.matched.extend(joined)
        if organisation and query.group in ("department", "ministry"):
            # 「外務省の局（大臣官房も含めて）のうち、事業の数が一番多いのは」: a name of the kind ranked is one of the
            # groups, not a filter; a ministry around the departments ranked still narrows.
            wider = [m for m in self._ministries if m in q and m in self._organisation_parts] \
                if query.group == "department" else []
            organisation = max(wider, key=len) if wider else None
        if organisation:
            conditions["organisation"] = organisation
            # 「外務省領事局」: a department named with its ministry is that ministry's (both are conditions)
            ministry = next((m for m in self.organisations_in(q) if m in self._ministries and m != organisation
                             and m not in organisation), None) if organisation not in self._ministries else None
            if ministry is not None:
                conditions["ministry"] = ministry
                scope.filters.append(ministry)
                scope.matched.append(ministry)
            scope.filters.append(self.written(organisation))
            scope.organisation = organisation
            scope.matched.append(organisation)
        ministries = sorted(m for m in self._ministries if m in q and m in self._organisation_parts)
        if not organisation and 2 <= len(ministries) < len(self._ministries):
            conditions["ministries"] = tuple(ministries)
            scope.filters.append("・".join(ministries))
            scope.matched.extend(ministries)
        document = self.document_named(q) if not named else None
        if document is None and not named:
            document = self._document_of_conversation(query)
        if document:
            conditions["document"] = document
            scope.matched.extend(w for w in self._document_words[document] if w in q)
        if document is None and not named and (of_kind := self._documents_of_kind(query.text)):
            kind, conditions["documents"] = of_kind
            scope.filters.append(f"{kind}の資料")
        # (the words of the organisation named name no heading: 「子育て支援課」 is not the heading 「子育て支援施設」)
        category = self.category_named(q.replace(organisation, " ") if organisation else q,
                                       loosely=query.across_programs and not named)
        if category and key(category) in conditions.get("ministries", ()):
            category = None  # (the heading is one of the offices joined: the programs of both, not its own total)
        headings = _joined_names([k for k in dict.fromkeys(self._categories.values()) if len(k) >= 2 and k in q], q) \
            if not conditions.get("ministries") and not organisation else []
        if len(headings) >= 2:
            # 「こども未来部と教育委員会の主要事業を足すと」: two headings joined name the programs under either
            category = next(c for c, k in self._categories.items() if k == headings[0])
            conditions["alike"] = tuple(c for c, k in self._categories.items() if k in headings[1:])
        if category and query.group == "category" and _EXAMPLES.search(query.text):
            # 「「人づくり革命」「生産性革命」など5つのくくりのうち、合計がいちばん大きいのは？」: headings named as examples
            # of the groups ranked, none of them a filter
            category = None
        if category and document and key(category) not in self._document_categories.get(document, frozenset()):
            # 「奥津川村の一覧で、教育費の事業は？」 of a list whose 款 column writes 「9 教育費」 (another town's writes
            # 「教育費」): the named document's own heading, its code before the same name
            own = self._document_categories.get(document, frozenset())
            coded = [c for c, k in self._categories.items() if k in own and k.endswith(key(category))
                     and _CODE_BEFORE.fullmatch(k.removesuffix(key(category)))]
            category = coded[0] if len(coded) == 1 else category
        if category and document and key(category) not in self._document_categories.get(document, frozenset()):
            # 「雲ヶ丘市の主要事業で一番大きいのは？」: a heading of another document (a prefecture's 「主要事業」) says
            # nothing of the one named; here it is the document's own word (its title, 主要事業一覧)
            category = None
        if category:
            conditions["category"] = category
            if alike := tuple(c for c in self._categories if c != category
                              and _core_name(c) == _core_name(category)):
                conditions["alike"] = tuple(dict.fromkeys((*conditions.get("alike", ()), *alike)))
            scope.filters.append("・".join(f"「{c}」" for c in (category, *conditions.get("alike", ()))
                                          if _core_name(c) != _core_name(category) or c == category))
            scope.matched.append(key(category))
            if (ordinal := _ORDINAL_HEADING.search(q)) and category == self._heading_by_number(q):
                scope.matched.append(ordinal.group(1))  # 「施策１の…」: the word that numbered it
            scope.total = self._totals.get(key(category))
        # (「サイバー関係の予算は全体で？」: a mention the heading's own words hold names the heading, no part of it)
        mentioned = bool(query.mention) and not (category and key(query.mention) in key(category))
        if scope.total is not None and (mentioned or query.amount is not None or organisation):
            scope.total = None  # the document's total covers the whole heading, not a filtered part of it
        if scope.total is None and not category and not organisation and query.amount is None:
            # 「サイバー関連の予算はぜんぶで？」「サイバー領域の能力強化の予算は？」 name an area by its heading's words.
            scope.total = self.total_named(q)
            if scope.total is None and query.mention:
                holding = [t for title, t in self._totals.items() if key(query.mention) in title]
                scope.total = holding[0] if len(holding) == 1 else None
        if scope.total is not None and document and scope.total.document != document:
            scope.total = None  # 「みどり町の予算の合計」: another document's 合計 row is not this one's
        # (「「拡充」がついている事業」: a marker the rows carry as a flag is that flag, filtered below, not a word of
        # their names)
        marker = bool(query.mention) and key(query.mention) in {key(f) for f in self._flags}
        if query.mention and not marker and not (category and key(query.mention) in key(category)) and not (
                organisation and key(query.mention) in organisation):
            word = key(query.mention)
            scope.matched.append(word)
            conditions["mention"] = word
            conditions["mention_in_name"] = query.mention_in_name
            if query.mention_in_name:
                scope.filters.append(f"名前に「{query.mention}」を含む")
            else:
                scope.filters.append(f"「{query.mention}」に関する")
        # 「新規事業はいくつ？」: markers a list gives its rows (【新規】【拡充】, read as flags) filter like a heading.
        asked = vocabulary()["markers"].get("asked", {})
        flags = [flag for flag in sorted(self._flags)
                 if flag in query.text or any(w in query.text for w in asked.get(flag, ()))]
        # 「新規・拡充事業」: markers joined name the rows carrying either (a list's name: 「新規・拡充事業一覧で、新規の
        # 事業は」 filters by the one named on its own).
        # (in English too: "the new and expanded programs", by the words a marker is asked with)
        # (an English question is read as typed: the glossary's Japanese words appended to it stand alone)
        typed = nfkc(query.question).lower() if query.script == "en" else query.text
        said = {f: [f, *(w for w in asked.get(f, ()) if w in typed)] for f in flags}
        word = "|".join(re.escape(w) for f in flags for w in sorted(said[f], key=len, reverse=True))
        joined = [m.span() for m in re.finditer(rf"(?:{word})(?:\s*(?:・|と|及び|および|や|、|,|/|&|\band\b|\bor\b)\s*"
                                                 rf"(?:{word}))+", typed)] if len(flags) > 1 else []
        either: list[str] = []
        if joined:
            alone = [f for f in flags if any(not any(a <= m.start() < b for a, b in joined)
                                             for w in said[f] for m in re.finditer(re.escape(w), typed))]
            either = [] if alone else flags
            flags = alone
        # 「新規事業を除くと」「新規以外で」: the rows without the marker
        left_out = [flag for flag in flags if re.search(
            rf"{re.escape(flag)}[^、。?？]{{0,6}}?(を除|以外|は除|抜き|を抜|でない|じゃない)", query.text)]
        for flag in flags:
            scope.filters.append(f"【{flag}】以外" if flag in left_out else f"【{flag}】")
            scope.matched.append(key(flag))
            scope.total = None  # the document's totals are of every row, not of the flagged ones
        conditions["flags"] = tuple(f for f in flags if f not in left_out)
        conditions["without_flags"] = tuple(left_out)
        if either:
            scope.filters.append("・".join(f"【{f}】" for f in either))
            scope.matched += [key(f) for f in either]
            scope.total = None
            conditions["any_flags"] = tuple(either)
        if query.years and scope.covered_years:
            scope.missing_years = query.years - scope.covered_years
            if len(scope.covered_years) > 1 and not scope.missing_years:
                conditions["years"] = frozenset(query.years)
        if query.amount is not None:
            conditions["amount"] = query.amount
            scope.filters.append(budget_filter_text(query.amount))
            scope.matched.append(query.amount.text)
        if within is not None:
            conditions["parent"] = within.id
            scope.filters.append(f"{within.title}のうち")
            scope.total = None
        scope.conditions = Conditions(**conditions)
        scope.programs = self.select(scope.conditions)
        return scope

    def _documents_of_kind(self, text: str) -> tuple[str, tuple[str, ...]] | None:
        """(kind, its documents) when the question names one kind of budget (「補正額」「要求額」) and the corpus holds
        documents of that kind beside others; None otherwise."""
        asked = [kind for kind, words in budget_kinds() if any(w in text for w in words)]
        if len(asked) != 1:
            return None
        own = tuple(sorted(d for d, kinds in self._document_kinds.items() if asked[0] in kinds))
        return (asked[0], own) if 0 < len(own) < len(self._document_kinds) else None

    def select(self, conditions: Conditions) -> list[Program]:
        """The countable programs with a budget that meet every condition, in build order (SQL when the table has
        it: the same rows as `matches` keeps)."""
        if self.sql is not None:
            by_id = self._pool_by_id
            return [by_id[i] for i in self.sql.scope_ids(conditions)]
        return [p for p in self.pool if self.matches(p, conditions)]

    @cached_property
    def _pool_by_id(self) -> dict[str, Program]:
        return {p.id: p for p in self.pool}

    def matches(self, p: Program, c: Conditions) -> bool:
        """Whether a program of the pool meets every condition (the Python reading of `Conditions`)."""
        if c.nothing:
            return False
        if c.organisation is not None and c.organisation not in self._runs[p.id]:
            return False
        if c.ministry is not None and c.ministry not in self._runs[p.id]:
            return False
        if c.ministries and not any(m in self._runs[p.id] for m in c.ministries):
            return False
        if c.category is not None and c.category not in _categories(p) \
                and not set(c.alike).intersection(_categories(p)):
            return False
        if c.document is not None and p.document != c.document:
            return False
        if c.documents and p.document not in c.documents:
            return False
        if c.mention is not None:
            keys = self._title_keys if c.mention_in_name else self._text_keys
            if c.mention not in keys[p.id]:
                return False
        if any(flag not in p.flags for flag in c.flags) or any(flag in p.flags for flag in c.without_flags):
            return False
        if c.any_flags and not any(flag in p.flags for flag in c.any_flags):
            return False
        if c.years is not None and not (p.budget and p.budget.fiscal_year in c.years):
            return False
        if c.parent is not None and p.parent_id != c.parent:
            return False
        return c.amount is None or bool(p.budget and c.amount.passes(p.budget.yen or 0))
