"""Readings of program names: restore names typed in kana, find names typed with typos or wrong kanji.

Users type 「じぎょうしょうけいのよさん」 for 事業承継・世代交代集中支援事業の予算, 「IT導入支援じぎょう」,
「ものずくり補助金」 (ず for づ) or 「事業承係」 (係 for 継, same sound). Both problems are solved on katakana
readings from fugashi (MeCab + UniDic, `word.feature.kana` / `word.feature.pron`):

- `ReadingIndex.restore` rewrites runs of kana in a question into the lexicon terms they read as
  (「じぎょうしょうけいのよさん」 → 「事業承継の予算」), so that the lexical and name matchers see kanji.
- `ReadingIndex.fuzzy_titles` ranks titles by a weighted n-gram Dice on the characters and on the reading,
  so a wrong kanji with the right sound still scores as a full match.

Readings are compared after `fold` (long vowels, ヅ/ズ and ヂ/ジ), which keeps one character per character so
that positions in a folded question still point into the question.
"""

from __future__ import annotations

import heapq
import math
import re
import unicodedata
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from kanjize import number2kanji

from qa.index.tokenize import nbest_paths, tagged
from qa.ingest.normalize import in_order, key, nfkc

# Field words people ask about; callers pass them (or their own) as `vocabulary`.
FIELD_WORDS: tuple[str, ...] = (
    "予算", "予算額", "補助率", "補助上限", "補助対象", "問い合わせ", "目的", "成果目標", "概要", "対象",
    "対象者", "事業内容", "要求額", "金額", "期間", "実施期間", "連絡先", "担当", "担当課", "補正額", "所管",
)

_QUESTION_WORDS = Path(__file__).parent / "data" / "question_words.txt"


@cache
def question_words() -> tuple[str, ...]:
    """Words people type in kana that questions and documents write in kanji (去年, 増えた, 何隻; one per line in
    `data/question_words.txt`, # comments): more `vocabulary` for `ReadingIndex`."""
    lines = _QUESTION_WORDS.read_text(encoding="utf-8").splitlines()
    return tuple(w for line in lines if (w := line.split("#", 1)[0].strip()))


MIN_KANA = 3  # shortest reading restore() replaces: two kana (こと, もの, ため) are mostly grammar
_KANA_RUN = re.compile("[\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc\u30fd\u30fe]{" + str(MIN_KANA) + ",}")
_KANJI = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々]")
_KATAKANA = re.compile("[\u30a1-\u30fa\u30fc\u30fd\u30fe]+")
# Hiragana ぁ..ゖ and the iteration marks ゝゞ sit exactly 0x60 below their katakana.
_TO_KATAKANA = {cp: cp + 0x60 for cp in [*range(0x3041, 0x3097), 0x309D, 0x309E]}

# Particles that may stand between two terms (or after one) and stay as typed: の は が を に って て と で も,
# and へ や から まで より, which join nouns the same way.
# (「ワ」: the topic particle typed as it sounds, 「ほじょりつわ？」「よさんわ いくら」)
_PARTICLES = ("ノ", "ハ", "ワ", "ガ", "ヲ", "ニ", "ッテ", "テ", "ト", "デ", "モ", "ヘ", "ヤ", "カラ", "マデ", "ヨリ")
# Before a term also the adnominal な (どんな, 主な): it ends a modifier of the noun that follows.
_BEFORE_TERM = (*_PARTICLES, "ナ")

# The end of a word written in kanji or katakana, and hiragana opening with a one-character particle after one.
_WORD_END = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々\u30a1-\u30fa\u30fc]")
_OPENS_WITH_PARTICLE = re.compile("[のをはがにでともへや]")
# Vowel of each katakana (small ャュョ give the vowel of the syllable they end); ン and ッ have none.
_VOWEL: dict[str, str] = {
    ch: vowel
    for vowel, row in (
        ("a", "アァカガサザタダナハバパマヤャラワヮヵ"),
        ("i", "イィキギシジチヂニヒビピミリヰ"),
        ("u", "ウゥクグスズツヅヌフブプムユュルヴ"),
        ("e", "エェケゲセゼテデネヘベペメレヱヶ"),
        ("o", "オォコゴソゾトドノホボポモヨョロヲ"),
    )
    for ch in row
}
# ヅ/ヂ are written ズ/ジ by most people (ものずくり); UniDic's pron already does the same.
_VOICED = str.maketrans("ヅヂ", "ズジ")
_SILENT_POS = {"補助記号", "空白"}  # symbols (・, brackets) and blanks have no reading
_NOUNISH = {"名詞", "接頭辞", "接尾辞"}  # parts of a compound noun (事業/承継, 生産/性, サービス/等)
# Parts of a title's compound a user may type in kana: the nouns and the adjectival nouns UniDic tags 形状詞 (有害 of
# 有害鳥獣, 安全 of 安全対策): 「ゆうがいちょうじゅうのよさん」 spells 有害鳥獣 only with 有害 a term.
_TERMISH = _NOUNISH | {"形状詞"}

# Generic endings: dropped to get the name people use (ものづくり補助金 for ...支援事業), and not counted when
# deciding whether a part of a title says enough to name it (導入支援等事業 says only 導入).
_GENERIC_END = re.compile(r"(?:支援|促進|推進|整備|対策|強化)?等?(?:事業費|事業|補助金|交付金|負担金|委託費|経費|費)$")
_BRACKETED = re.compile(r"[(（【［\[][^()（）【】［］\[\]]*[)）】］\]]")
# The parts of a title between ・, commas and quotes; not blanks, which PDF layout puts anywhere (IT 導入).
_PIECE = re.compile(r"[^・、,「」『』]+")
MIN_PIECE = 4  # a part names a title only with 4 characters beyond a generic ending (事業承継; not 商業)
# Readings are compared by character trigrams, surfaces by bigrams: kana are ~90 symbols against thousands
# of kanji, so a kana bigram (ョー, ーシ) is shared by most titles and only a trigram says about as much as a
# kanji bigram (technical choice measured on the RS table: with bigrams 技能継承 scored 0.86 for 事業承継).
READING_N = 3


