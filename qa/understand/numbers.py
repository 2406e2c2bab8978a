"""Amounts as people write them in questions: any script, with or without 円, alone or as a filter.

「五百億円」「12億5千万」「５０万円」「3000万以上」「10億円から50億円」 -> exact yen and a comparison. The amount
grammar itself is the documents' (`qa.ingest.amounts`), so a question and a budget line read the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.ingest.amounts import AMOUNT, amount_yen, find_english_amounts

# In questions 円 is often dropped after a big unit (「3000万以上」「60億の事業」); a bare number is not an amount.
_QUERY_AMOUNT = AMOUNT.replace(r"\s*円", r"\s*(?P<yen>円)?")
QUERY_AMOUNT = re.compile(_QUERY_AMOUNT)
_OPS = {
    "以上": ">=", "以下": "<=", "未満": "<", "超": ">", "を超える": ">", "を上回る": ">", "を下回る": "<",
    "より多い": ">", "より大きい": ">", "より少ない": "<", "より小さい": "<", "over": ">", "above": ">",
    "more than": ">", "under": "<", "below": "<", "less than": "<", "at least": ">=", "at most": "<=",
}
_OP_AFTER = re.compile(r"\s*(以上|以下|未満|を超える|を上回る|を下回る|超|より(?:多い|大きい|少ない|小さい))")
# The same said as people say it (「100億円を超えてる」「50億円こえた」「10億円を上回っている」「1億円より多い」「10億円に
# 届かない」): the word a verb's form stands for.
_SPOKEN_OP = re.compile(r"\s*(?:を|も)?\s*(?:(?P<over>(?:超|越|こ)え(?:る|て(?:い)?る|た|ている))|(?P<above>上回(?:る|って(?:い)?る|った))"
                        r"|(?P<below>下回(?:る|って(?:い)?る|った)|に(?:届か|満た)(?:ない|ず))|より\s*(?P<more>(?:多|大き)(?:い|く))|より\s*(?P<less>(?:少な|小さ)(?:い|く)))")
_SPOKEN = {"over": "を超える", "above": "を上回る", "below": "を下回る", "more": "より多い", "less": "より少ない"}
_OP_BEFORE = re.compile(r"(more than|less than|at least|at most|over|above|under|below)\s*$")
_RANGE_JOIN = re.compile(r"\s*(?:から|〜|~|－|-|to)\s*")
_RANGE_END = re.compile(r"\s*(?:まで|の間)")
# An amount with no comparison word is a condition only when it is a program's budget: 「60億円の事業」「予算が50億円の」.
# 「3万円配るやつ」「1,000万円かけたら」 write an amount paid or spent, not which programs are meant.
_EQUAL_AFTER = re.compile(r"\s*(?:(?:の|規模の)?\s*(?:事業|予算|施策|もの|プログラム|program|project)"
                          # 「60億円ついてる事業」「60億円の予算が計上された施策」: a budget verb, then what has it
                          r"|(?:の予算が|が)?\s*(?:(?:つ|付)いて(?:い)?る|(?:つ|付)いた|(?:計上|措置)され(?:て(?:い)?る|た)))"
                          r"\s*(?:事業|施策|もの|の|やつ)?")
# An amount with a comparison word that a verb then acts on (「最低賃金を50円以上上げる」「10万円以上もらえる」「1億円を超えて
# かかる」) is an amount raised, paid or spent, not a condition on which programs are meant.
_ACTED_ON = re.compile(r"\s*(?:に|まで|を|も|の)?\s*(?:(?:引き?)?上げ|上が|増や|下げ|減ら|もら|貰|払|支払|支給|補助さ|助成さ|出る|出す|出ます"
                       r"|受け|貸|借|かか|使|賃上げ|raise|paid|pay)")
# An amount whose programs are left out (「0円のものは除いて」「0円のは抜きで」「0円以外」).
# (「0円じゃない事業」「0円ではないもの」: the same, said by negation)
_LEFT_OUT = re.compile(r"\s*(?:の|な)?\s*(?:もの|事業|やつ|の)?\s*(?:は|を)?\s*(?:除|抜|のぞ|以外|省|はぶ)"
                       r"|\s*(?:じゃ|では|で)\s*(?:ない|なく|ありません)")
_EQUAL_BEFORE = re.compile(r"(?:予算|予算額|金額|事業費|要求額|budget)\s*(?:が|は|で|of|=)?\s*$")


@dataclass(frozen=True)
class AmountMention:
    """One amount written in a question: exact yen and its place in the NFKC text."""

    yen: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class AmountFilter:
    """A condition on an amount: `op` is one of =, >=, <=, <, >, between (then `high` is the upper bound).

    Equality is exact in yen: 「60億円」 matches 60.0億円 and 6,000,000千円 but not 60.5億円.
    """

    op: str
    yen: int
    text: str
    high: int | None = None

    def passes(self, value: int) -> bool:
        """Whether an amount in yen meets the condition."""
        if self.op == "between" and self.high is not None:
            return self.yen <= value <= self.high
        return {"=": value == self.yen, ">=": value >= self.yen, "<=": value <= self.yen,
                "<": value < self.yen, ">": value > self.yen}[self.op]


def amounts_in(text: str, zero: bool = False) -> list[AmountMention]:
    """Every amount a question writes (NFKC text): with 円, or with a big unit (万/億/兆) and no 円.

    A bare number (「3件」「2020年度」) is not an amount; 「0円」 is one only with `zero` (a condition on budgets:
    「0円のものは除いて」), never a cost.
    """
    out = []
    for match in QUERY_AMOUNT.finditer(text):
        if not match.group(0).strip():
            continue
        has_unit = match.group("yen") or match.group("man") or match.group("oku") or match.group("cho")
        if not has_unit:
            continue
        yen = amount_yen(match)
        if yen or (zero and yen == 0 and match.group("yen")):
            out.append(AmountMention(yen, match.group(0).strip(), match.start(), match.end()))
    # ("programs over 20 million yen", "over ¥20 million": an amount written in English)
    out += [AmountMention(yen, m.group(0).strip(), m.start(), m.end()) for m, yen in find_english_amounts(text)
            if yen and not any(a.start <= m.start() < a.end for a in out)]
    return sorted(out, key=lambda a: a.start)


# 「最低賃金を50円以上上げる」: an amount a wage or a price is raised or lowered by, never a cost or a budget.
_RAISED_BY = re.compile(r"\s*(?:以上|以下|未満|超)?\s*(?:を|に|も|ほど|くらい|ぐらい)?\s*(?:(?:引き?)?上げ|上が|引き?下げ|下が|増や|減ら"
                        r"|アップ|ダウン)")


def costs_in(text: str) -> list[AmountMention]:
    """The amounts a question writes that could be a cost or a budget (「1,000万円かけたら」), not one a wage or a
    price is raised by (「50円以上上げる」)."""
    return [m for m in amounts_in(text) if not _RAISED_BY.match(text, m.end)]


# Words before an amount that make it a person's (income, rent, wage, a monthly or yearly payment), not a budget.
_PERSONAL_AMOUNT = re.compile(r"(年収|所得|収入|月収|給与|給料|時給|月給|年金|家賃|月額|年額|日額|1人|一人|ひとり|世帯)"
                              r"(が|は|の|で)?\s*(約)?\s*$")


# A budget said to be zero in words (「予算額がゼロ」「予算がゼロの事業」): no figure to read, a condition all the same.
_ZERO_BUDGET = re.compile(r"(?:予算額?|金額)(?:が|は|の)?\s*ゼロ(?!査定)")


# A 補正 that takes money off a program (its amount written 「△62,400」): a budget below zero, asked in words.
_CUT_BUDGET = re.compile(r"減額補正|マイナス補正|(?:補正額?|予算額?)(?:が|は)?\s*(?:マイナス|減額)(?:に|の|と)")
_ZERO_WORD = re.compile(r"(?:ゼロ|ぜろ|零)(?=円)")


def amount_filter(text: str) -> AmountFilter | None:
    """The amount condition a question puts on programs (NFKC text), or None.

    「100億円以上」 -> >=; 「10億円から50億円」 -> between; 「予算が60億円の事業」 (no comparison word) -> =;
    「3万円配るやつ」 (an amount paid, not a budget) -> None.
    """
    # 「ゼロ円のは除いて」「零円」: zero written in words is the figure 0
    text = _ZERO_WORD.sub("0", text)
    # An amount a person earns, pays or receives (「年収910万円以上の世帯」「月額3万円以上の家賃」) is a condition on
    # people, not on programs' budgets.
    mentions = [m for m in amounts_in(text, zero=True) if not _PERSONAL_AMOUNT.search(text[max(0, m.start - 6):m.start])]
    if not mentions and _ZERO_BUDGET.search(text):
        return AmountFilter("=", 0, "0円")  # 「そのうち予算額がゼロになってるのは？」: a review's rows at 0
    if not mentions and (cut := _CUT_BUDGET.search(text)):
        return AmountFilter("<", 0, cut.group(0))  # 「減額補正になった事業はいくつ？」: the 補正's items written 「△」
    if not mentions:
        return None
    first = mentions[0]
    if first.yen == 0 and (left_out := _LEFT_OUT.match(text, first.end)):
        # 「（0円のものは除いて）」「0円のは抜きで」: the programs with a budget (the review's rows started after its year
        # show 0)
        return AmountFilter(">", 0, text[first.start:left_out.end()])
    if first.yen == 0 and not (_EQUAL_AFTER.match(text, first.end) or _EQUAL_BEFORE.search(text[:first.start])):
        return None  # 「0円で使える？」: a price, not a condition on budgets
    if len(mentions) >= 2:
        second = mentions[1]
        join = text[first.end:second.start]
        if _RANGE_JOIN.fullmatch(join) or (_RANGE_JOIN.match(join) and _RANGE_END.match(text, second.end)):
            low, high = sorted((first.yen, second.yen))
            return AmountFilter("between", low, text[first.start:second.end], high)
    after = _OP_AFTER.match(text, first.end)
    spoken = _SPOKEN_OP.match(text, first.end) if after is None else None
    if after or spoken:
        end = (after or spoken).end()
        if _ACTED_ON.match(text, end):
            return None
        word = after.group(1) if after else _SPOKEN[next(k for k, v in spoken.groupdict().items() if v)]
        return AmountFilter(_OPS[word], first.yen, text[first.start:end])
    before = _OP_BEFORE.search(text[:first.start])
    if before:
        return AmountFilter(_OPS[before.group(1)], first.yen, text[before.start():first.end])
    if _EQUAL_AFTER.match(text, first.end) or _EQUAL_BEFORE.search(text[:first.start]):
        return AmountFilter("=", first.yen, first.text)
    return None
