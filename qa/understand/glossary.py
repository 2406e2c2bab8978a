"""English words of the genre -> the Japanese the documents use (`data/glossary.en.tsv`).

BM25 and program-name matching find nothing in Japanese documents for "AI chip program"; appending the Japanese
(「チップ」「事業」) lets them help the dense model instead of voting for noise. Acronyms (AI, IT) stay as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

from qa.understand.vocabulary import either

_DATA = Path(__file__).parent / "data" / "glossary.en.tsv"


@cache
def glossary() -> list[tuple[re.Pattern[str], str]]:
    """(word-boundary pattern of the English, Japanese) pairs, longest English first."""
    pairs = []
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        english, _, japanese = line.partition("\t")
        if english.strip() and japanese.strip():
            pairs.append((english.strip().lower(), japanese.strip()))
    pairs.sort(key=lambda p: -len(p[0]))
    # (bounded by Latin letters and digits only: 「外務省のCOP参加」 holds COP, though \b sees no edge between の and C)
    return [(re.compile(rf"(?<![a-z0-9]){re.escape(e)}(?![a-z0-9])", re.IGNORECASE), j) for e, j in pairs]


@cache
def _any_word() -> re.Pattern[str] | None:
    """The glossary's English words joined (`either`)."""
    return either([pattern for pattern, _ in glossary()])


def translate_terms(text: str) -> str:
    """The question with the Japanese of every glossary word it uses appended (unchanged when none)."""
    joined = _any_word()
    if joined is not None and not joined.search(text):
        return text  # no English word of the glossary (most questions): one search, not one per word
    found: list[str] = []
    rest = text
    for pattern, japanese in glossary():
        if pattern.search(rest):
            found.append(japanese)
            rest = pattern.sub(" ", rest)  # 「small business」 is not also 「business」
    return f"{text} {' '.join(dict.fromkeys(found))}" if found else text


# A Hepburn (or Kunrei) syllable: consonant(s) and a vowel, a syllabic n, or the first of a doubled consonant.
_SYLLABLE = r"(?:(?:[kgszjtdnhbpmrfvwy]y?|sh|ch|ts)?[aiueo]|n(?![aiueoy])|([kgstdhbpcfjmr])(?=\1))"
_ROMAJI = re.compile(rf"(?:{_SYLLABLE})+", re.IGNORECASE)
_LATIN_WORD = re.compile(r"[A-Za-z]{4,}")


def romaji_words(text: str) -> list[str]:
    """Hiragana of the Latin words of 4+ letters that spell Japanese syllable by syllable (「Minamiyama」 ->
    みなみやま, 「fureai」 -> ふれあい, 「kodomo mirai」 -> こども, みらい), for English questions that write Japanese
    names in romaji. A word the English dictionary knows (「rate」「area」「time」) is English."""
    import jaconv  # a small pure-Python library, imported on first use of a Latin question

    lexicon = dictionary()
    return [jaconv.alphabet2kana(w.lower()) for w in _LATIN_WORD.findall(text)
            if _ROMAJI.fullmatch(w) and not any(p.search(w) for p, _ in glossary())
            and not any(b in lexicon for b in _bases(w.lower()))]  # 「rate」「area」 are English words


_JMDICT = Path(__file__).parent / "data" / "glossary.jmdict.tsv"
_ENGLISH_WORD = re.compile(r"[a-z][a-z-]+")


@cache
def dictionary() -> dict[str, tuple[str, ...]]:
    """English -> Japanese forms of common JMdict entries, best first (`data/glossary.jmdict.tsv`, CC BY-SA 4.0;
    made by `bench/build_glossary.py`)."""
    out: dict[str, tuple[str, ...]] = {}
    for line in _JMDICT.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            english, _, japanese = line.partition("\t")
            out[english] = tuple(japanese.split("|"))
    return out


@cache
def _reverse() -> dict[str, tuple[str, ...]]:
    """Japanese -> English words of the same JMdict entries (`dictionary` read the other way): the English whose best
    Japanese form the word is first, then those listing it further down; one-word English only (a gloss of several
    words, 「asking for advice」, is no word a document writes)."""
    ranked: dict[str, list[tuple[int, str]]] = {}
    for english, forms in dictionary().items():
        if " " in english or "-" in english:
            continue
        for rank, form in enumerate(forms):
            ranked.setdefault(form, []).append((rank, english))
    return {form: tuple(e for _, e in sorted(pairs, key=lambda p: (p[0], len(p[1])))) for form, pairs in ranked.items()}


