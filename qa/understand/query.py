"""Question -> typed query: what is asked (attribute), across programs how (operation), with which conditions.

The query knows nothing of the corpus: which programs a question names, and which departments or categories it
means, are resolved against the index later (`qa.retrieve`, `qa.facts.table`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from kanjize import kanji2number

from qa.ingest.normalize import nfkc
from qa.understand.conversation import Context, Turn, context_of
from qa.understand.numbers import AmountFilter, AmountMention, amount_filter, costs_in
from qa.understand.script import converted_n, script_of, standard_words
from qa.understand.vocabulary import vocabulary
from qa.understand.years import asked_years, relative_year

# 「そのうち…」「その中で…」 opening a question: a part of what the last answer covered (read here and by the answerer).
PART_OF = re.compile(r"^(?:そのうち|その内|うち|その中で?|そのなかで?|(?:その)?内訳(?:の|は|で|って))")
# The budget asked in one phrase (「いくら予算とってる」「予算はいくら」), and the words that ask a cap instead.
_BUDGET_ASKED = re.compile(r"いくら\s*(?:の)?\s*予算|予算\s*(?:は|を|って|が)?\s*(?:いくら|どれ(?:くらい|ぐらい))")
_CAP_ASKED = re.compile(r"上限|最大|限度|あたり|当たり|1人|一人|1件|1世帯|もらえ|受け取")
_NTH = re.compile(r"(\d+|[一二三四五六七八九十])\s*番目")
_TOP_N = re.compile(r"(?:上位|トップ|top)\s*(\d+)|(\d+)\s*(?:位まで|件挙げ)|(?:順に|順で)\s*(\d+)\s*(?:つ|件|個|事業)")
# 「水素に関する事業」「防災関連の事業」: a mention the programs' text must contain.
# (「人づくり革命関連として載っている事業」: the list a heading puts it in)
_MENTION = re.compile(r"([^\s、。?？をはがのに]{2,20}?)(?:に関する|に関係する|に関わる|関連の|関連する|関係の|についての|を含む|を扱う|向けの"
                      r"|(?:関連|関係)(?:として|で)(?:載|挙が|入|掲載さ|出)(?:って|れて)(?:いる|る)"
                      r"|が使える|でも使える|が対象の|を対象とする|を対象とした|が受けられる)"
                      # (「宇宙関係の個別事業」「防災関連の主な事業」: a word of which programs between)
                      r"(?:個別の?|個々の|主な|主要な?)?(?:事業|施策|もの|予算|補助金?|助成金?|支援|制度)")
# 「評価がCの事業」「補助率1/2の事業」「方向性が見直しの事業」: a value of a field the sheets state, keyed as the text writes
# it (「評価：C」 is 「評価c」): the programs whose text holds the field with that value.
_FIELD_VALUE = re.compile(r"(?P<field>評価|総合評価|補助率|区分|今後の方向性|方向性|判定)\s*(?:が|は|で)?\s*[「『]?"
                          r"(?P<value>[a-zａ-ｚ](?![a-zａ-ｚ])|\d+\s*/\s*\d+|拡充|継続|縮小|廃止|完了|見直し|新規)[」』]?\s*"
                          r"(?:の|と(?:なった|された|評価された))\s*(?:事業|施策|もの|取組|取り組み)")
# 「名前に水素が入る事業」「事業名に「半導体」を含む」「名前に半導体って入ってる」: a word the programs' names must hold.
_NAME_MENTION = re.compile(r"(?:名前|名称|事業名|タイトル)に[「『\"]?([^\s、。?？」』\"]{1,20}?)[」』\"]?(?:って|が|と|を)?"
                           r"(?:入|含|つ|付)")
# 「「県単公共」って付いてる事業」「「DX」が入ってる事業」: a quoted word that names carry (付く, 入る), name unsaid.
_QUOTED_NAME = re.compile(r"[「『\"]([^」』\"\s]{1,20})[」』\"]\s*(?:って|が|と|の)?\s*(?:付い|付く|つい|つく|入っ|入る|はい[っる])")
# 「国立公園って名前の入った事業」「オーバーツーリズムって名前についた事業」「DXという名前の事業」: the word before it.
_WORD_NAMED = re.compile(r"([^\s、。?？「」『』をはがのに]{1,20}?)\s*(?:って|という|っていう|と)\s*(?:名前|名称|言葉|単語|文字)"
                         r"(?:が|の|に)?\s*(?:入|含|つ|付|事業|施策)")
# Where the documents list something, said before what a mention names (「この資料に載っている」「書かれている」): no
# part of the mention (「困ってる会社向け」 keeps its words: a need, not a place in the documents).
_VERB_BEFORE = re.compile(r"^.*(?:載|書かれ|出|入|含まれ|挙が|並ん)(?:って|て)(?:いる|る|くる)(?=[一-龥ァ-ヶA-Za-z])")
_PREVIOUS = re.compile(r"前年度|昨年度|前年|去年|前の年|last year|previous year|year before")
_CHANGE = re.compile(r"増え|減っ|ふえ|へっ|ふや|へら|増減|増額|減額|増加|減少|差|伸び|違い|違う|違っ|ちがう|ちがい|変わ|何倍|倍に|同じ|同額|据え?置|横ばい|change|increase|"
                     # 「去年より少なくなった」「前の年より多くなった」: a change said in everyday words
                     r"(?:少な|多|大き|小さ)く(?:なっ|なり|なる)|"
                     r"decrease|grow|unchanged|"
                     # 「前年度からどれだけ上がった？」「去年より下がった？」「改善した？」: a rate or count said to rise or fall
                     r"(?:前年|去年|昨年|前の年)[^。?？]{0,12}(?:上が|下が|改善|悪化)|"
                     # 「前年度比で何％増？」「対前年で何パーセントアップ」: a change said as a ratio to last year
                     r"前年度?比|対前年|(?:[%％]|パーセント)\s*(?:の)?(?:増|減|アップ|ダウン)")
# No change asked (「前の年と予算が全く同じ事業ってある？」「据え置きの事業」).
_SAME = re.compile(r"同じ|同額|変わ(ら|って)ない|変わりない|据え?置|横ばい|unchanged|same as")
# A change asked as a fall (「減ってる」「減額」「一番下がった」): rankings and lists by change read it downward.
_FALL = re.compile(r"減|下が|(?:少な|小さ)く(?:なっ|なり|なる)|decrease|fell|fall|cut|lower")
_INTERROGATIVE = re.compile(r"何|なに|なん|どこ|いつ|誰|だれ|どれ|どの|どう|どんな|いくら|幾ら|how|what|when|where|who|which")
# Interrogatives that name no attribute of their own (an amount's 「いくら」): no say in which attribute is asked last.
_BARE_ASKING = frozenset({"いくら", "幾ら", "いくつ", "どのくらい", "どれくらい", "どれだけ", "何", "なに"})
# What stands after the word a question ends on (「〜窓口の事業、令和2年度の予算は？」「〜の補助率を教えて」): a topic
# particle, a request, the question mark. That word is what is asked; the same kind of word earlier in the question
# (窓口, 申請できる) says which program.
_QUESTION_END = re.compile(r"(?:は|って|とか|を|が)?(?:(?:教えて|知りたい|わかる|分かる)[^?？。]{0,6})?(?:です)?か?"
                           r"[?？!！。\s]*")
# How much something changed (「何％増」「どれだけ増えた」): one program's change asked, never which programs changed.
_MAGNITUDE = re.compile(r"何\s*[%％]|何パーセント|いくら|どれ(?:だけ|くらい|ぐらい)|どの(?:くらい|ぐらい)|何倍|by how much")
# A question ending on whether a program of that description exists (「…事業ってありますか？」「…補助ある？」).
_WHICH_PROGRAM = re.compile(r"(?:事業|制度|補助金?|助成金?|支援|施策|取組|取り組み|プログラム|仕組み|サービス)\s*(?:って|は|が|とか|など|も)?\s*"
                            r"(?:あり(?:ます|ません)?(?:か|かね|かな)?|ある|ない)\s*(?:の|ん)?\s*(?:です)?\s*(?:か|かな|かね)?\s*[?？]*\s*$")
# An English question naming the budget itself, not only "how much".
_BUDGET_NAMED_EN = re.compile(r"\b(?:budget\w*|funding|funded|allocat\w*|appropriat\w*|set aside|earmark\w*|spend\w*|spent|cost\w*)\b")
# The next rank asked after a ranking (「その次に大きいのは？」「じゃあ次は？」「the next one?」).
_NEXT_RANK = re.compile(r"^\s*(?:じゃあ|では|で、?|それじゃ)?\s*(?:その)?\s*次(?:に|は|の|って|で)|\bnext (?:one|largest|biggest|smallest)\b")
# An amount asked for a case (「100歳だといくら？」「中心部以外の場所だと、いくらまで？」「子育て世帯の場合は最大いくら」).
_CASE_AMOUNT = re.compile(r"(?P<case>[^、。?？\s]{1,20}?)(?:だと|の場合は?|なら|では)[、,]?\s*(?:補助は?|助成は?|支給は?)?\s*(?:最大)?\s*"
                          r"(?:いくら|何円|何万)")
# What one receives asked by its kind (「何の資格がもらえる」「どんな支援が受けられる」), and words asking a sum of money.
_THING_RECEIVED = re.compile(r"(?:何の|なんの|どんな|どういう|何が|なにが)[一-龥ァ-ヶー]{0,8}(?:が|を)?\s*(?:もらえ|貰え|受けられ|うけられ)")
_SUM_ASKED = re.compile(r"いくら|幾ら|何円|なんえん|何万|金額|額|how much")
# Interrogatives that ask something of their own, never a figure (「それってどこから発射するの？」「何型の何番艦？」): a
# follow-up asking with one keeps no attribute of the previous question (its budget), it asks a detail.
_OPEN_QUESTION = re.compile(r"どこ|いつ|誰|だれ|なぜ|どうして|どうやって|どんな|どういう|何型|何番|何を|なにを|何の|なんの|なにの|なにが|何が"
                            r"|どの(?:へん|辺|あたり|辺り|位置|場所|地域|国|よう)"
                            # 「どの小銃の後継？」「どの部隊に配備？」: which thing, named by a noun (not 「どの位」 of a figure)
                            r"|どの(?!位|程度|くらい|ぐらい)[一-龥ァ-ヶ]"
                            # 「新しく定期接種になるワクチンは何？」「無くなった支援は何？」: a thing asked, not a figure
                            r"|は\s*(?:何|なに|なん)\s*(?:です|でしょう|ですか|なの|\?|？|$)"
                            # 「その間、授業はどうなるの？」: what becomes of a thing the question names, not a figure
                            # (「米軍再編も含めるとどうなる？」 keeps the figure asked before)
                            r"|[一-龥ァ-ヶ]は\s*どう(?:なる|なり|なっ|する|し)"
                            r"|\b(?:where|when|who|why|what kind)\b"
                            # "Which languages does it support?", "what services does it offer": which things, by a noun
                            r"|\b(?:which|what)\s+(?!amount|budget|sum|figure|total|cost|rate|percentage|share|year)"
                            r"[a-z]+s\s+(?:does|do|did|will|can|are|is)\b")
# A superlative said of programs (「一番予算が大きい事業は」): the program ranked first, whatever else is asked of it.
_PROGRAM_RANKED = re.compile(r"(一番|最も|もっとも|いちばん|最大の)[^、。?？]{0,12}?(事業|施策|取り?組み?|プログラム)(は|の|って|で|を)")
# An English superlative that ranks groups ("which bureau has the most programs").
_RANKS_EN = re.compile(r"\b(the )?(most|fewest|largest|biggest|smallest)\b")
# 「Xのほうは？」「Xの方はどう？」: the same thing asked of another (a contrast with what was just answered).
_THE_OTHER = re.compile(r"(?:の方|のほう)(?:は|って|も)?(?:どう(?:ですか|なの|なる)?)?\s*[?？]*$")
# 「前年度決算より」「昨年度の決算と比べて」: last year's settlement as what a budget is compared with.
_AGAINST_SETTLED = re.compile(r"(?:前年度|昨年度|前年|去年)の?決算(?:額)?(?:より|と比べ|に比べ|から|と比較)")
# 「その」「この」 right before a superlative or ordinal: the one already ranked, pointed at again.
_POINTED = re.compile(r"(?:その|この|あの|同じ)\s*$")
# 「サービスを何件つくる」「拠点は何か所」: the noun a counter's question is about, before its particle.
_COUNTED_OBJECT = re.compile(r"([一-龥ァ-ヶーA-Za-z]{2,})\s*(?:を|は|が)\s*(?:何|なん)\s*(?:件|つ|個|本)")
# 「除雪費の次に予算が大きい」「トマホークの次に高いのは」: a rank counted from a named program.
_AFTER = re.compile(r"(?P<name>[^\s、。,，]{2,40}?)の次に\s*(?:予算|お金|金額|額)?(?:が|の)?\s*"
                    r"(?P<way>大きい|多い|高い|高額な?|小さい|少ない|安い|低い)")
# A budget named as where to read (「補正予算の説明だと」「予算書では」「予算資料によると」), not asked.
_SOURCE_SAID = re.compile(r"予算(?:案|書)?(?:の(?:説明|資料|概要|書類))?(?:だと|では|によると|によれば|で見ると|を見ると)")
# 「何の費用ですか」「予算は何に使うの」: what the money is spent on is asked, never its amount.
_SPENT_ON = re.compile(r"(?:何|なん|なに)の(?:費用|経費|お金|ため)|(?:何|なに)に(?:(?:予算|お金|費用|金)を?\s*)?(?:使|つか)|使い道|使途")
# A total line's word (「小計」「合計」「総額」): the question asks for its figure.
_TOTAL_WORD = re.compile(r"小計|合計|総額|総計|歳出総額|total", re.IGNORECASE)
# 「何件くらいの創業」「いくつの施策」: a counter of either kind followed by の and the noun it counts.
# A percentage asked (「何％」「何パーセント」「何割」), of a figure.
# One program pointed at (「その事業」「この事業」), not several (「その事業たち」「それらの」).
_ONE_POINTED = re.compile(r"(?:その|この|あの)\s*(?:事業|補助金?|制度|取り?組み?)(?!たち|ら|等|など)")
_PERCENT_ASKED = re.compile(r"何\s*(?:%|％|パーセント|割)")
_COUNTED_NOUN = re.compile(r"(?:何(?:件|つ|個|本)|いくつ)(?:くらい|ぐらい|ほど|程度)?の([一-龥ァ-ヶーA-Za-z]{2,})")


@dataclass
class Query:
    """A question, typed.

    Attributes:
        question: the question as asked.
        text: NFKC, lower-cased: what every rule reads.
        script: "ja", "kana" or "en" (`qa.understand.script`).
        attribute: what is asked about a program (`data/attributes.toml`), None when nothing is said.
        operation: count, sum, max, min, nth, compare, share or list across programs, None for one program.
        rank: the n of 「3番目」 (1 for max/min), None otherwise.
        top_n: 「上位5つ」 -> 5.
        descending: ranking from the largest.
        amount: the amount condition (=, >=, between ...), None when the question puts none.
        amounts: every amount written that could be a cost (for arithmetic on a rate: 「1,000万円かけたら」; not the
            「50円」 a wage is raised by).
        years: Western fiscal years named; relative: 今年度 0 / 前年度 -1, or None.
        mention: a word the programs must mention (「水素に関する事業」 -> 水素).
        mention_in_name: the mention must be in the programs' names (「名前に水素が入る事業」).
        also: other attributes the question asks at the same time (「上限いくらで補助率は？」), by hits.
        context: where the question stands in its conversation (None without an earlier question).
        previous: the previous question, understood in its own conversation (None without one).
        inherited: the attribute was not asked but kept from the previous question (an elliptical follow-up).
        counter: what a 「何…」/"how many …" question counts (「世帯」, 「事業」, "devices"), None when it counts nothing.
        group: of a ranking, the field whose values are ranked ("department", "ministry", "category": 「事業の数が一番
            多い局はどこ？」), None when programs are ranked.
        group_by_count: a group is ranked by its number of programs (else by their budgets added).
        after: the name a ranking counts from (「除雪費の次に予算が大きいのは？」 -> 除雪費), None otherwise.
    """

    question: str
    text: str
    script: str
    attribute: str | None = None
    operation: str | None = None
    rank: int | None = None
    top_n: int | None = None
    descending: bool = True
    amount: AmountFilter | None = None
    amounts: list[AmountMention] = field(default_factory=list)
    years: set[int] = field(default_factory=set)
    relative: int | None = None
    mention: str | None = None
    mention_in_name: bool = False
    also: list[str] = field(default_factory=list)
    context: Context | None = None
    previous: Query | None = None
    inherited: bool = False
    counter: str | None = None
    group: str | None = None
    group_by_count: bool = False
    after: str | None = None

    @property
    def asks_previous_year(self) -> bool:
        return self.relative == -1 or bool(_PREVIOUS.search(self.text))

    @property
    def asks_change(self) -> bool:
        """Whether a change is asked (「増えた？」「前年度との差」): with the previous year, the difference."""
        return self.operation == "compare" or bool(_CHANGE.search(self.text))

    @property
    def asks_same(self) -> bool:
        """Whether the change asked is none (「前年度と同額の事業」「据え置き」)."""
        return bool(_SAME.search(self.text))

    @property
    def asks_fall(self) -> bool:
        """Whether the change asked is a fall (「減った事業」「一番減額された」)."""
        return bool(_FALL.search(self.text))

    @property
    def counts_programs(self) -> bool:
        """Whether a count is of programs: it counts in programs (「何事業」「how many programs」), or counts in a
        counter of either kind (「何件」「いくつ」) and says what (事業, 施策 ...: `data/operations.toml`)."""
        vocab = vocabulary()
        if self.counter is not None and self.counter not in vocab.counters.either:
            return vocab.counters.counts_programs(self.counter)
        counted = _COUNTED_NOUN.search(self.text)  # 「何件くらいの創業を」: the noun after の is what is counted
        if counted is not None:
            return any(counted.group(1).startswith(w) for w in vocab.count_scope)
        counted = _COUNTED_OBJECT.search(self.text)  # 「サービスを何件つくる」: the noun before を is what is counted
        if counted is not None:
            return any(counted.group(1).endswith(w) for w in vocab.count_scope)
        return any(w in self.text for w in vocab.count_scope)

    @property
    def counts_things(self) -> bool:
        """Whether the question asks how many things one program buys, serves or targets (「何世帯」「何社」
        "how many devices", 「何件採択する見込み」 with no word of programs): a figure with that counter the program
        must state."""
        return self.counter is not None and not self.counts_programs

    @property
    def lists_by_change(self) -> bool:
        """Whether the question may ask which programs changed from the previous year (「前年度より減った事業はある？」):
        so when it names no program (「地域公共交通確保維持事業は前年度から何％増えた？」 asks one program's change)."""
        return self.operation in (None, "list", "count") and self.asks_change and self.asks_previous_year \
            and any(w in self.text for w in ("事業", "施策", "program")) and not _MAGNITUDE.search(self.text)

    @property
    def across_programs(self) -> bool:
        """Whether the question's form alone asks across programs (a count, a ranking, an amount condition)."""
        return self.operation in ("count", "sum", "max", "min", "nth", "share") or self.top_n is not None or (
            self.amount is not None and self.amount.op != "=" and self.attribute not in ("rate", "per_applicant"))


# What ends a question right after an attribute's word, asking it (「問い合わせるならどこ？」「申し込むのはいつ？」): a verb's
# ending, then where, who or when (not 「いくら」「何」, which ask whatever the question names).
_ASKED_RIGHT_AFTER = re.compile(r"[ぁ-ん]{0,4}(?:どこ|どちら|だれ|誰|いつ)[^。?？]{0,4}[?？]?\s*$")


def _attributes(text: str) -> list[str]:
    """Attributes the question names: those asked with an interrogative of their own first (「村営バスの運行費は、予算の
    どの款・項・目に計上？」 asks where, its 予算 and 運行費 only name the thing), then the one the question ends on
    (「SNSで相談できる窓口の事業、予算は？」 asks the budget; 窓口 says which program), then most pattern hits; on ties the one
    asked last with an interrogative (a Japanese question ends on what it asks: 「殺処分ゼロを目指す取り組みはどこの局？」
    asks the office, not the target), then the data file's order.

    A hit inside a longer hit of another attribute is that one's word, not its own: 「いくらまで助成」 asks a cap
    (per_applicant's 「いくらまで」), and budget's 「いくら」 within it does not count. Spaces between Japanese words
    (「どこの 局が」, typed in kana) are read as none."""
    text = re.sub(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])", "", text)
    found = [(n, a.name, a.spans(text)) for n, a in enumerate(vocabulary().attributes)]
    every = [(span, name) for _, name, spans in found for span in spans]

    def inside(span: tuple[int, int], name: str) -> bool:
        return any(other != name and s <= span[0] and span[1] <= e and e - s > span[1] - span[0]
                   for (s, e), other in every)

    def asked_at(spans: list[tuple[int, int]], name: str) -> int:
        # Where the attribute is asked with an interrogative of its own (「どこの局」「何人分」「いつから」); a bare
        # interrogative (「いくら」) asks nothing by itself (「運賃っていくら？」 asks the fare), and a hit without one
        # (「申請できる」「目指す」) describes rather than asks.
        # (「…、問い合わせるならどこ？」: the word, then the interrogative that ends the question, a verb's ending between)
        return max((e for s, e in spans if not inside((s, e), name) and text[s:e] not in _BARE_ASKING
                    and (_INTERROGATIVE.search(text[s:e]) or _ASKED_RIGHT_AFTER.match(text, e))), default=0)

    def ends(spans: list[tuple[int, int]], name: str) -> bool:
        # The word the question ends on (「…の予算は？」), asked without an interrogative of its own; a bare
        # interrogative ends a question without naming what it asks (「運賃って大人いくらですか？」: the fare).
        return any(not inside((s, e), name) and text[s:e] not in _BARE_ASKING and _QUESTION_END.fullmatch(text[e:])
                   for s, e in spans)

    scored = [(sum(1 for span in spans if not inside(span, name)), -asked_at(spans, name), not ends(spans, name), n,
               name) for n, name, spans in found]
    return [name for hits, _, _, _, name in sorted(scored, key=lambda t: (t[1] == 0, t[2], -t[0], t[1], t[3]))
            if hits > 0]


