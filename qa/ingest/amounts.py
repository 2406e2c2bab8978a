"""Reading money figures in every written form into an exact number of yen.

Budget documents write the same figure many ways: 「12.5億円」「1,234百万円」「7,619,000千円」「12億5,000万円」
「２兆２，３７０億円」「八億円」「二千百十三億円」「約１，８４４億円」. All of them become an integer number of 円
(`Decimal` arithmetic, so 0.5億円 is exactly 50,000,000) plus the text as written; answers quote the text.

Pure kanji numerals are read with `kanjize` (a maintained converter); what no library reads is the mix that
documents use between the big units (兆/億/万) — arabic groups with commas, and 「3千」 or 「1,250,000千」 —
which is handled here group by group.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from kanjize import kanji2number

from qa.ingest.normalize import nfkc, source_slice

KANJI_DIGITS = "〇一二三四五六七八九十百千"
# One group between big units: arabic (commas, decimals) optionally scaled by 十/百/千, or kanji numerals.
# A space may stand between the digits and their scale (「15,604,000 千円」 in a municipal table).
NUMBER = rf"(?:\d[\d,]*(?:\.\d+)?(?:[ \t]?[十百千])*|[{KANJI_DIGITS}]+)"
# A whole amount; every group is optional but at least one must be present (checked by `amount_yen`).
AMOUNT = (rf"(?P<approx>約)?\s*(?:(?P<cho>{NUMBER})\s*兆)?(?:(?P<oku>{NUMBER})\s*億)?"
          rf"(?:(?P<man>{NUMBER})\s*万)?(?P<rest>{NUMBER})?\s*円")
AMOUNT_RE = re.compile(AMOUNT)

_BIG = {"cho": 10**12, "oku": 10**8, "man": 10**4, "rest": 1}
_SCALE = {"十": 10, "百": 100, "千": 1000}
YEN_PER_OKU = 10**8

_EN_SCALES = {"trillion": 10**12, "billion": 10**9, "million": 10**6, "thousand": 10**3}
# An amount in English: ¥ (or JPY) before the figure, or yen after it; a scale word between (NFKC text).
EN_AMOUNT = re.compile(r"(?P<approx>(?:approx(?:imately|\.)?|about|around)\s+)?"
                       r"(?:(?:¥|JPY\s?)\s?(?P<num>\d[\d,]*(?:\.\d+)?)(?:\s*(?P<scale>trillion|billion|million|thousand))?"
                       r"(?:\s*yen\b)?"
                       r"|(?P<num2>\d[\d,]*(?:\.\d+)?)\s*(?P<scale2>trillion|billion|million|thousand)?\s*yen\b)",
                       re.IGNORECASE)


def en_yen(match: re.Match[str]) -> int | None:
    """The yen an `EN_AMOUNT` match states (「¥1.86 billion」 → 1,860,000,000); None for no figure."""
    number, scale = match.group("num") or match.group("num2"), match.group("scale") or match.group("scale2")
    if not number:
        return None
    return int(Decimal(number.replace(",", "")) * _EN_SCALES.get((scale or "").lower(), 1))


def find_english_amounts(text: str) -> list[tuple[re.Match[str], int]]:
    """Every amount written in English in NFKC text (「¥86.4 billion」「12.5 million yen」), with its yen."""
    return [(m, yen) for m in EN_AMOUNT.finditer(text) if (yen := en_yen(m)) is not None]


def group_value(text: str) -> Decimal:
    """Value of one group written between big units: 「5,000」「12.5」「3千」「1,250,000千」「二千百十三」.

    Raises:
        ValueError: the group is not a number.
    """
    text = re.sub(r"\s", "", text)
    if text[0].isdigit():
        digits = text.rstrip("十百千")
        value = Decimal(digits.replace(",", ""))
        for ch in text[len(digits):]:
            value *= _SCALE[ch]
        return value
    return Decimal(kanji2number(text))


def amount_yen(match: re.Match[str]) -> int | None:
    """Exact yen of an `AMOUNT` match (named groups cho/oku/man/rest); None when no number was written.

    Works on any pattern that embeds `AMOUNT` once.
    """
    total = Decimal(0)
    seen = False
    for name, unit in _BIG.items():
        group = match.group(name)
        if not group:
            continue
        try:
            total += group_value(group.strip()) * unit
        except (ValueError, InvalidOperation, KeyError):
            return None
        seen = True
    return int(total) if seen else None


def find_amounts(text: str) -> list[tuple[re.Match[str], int]]:
    """Every amount in already normalised (NFKC) text with its yen value, left to right."""
    return [(m, yen) for m in AMOUNT_RE.finditer(text) if (yen := amount_yen(m)) is not None]


def parse_yen(text: str) -> int | None:
    """The first amount in `text` in yen (「12億5,000万円」 -> 1250000000); None when there is none."""
    found = find_amounts(nfkc(text))
    return found[0][1] if found else None


def yen_to_oku(yen: int | None) -> float | None:
    """億円 as a float, the unit documents compare budgets in (rounded to 1 円 precision)."""
    return None if yen is None else round(yen / YEN_PER_OKU, 8)


def parse_amount(text: str) -> float | None:
    """The first amount in `text`, in 億円 ("1,234百万円" -> 12.34); None when there is none."""
    return yen_to_oku(parse_yen(text))


def to_oku(number: str | None, unit: str, cho: str | None = None) -> float | None:
    """Convert a written number and unit ("1,234", "百万円") to 億円; None when there is no number."""
    if number is None and cho is None:
        return None
    return parse_amount(f"{cho + '兆' if cho else ''}{number or ''}{unit}")


def format_oku(value: float) -> str:
    """Write a 億円 figure the way budget documents do (one decimal at least: 17.0億円, 12.34億円); from 1兆円 on,
    in 兆 and 億 with a thousands separator, as national budgets write it (6兆5,693億円, not 65693.0億円)."""
    if abs(value) >= 10000:
        sign, value = ("-" if value < 0 else ""), abs(value)
        cho, oku = divmod(round(value, 2), 10000)
        oku_text = f"{oku:,.2f}".rstrip("0").rstrip(".")
        return f"{sign}{int(cho)}兆{oku_text}億円" if oku else f"{sign}{int(cho)}兆円"
    text = f"{value:.2f}".rstrip("0")
    if text.endswith("."):
        text += "0"
    return f"{text}億円"


def format_yen(yen: int) -> str:
    """A yen figure in the largest unit that keeps it short: 1250000000 -> 「12億5,000万円」, 500000 -> 「50万円」."""
    if yen < 0:
        return "-" + format_yen(-yen)
    parts = []
    rest = yen
    for unit, size in (("兆", 10**12), ("億", 10**8), ("万", 10**4)):
        if rest >= size:
            parts.append(f"{rest // size:,}{unit}")
            rest %= size
    if rest or not parts:
        parts.append(f"{rest:,}")
    return "".join(parts) + "円"


def as_written(text: str) -> str:
    """The first amount of a line in the document's own spelling, with its 億円 value when that helps.

    "令和5年度補正予算額 **1,234百万円**" -> "1,234百万円（12.34億円に換算）"; 「八億円」 -> 「八億円（8.0億円に換算）」;
    "25.0億円", 「２兆２，３７０億円」 and 「50万円」 stay as written.
    """
    clean = nfkc(text).replace("*", "")
    found = find_amounts(clean)
    if not found:
        return text.strip()
    match, yen = found[0]
    # (a reduction keeps its sign: 「△４５，０００千円」 of a 減額補正 is not a 45,000千円 added)
    start = match.start() - 1 if match.start() > 0 and clean[match.start() - 1] in "△▲-－" else match.start()
    written = source_slice(text.replace("*", ""), clean, start, match.end())
    groups = [match.group(g) for g in ("cho", "oku", "man", "rest")]
    plain = all(g is None or re.fullmatch(r"[\d.,]+", g) for g in groups) and match.group("rest") is None
    if plain or yen < YEN_PER_OKU:
        return written
    return f"{written}（{format_oku(yen / YEN_PER_OKU)}に換算）"


def written(text: str, amount_text: str = "", unit_from: str = "") -> str:
    """An amount for an answer, as the document writes it, with its unit.

    A budget line (「平成29年度補正予算額 **58.5億円**」) gives its amount via `as_written`; a table or ledger cell
    holds a bare figure (「433,039」, the unit said once in the header), so the amount with its unit (`amount_text`,
    「433,039千円」) is used, or the bare figure gets the unit of `unit_from` (a 前年度 cell beside its budget).
    """
    if find_amounts(nfkc(text)):
        return as_written(text)
    if amount_text:
        return amount_text
    bare = text.strip()
    if unit_from and re.fullmatch(r"[▲△\-－]?[\d,，.．０-９]+", bare):
        return f"{bare}{unit_of(unit_from)}"
    return bare


_UNIT_SIZES = {"兆円": 10**12, "億円": 10**8, "百万円": 10**6, "万円": 10**4, "千円": 1000, "円": 1}
_UNIT_OF = re.compile(r"(兆円|億円|百万円|万円|千円|円)")


def unit_of(text: str) -> str:
    """The unit an amount is written in: 「7,619,000千円」 -> 千円, 「２兆２，３７０億円」 -> 億円, 「12億5,000万円」 -> 万円."""
    units = _UNIT_OF.findall(nfkc(text))
    return units[-1] if units else "円"


def format_in(yen: int, unit: str, like: list[str] | None = None, decimal: bool | None = None) -> str:
    """A computed yen figure in the unit the documents use, so that a sum reads like its parts.

    千円/百万円/円 keep thousands separators (「20,139,308千円」); 億円/兆円 and mixed 万円 use the document style of
    `format_oku` / `format_yen`. A figure that does not divide evenly falls back to `format_yen`. With `like` (the
    parts as written), a 億円 figure follows their style: whole 億 with separators when they are written so
    (「２，２０８億円」 -> 2,125億円, not 2125.0億円), one decimal when they carry one (「17.0億円」).

    `decimal` says the same as `like` without the texts (whether any part is written with a decimal, as the program
    table's `amount_decimal` column records it); when given, `like` is not read.
    """
    size = _UNIT_SIZES.get(unit, 1)
    if unit in ("億円", "兆円"):
        oku = yen / YEN_PER_OKU
        if decimal is None:
            written = [nfkc(t) for t in like or []]
            plain = bool(written) and not any(re.search(r"\d\.\d", t) for t in written)
        else:
            plain = not decimal
        if plain and abs(oku) < 10000 and oku == int(oku):
            return f"{int(oku):,}億円"
        return format_oku(oku)
    if unit == "万円" or yen % size:
        return format_yen(yen)
    return f"{yen // size:,}{unit}"