def to_katakana(text: str) -> str:
    """Hiragana turned into katakana (a fixed offset of 0x60); everything else unchanged."""
    return text.translate(_TO_KATAKANA)


# A stretch of kanji and hiragana with both in it, where a half-converted word (「予さん」) may stand.
_MIXED_RUN = re.compile("[\u3041-\u3096\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々]{2,}")
_HIRAGANA = re.compile("[\u3041-\u3096]")


@lru_cache(maxsize=1 << 14)
def _window_readings(window: str) -> tuple[str, ...]:
    """Folded readings a half-converted word may have: each kanji read each way the dictionary reads it alone
    (補 → ホ, オギナ…: read alone, MeCab's first choice is rarely the reading inside a compound), its kana as typed;
    at most 27."""
    choices = [(_char_readings(c)[:3] or (c,)) if _KANJI.fullmatch(c) else (to_katakana(c),) for c in window]
    out = [""]
    for options in choices:
        out = [head + option for head in out for option in options][:27]
    return tuple(fold(r) for r in out)


@lru_cache(maxsize=1 << 16)  # readings of nouns repeat across titles; restore() folds the same slices again
def fold(kana: str) -> str:
    """A katakana reading with spelling variants folded; same length as `kana`, position for position.

    - ヅ → ズ, ヂ → ジ (ものずくり = ものづくり).
    - A vowel that lengthens the previous sound becomes ー, as in UniDic's `pron`: ウ after an o/u sound
      (ショウ → ショー), イ after an e sound (ケイ → ケー), and a repeated vowel (オオ → オー, イイ → イー).
      So じぎょう, じぎょー, ジギョウ and the pron ジギョー all fold to ジギョー.
    """
    out: list[str] = []
    prev: str | None = None  # vowel of the previous sound; ー keeps it
    for ch in kana.translate(_VOICED):
        if ch == "ー":
            out.append(ch)
            continue
        vowel = _VOWEL.get(ch)
        if ch in "アイウエオ" and prev is not None and (
                vowel == prev or (ch == "ウ" and prev == "o") or (ch == "イ" and prev == "e")):
            out.append("ー")
            continue
        out.append(ch)
        prev = vowel
    return "".join(out)


@dataclass(frozen=True)
class Morpheme:
    """One fugashi token of an NFKC text: `text[start:end] == surface`; readings in katakana ("" for symbols)."""

    surface: str
    pos: str
    kana: str
    pron: str
    start: int
    end: int


def morphemes(text: str) -> list[Morpheme]:
    """Tokens of an already NFKC-normalised text with their readings.

    Latin words, digits and unknown words have no UniDic reading: they read as themselves (lower case,
    hiragana as katakana), so 「IT導入」 reads 「itドウニュウ」.
    """
    out = []
    pos = 0
    for word in tagged(text):
        pos += len(word.white_space)
        start, pos = pos, pos + len(word.surface)
        feature: Any = word.feature
        if feature.pos1 in _SILENT_POS:
            out.append(Morpheme(word.surface, feature.pos1, "", "", start, pos))
            continue
        kana = feature.kana if feature.kana and feature.kana != "*" else _spelled(word.surface)
        pron = feature.pron if feature.pron and feature.pron != "*" else kana
        out.append(Morpheme(word.surface, feature.pos1, kana, pron, start, pos))
    return out


# Letters as they are said (「IT」 アイティー, 「DX」 ディーエックス, 「IoT」 アイオーティー): an acronym in a title reads
# letter by letter, as people type it in kana (「あいてぃーどうにゅう」 for IT導入).
_LETTERS = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", (
    "エー", "ビー", "シー", "ディー", "イー", "エフ", "ジー", "エイチ", "アイ", "ジェー", "ケー", "エル", "エム", "エヌ",
    "オー", "ピー", "キュー", "アール", "エス", "ティー", "ユー", "ブイ", "ダブリュー", "エックス", "ワイ", "ゼット"), strict=True))
# An acronym: two to five letters, capitals but for an inner small letter or two (IoT, GX, ICT, SDGs).
_ACRONYM = re.compile(r"[A-Z](?:[A-Z]|[a-z](?=[A-Z]))*[A-Z]s?|[A-Z]")


def _spelled(surface: str) -> str:
    """The reading of a word UniDic does not know: an acronym letter by letter (「IT」 → アイティー); any other word
    as itself, lower case, hiragana as katakana."""
    if 2 <= len(surface) <= 5 and _ACRONYM.fullmatch(surface):
        return "".join(_LETTERS.get(c.upper(), "") for c in surface.rstrip("s"))
    return to_katakana(surface.lower())


def reading(text: str) -> str:
    """Katakana reading of a text (UniDic `kana`), symbols dropped: 「事業承継・世代交代」 → ジギョウショウケイセダイコウタイ."""
    return "".join(m.kana for m in morphemes(nfkc(text)))


@lru_cache(maxsize=4096)
def _char_readings(char: str) -> tuple[str, ...]:
    """Readings the dictionary has for one kanji on its own (係 → カカリ, ガカリ, ケイ), most likely first.

    MeCab splits a kanji compound it does not know (a typo like 承係) into single kanji and reads each the
    most likely way alone (係 → カカリ), which is rarely the way it reads inside a compound (ケイ); the
    other readings of its n-best paths let the reading comparison find the compound that was meant.
    """
    out: list[str] = []
    for path in nbest_paths(char, 10):
        if len(path) == 1 and path[0].feature.kana and path[0].feature.kana not in out:
            out.append(path[0].feature.kana)
    return tuple(out)


def _is_kana(text: str) -> bool:
    return all(ch in _VOWEL or ch in "ンッー" for ch in text)