def english_terms(words: list[str], known: Callable[[str], bool], per_word: int = 2) -> list[str]:
    """English words for a Japanese question's content words, for a corpus holding documents written in English
    (「日本語教室の予算は？」 of a city's English budget summary: japanese, …): of each word's English forms and their
    plurals, the first `per_word` the corpus uses (`known`), so that BM25 meets the English text as the dense model
    does. Words without an entry, or whose English the corpus never writes, add nothing."""
    reverse = _reverse()
    out: list[str] = []
    for word in words:
        found: list[str] = []
        for english in reverse.get(word, ()):
            plural = english[:-1] + "ies" if english.endswith("y") else english + ("es" if english.endswith(("s", "x", "ch", "sh")) else "s")
            found += [form for form in (english, plural) if known(form) and form not in found]
            if len(found) >= per_word:
                break
        out += found[:per_word]
    return list(dict.fromkeys(out))


def _bases(word: str) -> list[str]:
    """The word and the forms it may be inflected from (「strengthens」 -> strengthen, 「subsidies」 -> subsidy)."""
    forms = [word]
    for suffix, base in (("ies", "y"), ("es", ""), ("s", ""), ("ied", "y"), ("ed", ""), ("ed", "e"), ("ing", ""),
                         ("ing", "e"), ("ly", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            forms.append(word[:len(word) - len(suffix)] + base)
    return forms


def is_english(text: str) -> bool:
    """Whether a question is written mostly in Latin letters (more of them than kana and kanji)."""
    return len(re.findall(r"[A-Za-z]", text)) > len(re.findall(r"[\u3040-\u30ff\u4e00-\u9fff]", text))


def dictionary_terms(text: str, known: Callable[[str], bool], skip: frozenset[str] | set[str],
                     per_word: int = 2, known_phrase: Callable[[str], bool] | None = None) -> list[str]:
    """Japanese words for the English words of a question that the hand glossary does not cover, from JMdict:
    of each word's forms (「base」: 基地, 本塁, 塁, 底辺 …), the first `per_word` the corpus uses (`known`), so a
    dictionary's other senses never enter a search of documents that do not hold them. Three- and two-word
    glosses (「board of education」 -> 教育委員会, 「snow removal」 -> 除雪) are tried before their words, checked with
    `known_phrase` (default `known`): a phrase's Japanese may be a compound the documents write as it stands.

    Args:
        text: the question.
        known: whether a Japanese word occurs in the indexed documents.
        skip: English words that name nothing (question and function words).
        known_phrase: whether the Japanese of a phrase occurs in the documents.
    """
    lexicon = dictionary()
    out: list[str] = []
    # Phrases first, on the question as written: the hand glossary would take 「education」 out of 「board of
    # education」 (教育委員会) and leave 「board of」.
    phrase_known = known_phrase or known
    lowered = text.lower()
    written = _ENGLISH_WORD.findall(lowered)
    for size in (3, 2):
        for n in range(len(written) - size + 1):
            phrase = " ".join(written[n:n + size])
            found = [j for j in lexicon.get(phrase, ()) if phrase_known(j)][:per_word]
            if found and re.search(rf"\b{re.escape(phrase)}\b", lowered):
                out += found
                lowered = re.sub(rf"\b{re.escape(phrase)}\b", " ", lowered)
        written = _ENGLISH_WORD.findall(lowered)
    for word in _ENGLISH_WORD.findall(translate_terms_rest(lowered)):
        if word in skip or len(word) < 3:
            continue
        for form in _bases(word):
            found = [j for j in lexicon.get(form, ()) if known(j)][:per_word]
            if found:
                out += found
                break
    return list(dict.fromkeys(out))


def translate_terms_rest(text: str) -> str:
    """The question with the words the hand glossary translates taken out (its Japanese is already appended)."""
    for pattern, _ in glossary():
        text = pattern.sub(" ", text)
    return text
