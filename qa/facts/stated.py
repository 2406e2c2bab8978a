"""The overall budget a document states in its own words (「歳出予算は…6兆6,001億円を計上」), found once per
document: a total question is answered with the stated figure, cited, before any sum of ours.

The words are data (`data/totals.toml`).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from qa.ingest.amounts import find_amounts
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
def _accounts() -> tuple[str, ...]:
    """The accounts a total question may name (`data/totals.toml` accounts), longest first."""
    return tuple(sorted(_data().get("accounts", []), key=len, reverse=True))


def asked_account(question: str) -> str | None:
    """The account a total question names (「一般会計の総額は？」 -> 一般会計), else None."""
    text = nfkc(question)
    return next((a for a in _accounts() if a in text), None)


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
            (「米軍再編とかも全部含めた」): a line holding them all comes first (「米軍再編等を含めると６兆8,219億円」),
            else the first line as without them.

    Returns:
        The line and its figure, or None when the opening states none.
    """
    if including:
        # The sentence may wrap (「…米軍再編等を含め」「ると６兆8,219億円となり…」): a line is read with the one before it.
        offset, before, before_at = 0, "", 0
        for raw in text[:max(2000, int(len(text) * _vocabulary()[1]))].splitlines(keepends=True):
            line = raw.rstrip("\r\n")
            if all(w in key(before + line) for w in including):
                norm = nfkc(line)
                for match, yen in find_amounts(norm):
                    if yen is not None and yen >= at_least_yen > 0:
                        begin, stop = raw_span(line, match.start(), match.end(), norm)
                        # The quote starts on the line before when the qualifying words stand there.
                        start = offset + len(line) - len(line.lstrip()) if all(w in key(line) for w in including) \
                            else before_at + len(before) - len(before.lstrip())
                        return StatedTotal(start, offset + len(line.rstrip()), line[begin:stop].strip(), yen)
            offset, before, before_at = offset + len(raw), line, offset
        return stated_total(text, at_least_yen, account)
    words, share, _ = _vocabulary()
    limit = max(2000, int(len(text) * share))
    offset = 0
    for raw in text[:limit].splitlines(keepends=True):
        line = raw.rstrip("\r\n")
        norm = nfkc(line)
        if (account is None and any(w in norm for w in words)) or (account is not None and account in norm):
            for match, yen in find_amounts(norm):
                if yen is not None and (yen >= at_least_yen > 0 or (account is not None and yen > 0)):
                    begin, stop = raw_span(line, match.start(), match.end(), norm)
                    lead = len(line) - len(line.lstrip())
                    return StatedTotal(offset + lead, offset + len(line.rstrip()), line[begin:stop].strip(), yen)
        offset += len(raw)
    return None