def _name_spans(text: str, ms: list[Morpheme]) -> list[tuple[int, int]]:
    """(start, end) of the names an NFKC title goes by, the full title first.

    People name a program by its distinctive part: 「IT導入支援事業」 for サービス等生産性向上IT導入支援事業費,
    「事業承継」 for 事業承継・世代交代集中支援事業, 「ものづくり」 for ものづくり・商業・サービス経営力向上支援事業.
    So besides the title:

    - the title without bracketed notes (うち…, 財源) and its parts between ・, commas and quotes;
    - each of those without its generic ending (ものづくり・商業・サービス経営力向上);
    - the tails of the parts from where the script changes to a content word (IT導入支援事業費 after
      サービス等生産性向上, a blank between ignored). Not at every word: a tail at every word would make
      「事故防止」 a name of 交通事故防止対策事業, and tails keep their ending (検証環境整備事業, not 検証環境).

    A part or tail is kept only when it has MIN_PIECE characters of nouns beyond its generic endings
    (支援事業, 導入支援等事業, キーとなる and 必要な支援 are not names; ものづくり is).
    """
    main = _BRACKETED.sub(lambda mt: "・" * len(mt.group()), text)  # notes cut out as parts, offsets kept
    nouns = [(m.start, m.end, len(m.surface)) for m in ms if m.pos in _NOUNISH or not _is_kana(fold(m.kana))]

    def says_enough(start: int, end: int) -> bool:
        generic = len(_key(text[start:end])) - len(_core(text[start:end]))  # characters of generic endings
        return sum(size for a, b, size in nouns if a >= start and b <= end) - generic >= MIN_PIECE

    def script_before(i: int) -> str:
        stripped = text[:i].rstrip()
        return _script(stripped[-1]) if stripped else ""

    spans = [(0, len(text)), (len(main) - len(main.lstrip("・ ")), len(main.rstrip("・ ")))]
    parts = [piece.span() for piece in _PIECE.finditer(main) if says_enough(*piece.span())]
    for start, end in [*spans, *parts]:
        generic = _GENERIC_END.search(text[start:end].rstrip())
        if generic and len(_key(text[start:start + generic.start()])) >= MIN_PIECE:
            spans.append((start, start + generic.start()))
    starts = [m.start for m in ms if m.pos in ("名詞", "接頭辞") or not _is_kana(fold(m.kana))]
    for start, end in parts:
        spans.append((start, end))
        spans += [(tail, end) for tail in starts if start < tail < end
                  and script_before(tail) != _script(text[tail]) and says_enough(tail, end)]
    return spans


def _key(text: str) -> str:
    """`qa.ingest.normalize.key` of a text that is NFKC already: lower case, letters and digits only.

    The same characters as `key` gives (it NFKCs first, and drops what is not a letter or digit anyway);
    building the index calls this ~100,000 times on title text that is NFKC already.
    """
    return "".join(ch for ch in text.lower() if unicodedata.category(ch)[0] in "LN")


def _core(name: str) -> str:
    """The `key` of a name without its generic endings, all of them (支援事業交付金 → "")."""
    text = _key(name)
    while (shorter := _GENERIC_END.sub("", text)) != text:
        text = shorter
    return text


def _script(char: str) -> str:
    """kanji, hiragana, katakana or other (Latin, digits, symbols): where a script changes a new word starts."""
    if _KANJI.match(char):
        return "kanji"
    if "\u3041" <= char <= "\u309f":
        return "hiragana"
    if "\u30a0" <= char <= "\u30ff":
        return "katakana"
    return "other"


def _ngrams(text: str, n: int = 2) -> tuple[str, ...]:
    return tuple(text[i:i + n] for i in range(len(text) - n + 1))


@lru_cache(maxsize=1 << 16)  # the same words (事業, 支援) come back in every title and line
def _term_readings(kana: str, pron: str) -> tuple[str, ...]:
    """The folded readings a term is counted under: kana and pron mostly fold alike (ショウケイ, ショーケー), and where
    they do not (a pron UniDic spells its own way) the term is found by either. A reading too short to tell from
    grammar, or not all kana (IT導入…: no kana run can match it), is not kept."""
    return tuple(r for r in dict.fromkeys((fold(kana), fold(pron))) if len(r) >= MIN_KANA and _is_kana(r))


def _title_terms(text: str, ms: list[Morpheme]) -> list[tuple[str, str, str]]:
    """(surface, kana, pron) of the lexicon terms of a title, in the order they are learnt: the title, its nouns of
    2+ characters, its compound nouns, and each noun with the prefix or suffix attached to it (持続的, 事業者, 生産性),
    which a compound's pieces alone would miss: a suffix of one kanji is too short to be a term of its own."""
    out = [(text, "".join(m.kana for m in ms), "".join(m.pron for m in ms))]
    run: list[Morpheme] = []
    for m in [*ms, None]:
        # A Latin word or number ends a compound too: no kana run can spell it, so the compounds on
        # either side (サービス等生産性向上 | IT | 導入支援事業費) are what a kana-typed title can match.
        if m is not None and m.pos in _TERMISH and _is_kana(fold(m.kana)):
            run.append(m)
            if m.pos in ("名詞", "形状詞") and len(m.surface) >= 2:  # one kanji alone (所, 者) reads too many ways
                out.append((m.surface, m.kana, m.pron))
            continue
        for a, b in zip(run, run[1:], strict=False):
            # (a noun of one kanji after a name works as a suffix: 七隈|線, 大洗|港, 県立|館)
            if a.pos == "接頭辞" or b.pos == "接尾辞" or (len(b.surface) == 1 and len(a.surface) >= 2):
                out.extend(_with_rendaku(text[a.start:b.end], [a, b]))
        if len(run) >= 2:
            out.extend(_with_rendaku(text[run[0].start:run[-1].end], run))
        run = []
    for model in _MODEL.finditer(text):
        # 「F-35A」「UH-60J」 typed as they are said (「えふさんじゅうごえー」): letters spelled, the number in Japanese
        said = _model_reading(model)
        out.append((model.group(0), said, said))
    return out


# A model's designation in a title (「F-35A」「UH-60J」「P-1」「E-2D」「SM-3」): capitals, a number, a letter or two.
_MODEL = re.compile(r"(?<![A-Za-z0-9])(?P<head>[A-Z]{1,4})-?(?P<number>\d{1,4})(?P<tail>[A-Z]{0,2})(?![A-Za-z0-9])")


def _model_reading(model: re.Match[str]) -> str:
    """How a model's designation is said, in katakana: 「F-35A」 -> エフサンジュウゴエー."""
    number = "".join(m.kana for m in morphemes(number2kanji(int(model["number"]))))
    return "".join(_LETTERS[c] for c in model["head"]) + number + "".join(_LETTERS[c] for c in model["tail"])