def _operation(text: str, ranking: bool = False) -> str | None:
    """The operation across programs the question asks (`data/operations.toml`), or None. With `ranking` (the
    conversation is on a ranking) a superlative ranks without a word of programs (「逆にいちばん少ないのは？」)."""
    vocab = vocabulary()
    found = []
    for op in vocab.operations:
        if not any(p.search(text) for p in op.patterns):
            continue
        if op.name in ("max", "min") and not ranking and not any(w in text for w in vocab.ranking_scope):
            continue  # 「一番大事なのは」 inside one program is not a ranking of programs
        if op.name in ("max", "min", "nth") and all(_POINTED.search(text[:m.start()])
                                                     for p in op.patterns for m in p.finditer(text)):
            continue  # 「そのいちばん大きい事業で、補助率は？」: the program the last answer ranked, pointed at
        if op.name == "nth" and not ranking and not any(w in text for w in (*vocab.ranking_scope,
                                                                            *vocab.ranking_measure)):
            continue  # 「35番目の国立公園になったのはどこ？」: an ordinal the text states, no ranking
        found.append(op.name)
    # 「前年度と比べて一番増えた事業は？」: a comparison with last year inside a ranking is the ranking's measure.
    if found[:1] == ["compare"] and ("max" in found or "min" in found):
        return next(op for op in found if op in ("max", "min"))
    return found[0] if found else None


