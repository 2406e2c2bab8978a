"""The overall budget a document states in its own words (「歳出予算は…6兆6,001億円を計上」), found once per
document: a total question is answered with the stated figure, cited, before any sum of ours.

The words are data (`data/totals.toml`).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from qa.ingest.amounts import find_amounts, find_english_amounts
from qa.ingest.normalize import key, nfkc, raw_span

_DATA = Path(__file__).parent / "data" / "totals.toml"


@dataclass(frozen=True)
class StatedTotal:
    """A document's own statement of its overall budget: the line (document offsets) and the figure in it."""

    start: int
    end: int
    amount_text: str
    yen: int


@cache
def _data() -> dict:
    """`data/totals.toml`, read once."""
    return tomllib.loads(_DATA.read_text(encoding="utf-8"))


@cache
def _vocabulary() -> tuple[tuple[str, ...], float, frozenset[str]]:
    """Total words, the opening share, the generic words of a total question (`data/totals.toml`)."""
    data = _data()
    return tuple(data["words"]), float(data["opening_share"]), frozenset(data["generic"])


@cache
def _english_accounts() -> dict[str, tuple[str, ...]]:
    """The English an English summary names each account by (`data/totals.toml` [english_accounts]), lower case."""
    return {k: tuple(v.lower() for v in vs) for k, vs in _data().get("english_accounts", {}).items()}


@cache
def _accounts() -> tuple[str, ...]:
    """The accounts a total question may name (`data/totals.toml` accounts), longest first."""
    return tuple(sorted(_data().get("accounts", []), key=len, reverse=True))


def account_short_name(title: str) -> str | None:
    """The words of an account's title before its ending (「水道事業会計」 -> 「水道」, `data/totals.toml`
    account_endings), None when the title ends in none or leaves fewer than two characters."""
    text = nfkc(title).strip()
    for ending in sorted(_data().get("account_endings", []), key=len, reverse=True):
        if text.endswith(ending) and len(core := text[: -len(ending)].strip()) >= 2:
            return core
    return None


def names_account(question: str, short: str) -> bool:
    """Whether a question names an account by its short name followed by a budget word (「水道の予算は？」), as
    `data/totals.toml` account_asked lists them."""
    text = nfkc(question)
    return any(f"{short}{word}" in text for word in _data().get("account_asked", []))


# An account named as included with the others (「特別会計も合わせて」「特別会計を含めた」「全会計」): the whole budget.
_ALL_ACCOUNTS = re.compile(r"(?:特別会計|企業会計|事業会計)(?:とか|など|なんか)?(?:も|を含|含め|込み|まで)|全会計|すべての会計|全部の会計")


def asked_account(question: str) -> str | None:
    """The account a total question names (「一般会計の総額は？」 -> 一般会計), else None."""
    text = nfkc(question)
    if _ALL_ACCOUNTS.search(text):
        return None  # 「特別会計も全部合わせると」: every account, the budget's whole (its 合計)
    return next((a for a in _accounts() if a in text), None)


@cache
def budget_kinds() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(kind, the words naming it) of `data/totals.toml` budget_kinds: 補正, 概算要求, 当初."""
    return tuple((kind, tuple(words)) for kind, words in _data().get("budget_kinds", {}).items())


def generic_words() -> frozenset[str]:
    """Words of a total question that do not say which total (see `data/totals.toml`)."""
    return _vocabulary()[2]


def stated_total(text: str, at_least_yen: int, account: str | None = None,
                 including: tuple[str, ...] = ()) -> StatedTotal | None:
    """The first line of the document's opening part that states an overall figure of at least `at_least_yen`, or,
    for an account the question names, the first line naming that account with a figure.

    Args:
        text: the document's text as stored.
        at_least_yen: the sum of the items it lists (a stated total covers at least what is itemised).
        account: the account asked (`asked_account`): its line states its figure, whatever the items add up to
            (they may be of several accounts).
        including: comparison keys (`qa.ingest.normalize.key`) of words the question qualifies the total with
            (「米軍再編とかも全部含めた」): the line holding most of them comes first (「米軍再編等を含めると６兆8,219億円」),
            else the first line as without them.

    Returns:
        The line and its figure, or None when the opening states none.
    """
    words, share, _ = _vocabulary()
    opening = _opening_lines(text[:max(2000, int(len(text) * share))])
    if including:
        # The sentence may wrap (「…米軍再編等を含め」「ると６兆8,219億円となり…」): a line is read with the one before it,
        # and the quote starts there when the qualifying words stand there. The line holding most of the words wins
        # (the earliest of equals): a question's own wording (「米軍再編経費を含めた」) need not stand there whole.
        before, before_at = "", 0
        best: tuple[int, StatedTotal] | None = None
        for at, line in opening:
            held = sum(w in key(before + line) for w in including)
            if held and (best is None or held > best[0]):
                begin = at if all(w in key(line) for w in including if w in key(before + line)) else before_at
                found = _figure_in(line, at, lambda yen: yen >= at_least_yen > 0, begin)
                if found is not None:
                    best = (held, found)
            before, before_at = line, at
        return best[1] if best is not None else stated_total(text, at_least_yen, account)
    for at, line in opening:
        norm = nfkc(line)
        lower = norm.lower()
        if (account is None and any(w in lower for w in words)) or (account is not None and (
                account in norm or any(e in lower for e in _english_accounts().get(account, ())))):
            found = _figure_in(line, at, lambda yen: yen >= at_least_yen > 0 or (account is not None and yen > 0))
            if found is not None:
                return found
    return None


def _opening_lines(text: str) -> list[tuple[int, str]]:
    """The lines of a text with where each starts once its leading white space is passed over (offsets into `text`);
    blank lines too, so that a wrapped sentence's line before is the one printed before it."""
    out, offset = [], 0
    for raw in text.splitlines(keepends=True):
        line = raw.rstrip("\r\n")
        out.append((offset + len(line) - len(line.lstrip()), line.strip()))
        offset += len(raw)
    return out


def _figure_in(line: str, at: int, accepted: Callable[[int], bool], begin: int | None = None) -> StatedTotal | None:
    """The first amount of a line (stripped, starting at offset `at`) that `accepted` takes, as a stated total quoting
    from `begin` (the line's start when None) to the line's end."""
    norm = nfkc(line)
    # (in the order written; an English summary writes its figures in English: 「totals ¥86.4 billion」)
    for match, yen in sorted([*find_amounts(norm), *find_english_amounts(norm)], key=lambda f: f[0].start()):
        if yen is not None and accepted(yen):
            first, stop = raw_span(line, match.start(), match.end(), norm)
            return StatedTotal(at if begin is None else begin, at + len(line), line[first:stop].strip(), yen)
    return None
