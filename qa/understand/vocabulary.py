"""The genre's question vocabulary, loaded once from `data/attributes.toml`, `data/operations.toml` and
`data/counters.toml`."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

_DATA = Path(__file__).parent / "data"
# A back-reference (\1, \g<name>, (?P=name)): joined with others its group number or name would point elsewhere.
_BACKREF = re.compile(r"\\(?:[1-9]|g<)|\(\?P=")


def either(patterns: Sequence[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One pattern that matches a text where any of `patterns` does (their alternation), or None when they cannot be
    joined (none given, different flags, a back-reference, a group name used twice).

    Most questions match none of a list's patterns; one search of the alternation tells so in C, where a search per
    pattern cost ~0.1 ms per question for the glossary alone (215 patterns). A text it matches is searched pattern by
    pattern as before.
    """
    if not patterns or len({p.flags for p in patterns}) != 1 or any(_BACKREF.search(p.pattern) for p in patterns):
        return None
    try:
        return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), patterns[0].flags)
    except re.error:
        return None


@dataclass(frozen=True)
class Attribute:
    """A thing people ask about one program (補助率, 成果目標, 問い合わせ先 ...); see `data/attributes.toml`."""

    name: str
    label: str
    patterns: tuple[re.Pattern[str], ...]
    sections: tuple[str, ...]
    cue: re.Pattern[str] | None
    required: bool
    quote_as: str
    # A named kind of it (「所得制限」 of eligibility) -> the words a program's text says it with (所得, 収入).
    kinds: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def hits(self, text: str) -> int:
        """How many of its patterns a (NFKC, lower-cased) question matches."""
        if self._any is not None and not self._any.search(text):
            return 0
        return sum(1 for p in self.patterns if p.search(text))

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where each of its patterns first matches a (NFKC, lower-cased) question: (start, end) offsets."""
        if self._any is not None and not self._any.search(text):
            return []  # (every question is read against every attribute: most match none of its patterns)
        return [m.span() for p in self.patterns if (m := p.search(text))]

    @cached_property
    def _any(self) -> re.Pattern[str] | None:
        """Its patterns joined (`either`): a question none of them matches is told so in one search."""
        return either(self.patterns)

    def in_section(self, section: str) -> int | None:
        """Rank of the first of its section words that a section name contains (0 = best), else None."""
        return next((i for i, word in enumerate(self.sections) if word in section), None)


@dataclass(frozen=True)
class Operation:
    """A computation across the table of programs (count, sum, max ...); see `data/operations.toml`."""

    name: str
    patterns: tuple[re.Pattern[str], ...]


# 「何」 and a noun of kanji or katakana before a particle, a verb or the end: 「何道府県に」「何路線が」「何品目くらい」;
# 「何社かで」「何人も」 are indefinite (some, many), as for the listed counters.
_ANY_COUNTER = re.compile(r"(?:何|なん)\s*([一-龥々]{1,4}|[ァ-ヴー]{2,6})(?=[ぁ-ゖ?？、。!！\s]|$)(?!か|も(?!ら))")


@dataclass(frozen=True)
class Counters:
    """What 「何…」 and "how many …" count (`data/counters.toml`): programs, either, or things in one program."""

    programs: tuple[str, ...]
    either: tuple[str, ...]
    things: tuple[str, ...]
    same: tuple[tuple[str, ...], ...] = ()
    kana: tuple[tuple[str, str], ...] = ()  # a counter's reading in kana -> its characters (「さい」 -> 「歳」)
    english_per: tuple[tuple[str, str], ...] = ()  # "per household" -> 世帯
    # Words after 何 that ask no count (何年, 何割, 何億): the rest of 「何」 + a noun asks a count in that noun.
    not_counters: tuple[str, ...] = ()
    also: tuple[tuple[str, tuple[str, ...]], ...] = ()  # a counter a text may give for one asked (社 -> 件), one way

    @cached_property
    def _english_counters(self) -> dict[str, str]:
        return dict(self.english_per)

    @cached_property
    def _also(self) -> dict[str, tuple[str, ...]]:
        return dict(self.also)

    @cached_property
    def _per_english(self) -> re.Pattern[str]:
        words = sorted((w for w, _ in self.english_per), key=len, reverse=True)
        return re.compile(r"\b(?:per|for each|for every|for one|each)\s+(?:single\s+|[a-z]+\s+)?(" + "|".join(words) + r")s?\b",
                          re.IGNORECASE)

    def english_counter(self, noun: str) -> str | None:
        """The Japanese counter of an English noun counted ("student devices" -> 台, "households" -> 世帯), by its
        last word (`[english_per]`), None for a noun it does not know."""
        words = re.findall(r"[a-z]+", noun.lower())
        if not words:
            return None
        table = self._english_counters
        last = words[-1]
        return table.get(last) or table.get(re.sub(r"(?<=[^aeiou])ies$", "y", last)) or table.get(last.removesuffix("es")) \
            or table.get(last.removesuffix("s"))

    def per_one_english(self, text: str) -> str | None:
        """「1世帯あたり」 for "per household" (`[english_per]`), None when an English text prices no one thing."""
        found = self._per_english.search(text) if self.english_per else None
        return f"1{self._english_counters[found.group(1).lower()]}あたり" if found else None

    @cached_property
    def _kana_spelt(self) -> dict[str, str]:
        return dict(self.kana)

    @cached_property
    def _kana_asked(self) -> re.Pattern[str]:
        # Followed by the end, a character that is no hiragana, or a particle: 「なんさいから」「なんかい?」, never the
        # 「なんかい」 of 「なんかいい」.
        readings = sorted(self._kana_spelt, key=len, reverse=True)
        return re.compile(r"(なん|(?<![\d.])\d+)(" + "|".join(map(re.escape, readings)) + r")"
                          r"(?=$|[^ぁ-ゖ]|まで|から|くらい|ぐらい|ほど|ずつ|いじょう|いか|です|でし|だ|か|の|に|で|を|が|も|と|な"
                          r"|は|って|じゃ|よ|ね|あたり"
                          # a verb a count is asked with: 「なんせきつくるの」「なんにんいるの」「なんだいかうの」
                          r"|つく[らりるれろっ]|か[いうわえお]|ある|あり|いる|いま|もら|ふえ|ふや|へる|へら|へっ|よてい"
                          r"|ひつよう|はいび|せいび|しゅとく|けんぞう|ちょうたつ|どうにゅう)")

    def in_kanji(self, text: str) -> str:
        """A counter typed in kana written as it is read, asked (「なんさいから」 -> 「何歳から」) or after a number
        (「1ぱく いくら」 -> 「1泊 いくら」), the rest unchanged."""
        if not self.kana or not ("なん" in text or re.search(r"\d[ぁ-ゖ]", text)):
            return text
        return self._kana_asked.sub(
            lambda m: ("何" if m.group(1) == "なん" else m.group(1)) + self._kana_spelt[m.group(2)], text)

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """「何世帯」「なんヘクタール」「how many devices」: group 1 the Japanese counter, group 2 the English noun."""
        words = sorted({*self.programs, *self.either, *self.things}, key=len, reverse=True)
        # 「何社かで」「何人も」 are indefinite (some, many), not questions; 「何枚もらえる」 asks (も of もらえる).
        # "how many major programs", "how many Ministry of Justice programs are …": the words up to the verb, five
        # at most, one of which is the noun.
        # 「トン数は？」「台数って？」: the counter and 数 ending the question asks how many as 何 does (group 3).
        alternatives = "|".join(map(re.escape, words))
        return re.compile(r"(?:何|なん)\s*(" + alternatives + r")(?!か|も(?!ら))"
                          r"|how many ((?:(?!(?:are|is|was|were|do|does|did|will|would|can|could|have|has|had|should)\b)"
                          r"[a-z0-9'-]+(?:\s+|$|(?=[?.,!]))){1,5})"
                          r"|(?<![一-龥])(" + alternatives + r")数\s*(?:は|って|を教えて)?\s*[?？]*$")

    def asked(self, text: str) -> str | None:
        """The counter a question asks (「何世帯」 -> 世帯, "how many devices" -> "devices"), else a noun the data file
        does not list, asked with 何 (「何道府県に配られてる」 -> 道府県, 「何路線」 -> 路線): a count of things in that
        noun, which a program states as 「24道府県」. None when nothing is counted (「何年」「何割」「何億円」「何の」)."""
        if (known := self.pattern.search(text)) is not None:
            return known.group(1) or known.group(3) or known.group(2).strip()
        for found in _ANY_COUNTER.finditer(text):
            noun = found.group(1)
            if not any(noun.startswith(word) for word in self.not_counters):
                return noun
        return None

    def counts_programs(self, counter: str) -> bool:
        """Whether a counter counts programs: 「事業」, or an English phrase naming them ("major programs")."""
        return counter in self.programs or any(w in self.programs for w in counter.split())

    def cue(self, counter: str) -> re.Pattern[str]:
        """A figure counted in `counter` (「12,900世帯」「60社」); any counter of things (件 too) for an English noun."""
        counter = self.english_counter(counter) or counter  # "how many student devices" counts 台
        if counter not in (*self.things, *self.either) and not counter.isascii():
            # a noun the data file does not list, asked with 何 (「何道府県」): a figure in that very noun
            # (「何橋分の点検」 of a text counting 「34橋」: what a count is 分 of, counted bare as well)
            words = [counter, counter[:-1]] if len(counter) > 1 and counter.endswith("分") else [counter]
        elif counter in (*self.things, *self.either):
            # longest first: 「3,000人分」 is read whole, not as 「3,000人」
            words = sorted([*next((list(group) for group in self.same if counter in group), [counter]),
                            *self._also.get(counter, ())], key=len, reverse=True)
        else:
            # (「100件」 counts new services as well as applications: either kind, for a noun no counter names)
            words = sorted((*self.things, *self.either), key=len, reverse=True)
        # Not a ratio: the 「1台」 of 「１人１台」 and the 「1世帯」 of 「1世帯当たり」 count per something, not how many
        # (a count after a word ending in such a counter is one: 「県立学校５校」「中高一貫教育校１０校」).
        # 「1. 企業間データ活用型」: a list number (a digit, a full stop, a space) counts nothing.
        # 「１２式地対艦誘導弾」「89式小銃」: a number before 式 and a name is the model's type, no count of sets.
        return re.compile(r"(?<![\d,.])(?<!\d人)(?<!\d世帯)(?<!\d社)(?<!\d校)\d[\d,]*(?:\.\d+)?\s*(?:万|千|百)?\s*(?:" + "|".join(map(re.escape, words))
                          + r")(?![a-z0-9]|当たり|あたり|につき)(?<!式(?=[一-龥ァ-ヴ]))")


@dataclass(frozen=True)
class Vocabulary:
    attributes: tuple[Attribute, ...]
    operations: tuple[Operation, ...]
    descending: tuple[str, ...]
    ascending: tuple[str, ...]
    ranking_scope: tuple[str, ...]
    ranking_measure: tuple[str, ...]
    count_scope: tuple[str, ...]
    counters: Counters
    group_by: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...] = ()  # field -> patterns asking a group first
    group_count: tuple[re.Pattern[str], ...] = ()  # a group ranked by its number of programs, not its budgets

    def attribute(self, name: str) -> Attribute:
        return next(a for a in self.attributes if a.name == name)


_ENGLISH_WORDS = re.compile(r"[a-z][a-z' ]*")


def _word_pattern(pattern: str) -> re.Pattern[str]:
    """A data file's pattern compiled; a plain English word or phrase (「aim」「how much」, possibly a stem like
    「allocat」) only where a word starts, and not as the letters of a designation: 「AIM-120」 is a missile, not an aim,
    and 「claim」 holds no 「aim」."""
    if _ENGLISH_WORDS.fullmatch(pattern):
        return re.compile(rf"(?<![a-z]){pattern}(?![a-z]*-?\d)")
    return re.compile(pattern)


@cache
def vocabulary() -> Vocabulary:
    """The vocabulary, read once. Raises tomllib.TOMLDecodeError or re.error for a malformed data file."""
    attributes = tomllib.loads((_DATA / "attributes.toml").read_text(encoding="utf-8"))["attribute"]
    ops = tomllib.loads((_DATA / "operations.toml").read_text(encoding="utf-8"))
    counters = tomllib.loads((_DATA / "counters.toml").read_text(encoding="utf-8"))
    return Vocabulary(
        attributes=tuple(
            Attribute(name, spec["label"], tuple(_word_pattern(p) for p in spec["patterns"]), tuple(spec["sections"]),
                      re.compile(spec["cue"]) if spec.get("cue") else None, bool(spec.get("required", False)),
                      spec.get("quote_as", "detail"),
                      {kind: tuple(words) for kind, words in spec.get("kinds", {}).items()})
            for name, spec in attributes.items()),
        operations=tuple(Operation(name, tuple(_word_pattern(p) for p in spec["patterns"]))
                         for name, spec in ops["operation"].items()),
        descending=tuple(ops["direction"]["descending"]),
        ascending=tuple(ops["direction"]["ascending"]),
        ranking_scope=tuple(ops["ranking_scope"]["words"]),
        ranking_measure=tuple(ops["ranking_measure"]["words"]),
        count_scope=tuple(ops["count_scope"]["words"]),
        counters=Counters(tuple(counters["programs"]), tuple(counters["either"]), tuple(counters["things"]),
                          tuple(tuple(group) for group in counters.get("same", [])),
                          tuple(counters.get("kana", {}).items()), tuple(counters.get("english_per", {}).items()),
                          tuple(counters.get("not_counters", [])),
                          tuple((k, tuple(v)) for k, v in counters.get("also", {}).items())),
        group_by=tuple((name, tuple(re.compile(p) for p in patterns)) for name, patterns in ops["group_by"].items()
                       if name != "count_words"),
        group_count=tuple(re.compile(p) for p in ops["group_by"]["count_words"]),
    )