def _group(text: str) -> str | None:
    """The field whose values a ranking ranks (`data/operations.toml`, group_by), or None: the question ranks (a
    superlative) and names a kind of group as its answer (「一番多いのはどこの局」), not a program ranked first whose
    office is asked (「一番予算が大きい事業はどこの局の担当？」)."""
    vocab = vocabulary()
    ranks = any(p.search(text) for op in vocab.operations if op.name in ("max", "min") for p in op.patterns) \
        or _RANKS_EN.search(text)
    if not ranks or _PROGRAM_RANKED.search(text):
        return None
    return next((name for name, patterns in vocab.group_by if any(p.search(text) for p in patterns)), None)


def _rank(text: str) -> int | None:
    match = _NTH.search(text)
    if not match:
        return None
    raw = match.group(1)
    return int(raw) if raw.isdigit() else int(kanji2number(raw))


def understand(question: str, history: list[Turn] | tuple[Turn, ...] = ()) -> Query:
    """Type a question (any script; the rules read its NFKC lower-cased form) in its conversation.

    Args:
        question: the question as the user typed it.
        history: earlier turns, oldest first. The previous question is understood once, in its own conversation;
            an elliptical follow-up (`Context.continues`) that asks no attribute keeps the previous one.

    Returns:
        The typed query. Never raises on odd input: a question nothing recognises has no attribute and no operation.
    """
    query = _understand_alone(question)
    query.context = context_of(query.text, history, question)
    if query.context is not None:
        query.previous = understand(query.context.previous_question, query.context.earlier)
        previous = query.previous
        if previous.operation is None and previous.previous is not None and previous.context is not None \
                and previous.context.continues and previous.previous.operation in ("max", "min", "nth"):
            # 「2番目は？」 after 「その額は？」 after 「予算がいちばん大きいのは？」: a follow-up on the program a ranking
            # gave passes the ranking on (its figure asked, the ranking goes on from it)
            previous = replace(previous, operation=previous.previous.operation, rank=previous.previous.rank,
                               descending=previous.previous.descending)
        if query.operation is None and previous.operation in ("max", "min", "nth", "sum", "count", "list") \
                and query.context.continues \
                and (operation := _operation(query.text, ranking=True)) in ("max", "min", "nth"):
            # 「逆にいちばん少ないのは？」 after 「いちばんお金ついてる事業は？」: the same ranking, read the other way;
            # 「一番大きいのは？」 after 「消防本部の事業はいくつ？」: those programs, ranked
            if operation == "nth":
                # 「3番目は？」 after a ranking: the same ranking's third, the way it was read
                query.operation, query.rank = "nth", _rank(query.text)
                if previous.operation in ("max", "min", "nth"):
                    query.descending = previous.descending
            else:
                query.operation = "min" if operation == "min" or not query.descending else "max"
                query.rank = 1
        if query.operation is None and previous.operation is None and query.context.continues \
                and len(query.text) <= 16 and (operation := _operation(query.text, ranking=True)) in ("max", "min"):
            # 「じゃあ一番多いのは？」 after 「新しい事業は？」 (a list its answer gave): those programs, ranked
            query.operation, query.rank = operation, 1
        if query.operation is None and previous.operation in ("max", "min", "nth") and _NEXT_RANK.search(query.text):
            # 「その次に大きいのは？」「次は？」 after a ranking: the rank after the one shown, the same way round
            query.operation, query.rank = "nth", (previous.rank or 1) + 1
            query.descending = previous.descending
        if query.operation is None and previous.operation in ("sum", "count", "list") and query.context.continues \
                and PART_OF.search(query.text) and (previous.operation == "sum" or query.attribute is None):
            # 「そのうち「防災・減災」の分だけだと？」 after a sum of the document: the same sum, narrowed (after a count
            # or a list, 「その中の児童虐待防止対策費って予算いくら？」 asks one of them its budget)
            query.operation = previous.operation
        if query.attribute is None and (query.context.continues or _THE_OTHER.search(query.text)) \
                and previous.attribute is not None and not _OPEN_QUESTION.search(query.text):
            # (「話かわるけど、Xのほうは？」: another program, the same thing asked of it)
            query.attribute = previous.attribute
            query.inherited = True
            if query.counter is None and previous.counts_things:
                # 「産業データ共有の方は？」 after 「…連携を何件つくるって？」: the same count, in the same counter
                query.counter = previous.counter
        if previous.years and not query.context.new_topic and query.relative is None:
            if not query.years:
                query.years = set(previous.years)  # 「売上はどのくらい見込んでるの？」 after 「令和2年度の…は？」: that year
                if query.asks_change and previous.previous is not None and previous.previous.years - query.years:
                    # 「何円ふえたことになる？」 after 「令和2年度の除雪費は？」 and 「前の年度（平成31年度）は？」: the two
                    # years the conversation named, compared
                    query.years |= previous.previous.years
                if len(query.years) > 1 and previous.asks_change and not query.asks_change:
                    # 「開業はいつを目指してるの？」 after 「令和2年度は平成31年度からいくら増えた？」: the year compared,
                    # not the year it was compared with
                    query.years = {max(query.years)}
            elif query.years != previous.years and query.asks_change and query.attribute in (None, "budget"):
                # 「令和2年度はどう変わった？」 after 「平成31年度の…予算は？」: the two years' budgets, compared
                query.years |= previous.years
                query.attribute = "budget"
    return query