# 連濁: the first sound of a compound's later part is often voiced where it is said (保育|所 ホイクジョ, 子育て|支援,
# 手|当 テアテ/テダテ), and people type it as they say it while UniDic reads each part alone (所 ショ). The voiced
# sound of each unvoiced one (ハ → バ only: パ after ン/ッ is rarer and spelled so by few).
_RENDAKU = str.maketrans("カキクケコサシスセソタチツテトハヒフヘホ", "ガギグゲゴザジズゼゾダヂヅデドバビブベボ")


def _with_rendaku(surface: str, parts: Sequence[Morpheme]) -> list[tuple[str, str, str]]:
    """(surface, kana, pron) of a compound as its parts read, then once for each later part whose first sound can be
    voiced, that sound voiced (保育所: ホイクショ, then ホイクジョ): one voicing at a time, as compounds are said."""
    out = [(surface, "".join(m.kana for m in parts), "".join(m.pron for m in parts))]
    for i in range(1, len(parts)):
        kana, pron = parts[i].kana, parts[i].pron
        if kana and kana[0].translate(_RENDAKU) != kana[0]:
            voiced = [(m.kana, m.pron) if j != i else (kana[0].translate(_RENDAKU) + kana[1:],
                                                        pron[:1].translate(_RENDAKU) + pron[1:])
                      for j, m in enumerate(parts)]
            out.append((surface, "".join(k for k, _ in voiced), "".join(p for _, p in voiced)))
    return out


