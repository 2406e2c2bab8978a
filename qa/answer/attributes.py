"""One attribute of one program, said first: 「補助率は1/2です。」 from the sentence that states it.

The attribute's cue (`qa/understand/data/attributes.toml`) finds the sentence; the value is the figure the cue
leads to (a rate, an amount or a range of amounts, a date). Arithmetic on a rate (「1,000万円かけたら国はいくら？」)
is computed from the cited rate.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from kanjize import kanji2number

from qa.answer.units import Unit
from qa.ingest.amounts import find_amounts, format_yen
from qa.ingest.normalize import nfkc
from qa.understand.vocabulary import Attribute

# A rate as the genre writes it: 「1/2」, 「50%」, 「三分の二」 and 「3分の1」 (denominator first in 分の forms).
# (「差額の9割を補塡」: a share in tenths, as compensations and co-payments are written)
_RATE = re.compile(r"(\d+(?:\.\d+)?)\s*/\s*(\d+)|(\d+(?:\.\d+)?)\s*[%％]|([一二三四五六七八九十])分の([一二三四五六七八九])"
                   r"|(\d+)\s*分の\s*(\d+)|定額|(?<![\d.])(\d{1,2})\s*割(?!引|増|合)")
_RATE_ALTERNATIVE = re.compile(r"\s*(?:または|又は|もしくは|若しくは|or)\s*(?:\d+(?:\.\d+)?\s*/\s*\d+|\d+\s*分の\s*\d+|\d+(?:\.\d+)?\s*[%％]|定額)")
# A label alone on its line (「【補助率】」「■補助率」), the value on the lines under it.
_LABEL_ALONE = re.compile(r"[【■◆\[［]\s*([^】\]］\s]{2,12})\s*[】\]］]?")
# A percentage right after a cue (「執行率：95.2％」「執行率は約8割」).
_SHARE = re.compile(r"[^\d。]{0,6}?(\d+(?:\.\d+)?\s*[%％]|約?\s*\d+\s*割)")
# Attributes whose value is an amount of money: a sentence naming the attribute without a figure after the name
# (「予算執行額表を更新」 of the RS sheet's 備考) states no value of it.
_AMOUNT_VALUED = frozenset({"per_applicant", "project_total", "actuals"})
_RANGE_JOIN = re.compile(r"\s*(?:~|〜|～|から|-|－|ー)\s*")


@dataclass(frozen=True)
class Stated:
    """Where an attribute is stated: the unit (sentence) and the value as written in it (NFKC)."""

    unit: Unit
    value: str


# Between two caps set side by side: spaces or line breaks, and the case of the first in brackets (「 （賃上げ等） 」).
_CASE_GAP = re.compile(r"\s+(?:[（(][^（）()\d]{1,40}[)）]\s*)?|[（(][^（）()\d]{1,40}[)）]\s*")
# The case a cap is of, in brackets right after it (「500万円（将来の事業承継を見据えた共同設備投資等）」).
_CASE_NOTE = re.compile(r"\s*[（(][^（）()\d]{1,40}[)）]")


def _value(attribute: Attribute, text: str, match: re.Match[str]) -> str:
    """The figure a cue match leads to: for amounts the whole range 「15万円~50万円」, for rates the rate."""
    if attribute.name in _AMOUNT_VALUED:  # the amount (or range) the label leads to
        amounts = [m for m, _ in find_amounts(text) if m.start() >= match.start()]
        if not amounts:
            # 「執行率 95.2%」: what was spent, stated as its share of the budget
            share = _SHARE.match(text, match.end()) if attribute.name == "actuals" else None
            return share.group(1) if share else match.group(0)
        first = amounts[0]
        end = first.end()
        for nxt in amounts[1:]:
            if _RANGE_JOIN.fullmatch(text[end:nxt.start()]):
                end = nxt.end()
            else:
                break
        value = text[first.start():end].strip()
        if attribute.name == "per_applicant":
            # 「補助上限額：50万円 100万円（賃上げ、海外展開…） 500万円（共同設備投資等）」: caps of several cases set side by
            # side after one label, each with its case in brackets; all of them, not the first as if it were the only
            later = [m for m in amounts if m.start() >= end]
            for nxt in later:
                begin = nxt.start() + len(nxt.group(0)) - len(nxt.group(0).lstrip())  # (a match may open on spaces)
                if _CASE_GAP.fullmatch(text[end:begin]) is None:
                    break
                note = _CASE_NOTE.match(text, nxt.end())
                end = note.end() if note else nxt.end()
                value += "、" + re.sub(r"\s+", "", text[begin:end])
        return value
    if attribute.name in ("quantity", "applicants"):  # 「２名から３名に増員」: the figure it becomes
        later = list(attribute.cue.finditer(text, match.start()))
        for first, second in zip(later, later[1:], strict=False):
            if re.fullmatch(r"\s*(?:から|→|->|⇒)\s*", text[first.end():second.start()]):
                return second.group(0)
        return match.group(0)
    if attribute.name == "funding":  # 「地方債 １２２，０００千円／一般財源 ６，５００千円」: the sources with their figures
        rest = text[match.start():].split("。")[0].strip()
        # (「財源は過疎対策事業債」: the particle after the label is no part of the source)
        rest = re.sub(r"^財源(内訳)?\s*(?:[】\]:：]|は|が)?\s*", "", rest)
        # (a block's next label line, read onto the sources' line by the unwrapping: 「…一般財源 8,500千円担当:産業振興課」)
        rest = _NEXT_LABEL.split(rest)[0].rstrip("、, ")
        return rest[:40] + ("…" if len(rest) > 40 else "")
    if attribute.name in ("rate", "share"):
        rate = _RATE.search(text, match.start())
        if not rate:
            return match.group(0)
        # 「3/4または1/2」: alternatives joined by または are one statement of the rate.
        end = rate.end()
        while (alt := _RATE_ALTERNATIVE.match(text, end)) is not None:
            end = alt.end()
        # 「3/4（国1/2、県1/4）」: the breakdown right after a rate belongs to it.
        breakdown = re.match(r"\s*[（(][^）)]{1,30}[）)]", text[end:])
        return text[rate.start():end] + (breakdown.group(0).strip() if breakdown else "")
    if attribute.name == "fee":  # 「運賃は１回３００円」: the price, with what it is per
        price = _PRICE.search(match.group(0))
        if price:
            return price.group(0).strip()
    if attribute.name in ("deadline", "start"):  # 「受付：令和８年５月１１日（月）から１２月２５日（金）まで」: the dates
        begin = _DATE_START.search(text, match.start())
        if begin:
            span = _DATE_RANGE.match(text, begin.start())
            if span and span.group(0).strip():
                return span.group(0).strip()
    return match.group(0)


# A line break inside a sentence (a PDF's wrap, 「上\n  限200千円」), with the indent after it: read as no break, so that
# a cue or an amount split at the wrap is whole again. (A unit is one sentence or item: its breaks are wraps.)
_WRAP = re.compile(r"(?<=[^\s。])\n[ \t\u3000]*(?=[^\s・●○◆■\-*])")


# A label of another kind than a figure's source, opening the next line of a program's block (「担当：産業振興課」).
_NEXT_LABEL = re.compile(r"\s*(?:担当(?:課|部署)?|所管(?:課)?|問い?合わ?せ(?:先)?|連絡先|電話|TEL|内線)\s*[:：]")


def _unwrapped(text: str) -> str:
    return _WRAP.sub("", text)


def stated(attribute: Attribute, units: list[Unit]) -> list[Stated]:
    """Units of a program that state the attribute (its cue matches), in document order; [] when none does."""
    if attribute.cue is None:
        return []
    out = []
    label, label_section = "", None  # the last label line alone (「【補助率】」) and its section
    for unit in units:
        text = _unwrapped(nfkc(unit.text))
        if (alone := _LABEL_ALONE.fullmatch(text.strip())) is not None:
            label, label_section = alone.group(1), unit.section
            continue
        match = attribute.cue.search(text)
        if not match and "。" in text.rstrip("。"):
            # A sentence with its bracketed note (「…を支援。(6千万円以内。補助率1/3以内)」): the cues read one sentence
            # at a time, so each piece is read on its own.
            match, text = next(((m, piece) for piece in re.findall(r"[^。]+。?", text)
                                if (m := attribute.cue.search(piece))), (None, text))
        if not match and label and unit.section == label_section:
            # A value under a label line inside a section (「【補助率】」 then 「1/2」 on the next line, as a unit each)
            text = nfkc(f"{label}:{unit.text}")
            match = attribute.cue.search(text)
        if not match and unit.heading:
            # A section under its own label (「【補助率】」 over 「1/2（離島地域等にあっては 2/3）」, the section named 条件)
            text = nfkc(f"{unit.heading}:{unit.text}")
            match = attribute.cue.search(text)
        if not match and unit.section:
            # A table's cell under its column's name (「補助率等」: 「2/3 上限20万円」): the name is the label.
            text = nfkc(f"{unit.section}:{unit.text}")
            match = attribute.cue.search(text)
        if match:
            value = _value(attribute, text, match)
            if attribute.name in _AMOUNT_VALUED and not re.search(r"\d", value):
                continue
            out.append(Stated(unit, value))
    # A sentence that names the attribute (「補助率：1/2」) states it more directly than one that only has a figure.
    named = [w for w in ("補助率", "補助額", "上限", "締切", "期限") if any(w in p.pattern for p in attribute.patterns)]
    return sorted(out, key=lambda s: not any(w in s.unit.text for w in named))


# A price and what it is per (「1回300円」「1日2,000円」「無料」).
_PRICE = re.compile(r"(?:1\s*(?:回|日|人|枚|時間|か月|月|泊)\s*(?:あたり|当たり)?\s*)?\d[\d,]*\s*円|無料")
# A date as budget documents write it (「令和８年５月１１日（月）」「2025年10月」「１２月２５日」), and a period of two
# (「…から…まで」「…～…」).
_DATE = r"(?:(?:令和|平成)\s*(?:\d+|元)\s*年度?|\d{4}\s*年度?)?\s*(?:\d{1,2}\s*月)?\s*(?:\d{1,2}\s*日)?(?:\s*[（(][月火水木金土日祝・]+[)）])?"
_DATE_START = re.compile(r"令和|平成|\d{4}\s*年|\d{1,2}\s*月")
_DATE_RANGE = re.compile(rf"{_DATE}(?:\s*(?:から|～|~|〜|－|-)\s*{_DATE})?\s*(?:まで|から|以降|中)?")
# Where the words naming an amount begin: after a separator (「単身６０万円、世帯１００万円」 -> 「世帯」).
_LABEL_START = re.compile(r".*[、，,。（(・:：；;\s]")
# A particle closing the words that name an amount's case (「75歳以上は」「世帯には」).
_TOPIC_END = re.compile(r"(には|では|は|が|も|に|で)$")
# How much an amount is per (「１台あたり」「1人につき」) at the end of the words before it.
_PER_THING = re.compile(r"\s*\d[\d,]*\s*[^\s\d]{1,3}?\s*(あたり|当たり|につき)$")
# Words that say an amount is a cap, not which case it is for (the cue of per_applicant reads those).
_CAP_WORD = re.compile(r"(最大|上限|上限額|補助額|補助上限|支給額|給付額|助成額|最高|限度額?)")
# A cap's word ending the words before an amount, whole (「補助上限額:」, not 上限額 leaving 補助 as if it were a case).
_CAP_END = re.compile(r"(?:(?:補助|助成|支給|給付|交付)?(?:上限|限度|最大|最高)額?|(?:補助|助成|支給|給付)額)\s*(?:は|:)?$")
# Words of how an amount is paid, between the case and its amount (「蓄電池は一律10万円」「各１万円」): no case.
_MANNER_END = re.compile(r"(?:一律|それぞれ|各|いずれも|定額で?)\s*$")


def labelled(attribute: Attribute, found: Stated, asked: Callable[[str], int]) -> tuple[int, Stated]:
    """Of the values one unit states (each match of the attribute's cue), the one whose label just before it
    (「第２回：」 of 「第１回：…～…　第２回：…～…」) holds most of the question's words (`asked`: a label -> count), with
    that count; the unit's first value and 0 when no label does."""
    text = _unwrapped(nfkc(found.unit.text))
    best = (0, found)
    for match in attribute.cue.finditer(text) if attribute.cue is not None else ():
        label = re.split(r"[。\n]", text[max(0, match.start() - 12):match.start()])[-1]
        if (score := asked(label)) > best[0]:
            best = (score, Stated(found.unit, _value(attribute, text, match)))
    return best


def previous_count(units: list[Unit], counter: str) -> Stated | None:
    """A count the program's text gives for last year in the counter asked (「年間24枚交付します（前年度は16枚）」 ->
    「16枚」), or None."""
    pattern = re.compile(r"(?:前年度|昨年度|前年|去年|昨年)(?:実績)?(?:は|が|の|で|:|\s)*(?:約)?"
                         rf"(\d[\d,]*(?:\.\d+)?\s*{re.escape(counter)})")
    for unit in units:
        if (match := pattern.search(_unwrapped(nfkc(unit.text)))) is not None:
            return Stated(unit, match.group(1))
    return None


def qualified(units: list[Unit], asked: Callable[[str], int]) -> list[tuple[int, Stated]]:
    """Amounts of a program's sentences named by the words just before them (「第3子以降30万円」「単身６０万円」),
    each with how many of the question's own words (`asked`: a label -> count) that label holds, best first;
    amounts whose label holds none are left out.

    A program's text often lists the amount per case (第1子10万円、第2子20万円、第3子以降30万円); the case the
    question names picks one, where the cue of a cap (「上限」「補助額」) finds none or the wrong one.
    """
    out = []
    for unit in units:
        text = _unwrapped(nfkc(unit.text))
        for match, _ in find_amounts(text):
            before = text[max(0, match.start() - 20):match.start()].rstrip()
            # 「電気自動車の購入に１台あたり上限２０万円」: the cap's word, then what the amount is per (「タクシー　１台
            # あたり　３０千円」), are no case; the case is named before them
            before = _MANNER_END.sub("", _CAP_END.sub("", before).rstrip()).rstrip()
            before = _PER_THING.sub("", before).rstrip()[-12:]
            # The words right before the amount: after a separator or a particle (「経費を最大」 -> 「最大」), the
            # particle that marks them as the topic dropped and cases joined by と/や kept whole (「中学生以下と75歳
            # 以上は100円」 -> 「中学生以下と75歳以上」).
            # (「電気自動車の購入」: a case named with の is kept whole)
            label = re.sub(r".*[ぁ-ん](?<![とやの])", "", _TOPIC_END.sub("", _LABEL_START.sub("", before)))
            # (words that say it is a cap, 「補助上限額」, name no case: a question asking 「補助上限は？」 names none)
            core = _CAP_WORD.sub("", label)
            score = asked(core) if core else 0
            if not score:
                # 「新規就農者への経営開始資金（年150万円×４人）」: the case is named before the bracket the amount opens
                # with its period (「（年」), where the words just before the amount name none (the words of a cap,
                # 「補助上限額」, name no case however many the question shares)
                wide = _CAP_WORD.sub("", re.sub(r".*[、，,。:：；;]", "", text[max(0, match.start() - 30):match.start()]))
                score = wide_score if (wide_score := asked(wide)) >= 2 else 0
            if score:
                out.append((score, Stated(unit, f"{label}{match.group(0)}".strip())))
    return sorted(out, key=lambda t: -t[0])


def rate_of(value: str) -> Fraction | None:
    """A rate as a fraction: 「1/2」 -> 1/2, 「50%」 -> 1/2, 「三分の二」 -> 2/3, 「3分の1」 -> 1/3; 定額 -> None."""
    match = _RATE.search(value)
    if not match or match.group(0) == "定額":
        return None
    if match.group(1):
        return Fraction(match.group(1)) / int(match.group(2))  # 「5.5/10」 (国費率) too
    if match.group(3):
        return Fraction(match.group(3)) / 100
    if match.group(6):
        return Fraction(int(match.group(7)), int(match.group(6)))
    if match.group(8):
        return Fraction(int(match.group(8)), 10)
    return Fraction(int(kanji2number(match.group(5))), int(kanji2number(match.group(4))))


def cap_of(value: str) -> int | None:
    """The upper bound of a stated per-applicant amount: 「15万円~50万円」 -> 500000 (yen); None without an amount."""
    amounts = [yen for _, yen in find_amounts(nfkc(value))]
    return max(amounts) if amounts else None


def apply_rate(cost_yen: int, rate: Fraction, cap_yen: int | None = None) -> tuple[str, str, bool]:
    """(subsidy, own share, capped) of a cost at a rate, limited by a cap when the program states one.

    (1,000万円, 1/2) -> (「500万円」, 「500万円」, False); with a 50万円 cap -> (「50万円」, 「950万円」, True).
    """
    subsidy = int(cost_yen * rate)
    capped = cap_yen is not None and subsidy > cap_yen
    if capped:
        subsidy = cap_yen
    return format_yen(subsidy), format_yen(cost_yen - subsidy), capped