# Words that add programs up (「合計」「足すと」「合わせて」), not the 総額 of one project's cost or of a heading that is a
# program of its own (`qa.answer.compose` reads it too).
ADDING = re.compile(r"合計|足す|足し|合わせ|あわせ|全部の事業|\btotal of\b|\bsum\b")


def _understand_alone(question: str) -> Query:
    """The question typed on its own words."""
    # 「すいそ ふくしま よさn」: the 「ん」 an input method left as 「n」; 「なんぼ?」: 「いくら?」
    question = standard_words(converted_n(question))
    text = nfkc(question).lower()
    vocab = vocabulary()
    script = script_of(text)  # of what was typed: 「なんさい」 is kana even when read as 「何歳」
    text = vocab.counters.in_kanji(text)
    query = Query(question=question, text=text, script=script)
    attributes = _attributes(text)
    if attributes[:1] == ["details"] and "budget" in attributes and _SOURCE_SAID.search(text) \
            and not vocab.attribute("budget").spans(_SOURCE_SAID.sub("", text)):
        # 「HER-SYSって補正予算の説明だとどういうシステム？」: the budget names where to read, what is asked is what it is
        attributes = [a for a in attributes if a != "budget"]
    if attributes[:1] == ["details"] and "budget" in attributes and not _SPENT_ON.search(text):
        # 「2020年度の予算と、その中身は？」: the figure named is answered first, what it covers after it.
        attributes = ["budget", *(a for a in attributes if a != "budget")]
    if attributes[:1] == ["per_applicant"] and "budget" in attributes and _BUDGET_ASKED.search(text) \
            and not _CAP_ASKED.search(text):
        # 「おたふく風邪ワクチンの接種助成っていくら予算とってる？」: the budget of the subsidy, not what one person gets
        attributes = ["budget", *(a for a in attributes if a != "budget")]
    if attributes and _WHICH_PROGRAM.search(text) and not _INTERROGATIVE.search(_WHICH_PROGRAM.sub("", text)):
        # 「国から補助が出る事業ってありますか？」「利用者負担を補助してくれる事業ってある？」: which program, described by
        # its words (補助, 負担), none of them asked
        attributes = []
    if attributes[:1] == ["budget"] and (case := _CASE_AMOUNT.search(text)) is not None \
            and not re.search(r"年度?|fy|予算|事業|総額|全体|合計|会計|[費款局部課省庁市町村県区]$|だけ$|のみ$", case.group("case")) \
            and not _BUDGET_ASKED.search(text):
        # 「100歳だといくら？」「中心部以外の場所だといくらまで？」「子育て世帯だと最大いくら」: the figure the text gives
        # that case (a cap when one is asked), not the budget (「令和2年度だといくら？」 names a year, 「AIM-120だけだと
        # いくら？」 one item of those shown: the budget)
        attributes = [a for a in attributes if a == "per_applicant"]
    if attributes[:1] == ["applicants"] and re.search(r"いくら|幾ら|何円|何億|金額|how much", text) \
            and not re.search(r"何\s*(?:人|名|件|社|者|世帯|団体)|人数|件数", text):
        # 「ふるさと納税はいくら見込んでる？」: an amount expected, not how many are expected to use it
        attributes = ["budget", *(a for a in attributes if a not in ("budget", "applicants"))]
    if attributes[:1] == ["per_applicant"] and _THING_RECEIVED.search(text) and not _SUM_ASKED.search(text):
        # 「高認に受かったら何の資格がもらえるの？」「どんな支援が受けられる？」: what is received, asked by its kind, not a sum
        attributes = attributes[1:]
    if attributes[:1] == ["budget"] and "per_applicant" in attributes and script == "en" \
            and not _BUDGET_NAMED_EN.search(text):
        # "How much is the monthly living allowance …?": "how much" of what one receives, no budget named
        attributes = ["per_applicant", *(a for a in attributes if a != "per_applicant")]
    if attributes[:1] == ["budget"] and "actuals" in attributes:
        # 「内閣広報経費って、実際にはいくら使ったの？予算より多かったって本当？」: what was spent of the budget is asked
        # (the budget beside it, for the difference or the rate)
        attributes = ["actuals", *(a for a in attributes if a != "actuals")]
    if attributes[:1] == ["actuals"] and "budget" in attributes and _AGAINST_SETTLED.search(text):
        # 「前年度決算より予算増えた？」: this year's budget against last year's settlement (the figure a sheet gives
        # beside it), a change of the budget
        attributes = ["budget", *(a for a in attributes if a not in ("budget", "actuals"))]
    query.attribute = attributes[0] if attributes else None
    query.also = attributes[1:]
    query.operation = _operation(text)
    if query.operation == "sum" and query.attribute == "project_total" and not ADDING.search(text):
        # 「継続費の総額は？」「総事業費はいくら？」: one project's cost over its years, stated; no programs added
        query.operation = None
    if query.operation == "sum" and _ONE_POINTED.search(text) and not ADDING.search(text):
        # 「その事業、国全体の予算だとどれくらい？」: one program pointed at, its budget for the whole country; nothing
        # is added up (「その事業を全部合わせると」 still adds)
        query.operation = None
    if query.operation == "count" and _PERCENT_ASKED.search(text):
        # 「公設試の利用数は何％増やす？」: a percentage of one program's figure, not a count of programs
        query.operation = None
    query.counter = vocab.counters.asked(text)
    if query.attribute is None and _TOTAL_WORD.search(text):
        query.attribute = "budget"  # 「施策の柱３の小計」: the figure of a total line
    if query.attribute is None and query.asks_change and (query.asks_previous_year or "額" in text) \
            and not _OPEN_QUESTION.search(text):
        # 「去年と比べてどれくらい増えた？」「町道改良事業の増減額」: the budget against the previous year's
        query.attribute = "budget"
    if query.counts_things:
        # 「何世帯くらいの見込み？」「何社が目標？」: a figure of one program, not a count across programs.
        if query.operation == "count":
            query.operation = None
        # ("How many F-35B fighter jets are funded in the FY2023 budget?": the 「budget」 says where, the count is asked)
        # (「タクシー利用券は何枚もらえる？」: a count of what one receives, not a sum of money)
        if query.attribute in (None, "target", "quantity", "eligibility", "per_applicant") or (
                query.attribute == "budget" and text.startswith("how many")):  # applicants is a count already
            query.also = [a for a in attributes if a != "quantity"]
            query.attribute = "quantity"
    query.amounts = costs_in(text)
    query.amount = amount_filter(text)
    query.years = asked_years(nfkc(question))  # era letters are capitals: 「H30」, not the lower-cased 「h30」
    query.relative = relative_year(text)
    if query.attribute is None and len(query.years) >= 2 and query.asks_change and not _OPEN_QUESTION.search(text):
        # 「平成31年度と令和2年度でどっちが多い？差は？」: the two years' budgets of one program, compared
        query.attribute = "budget"
    named = _NAME_MENTION.search(text) or _QUOTED_NAME.search(text) or _WORD_NAMED.search(text)
    mention = named or _MENTION.search(text)
    # The word as the question writes it (「AI」, not the 「ai」 the rules read), where lower-casing kept lengths.
    written = nfkc(question)
    query.mention = ((written if len(written) == len(text) else text)[mention.start(1):mention.end(1)]
                     if mention else None)
    if query.mention and not named:
        # 「この資料に載っている国交省関係の事業」: the words before a verb's ending say where, not what
        query.mention = _VERB_BEFORE.sub("", query.mention) or query.mention
        if (quoted := re.search(r"[「『]([^」』]{2,20})[」』]", query.mention)) is not None:
            query.mention = quoted.group(1)  # 「議員から「防災・減災」関連の事業」: the words set off are what is meant
    query.mention_in_name = named is not None
    if query.mention is None and (field := _FIELD_VALUE.search(text)) is not None:
        # 「評価がCの事業」: the rows whose text says 「評価：C」 (the value as the question writes it, upper case kept)
        shown = written if len(written) == len(text) else text
        query.mention = f"{field['field']}{shown[field.start('value'):field.end('value')]}"
    top = _TOP_N.search(text)
    query.top_n = int(next(g for g in top.groups() if g)) if top else None
    if query.operation == "nth":
        query.rank = _rank(text)
    elif query.operation in ("max", "min"):
        query.rank = 1
    ascending = any(w in text for w in vocab.ascending) and not any(w in text for w in vocab.descending)
    query.descending = not (ascending or query.operation == "min")
    if query.operation == "max" and not query.descending:
        query.operation = "min"  # 「最も…少ない」
    after = _AFTER.search(text)
    if after is not None and query.operation in (None, "max", "min", "nth"):
        # 「除雪費の次に予算が大きいのはどれ？」: the program ranked right after the one named
        query.after = after["name"]
        query.operation, query.rank = "nth", None
        query.descending = after["way"] not in ("小さい", "少ない", "安い", "低い")
    query.group = None if query.after else _group(text)
    if query.group is not None:
        # 「担当している事業の数が一番多い局はどこ？」: which group ranks first, by its programs counted or added
        query.group_by_count = any(p.search(text) for p in vocab.group_count)
        query.operation = "min" if any(w in text for w in vocab.ascending) and not any(
            w in text for w in vocab.descending) else "max"
        query.rank = 1
    if query.attribute == "per_applicant" and query.operation == "max" and "最大" in text \
            and not re.search(r"(一番|最も|いちばん|どれ|どの事業)", text):
        query.operation = None  # 「最大いくら補助される？」 asks a program's cap, not the largest program
    return query