@lru_cache(maxsize=1 << 13)
def _name_terms(name: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(surface, readings) of the lexicon terms of an NFKC name or line (`_title_terms`, `_term_readings`).

    Cached: the same lines are read again (a program's lines for its `LineLexicon`, the titles of every index), and
    tagging them again was most of an answer's Python time.
    """
    return tuple((surface, _term_readings(kana, pron)) for surface, kana, pron in _title_terms(name, morphemes(name)))


@dataclass
class _Side:
    """One comparison (surface or reading): the names' n-grams as gram ids, and the postings of each gram id.

    Names are stored flat (`grams[starts[i]:starts[i + 1]]` are name i's n-grams in order, as int32 gram ids)
    rather than as tuples and frozensets of strings: at 20,000 titles those objects held ~450 MB, at 200,000 ~4.5 GB.
    """

    postings: dict[int, array] = field(default_factory=dict)  # gram id -> ids of the names that contain it (int32)
    arrays: dict[int, np.ndarray] = field(default_factory=dict)  # the same postings as arrays, made on first use
    idf: dict[int, float] = field(default_factory=dict)
    names: int = 0
    grams: array = field(default_factory=lambda: array("i"))  # every name's gram ids, name after name
    starts: array = field(default_factory=lambda: array("q", [0]))  # name i's grams: grams[starts[i]:starts[i+1]]

    def add(self, nid: int, grams: list[int]) -> None:
        """Index name `nid` (the next one) by its gram ids, in order (repeats kept: they count in its size)."""
        self.names += 1
        self.grams.extend(grams)
        self.starts.append(len(self.grams))
        postings, arrays = self.postings, self.arrays
        for gram in dict.fromkeys(grams):  # each gram once per name
            ids = postings.get(gram)
            if ids is None:
                ids = postings[gram] = array("i")
            ids.append(nid)
            if arrays:
                arrays.pop(gram, None)

    def of(self, nid: int) -> array:
        """Name `nid`'s gram ids, in order."""
        return self.grams[self.starts[nid]:self.starts[nid + 1]]

    def ids(self, gram: int) -> np.ndarray:
        if gram not in self.arrays:
            self.arrays[gram] = np.asarray(self.postings.get(gram, ()), dtype=np.int64)
        return self.arrays[gram]

    def weight(self, gram: int) -> float:
        """log(1 + (N + 1) / (df + 1)): rare n-grams say more about which name is meant; never 0."""
        if gram not in self.idf:
            self.idf[gram] = math.log(1 + (self.names + 1) / (len(self.postings.get(gram, ())) + 1))
        return self.idf[gram]


class ReadingIndex:
    """Katakana readings of program titles, their nouns and field words, indexed for restore() and fuzzy_titles().

    Args:
        titles: program titles (up to a national table's ~6,000). Each adds itself, its nouns of two or more
            characters (事業, 承継), its compound nouns (事業承継, 世代交代集中支援事業) and its nouns with their
            affixes (事業者, 持続的) to the lexicon of restore(), and its names (see `_name_spans`) to
            fuzzy_titles().
        vocabulary: words people ask with (予算, 補助率, 問い合わせ; see `FIELD_WORDS`); added to the lexicon
            as they are, and preferred over a title noun that reads the same (期間 over 機関).
        names: other names the corpus writes (departments, ministries, headings: 「こども未来局」); their words join
            the lexicon as a title's do, without being titles, so that a question typing them as the corpus does
            (こども, not 子ども) is left as typed.
    """

    def __init__(self, titles: Iterable[str], vocabulary: Iterable[str] = (), names: Iterable[str] = ()) -> None:
        # Lexicon: folded reading → {surface: (from vocabulary, times seen, -first seen)}; best surface wins.
        self._seen: dict[str, dict[str, tuple[bool, int, int]]] = {}
        self._order = 0
        self.titles: list[str] = []
        self._title_ids: dict[str, int] = {}
        self._name_title = array("q")  # per name, the id of its title
        # N-gram strings by id, shared by both sides (bigrams of the surface, trigrams of the reading).
        self._gram_ids: dict[str, int] = {}
        self._whole: list[int] = []  # per title, the id of the name that is the full title
        self._surface = _Side()
        self._reading = _Side()
        self._sizes: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None  # see _arrays()
        self._wanted_cache: tuple[tuple[str, ...], dict[int, str], np.ndarray] | None = None
        vocabulary = list(vocabulary)
        # (the genre's question words: the only terms a kanji word mistyped by its sound is read as, `_homophone`)
        self._vocabulary = frozenset(nfkc(w).strip() for w in vocabulary)
        for word in vocabulary:
            text = nfkc(word).strip()
            if text:
                ms = morphemes(text)
                self._learn(text, "".join(m.kana for m in ms), "".join(m.pron for m in ms), vocabulary=True)
        for title in titles:
            self._add_title(title, learn=True)
        for name in dict.fromkeys(nfkc(n).strip() for n in names):
            if name:
                for surface, readings in _name_terms(name):
                    self._count(surface, readings)
        self._resolve()
        self._arrays()

    # ---- building -------------------------------------------------------------------------------------------

    def _learn(self, surface: str, kana: str, pron: str, vocabulary: bool = False) -> None:
        """Count one sighting of a term under its folded readings (see `_term_readings`)."""
        self._count(surface, _term_readings(kana, pron), vocabulary)

    def _count(self, surface: str, readings: tuple[str, ...], vocabulary: bool = False) -> None:
        """Count one sighting of a term under the readings `_term_readings` kept (none: only the order moves, as a
        sighting too short or not all kana still takes its place in the order of first sightings)."""
        self._order += 1
        for reading_ in readings:
            entry = self._seen.setdefault(reading_, {})
            from_vocab, count, first = entry.get(surface, (vocabulary, 0, -self._order))
            entry[surface] = (from_vocab or vocabulary, count + 1, first)

    def _resolve(self) -> None:
        """Fix the surface of each reading and the index by the first two kana of each reading."""
        self._terms: dict[str, str] = {
            reading_: max(surfaces.items(), key=lambda item: item[1])[0] for reading_, surfaces in self._seen.items()}
        # Readings the corpus also writes in kana (こども of 「こども未来局」 beside 子ども elsewhere): typed so, a
        # question already spells a word of the corpus, and it is left as typed.
        self._kana_written: set[tuple[str, str]] = {
            (reading_, surface) for reading_, surfaces in self._seen.items() for surface in surfaces
            if len(surfaces) > 1 and _is_kana(fold(to_katakana(surface)))}
        # Those words themselves (こども of 「こども未来局」 beside 子ども), for another index's restore to keep as typed.
        self.kana_spellings: frozenset[str] = frozenset(surface for _, surface in self._kana_written)
        starts: dict[str, set[int]] = {}
        for reading_ in self._terms:
            starts.setdefault(reading_[:2], set()).add(len(reading_))
        # Longest first, so that the lookups at one position go from the whole title down to a single noun.
        self._lengths: dict[str, tuple[int, ...]] = {k: tuple(sorted(v, reverse=True)) for k, v in starts.items()}

    def _add_title(self, title: str, learn: bool) -> int:
        """Index one title for fuzzy_titles() and, when `learn`, add it and its nouns to the lexicon."""
        text = nfkc(title).strip()
        if text in self._title_ids:
            return self._title_ids[text]
        tid = len(self.titles)
        self.titles.append(text)
        self._title_ids[text] = self._title_ids[title] = tid
        ms = morphemes(text)
        if learn:
            self._learn_title(text, ms)
        spans = _name_spans(text, ms)
        seen: set[str] = set()
        for number, (start, end) in enumerate(spans):  # read from the title's own morphemes: one tagger call
            surface = _key(text[start:end])
            whole = number == 0  # always kept, even when too short to match: _whole[tid] points at it
            if not whole and (len(surface) < 2 or surface in seen):
                continue
            seen.add(surface)
            read = fold("".join(m.pron for m in ms if m.start >= start and m.end <= end).lower())
            if whole:
                self._whole.append(len(self._name_title))
            self._add_name(tid, _ngrams(surface), _ngrams(read, READING_N))
        return tid

    def _learn_title(self, text: str, ms: list[Morpheme]) -> None:
        """Lexicon terms of a title (see `_title_terms`)."""
        for surface, kana, pron in _title_terms(text, ms):
            self._learn(surface, kana, pron)

    def _gram(self, gram: str) -> int:
        """The id of an n-gram, given one when new."""
        gid = self._gram_ids.get(gram)
        if gid is None:
            gid = self._gram_ids[gram] = len(self._gram_ids)
        return gid

    def _add_name(self, title: int, surface: tuple[str, ...], reading: tuple[str, ...]) -> None:
        nid = len(self._name_title)
        self._name_title.append(title)
        self._surface.add(nid, [self._gram(g) for g in surface])
        self._reading.add(nid, [self._gram(g) for g in reading])
        self._sizes = None  # weights and sizes are recomputed on next use

    # ---- restore ----------------------------------------------------------------------------------------------

    def restore(self, question: str, keep: frozenset[str] = frozenset()) -> str:
        """The question with each run of 3+ kana that reads as lexicon terms written as those terms.

        「じぎょうしょうけいのよさん」 → 「事業承継の予算」; 「IT導入支援じぎょう」 → 「IT導入支援事業」;
        「ものずくり補助金」 → 「ものづくり補助金」. A run is cut into terms and particles by `_segment`: only a
        whole lexicon reading of 3+ kana is replaced, and only where it stands between the run's ends, other
        terms or particles, so grammar (「がありますか」) stays as typed.

        `keep`: words typed in kana that stay as typed (those another index knows the corpus writes so).

        Returns:
            The NFKC question with replacements; the question itself, unchanged, when nothing is replaced.
        """
        text = nfkc(question)
        out: list[str] = []
        last = 0
        changed = False
        for run in _KANA_RUN.finditer(text):
            # 「予算のうち」: after a word in kanji or katakana, hiragana opening with a particle is grammar (の), and a
            # term may start only after it (not 農地 read from のうち)
            after_word = run.start() > 0 and bool(_WORD_END.match(text[run.start() - 1]))
            for start, end, surface in self._segment(run.group(), after_word):
                if surface != run.group()[start:end] and run.group()[start:end] not in keep:
                    out.append(text[last:run.start() + start])
                    out.append(surface)
                    last = run.start() + end
                    changed = True
        if changed:
            out.append(text[last:])
            text = "".join(out)
        mixed = self._restore_mixed(text)
        return mixed if mixed is not None else (text if changed else question)

    @cached_property
    def _titles_text(self) -> str:
        return "\n".join(nfkc(t) for t in self.titles)

    def _restore_mixed(self, text: str) -> str | None:
        """A question word typed half in kanji and half in kana (「予さん」「補じょ率」, an input method's conversion
        left undone) or with another kanji of the same sound (「執行学」, `_homophone`) written as the word, when the
        word holds the typed kanji in their order and is shorter than what was typed (kana stood for kanji); None when
        no such word is found. Only the genre's question words (the vocabulary) are candidates: a title's term typed
        otherwise (障がい, 橋りょう) may be how another document writes it.

        Windows of 2–5 characters holding both kanji and hiragana are read with UniDic; a window whose hiragana is
        only okurigana or particles reads as no term, so grammar is left alone."""
        if not self._vocabulary:
            return None  # (a lexicon of a program's lines, `restore_near`: no question words to read into)
        found: list[tuple[int, int, str]] = []
        bounds: set[int] | None = None
        for run in _MIXED_RUN.finditer(text):
            word = run.group()
            if bounds is None:
                # A window stands between words as UniDic cuts the text: 「１食いくら」 holds no 「食いく」 (食育)
                bounds = {b for m in morphemes(text) for b in (m.start, m.end)}
            i = 0
            while i < len(word):
                hit = None
                for length in range(min(5, len(word) - i), 1, -1):
                    window = word[i:i + length]
                    if run.start() + i not in bounds or run.start() + i + length not in bounds \
                            or window.startswith("何") or not _KANJI.search(window) or window in self._titles_text:
                        # (「強じん化」 of a title that writes it so is the corpus's own spelling; 「何項目」「何基」 are
                        # counters as typed)
                        continue
                    if _HIRAGANA.search(window):
                        surface = next((self._terms[r] for r in _window_readings(window) if r in self._terms), None)
                        if surface in self._vocabulary and len(surface) < length \
                                and in_order(_KANJI.findall(window), surface):
                            hit = (run.start() + i, run.start() + i + length, surface)
                            break
                    elif length <= 4 and (surface := self._homophone(window)) is not None:
                        hit = (run.start() + i, run.start() + i + length, surface)
                        break
                if hit is not None:
                    found.append(hit)
                    i += hit[1] - hit[0]
                else:
                    i += 1
        if not found:
            return None
        out, last = [], 0
        for start, end, surface in found:
            out += [text[last:start], surface]
            last = end
        return "".join(out) + text[last:]

    def _homophone(self, window: str) -> str | None:
        """The question word a kanji word mistyped by its sound reads as (「執行学」 for 執行額, 「補助律」 for 補助率: the
        input method's other kanji of the same sound): same reading, same length, one kanji different; None for a
        word the dictionary knows whole (期間 is not 機関) or the lexicon holds, or when no question word reads so.
        Titles' terms are not candidates: over a national table's thousands of them, real words read as others
        (公民館 as 公民間, 一次 as 一時)."""
        ms = morphemes(window)
        if window in self._surfaces or len(ms) < 2:
            return None
        surface = self._terms.get(fold("".join(m.kana for m in ms)))  # (`reading` of the window, tagged once)
        if surface not in self._vocabulary or len(surface) != len(window) \
                or not all(_KANJI.fullmatch(c) for c in surface) \
                or sum(a != b for a, b in zip(surface, window, strict=True)) != 1:
            return None
        return surface

    @cached_property
    def _surfaces(self) -> frozenset[str]:
        return frozenset(self._terms.values())

    def _matches_at(self, typed: str, kana: str, i: int) -> list[tuple[int, str]]:
        """(end, surface) of every lexicon reading that `kana` (the katakana of `typed`) spells from position i.

        A stretch typed in katakana is a loanword on purpose (コード, not 高度): it matches only terms
        written without kanji.
        """
        found = []
        for length in self._lengths.get(fold(kana[i:i + 2]), ()):
            if i + length <= len(kana):
                # Fold the slice on its own: a reading is folded without what comes before it, too.
                reading_ = fold(kana[i:i + length])
                surface = self._terms.get(reading_)
                if surface is not None and (reading_, typed[i:i + length]) in self._kana_written:
                    surface = typed[i:i + length]
                if surface is not None and not (_KATAKANA.fullmatch(typed, i, i + length) and _KANJI.search(surface)):
                    found.append((i + length, surface))
        return found

    def _segment(self, typed: str, after_word: bool = False) -> list[tuple[int, int, str]]:
        """(start, end, surface) of the terms a run of kana is made of, by dynamic programming.

        Maximises the characters covered by terms, then prefers fewer (so longer) terms. A term may start at
        the run's start, right after another term, or after a particle (or adnominal な); it must end at the
        run's end, right before another term, or before a particle. Everything else stays as typed.
        """
        kana = to_katakana(typed)
        n = len(kana)
        free, after, must = 0, 1, 2  # what precedes position i: typed text, a term, a term needing a term next
        impossible = (-1, 0)
        best = [[(0, 0), (0, 0), impossible] for _ in range(n + 1)]  # (covered, -terms) for kana[i:]
        step: list[list[tuple[int, str, int] | None]] = [[None, None, None] for _ in range(n + 1)]
        matches = [self._matches_at(typed, kana, i) for i in range(n)]
        for i in range(n - 1, -1, -1):
            may_start = (i == 0 and not (after_word and _OPENS_WITH_PARTICLE.match(typed))) \
                or kana[:i].endswith(_BEFORE_TERM)
            for state in (free, after, must):
                value, choice = (best[i + 1][free], None) if state != must else (impossible, None)
                if state != free or may_start:
                    for end, surface in matches[i]:
                        nxt = after if end == n or kana.startswith(_PARTICLES, end) else must
                        covered, terms = best[end][nxt]
                        if covered < 0:
                            continue
                        candidate = (covered + end - i, terms - 1)
                        if candidate > value:
                            value, choice = candidate, (end, surface, nxt)
                best[i][state], step[i][state] = value, choice
        spans = []
        i, state = 0, free
        while i < n:
            choice = step[i][state]
            if choice is None:
                i, state = i + 1, free
            else:
                end, surface, state = choice
                spans.append((i, end, surface))
                i = end
        return spans

    # ---- fuzzy titles ----------------------------------------------------------------------------------------

    def fuzzy_titles(self, question: str, titles: Sequence[str], k: int = 3) -> list[tuple[str, float]]:
        """The k titles the question most likely names, allowing typos and wrong kanji; best first.

        Score of a title = max over its names (title; without 事業/事業費/補助金; ・-separated parts of 4+
        characters beyond a generic ending) and over two spellings (character bigrams of the NFKC lower-case
        text without punctuation; trigrams of the folded katakana reading) of a windowed, weighted Dice:

            2·H / (W + C)

        W is the weight of the name's n-grams, and over every stretch of min(n, question length) n-grams of
        the question, H is the weight of those the name has and C the weight of the stretch. An n-gram
        weighs log(1 + (N + 1) / (df + 1)) (N names indexed, df names containing it), so 「it導」 counts
        more than 「支援」 or 「事業」, which most titles share. The window keeps the rest of the question from
        diluting the score and n-grams scattered over a long question from adding up.

        - 1.0: the question contains a name exactly, in characters or in sound (事業承係 reads like 事業承継).
        - 0.5: a stretch of the question has half of what the name weighs (about half its characters, the
          rarer ones counting more); below ~0.5 the match is mostly words many titles share.

        Titles that tie are ordered by the score of their full title (more of the title named).
        Titles not given to the constructor are indexed on first use (for this, not for restore()).

        Returns:
            (title as given, score in 0..1) for titles scoring above 0, at most k.
        """
        if k <= 0 or not titles:
            return []
        wanted, allowed = self._wanted(titles)
        query = _Query(self._weighted(self._surface, [[gram] for gram in _ngrams(key(question))]),
                       self._weighted(self._reading, _reading_slots(nfkc(question))))
        bound = self._bounds(query)
        order = np.flatnonzero(allowed & (bound > 0))
        order = order[np.argsort(-bound[order], kind="stable")]
        scores: dict[int, float] = {}
        kth = 0.0  # k-th best title score so far (0 until k titles have one)
        for nid in order:
            if bound[nid] < kth:
                break  # the bound never underestimates: no name further down can enter the top k
            title = self._name_title[nid]
            score = self._score(query, nid)
            if score > scores.get(title, 0.0):
                scores[title] = score
                if len(scores) >= k:
                    kth = heapq.nlargest(k, scores.values())[-1]
        # Ties (a part named fully by several titles) go to the title more of which the question names.
        top = sorted(scores, key=lambda t: -scores[t])[:k]
        tied = [t for t in scores if top and scores[t] >= scores[top[-1]]]
        whole = {tid: self._score(query, self._whole[tid]) for tid in tied}
        ranked = sorted(tied, key=lambda t: (-scores[t], -whole[t], t))
        return [(wanted[tid], round(float(min(scores[tid], 1.0)), 4)) for tid in ranked[:k]]

    def _wanted(self, titles: Sequence[str]) -> tuple[dict[int, str], np.ndarray]:
        """Title id → title as the caller spelt it, and a mask of the names of those titles (cached per list)."""
        self._arrays()  # first: titles indexed since the cache was made drop it
        cache_key = tuple(titles)
        if self._wanted_cache is None or self._wanted_cache[0] != cache_key:
            wanted: dict[int, str] = {}
            for title in titles:
                tid = self._title_ids.get(title)
                wanted[tid if tid is not None else self._add_title(title, learn=False)] = title
            allowed = np.isin(self._arrays()[0], np.fromiter(wanted, dtype=np.int64))
            self._wanted_cache = (cache_key, wanted, allowed)
        return self._wanted_cache[1], self._wanted_cache[2]

    def _weighted(self, side: _Side, slots: list[list[str]]) -> list[list[tuple[int, float]]]:
        """Slots of (gram id, weight); an n-gram no name has is -1 (in no posting, so weighted as df 0)."""
        ids = self._gram_ids
        return [[(ids.get(gram, -1), side.weight(ids.get(gram, -1))) for gram in slot] for slot in slots]

    def _score(self, query: _Query, nid: int) -> float:
        """Score of one name: the better of its surface and reading windowed Dice (see fuzzy_titles)."""
        _, w_surface, w_reading = self._arrays()
        surface, reading = self._surface.of(nid), self._reading.of(nid)
        return max(_window_dice(query.surface, len(surface), frozenset(surface), w_surface[nid]),
                   _window_dice(query.reading, len(reading), frozenset(reading), w_reading[nid]))

    def _arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per name: its title id, and the weight of its surface bigrams and of its reading trigrams."""
        if self._sizes is None:
            self._surface.idf.clear()
            self._reading.idf.clear()
            self._wanted_cache = None
            names = range(len(self._name_title))
            self._sizes = (np.array(self._name_title, dtype=np.int64),
                           np.array([sum(map(self._surface.weight, self._surface.of(n))) for n in names]),
                           np.array([sum(map(self._reading.weight, self._reading.of(n))) for n in names]))
        return self._sizes

    def _bounds(self, query: _Query) -> np.ndarray:
        """An upper bound of every name's score, from the weight H of its n-grams found anywhere in the question.

        A window's 2·H / (W + C) is at most 2·H / (W + H) (its stretch weighs at least what it matches), which
        grows with H, and H is at most what the whole question matches.
        """
        _, w_surface, w_reading = self._arrays()
        out = np.zeros(len(self._name_title))
        for side, slots, sizes in ((self._surface, query.surface, w_surface), (self._reading, query.reading, w_reading)):
            grams = [(side.ids(g), w) for slot in slots for g, w in slot]
            if not grams:
                continue
            found = np.bincount(np.concatenate([ids for ids, _ in grams]),
                                weights=np.concatenate([np.full(len(ids), w) for ids, w in grams]),
                                minlength=len(self._name_title))
            with np.errstate(divide="ignore", invalid="ignore"):
                out = np.maximum(out, np.where(found > 0, 2 * found / (sizes + found), 0.0))
        return out


@dataclass(frozen=True)
class _Query:
    """A question as slots of (n-gram, weight): one per position, the first the spelling as typed or read."""

    surface: list[list[tuple[int, float]]]  # (gram id, weight)
    reading: list[list[tuple[int, float]]]


def _window_dice(slots: list[list[tuple[int, float]]], n: int, name_set: frozenset[int],
                 name_weight: float) -> float:
    """max over windows of w = min(n, len(slots)) slots of 2·H / (W + C) (see `ReadingIndex.fuzzy_titles`).

    A slot matches with the heaviest of its n-grams the name has; a slot that does not match costs its first
    n-gram (the reading MeCab chose), one that does costs what it matched, so an exact match scores 1.0.
    """
    if not n or not slots or name_weight <= 0:
        return 0.0
    hit: list[float] = []
    cost: list[float] = []
    for slot in slots:
        if len(slot) == 1:  # the common case, without the generator
            h = slot[0][1] if slot[0][0] in name_set else 0.0
        else:
            h = max((w for g, w in slot if g in name_set), default=0.0)
        hit.append(h)
        cost.append(h or slot[0][1])
    width = min(n, len(slots))
    found, spent = sum(hit[:width]), sum(cost[:width])
    best = 2 * found / (name_weight + spent)
    for i in range(width, len(slots)):
        found += hit[i] - hit[i - width]
        spent += cost[i] - cost[i - width]
        best = max(best, 2 * found / (name_weight + spent))
    return best


def _reading_slots(text: str) -> list[list[str]]:
    """Trigram slots of the folded reading of an NFKC question.

    Slot i holds reading[i:i+3] first and, where MeCab read a single kanji next to another kanji (a compound
    it does not know, often a typo), the trigrams of that kanji's other readings at the same place
    (承係 → ショー|カカリ, plus ーケー from 係's reading ケイ).
    """
    n = READING_N
    ms = [m for m in morphemes(text) if m.pron]
    base = fold("".join(m.pron for m in ms).lower())
    slots = [[gram] for gram in _ngrams(base, n)]
    pos = 0
    for idx, m in enumerate(ms):
        length = len(m.pron)
        neighbours = [ms[j] for j in (idx - 1, idx + 1) if 0 <= j < len(ms)]
        touching_kanji = any(_KANJI.search(o.surface) and (o.end == m.start or o.start == m.end) for o in neighbours)
        if len(m.surface) == 1 and _KANJI.match(m.surface) and touching_kanji:
            before = base[max(pos - n + 1, 0):pos]
            after = base[pos + length:pos + length + n - 1]
            first = pos - len(before)  # first slot that holds a character of this kanji
            last = min(pos + length - 1, len(slots) - 1)  # and the last one
            for alt in _char_readings(m.surface)[1:]:
                spelled = before + fold(before + alt)[len(before):] + after
                for j, gram in enumerate(_ngrams(spelled, n)):
                    # Each trigram of the other reading goes to the slot of the same rank; the extra ones
                    # of a longer reading share the kanji's last slot.
                    slot = slots[min(first + j, last)] if first + j >= 0 and last >= 0 else None
                    if slot is not None and gram not in slot:
                        slot.append(gram)
        pos += length
    return slots


@dataclass(frozen=True)
class LineLexicon:
    """The lexicon terms of one text's lines (a program's), indexed by reading, for `restore_near`.

    What `ReadingIndex([], names=lines)` learns from the lines, kept per reading so that a question reads only the
    readings its kana can spell: `_restored_near` used to build a ReadingIndex of the lines of the programs each
    question retrieves (~1,000 terms counted, every reading resolved) to look up the few dozen its kana spell.
    """

    names: tuple[str, ...]  # the NFKC, stripped, non-empty lines, each once, in order
    # folded reading -> (index of the name, sighting number in this text, surface), in sighting order
    sightings: dict[str, list[tuple[int, int, str]]]
    size: int  # sightings counted in all (what `ReadingIndex._order` reaches on these lines)

    @classmethod
    def of(cls, lines: Iterable[str]) -> LineLexicon:
        """The lexicon of some lines, as `ReadingIndex(names=lines)` reads them (NFKC, stripped, each once)."""
        names = tuple(name for name in dict.fromkeys(nfkc(n).strip() for n in lines) if name)
        sightings: dict[str, list[tuple[int, int, str]]] = {}
        order = 0
        for index, name in enumerate(names):
            for surface, readings in _name_terms(name):
                order += 1
                for reading_ in readings:
                    sightings.setdefault(reading_, []).append((index, order, surface))
        return cls(names, sightings, order)


def restore_near(question: str, lexicons: Sequence[LineLexicon], keep: frozenset[str] = frozenset()) -> str:
    """`ReadingIndex([], names=lines).restore(question)` for the lines of these lexicons one after the other, reading
    only the entries of the readings the question's kana runs can spell.

    `restore` looks up exactly those readings (each fold of a stretch of 3+ kana of a run: a fold reads a stretch
    left to right, so a reading's first two kana are the fold of the stretch's first two and `_lengths` lists its
    length), and a reading's surface depends on its own sightings alone (most sightings, then the first). So a
    lexicon of those readings restores the question as the whole one does. A line already seen in an earlier
    lexicon is not counted again, as `ReadingIndex` counts each name once.

    `keep`: words typed in kana that stay as typed (`ReadingIndex.restore`).
    """
    wanted: set[str] = set()
    for run in _KANA_RUN.finditer(nfkc(question)):
        kana = to_katakana(run.group())
        for i in range(len(kana) - MIN_KANA + 1):
            wanted.update(fold(kana[i:j]) for j in range(i + MIN_KANA, len(kana) + 1))
    index = ReadingIndex([])
    seen_names: set[str] = set()
    offset = 0
    for lexicon in lexicons:
        repeated = {i for i, name in enumerate(lexicon.names) if name in seen_names}
        for reading_ in wanted.intersection(lexicon.sightings):
            for name, order, surface in lexicon.sightings[reading_]:
                if name not in repeated:  # (an entry only for a reading seen: `_resolve` picks from each)
                    entry = index._seen.setdefault(reading_, {})
                    _, count, first = entry.get(surface, (False, 0, -(offset + order)))
                    entry[surface] = (False, count + 1, first)
        seen_names.update(lexicon.names)
        offset += lexicon.size
    index._resolve()
    return index.restore(question, keep=keep)
