"""Composing answers: resolve the program (and the conversation), then answer from its fields or sentences.

Every answer states only what its citations quote; when the documents do not say, it abstains and shows
the nearest excerpts as related.
"""

from __future__ import annotations

import math
import re
import time
import tomllib
import unicodedata
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, cached_property, lru_cache
from pathlib import Path

import numpy as np
from kanjize import kanji2number

from qa.answer.abstention import abstention_model
from qa.answer.attributes import (
    Stated,
    apply_rate,
    cap_of,
    labelled,
    previous_count,
    qualified,
    rate_of,
    stated,
)
from qa.answer.models import Answer, Citation
from qa.answer.phrases import Phrases, phrases
from qa.answer.publisher import Publisher, publisher_of
from qa.answer.select import (
    Candidate,
    Scored,
    Selection,
    asked_types,
    carried_types,
    exactly_asked,
    other_amounts,
    selector,
    thing_markers,
)
from qa.answer.units import Unit, program_units, prose_units
from qa.facts import Fact, ProgramTable, answer_fact
from qa.facts.operations import (
    MAX_LINES,
    added_written,
    budget_of,
    of_where,
    ratio_text,
    stated_group_rank,
    summed,
    two_budgets,
    written_like,
    yen_of,
)
from qa.facts.sql import ProgramSQL
from qa.facts.stated import (
    StatedTotal,
    account_short_name,
    asked_account,
    generic_words,
    names_account,
    stated_total,
)
from qa.facts.table import KIND_ASKED, PUBLISHER, Conditions, Scope, publisher_name, voiceless_latin
from qa.index.stores import LoadedIndex
from qa.index.tokenize import content_nouns, tagged, tokenize
from qa.index.unit_vectors import UnitVectors
from qa.ingest.amounts import YEN_PER_OKU, find_amounts, format_in, format_yen, unit_of, written
from qa.ingest.layout import PHONE as L_PHONE
from qa.ingest.layout import RULE_LINE as L_RULE
from qa.ingest.models import Budget, Program, Section, Subproject
from qa.ingest.normalize import common_run, key, nfkc, raw_span, unspaced, unwrap
from qa.ingest.phone_lines import office_phone_line
from qa.ingest.qa_blocks import is_question
from qa.ingest.structure import document_contact
from qa.ingest.vocabulary import is_grand_total, is_total
from qa.ingest.years import era_name, eras
from qa.retrieve.abbreviations import Abbreviations, katakana_compounds
from qa.retrieve.aliases import expand, wording_of
from qa.retrieve.names import program_names
from qa.retrieve.readings import (
    FIELD_WORDS,
    LineLexicon,
    ReadingIndex,
    question_words,
    reading,
    restore_near,
    to_katakana,
)
from qa.retrieve.search import ProgramHit, Retriever
from qa.understand import Query, Turn, understand
from qa.understand.conversation import Context, conversation_words
from qa.understand.glossary import dictionary_terms, english_terms, is_english, romaji_words, translate_terms
from qa.understand.needs import need_terms
from qa.understand.query import ADDING, PART_OF
from qa.understand.script import converted_n, standard_words
from qa.understand.vocabulary import Attribute, vocabulary
from qa.understand.years import asked_years

LIST_INTRO = re.compile(r"(以下|次)の(とおり|通り|ような|もの)|[:：]$")
ATTRIBUTE = re.compile(r"の([^\s、。？?のはが]{2,8}?)(?:は|って)[^、。？?\s]{0,4}?"
                       r"(?:何|なに|なん|いつ|どこ|誰|だれ|どの(?:くらい|ぐらい)|どれ(?:くらい|ぐらい))")
# A cap or a sum per recipient asked by name (「上限」「最大」「いくらまで」「1人あたり」), not only 「補助はいくら？」.
_CAP_ASKED = re.compile(r"上限|限度|最大|まで|[1一]\s*(?:人|社|者|件|世帯|戸|台|頭|回|日|か?月|年)|あたり|当たり|につき|もらえ|受け取"
                        r"|月額|年額|日額|月に|年に|毎月|[月年日]\s*いくら"
                        r"|per\b|maximum|\bcap\b|at most|up to|each|monthly|daily|weekly|yearly|annual|allowance|stipend"
                        r"|\bfor (?:a|an|one)\b", re.IGNORECASE)
# The lines a table's reader writes of every row's office, heading and year (`qa.ingest.records`).
_ROW_METADATA = frozenset({"府省庁", "分類", "年度"})
# An adjective after 「どのくらい」 (「速いの？」「大きい？」): a degree of the thing before it asked, not a thing of it.
_DEGREE_ASKED = re.compile(r"\s*[一-龥]?[ぁ-ん]{0,3}い(?:の|ん|です|[?？]|$)")
# 「どこの造船会社が受注？」「どの基地に配備？」: the kind of thing asked after どこの / どの.
_WHICH_THING = re.compile(r"(?:どこの|どの)\s*([一-龥ァ-ヶー]{2,8})")
# 「IT導入補助金でパソコンって買える？」「ドローンも対象になる？」: a thing asked whether the program pays for it (NFKC).
_THING_COVERED = re.compile(r"([一-龥ァ-ヶーA-Za-z]{2,10})(?:って|は|も|を|が)\s*(?:買え|購入でき|対象(?:に|と)?な|補助(?:され|の対象)"
                            r"|助成され|使え)[^。]{0,6}[?？]?\s*$")
# What どの asks that is no thing a text names: a degree or a manner (「どの程度」), or programs themselves.
_NOT_A_THING = frozenset({"程度", "位", "辺", "辺り", "様", "事業", "施策", "制度", "補助金", "助成金", "交付金", "支援",
                          "プログラム", "取組", "取り組み", "分野", "項目"})
# 「AはBの何倍？」: a ratio of two programs, A before its topic particle and B before 「の何倍」.
_RATIO = re.compile(r"^(?P<a>[^、。?？]+?)(?:は|って)、?\s*(?P<b>[^。?？]+?)の(?:何|なん|約)?\s*倍")
# 「AはBより予算がいくら多い？」「AのほうがBよりどれだけ大きい？」: A before its topic particle, B before より; B
# naming a year (「前年度より」「令和6年度より」) is the program's own change, not a second program.
_THAN = re.compile(r"^(?P<a>[^、。?？]+?)(?:の(?:方|ほう)が|は|が|って)、?\s*(?P<b>[^。?？]+?)より")
# 「どこの機関がやる？」「実施主体は？」「どこが担うの？」: the body that carries a program out, named in its text (「どこが担当？」
# asks the office that runs it).
_ASKS_BODY = re.compile(r"(?:どこ|どの|何という)の?(?:機関|法人|団体|組織|会社)|実施(?:主体|機関)|どこが(?:実施|行|やる|担(?!当))")
# 「1機あたりで見ると、」「令和2年度だと、」: a condition opening a comparison, before its two parts.
_OPENING_CONDITION = re.compile(r"^[^、。?？]{1,20}?(?:で見ると|で見れば|でいうと|で言うと|で比べると|だと|では|なら)、\s*")
# 「AはBと比べていくら多い？」: A before its topic particle, B before 「と比べ」.
_AGAINST = re.compile(r"^(?P<a>[^、。?？]+?)(?:の(?:方|ほう)が|は|が|って)、?\s*(?P<b>[^。?？]+?)(?:と|に)(?:比べ|比較)")
_NOT_A_PROGRAM = re.compile(r"前年|昨年|去年|前の年|前回|^\s*(?:令和|平成|r|h|fy)?\s*[\d元]+\s*年度?\s*(?:当初|予算)?\s*$",
                            re.IGNORECASE)
# A share asked of something else than a subsidy (自己負担の割合, 国が所有している割合), not 補助率 or 補助割合.
_OTHER_SHARE = re.compile(r"(?<!補助)(?:自己負担|負担(?:の)?(?:割合|率)|所有|保有|占め|シェア|比率|割合)(?!.*補助(?:率|割合))")
# A bracketed qualifier at a title's end (「(陸自)」「（航空自衛隊）」「(令和6年度補正)」): one name split into rows.
_QUALIFIER = re.compile(r"\s*[（(](?:[^（）()]|[（(][^（）()]{1,16}[)）]){1,24}[)）]\s*$")  # (one level nested)
# A unit in a column's name (「予算額（千円）」「予算額(単位:百万円)」).
_UNIT_NOTE = re.compile(r"[（(]\s*(?:単位\s*[:：]?\s*)?(?:千円|百万円|億円|万円|円)\s*[)）]")
# A span the user quoted or bracketed (「」『』（）"…"): often a name as written.
_QUOTED = re.compile(r"[「『（(\"“]([^「」『』（）()\"“”]{2,40})[」』）)\"”]")
# The value types a figure attribute answers with (a budget, a cap, a rate, a count).
_FIGURE_TYPES = frozenset({"amount", "rate", "count"})
# A price of one asked (「1機あたり」「単価」 "per unit"): budgets over counts, compared or ranked.
_UNIT_PRICE = re.compile(r"(?:1|一)\s*[^\s\d]{1,2}?(?:あたり|当たり)|単価|per (?:unit|aircraft|plane|ship|vehicle)|unit (?:price|cost)",
                         re.IGNORECASE)
# A month said in everyday words (「ひと月いくら」「毎月」): the 月額 of a document's case.
_MONTHLY = re.compile(r"ひと月|(?:1|一)\s*(?:か|ヶ|カ|ケ)月|毎月|月々|月あたり|per month|a month|monthly", re.IGNORECASE)
# A change from last year stated without last year's figure (「前年度比３．２％の増」「対前年度比１０２．３％」「前年度から１２億円の減」).
_CHANGE_STATED = re.compile(r"(?:前年度?比|対前年度?比?|前年度?から|前年度?に比べ)[^。]{0,16}?(?:\d[\d.,]*\s*(?:%|ポイント|倍|億|万|千|円)"
                            r"|増|減|皆増)")
# 「２番目と３番目は？」「2番目、3番目はどれ？」: two or three ranks asked at once
_RANKS_LISTED = re.compile(r"(?:[\d０-９]+|[一二三四五六七八九十])\s*番目\s*(?:(?:と|や|、|,|及び|および)\s*"
                           r"(?:[\d０-９]+|[一二三四五六七八九十])\s*番目){1,2}")
# Whether one program is new or expanded, asked yes or no (「…は新規事業？」「新しく始まった事業なの？」 "Is it new?").
_FLAG_ASKED = re.compile(r"(?:は|って|も)\s*(?:(?P<new>新規|新しい|新しく始まった|今年から(?:の|始まった))|(?P<more>拡充))"
                         r"(?:の)?(?:事業|施策|もの)?(?:です|なの|でしょう|ですか|か)*\s*[?？]?\s*$"
                         r"|(?P<new_en>\bis (?:it|this|that|the program) (?:a )?new\b)", re.IGNORECASE)
# One program described in English ("the program to accelerate …", "a project for …"), not a listing of them.
_ONE_PROGRAM_EN = re.compile(r"\b(?:program(?:me)?|project|scheme|initiative|subsidy)\s+(?:to|for|that|which|on|aimed)\b")
# Where the programs a ranking is among end (「A、B、Cの中で一番…」「A、B、Cのうち」).
_AMONG_WORD = re.compile(r"の中で|のなかで|の中から|のうちで|のうち|の(?:3|4|5|6|7|8|9|三|四|五|六|七|八|九)つ|\bamong\b|\bof these\b",
                         re.IGNORECASE)
# Where the names of a comparison end (「vs」 stands between them, so it is not here; see `compared`).
_COMPARE_WORD = re.compile(r"どちら|どっち|比べ|比較|の差|which|compare|\b(?:gap|difference)\b", re.IGNORECASE)
# 「Bと比べると、Aのほうが多い」: what follows the word of comparison names A before its topic particle.
_OTHER_AFTER = re.compile(r"^(?:る|て|たら|ると|れば)?[、,]\s*(?P<a>[^、。?？]{2,}?)(?:の(?:方|ほう)が|は|が|って)")
# Words that name a group of programs (a heading, an area), not one program: 「第1の柱」「防災関係」「福祉分野」.
_GROUP_WORD = re.compile(r"柱|分野|項目|関係|関連|全部|すべて|全て|領域|政策")
# How far the first program retrieved for one part of a question must stand out from the next (ratio of fused
# scores) to be taken as the program the part names when no title holds the part's words as written.
PART_MARGIN = 1.25
# Where a sum's named parts end (「AとBを合わせると」「AとBの合計」).
_SUM_WORD = re.compile(r"を?合わせ|を?あわせ|の?合計|を?足す|を?足し|の?総額|で計(?=\s*(?:いくら|何))|combined|together|in total|total of",
                       re.IGNORECASE)
# A budget line's one count of things (「3機」「26両」「8,577丁」), as `_unit_cost` divides by it.
# The counters of things an item is priced by (隻, 機, 両 …): a budget line's count, and one unit of a price asked.
_THINGS_PRICED = "隻|機|両|輌|台|基|式|丁|門|艇|棟"
_ONE_COUNT = re.compile(rf"([\d,]+)\s*({_THINGS_PRICED})")
# A question asking who runs something or whom to call (not 「教育委員会が担当の事業は？」, a listing by who runs them).
_ASKS_WHO = re.compile(r"どこ|どの|誰|だれ|\bwho\b|\bwhich\b|問い?合わ?せ|連絡先|電話|窓口")
# The budget asked in so many words (not the 「治療費って」 of a cost the user pays).
_BUDGET_WORD = re.compile(r"予算|計上|事業費|budget|spend", re.IGNORECASE)
# A model's variants named by their letters after it (「F-35のAとB」「SM-3のIAとIIA」).
_VARIANTS = re.compile(r"(?P<base>[A-Za-z]{1,4}-?\d{1,3})\s*(?:の|は|って)\s*(?P<a>[A-Z]{1,3})\s*(?:と|・|、|及び|や|or|and)\s*(?P<b>[A-Z]{1,3})"
                       r"(?![A-Za-z])")
# Words of money: a sum of things counted that says none of them adds the things, not budgets.
_MONEY_WORD = re.compile(r"予算|金額|費用|経費|お金|円|いくら|budget|cost|yen|spend", re.IGNORECASE)
# A cost named in a question (「改装費」「人件費」): a word of kanji or katakana ending in 費.
_COST_WORD = re.compile(r"[一-龥ァ-ヴー]{1,6}費")
_GENERIC_COSTS = {"事業費", "総事業費", "全体事業費", "経費", "予算費", "費"}
_ONE_THING = re.compile(rf"(?<![\d,.０-９])(1|１|一|ひと)\s*({_THINGS_PRICED})(あたり|当たり)?")
# One of something a payment is counted by, asked in a question (「イノシシ1頭捕まえたら」「1台あたり」「一人につき」):
# the amount per that one, which a program's text may state (「イノシシ1頭 12,000円」「12万円/台」).
# 「一」 only before あたり or につき: 「一人暮らし」「一戸建て」 are words, not one of something.
# (the counters of things the data file lists, 食 and 店舗 among them, and the days and stays a price is per)
_COUNTERS = "(?P<c>" + "|".join(sorted({*vocabulary().counters.things, *vocabulary().counters.either, "日", "泊", "回", "件",
                                        "t", "kg", "m2", "kwh", "kw", "キロワット時", "キロワット"},
                                       key=len, reverse=True)) + ")"
# Units of measure a payment or a price is stated per, more than one of them at a time (「10aあたり」「60kgあたり」
# of a farm payment's 「21,000円/10a」 or a cost of production's 「11,350円/60kg」, an RS sheet's 単価).
_MEASURES = r"(?P<m>kg|キログラム|ha|ヘクタール|a|アール|t|トン|㎡|m2|kl|キロリットル|l|リットル|km|kwh|kw)"
_PER_ONE = re.compile(rf"(?<![\d,.])(?:1\s*{_COUNTERS}(?:あたり|当たり|につき|ごと)?|(?:一|ひと)\s*{_COUNTERS.replace('P<c>', ':')}"
                      rf"(?:あたり|当たり|につき|ごと)|(?P<n>\d+(?:\.\d+)?)\s*{_MEASURES}\s*(?:あたり|当たり|につき|ごと))",
                      re.IGNORECASE)
# One of the things an item buys, asked in English ("how much does one Tomahawk missile cost?", "the cost of each"):
# as `_PER_ONE`, a price of one that a budget line counting none does not give.
_PER_ONE_EN = re.compile(r"\b(?:one|each|a single)\b(?=[^?.]{0,40}\bcost)|\bcost (?:of|for) (?:one|each|a single)\b")
# 「AIの事業はいくつ？」「石油の事業の予算を全部足すと？」: a topic said before 「の事業」 (`Answerer._topic_of_programs`).
_TOPIC_OF = re.compile(r"(?:^|[、,\s])([^\s、,。?？をはがのにでとも「」]{1,12}?)の(?:事業|施策|取組|取り組み)(?:は|って|が|を|の|で|[?？]|$)")
# The words that point or take all, not a topic (「この資料の事業」「全部の事業」「新規の事業」).
_POINTING = re.compile(r"^(?:この|その|あの|どの|全部|ぜんぶ|すべて|全て|新規|新しい|拡充|継続|国|県|市|町|村|区)")
# A part of a program's budget asked (「うち…の分」「…に回る分」「内訳」).
_PART_ASKED = re.compile(r"うち|の分|内訳|に回る|配分|\bof (?:that|which|this|it)\b|\bbreakdown\b")
# Words of a budget's kind or year (「二次補正の」「当初予算の」), which name no part of it.
_KIND_WORD = re.compile(r"補正|当初|概算|要求|年度|予算|次")
# A line opening with a figure in brackets (「（６，０９１億円）」), under the sentence naming what it is the figure of.
_BRACKETED_FIGURE = re.compile(r"[（(]\s*\d[\d,.]*\s*(?:兆|億|万|千)?[\d,.]*\s*(?:億|万|千)?円\s*[)）]")
# A run of a name's characters (「介護・福祉分野」): kanji, katakana and the dots between them.
_NAME_RUN = re.compile(r"[一-龥ァ-ヴー・･]{2,}")
# A share asked as a number of tenths or a percentage (「何割」「何%」), which a 「定額」 does not give, and a value so written.
_SHARE_ASKED = re.compile(r"何\s*(?:割|%|パーセント)|what percent(?:age)?", re.IGNORECASE)
_SHARE_WRITTEN = re.compile(r"\d\s*(?:割|%)")
# A cap asked (「いくらまで」「上限」「最大」 "at most"): read by the per-applicant attribute, ranges and all.
_CAP_WORD = re.compile(r"まで|上限|最大|最高|限度|max|most|up to|limit", re.IGNORECASE)
# How strongly a question must name a program for it to count as named (compare, share, not a listing).
NAMED = 0.8
# Characters of a document's opening whose words may name it (title page: publisher, subject, year), counted without
# the indentation a converter sets a title page in (「東 雲 県」 right-aligned under the title).
OPENING = 150
# Characters of a document's opening (title, publisher, the budget's name and size) whose words may qualify its total.
WHOLE_DOCUMENT_OPENING = 400
# How well a mistyped name must read as a title to be trusted (`ReadingIndex.fuzzy_titles`: 1.0 = a whole name in
# characters or in sound, 0.5 = half of one); the helper's 32 ordinary questions without a name stayed below 0.5.
FUZZY_NAME = 0.9
FUZZY_GAP = 0.15
# A question about programs by their word (「一番多い事業は？」): not about a table's stated rows (款, 歳入の区分)
_PROGRAM_WORD = re.compile(r"事業|施策|制度|補助金|助成金|交付金|programs?|projects?", re.IGNORECASE)
# Words that ask for programs themselves (「…の事業は？」「どんな施策がある？」), not for something one of them says.
_ASKS_PROGRAMS = re.compile(_PROGRAM_WORD.pattern + r"|どんな|どれ|一覧", re.IGNORECASE)

# A figure asked (an amount, a year's, a rate, a count): a row's bare cells may hold it, whatever its words.
_FIGURE_ASKED = re.compile(r"いくら|額|円|前年|昨年|去年|増減|率|何(?:人|件|円|%|倍|年|回|か所|箇所)|どれ(?:くらい|ぐらい)")
# 「3人目」「三人目の子」: a family's n-th child, as the documents write it (第３子).
_NTH_CHILD = re.compile(r"(\d|[一二三四五])\s*(?:人目|番目)(?:の子(?:ども|供)?)?")
# A record's own field line (「年度：令和８年度」「予算額：…」): the program's figures, no sentence answering a detail.
_FIELD_LINE = re.compile(r"^\s*(?:年度|予算額|前年度|担当|事業名|府省庁|局・庁|部局)\s*[:：]")
# A hiragana run holding the long-vowel mark 「ー」 (「ぐろーばるほーく」「ぷれみあむ」 is none): a loanword typed in hiragana.
_HIRAGANA_LOANWORD = re.compile(r"[ぁ-ゖ]*[ぁ-ゖ]ー[ぁ-ゖー]*")
# A model code: letters and digits joined by a hyphen (F-35B, E-2D, SM-3, PAC-3MSE), as procurement items are named.
_CODE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{1,5}-?\d{1,3}[A-Za-z]{0,3}(?![A-Za-z0-9])")


# A question opening on its subject (NFKC): a noun phrase without a clause in it (no comma, no conditional
# 「なら」「だと」「たら」), then 「の」 (the attribute it owns follows), 「は」「って」「も」; after 「じゃあ」 and the like.
_OWN_SUBJECT = re.compile(r"^(?:じゃあ|じゃ|では|それでは|なら|で)?[、,\s]*(?P<subject>[^、,。\s?？]{2,20}?)(?<!なら)(?<!だと)(?<!たら)"
                          r"(?:の|って|は|も)")


# A table row's amount line as `qa.ingest.records` renders it (「予算額：24,860,000円」).
_ROW_AMOUNT = re.compile(r"^予算額：(?P<amount>[^\n]+)$", re.MULTILINE)
# What may follow a publisher's name in a question (「楓」 of 楓市, 「桜川町」 whole): its kind of office.
_PUBLISHER_TAIL = r"(?:市|町|村|県|都|府|道|区|省|庁)?"


def _model_codes(text: str) -> list[str]:
    """The model codes a text writes (「F-35B」「E-2D」「SM-3」), as `key` writes them; an English plural's s is no
    part of one ("how many F-35Bs", "the P-1s": F-35B, P-1)."""
    return [key(re.sub(r"(?<=[A-Z0-9])s$", "", code)) for code in _CODE.findall(nfkc(text))]


# An amount as a value states it (「30千円」「2,000円」).
_FIGURE = re.compile(r"\d[\d,.]*\s*(?:兆|億|万|千|百)*\s*円")
# 「1人」「1頭あたり」 before an amount: what it is counted per, not another amount.
_PER_UNIT = re.compile(r"^1\s*(?:人|社|者|件|世帯|頭|台|回|枚|日|泊)\s*(?:あたり|当たり|につき)?\s*")
# An office a sentence names as acting (「危機管理課において調達」「子育て支援課が実施」): a word ending in 課, 室, 係, 局
# or センター before において, が, で, により, にて, の担当, a bracket or the end (課題 and 課税 end no office).
_OFFICE_NAMED = re.compile(r"[一-龥ァ-ヴー]{2,12}?(?:課|室|係|局|センター)(?=において|が|で|により|にて|の担当|\s*[（(]|$)")
# A contact question that asks for the number itself (「電話番号は？」), not only who runs the program.
# An office of one level asked (「どの課が担当」「何局の事業」「which division"), which a department naming only its
# ministry does not give.
_OFFICE_LEVEL = re.compile(r"(?:どこ|どの|何)の?(?P<level>課|局|部|室|係)(?![一-龥])"
                           # 「担当の課はどこ？」「担当課って何？」: the level said before the question word
                           r"|(?:(?<![一-龥])|(?<=担当))(?P<after>課|局|部|室|係)(?:は|って|が)\s*(?:どこ|どちら|何)")
# The offices that answer a level asked (「どこの課？」 of 「…経営支援部 技術・経営革新室」: a 室 is a 課 of its own, as are
# a 係, a 班 or a グループ below one; 「何局？」 of an 庁's office).
_LEVEL_ANSWERS = {"課": "課|室|係|班|グループ|センター", "室": "室|課", "係": "係|班|グループ|担当", "局": "局|庁", "部": "部|局"}
_ASKS_PHONE = re.compile(r"電話|番号|\btel\b|phone")
# A way to reach a service asked (a number, a line, a web page), which a program's own text may give where its
# fields name no contact: 「消費者ホットライン「188」」「コールセンターを設置」「https://…」.
_ASKS_REACH = re.compile(r"電話|番号|\btel\b|phone|number|url|ホームページ|サイト|ウェブ|\bweb|リンク|窓口|コールセンター"
                         r"|ダイヤル|ホットライン|hotline|call cent")
_REACH = re.compile(rf"{L_PHONE.pattern}|https?://|www\.|ホットライン|コールセンター"
                    r"|ダイヤル|相談窓口|電話|番号|ホームページ|ウェブサイト|\burl\b", re.IGNORECASE)
# A number itself asked (「電話番号を教えて」「何番？」「住所と電話」), which only a sentence writing one answers: a phone
# number, or a short line's number after its name (「消費者ホットライン188」「#7119」「0120-…」).
# A web page asked for (「詳しく見られるページのURLは？」).
_ASKS_PAGE = re.compile(r"url|ホームページ|サイト|ウェブ|\bweb|リンク|ページ")
_ASKS_NUMBER = re.compile(r"番号|何番|なんばん|number|住所|address", re.IGNORECASE)
_NUMBER_WRITTEN = re.compile(rf"{L_PHONE.pattern}|0120|(?:ホットライン|ダイヤル|番号|電話|[#＃])"
                             r"\s*[「『]?\s*#?\d{3,4}(?![\d,.年円件%％])")
# Of those, the ways by phone, and the question asking for one (「電話で問い合わせできる窓口」「何番」).
_BY_PHONE = re.compile(rf"{L_PHONE.pattern}|ホットライン|コールセンター|ダイヤル|電話|番号|"
                       r"\btel\b|phone|hotline|call cent|number", re.IGNORECASE)
# A document's own prose (`_from_prose`) answers when the selector's calibrated probability that its best unit is
# right is above this: more likely right than wrong.
PROSE_ANSWERS = 0.5
# Kana left after restoring (four or more hiragana): perhaps words of a program's text, read by `_restored_near`
# against the text of the programs the question retrieves first (NEAR_PROGRAMS of them).
_HIRAGANA_RUN = re.compile(r"[ぁ-ゖー]{4,}")
# Four katakana or more: a word the documents write in katakana (a loanword, a species, a name).
_KATAKANA_WORD = re.compile(r"[ァ-ヺー]{4,}")
NEAR_PROGRAMS = 3
# Up to this many documents, every document's prose is read (made once each); beyond, those retrieval points to.
PROSE_EVERY_DOCUMENT = 50
# Quoted sentences hold this share of the selector's softmax over a program's sentences (`_quote`).
QUOTED = 0.8


@dataclass
class Resolution:
    """Which program a question is about, and why."""

    hits: list[ProgramHit]
    attribute: str | None
    from_history: bool = False
    salient: list[str] = field(default_factory=list)
    # The document the question names by its publisher (「青波県の」 "Aonami Prefecture's") when none of its programs was
    # retrieved: the programs found are another publisher's.
    elsewhere_of: str | None = None


# At most this many prose units of a document are read (and encoded, at answer time) for prose answers.
PROSE_UNITS = 2000
# 「Bのほうは？」「じゃあCは？」: a follow-up naming only the letters (or number) of another model.
_VARIANT = re.compile(r"^(?:じゃあ?|では|なら|それなら)?[、,\s]*([a-z]{1,2}|\d{1,3})\s*(?:の方|のほう|型)?\s*(?:は|って|も)?\s*(?:どう|いくら)?[?？]*$")
# 「Xの方は」「Xのほうって」: another thing than the one just answered, by contrast.
_CONTRAST = re.compile(r"(?:の方|のほう)(?:は|って|も|が)")
# 「ヘリコプターは全部で何機」: the thing whose counts are added, before 全部で / 合わせて.
_THING_IN_ALL = re.compile(r"([一-龥ァ-ヶーa-z0-9]{2,})\s*(?:は|を|が|って)?\s*(?:全部で|ぜんぶで|合わせて|あわせて|合計で?|計で)")
# 「全部で何隻」「合わせて何台」: the question asks every count of one kind, added.
_IN_ALL = re.compile(r"全部で|ぜんぶで|合計|合わせて|あわせて|総数|計で|in (all|total)|altogether", re.IGNORECASE)


def _listed_counts(text: str, counter: str | None, same: tuple[tuple[str, ...], ...] = ()) -> list[tuple[str, int]]:
    """The counts a sentence lists in one counter or a counter of the same things (`same`: 「か所」 is 「箇所」 too),
    each with the words naming it (「えい船２隻、油船２隻」 -> [("えい船2隻", 2), ("油船2隻", 2)]); [] when the sentence
    states its own total (「計６隻」「合計」), which the cue reads as it stands."""
    if not counter:
        return []
    words = sorted(next((group for group in same if counter in group), (counter,)), key=len, reverse=True)
    written = "(?:" + "|".join(map(re.escape, words)) + ")"
    text = re.sub(r"\s*\n\s*", "", nfkc(text))  # a name wrapped onto the line before its count
    if re.search(rf"(計|合計|総数)\s*\d[\d,]*\s*{written}", text):
        return []
    return [(f"{m['name']}{m['n']}{m['counter']}", int(m["n"].replace(",", "")))
            for m in re.finditer(rf"(?P<name>[^、,，。:：・（()）\s\d]{{0,10}}?)(?P<n>\d[\d,]*)\s*(?P<counter>{written})",
                                 text)]


# A group pointed back at (「その分野」「その局」「同じ部」): the one the last ranking of groups put first.
_GROUP_POINTED = re.compile(r"(?:その|この|同じ|そこの)\s*(?:分野|柱|区分|施策|分類|くくり|款|局|部局|部署|部|課|府省庁|省庁|省|庁)")

# An answer saying the documents lack what was asked (`phrases.ja.toml` [abstain]).
_SAID_MISSING = re.compile(r"記載(?:が|は)?(?:ありません|されていません)|記載が見つかりませんでした|記載は見つかりませんでした")

# Who bears a share of a cost, as documents name them beside their rates (「国２／３、県１／６、市町村１／６」).
_PARTY = r"(?:国|都道府県|市町村|県|都|府|道|市|町|村|事業者|本人|自己負担)"


@cache
def _funding_kinds() -> tuple[tuple[tuple[str, ...], re.Pattern[str]], ...]:
    """(words a question names a kind of source by, the pattern the document's source names of that kind match), from
    `data/funding.toml`."""
    data = tomllib.loads((Path(__file__).parent / "data" / "funding.toml").read_text(encoding="utf-8"))
    return tuple((tuple(kind["asked"]), re.compile(kind["source"])) for kind in data["kinds"].values())


def _funding_kind(question: str) -> re.Pattern[str] | None:
    """The pattern of source names of the one kind of source a question names in its own words (「借金」「町債」 -> the
    debt kind's 「債$」, `data/funding.toml`); None when it names none or several."""
    asked = nfkc(question)
    kinds = [source for words, source in _funding_kinds() if any(w in asked for w in words)]
    return kinds[0] if len(kinds) == 1 else None


def _funding_part(question: str, sentence: str, unit_from: str = "") -> str | None:
    """The one source of a funding breakdown the question names, with its figure (「地方債 83,200,000円」 of 「国庫支出金
    74,000,000円、県支出金 0円、地方債 83,200,000円」 asked of 地方債), by its name or by its kind (「町債は？」 of
    「緊急防災・減災事業債 204,000」, `data/funding.toml`); a bare figure takes the unit of `unit_from` (the program's
    budget, 「215,000千円」). None when it names none or several."""
    parts = [(m["name"], m["figure"]) for m in re.finditer(
        r"(?P<name>[^\s、,，。:：()（）\d]{2,12}?)(?:\s*[(（][^()（）]*[)）])?\s*[:：]?\s*"
        r"(?P<figure>\d[\d,]*(?:\.\d+)?\s*(?:千円|百万円|億円|万円|円)?)(?![\d,.])",  # (「地方債（過疎対策事業債） 229,200千円」)
        nfkc(sentence))]
    asked = nfkc(question)
    named = [(name, figure) for name, figure in parts if name in asked]
    if not named and (kind := _funding_kind(question)) is not None:
        named = [(name, figure) for name, figure in parts if kind.search(name)]
    return f"{named[0][0]} {written(named[0][1], unit_from=unit_from)}" if len(named) == 1 else None


def _party_share(question: str, sentence: str) -> str | None:
    """The share of the one party the question names, as the sentence states it beside that party (「県1/6」);
    None when the question names none, or the sentence gives that party no share of its own."""
    asked = [m.group(0) for m in re.finditer(rf"{_PARTY}(?=\s*(?:は|が|の|で|って|から))", nfkc(question))]
    if len(set(asked)) != 1:
        return None
    found = re.search(rf"(?<![都道府県市町村]){asked[0]}\s*[:：]?\s*(\d+(?:\.\d+)?\s*/\s*\d+|\d+\s*分の\s*\d+|\d+(?:\.\d+)?\s*[%％])",
                      nfkc(sentence))
    return f"{asked[0]}{found.group(1)}" if found else None


# The paper itself named as what is asked about (「この資料って、どこに問い合わせれば？」「この冊子について聞きたい」).
_PAPER_ASKED = re.compile(r"(この|その|あの)[^。?？]{0,30}(資料|冊子|文書|パンフ|リーフレット)")
# A question about the budget as a whole, not one program (「予算について聞きたいんだけど、どこに電話すれば」「予算について
# 全体的に問い合わせたい」): the document's own 問い合わせ先 answers.
_WHOLE_BUDGET = re.compile(r"(予算書?|予算案|資料|明細書|説明書|報告書|計画書?|概要|一覧表?|冊子|ページ|本書|要旨|総合戦略|調書)(の中身|の内容)?"
                           r"(全体|全般|のこと|について|に関して|に関する)|全体的|全般"
                           # 「見直し全体について問い合わせる電話番号は？」: the whole of what the paper is about
                           r"|全体(?:について|に関して|のこと)"
                           # 「補助金等一覧表の問い合わせ先は？」: the paper's own contact
                           r"|(予算書|明細書|説明書|報告書|計画書|一覧表?|冊子|本書)の(お?問い?合わ?せ|連絡先|窓口)"
                           # 「この「我が国の防衛と予算」って資料、どこに問い合わせればいい？」: the paper itself asked about
                           r"|(この|その)[^。?？]{0,30}(資料|冊子|文書)(って|は|の|、)[^。?？]{0,6}(どこ|誰|だれ)に?\s*(お?問い?合わ?せ|聞|連絡|電話)")


# 「何便増える？」「あと何か所増やす？」 "how many more": an increase asked, and 「32便から48便に」 a sentence that states one.
_MORE = re.compile(r"(何|なん|いくつ|どれ(くらい|だけ)).{0,6}(増え|増や|増加|増設|増便|拡大|多く)|how many more|increase by", re.I)
# A kind of budget a question names (「補正予算では」「当初予算で」「概算要求では」).
_BUDGET_KIND = re.compile(r"補正|当初|概算要求")
# A difference asked between two figures (「…と比べてどれだけ少ない？」「差は？」).
_GAP_ASKED = re.compile(r"比べ|差|より.{0,6}(?:多|少|大き|小さ|高|低)|どれだけ(?:多|少)|いくら(?:多|少)")
# 「6兆6,001億円を計上、前年度比で1兆4,213億円（27.4％）増」: a figure and its change from last year, in one sentence.
_WITH_CHANGE = re.compile(r"前年度比\s*で?\s*[+＋△▲]?\s*(?P<change>[^、。（(]{1,20}?円)\s*(?:[（(][^）)]*[)）])?\s*の?\s*"
                          r"(?P<way>増|減)")
_FROM_TO = re.compile(r"(?P<a>\d[\d,]*)\s*(?P<u1>[^\d\s、。（）()]{1,3}?)から\s*(?P<b>\d[\d,]*)\s*(?P<u2>[^\d\s、。（）()]{1,3}?)(?:に|へ)")
# A figure with last year's beside it, as results reports and evaluation sheets write outcomes (「外国人宿泊者数
# 18,420人（前年度12,655人）」「不燃領域率 61.8％（前年度60.4％）」).
_AGAINST_LAST = re.compile(r"(?P<b>\d[\d,]*(?:\.\d+)?)\s*(?P<u2>[^\d\s、。（）()]{1,3}?)\s*[（(]\s*(?:前年度|前年|昨年度|昨年|前回)"
                           r"(?:実績|値)?\s*[:：]?\s*(?P<a>\d[\d,]*(?:\.\d+)?)\s*(?P<u1>[^\d\s、。（）()]{1,3}?)\s*[）)]")


def hira2kata(text: str) -> str:
    """Hiragana as katakana (「ぐろーばるほーく」 -> グローバルホーク), other characters as they are (jaconv)."""
    import jaconv  # small and pure Python; read on the first question that needs it

    return jaconv.hira2kata(text)


def _year_label(programs: list[Program], year: int) -> str:
    """A fiscal year as the programs' budget lines name it (「平成31年度当初予算案」), else by its era (「令和2年度」)."""
    return next((p.budget.year for p in programs if p.budget and p.budget.year), "") or era_name(year)


def _bigrams(text: str) -> set[str]:
    k = key(text)
    return {k[i:i + 2] for i in range(len(k) - 1)}


# A part's name is named in the question's own words when this share of its bigrams (those of its program's title
# and of a bracketed note left out) is in the question.
PART_NAMED = 0.5


# What a question asks that a table's or a block's figure answers by its column's name (「執行率」「不用額」「予算現額」);
# an attribute of its own (補助率, 上限, 期間, 成果目標) is read by its attribute's rules, which know its forms.
_CELL_ATTRIBUTES = (None, "budget", "actuals", "field_figure", "details",
                    # (「委託の限度額は？」 of a row whose 限度額 column holds it: that cell, not a cap per applicant;
                    # 「使用料とかの収入は？」 of a row whose 受益者負担（使用料等） column holds it, not a fee's sentence)
                    "per_applicant", "fee")
# A rate named by its own word (「不燃領域率」「採択率」「受診率」).
_RATE_NAMED = re.compile(r"[一-龥ァ-ヴー]{2,8}率")
# The sections every program has (its budget's and its title's), which no question names as a column.
_UNNAMED_CELLS = ("予算額", "事業名")


def _names_cell(text: str, section: Section) -> bool:
    """Whether an NFKC question names a section of a program by its whole name (「執行率」「不用額」), other than the
    budget's and the title's own, which every program has. A column of a part 「うち…」 (「うち寄附金充当額」, "of
    which, …") is named without its 「うち」, as people ask it (「寄附金充当額の合計」)."""
    return len(_cell_name(section)) >= 2 and section.name not in _UNNAMED_CELLS and _cell_at(text, section) >= 0


def _figure_names(program: Program) -> list[str]:
    """The names a program's figures stand under beside its text: its budget's parts' labels (「うち基金充当額」) and
    its sections' names (a row's columns: 「限度額（千円）」)."""
    parts = [u.label for u in program.budget.uchi if u.label] if program.budget is not None else []
    return [*parts, *(s.name for s in program.sections)]


def _cell_at(text: str, section: Section) -> int:
    """Where an NFKC question names a section (its name as `_cell_name` gives it, or what the figure is of: 「住民一人
    当たりコスト」 asked as 「住民一人あたりいくらかかってる？」, the figure's own word aside); -1 when it does not."""
    name = _cell_name(section)
    if name in text:
        return text.index(name)
    core = _PER.sub("あたり", _CELL_FIGURE_WORD.sub("", name))
    if len(core) >= 4 and (at := _PER.sub("あたり", text).find(core)) >= 0:
        return at
    # (「受益者負担（使用料等）」 asked as 「使用料とかの収入」: the words its bracket names it by)
    inner = _CELL_NOTE.search(name)
    return text.find(inner.group("words")) if inner is not None else -1


# The word closing a column's name that says only that it holds a figure (「…コスト」「…額」), and 「当たり」 as typed.
_CELL_FIGURE_WORD = re.compile(r"(?:コスト|金額|額|費用)$")
_PER = re.compile(r"当たり|当り|あたり")
# A column name's bracketed other name (NFKC 「受益者負担(使用料等)」): its words, 「等」 aside.
_CELL_NOTE = re.compile(r"\((?P<words>[一-龥ァ-ヴー]{3,10}?)等?\)$")


def _cell_name(section: Section) -> str:
    """A section's name as a question says it (NFKC): without its 「うち」, and without the unit its header states in
    brackets (「限度額（千円）」 is asked as 「限度額は？」)."""
    return _HEADER_UNIT.sub("", _OF_WHICH.sub("", nfkc(section.name)))


# A unit closing a column's header in brackets (NFKC: 「限度額(千円)」「一人当たりコスト(円)」).
_HEADER_UNIT = re.compile(r"\s*\((?:単位\s*[:：]?\s*)?(?:千|百万|万|億)?円\)$")


# A rate named by its own name (「消費税率」「法人税率」「充当率」), not a share of the cost the program pays (補助率,
# 負担率, 助成率, 交付率: the rate attribute's own words).
_OTHER_RATE = re.compile(r"[一-龥ァ-ヴー]{1,8}(?<!補助)(?<!負担)(?<!助成)(?<!交付)率")
# The rate a question names by its own name, by the attribute asked (`Answerer._compose` says it missing where the text
# never names it).
_NAMED_RATES = {"field_figure": _RATE_NAMED, "rate": _OTHER_RATE}
# Capitals written as a word (「IT」「AI」「DX」): an acronym.
_ACRONYM = re.compile(r"(?<![A-Za-z])[A-Z]{2,6}(?![a-z])")
# 「うち」「内」 opening a column's name: the figure is part of the row's whole (「うち一般財源」「内国費」).
_OF_WHICH = re.compile(r"^(?:うち|内)(?=.{2})")


# An option checked among a cell's options (「■拡充　□継続　□縮小」), where unchecked ones are written too.
_CHECKED = re.compile(r"[■☑✓●◉]\s*(?P<value>[^\s□■☐☑●○◯]+)")
_UNCHECKED = re.compile(r"[□☐○◯]")


def _at_most(lines: list[str]) -> list[str]:
    """The first MAX_LINES lines of a list answer, and 「ほかN件」 for the rest."""
    return lines[:MAX_LINES] + ([f"ほか{len(lines) - MAX_LINES}件"] if len(lines) > MAX_LINES else [])


def cell_choice(cell: str) -> str:
    """The value a cell gives: the option checked among its options (「■拡充　□継続」 -> 拡充), else its first word
    (「Ｃ　シカの生息域拡大により…」 -> C; NFKC)."""
    text = nfkc(cell).strip()
    checked = _CHECKED.search(text)
    if checked and _UNCHECKED.search(text):
        return checked.group("value")
    first = re.match(r"[^\s:：、。，,（(]+", text)
    return first.group(0) if first else ""


def _cell_value(value: str, name: str, budget: Budget | None) -> str:
    """A cell's bare figure as an answer writes it: a rate's with 「%」, an amount's with the unit its table states once
    (the program's budget is written 「2,330」 in a 「（単位：千円）」 table: 「2,330千円」); other values as they are."""
    if not re.fullmatch(r"[△▲-]?[\d,]+(?:\.\d+)?", value):
        return value
    if name.endswith("率"):
        return value + "%"
    if budget is not None and budget.text and budget.amount_text and re.fullmatch(r"[\d,]+", budget.text) \
            and budget.amount_text.startswith(budget.text) and "." not in value:
        return value + budget.amount_text.removeprefix(budget.text)
    return value


# A running total asked (「今までに」「これまでに」「累計で」「通算」), and the count a text says is one (「累計は12,480台」).
_CUMULATIVE_ASKED = re.compile(r"今まで|いままで|これまで|累計|通算|合計で|in total|so far|to date", re.IGNORECASE)


def _cumulative(found: Stated, counter: str) -> Stated:
    """The count in `counter` its unit calls a running total (「累計は12,480台」「これまでに延べ…」), else `found`."""
    text = nfkc(found.unit.text)
    total = re.search(rf"(?:累計|通算|これまで|開始から|以降)[^。、]{{0,12}}?(\d[\d,]*)\s*{re.escape(counter)}", text)
    return Stated(found.unit, f"{total.group(1)}{counter}") if total else found


# An amount asked in so many words (「いくら」「何円」「金額は」 "how much"): a budget asked, whatever the program is
# named, and what a rate does not answer.
_MONEY_ASKED = re.compile(r"いくら|幾ら|何\s*(?:円|億|万|千円)|金額|額\s*(?:は|って|を)|how much", re.IGNORECASE)
# A budget line labelled as the sum of a project's years (a facility plan's 計 column, a 継続費調書's 総額)
_TOTAL_LABEL = re.compile(r"(?:事業費)?(?:計|合計|総額|総計)|総事業費|全体事業費")
# A sentence that speaks of a past year or a result (「前年度は16枚」「令和6年度実績」「これまでに」「累計」).
_PAST_SAID = re.compile(r"前年|昨年|去年|前期|実績|過去|これまで|累計|(?:19|20)\d\d年度?(?:末)?(?:まで|の|は|に)|"
                        r"(?:平成|令和)\s*(?:\d+|元)\s*年度?(?:末)?(?:まで|の|は|に|実績)")
# The user's own last year (「去年」「昨年度」), and the document's word for the year before its own (「前年度」).
_LAST_YEAR_SAID = re.compile(r"(?:去年|昨年|さくねん|きょねん)度?|last year")
_PREVIOUS_SAID = re.compile(r"前年|前の年|previous year|prior year")
# An amount asked, then last year's asked after it (「令和2年度はいくらで、前年度は？」 "how much in FY2020, and how much was
# it the year before?"): both years' figures are wanted.
_BOTH_YEARS_ASKED = re.compile(r"(?:いくら|何円|何億|how much)[^。?？]{0,40}?(?:前年|前の年|昨年|去年|the year before|previous year"
                               r"|last year|prior year)", re.IGNORECASE)
# A share of one program asked by what it goes to: 「Xのうち、Yにはいくら？」「Xのうち Y に回る分は？」 "how much of
# the X budget goes to Y".
_PART_OF_ONE = re.compile(r"のうち[、,]?\s*(?P<part>[^、。?？]{2,30}?)\s*(?:に回る|にかかる|に使(?:う|われる)|向け|には|に|へは|の分|分は|分|は|って)"
                          r"[^。?？]{0,10}(?:いくら|何億|何万|何円|どれ(?:くらい|ぐらい|だけ))"
                          # 「Xの中の万博誘致事業、それ単独の予算額は？」: a part inside X asked on its own
                          r"|(?:の中の|のなかの|の中で|のなかで)\s*(?P<part_alone>[^、。?？]{2,30}?)[、,]?\s*(?:それ)?\s*(?:単独|だけ|のみ)"
                          r"[^。?？]{0,12}(?:いくら|何億|何万|何円|どれ(?:くらい|ぐらい|だけ))"
                          r"|\bhow much of\b.{2,80}?\b(?:goes|go|is going|will go|is allocated|is earmarked|is set aside|is spent|is used)"
                          r"\s+(?:to|for|on)\s+(?:the\s+)?(?P<part_en>[^?.]{2,60})", re.IGNORECASE)


def _part_phrase(text: str) -> str | None:
    """The share of a program a question asks the figure of, as it writes it (「万博誘致」 of 「…のうち、万博誘致には
    いくら？」, "the 2025 World Expo bid"), None when it asks no share so."""
    found = _PART_OF_ONE.search(text)
    return (found.group("part") or found.group("part_alone") or found.group("part_en")) if found else None


def _part_named(question: str, program: Program) -> Subproject | None:
    """The priced part of a program the question names in its own words (「町道中原線の改良工事は？」 of 「町道中原線
    改良工事（L=320m）」): most of the part's own bigrams in the question, clearly more than any other part's; None
    when no part is named so."""
    asked, title = _bigrams(question), _bigrams(program.title)
    scored = []
    for sub in program.subprojects:
        own = _bigrams(re.sub(r"[（(][^（）()]*[)）]", "", sub.name)) - title
        if sub.amount is not None and len(own) >= 3:
            scored.append((len(own & asked) / len(own), sub))
    scored.sort(key=lambda t: -t[0])
    if not scored or scored[0][0] < PART_NAMED or (len(scored) > 1 and scored[1][0] >= scored[0][0] - 0.2):
        return None
    return scored[0][1]


class Answerer:
    """Answers questions over one loaded index.

    Args:
        index: the loaded index.
        retriever: its retriever.
        aliases: common names -> document wording.
        abstain_threshold: a probability below which the answer abstains, overriding the calibrated gate's
            threshold (`qa.answer.abstention`); None keeps the calibrated one.
    """

    def __init__(self, index: LoadedIndex, retriever: Retriever, aliases: list[tuple[str, str]],
                 abstain_threshold: float | None, top_k: int) -> None:
        self.index = index
        self.retriever = retriever
        self.aliases = aliases
        self.threshold = abstain_threshold
        self.abstention = abstention_model()
        self.top_k = top_k
        self.phrases: Phrases = phrases()
        self.programs = index.programs_by_id
        self._terms: OrderedDict[str, set[str]] = OrderedDict()
        self._units: OrderedDict[str, list[tuple[Unit, list[str]]]] = OrderedDict()
        self._title_counts: dict[str, int] = {}
        self._document_keys: dict[str, str] = {}
        self._names_keys: dict[str, str] = {}
        self._unit_vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._line_lexicons: OrderedDict[str, LineLexicon] = OrderedDict()  # see _line_lexicon
        # document name -> its prose units (with lemmas), their vectors (None in bm25 mode) and its first program's
        # id (what a citation of the document's own text is filed under), made on first need
        self._prose: dict[str, tuple[list[tuple[Unit, list[str]]], np.ndarray | None, str]] = {}
        self._programs_of: dict[str, list[Program]] = {}
        # The build's sentence vectors (memory-mapped); a build without them has its sentences encoded per question.
        parquet = index.programs_parquet
        self.stored_units = UnitVectors.open(parquet.parent if parquet is not None else None)
        self.selector = selector()
        self.vocab = vocabulary()
        # Fact questions are computed in DuckDB over the build's program table (read on the first one).
        # Each document's opening (title and first lines) tells the documents apart for a question naming one.
        # A line printed letter-spaced (「東 雲 県」 under the title) is read as the word it spells.
        openings = {name: f"{d.title}\n{opening_of(d.text)}" for name, d in index.documents.items()}
        self._document_terms: dict[str, frozenset[str]] = {}
        self.table = ProgramTable(index.programs, text_of=self.program_text,
                                  sql=ProgramSQL.open(index.programs_parquet, index.programs, self.program_text),
                                  openings=openings)
        # Titles are read once per index: kana-only and mistyped names are matched on their readings.
        self.readings = ReadingIndex([p.title for p in index.programs if p.has_budget_structure],
                                     vocabulary=(*FIELD_WORDS, *question_words(), "補助額", "締め切り", "電話",
                                                 *(name for name, _ in aliases)),
                                     # (a total's title too, 消防費 typed 「しょうぼうひ」: restored, not matched as a title)
                                     names={*(n for p in index.programs for n in (p.department, p.ministry, *p.categories)
                                              if n), *(d.title for d in index.documents.values() if d.title),
                                            *(p.title for p in index.programs if p.kind == "total")})
        self.covered_years = {a.fiscal_year for p in index.programs if p.budget
                              for a in (p.budget, p.budget.previous_year) if a is not None and a.fiscal_year}

    def program_text(self, program: Program) -> str:
        """The program's whole text, sliced from its document (no copy of every program's text kept), with the
        sections that stand outside its span (a ledger 事業's ・ detail lines, read in a column of their own)."""
        return program.whole_text(self.index.documents[program.document].text)

    # -- caches -------------------------------------------------------------------------------------------
    def program_terms(self, program: Program) -> set[str]:
        """Lemmas of a program's whole text and names (cached; programs are few and reused)."""
        terms = self._terms.get(program.id)
        if terms is None:
            text = self.program_text(program)
            terms = set(tokenize(text + " " + " ".join(program_names(program))))
            self._terms[program.id] = terms
            if len(self._terms) > 4096:
                self._terms.popitem(last=False)
        return terms

    def _holds(self, program: Program, term: str) -> bool:
        """Whether a program's text holds a term, or the kanji it is written with before its kana ending (「泊まり」 of
        a text writing 「宿泊」「１泊」)."""
        terms = self.program_terms(program)
        stem = re.sub(r"[ぁ-ん]+$", "", term)
        return term in terms or (stem != term and re.fullmatch(r"[一-龥]+", stem) is not None and stem in terms)

    def document_terms(self, name: str) -> frozenset[str]:
        """Lemmas of a document's title and opening (who publishes it, on what), read once per document."""
        terms = self._document_terms.get(name)
        if terms is None:
            document = self.index.documents[name]
            terms = self._document_terms[name] = frozenset(tokenize(f"{document.title} {opening_of(document.text)}"))
        return terms

    def units(self, program: Program) -> list[tuple[Unit, list[str]]]:
        """The program's quotable units with their lemmas (`tokenize`, read once here and handed to the selector,
        which would otherwise tokenise every unit again); cached for the last 4,096 programs."""
        cached = self._units.get(program.id)
        if cached is None:
            doc = self.index.documents[program.document]
            cached = [(u, tokenize(u.text)) for u in program_units(program, doc)]
            self._units[program.id] = cached
            if len(self._units) > 4096:
                self._units.popitem(last=False)
        return cached

    # -- resolution ---------------------------------------------------------------------------------------
    def salient_terms(self, question: str, acronyms: frozenset[str] = frozenset()) -> list[str]:
        """Content terms of a question that could name a program (not question words, not field names); `acronyms`
        (lower-cased) are kept though they spell an English stopword (「IT導入」's it)."""
        skip = (self.phrases.stopwords | self.phrases.field_words) - acronyms
        # Kana of one or two characters are particles; a year or figure (「2019」「fy2019」) names no program.
        return [t for t in content_nouns(question) if t not in skip and not re.fullmatch(r"[ぁ-ん]{1,2}|(fy)?\d+", t)]

    def resolve(self, query: Query, mode: str) -> Resolution:
        """The programs a question is about; a question naming nothing leans on its conversation.

        A follow-up that names no program of its own (「その予算は？」「担当課は？」) is about what the last answer
        showed: the programs its text names, in the order shown. Without such a name (an abstention that named
        none, a client that sends no answers) the previous question is resolved again, in its own conversation.
        An English question is retrieved with the dense model weighted up (BM25 has no English to match).
        """
        question = query.question
        expanded, weight = self.retrieval_query(query)
        # (capitals a question writes, 「IT導入補助金」「AI」, are an acronym, never the English pronoun 「it」)
        salient = self.salient_terms(expanded, frozenset(a.lower() for a in _ACRONYM.findall(nfkc(question))))
        context, previous = query.context, query.previous
        # A single character (the counter of 「何発買うの？」) names no program, but the thing a contrast sets against
        # the last answer does (「船のほうは？」 after 警察用航空機の整備).
        contrasted = {m.group(1) for m in re.finditer(r"([一-龥])(?:の方|のほう)(?:は|って|も|が)", nfkc(question))}
        naming = [t for t in salient if len(t) > 1 or t in contrasted]
        if context is not None and previous is not None and (asking := self._asking_words(query)):
            # 「そのうち実際に執行されたのは？」: the words saying what is asked of the program name no program; in
            # English, nor do their glossary words ("Which office is in charge of it?": オフィス, 任務)
            said_asking = set(self.salient_terms(self.expanded(asking))) if query.script == "en" else set()
            naming = [t for t in naming if t not in asking and t not in said_asking]
        if context is not None and previous is not None:
            # 「その事業、国全体の予算だとどれくらい？」: the noun a demonstrative points with (事業 of その事業) is the
            # program shown, not a word naming another; nor does a word of how one uses it (「申し込みはどこに？」)
            pointed = {t for m in _POINTER_NOUN.finditer(nfkc(question)) for t in tokenize(m.group(1))}
            process = conversation_words().process if not context.new_topic else frozenset()
            naming = [t for t in naming if t not in pointed and t not in process]
        # A model code (「F-2のほうは？」) names its item though its pieces are single characters; one that no program
        # shown holds moves the question to the program that does.
        codes = [c for c in _model_codes(question) if c not in naming]
        naming += codes
        shown = self.shown_programs(context.shown) if context is not None and previous is not None else []
        if codes and any(not any(c in key(p.title) for p in shown) for c in codes):
            shown = []
        # 「何隻建造する予定？」 after the ship's answer names no program: when its words are generic (each in the
        # titles of several programs: 建造, 取得) the question stays on what was shown; a program named by name, a
        # specific word (廃炉), or a new topic (「〜について」, keywords) moves it.
        named = self.named(question) if shown and naming and context is not None else []
        # (a program named by one of its names, 「じゃあIT導入補助金は？」 after ものづくり補助金, is the question's own
        # topic, however short the question and whatever words the shown program's text also holds: 導入)
        names_another = bool(named) and named[0].id != shown[0].id
        stays = bool(shown) and bool(naming) and context is not None and not context.new_topic \
            and not named and all(self._titles_with(t) >= 2 for t in naming)
        # 「その就職支援金って1人いくら？」 after 保育士確保対策事業, or a short 「受付はいつから？」: words the shown
        # program's own text holds point into it.
        # 「泊まりで使うと1泊いくら払うの？」 after 産後ケア事業: a question naming no program, all of whose words the
        # shown program's text holds (「宿泊型…１泊2,500円」), asks on about it, short or not.
        short = len(query.text) <= conversation_words().topic_only_max_chars
        # (the words the question itself says: 修理, not the 修繕 and 維持 its expansion adds for retrieval)
        said = set(self.salient_terms(question))
        typed = [t for t in naming if t in said] or naming
        stays = stays or (bool(shown) and bool(naming) and context is not None
                          and (context.refers or short or not named) and not names_another
                          and not context.new_topic and all(self._holds(shown[0], t) for t in typed))
        # 「使用料とかの収入はどれくらいある？」 after 町営温泉施設管理運営事業: a column of the shown row, named (its
        # 「受益者負担（使用料等）」): about that row
        asked = nfkc(question)
        stays = stays or (bool(shown) and context is not None and not context.new_topic and not names_another
                          and any(_names_cell(asked, section) for section in shown[0].sections))
        if stays and context is not None and not context.refers and self._titled_elsewhere(typed, shown[0]):
            # 「IT導入補助ぎんの上限いくら」 after 事業承継…支援事業, whose text holds 導入 and 補助 too: two of its words
            # stand in another program's title and not in the shown one's; a new topic typed without a marker (nor
            # the exact name: 補助ぎん)
            stays = False
        contrast = bool(shown) and bool(naming) and bool(_CONTRAST.search(query.text)) \
            and not all(t in set(tokenize(shown[0].title)) for t in naming)
        if stays and contrast:
            stays = False  # 「じゃあビザの発給業務の方はいくら？」 after 旅券関連業務: another program, by contrast
        # 「同じ学校のトイレ改修は？」 after 「潮見台中の耐震補強の予算は？」: it points back (同じ) but names what the
        # shown program's text does not hold; another program, the one sharing most with the previous question.
        # 「船のほうは？」 after 「警察のヘリとか飛行機の更新って」: another program named by a word too short to be looked
        # up alone, the one nearest the last question (「ビザの発給業務の方は？」 is looked up by its own words)
        thin_contrast = contrast and all(len(t) == 1 for t in naming)
        # (「それって自衛隊のどの艦から撃つ想定？」: 「それ」 at the start is the program shown itself, whatever else
        # the question says of it, unless it names another program by name)
        itself = bool(_IT_ITSELF.match(nfkc(question))) and not self.named(question)
        # ("Which languages does it support?" after the Multilingual Consultation Center: an English pronoun with a
        # word or two of what is asked is the program shown, whose text may say it in other words)
        itself = itself or (query.script == "en" and context is not None and context.refers and len(typed) <= 2
                            and not self.named(question))
        elsewhere = (bool(shown) and context is not None and context.refers and len(typed) >= 2 and not itself
                     and not all(t in self.program_terms(shown[0]) for t in typed)) or thin_contrast
        variant = self._variant_of(query.text, shown[0]) if shown and context is not None else None
        if variant is not None:
            # 「Bのほうは？」 after F-35A: the program whose code differs from the one shown in the letters named
            return Resolution([ProgramHit(variant.id, 1.0, [], name_score=1.0)], query.attribute, True, salient)
        if shown and naming and PART_OF.search(query.text):
            # 「そのうち事前キャンプの受け入れ分は？」 after 東京オリンピック・パラリンピック推進事業: the part of what was
            # shown (a row listed under it) that holds the question's words
            held = [(sum(t in self.program_terms(p) for t in naming), p) for p in self.table.parts_of(shown[0])]
            if held and (best := max(held, key=lambda h: h[0]))[0] > 0:
                return Resolution([ProgramHit(best[1].id, 1.0, [], name_score=1.0)], query.attribute, True, salient)
        # 「もにづくり補助金の補助率」 after 事業承継: a new topic whose only name is misspelt into kana the tokenizer
        # cuts up (も・に・づくり) names nothing, yet reads as another program's title (`_promote_misspelt` finds it)
        misspelt = self._misspelt_title(question) if not naming and shown and context is not None \
            and context.new_topic and not context.refers else None
        if shown and misspelt == nfkc(shown[0].title):
            misspelt = None  # (the shown program's own name, misspelt: it stays)
        # 「ちなみに福岡市だと、…は？」 after 茨城県's program: a publisher of another document than the shown programs'
        # names where the question is asked, a topic of its own
        moved = bool(shown) and (there := self._placed(question)) is not None \
            and all(p.document != there[1] for p in shown)
        if context is not None and previous is not None and not elsewhere and not moved and (
                stays or (itself and bool(shown)) or (not naming and misspelt is None)
                or (context.refers and len(typed if query.script == "en" else naming) <= 1)):
            # (an English word and the glossary's Japanese for it name one thing: "buy" and 購入)
            # Of a title shown in several years, the year the conversation is on (`_of_year`); of several programs
            # shown, the one whose title holds the question's words (「京都の方は？」 after 赤坂 and 京都 were listed).
            if shown:
                titled = [p for p in shown if naming and all(t in set(tokenize(p.title)) for t in naming)]
                if len(titled) == 1:
                    shown = [titled[0], *(p for p in shown if p is not titled[0])]
                hits = self._of_year(query, [ProgramHit(p.id, 1.0, [], name_score=1.0) for p in shown])
                return Resolution(hits, query.attribute, True, salient)
            # (no program shown: the previous question looked up again, as sure as it was then, so that a follow-up
            # of a question the gate declined, 「赤ちゃん生まれたらお金もらえる？」 then 「いくら？」, is declined too)
            earlier = self.resolve(previous, mode)
            return Resolution(self._of_year(query, earlier.hits), query.attribute or earlier.attribute,
                              earlier.from_history, earlier.salient)
        placed = self._placed(question)
        if placed is not None:
            # 「北嶺町で除雪にかける予算」 of a corpus of several offices' documents: the place names the document, not
            # the program (北嶺町観光協会補助金 holds the name too); the rest of the question is looked up in it.
            question, document = placed
            expanded = self.expanded(question)
        if thin_contrast and previous is not None and placed is None:
            expanded = f"{expanded} {self.expanded(previous.question)}"  # 船 among the last question's programs
        hits = self.retriever.search_programs(expanded, k=max(self.top_k, 10), mode=mode, dense_weight=weight,
                                              name_query=self.naming_text(question))
        outside = None
        if placed is not None:
            hits = [h for h in hits if self.programs[h.program_id].document == document] + [
                h for h in hits if self.programs[h.program_id].document != document]
            own = [self.programs[h.program_id] for h in hits if self.programs[h.program_id].document == document]
            other = next((self.programs[h.program_id] for h in hits if self.programs[h.program_id].document != document),
                         None)
            outside = document if hits and not own else None  # (none of the named document's programs retrieved)
            # The named document's best program holds none of the question's words where another's does (「青波県の
            # 太陽光パネルの補助」 of a prefecture's list without one, beside a town's with one): none of its own matched.
            words = [t for t in self.salient_terms(expanded) if len(t) >= 2] if own and other is not None else []
            if words and not any(self._holds(p, t) for p in own for t in words) \
                    and any(self._holds(other, t) for t in words):
                outside = document
                hits = [h for h in hits if self.programs[h.program_id].document != document]
        hits = self._of_budget_kind(query, self._of_year(query, self._promote_code(
            question, self._promote_misspelt(question, hits))))
        hits = self._total_named(query, self._of_office(query, self._kept_copies(hits)))
        if misspelt is not None and (program := self._by_spelling.get(misspelt)) is not None:
            # (the title the new topic misspells, first: retrieval reads its cut-up kana as nothing)
            hits = [ProgramHit(program.id, hits[0].score if hits else 1.0, [], name_score=FUZZY_NAME),
                    *(h for h in hits if h.program_id != program.id)]
        if elsewhere and previous is not None:
            hits = self._nearest_to(hits, naming, self.salient_terms(self.expanded(previous.question)))
            if hits and hits[0].program_id == shown[0].id:
                # 「従業員の給料上げるつもりなんだけど、それだと上限変わる？」: the words are the user's case of the
                # same program, which stays what the conversation is about.
                return Resolution(hits, query.attribute, True, salient)
            top = self.programs[hits[0].program_id] if hits else None
            if thin_contrast and top is not None and all(t in self.program_terms(top) or t in top.title for t in naming):
                # 「船のほうは？」: the conversation chose it (the thing set against the last answer, among the last
                # question's programs), as a follow-up on the program shown would be
                return Resolution(hits, query.attribute, True, salient)
        if shown and naming and context is not None and not context.new_topic and hits and not elsewhere and not moved \
                and all(self._titles_with(t) == 0 for t in naming) \
                and (context.refers or query.attribute is not None or any(self._in_corpus(t) for t in naming)) \
                and (context.refers or not _SAID_MISSING.search(context.shown)) \
                and not self._speaks_of(self.programs[hits[0].program_id], query, naming) \
                and (context.refers or not self._names_own_subject(question, naming, shown[0])):
            # 「じゃあ対象になる古い家なら、補助は最大いくら？」 after 木造住宅耐震改修補助事業, 「何件くらい採択される
            # 予定？」 after 中小企業DX推進補助金: a follow-up (no new topic) whose words name no program (no title holds
            # them) and that no program found speaks of describes the user's case of, or asks on about, the one shown,
            # which stays what the conversation is about. (A program the last answer named only to say the documents
            # lack what was asked, 「町道長根線改良事業の「給料」は記載されていません」 for 「町長の給料は？」, was no topic
            # the user chose: 「プール建設の予算は？」 next is asked afresh unless it points back.)
            return Resolution([ProgramHit(p.id, 1.0, [], name_score=1.0) for p in shown], query.attribute, True,
                              salient)
        return Resolution(hits, self._asked_beside_name(query, hits), False, salient, elsewhere_of=outside)

    def _total_named(self, query: Query, hits: list[ProgramHit]) -> list[ProgramHit]:
        """A total line the question names whole (「スタンド・オフ防衛能力の予算はざっくりいくら？」 of an area's line
        「スタンド・オフ防衛能力 約１兆４，２０７億円」) first, when its budget (or nothing else) is asked and no program's
        own name is written longer: retrieval had put a program sharing its words first (スタンド・オフ電子戦機の開発)."""
        if query.operation is not None or query.attribute not in (None, "budget") or not hits:
            return hits
        asked = key(query.text)
        named = [(k, p) for k, p in self._totals_by_key.items() if k in asked] \
            or [(short, p) for short, p in self._accounts_by_short_name.items() if names_account(query.text, short)]
        if not named:
            return hits
        length, total = max(((len(k), p) for k, p in named), key=lambda t: t[0])
        top = key(self.programs[hits[0].program_id].title)
        if top in asked and len(top) >= length:
            return hits  # the program is named as whole (or more so)
        return [ProgramHit(total.id, hits[0].score, [], name_score=1.0), *[h for h in hits if h.program_id != total.id]]

    def _of_office(self, query: Query, hits: list[ProgramHit]) -> list[ProgramHit]:
        """For a contact asked of an office the table knows, and no program named (「総務課の電話番号は？」), a program
        of that office first: retrieval matched 総務課 inside 教育総務課, and that office's phone was given."""
        if query.attribute != "contact" or not hits or hits[0].name_score >= NAMED:
            return hits
        scope = self.table.own_scope(query)
        if scope.conditions is None or scope.conditions.organisation is None or not scope.programs:
            return hits
        ids = {p.id for p in scope.programs}
        if hits[0].program_id in ids:
            return hits
        inside = [h for h in hits if h.program_id in ids] or [ProgramHit(scope.programs[0].id, hits[0].score, [])]
        return inside + [h for h in hits if h.program_id not in ids]

    def _offices_compared(self, query: Query) -> Answer | None:
        """Two departments the question names (no ministry), each with its programs' budgets added, compared: 「教育総務課と
        建設課、どっちが予算多い？」 (it answered one program of one of them). A name inside another named one (総務課 of
        教育総務課) is that one's. None unless exactly two such offices run programs."""
        asked = key(query.text)
        found = self.table.organisations_in(asked)
        found = [f for f in found if not any(f != g and f in g for g in found)]
        if len(found) != 2 or any(self.table.is_ministry(f) for f in found):
            return None
        return self._groups_compared([(name, self.table.select(Conditions(organisation=name))) for name in found])

    def _groups_compared(self, groups: list[tuple[str, list[Program]]]) -> Answer | None:
        """Two named groups of programs (two offices, two documents), each group's budgets added, compared as a
        fact citing them all; None when either group is empty."""
        if any(not programs for _, programs in groups):
            return None
        (a, pa), (b, pb) = sorted(groups, key=lambda g: -yen_of(g[1]))
        larger, smaller = yen_of(pa), yen_of(pb)
        text = (f"{a}の事業の予算額の合計（{added_written(pa)}、{len(pa)}件）は、{b}（{added_written(pb)}、{len(pb)}件）より"
                f"{written_like(larger - smaller, pa + pb)}大きいです（資料の額からの計算値）。") if larger != smaller else (
                f"{a}と{b}の事業の予算額の合計は同じ{added_written(pa)}です。")
        return self._fact_answer(Fact(text, pa + pb, "compare"))

    def _says_more_than(self, question: str, documents: list[str], asking: str = "") -> bool:
        """Whether the question has words of its own beside the names of the documents' publishers (and the words
        `asking` that say what is asked): a program's, a topic's."""
        rest = nfkc(question)
        for d in documents:
            for word in self.table.document_words[d]:
                rest = re.sub(re.escape(word) + _PUBLISHER_TAIL, " ", rest, flags=re.IGNORECASE)
        said = set(self.salient_terms(asking)) if asking else set()
        return bool([t for t in self.salient_terms(rest) if len(t) > 1 and t not in said])

    def _asks_of_publisher(self, query: Query, question: str) -> bool:
        """Whether the question names one document's publisher and nothing else but what it asks (「桜川町の問い合わせ先
        の電話番号は？」): of several documents, the one named; a question naming a program or a topic is not."""
        document = self.table.document_named(key(question))
        return document is not None and not self._says_more_than(question, [document], self._asking_words(query))

    def _documents_compared(self, question: str) -> Answer | None:
        """Two publishers the question names and nothing else (「楓市と桜川町、どっちの予算が大きい？」), each document's
        programs added, compared (it compared the two programs whose titles hold the places' names). None unless the
        question names exactly two documents by their publishers and no word of a program beside them."""
        documents = self.table.publishers_named(key(question))
        if len(documents) != 2 or self._says_more_than(question, documents):
            return None  # (「楓市と桜川町の補聴器の助成、どっちが多い？」: a program of each, compared as named)
        return self._groups_compared([(f"「{self.document_label(d)}」", self.table.select(Conditions(document=d)))
                                      for d in documents])

    def _kept_copies(self, hits: list[ProgramHit]) -> list[ProgramHit]:
        """Hits on a repeat (a program another paper, or a 【再掲】 line, lists again with its figure) moved to the copy
        that stands (`qa.ingest.titles.listed_in_another`): the one that says most (「給食の無償化について」 then 「財源
        は？」 answered from the 予算の概要's block, not the 一覧 CSV's row that gives no 財源). Order kept, each once."""
        out: dict[str, ProgramHit] = {}
        for hit in hits:
            kept = self._standing_copy.get(hit.program_id)
            if kept is not None:
                # (the repeat's passages stand in its own paper: cited under the standing copy, their spans would
                # quote the other paper's text at those offsets)
                own = self.programs[kept].document
                hit = replace(hit, program_id=kept, hits=[h for h in hit.hits if h.passage.document == own])
            out.setdefault(hit.program_id, hit)
        return list(out.values())

    @cached_property
    def _standing_copy(self) -> dict[str, str]:
        """Repeat program id -> the id of the copy of it that stands (same title and figure, not a repeat), made
        once; a repeat with no such copy (its title written otherwise) is not in it."""
        standing: dict[tuple[str, int], str] = {}
        for p in self.index.programs:
            if p.countable and p.budget is not None and p.budget.yen is not None:
                standing.setdefault((key(p.title), p.budget.yen), p.id)
        return {p.id: kept for p in self.index.programs
                if p.repeat and p.budget is not None and p.budget.yen is not None
                and (kept := standing.get((key(p.title), p.budget.yen))) is not None}

    def _names_own_subject(self, question: str, naming: list[str], shown: Program) -> bool:
        """Whether the question opens on a subject of its own that the shown program's text does not hold
        (「介護保険の予算は？」「防衛費はいくら？」 after クールジャパン: 介護保険 owns the budget asked): another thing, not
        the user's case of the program shown (「対象になる古い家なら、補助は最大いくら？」 opens on a condition, 「何件くらい
        採択される予定？」 on no noun)."""
        opening = _OWN_SUBJECT.match(nfkc(question))
        if opening is None:
            return False
        # (its words as lemmas, as `naming` holds them: 東京 is トウキョウ; the phrase as written is looked for in the
        # shown program's text, not its pieces: 小規模事業者支援's text holds 消費 but not 消費税)
        subject = opening.group("subject")
        return bool(set(tokenize(subject)) & set(naming)) and key(subject) not in key(self.program_text(shown))

    def _speaks_of(self, program: Program, query: Query, naming: list[str]) -> bool:
        """Whether the program's text holds every word of the question that describes something (`naming` less the
        words of what is asked: 「最大」 of a cap describes nothing); False when no word describes."""
        asking = self._asking_words(query)
        described = [t for t in naming if t not in asking]
        return bool(described) and all(self._holds(program, t) for t in described)

    def _asking_words(self, query: Query) -> str:
        """The runs of the question that say which attribute is asked (「実際に執行された」「上限」), joined."""
        return " ".join(m.group(0) for name in (query.attribute, *query.also) if name
                        for p in self.vocab.attribute(name).patterns for m in p.finditer(query.text))

    def _variant_of(self, text: str, shown: Program) -> Program | None:
        """The program a short follow-up names by the letters (or number) that tell its model code from the shown
        program's (「Bのほうは？」 after 戦闘機(F-35A)の取得: 戦闘機(F-35B)の取得), of the same document first; None when
        the question is not such a follow-up or no program holds the code."""
        asked = _VARIANT.match(text)
        if asked is None:
            return None
        suffix = asked.group(1).lower()
        for code in _model_codes(shown.title):
            stem = re.sub(r"[a-z]+$" if suffix.isalpha() else r"\d+[a-z]*$", "", code)
            wanted = stem + suffix
            if wanted == code or stem == code:
                continue
            found = [p for p in self.index.programs if p is not shown and p.budget is not None
                     and re.search(rf"(?<![a-z0-9]){re.escape(wanted)}(?![a-z0-9])", key(p.title))]
            if found:
                return next((p for p in found if p.document == shown.document), found[0])
        return None

    def _asked_beside_name(self, query: Query, hits: list[ProgramHit]) -> str | None:
        """The attribute asked, read outside the first program's name where the question writes it whole: a word of
        the name (利用料 of 「産後ケア利用料助成事業」, 補助率 of 「…補助率嵩上げ事業」) asks nothing; the next
        attribute the question asks then, else none."""
        if query.attribute in (None, "budget") or not hits:
            return query.attribute  # (a name's 「事業費」 asks the budget anyway)
        first = self.programs[hits[0].program_id]
        if query.attribute == "funding" and first.kind == "total" and (kind := _funding_kind(query.question)) \
                and kind.search(nfkc(first.title).strip()):
            return None  # 「町の借金はいくら？」 of a 歳入 line 「町債」: that source's own figure, not its 財源
        text = nfkc(query.question).lower()
        title = nfkc(first.title).lower()
        if len(title) < 4 or title not in text:
            return query.attribute
        rest = text.replace(title, " ")
        patterns = self.vocab.attribute(query.attribute).patterns
        if query.inherited or not any(p.search(text) for p in patterns) or any(p.search(rest) for p in patterns):
            return query.attribute  # kept from the last turn, read from the question's form, or asked outside the name
        return next((name for name in query.also
                     if any(p.search(rest) for p in self.vocab.attribute(name).patterns)), None)

    @cached_property
    def _budget_years(self) -> frozenset[int]:
        """The fiscal years of the programs' own budgets (not the previous years they state)."""
        return frozenset(p.budget.fiscal_year for p in self.index.programs
                         if p.budget is not None and p.budget.fiscal_year and p.countable)

    @cached_property
    def _budget_kinds(self) -> frozenset[str]:
        """The kinds of budget (`_KINDS_ASKED`: 補正, 当初, 概算要求, 決算) the corpus's programs are of."""
        return frozenset(kind for p in self.index.programs if p.budget is not None
                         for kind, _ in _KINDS_ASKED if kind in nfkc(p.budget.budget_kind or ""))

    def _of_budget_kind(self, query: Query, hits: list[ProgramHit]) -> list[ProgramHit]:
        """The retrieved programs with one of the kind of budget asked first: of a corpus holding a ministry's 補正予算
        beside cities' 当初予算, 「二次補正でいくら計上されてますか？」 means a 補正 program. The first of the next retrieved
        (eight at most) of that kind whose text holds a word of the question goes first; unchanged when the first is
        of that kind, the question asks no kind or two, or the corpus holds one kind."""
        asked = [kind for kind, pattern in _KINDS_ASKED if pattern.search(query.text)]
        if not hits or len(asked) != 1 or len(self._budget_kinds) < 2 or asked[0] not in self._budget_kinds:
            return hits

        def of_kind(program: Program | None) -> bool:
            return program is not None and program.budget is not None \
                and asked[0] in nfkc(program.budget.budget_kind or "")

        if of_kind(self.programs.get(hits[0].program_id)):
            return hits
        terms = [t for t in self.salient_terms(query.question) if len(t) >= 2]
        for n, hit in enumerate(hits[1:8], 1):
            program = self.programs.get(hit.program_id)
            if of_kind(program) and any(t in self.program_terms(program) for t in terms):
                return [hit, *hits[:n], *hits[n + 1:]]
        return hits

    def _of_year(self, query: Query, hits: list[ProgramHit]) -> list[ProgramHit]:
        """The retrieved programs with the first one's namesake of the year asked first: of a program listed in
        several years' documents under one title (a city's 重要施策 of 平成31年度 and 令和2年度), the question naming
        a year means that year's, and one naming none the latest. Unchanged for a corpus of one year."""
        if not hits or len(self._budget_years) < 2:
            return hits
        top = self.programs[hits[0].program_id]
        wanted = query.years or {max(self._budget_years)}
        if top.budget is None or top.budget.fiscal_year in wanted:
            return hits
        namesake = next((p for p in self._by_title.get(key(top.title), [])
                         if p.budget is not None and p.budget.fiscal_year in wanted), None)
        if namesake is None and query.years:
            # No namesake, but a program of the year asked among the next retrieved whose text holds as many of the
            # question's words (「大洗の水族館を夜も楽しめるように…平成31年度は？」: that year's 魅力向上事業, not the
            # next year's 新館整備事業 that ranked first): the year named picks it.
            terms = self.salient_terms(query.question)
            least = max(1, sum(t in self.program_terms(top) for t in terms))
            namesake = next((p for h in hits[1:8] if (p := self.programs.get(h.program_id)) is not None
                             and p.budget is not None and p.budget.fiscal_year in wanted
                             and sum(t in self.program_terms(p) for t in terms) >= least), None)
        if namesake is None:
            return hits
        if not query.years:
            # Undated, the latest year's only when its text holds the question's words as well (「平尾出張所の救急隊」
            # is 平成31年度's text alone)
            terms = self.salient_terms(query.question)
            held = [sum(t in self.program_terms(p) for t in terms) for p in (top, namesake)]
            if held[1] < held[0]:
                return hits
        first = replace(hits[0], program_id=namesake.id)
        return [first, *(h for h in hits if h.program_id != namesake.id)]

    def _titled_year(self, program: Program) -> str:
        """A program's title as an answer names it: with its year (「…の推進（令和２年度当初予算案）」) when a program of
        another year bears the same title, so that the reader knows which year's text is quoted."""
        if len(self._budget_years) < 2 or program.budget is None:
            return program.title
        years = {p.budget.fiscal_year for p in self._by_title.get(key(program.title), []) if p.budget is not None}
        label = program.budget.year or (era_name(program.budget.fiscal_year) if program.budget.fiscal_year else "")
        return f"{program.title}（{label}）" if len(years) > 1 and label else program.title

    def _nearest_to(self, hits: list[ProgramHit], naming: list[str], before: list[str]) -> list[ProgramHit]:
        """The retrieved programs reordered for a follow-up that moves to another program of the same thing: those
        holding most of the question's words first, of those the one holding most of the previous question's
        (「同じ学校」: 潮見台中), else retrieval's order."""
        def held(item: tuple[int, ProgramHit]) -> tuple[int, int, int]:
            rank, hit = item
            program = self.programs[hit.program_id]
            terms = self.program_terms(program)
            # (one kanji is held inside a word: 船 in 警察用船舶の整備)
            named = sum(t in terms or (len(t) == 1 and t in program.title) for t in naming)
            return -named, -sum(t in terms for t in before), rank

        return [h for _, h in sorted(enumerate(hits), key=held)]

    def _promote_code(self, question: str, hits: list[ProgramHit]) -> list[ProgramHit]:
        """Put first the program whose title holds a model code the question writes (F-35B, E-2D, SM-3): a code
        names one thing, where the words around it (何機, 取得) are shared by many programs."""
        codes = _model_codes(question)
        if not codes or not hits:
            return hits
        def holds(hit: ProgramHit) -> bool:
            title = key(self.programs[hit.program_id].title)
            return all(re.search(rf"(?<![a-z0-9]){re.escape(c)}(?![a-z0-9])", title) for c in codes)
        if holds(hits[0]):
            return hits
        chosen = next((h for h in hits if holds(h)), None)
        return hits if chosen is None else [chosen, *[h for h in hits if h is not chosen]]

    def _document_contact(self, query: Query) -> Answer | None:
        """Where to ask about the budget as a whole: the 問い合わせ先 a document gives for itself (「■ ４ 問い合わせ先」
        「北霧町役場 総務課 財政係（内線 ２１３）」, a box 「予算についてのお問い合わせ」 at its end), outside its programs
        or naming a finance office. The document the question names, else each that gives one; None when none does."""
        named = self.table.document_named(key(query.text))
        names = [named] if named else list(self.index.documents)
        spans: dict[str, list[Program]] = {name: [] for name in names}
        for p in self.index.programs:  # each document's programs, in one pass over the table
            if p.document in spans:
                spans[p.document].append(p)
        citations = []
        for name, own in spans.items():
            # (a document no layout read is one passage: its own contact block is no program's)
            span = document_contact(self.index.documents[name].text,
                                    [(p.start, p.end) for p in own if p.kind != "passage"])
            if span is not None:
                citations.append(self.cite_document(name, "問い合わせ先", span[0], span[1], own[0].id if own else ""))
        if not citations or len(citations) > 5:
            return None
        a = self.phrases.answers
        lines = []
        for cite in citations:
            # one document is 「この資料」; of several, each by its title (its file name when the title is only a year)
            title = "この資料" if len(citations) == 1 else (
                cite.program_title if len(cite.program_title) > 8 else Path(cite.document).stem)
            lines += [a["document_contact"].format(title=title), a["quote_line"].format(text=cite.quote)]
        return Answer(answer="\n".join(lines), citations=citations, intent="contact")

    def document_label(self, name: str) -> str:
        """How an answer names a document beside others: its publisher and title (「北霧町 令和８年度予算の概要」; a title
        alone may say only 「令和８年度」), the title when it names the publisher, the file stem when it has neither."""
        doc = self.index.documents.get(name)
        if doc is None:
            return Path(name).stem
        title = (doc.title or "").strip()
        publisher = self._publishers[name]
        if publisher is not None and publisher.name not in title:
            return f"{publisher.name} {title}".strip()
        return title or Path(name).stem

    def _publisher(self, question: str) -> Answer:
        """Who publishes the document asked about (the one the question names, else every document), cited where
        its opening names the office (`qa.answer.publisher`)."""
        named = self.table.document_named(key(question))
        names = [named] if named else sorted(self.index.documents)
        found = [(d, p) for d in names if (p := self._publishers[d])]
        if not found:
            return Answer(answer=self.phrases.abstain["nothing"], abstained=True, intent="detail")
        citations = [self.cite_document(d, "資料全体", p.start, p.end,
                                        next((q.id for q in self.programs_of(d)), d)) for d, p in found]
        offices = list(dict.fromkeys(p.name for _, p in found))
        if len(offices) == 1:
            text = self.phrases.answers["publisher"].format(publisher=offices[0])
        else:
            text = self.phrases.answers["publisher_several"].format(
                each="、".join(f"{p.name}（{self.index.documents[d].title or d}）" for d, p in found))
        return Answer(answer=text, citations=citations, intent="detail")

    def _names_key(self, name: str) -> str:
        """The titles and headings of a document's programs, as one comparison key (made once per document)."""
        k = self._names_keys.get(name)
        if k is None:
            k = self._names_keys[name] = key(" ".join(
                " ".join((p.title, *p.categories)) for p in self.programs_of(name)))
        return k

    def _document_key(self, name: str) -> str:
        """A document's whole text as a comparison key, made once per document (the RS table's is 4M characters:
        keying it per total question cost more than answering)."""
        k = self._document_keys.get(name)
        if k is None:
            # (with its title: a table's title line, 「令和9年度　南山県　新規・拡充事業一覧」, stands above its rows)
            document = self.index.documents[name]
            k = self._document_keys[name] = key(f"{document.title or ''}\n{document.text}")
        return k

    def _titled_elsewhere(self, words: list[str], shown: Program) -> bool:
        """Whether two or more of the words (of two characters or more) that the shown program's title lacks stand
        together in another program's title."""
        own = key(shown.title)
        keys = {key(w) for w in words if len(w) >= 2} - {""}
        keys = {k for k in keys if k not in own}
        if len(keys) < 2:
            return False
        return any(t != own and sum(k in t for k in keys) >= 2 for t in self._title_keys)

    def _titles_with(self, term: str) -> int:
        """In how many program titles a term stands (a generic word such as 建造 in several, a name in one)."""
        count = self._title_counts.get(term)
        if count is None:
            k = key(term)
            count = sum(1 for t in self._title_keys if k in t)
            self._title_counts[term] = count
        return count

    @cached_property
    def _totals_by_key(self) -> dict[str, Program]:
        """The total lines with a title of four characters or more, by the title's key (one title shared by several
        totals names none of them)."""
        keys = [(key(p.title), p) for p in self.index.programs if p.kind == "total" and len(key(p.title)) >= 4]
        counts = Counter(k for k, _ in keys)
        return {k: p for k, p in keys if counts[k] == 1}

    @cached_property
    def _accounts_by_short_name(self) -> dict[str, Program]:
        """The total lines of one account by the words before its ending (「水道」 of 水道事業会計; one short name shared
        by several accounts names none of them)."""
        named = [(short, p) for p in self.index.programs
                 if p.kind == "total" and (short := account_short_name(p.title)) is not None]
        counts = Counter(short for short, _ in named)
        return {short: p for short, p in named if counts[short] == 1}

    @cached_property
    def _title_keys(self) -> list[str]:
        """The distinct titles of programs and items, as keys: a program two papers list (the 予算の概要 and the 一覧
        CSV) is one title, so a word of its name alone stays specific (「補聴器」 names it, not 「two programs」)."""
        return list(dict.fromkeys(key(p.title) for p in self.index.programs if p.has_budget_structure))

    def shown_programs(self, text: str) -> list[Program]:
        """The programs an answer's text names in full, in the order it names them (a list answer's first item
        first); a name inside a longer name shown at the same place is the longer one's."""
        if not text:
            return []
        k = key(text)
        found: list[tuple[int, int, Program]] = []
        for m in self.retriever.names.match(text):
            at = k.find(m.name)
            if m.score >= 1.0 and at >= 0:
                # (a name another paper lists again is the copy that stands: `_kept_copies`)
                found.append((at, at + len(m.name), self.programs[self._standing_copy.get(m.program.id, m.program.id)]))
        # An area's total line (「サイバー領域における能力強化の予算額は…」) is shown by its title too.
        for total in self._totals_by_key:
            at = k.find(total)
            if at >= 0:
                found.append((at, at + len(total), self._totals_by_key[total]))
        chosen: list[tuple[int, int, Program]] = []
        for start, end, program in sorted(found, key=lambda f: (f[0], -(f[1] - f[0]))):
            if all(end <= a or start >= b for a, b, _ in chosen) and all(program is not p for _, _, p in chosen):
                chosen.append((start, end, program))
        return [p for _, _, p in chosen]

    def _promote_misspelt(self, question: str, hits: list[ProgramHit]) -> list[ProgramHit]:
        """Put first a program whose name the question spells with a typo or a wrong kanji of the same sound
        (「事業承係」「ものずくり」), when no name was matched as written. Full match in characters or sound = 1.0
        (`ReadingIndex.fuzzy_titles`); FUZZY_NAME is the bar."""
        if not hits or hits[0].name_score >= NAMED:
            return hits
        q = key(question)
        ranked = self._misspelt_ranked(question)
        if ranked is None:
            return hits
        title = ranked[0][0]
        if common_run(q, key(title)) >= 4:
            return hits  # the question writes part of the name correctly: retrieval has already weighed it
        first = key(self.program_text(self.programs[hits[0].program_id]))
        if any(len(t) >= 3 and key(t) in first and key(t) not in key(title) for t in self.salient_terms(question)):
            # 「グローバルホークの維持費」: a word the first program's text writes as typed, and the title read as its
            # misspelling (トマホーク) does not hold it: the name is not misspelt, retrieval found what it names
            return hits
        chosen = next((h for h in hits if nfkc(self.programs[h.program_id].title) == title), None)
        if chosen is None:
            program = self._by_spelling.get(title)
            if program is None:
                return hits
            chosen = ProgramHit(program.id, hits[0].score, [], name_score=ranked[0][1])
        chosen.name_score = max(chosen.name_score, ranked[0][1])
        return [chosen, *[h for h in hits if h is not chosen]]

    def _topic_of_programs(self, question: str) -> str | None:
        """The word of 「Xの事業」 (「AIの事業はいくつ？」): no pointing word, year or document name (those scope as
        such); None when the question says none."""
        said = _TOPIC_OF.search(nfkc(question))
        if said is None:
            return None
        word = said.group(1)
        if len(word) < 2 or _POINTING.match(word) or re.search(r"\d|年度", word) \
                or key(word) in self.table.any_document_word:
            return None
        return word

    def _misspelt_ranked(self, question: str, floor: float = FUZZY_NAME) -> list[tuple[str, float]] | None:
        """The titles the question's words read as with a typo (`ReadingIndex.fuzzy_titles`, best first), when one is
        a clear winner at `floor` or more; None otherwise (a generic part, 「中小企業」, reads as many titles)."""
        ranked = self.readings.fuzzy_titles(question, self.readings.titles, k=2)
        if not ranked or ranked[0][1] < floor or (len(ranked) > 1 and ranked[1][1] > ranked[0][1] - FUZZY_GAP):
            return None
        return ranked

    def _misspelt_title(self, question: str) -> str | None:
        """The title (NFKC) a new topic naming nothing else misspells, by `_misspelt_ranked` at half the bar that
        promotes a title: staying on the program shown is no safer a reading (「もにづくり」 reads 0.47 as
        ものづくり…, the next title 0.15). None when it reads as none."""
        ranked = self._misspelt_ranked(question, floor=FUZZY_NAME / 2)
        return ranked[0][0] if ranked else None

    def gate_features(self, query: Query, resolution: Resolution) -> dict[str, float]:
        """How the question met the corpus, as the abstention gate reads it (`qa.answer.abstention.FEATURES`).

        Returns:
            Feature name -> value; empty when nothing was retrieved.
        """
        if not resolution.hits:
            return {}
        script = query.script
        top = resolution.hits[0]
        program = self.programs[top.program_id]
        # A word naming the program's document (「湊浜市の#7119の事業」: the city that publishes the list) is met by
        # the program as much as its own words are: a table row never repeats its publisher.
        terms = self.program_terms(program) | self.document_terms(program.document)
        salient = resolution.salient
        if script == "en":
            # English words are not in Japanese documents: only the ones the corpus uses (AI, IT) say anything.
            salient = [t for t in salient if self.retriever.index.has_term(t)]
        weights = {t: self.retriever.idf(t) for t in salient}
        total = sum(weights.values())
        has_dense = any(h.dense_score is not None for h in top.hits)  # not in bm25-only mode
        clarity = min(1.0, top.dense_gap / 0.04) if has_dense else 0.5
        # The same title of another year or document (a list published for two years) is the same program to the
        # user: the margin is over the first other title, and the program is first where any copy of it is.
        title = key(program.title)
        copies = [h for h in resolution.hits if key(self.programs[h.program_id].title) == title]
        second = next((h.score for h in resolution.hits if key(self.programs[h.program_id].title) != title), 0.0)
        name_score = min(1.0, top.name_score)
        names = [key(n) for n in (program.title, *program.aliases) if n]
        if any(len(k := key(quoted)) >= 3 and any(k in n for n in names) for quoted in _QUOTED.findall(query.text)):
            # 「空から見張る大きな飛行機（早期警戒機）を買うのに」: a name the user quoted or bracketed, held by the program's
            # title, names it as surely as the whole title would, however many everyday words surround it.
            name_score = 1.0
        return {
            **self._matched(weights, terms, self.units(program)),
            "coverage": sum(w for t, w in weights.items() if t in terms) / total if total else clarity,
            "clarity": clarity,
            "bm25_first": _agreement(min(h.bm25_rank for h in copies)),
            "dense_first": _agreement(min(h.dense_rank for h in copies)),
            "name_score": name_score,
            "english": float(script == "en"),
            "salient_terms": math.log1p(len(salient)),
            "margin": (top.score - second) / top.score if top.score > 0 else 0.0,
        }

    @staticmethod
    def _matched(weights: dict[str, float], terms: set[str], units: list[tuple[Unit, list[str]]]) -> dict[str, float]:
        """How much of the question the program holds, beyond the share `coverage` gives: the IDF mass of the
        salient terms it holds (eight rare words of a long description met, 「G20の財務大臣・中央銀行総裁会議の開催が
        含まれる施策」, say more than one common word of one), and the share held by its one best sentence (unit)."""
        total = sum(weights.values())
        held = sum(w for t, w in weights.items() if t in terms)
        best = max((sum(w for t, w in weights.items() if t in set(unit_terms)) for _, unit_terms in units),
                   default=0.0)
        return {"matched_weight": math.log1p(held), "unit_coverage": best / total if total else 0.0}

    def missing_attribute(self, question: str, program: Program) -> str | None:
        """The thing asked about (「…の船名は何？」「どこの造船会社が受注？」「どの基地に配備？」) when the program's text
        never mentions it."""
        text = nfkc(question)
        # (the thing どこの names, before a topic; a thing asked whether the program pays for it: 「パソコンって買える？」)
        match = _WHICH_THING.search(text) or ATTRIBUTE.search(text) or _THING_COVERED.search(text)
        if not match or match.group(1) in _NOT_A_THING:
            return None
        if match.re is ATTRIBUTE and _DEGREE_ASKED.match(text, match.end()):
            return None  # 「極超音速のミサイルってどのくらい速いの？」: how fast the thing named is, no thing of it asked
        words = [t for t in content_nouns(match.group(1))
                 if t not in self.phrases.stopwords and t not in self.phrases.field_words]
        terms = self.program_terms(program)
        own, title = self.program_text(program), nfkc(program.title)
        for marker in (m for w in [match.group(1), *words] for m in thing_markers(w)):
            if marker.startswith("re:"):
                # 「どの戦闘機に積む？」 of a text naming 「F-35A」: a model code other than the program's own
                if any(code.group(0) not in title for code in re.finditer(marker[3:], nfkc(own))):
                    return None
            elif marker in own:
                return None  # 「どの会社？」 of a text naming 「三菱重工業(株)」: named, by its marker
        # (a ratio the text never names as such: 「採択率」 of a text holding 補助率 and 優先採択, never 採択率)
        ratio = match.group(1).endswith("率") and key(match.group(1)) not in key(self.program_text(program))
        # (a word of one character, 機 of 戦闘機, is held by too many texts to say the thing is named: 除雪機)
        words = [t for t in words if len(t) >= 2] or words
        return match.group(1) if words and (ratio or not any(t in terms for t in words)) else None

    def _other_amount(self, query: Query, program: Program, stated: bool = False) -> str | None:
        """An amount of another thing than the budget the question asks (「図書館の市債残高はいくら？」: 残高) that the
        program's text never names, else None; with `stated`, one the text does name (「入館料はいくら？」 of a text
        stating its 入館料 is answered from the sentence stating it)."""
        # (and the names its figures stand under: a row's 「うち基金充当額」 column names the 基金 asked of)
        own = nfkc(" ".join([self.program_text(program), *_figure_names(program)]))
        title = nfkc(program.title)

        def named(word: str) -> bool:
            # The word, or the figure of an attribute it asks written in another of its words (「運賃は1乗車300円」 for
            # a fare asked as 料金: the fee attribute's cue).
            return word in own or any(a.cue is not None and a.hits(word) and a.cue.search(own)
                                      for a in self.vocab.attributes)

        def describes(word: str) -> bool:
            # 「補てん金が出る基金の事業、国の予算は？」: the word says what the program is, not an amount asked
            return re.search(rf"{re.escape(word)}(?:の|による|を使った|で)?(?:事業|制度|仕組み|支援)", query.text) is not None

        return next((word for word in other_amounts() if word in query.text and word not in title
                     and not describes(word) and named(word) is stated), None)

    def _missing_kind(self, question: str, spec: Attribute, program: Program) -> str | None:
        """A named kind of the asked attribute (「所得制限」) whose words the program's text never uses, else None."""
        text = nfkc(question).lower()
        kind = next((k for k in spec.kinds if re.search(k, text)), None)  # (「外国人|foreign」: words asking it)
        if kind is None:
            return None
        own = nfkc(self.program_text(program))
        return None if any(word in own for word in spec.kinds[kind]) else kind.split("|")[0]

    # -- composition -------------------------------------------------------------------------------------
    def cite(self, program: Program, section: str, start: int, end: int) -> Citation:
        """The one place citations are made: exact span and text, and the display form of the text."""
        doc = self.index.documents[program.document]
        page = doc.page_at(start) or (program.pages[0] if program.pages else None)
        return Citation(program_id=program.id, program_title=program.title, document=doc.name, section=section,
                        page=page, start=start, end=end, text=doc.text[start:end],
                        quote=unwrap(doc.text, start, end))

    def cite_document(self, document: str, section: str, start: int, end: int, program_id: str) -> Citation:
        """A citation of a document's own text (its opening, its stated total, prose outside every program): titled
        by the document and filed under `program_id`, made the way `cite` makes a program's."""
        doc = self.index.documents[document]
        return Citation(program_id=program_id, program_title=doc.title or doc.name, document=doc.name,
                        section=section, page=doc.page_at(start), start=start, end=end, text=doc.text[start:end],
                        quote=unwrap(doc.text, start, end))

    def _near_enough(self, hits: list[ProgramHit], salient: list[str]) -> bool:
        """Whether the first program is near enough to a question nothing answered to be offered as 「近い内容の事業」:
        the question's most telling word (the highest IDF of its salient terms) stands in the program's text or
        title. 「待機児童対策の予算は？」 is not near 廃炉・汚染水対策事業 because both say 対策."""
        # (one character too: ゴミ is read as its lemma 塵, the word a question about garbage turns on)
        words = list(salient)
        if not hits or not words:
            return bool(hits)
        program = self.programs[hits[0].program_id]
        word = key(max(words, key=self.retriever.idf))
        return word in key(program.title) or word in key(self.program_text(program))

    def related(self, hits: list[ProgramHit], n: int = 3) -> list[Citation]:
        """Excerpts of the first `n` programs found: each one's best passage, else (a program found by its name
        alone, or through the conversation) its budget line or its first section, so that a program an answer
        offers as near (「近い内容の事業として…（下の関連抜粋を参照）」) is always shown."""
        out = []
        for hit in hits[:n]:
            program = self.programs[hit.program_id]
            if hit.hits:
                p = hit.hits[0].passage
                out.append(self.cite(program, p.section, p.start, p.end))
            elif program.budget is not None and program.budget.end > program.budget.start:
                out.append(self.cite(program, "予算額", program.budget.start, program.budget.end))
            elif program.sections:
                first = program.sections[0]
                out.append(self.cite(program, first.name, first.start, first.end))
        return out

    def abstain(self, message: str, hits: list[ProgramHit], intent: str, offer: bool = True) -> Answer:
        """An abstention, naming the first program as the nearest when `offer` (and there is one)."""
        nearest = ""
        if hits and offer:
            nearest = self.phrases.abstain["nearest"].format(title=self.programs[hits[0].program_id].title)
        return Answer(answer=f"{message}{nearest}", abstained=True, intent=intent, related=self.related(hits),
                      programs=[h.program_id for h in hits])

    def answer(self, question: str, history: list[Turn] | None = None, mode: str = "hybrid",
               gate: bool = True) -> Answer:
        """Answer one question: type it, then compute a fact over the table or answer from one program.

        Args:
            question: the user's question.
            history: earlier turns, oldest first (for follow-ups).
            mode: retrieval mode, bm25, dense or hybrid.
            gate: abstain when the calibrated gate says answering is likely wrong (off only to collect the
                gate's training data: `bench/train_abstention.py`).

        Returns:
            The answer with citations, or an abstention with related excerpts.
        """
        asked = [part for part in re.split(r"(?<=[?？])\s*(?=\S)", question.strip())
                 if len(re.sub(r"[\s?？。、!！]", "", part)) >= 3]
        for n in range(len(asked) - 1, 0, -1):
            if _WHICH_TOLD.match(asked[n]):
                # 「…補助してくれる？どの事業？」: the answer to the need names its program; asked alone, the part names
                # nothing to answer
                del asked[n]
                question = "".join(asked)
            elif _HOW_TOLD.match(asked[n]) or _CONDITION_TOLD.match(asked[n]) or _DIFFERENCE_TOLD.match(asked[n]):
                # 「…どれくらい執行できたの？割合で知りたい」「…一番少ないのは？（0円のものは除いて）」: how the answer
                # is wanted, or a condition, said after the question is part of it, not a second question
                asked[n - 1:n + 1] = [f"{asked[n - 1]}{asked[n]}"]
        if len(asked) == 1 and (ranks := _RANKS_LISTED.search(question)) is not None:
            # 「２番目と３番目は？」: each rank asked in turn, with what the question says around them
            asked = [question[:ranks.start()] + f"{n}番目" + question[ranks.end():]
                     for n in re.findall(r"[\d０-９]+|[一二三四五六七八九十]", ranks.group(0))]
        if 2 <= len(asked) <= 3:
            return self._one_by_one(asked, history or [], mode, gate)
        started = time.perf_counter()
        query = self.understand(question, history or [])
        question = query.question
        if query.years and query.asks_change and self.covered_years \
                and all(y + 1 in self.covered_years for y in query.years):
            # 「2022年と比べてどれだけ増えた？」 of a 令和5年度 (2023) budget: the year before is the previous year the
            # change is counted from, not a year the documents are asked about
            query.years, query.relative = set(), -1
        if query.attribute == "publisher":
            return self._publisher(question)
        if query.attribute == "contact" and not self.named(question) and (
                _WHOLE_BUDGET.search(query.text) or self._asks_of_publisher(query, question)):
            # 「予算全体のことで問い合わせたい」, 「桜川町の問い合わせ先の電話番号は？」: the document's own 問い合わせ先
            overall = self._document_contact(query)
            if overall is not None:
                return overall
            if _PAPER_ASKED.search(query.text):
                # 「この「我が国の防衛と予算」って資料、どこに問い合わせればいい？」 of a paper giving no 問い合わせ先: said
                # so, and who publishes it
                published = self._publisher(question)
                published.answer = f"{self.phrases.abstain['document_contact']}\n{published.answer}"
                return published
        if bare := self._bare_years(question) - query.years:
            query.years |= bare  # 「31年度と令和2年度で」 of 平成31・令和2年度 lists: 31 is 平成31
        if (message := self._round_mismatch(question)) is not None:
            return Answer(answer=message, abstained=True, intent="amount")
        if (on_prose := self._on_prose(question, query, mode)) is not None:
            return on_prose
        if (publisher := self._whole_budget_of_publisher(query)) is not None:
            # 「霧ヶ丘町の来年度の予算っていくら？」: the town's whole budget, the total its document states; a document
            # stating none (a prefecture's 調書 of commitments) does not give it, and its programs' sum is not it
            name, document = publisher
            if self._account_total(document, None) is None and stated_total(
                    self.index.documents[document].text, 1) is None:
                return Answer(answer=self.phrases.abstain["account"].format(account=name), abstained=True,
                              intent="amount")
            query.operation = "sum"
        fact = self._fact(query, question)
        if fact is not None:
            fact.timings_ms = {"compose": round((time.perf_counter() - started) * 1000, 2)}
            return fact
        pair = self.named_apart(question) if query.attribute is not None else []
        if len(pair) >= 2:
            return self._each(question, query, pair)
        resolution = self.resolve(query, mode)
        retrieved = time.perf_counter()
        result = self._compose(question, query, resolution, gate)
        result.timings_ms = {"retrieve": round((retrieved - started) * 1000, 2),
                             "compose": round((time.perf_counter() - retrieved) * 1000, 2)}
        return result

    def _on_prose(self, question: str, query: Query, mode: str) -> Answer | None:
        """A follow-up to an answer quoted from a document's own prose (its overview: 「歳出予算は…6兆6,001億円を計上、
        前年度比で1兆4,213億円（27.4％）増。米軍再編等を含めると６兆8,219億円」) that names no program of its own
        (「前の年度と比べてどれくらい増えた？」「米軍再編とかも入れると？」): answered from that prose again, read with
        the previous question; None otherwise."""
        context, previous = query.context, query.previous
        if context is None or previous is None or context.new_topic:
            return None
        # (the cheap test first: the last answer holds a document's title, as a quote of its prose does)
        titles = [t for d in self.index.documents.values() if (t := (d.title or "").strip())]
        # (or after a figure computed from it: 「前年度は5兆1,788億円です（…）」 above the quote)
        if not any(f"{t}について" in context.shown for t in titles) or self.named(question) \
                or self.shown_programs(context.shown):
            return None
        hits = self.resolve(previous, mode).hits
        # (its own words first, 「米軍再編」; then read with the previous question, when they are only of a change; then
        # with the one before it too: 「じゃあ前年度の額は計算するといくら？」 after 「それって何％増えた？」 after the total)
        prose = self._from_prose(question, query, hits) or self._from_prose(f"{previous.question} {question}", query,
                                                                            hits)
        if (prose is None or prose.abstained) and previous.previous is not None:
            prose = self._from_prose(f"{previous.previous.question} {previous.question} {question}", query, hits)
        # (「前年度の額は？」 of a sentence giving this year's and its rise: last year's computed from both)
        return self._with_previous_total(query, prose) if prose is not None and not prose.abstained else None

    def _one_by_one(self, questions: list[str], history: list[Turn], mode: str, gate: bool) -> Answer:
        """「年間いくら支援してもらえる？対象年齢は？」: a message of two or three questions, each answered in turn as a
        follow-up of the ones before it, the answers joined (an abstention only when every one abstains)."""
        answers: list[Answer] = []
        turns = list(history)
        for question in questions:
            one = self.answer(question, turns, mode, gate)
            answers.append(one)
            turns += [Turn("user", question), Turn("assistant", one.answer)]
        said = [a for a in answers if not a.abstained] or answers[:1]
        # An abstention on one part beside parts answered only by quoting the nearest sentences (no value found for
        # them either: 「どこに申請すればいいの？締め切りはいつ？」) abstains as a whole.
        abstained = not any(not a.abstained for a in answers) or (
            any(a.abstained for a in answers) and all(a.confidence is not None for a in answers if not a.abstained))
        # (「どっちが大きい？差はいくら？」: two parts one computation answers are said once, cited once)
        answers = list({a.answer: a for a in reversed(answers)}.values())[::-1]
        joined = Answer(answer="\n".join(a.answer for a in answers), abstained=abstained,
                        intent=said[0].intent, citations=[c for a in answers for c in a.citations],
                        related=[r for a in answers for r in a.related][:3],
                        programs=list(dict.fromkeys(pid for a in answers for pid in a.programs)))
        joined.timings_ms = {k: round(sum((a.timings_ms or {}).get(k, 0.0) for a in answers), 2)
                             for k in ("retrieve", "compose")}
        return joined

    def understand(self, question: str, history: list[Turn]) -> Query:
        """The question typed once, in its conversation. A name typed in kana (「じぎょうしょうけいのよさん」) is
        read back into the words it sounds like, and a katakana clipping into its compound (`restored`), in the
        question and in the earlier questions it may lean on."""
        turns = [Turn(t.role, self.restored(t.content)) if t.role == "user" else t for t in history]
        return understand(self.restored(question), turns)

    def restored(self, text: str) -> str:
        """`_restored`, once per text: every answer restores the question and each user turn of its history again,
        and a turn's restoring may retrieve and tag programs (`_restored_near`)."""
        return self._restored_once(text)

    @cached_property
    def _restored_once(self) -> Callable[[str], str]:
        return lru_cache(maxsize=1024)(self._restored)

    def _restored(self, text: str) -> str:
        """A user's words as the documents write them: kana read back into words (`ReadingIndex.restore`), katakana
        clippings into the compound they clip (「ガソスタ」 -> ガソリンスタンド, `katakana_compounds`)."""
        # (an input method's final 「n」 and a regional question word first: 「ほじょきn」 reads as 補助金 only as ほじょきん)
        text = self.readings.restore(standard_words(converted_n(text)))
        # 「F-35のAとB」: the variants of one model named by their letters, written out (「F-35AとF-35B」)
        if _VARIANTS.search(nfkc(text)):
            text = _VARIANTS.sub(lambda m: f"{m['base']}{m['a']}と{m['base']}{m['b']}", nfkc(text))
        # A loanword or a name typed in hiragana (「ぐろーばるほーく」「せあかごけぐも」): the longest start of a
        # hiragana run that the documents write in katakana, as they write it (「すまーとのうぎょう」 -> スマート・のうぎょう).
        text = _HIRAGANA_RUN.sub(self._katakana_start, text)
        clipped = katakana_compounds(text, (self._document_key(name) for name in self.index.documents))
        for run, compound in clipped.items():
            text = nfkc(text).replace(run, compound)
        if _HIRAGANA_RUN.search(text):
            text = self._restored_near(text)
        return text

    def _katakana_start(self, run: re.Match[str]) -> str:
        """A hiragana run with its longest start (four kana or more) that the documents write in katakana turned
        into katakana; the run as typed when they write none of its starts so."""
        word = run.group(0)
        for end in range(len(word), 3, -1):
            if key(to_katakana(word[:end])) in self._katakana_words:
                return to_katakana(word[:end]) + word[end:]
        return word

    @cached_property
    def _katakana_words(self) -> frozenset[str]:
        """Every run of four katakana or more the documents write (and each of its starts), as comparison keys."""
        runs = {m.group(0) for d in self.index.documents.values() for m in _KATAKANA_WORD.finditer(nfkc(d.text))}
        return frozenset(key(run[:end]) for run in runs for end in range(4, len(run) + 1))

    def _restored_near(self, text: str) -> str:
        """Kana the titles' words did not restore, read against the words of the programs the question retrieves
        as typed: 「ぐるーぷほじょきん」 is グループ補助金 where the text of the program found first writes it, though
        no title does (the lexicon of titles stays small; the text of a few programs is tagged per question).

        Returns:
            The text with those kana restored, or as it was when none read as words of those programs.
        """
        # BM25 alone: the kana are read against the words of the programs the question's own words find. The dense
        # half added one more query encode to most answers (3 in 4 questions hold a run of kana); over 1,612
        # questions of the chat sets and seed-dev, BM25 alone restored 8 differently: 7 better (the dense half's
        # programs read 「いない」 as 以内, 「しようと」 as 使用と, and missed じゅうみんきょてん), 1 worse.
        hits = self.retriever.search(text, k=NEAR_PROGRAMS * 3, mode="bm25")
        programs = list(dict.fromkeys(h.passage.program_id for h in hits))[:NEAR_PROGRAMS]
        lexicons = [self._line_lexicon(self.programs[pid]) for pid in programs if pid in self.programs]
        # (a word the corpus itself writes in kana, 「こども未来局」's こども, stays as typed)
        return restore_near(text, lexicons, keep=self.readings.kana_spellings) \
            if any(lexicon.names for lexicon in lexicons) else text

    def _line_lexicon(self, program: Program) -> LineLexicon:
        """The words of a program's text by reading (`LineLexicon`), made once per program: questions about the same
        programs retrieve the same few, and tagging their lines per question was most of an answer's Python time."""
        lexicon = self._line_lexicons.get(program.id)
        if lexicon is None:
            lexicon = LineLexicon.of(line for line in self.program_text(program).splitlines() if line.strip())
            self._line_lexicons[program.id] = lexicon
            if len(self._line_lexicons) > 4096:  # bounded as the other per-program caches
                self._line_lexicons.popitem(last=False)
        return lexicon

    def retrieval_query(self, query: Query) -> tuple[str, float]:
        """What retrieval reads for a query (its wording expanded) and the dense weight of its script: the one
        preparation /api/ask, /api/search and qa eval share."""
        # (the kana reading stays: it meets the publisher's name the program's document is known by)
        return (self._publishers_in_romaji(query.question, self.expanded(query.question), kana_too=False),
                self.retriever.weight_for(query.script))

    def expanded(self, question: str) -> str:
        """`_expanded`, once per question: every stage of one answer asks for it (retrieval, facts, the checks)."""
        return self._expanded_once(question)

    @cached_property
    def _expanded_once(self) -> Callable[[str], str]:
        return lru_cache(maxsize=1024)(self._expanded)

    def _expanded(self, question: str) -> str:
        """The question as retrieval reads it: common names (aliases.tsv) and English words (glossary) given
        their document wording."""
        # 「1隻つくるのに」「1機あたり」: one unit of a price asked, no topic (the counter would pull in every item
        # that counts ships).
        text = expand(translate_terms(_ONE_THING.sub(" ", question)), self.aliases)
        # 「雇調金」 -> 雇用調整助成金の抜本的拡充; a common name the aliases know (陸自: 陸上自衛隊) abbreviates no title.
        known = re.sub("|".join(re.escape(n) for n, _ in self.aliases if n in question) or "(?!)", " ", question)
        names = self.abbreviations.expand(known)
        if is_english(question):
            # English words the glossary lacks, in the Japanese the documents use (JMdict forms the corpus holds).
            names += dictionary_terms(question, self._in_corpus, self.phrases.stopwords,
                                      known_phrase=self._phrase_in_corpus)
        elif self._english_documents:
            # 「日本語教室の予算は？」 of a corpus holding a city's English summary: the English its text writes for the
            # question's words (japanese), as an English question is given the Japanese of its words
            names += english_terms(self.salient_terms(question), self._in_corpus)
        # Japanese names in romaji (「the fureai pass」「Minamiyama」): their kana, and the words those kana read as.
        kana = " ".join(romaji_words(question))
        if kana:
            names += [kana] + ([restored] if (restored := self.readings.restore(kana)) != kana else [])
        # A loanword typed in hiragana (「ぐろーばるほーく」: the long-vowel mark gives it away), in katakana.
        names += [hira2kata(run) for run in _HIRAGANA_LOANWORD.findall(question)]
        text = f"{text} {' '.join(names)}" if names else text
        # A need said in everyday words (「チラシ作ってお客さん増やしたい」): the genre's term for it (販路開拓), when
        # this corpus uses that term and the question does not already.
        needs = self.needs(question)
        return f"{text} {' '.join(needs)}" if needs else text

    def needs(self, question: str) -> list[str]:
        """The genre's terms for the needs a question says in everyday words (`need_terms`) that this corpus uses
        and the question does not; once per question (retrieval's text and the name index's both ask)."""
        return self._needs_once(question)

    @cached_property
    def _needs_once(self) -> Callable[[str], list[str]]:
        return lru_cache(maxsize=1024)(self._needs)

    def _needs(self, question: str) -> list[str]:
        text = nfkc(question).lower()
        return [t for t in need_terms(question) if t.lower() not in text and self._phrase_in_corpus(t)]

    def _whole_budget_of_publisher(self, query: Query) -> tuple[str, str] | None:
        """(the publisher as written, its document) when a question asks the whole budget of a publisher it names and
        nothing else (「霧ヶ丘町の来年度の予算っていくら？」 of a corpus holding the town's guide among other documents):
        the budget asked of no program, a document that publisher's alone, and no word of a program left once its
        name is taken off; None otherwise."""
        if query.attribute != "budget" or query.operation is not None or \
                (query.context is not None and not query.context.new_topic):
            return None
        document = self.table.document_named(key(query.question))
        if document is None:
            return None
        names, rest = self._publisher_names(nfkc(query.question), document)
        if not names or self.salient_terms(self.expanded(rest)):
            return None
        if any(p.document == document for p in self._accounts_named(query.question)):
            return None  # 「汐見沢町の一般会計の総額は？」: the account's row of the town's document answers
        return names[0], document

    def _publisher_names(self, text: str, document: str) -> tuple[list[str], str]:
        """The names of a document's publisher an NFKC question writes (「北嶺町」「汐見市」: `PUBLISHER` matches, the
        name before the kind of office one of the document's words), and the question with them taken off."""
        words = self.table.document_words[document]
        names = []
        for m in PUBLISHER.finditer(text):
            name = publisher_name(m)
            # (「ちなみに福岡市だと」: the match runs on over the words before the name, kana up to its kanji)
            tail = re.sub(r"^.*[ぁ-ん](?=[一-龥ァ-ヶ])", "", name)
            said = next((n for n in dict.fromkeys((name, tail)) if key(n) in words), None)
            if said is not None:
                names.append(m.group(0)[len(name) - len(said):])
        rest = text
        for name in names:
            rest = rest.replace(name, " ")
        return names, rest

    def _placed(self, question: str) -> tuple[str, str] | None:
        """The question without the publisher it names as a place or office (「北嶺町で」「汐見市の」), and that
        document, when the corpus holds several documents and the name is one's alone (`ProgramTable.document_named`);
        None otherwise, or when nothing but the name would be left to look up."""
        text = nfkc(question)
        # 「市の」「県の」 alone (no name before it): the kind of office the question means
        kind = KIND_ASKED.search(text)
        document = self.table.document_named(key(question))
        if document is None and kind is not None:
            document = self.table.document_of_kind(kind.group(1))
        if document is None:
            return None
        names, rest = self._publisher_names(text, document)
        if not names and kind is not None:
            # 「市の補助率と上限は？」 of a corpus holding one city's document among a town's, a prefecture's and a
            # ministry's: the kind of office names the city's
            rest = rest[:kind.start()] + " " + rest[kind.end():]
            return (rest, document) if self.salient_terms(self.expanded(rest)) else None
        if not names and not re.search(r"[一-龥ぁ-んァ-ヶ]", rest):
            # 「Shinonome Prefecture's budget for …」: the publisher named in romaji, no word of a program
            sounds = self.table.document_sounds.get(document, set())
            rest = re.sub(r"[A-Za-z]+(?:'s)?", lambda m: " " if any(
                x in voiceless_latin(m.group(0)) for x in sounds) else m.group(0), rest)
            return rest, document
        return (rest, document) if names and self.salient_terms(self.expanded(rest)) else None

    def naming_text(self, question: str) -> str:
        """The expanded question without the genre's terms for its everyday words: what may name a program (「小さい
        店」 read as 小規模事業者 names no 小規模事業者支援パッケージ事業)."""
        expanded, needs = self.expanded(question), self.needs(question)
        expanded = expanded.removesuffix(" " + " ".join(needs)) if needs else expanded
        # "attracting foreign companies to Ibaraki": a government of the corpus written in romaji says where, not
        # which program (「ＩＢＡＲＡＫＩ ドリーム・パス事業」 holds the word in its title)
        return self._publishers_in_romaji(question, expanded)

    def _publishers_in_romaji(self, question: str, text: str, kana_too: bool = True) -> str:
        """`text` without the governments of the corpus the English `question` writes in romaji (「Ibaraki」, and with
        `kana_too` the kana the expansion read it as): they say where, as `_placed` reads them in a corpus of several
        publishers; `text` unchanged for a Japanese question."""
        if not is_english(question) or not self._publisher_readings:
            return text
        for word in set(re.findall(r"[A-Za-z]{4,}", question)):
            kana = romaji_words(word)
            if kana and to_katakana(kana[0]) in self._publisher_readings:
                text = re.sub(rf"\b{re.escape(word)}\b" + (f"|{re.escape(kana[0])}" if kana_too else ""), " ", text)
        return text

    @cached_property
    def _publisher_readings(self) -> frozenset[str]:
        """Katakana readings of the governments and ministries that publish the corpus's documents or that its
        programs belong to, without the suffix of their kind (茨城県 -> イバラキ, 福岡市 -> フクオカ)."""
        publishers = [p.name for p in self._publishers.values() if p is not None]
        publishers += [m.group(0) for doc in self.index.documents.values() for m in PUBLISHER.finditer(doc.title or "")]
        names = {re.sub(r"(?<=.)(都|道|府|県|市|町|村|区|省|庁|組合|連合)$", "", name)
                 for name in [*publishers, *(p.ministry for p in self.programs.values() if p.ministry)]}
        return frozenset(kana for name in names if len(kana := reading(name)) >= 3)

    @cached_property
    def _english_documents(self) -> bool:
        """Whether the corpus holds a document written mostly in Latin letters (an English budget summary)."""
        return any(is_english(doc.text[:20000]) for doc in self.index.documents.values())

    def _in_corpus(self, word: str) -> bool:
        """Whether a word is one token of the indexed passages (a compound the tokenizer splits, 「国人」 of 外国人,
        is not a word they use)."""
        tokens = tokenize(word)
        return len(tokens) == 1 and self.index.term_df(tokens[0]) > 0

    def _phrase_in_corpus(self, word: str) -> bool:
        """Whether a word is one the documents use: one token of the passages (`_in_corpus`), or a compound of such
        tokens that a document writes as it stands (教育委員会)."""
        tokens = tokenize(word)
        return bool(tokens) and all(self.index.term_df(t) > 0 for t in tokens) and (
            len(tokens) == 1 or any(key(word) in self._document_key(name) for name in self.index.documents))

    # What nearly every question reads, made over the whole program table on first use: made at load instead
    # (`warm`), so that the first questions after a start or a reindex do not wait for them (at a million passages
    # ~10 s of the first questions' time, `bench/ask_profile.py`). Per-question caches and what only rarer questions
    # read (every program's text keyed, for a mention) stay lazy: they would cost memory no question may need.
    _WARM = ("abbreviations", "_by_title", "_by_loose_title", "_by_qualifier", "_title_keys", "_budget_rounds",
             "_section_names")

    def warm(self) -> None:
        """Make the per-index structures `_WARM` names (and the abbreviations' own) now, not on first use."""
        for name in self._WARM:
            getattr(self, name)
        self.abbreviations.warm()
        self.table.warm()

    @cached_property
    def abbreviations(self) -> Abbreviations:
        """The index's titles, to read abbreviations of them back (「アセマネ」 -> アセットマネジメントの推進)."""
        return Abbreviations([p.title for p in self.index.programs if p.has_budget_structure or p.kind == "total"])

    def named(self, question: str) -> list[Program]:
        """Programs the question names by (most of) one of their names, best first."""
        expanded = self.expanded(question)
        return [m.program for m in self.retriever.names.match(expanded) if m.score >= NAMED]

    def _anchor(self, name: str, years: set[int]) -> list[Program]:
        """The one program a ranking counts from (「除雪費の次に」): the title written whole, else the shortest title
        holding the words, else the name index's best; of one title in several years, the year asked (else the
        latest). [] when nothing is named so."""
        wanted = key(name)
        found = list(self._by_title.get(wanted, [])) or sorted(
            (p for p in self.index.programs if p.budget is not None and wanted in key(p.title)),
            key=lambda p: len(p.title)) or self.named(name)[:1]
        found = [p for p in found if key(p.title) == key(found[0].title)] if found else []
        if len(found) > 1:
            found.sort(key=lambda p: (p.budget.fiscal_year in years if p.budget else False,
                                      p.budget.fiscal_year or 0 if p.budget else 0), reverse=True)
        return found[:1]

    def _split_by_qualifier(self, question: str) -> list[Program]:
        """The programs one name is split into by a bracketed qualifier (「航空機修理費(陸自)」「…(海自)」「…(空自)」,
        「弾薬(航空自衛隊)」), when the question writes that name whole and no qualified title: [] otherwise. The name is
        the bare title the question holds, longest first; the programs are its document's rows of that bare title."""
        text = key(self.expanded(question))
        bare: dict[tuple[str, str], list[Program]] = {}
        for p in self._by_qualifier:
            base = key(_QUALIFIER.sub("", p.title))
            if len(base) >= 2 and base in text and key(p.title) not in text:
                bare.setdefault((p.document, base), []).append(p)
        groups = sorted(bare.items(), key=lambda kv: -len(kv[0][1]))
        return groups[0][1] if groups and len(groups[0][1]) >= 2 else []

    @cached_property
    def _by_qualifier(self) -> list[Program]:
        """Countable programs with a budget whose title ends in a bracketed qualifier, made once."""
        return [p for p in self.index.programs if p.budget is not None and p.countable and _QUALIFIER.search(p.title)]

    def named_apart(self, question: str) -> list[Program]:
        """Two or more programs the question names each by a name of its own (「IT導入補助金とものづくり補助金の
        補助率は？」), in the question's order; [] when it names fewer, or when one name is part of another (a
        program and its own sub-item are one topic)."""
        expanded = self.expanded(question)
        matches = [m for m in self.retriever.names.match(expanded) if m.score >= NAMED]
        expanded = key(expanded)
        picked: list[tuple[int, Program, str]] = []
        for m in matches:
            name = key(m.name)
            where = expanded.find(name) if m.score >= 1.0 else -1
            if where < 0 or any(name in other or other in name for _, _, other in picked):
                continue
            if m.program.id not in {p.id for _, p, _ in picked}:
                picked.append((where, m.program, name))
        if len(picked) < 2:
            return []
        programs = [p for _, p, _ in sorted(picked, key=lambda t: t[0])]
        # Names two documents share (「子ども医療費助成事業」 of a town and of a city): each from the document the
        # others come from, when it has one of that name.
        documents = [p.document for p in programs]
        home = max(set(documents), key=documents.count)
        return [next((q for q in self._by_title.get(key(p.title), []) if q.document == home), p) for p in programs]

    def _each(self, question: str, query: Query, programs: list[Program]) -> Answer:
        """The asked attribute of each named program, one after the other, each with its own citations."""
        parts = [self._compose(question, query, Resolution([ProgramHit(p.id, 1.0, [], name_score=1.0)],
                                                           query.attribute), gate=False)
                 for p in programs[:MAX_LINES]]
        return Answer(answer="\n\n".join(a.answer for a in parts), abstained=all(a.abstained for a in parts),
                      intent=parts[0].intent, citations=[c for a in parts for c in a.citations],
                      related=[c for a in parts for c in a.related], programs=[p.id for p in programs])

    def _organisation_worded(self, text: str) -> str:
        """A question's text with the name the table holds of an organisation it says by its common name added
        (「国交省の…」 + 国土交通省, `aliases.tsv`); the text itself when it names one as the table does, or none."""
        wordings = [w for w in expand(text, self.aliases).removeprefix(text).split()
                    if self.table.organisation_named(key(w)) is not None]
        if wordings and self.table.organisation_named(key(text)) is None:
            return f"{text} {' '.join(wordings)}"
        return text

    def _group_pointed(self, query: Query) -> str | None:
        """The group (heading, office or ministry) the last answer ranked first, when the question points back at a
        group of that kind (「その分野」「その局」); None otherwise. Read off the answer's first line as shown."""
        previous, context = query.previous, query.context
        if previous is None or previous.group is None or context is None or not context.shown \
                or not _GROUP_POINTED.search(nfkc(query.text)):
            return None
        first = key(context.shown.split("\n", 1)[0])
        if previous.group == "category":
            return self.table.category_named(first)
        return self.table.organisation_named(first)

    def _organisations_worded(self, query: Query | None) -> Query | None:
        """The chain of earlier questions, each `_organisation_worded` (copies: the history's queries are shared)."""
        if query is None:
            return None
        return replace(query, text=self._organisation_worded(query.text),
                       previous=self._organisations_worded(query.previous))

    def _fact(self, query: Query, question: str) -> Answer | None:
        """Counts, lists, sums, rankings, comparisons and shares, computed over the table of programs.

        A question is a fact query when its form asks across programs (a count, a ranking, an amount condition),
        when it compares or weighs named programs, or when it asks which programs meet a condition it names (a
        department, a category, a mention, an equal amount) without naming one program. A ranking follow-up
        (「じゃあ2番目は？」) keeps the previous question's conditions.
        """
        named = self.named(question)
        previous = query.previous
        if query.operation == "position":
            return self._position(query, named)
        if query.after is not None:
            # 「除雪費の次に予算が大きいのは？」: ranked from the program the words before 「の次に」 name
            named = self._anchor(query.after, query.years)
            if not named:
                return None
        if query.script == "en":
            # "the Board of Education's biggest program": the organisations and headings an English question names
            # are found in their document wording (教育委員会), as retrieval reads them.
            query.text = nfkc(f"{query.text} {self.expanded(question)}").lower()
        else:
            # 「文科省の事業は何件？」: an organisation said by its common name is filtered by the name the table holds;
            # so are the earlier questions a follow-up's scope goes on from (「国交省の事業で一番大きいのは？」 then
            # 「じゃあ2番目に大きいのは？」 ranks 国土交通省's programs)
            query.text = self._organisation_worded(query.text)
            query.previous = self._organisations_worded(query.previous)
        if (group := self._group_pointed(query)) is not None:
            # 「その分野の予算を全部足すと？」 after 「事業の数がいちばん多い分野は？」: the group that answer put first
            query.text = f"{query.text} {group}"
        if query.mention:
            query.mention = wording_of(query.mention, self.aliases)
            if previous is not None and previous.mention_in_name and query.context is not None \
                    and query.context.refers and key(previous.mention or "") == key(query.mention):
                query.mention_in_name = True  # 「その国立公園関係の事業」 after 「国立公園って名前の入った事業」: the same ones
        if query.operation in ("nth", "max", "min") and previous is not None \
                and not (query.amount and previous.amount) and not query.mention:
            # (「逆に一番小さいのは？0円のは抜きで」: a condition of its own added to the ranking's)
            # (「じゃあ一番多いのは？」 after 「新しい事業は？」 whose answer listed programs: that list's condition)
            listed = previous.operation is None and query.context is not None and query.context.continues \
                and len(self.shown_programs(query.context.shown)) >= 2
            if previous.operation in ("nth", "max", "min") or previous.top_n or listed:
                query.text = f"{query.text} {previous.text}"
                query.mention = query.mention or previous.mention
                # (a direction of its own: 「安い」「逆に」 read by `understand`)
                if not (set(query.question) & set("大小多少高低安逆")):
                    query.descending = previous.descending
        if _UNIT_PRICE.search(query.text) and query.operation in ("compare", "max", "min"):
            # 「F-35Bは1機あたりだとF-35Aよりどのくらい高い？」「1機あたりの単価が一番高いのはどれ？」: budgets over the
            # counts their lines give
            priced = self._unit_prices(query, question, named)
            if priced is not None:
                return priced
        if query.operation in ("max", "min", "nth") and query.after is None \
                and len(listed := self.coordinated(question, _AMONG_WORD)) >= 3:
            return self._ranked_among(query, listed)  # 「A、B、C、Dの中で予算額が2番目に大きいのは？」
        if query.operation in ("max", "min", "nth") and query.after is None and len(areas := self._totals_listed(question)) >= 3:
            # 「スタンド・オフ防衛能力、統合防空ミサイル防衛能力、…の5分野で、いちばん予算が大きいのは？」: headings listed,
            # ranked by the totals their document states
            return self._ranked_among(query, areas)
        if query.operation == "sum" and len(named) > 2:
            apart = self.named_apart(question)  # 「AとBを合わせると」: A and B, not every title that holds B's words
            named = apart if len(apart) >= 2 else named
        if query.operation == "sum" and len(named) < 2:
            # names too loose for the name index (retrieved, unless things are counted: 「国内と海外あわせて何か所」)
            parts = self.coordinated(question, _SUM_WORD, retrieve=not query.counts_things)
            if parts:
                named, query.mention = parts, None  # 「オリンピック関連の、AとBを合わせると」: A and B alone
        if query.operation == "sum" and len(named) < 2 and len(split := self._split_by_qualifier(question)) >= 2:
            named, query.mention = split, None  # 「航空機修理費って陸自・海自・空自で分かれてるけど、合計すると」
        if query.operation == "sum" and (stated := _HOW_MANY_NAMED.search(nfkc(question))) is not None \
                and 2 <= (n := _count_of(stated)) < len(named):
            # 「JSM、JASSM、トマホーク、この3つの…を足すと」: the three named, in the question's order (a name only the
            # expansion adds comes last)
            named = named[:n]
        if query.operation in ("compare", "sum") and previous is not None \
                and previous.operation in ("compare", "sum") and query.context is not None \
                and (named or not query.context.new_topic) \
                and len(shown := self.shown_programs(query.context.shown)) >= 2 \
                and all(any(p is q for q in shown) for p in named):
            # 「差はいくら？」「じゃあ2つ合わせると？」 after 「AとB、予算が多いのはどっち？」: the two programs the last
            # answer compared (or added); 「建造費の合計は？」 after three counted together: all three (a word of one
            # of them, 建造, names no other); not 「話かわるけど、宇宙のほうは全体で？」, a new topic naming none of them
            named, query.mention = (shown[:2] if query.operation == "compare" else shown), None
        if query.operation in ("sum", "compare") and query.context is not None and query.context.recent >= 2:
            # 「ふたつ合わせると？」 after questions on two programs: the program each of the last answers showed ("both
            # AI programs together?": the words naming them name no others)
            recent = self._recently_shown(query.context)
            if len(recent) == query.context.recent and all(any(p is q for q in recent) for p in named):
                named, query.mention = recent, None
        if query.operation in ("sum", "compare") and len(named) == 1 and previous is not None \
                and query.context is not None:
            # 「地域防災力の向上と合わせるといくら？」 after 「防災・危機管理体制の強化の予算は？」: the program the last
            # answer showed (or the last question named) and the one named now; so for 「CH-47Jの取得と比べると、
            # どっちがどれだけ多い？」 after トマホークの取得's budget.
            before = self.shown_programs(query.context.shown) or [
                self.programs[h.program_id] for h in self.resolve(previous, "hybrid").hits[:1]]
            if before and before[0] is not named[0] and before[0].budget is not None:
                named, query.mention = [before[0], named[0]], None
        # 「その合計は？」「その中で一番大きいのは？」 after a list or count: the same programs, so the previous question's
        # conditions hold.
        if query.operation in ("sum", "count", "max", "min", "nth", "share") and previous is not None and not named \
                and not query.mention \
                and query.context is not None and query.context.refers and (previous.mention or previous.operation
                                                                            in ("list", "count", "sum")):
            # (and the conditions that question kept from the one before it: 「中小企業庁の事業は何件？」, 「それを全部
            # 合わせた予算は？」, then 「その中でいちばん大きいのは？」 ranks 中小企業庁's)
            earlier = previous
            while earlier.previous is not None and earlier.context is not None and earlier.context.refers \
                    and earlier.operation in ("list", "count", "sum") and not earlier.mention:
                earlier = earlier.previous
                query.text = f"{query.text} {earlier.text}"
            query.text = f"{query.text} {previous.text}"
            query.mention = previous.mention or earlier.mention
            query.mention_in_name = previous.mention_in_name
        # 「一般会計は全部でいくら？」: the account's row answers its total, not a sum of the programs listed
        accounts = self._accounts_named(question) if query.attribute in ("budget", None) and (query.operation in (
            None, "compare") or (query.operation == "sum" and asked_account(question))) and not named else []
        if query.operation == "compare" and len(accounts) == 2 and accounts[0].document == accounts[1].document \
                and (fact := two_budgets(query.text, *accounts)) is not None:
            # 「国民健康保険と介護保険の特別会計、どっちが大きい？差はいくら？」: two rows of one size table
            return self._fact_answer(fact)
        answers = [(a, answer) for a in accounts if (answer := self._amount(query, a)) is not None]
        if answers:
            # 「国保は前の年より減ってる？」: a row of the size table; the same account of several documents (no document
            # named), each document's own, titled.
            if len(answers) == 1:
                answer = answers[0][1]
            else:
                answer = Answer(answer="\n".join(f"【{self.document_label(a.document)}】{one.answer}"
                                                 for a, one in answers),
                                citations=[c for _, one in answers for c in one.citations])
            answer.programs = [a.id for a, _ in answers]
            return answer
        if query.operation == "sum" and query.counts_things and len(named) >= 2:
            counted = self._counts_added(named, query.counter)
            if counted is not None:
                return counted  # 「輸送機とヘリ、合わせて何機買う？」: their counts, not their budgets
        if query.operation == "sum" and query.counts_things and len(named) < 2 and not _MONEY_WORD.search(query.text):
            return None  # 「国内と海外で合わせて何か所？」: the things one program states, added; no budgets summed
        if query.attribute in ("per_applicant", "rate", "deadline", "contact", "target", "purpose", "eligibility",
                               "project_total") and named and query.operation not in ("compare", "share"):
            return None  # one named program's attribute, even when it says 「最大」 or 「いくつ」
        if query.attribute == "contact" and query.operation is None and _ASKS_WHO.search(query.text):
            return None  # 「人権擁護委員の活動って、法務省のどこの局の担当？」: who runs one program, no listing
        if query.operation == "compare" and (documents := self._documents_compared(question)) is not None:
            return documents  # 「楓市と桜川町、どっちの予算が大きい？」: each publisher's list added, compared
        if query.operation == "compare" and len(named) < 2 and (offices := self._offices_compared(query)) is not None:
            return offices  # 「教育総務課と建設課、どっちが予算多い？」: each office's programs added, compared
        if query.operation == "compare" and len(named) < 2 and len(parts := self.compared(question)) >= 2:
            named = parts  # 「衛生費と教育費の予算はどちらが大きい？」: two 款, not the change of the first
        if query.operation == "compare" and len(named) == 2 and (cells := self._cells_compared(question, named)):
            return cells  # 「観光DXとサテライトオフィス誘致、交付金の充当額はどっちが多い？」: that column, not the budgets
        within = None
        if query.operation in ("max", "min", "nth", "count", "sum", "list") and not named and previous is not None \
                and query.context is not None and PART_OF.search(query.text):
            # 「その中で一番お金がかかってる取り組みは？」 after one program: its parts (rows listed under it), ranked
            shown = self.shown_programs(query.context.shown)[:1] or [
                self.programs[h.program_id] for h in self.resolve(previous, "hybrid").hits[:1]]
            # (of one title in several years, the year the conversation is on)
            years = query.years or previous.years
            holders = [p for p in (shown + self._by_title.get(key(shown[0].title), []) if shown else [])
                       if self.table.parts_of(p)]
            within = next((p for p in holders if p.budget and p.budget.fiscal_year in years), None) \
                or (holders[0] if holders else None)
        scope = self.table.scope(query, named=bool(named), within=within)
        if not named and within is None and not query.mention and not scope.filters \
                and query.operation in ("count", "sum", "list", "max", "min") \
                and (word := self._topic_of_programs(question)) is not None:
            # 「AIの事業はいくつ？」「石油の事業の予算を全部足すと？」: a topic said with 「の」 alone, as 「AIに関する事業」 is,
            # when it narrows the programs to some (a word every program's text holds, or none does, is no topic)
            query.mention = word
            narrowed = self.table.scope(query, named=bool(named), within=within)
            if 0 < len(narrowed.programs) < len(scope.programs):
                scope = narrowed
            else:
                query.mention = None
        if scope.total is not None and not named and query.operation is None and self._program_named_over(
                question, scope.total):
            # 「緊急包括支援交付金の抜本的拡充の予算は？」: a program's title run (15 characters) names it, not the heading
            # 「里親養育包括支援事業」 whose four (包括支援) it shares; retrieval answers
            return None
        if not named and within is None and query.group is None and (query.operation in ("count", "list") or (
                query.operation is None and query.mention)) and (chosen := self._chosen_in_cell(question, query)):
            return chosen
        if not named and len(query.years) == 2 and query.asks_change and scope.filters and _ADDED.search(query.text):
            # 「交通局の施策を全部足した額、平成31年度と令和2年度でどれくらい減ってる？」: each year's sum, and the change
            compared = self._sums_compared(scope, sorted(query.years))
            if compared is not None:
                return compared
        if scope.total is not None and not named and query.attribute == "budget" and query.operation in (
                None, "compare") and (query.asks_previous_year or query.asks_change) and scope.total.budget \
                and scope.total.budget.previous_year is not None:
            # 「予防費の前年度予算額」「観光費は前年度からどれだけ増えた？」: a heading whose total states both figures
            # (a ledger's 目) answers from them, not with the programs under it.
            changed = self._amount(query, scope.total)
            if changed is not None:
                changed.programs = [scope.total.id]
                return changed
        if query.operation == "count" and not (query.counts_programs or scope.filters):
            return None
        if query.counts_things and not named and _IN_ALL.search(query.text):
            # 「輸送力強化で買うヘリコプターは全部で何機？」: the counts of the items the thing names, under the heading
            added = self._things_added(query)
            if added is not None:
                return added
        if query.counts_things and query.operation in (None, "count", "list"):
            return None  # 「医師修学資金って何人に貸す？」: a figure of the program, never how many programs a heading has
        if query.operation == "sum" and not (scope.filters or named or query.mention) and self._titled(question):
            return None  # 「消防防災ヘリの更新、全部でいくら？」: one program's whole cost, not the document's sum
        if query.operation == "sum" and not (scope.filters or named or query.mention) and previous is not None \
                and previous.operation is None and query.context is not None and query.context.refers \
                and len(self.shown_programs(query.context.shown)) == 1:
            return None  # 「それって全体の予算は？」 after one program's amount per child: that program's whole budget
        if query.attribute == "opinion":
            return None
        if query.operation == "compare":
            than = _THAN.search(nfkc(question))
            if _RATIO.search(nfkc(question)) or (than and not _NOT_A_PROGRAM.search(than["b"])) or len(named) < 2:
                # 「AはBの何倍」「AはBよりいくら多い」: its two parts as the question places them, before the name
                # index's matches
                named = self.compared(question) or (named if len(named) >= 2 else [])
            if len(named) < 2 or key(named[0].title) == key(named[1].title):
                # one title found twice (「Aは前年度と比べて」, both parts holding A's words): one program against its
                # own previous year, answered as its change
                return None
        elif query.operation == "share":
            if not named:
                # 「「生産性革命」関連は全体の何パーセント？」「それって全体の何パーセント？」 after its sum: the scope's
                # programs over all of their documents' programs
                share = self._share_of_scope(scope)
                return self._fact_answer(share) if share is not None else None
        elif not (query.across_programs or (query.lists_by_change and not named)):
            condition = bool(scope.filters) and query.operation in ("list", "count", None)
            if not named and not scope.filters and scope.total is not None and query.attribute == "budget":
                scope.clear()  # an area's stated total, asked by its heading's words: the total alone
            elif named or not condition:
                return None
            # Only a question that lists by a heading or organisation alone (no 「一覧」「上位3つ」, no mention or
            # amount it asks to filter by) may be naming a need instead.
            loose = query.operation is None and not (query.mention or query.top_n or query.amount) and scope.programs
            if query.operation is None and scope.total is None and not (
                    query.mention or query.top_n or query.amount or scope.programs):
                # "How much did Ibaraki budget in FY2019 for the National Sports Festival?": a heading the words
                # touch (「スポーツ施設の整備」) holds nothing that year; no listing was asked, so an empty one says
                # nothing of the program asked: retrieval answers (or abstains) instead.
                return None
            if loose and query.script == "en" and _ONE_PROGRAM_EN.search(query.text):
                return None  # "MEXT's program to accelerate open access": one program described, no listing
            beyond = self._beyond_condition(question, scope) if loose else []
            if loose and (not self._scope_covers(scope, beyond) or self._names_one(scope, beyond)):
                return None
            if loose and beyond and (query.attribute not in (None, "budget", "contact", "category")
                                     or self._whole_documents(scope)):
                # 「東京から茨城県に移住したら移住支援金はいくらもらえる？」「小樽市の除雪の…経費は？」 of a corpus of several
                # governments: the government names where to look, the rest names one program; listing all of a
                # government's programs (or asking one's cap of them all) answers neither
                return None
            if loose and len(scope.programs) == 1 and not _ASKS_PROGRAMS.search(question):
                return None  # 「運輸安全委員会の事故調査で新しく対象になったのは何？」: its one program's detail, no listing
            heading = scope.conditions.category if scope.conditions else None
            if loose and query.attribute == "budget" and heading and any(
                    p.budget is not None and p.kind != "total" for p in self._by_title.get(key(heading), [])):
                return None  # 「医師修学資金貸与事業にはいくら？」: the heading is a program of its own, with its budget
        if scope.missing_years and not query.across_programs and query.operation is None:
            return None
        heading = scope.conditions.category if scope.conditions else None
        if query.operation == "sum" and not named and heading and not ADDING.search(query.text) and any(
                p.budget is not None and p.kind != "total" and self.table.parts_of(p)
                for p in self._by_title.get(key(heading), [])):
            # 「茨城県の令和2年度の公共事業、総額でいくら？」: the heading is a program whose parts are listed under it; its
            # own figure is its whole (the parts listed are only some of it)
            return None
        # Only a mention the scope was filtered by (not one inside a heading it matched) gets its sentences cited.
        mention = query.mention if query.mention and f"「{query.mention}」に関する" in scope.filters else None
        years = self._years_apart(query, scope, named)
        if years:
            handled, split = self._per_year(question, query, scope, years, mention)
            if handled:
                return split
        fact = None
        if query.group == "category" and not query.group_by_count and query.operation in ("max", "min") and not named:
            # 「款ごとの小計で一番大きい款は？」: the headings' totals the document states, when it states them
            stated = self.table.stated_groups({p.document for p in scope.programs})
            fact = stated_group_rank(query, stated) if stated else None
        if fact is None and query.operation in ("max", "min") and not named and query.group is None \
                and not _PROGRAM_WORD.search(question) \
                and not ((named_heading := self.table.category_named(key(query.text)))
                         and key(named_heading) in key(query.text)) \
                and (rows := self.table.stated_rows_named(key(query.text))):
            # 「歳出で一番多いのは？」 of a 予算の概要 whose 歳出 table lists its 款 (民生費 702,300千円…): those stated
            # rows ranked, not the programs of another heading that holds the word (「補正の主な内容(歳出)」); a
            # heading of programs the question writes whole (「弾薬の確保で一番大きい弾薬は？」) ranks its programs
            fact = stated_group_rank(query, rows)
        if fact is None and query.operation in ("max", "min", "nth", "sum") and not named and query.group is None \
                and (by_cell := self._by_cell(question, query, scope)) is not None:
            return by_cell
        fact = fact or answer_fact(query, scope, named, self.table.sql)
        if fact is None:
            return None
        if fact.kind == "empty" and query.mention and key("".join(content_nouns(query.mention))) != key(query.mention):
            # 「うちみたいな小さい会社が使える補助金」「そういう中小企業向けの支援」: a phrase that is more than its nouns,
            # held word for word by no text, says nothing of absence; retrieval answers (or abstains) instead.
            return None
        if fact.kind == "sum" and len(named) == 1 and not scope.filters:
            # 「イージス・システム搭載艦って1隻つくるのに総額いくら？」: one program named, and the sum would be of the
            # whole table: the question is about that program (answered, or abstained, as such).
            return None
        answer = self._fact_answer(fact, scope.organisation, mention)
        if fact.kind == "sum" and not named and (not scope.filters or self._whole_documents(scope)):
            return self._with_stated_total(question, answer, fact)
        if fact.kind == "sum" and not named and fact.programs and scope.total is None and asked_account(question) \
                and not any(w in question for w in self.vocab.counters.programs):
            # 「茨城県の令和2年度一般会計予算の総額は？」 of a part of the documents (an office's, a year's): the account's
            # total is still theirs to state, or said missing; 「一般会計の事業の合計」 asks the programs' sum
            return self._with_stated_total(question, answer, fact) or answer
        return answer

    def _unit_prices(self, query: Query, question: str, named: list[Program]) -> Answer | None:
        """Two named items compared, or the items of one counter ranked, by the price of one (budget ÷ the count
        their budget lines give); None when fewer than two items give a count."""
        def each(p: Program) -> float | None:
            found = _one_count(p)
            return p.budget.yen / found[0] if p.budget and p.budget.yen and found and found[0] > 0 else None

        asked = _PER_ONE.search(query.text)
        counter = asked.group("c") if asked and asked.group("c") else None
        same = next((g for g in self.vocab.counters.same if counter in g), (counter,)) if counter else None
        if query.operation == "compare":
            pair = self.compared(question) or named
            items = [p for p in pair[:2] if each(p) is not None]
            if len(items) < 2:
                return None
        else:
            # (an item a document lists twice, in its table and its text, is one item)
            items = list({(key(p.title), p.budget.yen): p for p in self.programs.values()
                          if p.kind != "total" and each(p) is not None and (same is None or _one_count(p)[1] in same)
                          and p.budget is not None}.values())
            if len(items) < 2:
                return None
        items.sort(key=lambda p: each(p) or 0, reverse=query.descending or query.operation == "compare")
        lines = [f"・{p.title}：{budget_of(p)}÷{_one_count(p)[0]:,}{_one_count(p)[1]}＝1{_one_count(p)[1]}あたり"
                 f"{_price_text(each(p) or 0)}" for p in items[:MAX_LINES]]
        if query.operation == "compare":
            a, b = items
            gap = (each(a) or 0) - (each(b) or 0)
            head = (f"1{_one_count(a)[1]}あたりでは、{a.title}のほうが{b.title}より{_price_text(gap)}高くなります"
                    f"（資料の予算額と数量からの計算値）。")
        else:
            word = "高い" if query.descending else "安い"
            head = (f"数量の書かれた{len(items)}件のうち、1つあたりの単価が最も{word}のは{items[0].title}で、"
                    f"{_price_text(each(items[0]) or 0)}です（資料の予算額と数量からの計算値）。")
        return self._fact_answer(Fact("\n".join([head, *lines]), items, "rank"))

    def _sums_compared(self, scope: Scope, years: list[int]) -> Answer | None:
        """The programs in scope added up for each of two fiscal years and the change between the sums, every budget
        line cited; None when a year has no program in scope."""
        parts = [summed([p for p in scope.programs if p.budget and p.budget.fiscal_year == y]) for y in years]
        if not all(parts):
            return None
        totals = [yen_of(part) for part in parts]
        labels = [_year_label(part, y) for part, y in zip(parts, years, strict=True)]
        change = totals[1] - totals[0]
        text = self.phrases.answers["sums_compared"].format(
            where=scope.where, first=labels[0], second=labels[1], a=added_written(parts[0]), n=len(parts[0]),
            b=added_written(parts[1]), m=len(parts[1]),
            change=written_like(abs(change), parts[1]),
            way="増" if change >= 0 else "減")
        return self._fact_answer(Fact(text, [*parts[1], *parts[0]], "sum"), scope.organisation)

    def _position(self, query: Query, named: list[Program]) -> Answer | None:
        """Where the program a question names stands among its document's programs by budget (「省エネの補助って予算の
        多さでいうと何番目？」): its rank (programs with a larger budget, plus one), of how many, with the programs
        above it cited; None when no program with a budget is named or found."""
        program = next((p for p in named if p.budget and p.budget.yen is not None), None)
        if program is None:
            hits = self.resolve(query, "hybrid").hits
            program = next((self.programs[h.program_id] for h in hits[:1]
                            if (b := self.programs[h.program_id].budget) is not None and b.yen is not None), None)
        if program is None or not program.countable:
            return None
        year = program.budget.fiscal_year
        pool = sorted((p for p in self.table.pool if p.document == program.document and p.budget.fiscal_year == year),
                      key=lambda p: p.budget.yen, reverse=True)
        if program not in pool:
            return None
        above = [p for p in pool if p.budget.yen > program.budget.yen]
        place = "最も" if not above else f"{len(above) + 1}番目に"
        text = f"{program.title}の予算額（{budget_of(program)}）は、この資料の{len(pool)}件のうち{place}大きい額です。"
        listed = [*above[-4:], program]  # (the ones just above it, and it)
        return self._fact_answer(Fact("\n".join([text, *(f"・{p.title}：{budget_of(p)}" for p in listed)]),
                                      listed, "rank"))

    def _ranked_among(self, query: Query, listed: list[Program]) -> Answer:
        """The program of the rank asked among the ones the question lists by name, by budget, all of them cited."""
        priced = sorted((p for p in listed if p.budget is not None and p.budget.yen is not None),
                        key=lambda p: p.budget.yen, reverse=query.descending)
        rank = query.rank or 1
        word = "大きい" if query.descending else "小さい"
        lines = [f"・{p.title}：{budget_of(p)}" for p in priced]
        if rank > len(priced):
            text = f"挙げられた事業のうち予算額が分かるのは{len(priced)}件なので、{rank}番目はありません。"
        else:
            p = priced[rank - 1]
            position = "最も" if rank == 1 else f"{rank}番目に"
            text = f"挙げられた{len(priced)}件のうち、予算額が{position}{word}のは{p.title}で、{budget_of(p)}です。"
        return self._fact_answer(Fact("\n".join([text, *lines]), priced, "rank"))

    def _share_of_scope(self, scope: Scope) -> Fact | None:
        """The share of a filtered scope's budgets in all the programs of the documents they stand in, computed from
        the cited lines; None without a filter, or when the scope is the whole."""
        part = summed([p for p in scope.programs if p.budget and p.budget.yen])
        if not scope.filters or not part:
            return None
        documents = {p.document for p in part}
        whole = summed([p for p in self.programs.values() if p.document in documents and p.countable
                        and p.budget and p.budget.yen])
        part_yen, whole_yen = yen_of(part), yen_of(whole)
        if not whole_yen or part_yen >= whole_yen:
            return None
        text = self.phrases.answers["scope_share"].format(
            scope="・".join(scope.filters), part=added_written(part), whole=added_written(whole),
            share=f"{100 * part_yen / whole_yen:.1f}")
        return Fact(text, part, "share")

    @staticmethod
    def _years_apart(query: Query, scope: Scope, named: list[Program]) -> list[int]:
        """The fiscal years (latest first) a count, sum or ranking must be answered in one by one: its programs'
        budgets are of two years or more and the question names no year and no program (「消防局の重要施策の合計は？」
        over the 平成31年度 and 令和2年度 lists: adding both years' budgets answers neither). [] otherwise."""
        if named or query.years or query.operation not in ("count", "sum", "max", "min", "nth", "list"):
            return []
        years = {p.budget.fiscal_year for p in scope.programs if p.budget and p.budget.fiscal_year}
        return sorted(years, reverse=True) if len(years) > 1 else []

    def _per_year(self, question: str, query: Query, scope: Scope, years: list[int],
                  mention: str | None) -> tuple[bool, Answer | None]:
        """The fact answered for each fiscal year on its own (latest first), under a line naming the years.

        Returns:
            (True, the answer), or (True, None) when a year's whole-document sum says the question is about one
            program (`_with_stated_total`); (False, None) when no year has a program in scope (the question is then
            answered as if the years were one).
        """
        blocks: list[str] = []
        labels: list[str] = []
        citations: list[Citation] = []
        programs: list[str] = []
        for year in years:
            part = replace(scope, programs=[p for p in scope.programs if p.budget and p.budget.fiscal_year == year],
                           conditions=replace(scope.conditions, years=frozenset({year})),
                           total=scope.total if scope.total is not None and scope.total.budget is not None
                           and scope.total.budget.fiscal_year == year else None)
            fact = answer_fact(query, part, [], self.table.sql)
            if fact is None or fact.kind == "empty":
                continue
            answer: Answer | None = self._fact_answer(fact, scope.organisation, mention)
            if fact.kind == "sum" and (not scope.filters or self._whole_documents(part)):
                answer = self._with_stated_total(question, answer, fact)
                if answer is None or answer.abstained:
                    return True, answer
            label = _year_label(part.programs, year)
            labels.append(label)
            blocks.append(self.phrases.answers["by_year_head"].format(year=label) + answer.answer)
            citations += answer.citations
            programs += answer.programs
        if not blocks:
            return False, None
        head = self.phrases.answers["by_year"].format(years="・".join(reversed(labels)))
        return True, Answer(answer="\n\n".join([head, *blocks]), intent="aggregate", citations=citations,
                            programs=programs)

    def _counts_added(self, programs: list[Program], counter: str | None) -> Answer | None:
        """The counts of things named items buy added up (「数量 2機」 + 「数量 15機」 = 17機), each line cited; None
        unless every item's budget line gives one count in the counter asked."""
        counts = []
        for program in programs:
            count = _one_count(program)
            if count is None or count[1] != counter:
                return None
            counts.append((program, count[0]))
        a = self.phrases.answers
        lines = [a["counts_added"].format(titles="と".join(p.title for p, _ in counts),
                                          total=f"{sum(n for _, n in counts):,}", counter=counter)]
        lines += [a["counts_added_line"].format(title=p.title, count=f"{n:,}", counter=counter) for p, n in counts]
        citations = [self.cite(p, "予算額", p.budget.start, p.budget.end) for p, _ in counts if p.budget]
        return Answer(answer="\n".join(lines), citations=citations, intent="aggregate",
                      programs=[p.id for p, _ in counts])

    def _things_added(self, query: Query) -> Answer | None:
        """The counts of every item whose title holds the thing asked (「ヘリコプターは全部で何機？」), under the heading
        the question names when it names one, added (`_counts_added`); None unless two or more such items state a count
        in the counter asked."""
        thing = _THING_IN_ALL.search(query.text)
        if thing is None or query.counter is None:
            return None
        word = key(thing.group(1))
        heading = self.table.category_named(key(query.text), loosely=True)
        items = [p for p in self.index.programs if p.countable and word in key(p.title)
                 and (heading is None or heading in (p.category, *p.categories))
                 and (count := _one_count(p)) is not None and count[1] == query.counter]
        return self._counts_added(items, query.counter) if len(items) >= 2 else None

    def _recently_shown(self, context: Context) -> list[Program]:
        """The first program each of the last `context.recent` answers showed, oldest first; fewer when an answer
        showed none or one already taken (then the question is not read as pointing at them)."""
        found: list[Program] = []
        for text in context.answers[:context.recent]:
            shown = self.shown_programs(text)
            if not shown or shown[0] in found:
                return []
            found.append(shown[0])
        return found[::-1]

    def _titled(self, question: str) -> bool:
        """Whether every word of the question that could name a program is in the title of the program retrieved
        first (「消防防災ヘリの更新」 -> 消防防災ヘリコプター更新事業): the question is about that program. A
        question naming nothing (「全部でいくら？」) or naming what no title holds (「防衛費の総額」) is not."""
        expanded = self.expanded(question)
        # 「全部の事業の予算を合計すると」: 事業 names no program; 「この補正予算の資料に出てる事業」: 補正 names a document.
        naming = [t for t in self.salient_terms(expanded) if len(t) > 1 and t not in self.vocab.counters.programs
                  and key(t) not in self.table.any_document_word]
        if not naming:
            return False
        hits = self.retriever.search_programs(expanded, k=1, mode="bm25")
        if not hits or self.programs[hits[0].program_id].kind == "total":
            return False  # 「予算の合計は？」 finds the 合計 row: the document's total, no program's
        title = self.programs[hits[0].program_id].title
        # A total word is in a title only as a word of it (「福岡市総合計画の推進」 holds 合計 as letters, not as a word).
        words = set(tokenize(title))
        return all((t in words) if is_total(t) else key(t) in key(title) for t in naming)

    def _account_not_stated(self, question: str, documents: list[str], at_least: int) -> Answer | None:
        """The abstention when the question asks an account's total (「一般会計予算の総額は？」) of documents that list
        programs and neither state that total nor are the account's own list (a ledger titled 「…一般会計予算事項別
        明細書」): the sum of what they list is not the account's total, however often their programs' fields say
        一般会計 (a figure of at least `at_least` yen, the sum, beside the account's name is a statement of it). None
        when the question asks no account."""
        account = asked_account(question)
        if account is None:
            return None
        titles = " ".join(key(self.index.documents[d].title) for d in documents)
        if key(account) in titles or any(self._account_total(d, account) for d in documents) or any(
                stated_total(self.index.documents[d].text, at_least, account, ()) for d in documents):
            return None
        return Answer(answer=self.phrases.abstain["account"].format(account=account), abstained=True, related=[])

    def _with_stated_total(self, question: str, answer: Answer, fact: Fact) -> Answer | None:
        """A whole document's total: the figure the document states (cited) comes first; our sum of its items
        follows as what it is (UX finding 5: 「防衛費の総額は？」 summed 137 items where the document says 6兆6,001億円).

        A total the question qualifies with words the documents never use (「職員の給与総額」), or with words that name
        their programs or headings but not a document (「F-15の能力向上、全部で」), is not one they give: None, and the
        question is answered (or abstained) as one about a program instead. Of several documents, our sum stands alone.
        """
        names_of = sorted({p.document for p in fact.programs})
        # A common name the question uses (経産省) stands for its document wording (経済産業省), which the expansion adds
        # and the check then reads: neither qualifies the total.
        nicknames = set(tokenize(" ".join(f"{name} {wording}" for name, wording in self.aliases if name in question)))
        # Only the sentences that ask qualify the total (「議会への説明資料用です。」 says why, not which total), and an
        # organisation the table holds (「外務省と防衛省の事業」) is a filter the scope applied, not a qualifier.
        asking = key(asking_sentences(question))
        for organisation in sorted(self.table.organisations_in(asking), key=len, reverse=True):
            asking = asking.replace(organisation, "、")
        english = is_english(question)
        if english:
            # "What is Japan's total … if US force realignment is included?": the English is the question's language,
            # not a qualifier; the Japanese the glossary gives it (米軍, 再編) qualifies.
            sentences = asking_sentences(question)
            expanded = self.expanded(sentences)
            asking = expanded[len(sentences):] if expanded.startswith(sentences) else ""
        qualifiers = [key(t) for t in self.salient_terms(self.expanded(asking) if asking else "")
                      if t not in generic_words() and t not in nicknames and not t.isdigit()
                      and not (english and len(t) < 2)]  # (a dictionary's one kanji says little)
        # A word is looked for as its lemma and as the question writes it (みどり of 「みどり町」 has the lemma 緑).
        written = {key((w.feature.lemma or w.surface).split("-")[0]): key(w.surface)
                   for w in tagged(nfkc(question).lower())}
        text = " ".join(self._document_key(d) for d in names_of)
        opening = " ".join(key(f"{self.index.documents[d].title} {self.index.documents[d].text[:WHOLE_DOCUMENT_OPENING]}")
                           for d in names_of)
        names = " ".join(self._names_key(d) for d in names_of)

        def held(t: str, where: str) -> bool:
            return t in where or written.get(t, t) in where

        if english:
            # (a dictionary's reading of an English word no document writes, 「共に」 of "including", qualifies nothing)
            qualifiers = [t for t in qualifiers if held(t, text)]
        if (missing := self._account_not_stated(question, names_of, yen_of(summed(fact.programs)))) is not None:
            return missing
        account = asked_account(question)
        # A qualifier the documents never use, or one naming their programs or headings and not a document itself
        # (「F-15の能力向上」「電磁波領域の」 against 「防衛費の総額」 of 「我が国の防衛と予算」), asks for a part's total.
        if any(not held(t, text) or (held(t, names) and not held(t, opening)) for t in qualifiers):
            return None
        if len(names_of) > 1 and "会計" in nfkc(question) and account is None:
            # 「全部の会計を合わせると？」 of a 当初予算の概要 with its size table beside a 補正's 説明資料: the one paper
            # whose table states every account's 合計 answers it
            sized = [d for d in names_of if sum(p.kind == "total" and "会計" in p.title for p in self.programs_of(d)) >= 2
                     and self._account_total(d, None, True) is not None]
            names_of = sized if len(sized) == 1 else names_of
        if len(names_of) != 1:
            return answer  # several documents: no one of them states the total of all
        document = self.index.documents[names_of[0]]
        at_least = yen_of(summed(fact.programs))
        # Words the opening does not hold qualify which of the stated totals (「米軍再編とかも全部含めた」).
        including = tuple(written.get(t, t) for t in qualifiers if not held(t, opening))
        every = "会計" in nfkc(question)  # 「全部の会計」: every account's whole
        stated = self._account_total(document.name, account, every) or stated_total(
            document.text, at_least, account, including)
        if stated is None:
            return answer
        cite = self.cite_document(document.name, "資料全体", stated.start, stated.end, fact.programs[0].id)
        head = self.phrases.answers["stated_total"].format(amount=stated.amount_text, quote=cite.quote)
        # (our sum of the listed items is said as what it is: the stated figure also holds what no item lists, so the
        # two are not expected to agree)
        # (when they do agree, nothing is said of a difference: 「補助金の予算は全部で？」 of a list whose 合計 is its rows')
        note = "" if stated.yen == at_least else self.phrases.answers["items_beside_total"]
        # (beside a stated figure the items do not make up, our sum is said in one line: its list of programs and
        # its split by paper answer nothing asked, 「全部の会計を合わせると？」 being the 合計 of the size table)
        said = answer.answer.split("\n", 1)[0] if note else answer.answer
        answer.answer = f"{head}\n{note}{said}"
        answer.citations = [cite, *answer.citations]
        return answer

    @cached_property
    def _size_rows(self) -> list[Program]:
        """Every document's size table rows (`qa.ingest.account_totals`: 一般会計, 国民健康保険特別会計, 合計)."""
        # (a row states last year's figure beside it or not: 「○ 一般会計 ６，８４３億円（前年度当初比 ＋１４１億円）」)
        # (a guide's 「■一般会計　68億4,500万円」 read as a priced total states no label: an account's row all the same)
        return [p for p in self.programs.values() if p.kind == "total" and p.budget and p.budget.yen
                and p.budget.label in ("予算額", "") and p.budget.amount_text
                and re.search(r"会計|^合計$|^総計$", p.title)]

    def _accounts_named(self, question: str) -> list[Program]:
        """The size table rows the question names: its account whole (一般会計) or without 特別会計・事業会計
        (「国民健康保険の予算」, 「国保」 read so), one per document (the longest title matched), the named document's
        alone when the question names one; [] when none."""
        if not self._size_rows:
            return []
        text = key(f"{question} {' '.join(need_terms(question))}")
        found = [p for p in self._size_rows if not is_total(p.title) and (
            key(p.title) in text or (len(base := account_short_name(p.title) or "") >= 4 and key(base) in text))]
        if named := self.table.document_named(key(question)):
            # 「里山環境省の概算要求、一般会計の総額は？」: the named document's row, never another document's
            found = [p for p in found if p.document == named]
        documents = list(dict.fromkeys(p.document for p in found))
        distinct = list({p.title: p for p in found}.values())
        if len(documents) == 1 and len(distinct) == 2 and distinct[0].title not in distinct[1].title \
                and distinct[1].title not in distinct[0].title:
            return distinct  # 「国民健康保険と介護保険の特別会計」: two accounts of one table, both named
        return [max((p for p in found if p.document == d), key=lambda p: len(p.title)) for d in documents]

    def _account_total(self, document: str, account: str | None, every_account: bool = False) -> StatedTotal | None:
        """The document's size table row for the account asked, or its 合計 row for the whole budget
        (`qa.ingest.account_totals`; the largest 合計 when `every_account` is asked), as a stated total: the row's
        line and figure. None when it has no such row."""
        rows = [p for p in self.programs_of(document) if p.kind == "total" and p.budget and p.budget.yen
                and p.budget.label == "予算額" and p.budget.amount_text]
        # (a size table's 合計 beside a table of programs' own 合計 answers only the whole of the accounts asked,
        # 「全部の会計」; a 合計 asked otherwise is the programs' table's)
        others = {p.title for p in self.programs_of(document) if p.kind == "total" and p not in rows}
        totals = [p for p in rows if (p.title == account if account else is_total(p.title) and (
            every_account or p.title not in others))]
        # (every account asked, 「全部の会計」: of several 合計 rows, a size table's and a table of 主要事業's, the
        # largest is the whole budget's)
        row = max(totals, key=lambda p: p.budget.yen or 0, default=None) if every_account else next(iter(totals), None)
        title = self.index.documents[document].title or ""
        if row is None and (account is None or account in nfkc(title)):
            # A ledger of one account (「…一般会計予算事項別明細書」) adds its 総括 up in 「歳出合計」: the account's total
            row = next((p for p in self.programs_of(document) if p.kind == "total" and not p.categories
                        and p.budget and p.budget.yen and is_grand_total(p.title)
                        and (every_account or p not in rows or p.title not in others)), None)
        if row is None or row.budget is None or row.budget.yen is None:
            return None
        return StatedTotal(row.start, row.budget.end, row.budget.amount_text, row.budget.yen)

    def _whole_documents(self, scope: Scope) -> bool:
        """Whether a scope holds every program of the documents it draws from (an organisation that is their
        publisher, 「茨城県」 of 茨城県's records), of the years it asks when it asks some: its condition narrowed nothing
        inside them."""
        documents = {p.document for p in scope.programs}
        years = scope.conditions.years if scope.conditions is not None else None
        if years:
            # 「茨城県の令和2年度、…の強化事業っていくら？」: every program of the documents in the years asked
            held = sum(self.table.pooled_in_years[(d, y)] for d in documents for y in years)
            return bool(documents) and len(scope.programs) == held
        return bool(documents) and len(scope.programs) == sum(self.table.pooled_in[d] for d in documents)

    def _beyond_condition(self, question: str, scope: Scope) -> list[str]:
        """The question's content words (as lemmas: 「人づくり」 is 人作り) that the scope's condition did not match."""
        matched = set(tokenize(" ".join(scope.matched)))
        return [t for t in self.salient_terms(self.expanded(question)) if t not in matched]

    def _scope_covers(self, scope: Scope, beyond: list[str], limit: int = 300) -> bool:
        """Whether the programs a condition selects can answer the rest of the question (`beyond`, from
        `_beyond_condition`): 「ガソリンスタンドの災害対策の支援はある？」 matches the heading 「災害対策」, but when none
        of its programs mentions ガソリンスタンド the question names a need, not the heading, and a program whose text
        answers it must win (UX finding 2).

        A scope of more than `limit` programs is taken to cover the question (the check reads each program's words).
        """
        # 「施策の柱３の小計」: a total word asks for the heading's total line, which the scope holds.
        rest = [t for t in beyond if not (scope.total is not None and is_total(t))]
        if not rest or len(scope.programs) > limit:
            return True
        # Words naming the program's document (「さくら市の新規事業」) are met as its own are.
        return any(all(t in self.program_terms(p) or t in self.document_terms(p.document) for t in rest)
                   for p in scope.programs)

    def _names_one(self, scope: Scope, beyond: list[str]) -> bool:
        """Whether the question's words beyond the condition's (`_beyond_condition`) are held by the title of exactly
        one of the scope's programs (「赤坂迎賓館の一般公開の経費」 of 迎賓館's three): it names that program, not the
        condition's list."""
        # (a word of the publisher's name, 白樫 of 「白樫村の新しい事業は？」, names the documents, not 村道白樫線)
        named = set().union(*(self.document_terms(d) for d in {p.document for p in scope.programs}))
        rest = [t for t in beyond if not is_total(t) and t not in named]
        if not rest or len(scope.programs) < 2:
            return False
        titles = {p.id: set(tokenize(p.title)) for p in scope.programs}
        # a word of the question that one title holds and the others do not (赤坂 of 赤坂迎賓館参観経費)
        distinct = {key(p.title): titles[p.id] for p in scope.programs}  # (a title listed for two years counts once)
        own = [t for t in rest if sum(t in words for words in distinct.values()) == 1]
        # (most of the rest in its text: 「…の制作支援って」 of a program whose text says 制作促進, not 支援)
        titled = [p for p in scope.programs if any(t in titles[p.id] for t in own)
                  and 4 * sum(t in self.program_terms(p) for t in rest) >= 3 * len(rest)]
        # (one title listed for two years, 「いばらき宇宙ビジネス創造拠点事業」 of 平成31 and 令和2, is one program)
        if len({key(p.title) for p in titled}) == 1:
            return True
        # a title holding every word of the rest (「宇宙ビジネス創造拠点事業」, each of its words in other titles too)
        whole = {key(p.title) for p in scope.programs if len(rest) >= 2 and all(t in titles[p.id] for t in rest)}
        return len(whole) == 1

    def compared(self, question: str) -> list[Program]:
        """The two programs a comparison names (「F-35AとF-35B、取得費が多いのはどっち？」), each found on its own part
        of the question, when their names are too short or too loose for the name index."""
        # 「1機あたりで見ると、F-35BはF-35Aよりいくら高い？」: a condition opening the question is no part of A
        text = _OPENING_CONDITION.sub("", nfkc(question))
        ratio = _RATIO.search(text) or _THAN.search(text)
        if ratio and _NOT_A_PROGRAM.search(ratio["b"]):
            ratio = None  # 「Aは前年度より多い？」: A against its own last year, a change
        if ratio:
            # 「国際放送の実施は、字幕番組とかの制作促進の何倍？」「AはBより予算がいくら多い？」: A before its topic
            # particle, B before 「の何倍」 or 「より」 (B may hold 「とか」, so it is not split further)
            found = self._found_parts([ratio["a"], ratio["b"]], "", text[ratio.end():], retrieve=True)
        else:
            found = self.coordinated(question, _COMPARE_WORD, pair=True, retrieve=True) \
                or self._across_documents(question)
        against = ratio or _AGAINST.search(text)
        if len(found) < 2 and against:
            # 「サイバー領域の能力強化は宇宙領域より何億円多い？」「豪雨災害からの復旧の柱は、物価高騰対策の柱と比べて
            # いくら多い？」: two headings, by the totals their document states
            totals = [self._total_for(against["a"]), self._total_for(against["b"])]
            found = [t for t in totals if t is not None]
        return found[:2] if len(found) >= 2 and found[0] is not found[1] else []

    def _total_for(self, part: str, share: float = 0.0) -> Program | None:
        """The total row (a heading's stated figure) whose title holds the longest run of a part of a question, at
        least three characters (and `share` of the part) and longer than any other's; None when no one total is
        named so."""
        own = key(part)
        scored = sorted(((common_run(own, title), p) for title, p in self._total_rows), key=lambda t: -t[0])
        if not scored or scored[0][0] < max(3, share * len(own)) or (len(scored) > 1 and scored[1][0] == scored[0][0]):
            return None
        return scored[0][1]

    @cached_property
    def _total_rows(self) -> list[tuple[str, Program]]:
        """(title key, row) of the table's total rows with a figure, keyed once (a question must not key them all)."""
        return [(key(p.title), p) for p in self.table.total_rows]

    def _totals_listed(self, question: str) -> list[Program]:
        """The headings a question lists with 「、」 (or と), each found as the total row it names for most of its
        words; the parts that name none (「主要事項のうち」「いちばん大きいのは」) are left out."""
        parts = [p for p in re.split(r"、|,|と(?!の)", nfkc(question)) if len(key(p)) >= 3]
        found = [t for part in parts if (t := self._total_for(part, share=0.6)) is not None]
        return list({t.id: t for t in found}.values())

    def _across_documents(self, question: str) -> list[Program]:
        """「令和2年度のいじめ対策の予算を茨城県と福岡市で比べると」: one topic in the documents of two publishers the
        question names side by side, the program each one's documents give it; [] unless two documents are named
        and each has a program that holds the topic's words."""
        text = nfkc(question)
        pieces = [p.strip(" 、,。") for p in re.split(r"と|や|及び|\band\b|\bvs\.?|で|の|を|、", text)]
        documents: dict[str, str] = {}
        for piece in pieces:
            if len(piece) >= 2 and (document := self.table.document_named(key(piece))) is not None:
                documents.setdefault(document, piece)
        if len(documents) != 2:
            return []
        topic = text
        for piece in documents.values():
            topic = topic.replace(piece, " ")
        naming = [t for t in self.salient_terms(self.expanded(topic)) if len(t) > 1]
        if not naming:
            return []
        query = self.understand(topic, [])
        rarest = max(naming, key=self.retriever.idf)  # いじめ, not 対策
        found = []
        for document in documents:
            # its programs whose title holds the topic's rarest word, else whose text does; of the year asked
            own = [p for p in self.programs_of(document) if p.budget is not None and p.kind != "total"
                   and (not query.years or p.budget.fiscal_year in query.years)]
            titled = [p for p in own if rarest in key(p.title)] or [p for p in own if rarest in self.program_terms(p)]
            if not titled:
                return []
            program = max(titled, key=lambda p: sum(t in self.program_terms(p) for t in naming))
            found.append(program)
        return found

    def _in_a_title(self, text: str) -> bool:
        """Whether a title holds the text's longest run before its first の (「イージス・システム搭載艦の」)."""
        k = key(text.split("の")[0])
        return bool(k) and any(k in t for t in self._heading_keys)

    @cached_property
    def _heading_keys(self) -> set[str]:
        """The keys of every title and heading of the index (an area's total 「スタンド・オフ防衛能力」 too)."""
        return {key(t) for p in self.index.programs for t in (p.title, *p.categories)}

    def coordinated(self, question: str, word: re.Pattern[str], pair: bool = False,
                    retrieve: bool = False) -> list[Program]:
        """The programs a question names one by one before its operation word (「ものづくり補助金とIT導入補助金と小規模
        事業者支援パッケージを合わせると」, 「JSMとJASSMの取得費の合計」), in its order; [] when fewer than two.

        Each part is found by BM25 on its own words plus the words every part shares (what follows the last part,
        「取得費」); a part whose program shares none of its content words is not taken as named. A head before the
        first part, cut off by 「、」 (「教育情報化推進事業費、小学校分と中学校分」), qualifies every part.
        """
        text = nfkc(question)
        if any(self.table.category_named(key(quoted)) for quoted in re.findall(r"「([^」]{4,})」", text)):
            return []  # 「「第１ 検査体制の充実、…とワクチン・治療薬の開発」に入る項目」: a heading quoted, no parts listed
        match = word.search(text)
        before, tail = (text[:match.start()], text[match.end():]) if match else (text, "")
        # 「AとBだと、予算が多いのは」: the parts end where the condition does (「だと」「なら」「では」 before 「、」)
        before = re.sub(r"(?:だと|なら|では)、[^、]*$", "", before)
        # 「A、B、Cの取得費、3つ合計すると」「AとB、両方足すと」: how many parts, said after them, is none of them
        before = re.sub(r"[、,]?\s*(?:この|その)?\s*(?:\d+|[二三四五六七八九十])\s*(?:つ|件|事業|項目)\s*(?:を|の|で|とも)?\s*$"
                        r"|[、,]?\s*(?:全部|ぜんぶ|両方|すべて|全て)\s*(?:を|で)?\s*$", "", before)
        # 「AI関係の事業2つ（AIベンチャーとの共同開発とAIチップの検証環境）、予算合計」: the parts listed in brackets
        listed = re.search(r"[（(]([^（()）]+?(?:と|、|や)[^（()）]+?)[)）]", before)
        # (「雪対策の事業（除雪費、ロードヒーティングの更新、除雪機械の整備）を全部合わせると」 too)
        if listed and re.search(r"\d\s*つ|[二三四五]つ|両方|どちらも|(?:事業|取組|取り組み|施策|項目|関係|関連)$",
                                before[:listed.start()]):
            before = listed.group(1)

        def split(text: str) -> list[str]:
            # (「AIベンチャーとの共同開発」: 「との」 is "with", no list)
            parts = [p.strip(" 、,。") for p in re.split(r"とか|と(?!の)|や|及び|および|並びに|\bvs\.?|\band\b|\bor\b|か、", text)]
            if len(parts) == 1 and len(listed := [p.strip(" ,。") for p in text.split("、")]) >= 3:
                parts = listed  # 「JSM、JASSM、トマホークの取得費を合計すると」: three names listed with 、 alone
            # 「護衛艦・哨戒艦・潜水艦の建造費」: 「・」 lists parts too, unless the run is a name a title holds
            # (「イージス・システム搭載艦」「商業・サービス」).
            # (the name read without what the question says of it: 「河川改修・浸水対策事業は前年度」)
            parts = [q for p in parts for q in (p.split("・") if "・" in p and not self._in_a_title(
                re.sub(r"(?:では|には|は|が|も)[^・]*$", "", p)) else [p])]
            # 「整備と運航では」: the topic particle after the last part is not part of its name
            parts = [re.sub(r"(では|には|は|が|も)$", "", p) for p in parts]
            # 「廃炉の予算と…」: what is asked of a part (its budget) is not part of its name
            parts = [re.sub(r"の(予算|予算額|金額|事業費|費用|経費)を?$", "", p) for p in parts]
            # 「廃炉の事業と…」「ガソリンスタンド支援と…」: a word for any program is no part of its name
            parts = [re.sub(r"の?(?:事業|施策|支援|関係|関連)$", "", p) or p for p in parts]
            return [p for p in parts if len(p) >= 2]

        head = ""
        pieces = split(before)
        if len(pieces) < 2 and len(split(tail)) >= 2 and match and re.search(r"[a-z]", match.group(), re.IGNORECASE):
            # "What's the gap between A and B?": in English the parts follow the operation's word
            pieces, tail = split(re.sub(r"^\s*(?:between|of)\b", "", tail, flags=re.IGNORECASE)), ""
        # 「GIGAスクールのタブレットとかネット整備、小学校と中学校あわせて」: after the last 「、」 the parts, named one
        # by one; before it a head that qualifies every part (itself free to hold 「とか」).
        head_text, comma, rest = before.rpartition("、")
        if comma and len(split(rest)) >= 2 and not _COMPARE_WORD.search(head_text):
            head, pieces = head_text, split(rest)
        letters = [p.strip(" 、,") for p in re.split(r"と|や|・|、", rest)] if comma else []
        if len(letters) >= 2 and all(re.fullmatch(r"[A-Za-z]{1,2}", p) for p in letters) \
                and (code := re.search(r"[A-Za-z]{1,4}-?\d{1,3}$", head_text.strip())) is not None:
            # 「戦闘機F-35、AとB合わせて」: the variants of one model named by their letters (F-35A, F-35B)
            head, pieces = head_text.strip()[:code.start()], [f"{code.group(0)}{p}" for p in letters]
        # 「農林水産省・水産庁・林野庁のこの表全体で」: organisations the table holds name who runs programs, no program
        pieces = [p for p in pieces if self.table.organisation_named(key(p)) != key(p)]
        if len(pieces) < 2:
            return []
        # 「F-35AとF-35Bの取得費の」: a figure word after the last part's の qualifies every part, like the tail.
        last, _, after = pieces[-1].rstrip("の").rpartition("の")
        after = after.removesuffix("を")  # 「トマホークの取得費を合計すると」
        if last and len(after) <= 6 and (after.endswith("費") or after in self.phrases.field_words):
            pieces[-1], tail = last, f"{after} {tail}"
            # 「省エネの補助と事業承継の補助」: the same word after every part is said of each, not a head of the first
            pieces[:-1] = [p.removesuffix(f"の{after}") or p for p in pieces[:-1]]
        # 「スタンド・オフ・ミサイルのJSM、JASSM、トマホーク」「農水省のA、B、C」: a head joined to the first part by
        # の, the parts after it written alike (none holds の), qualifies every part like a head cut off by 「、」.
        first_head, of, first = pieces[0].rpartition("の")
        if of and not head and len(pieces) >= 2 and first_head and all("の" not in p for p in pieces[1:]) \
                and len(first) <= 2 * max(len(p) for p in pieces[1:]):
            head, pieces = first_head, [first, *pieces[1:]]
        if retrieve and head and (self.named(head) or self._retrieved_part(head, "", "", []) is not None):
            retrieve = False  # 「ものづくり補助金で、一般型と小規模型の上限は」: the parts are kinds of the program named
        if any(_GROUP_WORD.search(p) for p in pieces):
            retrieve = False  # 「検査体制やワクチン開発の柱（第1の柱）」: a heading's group of programs, not programs
        if pair and len(pieces) == 1 and (other := _OTHER_AFTER.match(tail)):
            # 「Bと比べると、Aのほうがどれだけ多い？」: the first part named after the comparison's word
            pieces = [other["a"], pieces[0]]
        if pair and retrieve and len(pieces) > 2:
            # 「AIベンチャーと大企業の共同開発を支援する事業と、産業データ共有の事業、どっちが多い？」: two programs
            # compared, one described with a 「と」 of its own: the two runs of parts each of which names one program
            # most clearly
            return self._best_pair(pieces, head, tail)
        return self._found_parts(pieces, head, tail, retrieve)

    def _best_pair(self, pieces: list[str], head: str, tail: str) -> list[Program]:
        """Of the ways to cut the parts in two runs (joined again by 「と」), the one whose weaker run stands out
        most among the programs retrieved for it (`_retrieved_part`); [] when no cut names two programs."""
        best: tuple[float, list[Program]] = (0.0, [])
        for cut in range(1, len(pieces)):
            runs = ["と".join(pieces[:cut]), "と".join(pieces[cut:])]
            found = [self._retrieved_part(run, head, tail, []) for run in runs]
            if found[0] and found[1] and found[0][0] is not found[1][0]:
                weaker = min(found[0][1], found[1][1])
                if weaker > best[0]:
                    best = (weaker, [found[0][0], found[1][0]])
        return best[1]

    def _retrieved_part(self, part: str, head: str, tail: str, taken: list[Program]) -> tuple[Program, float] | None:
        """The program one part of a question names when no title holds its words as written (an English or kana
        part, a description: 「産業データ共有」, "the IT adoption subsidy"): the first program hybrid retrieval finds
        for the part (with the head and the tail's shared words), provided it stands out from the next by
        `PART_MARGIN` of its fused score; with that ratio. None otherwise."""
        shared = " ".join(t for t in content_nouns(f"{head} {tail}") if t not in self.phrases.stopwords)
        hits = [h for h in self.retriever.search_programs(self.expanded(self.restored(f"{part} {shared}")), k=6)
                if (p := self.programs[h.program_id]).budget is not None and p not in taken]
        if not hits or hits[0].score <= 0:
            return None
        ratio = hits[0].score / hits[1].score if len(hits) > 1 and hits[1].score > 0 else PART_MARGIN * 2
        return (self.programs[hits[0].program_id], ratio) if ratio >= PART_MARGIN else None

    def _found_parts(self, pieces: list[str], head: str, tail: str, retrieve: bool = False) -> list[Program]:
        """The program each part names (see `coordinated`), in the parts' order; [] when a part names none. With
        `retrieve`, a part no title holds may name the program retrieval finds for it (`_retrieved_part`)."""
        # What follows the last part (「取得費を合わせると」) qualifies them all; so does the head.
        shared = [t for t in content_nouns(f"{head} {tail}") if t not in self.phrases.stopwords]
        found: list[Program] = []
        tied: list[tuple[str, list[Program]]] = []  # per part: its key and its equally ranked titles
        shared_keys = [key(t) for t in shared if len(key(t)) >= 2]
        for part in pieces[:MAX_LINES]:
            hits = self.retriever.search_programs(self.expanded(" ".join([part, *shared])), k=5, mode="bm25")
            own = key(part)
            if spelled := self.abbreviations.expand(part):
                own = key(spelled[0])  # 「国体」: the title it abbreviates (第７４回国民体育大会推進事業)
            # The part must be in the title in a run of its own characters (「JSM」「ものづくり」「警備対策」), not only
            # in words retrieval weighed elsewhere; of the titles that hold it, the one holding most of the shared
            # words (「F-35Aと F-35Bの取得費」: 戦闘機（F-35A）の取得, not F-35A能力向上改修), else the first retrieved.
            titled = [p for h in hits if (p := self.programs[h.program_id]).budget is not None and p not in found
                      and common_run(own, key(p.title)) >= min(3, len(own))]
            if not titled:
                # no title holds the part as written: the program retrieval finds for it alone, when one stands out;
                # else every part names its program, or the question is not read as naming them one by one
                retrieved = self._retrieved_part(part, head, tail, found) if retrieve else None
                if retrieved is None:
                    return []
                tied.append((own, [retrieved[0]]))
                found.append(retrieved[0])
                continue
            # The title holding most of the part (「スタンド・オフ防衛能力」, not スタンド・オフ電子戦機の開発), then most
            # of the shared words in its text, then in its title (「GIGAスクールのタブレットとかネット整備、小学校と
            # 中学校」: the two 教育情報化推進事業費 whose sentences say GIGA, not 学校図書館整備費（小学校）).
            ranks = [(common_run(own, key(p.title)), sum(k in key(self.program_text(p)) for k in shared_keys),
                      sum(common_run(k, key(p.title)) >= min(2, len(k)) for k in shared_keys)) for p in titled]
            tied.append((own, [p for p, r in zip(titled, ranks, strict=True) if r == max(ranks)]))
            found.append(tied[-1][1][0])
        # Parts named alike are items alike (「F-35AとF-35B、あわせると」: 戦闘機（F-35A）の取得 beside 戦闘機（F-35B）の
        # 取得, not F-35A能力向上改修): of a part's equal titles, the one whose words around the part match the others'.
        for n, (own, candidates) in enumerate(tied):
            # (a program another part names is not this part's: 「支援強化と住まい対策」 names two)
            candidates = [p for p in candidates if all(p.id != found[m].id for m in range(len(found)) if m != n)]
            if len(candidates) > 1:
                others = [key(found[m].title).replace(tied[m][0], "") for m in range(len(found)) if m != n]
                found[n] = max(candidates, key=lambda p: sum(common_run(key(p.title).replace(own, ""), o)
                                                            for o in others))
        return found

    def _fact_answer(self, fact: Fact, organisation: str | None = None, mention: str | None = None) -> Answer:
        """Cite every program's budget line and, when the question named who runs them, the line that says so;
        when it asked for programs that mention a word (「AI関連の事業」), the sentence that mentions it, so that
        why each program is listed can be read (UX finding 12)."""
        citations = []
        # The programs the answer lists are cited (MAX_LINES at most, as the text lists them, 「ほかN件」 after):
        # a sum over 134 items cited 134 times filled a phone screen 7,800 px tall.
        for p in fact.programs[:MAX_LINES + 1]:
            if p.budget:
                citations.append(self.cite(p, "予算額", p.budget.start, p.budget.end))
            if organisation:
                citations += self._organisation_cites(p, organisation)
            if mention:
                word = key(mention)
                unit = next((u for u, _ in self.units(p) if word in key(u.text)), None)
                if unit is not None:
                    citations.append(self.cite(p, unit.section, unit.start, unit.end))
        text = fact.text
        if "\n資料ごと：\n" in text:
            for name in {p.document for p in fact.programs}:  # a per-document line names the document by its title
                text = text.replace(f"\n・{name}：", f"\n・{self.document_label(name)}：")
        return Answer(answer=text, intent="aggregate", abstained=fact.abstained, citations=citations,
                      programs=[p.id for p in fact.programs])

    def _bare_years(self, question: str) -> set[int]:
        """Fiscal years written without their era (「31年度」) that exactly one era (`eras.toml`) places among the years
        the corpus's budgets cover (平成31 = 2019 beside 令和2); an era-less year the corpus does not place is left
        unread."""
        found: set[int] = set()
        for m in _BARE_YEAR.finditer(nfkc(question)):
            n = int(m.group(1))
            placed = {base + n for base in set(eras().values()) if base + n in self.covered_years}
            if len(placed) == 1:
                found |= placed
        return found

    @cached_property
    def _budget_rounds(self) -> frozenset[int]:
        """The rounds of supplementary budget the corpus's budget lines are of (第2次補正 -> 2)."""
        return frozenset(int(kanji2number(m.group(1))) for p in self.index.programs if p.budget
                         and (m := _ROUND.search(nfkc(p.budget.budget_kind or "") + nfkc(p.budget.label or ""))))

    def _round_mismatch(self, question: str) -> str | None:
        """The message for a round of supplementary budget asked that the corpus does not hold (「第一次補正の総額」 of
        a 第二次補正予算), else None; a question naming no round, or a corpus of no numbered round, gets None."""
        asked = {int(kanji2number(m.group(1))) for m in _ROUND.finditer(nfkc(question))}
        if not asked or not self._budget_rounds or asked & self._budget_rounds:
            return None
        covered = "・".join(f"第{n}次補正" for n in sorted(self._budget_rounds))
        return self.phrases.abstain["year"].format(covered=covered,
                                                    asked="・".join(f"第{n}次補正予算" for n in sorted(asked)))

    def _asked_in_name(self, text: str, attribute: str, program: Program) -> bool:
        """Whether every word by which the question asks `attribute` stands inside the program's name as the question
        writes it (the run of kanji, katakana and kana around the word is part of the title), so that nothing is
        asked by it (「書かない窓口って…」); False when the word is asked outside the name too (「…事業の窓口はどこ？」)."""
        spec = self.vocab.attribute(attribute)
        if spec is None:
            return False
        title = key(program.title)
        for passes in range(8):  # each pass masks one name the word stood in
            spans = spec.spans(text)
            if not spans:
                return passes > 0  # (no word asked it at all: nothing stood in the name either)
            start, end = spans[0]
            # (a span that runs on past the word into how it is asked, 「助成はいくら」: the word, 助成, is what a name
            # may hold)
            end = start + len(word.group()) if (word := re.match(r"[一-龥ァ-ヶー々]{2,}", text[start:end])) else end
            while start > 0 and re.match(r"[一-龥ァ-ヶー々ぁ-ゖ]", text[start - 1]) and key(text[start - 1:end]) in title:
                start -= 1
            if len(key(text[start:end])) < 4 or key(text[start:end]) not in title:
                return False
            text = f"{text[:start]}{' ' * (end - start)}{text[end:]}"
        return False

    def _year_mismatch(self, query: Query) -> str | None:
        """The message for an amount asked for a fiscal year the corpus does not cover (「H30年度の予算」 of an
        平成29年度 document), else None."""
        if query.years & self.covered_years:
            return None  # 「FY2023 to FY2027」「令和4年度と5年度」: the year the corpus covers is answered
        asked = query.years - self.covered_years
        if not asked or not self.covered_years:
            return None
        covered = "・".join(era_name(y) for y in sorted(self.covered_years))
        return self.phrases.abstain["year"].format(covered=covered, asked="・".join(era_name(y) for y in sorted(asked)))

    def _year_row(self, program: Program, years: set[int]) -> Answer | None:
        """The budget of an earlier year the program's table gives in a row of its own (a long table by year: the
        row folded into the program as a section named by its year, `records._years_joined`): 「町民バス運行事業の
        令和6年度の予算額は24,860,000円です。」 citing that row's amount; None when no section is named by a year asked."""
        doc = self.index.documents[program.document].text
        for section in program.sections:
            year = next((y for y in sorted(years) if nfkc(section.name) == nfkc(era_name(y))), None)
            if year is None:
                continue
            line = _ROW_AMOUNT.search(doc, section.start, section.end)
            if line is None:
                continue
            return Answer(answer=self.phrases.answers["year_row"].format(title=program.title, year=era_name(year),
                                                                         amount=line.group("amount")),
                          intent="amount", citations=[self.cite(program, section.name, line.start("amount"),
                                                                line.end("amount"))])
        return None

    def _year_said(self, query: Query, program: Program, attribute: str | None) -> Answer | None:
        """「2025年度の補正予算額は？」 of a 令和6年度 row whose 備考 writes 「2025年度補正予算額…1,073,087千円」, 「2026年度から
        何に統合？」 of a text saying what happens from 2026年度: a year the corpus's budgets do not cover, answered by
        the program's own sentence naming that year (with the attribute's cue when one is asked: an amount for a
        budget, a sum of yen) and sharing most of the question's other words; None when no sentence does."""
        asked = query.years - self.covered_years
        forms = [form for y in asked for form in (f"{y}年", era_name(y).removesuffix("度"))]
        spec = self.vocab.attribute(attribute) if attribute is not None else None
        words = _bigrams(query.text) - {b for form in forms for b in _bigrams(form)}
        held = [(len(words & _bigrams(u.text)), -n, u) for n, (u, _) in enumerate(self.units(program))
                if any(form in nfkc(u.text) for form in forms) and (_FIGURE.search(nfkc(u.text)) if attribute == "budget"
                                                                      else spec is None or spec.cue is None
                                                                      or stated(spec, [u]))]
        best = max(held, key=lambda h: h[:2], default=None)
        if best is None or best[0] == 0:
            return None
        return self._quoted_unit(program, best[2], "amount" if attribute == "budget" else "detail")

    def _compose(self, question: str, query: Query, resolution: Resolution, gate: bool = True) -> Answer:
        hits = resolution.hits
        attribute = resolution.attribute
        if attribute == "budget" and hits and self.programs[hits[0].program_id].budget is None:
            # 「火薬庫の確保はいくら？」 of a document writing the item twice, once in a page's text and once priced
            # (「…火薬庫の確保（５８億円）」): the budget asked is the priced namesake's
            first = self.programs[hits[0].program_id]
            twin = next((h for h in hits[1:4] if (p := self.programs[h.program_id]).budget is not None
                         and p.document == first.document and key(p.title) == key(first.title)), None)
            if twin is not None:
                hits = [twin, *(h for h in hits if h is not twin)]
                resolution = replace(resolution, hits=hits)
        if attribute is not None and hits and query.operation is None \
                and not (attribute == "budget" and (query.asks_change or query.asks_previous_year
                                                    or _MONEY_ASKED.search(query.text))) \
                and self._asked_in_name(query.text, attribute, self.programs[hits[0].program_id]):
            # 「書かない窓口って結局なにが変わるの？」 of 書かない窓口推進事業: 窓口 is the program's name, no contact asked;
            # 「子ども医療費助成はいくら？」 of 子ども医療費助成事業: 助成 is its name, and いくら asks its budget
            attribute = "budget" if _MONEY_ASKED.search(query.text) and attribute == "per_applicant" else None
        spec = self.vocab.attribute(attribute) if attribute else None
        intent = spec.quote_as if spec else "detail"
        if attribute == "opinion":
            return self.abstain(self.phrases.abstain["opinion"], hits, intent)
        if query.years and query.previous is not None and not resolution.from_history \
                and not asked_years(nfkc(question)) and query.relative is None:
            # 「市長の給料はいくら？」 after 「令和9年度の病児保育…の予算は？」: a year the conversation named goes with its
            # program; a question the conversation does not carry to that program asks no year (newcomer 38)
            query.years = set()
        if query.years and hits:
            # A year the first program's name holds (「2027年の花の博覧会」 of 「2027年国際園芸博覧会出展事業」) names
            # the program, not a fiscal year asked.
            title = nfkc(self.programs[hits[0].program_id].title)
            query.years = {y for y in query.years
                           if str(y) not in title and era_name(y).removesuffix("度") not in title}
        # (a count of units bought in a year before the budget's, 「令和4年度は何機買ってたの？」 of a 令和5年度 budget, is
        # no figure of it either; a later year is a target its text may state, 「令和10年度までに何基」)
        first = self.programs[hits[0].program_id] if hits else None
        year = first.budget.fiscal_year if first is not None and first.budget is not None else None
        if attribute in ("budget", None) or (attribute == "quantity" and query.years and year is not None
                                             and max(query.years) < year):
            message = self._year_mismatch(query)
            if message and first is not None and (said := self._year_said(query, first, attribute)) is not None:
                return said
            if message:
                return self.abstain(message, hits, "amount", offer=self._near_enough(hits, resolution.salient))
        # A question whose first program is the one the last answer showed goes on with it (「国は先生の給料のどれくらいを
        # 持ってるの？」 after 義務教育費国庫負担金): the conversation vouches for the program, as for a follow-up.
        on_shown = bool(hits) and query.context is not None and not query.context.new_topic and \
            hits[0].program_id in {p.id for p in self.shown_programs(query.context.shown)[:1]}
        # (a total line the question writes whole, 「スタンド・オフ防衛能力の予算は？」, is named as surely as a program
        # named whole; its one line gives the gate few words to weigh)
        total_named = bool(hits) and self.programs[hits[0].program_id].kind == "total" \
            and key(self.programs[hits[0].program_id].title) in key(query.text)
        if not hits or (gate and not resolution.from_history and not on_shown and not total_named and
                        self.abstention.abstains(self.gate_features(query, resolution),
                                                 self.threshold)):
            prose = self._from_prose(question, query, hits)
            if prose is not None:
                return self._with_previous_total(query, prose)
            if hits and query.attribute == "budget" and query.operation is None \
                    and (missing := self._other_amount(query, self.programs[hits[0].program_id])):
                # 「介護保険料はいくら？」 met weakly by every program: the thing asked is said missing as asked
                return self._said_missing(question, resolution, self.programs[hits[0].program_id], missing, intent,
                                          [h.program_id for h in hits[:1]])
            return self.abstain(
                self.phrases.abstain["nothing"], hits, intent, offer=self._near_enough(hits, resolution.salient))
        if resolution.elsewhere_of is not None:
            # "Does Aonami Prefecture subsidize rooftop solar?" where only a town's document has such a program: not
            # answered from the town's as if it were the prefecture's; the town's shown as related
            place = self.document_label(resolution.elsewhere_of)
            return self.abstain(self.phrases.abstain["placed"].format(place=place), hits, intent)
        program = self.programs[hits[0].program_id]
        programs = [h.program_id for h in hits]
        if query.operation is None and (flag := _FLAG_ASKED.search(query.text)) is not None:
            # 「農業用ドローン導入支援事業は新規事業？」 "Is it new this year?": the program's own marker says
            return self._flag_of(program, "拡充" if flag.group("more") else "新規")
        if query.operation is None and not query.asks_change and attribute in _CELL_ATTRIBUTES \
                and (cell := self._named_cell(question, program)):
            # 「民生費の執行率は何％？」 of a row whose 執行率 column reads 97.1: the cell the question names (「執行額が予算を
            # 上回ってる。いくらオーバー？」: its difference from the budget computed first)
            cell.programs = programs
            return self._with_execution(query, cell)
        if attribute == "actuals" and program.budget is not None and program.budget.budget_kind == "決算":
            # A results report's figure is what was spent (its 決算額): what was spent is that figure, and a change
            # from last year compares it with last year's settled figure.
            attribute, spec = "budget", self.vocab.attribute("budget")
            query = replace(query, attribute="budget", also=[a for a in query.also if a != "budget"])
        if attribute in ("per_applicant", "project_total") and program.budget is not None \
                and ((len(label := nfkc(program.budget.label or "")) >= 2 and label in nfkc(question))
                     or (attribute == "project_total" and _TOTAL_LABEL.fullmatch(label))):
            # 「…の債務負担行為の限度額は？」「継続費の総額は？」 of a row whose amount is its 限度額 or 総額: the program's own
            # amount by its own label, not a cap per applicant or a cost over years said elsewhere; 「全体でいくらかかる？」
            # of a plan's row whose amount is the 計 of its years' columns (a 継続費調書's 総額): that amount
            attribute, spec = "budget", self.vocab.attribute("budget")
            query = replace(query, attribute="budget", also=[a for a in query.also if a != "budget"])
        if attribute == "budget" and program.budget is not None and program.budget.budget_kind == "決算" \
                and query.relative == -1 and _LAST_YEAR_SAID.search(query.text) and not _PREVIOUS_SAID.search(query.text):
            # 「去年度は結局いくら使ったの？」 of a report on the year just closed: the user's last year is the
            # report's own year, not the year before it (the report's 「前年度」)
            query = replace(query, relative=None, text=_LAST_YEAR_SAID.sub("", query.text))
        missing = self.missing_attribute(question, program) if attribute is None else \
            self._missing_kind(question, spec, program) if spec is not None else None
        if not missing and attribute in ("target", "eligibility") and _THING_COVERED.search(nfkc(question)):
            missing = self.missing_attribute(question, program)  # 「ドローンも対象になる？」 of a text naming none
        # 「採択率って例年どのくらい？」 of a text that never names an 採択率; 「消費税率は？」 asked as a rate, of a text that
        # never states that rate of its own name (not its 補助率): said missing
        if not missing and (named_rate := _NAMED_RATES.get(attribute or "")) is not None \
                and (rate := named_rate.search(nfkc(question))) is not None \
                and rate.group(0) not in nfkc(self.program_text(program)):
            missing = rate.group(0)
        other = None
        if attribute == "budget" and not missing and query.operation is None:
            missing = self._other_amount(query, program)
            # 「産後ケアの利用者負担はいくら？」 of a text stating it: the sentence that states it, not the budget
            other = None if missing or query.also else self._other_amount(query, program, stated=True)
        if missing:
            return self._said_missing(question, resolution, program, missing, intent, programs)
        result: Answer | None = None
        counters = self.vocab.counters
        if attribute in ("budget", "unit_cost", None) or (attribute == "per_applicant" and not _CAP_WORD.search(query.text)):
            # 「1頭あたり」「1世帯いくら」 the text prices: that figure, not the budget (a cap per applicant, 「1社いくら
            # まで」, is read by its own attribute, ranges and all)
            result = self._per_one(query, program, named_only=attribute == "per_applicant")
        if result is None and attribute == "budget" and _PER_ONE.search(query.text) and not _BUDGET_WORD.search(
                query.text) and not query.operation:
            attribute = "unit_cost"  # 「給食って１食いくら？」: the price of one, which the budget is not
        if result is None and attribute == "unit_cost":
            result = self._unit_cost(program)
            per = _PER_ONE.search(query.text) or _PER_ONE_EN.search(query.text)
            if result is None and per is not None and program.budget is not None:
                # 「端末って1台あたり補助の上限は何円？」 of a program whose text prices no one of it and whose budget line
                # counts none: the budget is no price of one; said missing, the budget line shown as related
                label = "1つあたりの額" if per.re is _PER_ONE_EN else f"{per.group(0).rstrip('あたり当につきごと')}あたりの額"
                budget = program.budget
                return Answer(answer=self.phrases.abstain["stated"].format(title=program.title, label=label),
                              abstained=True, intent=intent,
                              related=[self.cite(program, "予算額", budget.start, budget.end)],
                              programs=programs)
            attribute = "budget"  # an item whose budget line gives no count: its budget
        exact = exactly_asked(query.text)
        own = asked_types("", attribute) if attribute is not None else frozenset()
        if result is None and exact and own & _FIGURE_TYPES and not exact.keys() & own \
                and not asked_types(query.text, None) & own:
            # A value asked alone (「なんきゅうまで」 a grade, 「何歳から」 an age) that the figure the question's other
            # words read (「もらえる」: the cap received; 「予算」: the budget) does not give: the sentence that carries
            # it, else the document does not say it. (An attribute that answers in words, a contact's office and
            # phone, keeps its own path.)
            result = self._carrying(query, program, hits, self._quote(question, program, hits, "detail", None))
        if result is None and other is not None:
            result = self._quote(question, program, hits, "detail", None)
        if result is not None:
            pass  # one thing's price, computed
        elif attribute == "quantity" and program.budget and program.budget.label.startswith("数量") \
                and (query.counter is None or counters.cue(query.counter).search(nfkc(program.budget.label))
                     # "how many F-35B": an English noun is no counter the label could hold
                     or query.counter not in (*counters.things, *counters.either)):
            result = self._quantity(program)
        elif spec is not None and spec.cue is not None and (spec.required or (query.counts_things
                                                                             and attribute == "applicants")):
            result = self._stated(question, query, spec, program, hits)
            if "budget" in query.also and _BUDGET_WORD.search(query.text) and not result.abstained \
                    and program.has_budget_structure \
                    and (budget := self._amount(replace(query, attribute="budget", also=[]), program)) is not None \
                    and not budget.abstained:  # (「予算のうち実際に使われたのは？」 asks no share of the budget named 実際)
                result = _joined(budget, result)  # 「予算と運賃は？」: the budget asked beside it, first
        elif program.has_budget_structure:
            if attribute == "budget" and self._part_cost(question, program):
                # 「改装費は？」 of a program whose text gives 改装費 its own rate and cap: that part, not the budget.
                result = self._quote(question, program, hits, "condition", None)
            elif attribute == "budget":
                result = self._amount(query, program)
                if result is not None and not result.abstained:
                    result = self._with_also(question, query, program, hits, result)
            elif attribute in ("contact", "category"):
                result = (self._contact if attribute == "contact" else self._category)(question, program, hits)
        elif attribute == "contact" and not program.contacts \
                and (listed := self._listed_contact(question, program)) is not None:
            result = listed  # a part of a document (「下水道使用料の改定について」) reached by the document's contact list
        elif program.kind == "total" and program.budget is not None and attribute in ("budget", None):
            result = self._amount(query, program)  # 「一般会計はいくら？」: an account's (or an area's) total line
            if result is not None and result.abstained:
                result = None  # what the line does not give (last year's figure) the document's overview may
        if result is None:
            result = self._quote(question, program, hits, intent if program.has_budget_structure else "detail",
                                 attribute)
            result = self._carrying(query, program, hits, result)
            if attribute == "budget" and not program.has_budget_structure and not result.abstained \
                    and _MONEY_ASKED.search(query.text) and not any(_FIGURE.search(nfkc(c.quote)) for c in result.citations):
                # 「部隊の燃料の確保にはいくらかかる？」 of an item the document lists with no figure anywhere in its text:
                # its amount is not stated, which its sentences quoted would not say
                return self._said_missing(question, resolution, program, "予算額", intent, programs)
            if result.abstained:
                # The program has no sentence to quote (an area's total line, 「スタンド・オフ防衛能力 約１兆４，２０７
                # 億円」): what the document says outside its programs may answer (「前年度比で1兆4,213億円増」).
                result = self._from_prose(question, query, hits) or result
        result.intent = result.intent if result.intent != "detail" else intent
        result.programs = programs
        return self._with_execution(query, self._with_previous_total(query, self._with_increase(query, result)))

    def _carrying(self, query: Query, program: Program, hits: list[ProgramHit], quoted: Answer) -> Answer:
        """The quote, when it carries a value of every kind the question asks for by a form that asks nothing else
        (「何月までに」 a date, 「何人」 a count, 「電話番号」: `exactly_asked`); else the program's best-ranked sentence
        that carries them; else the document does not state it, and the answer says so with the quoted sentences as
        related (「申請書は何月までに出せば？」 is not answered by the sentence that says what the program pays for)."""
        asked = exactly_asked(query.text)
        if quoted.abstained or not asked:
            return quoted
        carried = carried_types(" ".join(c.quote for c in quoted.citations))
        missing = {kind: label for kind, label in asked.items() if kind not in carried}
        # (a rate named by its own name, 「離職率は？」, is the rate asked: a subsidy's 「1/2」 answers no part of it)
        others = asked_types(query.text, None) - asked.keys() - ({"rate"} if "named_rate" in asked else set())
        if not missing or carried & others:
            return quoted  # (「助成額はいくらで、何歳から？」: the quote answers one of the things asked)
        # The best-ranked sentence of the program that carries what is missing (「令和９年４月から…無償化します」 for
        # 「いつから無料になるの？」), when the selector ranked the quoted ones first on other words.
        _, _, selection = self._selection(query.question, program, None)
        for scored in selection.ranked:
            if set(missing) <= carried_types(scored.candidate.text) and not _FIELD_LINE.match(scored.candidate.text):
                cite = self.cite(program, scored.candidate.section, scored.candidate.start, scored.candidate.end)
                a = self.phrases.answers
                return Answer(answer="\n".join([a["quote_head"].format(title=self._titled_year(program)),
                                                a["quote_line"].format(text=cite.quote)]),
                              citations=[cite], intent=quoted.intent)
        message = self.phrases.abstain["stated"].format(title=program.title, label="・".join(missing.values()))
        return Answer(answer=message, abstained=True, intent=quoted.intent, related=quoted.citations,
                      programs=[h.program_id for h in hits])

    def _with_previous_total(self, query: Query, answer: Answer) -> Answer:
        """An answer to 「前年度はいくらだった？」 whose quote gives a figure and its change from last year but not last
        year's own (「6兆6,001億円を計上、前年度比で1兆4,213億円（27.4％）増」): last year's figure first, computed from the
        two cited ones. The answer unchanged when nothing asks it or no quote says it."""
        if not query.asks_previous_year or (answer.abstained and not answer.citations):
            return answer
        for cite in answer.citations:
            quote = nfkc(cite.quote)
            change = _WITH_CHANGE.search(quote)
            amounts = find_amounts(quote[:change.start()]) if change else []
            changed = find_amounts(change.group("change")) if change else []
            if not (amounts and changed and amounts[-1][1] and changed[0][1]):
                continue
            (figure, yen), by = amounts[-1], changed[0][1]
            previous = yen - by if change.group("way") == "増" else yen + by
            unit = unit_of(figure.group(0))
            phrase = "previous_from_rise" if change.group("way") == "増" else "previous_from_fall"
            head = self.phrases.answers[phrase].format(previous=format_in(previous, unit, [figure.group(0)]),
                                                       amount=figure.group(0).strip(),
                                                       change=change.group("change").strip())
            return Answer(answer=f"{head}\n{answer.answer}", citations=answer.citations, intent="amount",
                          related=answer.related, programs=answer.programs)
        return answer

    def _with_execution(self, query: Query, answer: Answer) -> Answer:
        """An answer stating what was spent (「執行額：4,100,000,000円」) to 「執行率は？」 or 「予算との差は？」: the rate or
        the difference first, computed from the cited budget line and the cited 執行額; the answer unchanged when
        nothing asks it or a figure is missing."""
        if answer.abstained or "actuals" not in (query.attribute, *query.also) or not answer.citations:
            return answer
        asked = _EXECUTION_ASKED.search(query.text)
        program = self.programs.get(answer.citations[0].program_id) if asked else None
        if program is None or program.budget is None or not program.budget.yen:
            return answer
        spent = next((yen for cite in answer.citations if "執行" in cite.section or "執行" in cite.quote
                      for _, yen in find_amounts(nfkc(cite.quote).split("執行", 1)[-1])), None)
        if spent is None:
            return answer
        if asked.group("rate"):
            head = self.phrases.answers["execution_rate"].format(
                title=program.title,
                rate="100%" if spent == program.budget.yen else f"{_half_up(spent * 100, program.budget.yen)}%")
        else:
            head = self.phrases.answers["execution_left"].format(
                title=program.title, diff=written_like(abs(program.budget.yen - spent), [program]))
        answer.answer = f"{head}\n{answer.answer}"
        answer.citations = [self.cite(program, "予算額", program.budget.start, program.budget.end), *answer.citations]
        return answer

    def _with_increase(self, query: Query, answer: Answer) -> Answer:
        """An answer to 「何便増える？」「how many more」 whose quote says 「32便から48便に」: the difference first, computed
        from the two cited figures (「16便増えます」). The answer unchanged when nothing asks it or no quote says it."""
        if answer.abstained:
            return answer
        if query.asks_change and query.attribute not in (None, "budget", "actuals"):
            # 「外国人宿泊者数は前の年度と比べて何人増えた？」 of 「18,420人（前年度12,655人）」: the change computed
            for cite in answer.citations:
                found = _AGAINST_LAST.search(nfkc(cite.quote))
                if found and found.group("u1") == found.group("u2"):
                    before, after = (float(found.group(k).replace(",", "")) for k in ("a", "b"))
                    unit, diff = found.group("u1"), after - before
                    places = max(len(found.group(k).partition(".")[2]) for k in ("a", "b"))
                    shown = f"{abs(diff):,.{places}f}" + ("ポイント" if unit in ("%", "％") else unit)
                    head = self.phrases.answers["change_count"].format(
                        before=f"{found.group('a')}{unit}", after=f"{found.group('b')}{unit}", diff=shown,
                        word="増" if diff > 0 else "減" if diff < 0 else "変化なし")
                    answer.answer = f"{head}\n{answer.answer}"
                    return answer
        if not _MORE.search(query.text):
            return answer
        for cite in answer.citations:
            found = _FROM_TO.search(nfkc(cite.quote))
            if found and found.group("u1") == found.group("u2"):
                before, after = (int(found.group(k).replace(",", "")) for k in ("a", "b"))
                if after > before:
                    unit = found.group("u1")
                    head = self.phrases.answers["increase"].format(
                        before=f"{before:,}{unit}", after=f"{after:,}{unit}", diff=f"{after - before:,}{unit}")
                    answer.answer = f"{head}\n{answer.answer}"
                    break
        return answer

    def _with_also(self, question: str, query: Query, program: Program, hits: list[ProgramHit],
                   answer: Answer) -> Answer:
        """A budget answer with what else the question asks that the program must state (「予算と運賃は？」 "how much
        … and what is the fare?"): each stated value and its sentence after the budget; a value not stated is
        said missing. The answer alone when nothing else is asked."""
        also = [n for n in query.also if n != "budget" and (a := self.vocab.attribute(n)).required and a.cue]
        if not also:
            return answer
        stated_answer = self._stated(question, replace(query, also=also[1:]), self.vocab.attribute(also[0]), program,
                                     hits)
        return _joined(answer, stated_answer)

    def _by_cell(self, question: str, query: Query, scope: Scope) -> Answer | None:
        """「不用額が一番大きい事業は？」「予算現額が2番目に少ないのは？」「文科省の事業の執行額を合計すると？」: the scope's
        programs ranked by the figure of a column or label the question names (a section of each, read as a number),
        the one at the rank asked given with its cell cited; or, for a sum, the amounts of that column added, every
        cell cited. None when the question names no such figure of two programs or more, names the budget itself
        (the ranking and sums of budgets answer that), or asks to add what is no amount (a rate)."""
        text = nfkc(question)
        programs = scope.programs
        named = {sec.name for p in programs for sec in p.sections if _names_cell(text, sec)}
        if not named:
            return None
        name = max(named, key=lambda n: len(nfkc(n)))
        values: list[tuple[float, Program, Section, str]] = []
        for program in programs:
            section = next((sec for sec in program.sections if sec.name == name), None)
            if section is None:
                continue
            budget = program.budget
            if budget is not None and (section.start, section.end) == (budget.start, budget.end):
                return None  # (the budget named by its own label: ranked as budgets)
            if (figure := self._cell_figure(program, section)) is None:
                continue
            values.append((figure[0], program, section, figure[1]))
        if len(values) < 2:
            return None
        if query.operation == "sum":
            return self._cells_added(name, values, scope.where)
        descending = query.operation != "min" and query.descending
        ordered = sorted(values, key=lambda v: -v[0] if descending else v[0])  # stable: document order among equals
        rank = 1 if query.operation in ("max", "min") else (query.rank or 1)
        if rank > len(ordered):
            return None
        value, program, section, raw = ordered[rank - 1]
        raw = _cell_value(raw, name, program.budget)
        place = ("最も" if rank == 1 else f"{rank}番目に") + ("大きい" if descending else "小さい")
        ties = sum(1 for v in values if v[0] == value) - 1
        tied = f"同じ{name}の事業がほかに{ties}件あります。" if ties else ""
        return Answer(answer=f"{name}が{place}事業は{program.title}で、{name}は{raw}です（{len(values)}事業の{name}を比べた結果）。"
                             + tied,
                      citations=[self.cite(program, section.name, section.start, section.end)],
                      programs=[program.id], intent="amount")

    def _cell_figure(self, program: Program, section: Section) -> tuple[float, str] | None:
        """The number a short cell holds (「△1,200」 negative, 「97.1」) and the cell as written (NFKC); None for a cell
        of words or a long text."""
        raw = nfkc(self.index.documents[program.document].text[section.start:section.end]).strip()
        number = re.search(r"([△▲-])?\s*(\d[\d,]*(?:\.\d+)?)", raw)
        if number is None or len(raw) > 40:
            return None
        return float(number.group(2).replace(",", "")) * (-1 if number.group(1) else 1), raw

    def _cells_compared(self, question: str, programs: list[Program]) -> Answer | None:
        """Two programs compared by the figure of a column or label the question names (「交付金の充当額はどっちが
        多い？」「効果額の差は？」): the larger first, the difference in the cells' own unit, both cells cited. None when
        the question names no such column of both (or names the budget itself), or a cell holds no figure."""
        text = nfkc(question)
        shared = [{sec.name: sec for sec in p.sections if _names_cell(text, sec)} for p in programs]
        names = set(shared[0]) & set(shared[1])
        if not names:
            return None
        name = max(names, key=lambda n: len(nfkc(n)))
        read = []
        for program, cells in zip(programs, shared, strict=True):
            section, budget = cells[name], program.budget
            if budget is not None and (section.start, section.end) == (budget.start, budget.end):
                return None  # (the budget named by its own label: compared as budgets)
            if (figure := self._cell_figure(program, section)) is None:
                return None
            read.append((figure[0], program, section, _cell_value(figure[1], name, budget)))
        (high, a, sec_a, raw_a), (low, b, sec_b, raw_b) = sorted(read, key=lambda r: -r[0])
        unit = re.sub(r"^[△▲-]?\s*\d[\d,]*(?:\.\d+)?", "", raw_a).strip()
        places = max(len(r[3].partition(".")[2].rstrip(unit)) if "." in r[3] else 0 for r in read)
        diff = f"{high - low:,.{places}f}{unit}"
        said = (f"{name}は{a.title}と{b.title}で同じ{raw_a}です。" if high == low else
                f"{name}は{a.title}（{raw_a}）のほうが、{b.title}（{raw_b}）より{diff}多いです（資料の2つの額からの計算値）。")
        return Answer(answer=said, intent="amount", programs=[a.id, b.id],
                      citations=[self.cite(a, sec_a.name, sec_a.start, sec_a.end),
                                 self.cite(b, sec_b.name, sec_b.start, sec_b.end)])

    @cached_property
    def _section_names(self) -> frozenset[str]:
        """The names of the sections the counted programs have (a table's columns, a sheet's labels), once."""
        return frozenset(sec.name for p in self.table.pool for sec in p.sections)

    def _chosen_in_cell(self, question: str, query: Query) -> Answer | None:
        """「評価がCだった事業はいくつ？」「今後の方向性が「拡充」になってる事業は何件？」: the programs of the scope whose cell
        (section) the question names holds the value it names (`cell_choice`: the option checked among 「■拡充 □継続」,
        else the cell's first word), counted and listed with each cell cited. None when the question names no cell
        and value, or no program holds that value."""
        text = nfkc(question)
        # (a cell named by its head noun too: 「方向性が縮小の事業」 of sheets labelled 「今後の方向性」)
        names = {name: said for name in self._section_names
                 if (said := next((w for w in (nfkc(name), nfkc(name).rpartition("の")[2])
                                   if len(w) >= 2 and w in text and name not in _UNNAMED_CELLS), None))}
        for name, word in sorted(names.items(), key=lambda n: -len(n[1])):
            said = re.search(rf"{re.escape(word)}\s*(?:が|は|の|=|:)?\s*[「『\"]?(?P<value>[A-Za-z0-9一-龥ァ-ヴー]{{1,8}}?)"
                             r"[」』\"]?\s*(?:だった|になっ|になる|とな|と評価|評価|の|で|と|$)", text)
            if said is None:
                continue
            # (the rest of the question's conditions make the scope: the cell and value said are none of them, not
            # a marker 「拡充」 nor a mention 「評価A」)
            rest = nfkc(query.text).replace(said.group(0), " ")
            scope = self.table.scope(replace(query, text=rest, mention=None))
            value = said.group("value").casefold()
            held = self._holding(scope.programs, name, value)
            if not held and not scope.filters:
                held = self._holding(self.table.pool, name, value)  # (a scope of one year by default)
            if not held:
                continue
            lines = _at_most([f"・{p.title}" for p, _ in held])
            head = f"{of_where(scope.where)}事業で{name}が「{said.group('value')}」の事業は{len(held)}件です。"
            return Answer(answer="\n".join([head, *lines]), intent="count", programs=[p.id for p, _ in held],
                          citations=[self.cite(p, sec.name, sec.start, sec.end) for p, sec in held[:MAX_LINES]])
        return None

    def _holding(self, programs: list[Program], name: str, value: str) -> list[tuple[Program, Section]]:
        """The programs whose cell `name` holds `value` (casefolded, `cell_choice`), with that cell."""
        return [(p, sec) for p in programs for sec in p.sections if sec.name == name
                and cell_choice(self.index.documents[p.document].text[sec.start:sec.end]).casefold() == value]

    def _cells_added(self, name: str, values: list[tuple[float, Program, Section, str]], where: str) -> Answer | None:
        """The amounts of one named column added (「執行額を合計すると」), each cell cited; None when a cell holds no
        amount (a rate, a count: nothing to add in yen)."""
        if name.endswith("率"):
            return None
        cells: list[tuple[int, str, Program, Section]] = []
        for _, program, section, raw in values:
            written_cell = _cell_value(raw.split("：", 1)[-1].strip(), name, program.budget)
            amounts = find_amounts(written_cell)
            if not amounts or amounts[0][1] is None:
                return None
            cells.append((amounts[0][1], amounts[0][0].group(0).strip(), program, section))
        total = sum(c[0] for c in cells)
        cells.sort(key=lambda c: -c[0])  # listed largest first, as a sum of budgets is
        added = format_in(total, unit_of(cells[0][1]), [c[1] for c in cells])
        lines = _at_most([f"・{program.title}：{figure}" for _, figure, program, _ in cells])
        return Answer(answer="\n".join([f"{of_where(where)}事業の{name}を足すと{added}です（{name}の記載がある{len(cells)}件）。",
                                        *lines]),
                      citations=[self.cite(p, sec.name, sec.start, sec.end) for _, _, p, sec in cells[:MAX_LINES]],
                      programs=[p.id for _, _, p, _ in cells], intent="amount")

    def _named_cell(self, question: str, program: Program) -> Answer | None:
        """A figure of a program's row or block that the question names by its column's or label's own name (「執行率」
        「不用額」「予算現額」「増減率」): 「{title}の{name}は{value}です。」 citing the cell; the row's amount unit
        (「千円」) is added to a bare amount of a column whose unit the table states once. None when the question
        names no such short cell with a figure."""
        text = nfkc(question)
        budget = program.budget
        doc = self.index.documents[program.document].text
        named = [(len(nfkc(sec.name)), sec) for sec in program.sections if _names_cell(text, sec)]
        if not named:
            return None
        # Every cell named, longest names first (「予算現額と決算額を教えて」 asks two), a name inside a longer one named
        # left out (「決算額」 of 「前年度決算額」).
        chosen: list[Section] = []
        for _, section in sorted(named, key=lambda n: -n[0]):
            if not any(nfkc(section.name) in nfkc(c.name) for c in chosen):
                chosen.append(section)
        chosen.sort(key=lambda c: _cell_at(text, c))
        stated: list[tuple[Section, str]] = []
        for section in chosen:
            value = nfkc(doc[section.start:section.end]).strip()
            # (a figure, or a short value such as a grade, 「Ｂ（概ね順調）」 of 「評価は？」; not a sentence)
            if len(value) > 40 or not (re.search(r"\d", value) or (len(value) <= 12 and not re.search(r"[、。]", value))):
                return None
            # (a cell's closing 「。」 is not carried into 「…は〜です。」)
            stated.append((section, _cell_value(value, section.name, budget).rstrip("。")))
        said = "、".join(f"{_cell_name(section) or section.name}は{value}" for section, value in stated)
        return Answer(answer=f"{program.title}の{said}です。", intent="amount",
                      citations=[self.cite(program, section.name, section.start, section.end) for section, _ in stated])

    def _part_cost(self, question: str, program: Program) -> str | None:
        """A cost the question names (「改装費」「家賃」 said as 「〜費」) that the program's text names as one of its parts
        but its title does not: the question asks about that part. None when it names no such cost, or only the
        program's own (事業費, 経費, its title's 〜費)."""
        title, text = key(program.title), key(self.program_text(program))
        for word in _COST_WORD.findall(nfkc(question)):
            # 「取得費」 of 「戦闘機(F-35B)の取得」 is the item's own cost: its stem stands in the title.
            # 「衆院選の執行経費の予算は？」 of 「…選挙に必要な経費」: an 経費 of a program titled as one is its own
            # (the national review's titles mostly end so)
            own = word.endswith("経費") and title.endswith(key("経費"))
            # 「科研費」: the program's own common name (科学研究費助成事業), no part of it
            own = own or key(wording_of(word, self.aliases)) in title or key(word) in {key(a) for a in program.aliases}
            # 「初度費」 the budget line itself prices (「（１８機：８１１億円、初度費：８１６億円）」): answered from the line
            own = own or bool(program.budget and any(key(u.label) == key(word) for u in program.budget.uchi))
            if word not in _GENERIC_COSTS and not own and key(word[:-1]) not in title and key(word) in text:
                return word
        return None

    def _stated_elsewhere(self, program: Program, spec: Attribute) -> Answer | None:
        """An attribute the program's own text does not state, stated where the document's prose names the program
        (a column page's 「イージス・システム搭載艦２隻が必要。」 for 「それ何隻？」): the first such unit, in
        document order, whose text holds the program's whole title and the attribute's cue. None when none does."""
        title = key(program.title)
        if spec.cue is None or len(title) < 4:
            return None
        # Named nowhere but in its own text (a table row): nothing to read further.
        if self._document_key(program.document).count(title) <= key(self.program_text(program)).count(title):
            return None
        doc = self.index.documents[program.document]
        # Where the document names it: its prose, and the text of other programs (a column page that PDF text
        # runs into a neighbouring item).
        units = [u for u, _ in self.prose(program.document)[0] if title in key(u.text)]
        units += [u for other in self.programs_of(program.document) if other.id != program.id
                  and title in key(self.program_text(other)) for u in program_units(other, doc) if title in key(u.text)]
        found = stated(spec, units)
        if not found:
            return None
        first = found[0]
        cite = self.cite(program, first.unit.section, first.unit.start, first.unit.end)
        a = self.phrases.answers
        lines = [a["stated"].format(title=self._titled_year(program), label=spec.label, value=first.value),
                 a["quote_line"].format(text=cite.quote)]
        return Answer(answer="\n".join(lines), citations=[cite], intent=spec.quote_as)

    def _unit_cost(self, program: Program) -> Answer | None:
        """The price of one thing an item buys: its budget over the one count its budget line gives (「数量 3機」,
        ９１４億円 -> 約304.7億円), with the line cited; None when the line gives no single count."""
        budget, found = program.budget, _one_count(program)
        if budget is None or budget.yen is None or found is None or found[0] < 1:
            return None
        count, counter = found
        amount = written(budget.text, budget.amount_text)
        each = budget.yen / count
        # Rounded as people say a price (約304.7億円, 約38.5万円): the division rarely ends.
        # (half up, as people round: 357億円÷4 = 89.25 is 約89.3億円, not the float's half-even 89.2)
        if each >= YEN_PER_OKU:
            each_text = f"{_half_up(budget.yen, count * YEN_PER_OKU):,}".removesuffix(".0") + "億円"
        elif each >= 10**4:
            each_text = f"{_half_up(budget.yen, count * 10**4):,}".removesuffix(".0") + "万円"
        else:
            each_text = f"{round(each):,}円"
        text = self.phrases.answers["unit_cost"].format(title=program.title, amount=amount,
                                                        quantity=f"{count:,}{counter}", counter=counter,
                                                        each=each_text, count=f"{count:,}")
        return Answer(answer=text, citations=[self.cite(program, "予算額", budget.start, budget.end)],
                      intent="amount")

    def _part_in_text(self, text: str, program: Program) -> tuple[str, str, Unit] | None:
        """(the part's name as the text writes it, its figure as written, the unit stating it) of a part of the
        program the question names by words of its text, not of its title; None when no sentence of the text holds
        those words with a figure other than the program's budget (in it, or on the line after it alone in brackets,
        「（６，０９１億円）」).

        The sentence holding the most of the question's own words (at least two, or all when there is one) wins."""
        title = set(tokenize(program.title))
        # (the budget's kind or year, 「二次補正の」, is no part: `_of_other_kind` reads it)
        words = [t for t in self.salient_terms(text) if len(t) >= 2 and t not in title and not _KIND_WORD.search(t)]
        if not words:
            return None
        units = self.units(program)
        budget_yen = program.budget.yen if program.budget else None
        best: tuple[int, int, Unit, re.Match[str]] | None = None
        for n, (unit, lemmas) in enumerate(units):
            held = sum(t in lemmas for t in words)
            if held < min(2, len(words)) or (best is not None and held <= best[0]):
                continue
            figures = [m for m, yen in find_amounts(nfkc(unit.text)) if yen != budget_yen]
            if not figures and n + 1 < len(units) \
                    and (opening := _BRACKETED_FIGURE.match(nfkc(units[n + 1][0].text).strip())) is not None:
                unit = units[n + 1][0]
                figures = [m for m, yen in find_amounts(opening.group(0)) if yen != budget_yen]
            if figures:
                best = (held, n, unit, figures[0])
        if best is None:
            return None
        _, n, unit, figure = best
        stated_in = nfkc(units[n][0].text)
        named = next((m.group(0) for m in _NAME_RUN.finditer(stated_in) if any(t in m.group(0) for t in words)), words[0])
        return named, figure.group(0).strip(), unit

    def _per_one(self, query: Query, program: Program, named_only: bool = False) -> Answer | None:
        """The amount the program's text states per one of what the question counts (「イノシシ1頭捕まえたら報奨金いくら？」
        of a text writing 「（イノシシ1頭 12,000円、シカ1頭 9,000円）」), the sentence cited; None when the question
        counts nothing or no sentence prices one of it.

        A sentence qualifies when one of the thing is priced in it (「1頭 12,000円」「1頭あたり12,000円」
        「12万円/台」); of several, the one sharing most words with the question beyond the program's title. With
        `named_only` (an amount a person gets, 「一人で移住したら移住支援金はいくら？」), a question counting nothing is
        answered by the thing it names priced right after it in the text, of the case it names (「単身60万円」)."""
        asked = _PER_ONE.search(query.text)
        if asked is None and query.script == "en" and (per := self.vocab.counters.per_one_english(query.text)):
            asked = _PER_ONE.search(per)  # "per household": 「1世帯あたり」
        if asked is None:
            return self._priced_after_name(query, program) if named_only else None
        one = asked.group("c") or asked.group("m") or re.sub(r"^(?:一|ひと)\s*|(?:あたり|当たり|につき|ごと)$", "",
                                                              asked.group(0))
        # the counter as the text may write it: 「1kWあたり」 asked of 「1キロワットあたり2万円」
        same = next((group for group in self.vocab.counters.same if one.lower() in {g.lower() for g in group}), (one,))
        counter = "(?:" + "|".join(map(re.escape, sorted(same, key=len, reverse=True))) + ")(?![a-z])"
        # how many of it: 「10aあたり」 is priced 「21,000円/10a」 or 「10a当たり21,000円」, 「1kgあたり」 「85.20円/kg」 too
        many = asked.group("n") if asked.group("m") and asked.group("n") not in ("1", None) else None
        how_many = re.escape(many) if many else "(?:1|一)"
        per = re.escape(many) if many else "(?:1\\s*)?"
        priced = re.compile(rf"(?<![\d,.]){how_many}\s*{counter}(?:あたり|当たり|につき)?\s*[^\d、。）)]{{0,6}}?(?P<a>\d[\d,.]*\s*"
                            rf"(?:億|万|千)?[\d,.]*\s*(?:円|千円|万円))|(?P<b>\d[\d,.]*\s*(?:億|万|千)?\s*円)\s*[/／]\s*{per}\s*{counter}"
                            # a ledger's breakdown in its own unit: 「移住支援金（１世帯1,000×８世帯）」
                            rf"|(?<![\d,.])1\s*{counter}\s*(?P<n>\d[\d,.]*)\s*[×xX*]\s*\d[\d,]*\s*{counter}")
        title = set(tokenize(program.title))
        # (an English question's words, as the glossary writes them in Japanese: "recombinant" -> 組換え)
        asked_words = self.expanded(query.question) if query.script == "en" else query.text
        words = [t for t in self.salient_terms(asked_words) if t not in title]
        written = [w for w in asked_words.removeprefix(query.question).split()
                   if len(w) >= 2 and w not in program.title] if query.script == "en" else []
        # (and as typed: the lemma of 「シカ」 is 鹿, the text writes シカ)
        written += [w for w in re.findall(r"[ァ-ヴー]{2,}|[一-龥]{2,}", query.text) if w not in program.title]
        # (a case named by one kanji, 「畑だと」 of 「田:3,000円/10a、畑:2,000円/10a」, counts only right before a price)
        single = [w for w in re.findall(r"(?<![一-龥])[一-龥](?![一-龥])", query.text) if w not in program.title]
        best: tuple[int, Unit, re.Match[str]] | None = None
        for unit, lemmas in self.units(program):
            text = nfkc(unit.text)
            for found in priced.finditer(text):
                score = sum(t in lemmas for t in words)
                # of a line pricing several things (イノシシ and シカ), the clause naming what the question names
                near = _voiceless(text[max(0, found.start() - 12):found.start()])
                score += sum(2 for t in [*words, *written] if len(t) >= 2 and _voiceless(t) in near)
                # (the thing priced is written right before its price: 「…イノシシ1頭8,000円、シカ1頭7,000円」)
                # (voicing aside: 「シカ」 asked, 「ニホンジカ」 written)
                adjacent = _voiceless(re.sub(r"[\s、,・:：]+$", "", text[max(0, found.start() - 8):found.start()]))
                score += sum(3 for t in [*words, *written, *single] if adjacent.endswith(_voiceless(t)))
                if best is None or score > best[0]:
                    best = (score, unit, found)
        if best is None:
            return self._priced_after_name(query, program)
        _, unit, found = best
        answer = self._priced_clause(program, unit, found)
        if found.groupdict().get("n") and (each := self._in_budget_unit(found.group("n"), program)):
            answer.answer += f"1{one}あたり{each}です。"  # in the unit the document states once, above its table
        return answer

    def _priced_after_name(self, query: Query, program: Program) -> Answer | None:
        """「ハイブリッド給湯機15万円⇒12万円」「移住支援金（単身60万円・世帯100万円）」: the thing the question names (a word
        not in the program's title), priced right after it in the text; of several cases priced there, the one the
        question's case names (「一人で」: 単身); None when the text prices nothing so."""
        generic = self.phrases.field_words | self.phrases.stopwords
        named = [w for w in re.findall(r"[ァ-ヴー]{3,}|[一-龥]{2,}", query.text)
                 if w not in program.title and not set(tokenize(w)) & generic]
        cases = [w for w in self.needs(query.question) if len(w) >= 2]
        for word in named:
            after = re.compile(rf"{re.escape(word)}[^\d、。/／]{{0,8}}?\d[\d,.]*\s*(?:億|万|千)?\s*円"
                               rf"(?:\s*[⇒→]\s*\d[\d,.]*\s*(?:億|万|千)?\s*円)?")
            for unit, _ in self.units(program):
                text = nfkc(unit.text)
                if (found := after.search(text)) is None:
                    continue
                for case in cases:
                    priced = re.compile(rf"{re.escape(case)}\s*\d[\d,.]*\s*(?:億|万|千)?\s*円")
                    if (own := priced.search(text, found.start(), found.end() + 40)) is not None:
                        found = own
                        break
                return self._priced_clause(program, unit, found)
        return None

    def _priced_clause(self, program: Program, unit: Unit, found: re.Match[str]) -> Answer:
        """The clause around a price found in a unit, quoted (the unit cited)."""
        text = nfkc(unit.text)
        # (from the clause's start: not the price before it, 「8,000円、ニホンジカ1頭7,000円」)
        before = re.split(r"[、,。]", text[max(0, found.start() - 20):found.start()])[-1]
        # (and the figure it changes to: 「1頭1万円から1万5千円に引上げ」「1人あたり3万円分だったものを5万円分に増額」
        # 「15万円→12万円」)
        changed = re.match(r"\s*分?\s*(?:だった|であった|でした)?\s*(?:もの)?\s*(?:から|を|→|⇒)\s*\d[\d,.]*\s*(?:億|万|千)?"
                           r"[\d,.]*\s*(?:千|万)?円\s*分?\s*に?[^、。]{0,6}", text[found.end():])
        end = found.end() + (changed.end() if changed else 0)
        # (on one line: a clause wrapped in the document reads as one)
        clause = re.sub(r"\s*\n\s*", "", before + text[found.start():end]).lstrip("（(、/ ")
        text = self.phrases.answers["per_one"].format(title=program.title, clause=clause)
        return Answer(answer=text, citations=[self.cite(program, unit.section, unit.start, unit.end)],
                      intent="amount")

    def _bare_actuals(self, spec: Attribute, units: list[Unit], program: Program) -> list[Stated]:
        """What was spent as a sheet's field states it, a bare figure (「決算額：39,618」 under 「単位：千円」), read in
        the unit of the program's budget figure; [] when no such field."""
        found = []
        for u in units:
            # the field alone (its section 決算額), or labelled within a unit (「予算現額：42,600\n決算額：39,618」)
            text = nfkc(u.text) if spec.in_section(u.section) is None or "率" in u.section else f"決算額:{nfkc(u.text)}"
            found += [Stated(u, value) for m in _BARE_SPENT.finditer(text)
                      if (value := self._in_budget_unit(m.group(1), program)) is not None]
        return found

    @staticmethod
    def _in_budget_unit(figure: str, program: Program) -> str | None:
        """A bare figure of a table (「1,000」) in the unit the program's budget is stated in, with yen in short form
        (「1,000千円（100万円）」); None when the budget gives no unit."""
        budget = program.budget
        if budget is None or not budget.amount_text:
            return None
        number = re.fullmatch(r"\s*(\d[\d,]*(?:\.\d+)?)\s*(?:千円|円|百万円)?\s*", nfkc(budget.amount_text))
        if number is None:  # 「12億5,000万円」: no one unit a table's figures are in
            return None
        stated = float(number.group(1).replace(",", ""))
        scale = budget.yen / stated if stated else 0
        value = float(figure.replace(",", ""))
        unit = {1000: "千円", 1: "円", 1_000_000: "百万円"}.get(round(scale))
        if unit is None:
            return None
        return f"{figure}{unit}（{format_yen(round(value * scale))}）"

    def _quantity(self, program: Program) -> Answer | None:
        """An item's quantity as its budget line gives it (「（５機：１，９４１億円）」): the count and its figure."""
        budget = program.budget
        if budget is None:
            return None
        text = self.phrases.answers["quantity"].format(title=program.title,
                                                       quantity=budget.label.removeprefix("数量").strip(),
                                                       amount=written(budget.text, budget.amount_text))
        return Answer(answer=text, citations=[self.cite(program, "予算額", budget.start, budget.end)])

    def _stated(self, question: str, query: Query, asked_spec: Attribute, program: Program,
                hits: list[ProgramHit], searched: bool = False) -> Answer:
        """Attributes that must be stated in the program (補助額, 補助率, 申請期限): each value first, then the
        sentences; when no sentence states the main one, say so and show the program as related. A question that
        names no program is answered from the next retrieved program whose sentence states it in the question's
        own words (`_stated_by_next`; `searched`: that was tried already).

        Of several sentences stating it, the one sharing most words with the question (「一般型」) comes first.
        """
        asked = [asked_spec.name] + [n for n in query.also if (a := self.vocab.attribute(n)).required and a.cue]
        a = self.phrases.answers
        # 「3人目が生まれたら」 is the case 「第３子以降」 of the document's list
        # (「ひと月いくらまで」 is the case 「月額上限」 of the document's list)
        q_bigrams = _bigrams(_MONTHLY.sub("月額", _NTH_CHILD.sub(r"第\1子", nfkc(question)))) - _bigrams(program.title)
        units = [u for u, _ in self.units(program)]
        lines: list[str] = []
        citations: list[Citation] = []
        for n, name in enumerate(asked):
            spec = self.vocab.attribute(name)
            counted = name in ("quantity", "applicants") and query.counts_things and query.counter is not None
            if counted:
                spec = self._counted(query.counter, spec)
            if spec.name == "rate" and _SHARE_ASKED.search(nfkc(question)):
                spec = self.vocab.attribute("share")  # 「何割を補てんしてくれる？」: tenths read too (「差額の9割」)
            found = sorted(stated(spec, units), key=lambda s: -len(q_bigrams & _bigrams(s.unit.text)))
            if counted and query.asks_previous_year and (before := previous_count(units, query.counter)) is not None:
                found = [before]  # 「タクシー券は前の年は何枚だった？」: 「（前年度は16枚）」, not this year's 24枚
            elif spec.name not in ("budget", "actuals") and self._past_asked(query, program) and not query.asks_change:
                # 「去年は実際に何世帯が受け取ったの？」「昨年度の受診率は？」 of a text giving this year's plan (「6世帯」「受診率
                # 目標 45％」): only a sentence that speaks of a past year or a result answers a past year's figure
                found = [s for s in found if _PAST_SAID.search(nfkc(s.unit.text))]
            if spec.name == "share":
                # a share written as one (「差額の9割を補塡」) before 「補助率：定額」, which gives no share
                found.sort(key=lambda s: not _SHARE_WRITTEN.search(s.value))
            if spec.name == "actuals":
                # what was spent as the table's own column states it (the RS sheet's 執行額), not a sentence of the
                # text that lists years of parts of it (「「開発・整備関連」/執行額:2022年度2,287,243千円、…」)
                found = [s for s in found if spec.in_section(s.unit.section) is not None] or found
                if not re.search(r"率|割合|[%％]|パーセント|rate", query.text):
                    # 「決算額は？」: a sum of money, before the 執行率 a sheet states beside it (「執行率：93.0%」); a
                    # bare figure in the 決算額 field of a sheet whose budget is in 千円 is in 千円 too
                    found = [*self._bare_actuals(spec, units, program), *found]
                    found.sort(key=lambda s: bool(re.search(r"[%％]", s.value)))
            if spec.name == "quantity" and query.counter and _CUMULATIVE_ASKED.search(query.text):
                # 「今までに何台配った？」 of 「令和６年度は3,150台、配布開始からの累計は12,480台」: the count said to be
                # the running total, not the year's
                found = [_cumulative(s, query.counter) for s in found]
            if spec.name == "deadline" and found:
                # 「第２回の募集期間は？」 of 「第１回：…～…　第２回：…～…」: the value whose label the question names
                found = sorted((labelled(spec, s, lambda label: len(q_bigrams & _bigrams(label))) for s in found),
                               key=lambda t: -t[0])
                found = [s for _, s in found]
            case = None
            if spec.name in ("per_applicant", "fee"):
                # The case the question names (「第3子以降だと」「単身で」「75歳以上は」) picks its own amount, before any
                # cap or the fare of everyone else.
                named = q_bigrams | self._part_named(question, program)
                cases = qualified(units, lambda label, named=named: len(named & _bigrams(label)))
                case = cases[0][1] if cases else None
                found = [s for _, s in cases[:1]] + found
            if not found:
                if n == 0:
                    # Not in the program's own sentences: where the document names the program elsewhere, the cue
                    # may find it there. The cue is the authority on its attribute; but when the question's own words
                    # ask another kind of value than the attribute's (「何歳までもらえる？」: an age, where もらえる
                    # read as an amount paid), a sentence the calibrated selector is sure of and that carries that
                    # kind answers (「18歳に達する日…まで」). Never an amount this way (a budget line carries one,
                    # and is no cap). Otherwise the program does not state it, and the answer says so.
                    elsewhere = self._stated_elsewhere(program, spec)
                    if elsewhere is not None:
                        return elsewhere
                    if spec.name == "funding" and (columns := self._ledger_funding(question, program)) is not None:
                        return columns
                    if not searched and (following := self._stated_by_next(question, spec, hits)) is not None:
                        return self._stated(question, query, asked_spec, following,
                                            [h for h in hits if h.program_id == following.id] + hits, searched=True)
                    if any(stated(self.vocab.attribute(other), units) for other in asked[1:]):
                        # 「補助率と上限額は？」 of a program stating its rate and no cap: the cap said missing, the
                        # rate answered
                        lines.append(self.phrases.abstain["stated"].format(title=program.title, label=spec.label))
                        continue
                    if spec.name == "per_applicant" and "rate" not in asked and not counted:
                        # 「費用って、どのくらい補助してもらえる？」 of a program that states its share, not a cap:
                        # its 補助率, said as what the document gives instead.
                        shared = self._stated(question, query, self.vocab.attribute("rate"), program, hits)
                        if not shared.abstained:
                            missing = self.phrases.abstain["stated"].format(title=program.title, label=spec.label)
                            shared.answer = f"{missing}\n{shared.answer}"
                            # 「1人あたりいくらもらえるの？」: a sum of money asked, which a share does not give; the
                            # share is shown, the question marked unanswered
                            if _MONEY_ASKED.search(query.text):
                                shared.abstained, shared.related, shared.citations = True, shared.citations, []
                            return shared
                    other = asked_types(question, None) - asked_types("", spec.name) - {"amount"}
                    share = spec.name == "rate" and bool(_OTHER_SHARE.search(nfkc(question)))
                    if share:
                        # 「自己負担は何割？」「国が所有している割合は？」: a share of something else than a subsidy,
                        # which a sentence of the program may give (「3割は自己負担」「約40%」)
                        other = {"rate"}
                    quoted = self._quote(question, program, hits, spec.quote_as, spec.name) \
                        if other and not counted else None
                    first = quoted.citations[0].quote if quoted and quoted.citations else ""
                    # (a share is said by the sentence that names what it is a share of, 「自己負担」, with a rate)
                    says_whose = share and any(t in nfkc(first) and t not in nfkc(program.title)
                                               for t in self.salient_terms(question) if len(t) >= 2)
                    if quoted and quoted.confidence is not None and (quoted.confidence >= self.selector.threshold
                                                                     or says_whose) and other & carried_types(first):
                        return quoted
                    message = self.phrases.abstain["stated"].format(title=program.title, label=spec.label)
                    if spec.name == "per_applicant" and not _CAP_ASKED.search(nfkc(question)) \
                            and (budget := self._amount(replace(query, attribute="budget", also=[]), program)) \
                            is not None and not budget.abstained:
                        # 「すまーと農業の機械の補助っていくら？」: no cap per applicant stated, and none asked by name; what
                        # the question may mean as well, the program's budget, answered after saying so
                        budget.answer = f"{message}\n{budget.answer}"
                        return budget
                    return Answer(answer=message, abstained=True, intent=spec.quote_as, related=self.related(hits, 1))
                lines.append(self.phrases.abstain["stated"].format(title=program.title, label=spec.label))
                continue
            first = found[0]
            # Sentences stating other values, none closer to the question than the first (ものづくり補助金: 一般型
            # 1/2, 小規模型 2/3): the answer says there are several, not one as if it were the only one.
            overlap = len(q_bigrams & _bigrams(first.unit.text))
            # 「1人20万円」 and 「20万円」 read off one sentence are one value, said as the fuller.
            close = [s for s in found if len(q_bigrams & _bigrams(s.unit.text)) >= overlap]
            kept: dict[str, str] = {}
            for s in close:
                # (the case's name read before a figure, 「タクシー30千円」, and the figure alone are one value too)
                figure = _FIGURE.findall(nfkc(s.value))
                kept.setdefault(f"{s.unit.start}:{figure[-1]}" if figure else _PER_UNIT.sub("", nfkc(s.value)),
                                s.value)
            # (the same figure stated twice, 「上限30,000円」 in a record's detail and in its subsidy field, is one)
            distinct: dict[str, str] = {}
            for v in kept.values():
                distinct.setdefault(nfkc(v), v)
            # (the case named is the value asked, not one of several: 「75歳以上だと」 of 「1乗車300円、…75歳以上は100円」)
            values = [case.value] if case is not None else list(distinct.values())
            several = [next(s for s in found if s.value == v) for v in values[:4]]
            listed = _listed_counts(first.unit.text, query.counter, self.vocab.counters.same) \
                if counted and _IN_ALL.search(query.text) \
                else []
            if len(listed) >= 2:
                # 「支援船って全部で何隻？」 of 「えい船２隻、油船２隻、交通船１隻、特別機動船１隻を取得」: the sentence's
                # counts added, each named as it stands
                total = sum(n for _, n in listed)
                lines.append(a["stated"].format(title=self._titled_year(program), label=spec.label,
                                                value=f"計{total:,}{query.counter}（{'、'.join(w for w, _ in listed)}）"))
            elif len(values) > 1:
                lines.append(a["stated_several"].format(title=program.title, label=spec.label,
                                                        values="、".join(values[:4])))
            elif spec.name == "funding" and (part := _funding_part(
                    query.text, first.unit.text, program.budget.amount_text if program.budget else "")):
                # 「財源のうち地方債でまかなう額は？」 of 「国庫支出金 74,000,000円、…地方債 83,200,000円…」: the part asked
                lines.append(a["stated"].format(title=self._titled_year(program), label=spec.label, value=part))
            elif spec.name == "rate" and (share := _party_share(query.text, first.unit.text)):
                # 「県はどのくらい負担するの？」 of 「補助率　国２／３、県１／６、市町村１／６」: the share of the party asked
                lines.append(a["stated"].format(title=self._titled_year(program), label=spec.label, value=share))
            else:
                lines.append(a["stated"].format(title=self._titled_year(program), label=spec.label, value=first.value))
            if spec.name == "rate" and query.amounts:
                rate = rate_of(first.value)
                caps = stated(self.vocab.attribute("per_applicant"), units)
                cap = cap_of(caps[0].value) if caps else None
                if rate is not None:
                    subsidy, own, capped = apply_rate(query.amounts[0].yen, rate, cap)
                    template = a["rate_capped"] if capped else a["rate_applied"]
                    lines.append(template.format(cost=query.amounts[0].text, rate=first.value, subsidy=subsidy,
                                                 own=own, cap=caps[0].value if caps else ""))
                    if capped and all((c.start, c.end) != (caps[0].unit.start, caps[0].unit.end) for c in citations):
                        unit = caps[0].unit
                        citations.append(self.cite(program, unit.section, unit.start, unit.end))
            # A second sentence is quoted only when it too names the attribute (「上記以外：1/2（国1/3、県1/6）」).
            second = [s for s in found[1:2] if s.value != first.value and spec.hits(nfkc(s.unit.text).lower())]
            # Every value the answer states is quoted from its own sentence (an answer states only what it cites).
            for s in [first, *second, *(several if len(values) > 1 else [])]:
                cite = self.cite(program, s.unit.section, s.unit.start, s.unit.end)
                if all((c.start, c.end) != (cite.start, cite.end) for c in citations):
                    citations.append(cite)
        lines += [a["quote_line"].format(text=c.quote) for c in citations]
        return Answer(answer="\n".join(lines), citations=citations,
                      intent=asked_spec.quote_as)

    @staticmethod
    def _past_asked(query: Query, program: Program) -> bool:
        """Whether the question asks of a year before the program's own (「去年」「昨年度」「前年度」, or a year named
        before the program's fiscal year: "in FY2025" of a 令和8年度 budget)."""
        if query.asks_previous_year:
            return True
        year = program.budget.fiscal_year if program.budget is not None else None
        return bool(year and query.years and max(query.years) < year)

    def _stated_by_next(self, question: str, spec: Attribute, hits: list[ProgramHit]) -> Program | None:
        """Of the next two retrieved programs, the one with a sentence that states the attribute and holds a third
        of the question's character bigrams (「3,000人分の保育の受け皿を確保する」 for 「保育の受け皿は何人分？」,
        written in another program's text than the one whose title matched); None when the question names a program
        or no such sentence is found."""
        if len(hits) < 2 or self.named(question):
            return None
        asked = _bigrams(question)
        for hit in hits[1:3]:
            other = self.programs[hit.program_id]
            units = [u for u, _ in self.units(other)]
            if any(len(asked & _bigrams(s.unit.text)) >= max(3, len(asked) / 3) for s in stated(spec, units)):
                return other
        return None

    def _counted(self, counter: str, spec: Attribute) -> Attribute:
        """The quantity attribute for one counter: 「何世帯」 is answered only by a figure in 世帯 (a program stating
        「600人」 does not say how many households), and said missing otherwise."""
        counters = self.vocab.counters
        label = f"{counter}数" if counter in (*counters.things, *counters.either) or not counter.isascii() else spec.label
        return replace(spec, cue=counters.cue(counter), label=label)

    def _organisation_cites(self, program: Program, part: str) -> list[Citation]:
        """The contact lines or the 部局 line naming an organisation of a program."""
        contacts = [c for c in program.contacts if part in key(c.dept)]
        if contacts:
            return [self.cite(program, "担当・連絡先", c.start, c.end) for c in contacts]
        span = self._field_span(program, program.department) if program.department else None
        return [self.cite(program, "部局", *span)] if span and part in key(program.department or "") else []

    def _field_span(self, program: Program, value: str) -> tuple[int, int] | None:
        """Where the program's text states a field's value, as document offsets: after its label when the row
        was written by `qa.ingest.records` (「府省庁：内閣府」, not the 内閣府 inside a title), else anywhere."""
        text = self.index.documents[program.document].text[program.start:program.end]  # offsets from its start
        labelled = [i + len(label) + 1 for label in ("府省庁", "部局") if (i := text.find(f"{label}：{value}")) >= 0]
        at = labelled[0] if labelled else text.find(value)
        if at >= 0:
            return program.start + at, program.start + at + len(value)
        # A ledger's 事業 spans its name line; its 説明 lines (「【教育支援センター】」) stand in sections of their own.
        document = self.index.documents[program.document].text
        return next(((sec.start + i, sec.start + i + len(value)) for sec in program.sections
                     if (i := document[sec.start:sec.end].find(value)) >= 0), None)

    def _heading_parts(self, program: Program, department: str, reach: int = 6000) -> list[tuple[str, tuple[int, int]]]:
        """Each part of a department (「農林水産部 農業振興課」) where the document last writes it above the program,
        within `reach` characters: the office headings a grouped list reads it from. [] unless every part is found."""
        text = self.index.documents[program.document].text
        found = []
        for part in department.split():
            at = text.rfind(part, max(0, program.start - reach), program.start)
            if at < 0:
                return []
            found.append((part, (at, at + len(part))))
        return found

    def _namesakes(self, program: Program) -> list[Program]:
        """Other programs of exactly the same title (one name in two 局 of a municipal list), with budgets; not the
        same item listed again in its own document with the same amount (a 予算の概要's 【再掲】 by another heading),
        nor the same program published again in another document (`_copies`)."""
        same = (program.document, program.budget.yen if program.budget else None)
        copies = {id(p) for p in self._copies(program)}
        return [p for p in self._by_title.get(key(program.title), []) if p is not program
                and (p.document, p.budget.yen if p.budget else None) != same and id(p) not in copies]

    def _other_years(self, program: Program) -> list[Program]:
        """The same program in the other fiscal years its publisher lists, titled with other particles (「こども医療
        助成費（市の単独分）」 in 平成31年度, 「…（市単独分）」 in 令和2年度): of the same document or ministry, another
        fiscal year, one program a year, the title equal once kana and punctuation are left out."""
        if program.budget is None or program.budget.fiscal_year is None:
            return []
        found: dict[int, list[Program]] = {}
        for p in self._by_loose_title.get(_loose_title(program.title), []):
            if p is not program and p.budget is not None and p.budget.fiscal_year not in (None, program.budget.fiscal_year) \
                    and (p.document == program.document or (p.ministry and p.ministry == program.ministry)
                         or self._published_by(p.document) == self._published_by(program.document) is not None):
                found.setdefault(p.budget.fiscal_year, []).append(p)
        return [ps[0] for ps in found.values() if len(ps) == 1]

    def _published_by(self, document: str) -> str | None:
        """The name of the office a document's opening names as its publisher, None when it names none."""
        found = self._publishers.get(document)
        return found.name if found is not None else None

    @cached_property
    def _publishers(self) -> dict[str, Publisher | None]:
        """Each document's publisher (`publisher_of`: the office its opening names), found once per index, not once
        per answer that labels, lists or compares documents."""
        return {name: publisher_of(doc, self.programs_of(name)) for name, doc in self.index.documents.items()}

    @cached_property
    def _by_loose_title(self) -> dict[str, list[Program]]:
        """`_loose_title` -> the countable programs with a budget of that title, made once."""
        out: dict[str, list[Program]] = {}
        for p in self.index.programs:
            if p.budget is not None and p.countable and len(loose := _loose_title(p.title)) >= 4:
                out.setdefault(loose, []).append(p)
        return out

    def _copies(self, program: Program) -> list[Program]:
        """The same program published in another document of the corpus: same title, same fiscal year, same budget
        (a town's ledger and its open-data list of 主要事業 both name 子ども医療費助成事業 at 96,400千円)."""
        if program.budget is None or not program.budget.yen:
            return []
        return [p for p in self._by_title.get(key(program.title), []) if p is not program
                and p.document != program.document and p.budget is not None and p.budget.yen == program.budget.yen
                and p.budget.fiscal_year == program.budget.fiscal_year]

    def _fullest(self, program: Program, has: Callable[[Program], bool]) -> Program:
        """The program, or its copy in another document that has what it lacks (`has`: last year's figure, a
        contact), so that a question one document does not answer is answered from the other."""
        return program if has(program) else next((c for c in self._copies(program) if has(c)), program)

    @cached_property
    def _by_spelling(self) -> dict[str, Program]:
        """NFKC title -> the first program of that title with a budget structure (what the reading index holds)."""
        out: dict[str, Program] = {}
        for p in self.index.programs:
            if p.has_budget_structure:
                out.setdefault(nfkc(p.title), p)
        return out

    @cached_property
    def _by_title(self) -> dict[str, list[Program]]:
        """Title key -> the countable programs with a budget of that title, made once (not a scan per question)."""
        out: dict[str, list[Program]] = {}
        for p in self.index.programs:
            if p.budget is not None and p.countable:
                out.setdefault(key(p.title), []).append(p)
        return out

    def _amount(self, query: Query, program: Program) -> Answer | None:
        """A program's budget as its budget line states it; a part (うち), its previous year, or the change from the
        previous year when the query asks for one (computed from the two cited figures)."""
        if query.asks_previous_year or query.asks_change:
            # (a copy in another document that states last year's figure answers what this one cannot)
            program = self._fullest(program, lambda p: p.budget is not None and p.budget.previous_year is not None)
        budget = program.budget
        if budget is None:
            return None
        namesakes = self._namesakes(program) or self._other_years(program)
        yearly = self._by_year([program, *namesakes]) if namesakes else {}
        if yearly:
            # One title in several fiscal years (a city's lists of two years): the year asked, else the latest; its
            # previous year is the same title's budget of the year before.
            asked = [yearly[y] for y in sorted(query.years) if y in yearly]
            added = [p for p in (asked if len(asked) >= 2 else yearly.values() if not query.years else [])
                     if p.budget is not None and p.budget.yen is not None]
            if query.operation == "sum" and len(added) >= 2:
                # 「2年分合わせるといくら？」: the years' budgets of the one title, added
                added.sort(key=lambda p: p.budget.fiscal_year or 0)
                head = self.phrases.answers["years_sum"].format(
                    title=program.title, years="・".join(era_name(p.budget.fiscal_year) for p in added),
                    total=added_written(added), n=len(added))
                return self._budget_lines(head, [(era_name(p.budget.fiscal_year), p) for p in added])
            if len(asked) == 2 and (query.asks_change or query.asks_previous_year) \
                    and all(p.budget is not None for p in asked):
                # 「平成31年度から令和2年度でどれだけ増えた？」: the later year's against the earlier's
                return self._year_on_year(query, asked[1], asked[0])
            program = asked[0] if len(asked) == 1 else yearly[max(yearly)] if query.asks_previous_year else program
            if len(asked) == 1 and query.asks_previous_year and not query.asks_change:
                # 「前の年度（平成31年度）はいくらだった？」: the year before, named, is listed itself: its own figure
                query = replace(query, relative=None, text=_LAST_YEAR_SAID.sub("", _PREVIOUS_SAID.sub("", query.text)))
            budget = program.budget
            earlier = yearly.get(budget.fiscal_year - 1) if budget and budget.fiscal_year else None
            if len(asked) != 1 and not query.asks_previous_year:
                return self._budget_lines(self.phrases.answers["namesakes"].format(title=program.title, n=len(yearly)),
                                          [(era_name(y), p) for y, p in sorted(yearly.items())])
            if earlier is not None and earlier.budget is not None and budget is not None \
                    and budget.previous_year is None and query.asks_previous_year:
                return self._year_on_year(query, program, earlier)
        elif namesakes and (own := self._in_named_document(query, [program, *namesakes])) is not None:
            program, budget = own, own.budget  # 「北霧町の子ども医療費助成」 (or a follow-up to it): that town's
        elif namesakes:
            both = [program, *namesakes]
            return self._budget_lines(self.phrases.answers["namesakes"].format(title=program.title, n=len(both)),
                                      [(p.department or p.document, p) for p in both])
        if budget is None:
            return None
        # 「令和6年度の…予算は？」 of a 令和7年度 line that states last year's figure: that figure is the one asked.
        asks_last = bool(query.years) and budget.previous_year is not None \
            and budget.previous_year.fiscal_year in query.years and budget.fiscal_year not in query.years
        if query.years and budget.fiscal_year and budget.fiscal_year not in query.years and not yearly \
                and not asks_last:
            if (row := self._year_row(program, query.years)) is not None:
                return row  # 「令和6年度はいくらだった？」 of a long table's program: its 令和6年度 row, quoted
            # 「令和８年度の児童手当支給事業」 where the document gives its 令和７年度 budget: not the year asked.
            return Answer(answer=self.phrases.abstain["program_year"].format(
                title=program.title, covered=era_name(budget.fiscal_year),
                amount=written(budget.text, budget.amount_text), asked="・".join(era_name(y) for y in sorted(query.years))),
                abstained=True, citations=[self.cite(program, "予算額", budget.start, budget.end)])
        text = query.text
        a = self.phrases.answers
        other_kind = self._of_other_kind(text, program)
        if other_kind is not None:
            return other_kind  # 「補正予算ではいくら？」 of a 当初 budget line whose text states the 補正 figure
        cite = self.cite(program, "予算額", budget.start, budget.end)
        total = written(budget.text, budget.amount_text)
        asks_part = re.search(r"うち|配分|内訳", text) and not re.search(r"含む|含まれ|入って", text)
        # (a part the budget line names, 「（うち デジタル人材分 2億円）」, named whole: not a numbered part it resembles)
        uchi_named = any(part.label and key(part.label) in key(text) for part in budget.uchi)
        # (an English question names a part in English: "of that, electric fence subsidies" read with the Japanese the
        # glossary gives it, 電気柵)
        naming = self.expanded(text) if query.script == "en" else text
        named_part = next((sub for sub in program.subprojects if sub.amount is not None and len(key(sub.name)) >= 4
                           and key(sub.name) in key(naming) and key(sub.name) not in key(program.title)), None) \
            or (None if uchi_named else _part_named(naming, program))
        if named_part is None and query.script == "en" and _PART_ASKED.search(text):
            # (the glossary gives a word of the part's name, 電気柵 of 電気柵設置補助金: the one part holding it)
            given = {w for w in naming[len(text):].split() if len(w) >= 2 and w not in program.title}
            priced = [sub for sub in program.subprojects if sub.amount is not None]
            singles = {id(held[0]): held[0] for w in given
                       if len(held := [sub for sub in priced if w in sub.name]) == 1}
            named_part = next(iter(singles.values())) if len(singles) == 1 else None
        if named_part is not None and named_part.amount is not None:
            # 「北嶺町観光協会補助金の予算は？」 of a ledger 事業 whose 説明 prices it: the part's own figure, cited.
            return Answer(answer=a["uchi"].format(title=program.title, total=total, part=named_part.name,
                                                  amount=written(named_part.amount.text, unit_from=budget.amount_text)),
                          citations=[self.cite(program, "予算額", min(budget.start, named_part.start),
                                               max(budget.end, named_part.end))])
        for sub in program.subprojects:
            if asks_part and len(key(sub.name)) >= 4 and key(sub.name) in key(text) and sub.amount_oku_yen is None:
                msg = self.phrases.abstain["subproject_amount"].format(sub=sub.name, title=program.title, amount=total)
                return Answer(answer=msg, abstained=True, citations=[cite])
        for part in budget.uchi:
            # 「他の分野とダブってる分を除くと？」 of 「約２，６４３億円（他分野を除くと約２，３６３億円）」: the total counted
            # without what it shares with other areas, as the line states it.
            if "除" in part.label and "除" in text:
                return Answer(answer=a["excluding"].format(title=program.title, total=total, label=part.label,
                                                           amount=written(part.text, unit_from=budget.amount_text)),
                              citations=[self.cite(program, "予算額", budget.start, max(budget.end, part.end or 0))])
        for part in budget.uchi:
            # 「F-15の能力向上の初度費は？」 of 「（１８機：８１１億円、初度費：８１６億円）」: the figure the line names so
            if len(key(part.label)) >= 3 and key(part.label) in key(text) and "除" not in part.label:
                line = [self.cite(program, "予算額", budget.start, max(budget.end, part.end or 0))]
                figure = written(part.text, unit_from=budget.amount_text)
                if query.operation == "sum" and budget.yen is not None and part.yen is not None:
                    # 「F15の近代化改修って、初度費まで入れると合計いくら？」: the line's two figures added
                    return Answer(answer=a["with_part_sum"].format(
                        title=program.title, amount=total, label=part.label, part=figure,
                        sum=written_like(budget.yen + part.yen, [program])), citations=line)
                return Answer(answer=a["stated"].format(title=program.title, label=part.label, value=figure),
                              citations=line)
        if "うち" in text or "分" in text:
            for part in budget.uchi:
                if part.label and (key(part.label)[:2] in key(text) or "うち" in text):
                    msg = a["uchi"].format(title=program.title, total=total, part=_OF_WHICH.sub("", part.label) + "分",
                                           amount=written(part.text, unit_from=budget.amount_text))
                    return Answer(answer=msg, citations=[cite])
        if _PART_ASKED.search(text) and (stated_part := self._part_in_text(text, program)) is not None:
            # 「緊急包括支援交付金のうち、介護・福祉分野に回る分はいくら？」 of a text writing 「介護・福祉分野も…対象とし、
            # 以下の取組を支援する。（６，０９１億円）」: the figure the sentence naming the part states
            label, amount, unit = stated_part
            return Answer(answer=a["uchi"].format(title=program.title, total=total, part=label,
                                                  amount=written(amount, unit_from=budget.amount_text)),
                          citations=[cite, self.cite(program, unit.section, unit.start, unit.end)])
        if (part := _part_phrase(nfkc(query.question))) is not None and query.operation is None and not query.asks_change:
            # 「インバウンド型クールジャパン推進事業のうち、万博誘致にはいくら？」 "how much of the … budget goes to the
            # Expo bid": a share of the program the document does not price (no part, no sentence with its figure)
            # is said missing, with the whole budget for what it is, never given as the share's figure.
            words = [t for t in self.salient_terms(self.expanded(part) if query.script == "en" else part)
                     if len(t) >= 2 and t not in set(tokenize(program.title)) and not _KIND_WORD.search(t)
                     and (query.script != "en" or not t.isascii())]
            if words:
                msg = self.phrases.abstain["subproject_amount"].format(sub=part.strip(" 　、,"), title=program.title,
                                                                       amount=total)
                return Answer(answer=msg, abstained=True, citations=[cite])
        # 「どれくらい増減した？」 of a program whose line states last year's figure: the change from it.
        if query.asks_previous_year or asks_last or (query.asks_change and budget.previous_year is not None):
            prev = budget.previous_year
            if prev is None:
                # A 新規 program has no last year (its cell 「－」): said so, the budget cited, no abstention.
                if "新規" in program.flags:
                    return Answer(answer=self.phrases.answers["previous_new"].format(
                        title=program.title, amount=written(budget.text, budget.amount_text)), citations=[cite])
                if (changed := self._change_stated(program)) is not None:
                    # 「一般会計は前年度比で？」 of a speech saying 「一般会計が６８２億円で、前年度比３．２％の増」: last
                    # year's figure is not given, its change is; the budget and the sentence stating the change
                    return Answer(answer="\n".join([a["amount"].format(title=program.title, label="予算額", amount=total),
                                                    a["quote_line"].format(text=changed.quote)]),
                                  citations=[cite, changed])
                return Answer(answer=self.phrases.abstain["previous"].format(title=program.title), abstained=True,
                              citations=[cite])
            if prev.start is not None and prev.end is not None:
                cite = self.cite(program, "予算額", min(budget.start, prev.start), max(budget.end, prev.end))
            if query.asks_change and budget.yen is not None and prev.yen is not None:
                # 「前年度からいくら増えた？」: the difference, computed from the two cited figures.
                return Answer(answer=self._change(program.title, budget, prev.yen,
                                                  written(prev.text, unit_from=budget.amount_text)),
                              citations=[cite])
            label = "" if prev.label in ("", "前年度") else f"（{prev.label}）"
            previous = written(prev.text, unit_from=budget.amount_text)
            if _BOTH_YEARS_ASKED.search(nfkc(query.question)):
                # 「令和2年度はいくらで、前年度はいくらだった？」 "how much in FY2020, and the year before?": both figures
                return Answer(answer=a["both_years"].format(title=program.title, amount=total, label=label,
                                                            previous=previous), citations=[cite])
            return Answer(answer=a["previous"].format(title=program.title, label=label, amount=previous),
                          citations=[cite])
        # (a column's unit, 「予算額（千円）」, is said by the figure itself: 「98,320千円」)
        label = _UNIT_NOTE.sub("", re.sub(r"\s", "", budget.label)) or "予算額"
        if not re.search(r"予算|額|数量", label):  # a table's column name (本年度, 当初): say what it is the figure of
            label = f"予算額（{label}）"
        title = program.title
        if label.startswith("数量"):  # an item's quantity (「（１隻：８０８億円）」) qualifies the item, not the figure
            title, label = f"{title}（{label.removeprefix('数量')}）", "予算額"
        if key(label) == key(title):  # a figure titled by its own label (「補正後の額」): said once
            return Answer(answer=a["figure"].format(label=label, amount=total), citations=[cite])
        return Answer(answer=a["amount"].format(title=title, label=label, amount=total), citations=[cite])

    def _change_stated(self, program: Program) -> Citation | None:
        """The program's sentence that states its change from last year without last year's figure (「前年度比３．２％
        の増」「対前年度１２億円減」), cited; None when none does."""
        for unit, _ in self.units(program):
            if _CHANGE_STATED.search(nfkc(unit.text)):
                return self.cite(program, unit.section, unit.start, unit.end)
        # (a total line read from a sentence, 「一般会計が６８２億４，０００万円で、前年度比３．２％の増」, has no sentences of
        # its own: its sections are the spans of its figure and of its change)
        text = self.index.documents[program.document].text
        budget = program.budget
        for section in program.sections:
            if budget is not None and budget.start is not None and \
                    _CHANGE_STATED.search(nfkc(text[budget.start:section.end])):
                return self.cite(program, section.name, budget.start, section.end)
        return None

    def _of_other_kind(self, text: str, program: Program) -> Answer | None:
        """The figure of another kind of budget than the program's budget line (「補正予算ではいくら？」 of a 予算案 line)
        as the program's text states it beside that kind's name (「※ 令和７年度補正予算 １２０億円と一体で」), cited;
        None when the question names no kind, the line's own kind, or the text states none."""
        budget = program.budget
        if budget is None:
            return None
        # (the kind that is not the line's own: 「補正額は当初予算と比べて」 of a 補正 line asks its 当初 figure)
        asked = next((m for m in _BUDGET_KIND.finditer(nfkc(text)) if m.group(0) not in (budget.budget_kind or "")
                      and m.group(0) not in nfkc(budget.text)), None)
        if asked is None:
            return None
        doc = self.index.documents[program.document]
        own = doc.text[program.start:program.end]
        norm = nfkc(own)
        for found in re.finditer(asked.group(0) + r"(?:予算)?(?:額|案)?\s*[:：]?\s*", norm):
            amounts = find_amounts(norm[found.end():found.end() + 20])
            if not amounts or amounts[0][0].start() != 0:
                continue
            try:  # the figure and the line it stands on, in the document's own characters
                start, end = raw_span(own, found.end(), found.end() + amounts[0][0].end(), norm)
                kind_at, _ = raw_span(own, found.start(), found.end(), norm)
            except ValueError:
                continue  # no exact span to cite
            line_start = own.rfind("\n", 0, kind_at) + 1
            cite = self.cite(program, "本文", program.start + line_start, program.start + end)
            other_yen = amounts[0][1]
            if _GAP_ASKED.search(nfkc(text)) and budget.yen is not None and other_yen and other_yen != budget.yen:
                # 「補正額は当初予算と比べてどれだけ少ないの？」: the difference of the two cited figures
                gap = abs(budget.yen - other_yen)
                return Answer(answer=self.phrases.answers["other_kind_gap"].format(
                    title=program.title, own=written(budget.text, budget.amount_text), kind=asked.group(0),
                    amount=own[start:end].strip(), diff=format_in(gap, unit_of(budget.amount_text)),
                    word="多い" if budget.yen > other_yen else "少ない"),
                    citations=[self.cite(program, "予算額", budget.start, budget.end), cite])
            return Answer(answer=self.phrases.answers["other_kind"].format(
                title=program.title, kind=asked.group(0), amount=own[start:end].strip()), citations=[cite])
        return None

    def _budget_lines(self, head: str, labelled: list[tuple[str, Program]]) -> Answer:
        """`head`, then 「・label：budget」 for each program with a budget (in the order given), each budget cited."""
        shown = [(label, p) for label, p in labelled if p.budget is not None]
        lines = [head] + [f"・{label}：{written(p.budget.text, p.budget.amount_text)}" for label, p in shown]
        return Answer(answer="\n".join(lines),
                      citations=[self.cite(p, "予算額", p.budget.start, p.budget.end) for _, p in shown])

    def _in_named_document(self, query: Query, programs: list[Program]) -> Program | None:
        """Of one title's programs in several documents, the one of the document the question (else the question it
        follows) names by its publisher or words; None when none is named or the named one holds several."""
        for text in (query.text, query.previous.text if query.previous is not None else ""):
            document = self.table.document_named(key(text)) if text else None
            if document is not None:
                own = [p for p in programs if p.document == document]
                return own[0] if len(own) == 1 else None
        return None

    def _by_year(self, programs: list[Program]) -> dict[int, Program]:
        """Programs of one title by fiscal year, when each is of a different year (else {}: they differ otherwise,
        by 局 or document, and are listed as such)."""
        years = {p.budget.fiscal_year: p for p in programs if p.budget and p.budget.fiscal_year}
        # Of one publisher (one document, or one ministry or city, named by the documents' openings): a town's and a
        # city's programs of one name in two years are two programs, not one program's two years.
        publishers = {p.ministry or self._published_by(p.document) or p.document for p in programs}
        return years if len(years) == len(programs) and len(publishers) == 1 else {}

    def _year_on_year(self, query: Query, program: Program, earlier: Program) -> Answer:
        """The budget of a program against the same title's budget of the year before (two cited figures), or that
        earlier budget alone when only the previous year is asked."""
        budget, prev = program.budget, earlier.budget
        cites = [self.cite(earlier, "予算額", prev.start, prev.end), self.cite(program, "予算額", budget.start, budget.end)]
        previous = written(prev.text, prev.amount_text)
        if not query.asks_change or budget.yen is None or prev.yen is None:
            return Answer(answer=self.phrases.answers["previous"].format(
                title=program.title, label=f"（{era_name(earlier.budget.fiscal_year)}）", amount=previous),
                citations=cites[:1])
        return Answer(answer=self._change(program.title, budget, prev.yen, previous), citations=cites)

    def _change(self, title: str, budget: Budget, previous_yen: int, previous: str) -> str:
        """「…の予算額は{amount}で、前年度の{previous}から{diff}の増です」: the change from the previous year's figure
        (`previous`, as written) to the budget (whose `yen` is known), computed and written in the budget's unit."""
        total = written(budget.text, budget.amount_text)
        diff = (budget.yen or 0) - previous_yen
        word = "増" if diff > 0 else "減" if diff < 0 else "同額"
        amount = format_in(abs(diff), unit_of(budget.amount_text or budget.text), [total])
        rate = ""
        if previous_yen > 0 and diff != 0:
            rate = self.phrases.answers["change_rate"].format(sign="+" if diff > 0 else "−",
                                                              percent=f"{abs(diff) / previous_yen * 100:.1f}")
            times = (budget.yen or 0) / previous_yen
            if times >= 1.5 or times <= 0.5:
                # 「去年の何倍になった？」: a change this large is said as a multiple too (52,300 / 26,150 = 2倍).
                rate = rate.replace("）", self.phrases.answers["change_times"].format(
                    times=ratio_text(times)) + "）")
        # (a results report's figure is what was spent: its 決算額, compared with last year's)
        label = "決算額" if budget.budget_kind == "決算" else "予算額"
        return self.phrases.answers["change"].format(title=title, label=label, amount=total, previous=previous,
                                                     diff=amount, word=word, rate=rate)

    def _contact(self, question: str, program: Program, hits: list[ProgramHit]) -> Answer:
        program = self._fullest(program, lambda p: bool(p.contacts))  # (a copy elsewhere may give its phone)
        if not program.contacts:
            # A labelled line of the program's own text (「【担当課】こども支援課 子育て支援係（内線133）」「［担当：…
            # 経営支援課（内線４５２１）］」) names the office more closely than a table's department column.
            # (a label alone, 「【問い合わせ先】」 over the document's own block that the last program's span runs on
            # into, names no office of it)
            labelled = next((u for u, _ in self.units(program)
                             if (found := _CONTACT_LABEL.search(first := nfkc(u.text.split("\n", 1)[0])))
                             and re.sub(r"[\s】\]］:：)）]", "", first[found.end():])), None)
            if labelled is not None:
                first = labelled.text.split("\n", 1)[0]
                label = _CONTACT_LABEL.search(nfkc(first))
                office = re.split(r"[］\]】]", nfkc(first)[label.end():] if label else nfkc(first))[0].strip()
                cites = [self.cite(program, labelled.section, labelled.start, labelled.start + len(first))]
                department = program.department or program.ministry
                if _EXTENSION_ONLY.fullmatch(office) and department \
                        and (span := self._field_span(program, department)) is not None:
                    # A table's 内線 column read as its contact (「担当：143」): a number is no office; the office is
                    # the row's department, reached on that extension.
                    number = office.removeprefix("内線").strip()
                    cites.insert(0, self.cite(program, "部局", *span))
                    return Answer(answer=self.phrases.answers["department_reached"].format(
                        title=program.title, department=department,
                        number=f"内線{number}" if len(number) <= 5 else number), citations=cites)
                return Answer(answer=self.phrases.answers["contact_stated"].format(title=program.title, office=office),
                              citations=cites)
            # (a row of a table names who runs it in its own columns, read below)
            # (「どこの機関がやるの？」 asks who carries it out, which its text names, not the ministry that runs it)
            acting = self._actor_sentence(question, program) \
                if not (program.department or program.ministry) or _ASKS_BODY.search(nfkc(question)) else None
            if acting is not None:
                return acting
            if not (program.department or program.ministry) and program.section("担当・連絡先") is None \
                    and (office := self._office_in_text(question, program)) is not None:
                return office
            # A table of programs names who runs it (府省庁 and 部局, or a city's 局) but no phone: say what it says.
            named = [(value, span) for value in dict.fromkeys(v for v in (program.ministry, program.department) if v)
                     if (span := self._field_span(program, value)) is not None]
            if not named and program.department:
                # A list grouped under office headings (「【農林水産部】」「＜農業振興課＞」 above its rows): the
                # department is read from those headings, each part cited where it stands above the program
                named = self._heading_parts(program, program.department)
            column = next((sec for sec in program.sections if sec.name == "担当・連絡先"), None)
            if not named and column is not None:
                # A table's 担当課 cell written over lines (「こども未来部<br>こども家庭課」): the cell, cited whole.
                cell = re.sub(r"\s*<br\s*/?>\s*|\s+", " ", self.index.documents[program.document].text[column.start:column.end])
                named = [(nfkc(cell).strip(" |*"), (column.start, column.end))] if cell.strip(" |*") else []
            owner = " ".join(value for value, _ in named)
            asks_phone = _ASKS_PHONE.search(nfkc(question).lower())
            # (a phone the document gives its office elsewhere, a closing table of 担当課 and numbers, is said rather
            # than said missing, asked or not)
            called = self._office_phone(program, [value for value, _ in named]) if named else None
            if called is None and not named and (listed := self._listed_contact(question, program)) is not None:
                return listed
            if called is None and (reached := self._reach_in_text(question, program)) is not None:
                return reached
            asked = _OFFICE_LEVEL.search(nfkc(question))
            level = (asked["level"] or asked["after"]) if asked else None
            # (「何部の事業？」 asks the office broadly: an office below the publisher, 「小樽市 保健所」, answers it)
            below = any(value.removeprefix(program.ministry or "").strip() for value, _ in named)
            if named and not asks_phone and called is None and level is not None \
                    and not (level == "部" and below) \
                    and not any(re.search(_LEVEL_ANSWERS[level], value.removeprefix(program.ministry or ""))
                                for value, _ in named):
                # 「公正取引委員会のどの課が担当？」 of a row naming only 公正取引委員会: the 課 asked is not given; who is.
                return Answer(answer=self.phrases.abstain["contact"].format(title=program.title)
                              + self.phrases.answers["department_only"].format(department=owner), abstained=True,
                              related=self.related(hits, 1),
                              citations=[self.cite(program, "府省庁" if value == program.ministry else "部局", a, b)
                                         for value, (a, b) in named])
            if named and not asks_phone and called is None:
                return Answer(answer=self.phrases.answers["department"].format(title=program.title, department=owner),
                              citations=[self.cite(program, "府省庁" if value == program.ministry else "部局", a, b)
                                         for value, (a, b) in named])
            if called is not None or (called := self._heading_phone(program)) is not None:
                return called
            message = self.phrases.abstain["contact"].format(title=program.title)
            if named:
                message += self.phrases.answers["department_only"].format(department=owner)
            return Answer(answer=message, abstained=True, related=self.related(hits, 1))
        text = self.index.documents[program.document].text
        if program.contacts and all(re.match(r"[■□◆◇●]", line := nfkc(text[text.rfind("\n", 0, c.start) + 1:c.end]).strip())
                                    and _OFFICE_HEADING.match(line) for c in program.contacts):
            # 「■教育委員会　学校教育課　（電話…）」 read into the program above it: the heading over the next group;
            # the program's own is the heading above it
            above = self._heading_phone(program)
            if above is not None:
                return above
        # The program's own name says which program, not which of its sub-projects (「インバウンド型クールジャパン
        # 推進事業」 shares a long run with its sub-project 「インバウンド型クールジャパンビジネス環境整備事業」).
        if not any(c.phone for c in program.contacts) and _ASKS_PHONE.search(nfkc(question).lower()):
            # 「担当：企画課」 gives an office, no number: asked for the number, say it is not given, and who runs it.
            offices = "・".join(dict.fromkeys(c.dept for c in program.contacts if c.dept))
            if offices and (called := self._office_phone(program, offices.split("・"))) is not None:
                return called
            if (reached := self._reach_in_text(question, program)) is not None:
                return reached
            message = (self.phrases.abstain["phone"].format(title=program.title, office=offices) if offices
                       else self.phrases.abstain["contact"].format(title=program.title))
            return Answer(answer=message, abstained=True, related=self.related(hits, 1),
                          citations=[self.cite(program, "担当・連絡先", c.start, c.end) for c in program.contacts])
        q = key(question).replace(key(program.title), " ")
        chosen = [c for c in program.contacts if c.subproject and _shares_run(q, key(c.subproject), 5)]
        if not chosen:
            chosen = [c for c in program.contacts if any(len(part) >= 3 and key(part) in q
                                                           for part in c.dept.split(" ")[1:] or [c.dept])]
        chosen = chosen or program.contacts
        a = self.phrases.answers
        lines = [a["contact_head"].format(title=program.title)]
        lines += [
            # (an extension alone, 「増養殖局 養殖振興課（内線 7320）」, is written beside its office as the sheet has it)
            f"・{c.dept}（{c.phone}）" if c.phone and c.phone.startswith("内線") and not c.subproject
            else a["contact_sub_line" if c.subproject else "contact_line"].format(
                dept=c.dept, phone=f"{c.phone}（内線{c.extension}）" if c.extension else c.phone, sub=c.subproject)
            for c in chosen]
        return Answer(answer="\n".join(lines),
                      citations=[self.cite(program, "担当・連絡先", c.start, c.end) for c in chosen])

    def _flag_of(self, program: Program, flag: str) -> Answer:
        """Whether a program carries a marker (新規, 拡充) its document gives it, with what shows it: the marker on
        its title line, or, for a program not new, last year's figure on its budget line."""
        budget = program.budget
        cites = [self.cite(program, "予算額", budget.start, budget.end)] if budget is not None else []
        named = program.section("事業名")
        if named is not None:
            cites.insert(0, self.cite(program, "事業名", named.start, named.end))
        if flag in program.flags:
            text = f"はい、{program.title}は資料で「{flag}」とされている事業です。"
        elif flag == "新規" and budget is not None and budget.previous_year is not None and budget.previous_year.yen:
            text = (f"いいえ、{program.title}は新規の事業ではありません（前年度の予算額"
                    f"{budget.previous_year.text or format_yen(budget.previous_year.yen)}が資料にあります）。")
        else:
            marks = "・".join(program.flags)
            text = (f"資料では、{program.title}に「{flag}」の印はありません" + (f"（付いている印：{marks}）" if marks else "")
                    + "。")
        return Answer(answer=text, citations=cites, intent="detail")

    def _ledger_funding(self, question: str, program: Program) -> Answer | None:
        """「漁港の防波堤の工事、地方債でまかなう分はいくら？」 of a ledger: the figure of the 財源内訳 column the question
        names (国県支出金, 地方債, その他, 一般財源) on the line of the program's budget, the column found by the
        header label its figure is right-aligned under (a ledger's columns are laid out in characters of two widths);
        None when the question names no source, or no header above the line names it.

        Written here, not in the reader: the figures stand on the 目's line, which the answer cites as it is."""
        budget = program.budget
        asked = next((w for w in _SOURCES if w in nfkc(question)), None)
        if budget is None or asked is None:
            return None
        text = self.index.documents[program.document].text
        start = text.rfind("\n", 0, budget.start) + 1
        end = text.find("\n", budget.start)
        end = len(text) if end < 0 else end
        line = text[start:end]
        # The column header nearest above: a page of a ledger heads its columns once (「国県支出金 地方債 その他
        # 一般財源」), however many 目 stand below.
        # (a header may set its labels over two or three lines: 「一般財源」 beside 「特定財源」, 「国県支出金 地方債 その他」
        # under it)
        rows = text[:start].split("\n")[-400:]
        at = next((i for i in range(len(rows) - 1, -1, -1) if sum(label in rows[i] for label in _SOURCES) >= 2), None)
        ends: dict[str, int] = {}
        for row in reversed(rows[max(0, at - 3):at + 1] if at is not None else []):
            for m in re.finditer("|".join(_SOURCES), row):
                ends.setdefault(m.group(0), _display_end(row, m.end()))
        if asked not in ends:
            return None
        # The figure right-aligned under the label (its last character in the label's last column, ±2).
        figures = [(m, _display_end(line, m.end())) for m in re.finditer(r"[△▲]?\d[\d,]*", line)]
        figure = next((m for m, column in figures if abs(column - ends[asked]) <= 2), None)
        if figure is None and not any(abs(column - e) <= 2 for _, column in figures for e in ends.values()):
            return None  # no figure under any source: this line holds no 財源内訳
        value = figure.group(0) if figure is not None else "0"
        amount = self._in_budget_unit(value.lstrip("△▲"), program) if value != "0" else None
        said = f"{asked} {amount or value}" + ("（資料の欄は空欄）" if figure is None else "")
        return Answer(answer=self.phrases.answers["stated"].format(title=program.title, label="財源", value=said),
                      citations=[self.cite(program, "予算額", start, end)], intent="condition")

    def _office_phone(self, program: Program, offices: list[str]) -> Answer | None:
        """The phone the program's document gives its office elsewhere: a heading over the office's programs
        (「■教育委員会　学校教育課　（電話 0479-62-1612）」) or a table of offices and numbers (「| 危機管理部 防災対策課 |
        0866-24-7090 |」), found by the office's own name (its last word) on a line with a number; None unless exactly
        one number stands so."""
        found: dict[str, tuple[int, int]] = {}
        for office in offices:
            name = nfkc(office).split()[-1] if office.strip() else ""
            if len(name) < 3:
                continue
            for start, end, read in self._phone_lines(program.document):
                if name in read:
                    for phone in L_PHONE.finditer(read):
                        found.setdefault(re.sub(r"\s", "", phone.group(0)), (start, end))
        if len(found) != 1:
            return None
        (phone, (start, end)), = found.items()
        return self._phone_found(program, nfkc(offices[-1]).strip(), phone, start, end)

    def _phone_lines(self, document: str) -> list[tuple[int, int, str]]:
        """(start, end, NFKC text) of each line of a document that holds a phone number, in order; read once per
        document, for the contact questions that look for an office's or a topic's number outside a program. (Offsets
        stay the raw text's: a line is cited as it stands.)"""
        lines = self._phone_lines_of.get(document)
        if lines is None:
            text = self.index.documents[document].text
            lines = [(m.start(), m.end(), read) for m in re.finditer(r"[^\n]+", text)
                     if L_PHONE.search(read := nfkc(m.group(0)))]
            self._phone_lines_of[document] = lines
        return lines

    @cached_property
    def _phone_lines_of(self) -> dict[str, list[tuple[int, int, str]]]:
        return {}

    def _said_missing(self, question: str, resolution: Resolution, program: Program, missing: str, intent: str,
                      programs: list[str]) -> Answer:
        """The abstention that names the thing the program's text does not state (`missing`): of the program when the
        question names it, else as asked, with the nearest program offered when the question's other words are near
        it."""
        hits = resolution.hits
        # (「雲ヶ丘市の保育料無償化の予算は？」 of documents without that program: the nearest one is not named as
        # if it were the one asked)
        # (the words of the compound the missing thing stands in are that thing: 市債 of 「市債残高」)
        compound = re.search(rf"[一-龥ァ-ヴー]*{re.escape(missing)}[一-龥ァ-ヴー]*", nfkc(question))
        thing = set(tokenize(compound.group(0) if compound else missing))
        own = [t for t in resolution.salient if len(t) >= 2 and t not in thing]
        # (a question naming nothing but the missing thing, 「介護保険料はいくら？」, names no program either)
        unnamed = not resolution.from_history and hits[0].name_score < NAMED and (
            not own or max(own, key=self.retriever.idf) not in set(tokenize(program.title)))
        kind = "attribute"
        if unnamed:
            # (near by the question's words besides the missing thing: 「県立美術館」 of 「県立美術館の入館料」; a
            # question of nothing but the thing, 「介護保険料はいくら？」, is near no program)
            kind = "attribute_near" if own and self._near_enough(hits, own) else "attribute_none"
        # (unnamed, the thing is said as asked: 「介護保険料」, not the attribute's word 「保険料」 in it)
        thing_said = compound.group(0) if unnamed and compound else missing
        message = self.phrases.abstain[kind].format(title=program.title, attribute=thing_said)
        return Answer(answer=message, abstained=True, intent=intent, related=self.related(hits, 1), programs=programs)

    def _program_named_over(self, question: str, total: Program) -> bool:
        """Whether the question names a program (not a total line) by a longer run of its title than it names the
        total's heading by."""
        asked = key(question)
        top = next((m for m in self.retriever.names.match(question) if m.program.kind != "total"), None)
        return top is not None and common_run(asked, key(top.name)) > common_run(asked, key(total.title))

    def _listed_contact(self, question: str, program: Program) -> Answer | None:
        """「下水道使用料の支払いのことで電話したい」 of a program with no office of its own, its document closing on a list
        of what to ask where (「・水道料金・下水道使用料のお支払い…　営業課（料金センター）　電話 0466-52-7150」): the
        short office-and-phone line of that document that holds most of the question's own words (half of them at
        least, and two or one of four characters or more); None when no line holds them or two tie. (「経済産業省
        デジタルプラットフォーム構築事業の担当課の電話番号は？」 is not answered by a line naming 地域経済産業グループ.)"""
        words = {t for t in self.salient_terms(nfkc(question).lower()) if len(t) >= 2}
        if not words:
            return None
        scored: list[tuple[int, int, int, str]] = []
        for start, end, read in self._phone_lines(program.document):
            read = read.strip()
            if not office_phone_line(read):
                continue
            held = [w for w in words if w in read]
            if (len(held) >= 2 or any(len(w) >= 4 for w in held)) and 2 * len(held) >= len(words):
                scored.append((len(held), start, end, read))
        if not scored:
            return None
        scored.sort(key=lambda s: -s[0])
        if len(scored) > 1 and scored[0][0] == scored[1][0]:
            return None
        _, start, end, read = scored[0]
        phone = L_PHONE.search(read)
        return self._phone_found(program, read[:phone.start()].strip(" ・:：☎"), phone.group(0), start, end)

    def _phone_found(self, program: Program, office: str, phone: str, start: int, end: int) -> Answer:
        """A program's office and phone read from a line of its document outside the program (`start`:`end`, cited)."""
        a = self.phrases.answers
        answer = a["contact_head"].format(title=program.title) + "\n" + a["contact_line"].format(
            dept=office, phone=re.sub(r"\s", "", phone), sub="")
        return Answer(answer=answer, intent="contact",
                      citations=[self.cite_document(program.document, "担当・連絡先", start, end, program.id)])

    def _heading_phone(self, program: Program) -> Answer | None:
        """The office and phone of the heading the program stands under (「■教育委員会　学校教育課　（電話
        0479-62-1612）」 over its programs in a 予算説明書), the nearest such heading line above it within a few pages;
        None when none stands above it."""
        doc = self.index.documents[program.document]
        starts = [sec.start for sec in program.sections] + ([program.budget.start] if program.budget else [])
        if not starts:
            return None
        start = min(starts)
        base = max(0, start - 4000)
        for line in reversed(list(re.finditer(r"[^\n]+", doc.text[base:start]))):
            read = nfkc(line.group(0)).strip()
            if (phone := L_PHONE.search(read)) and (heading := _OFFICE_HEADING.match(read)):
                return self._phone_found(program, heading.group("office").strip(), phone.group(0),
                                         base + line.start(), base + line.end())
        return None

    def _reach_in_text(self, question: str, program: Program) -> Answer | None:
        """「消費生活センターにつながる電話番号って何番？」「個人でも電話で問い合わせできる窓口ってある？」「詳しく見られる
        ページのURLは？」 of a program whose fields give no number: the sentence of its own text that gives a way to
        reach the service (a phone number, a hotline, a call centre, a web address), the one sharing most of the
        question's words; None when the question asks for no such way (「どの課の担当？」 asks an office) or the text
        gives none."""
        text = nfkc(question).lower()
        if not _ASKS_REACH.search(text):
            return None
        if _OFFICE_LEVEL.search(nfkc(question)) and not _BY_PHONE.search(text) and not _ASKS_PAGE.search(text):
            return None  # 「いじめ相談できる窓口の件、担当はどこの課？」: an office asked; the 窓口 is what the program runs
        title = set(tokenize(program.title))
        words = {t for t in self.salient_terms(text) if t not in title and len(t) >= 2}
        # (a way of the kind asked first: a phone line for 「電話で…窓口」, the web page's sentence otherwise)
        by_phone = bool(_BY_PHONE.search(text))
        # (a number asked is answered only by a sentence that writes one: 「DV相談プラスの電話番号は？」 is not answered
        # by 「24時間フリーダイヤルの電話相談」)
        number = bool(_ASKS_NUMBER.search(text))
        held = [(by_phone == bool(_BY_PHONE.search(nfkc(u.text))), sum(t in lemmas for t in words), -n, u)
                for n, (u, lemmas) in enumerate(self.units(program)) if _REACH.search(nfkc(u.text))
                and (not number or _NUMBER_WRITTEN.search(nfkc(u.text)))]
        if not held:
            return None
        return self._quoted_unit(program, max(held, key=lambda h: h[:3])[3], "contact")

    def _quoted_unit(self, program: Program, unit: Unit, intent: str) -> Answer:
        """One unit of a program quoted under its name, cited (「{title}について、資料には次のようにあります。」)."""
        a = self.phrases.answers
        cited = self.cite(program, unit.section, unit.start, unit.end)
        return Answer(answer="\n".join([a["quote_head"].format(title=program.title), a["quote_line"].format(text=cited.quote)]),
                      citations=[cited], intent=intent)

    def _actor_sentence(self, question: str, program: Program) -> Answer | None:
        """「サイバー競技会はどこの組織が主催する？」 of a text writing 「陸上自衛隊が、…サイバー競技会を主催」: who does
        what the question names (主催, 実施, 運営), as the program's own sentence states it, when the question asks
        who without a phone and the text gives no contact; None when no sentence holds the question's action."""
        text = nfkc(question)
        if not _ASKS_WHO.search(text) or _ASKS_PHONE.search(text.lower()):
            return None
        title = set(tokenize(program.title))
        generic = self.phrases.field_words | self.phrases.stopwords
        asked = {t for m in re.finditer(r"(?:どこ|どの|誰|だれ)の?([一-龥ァ-ヴー]+)", text) for t in tokenize(m.group(1))}
        actions = [t for t in self.salient_terms(text)
                   if t not in title and t not in generic and t not in asked and len(t) >= 2]
        if not actions:
            return None
        # The sentence naming an actor (「…が」「…による」) that holds the most of the question's own words, at least
        # two in five of them (a long question tells its case, 「コロナで利用者が減って」, beside what it asks)
        held = [(sum(t in lemmas for t in actions), u) for u, lemmas in self.units(program)
                if re.search(r"[一-龥ァ-ヴー]{2,}(?:が|は|において|により|による)", nfkc(u.text))]
        best = max(held, key=lambda h: h[0], default=(0, None))
        unit = best[1] if best[0] and best[0] >= 0.4 * len(actions) else None
        if unit is None:
            return None
        return self._quoted_unit(program, unit, "detail")

    def _office_in_text(self, question: str, program: Program) -> Answer | None:
        """「避難所の備蓄、調達するのはどこの課？」 of a program whose fields name no office, its text writing 「備蓄物資は
        危機管理課において年度内に調達し」: the one office (課, 室, 係, 局, センター) its own sentences name, quoted; None
        when the question asks for a phone or no office, or the text names none or more than one (which one does what
        is then the sentence's to say, `_actor_sentence`)."""
        text = nfkc(question)
        if not (_OFFICE_LEVEL.search(text) or _ASKS_WHO.search(text)) or _ASKS_PHONE.search(text.lower()):
            return None
        named: dict[str, Unit] = {}
        for unit, _ in self.units(program):
            for m in _OFFICE_NAMED.finditer(nfkc(unit.text)):
                named.setdefault(m.group(0), unit)
        if len(named) != 1:
            return None
        return self._quoted_unit(program, next(iter(named.values())), "contact")

    def _category(self, question: str, program: Program, hits: list[ProgramHit]) -> Answer | None:
        if not program.category:
            return None
        title_section = program.section("事業名") or program.section("予算額")
        cite = self.cite(program, title_section.name, title_section.start, title_section.end)
        # Where it stands, outer heading first (a ledger's 「衛生費 ＞ 保健衛生費 ＞ 予防費」: its 款・項・目), when the
        # document nests it under more than one heading.
        path = " ＞ ".join(program.categories) if len(program.categories) > 1 and \
            program.categories[-1] == program.category else program.category
        return Answer(answer=self.phrases.answers["category"].format(title=program.title, category=path),
                      citations=[cite])

    def unit_vectors(self, program: Program) -> np.ndarray | None:
        """Passage vectors of a program's units, shape (units, dim): the build's (`qa.index.unit_vectors`), else
        encoded here once per program (cached); None without an encoder (bm25 mode)."""
        embedder = self.retriever.embedder
        if embedder is None:
            return None
        units = self.units(program)
        if self.stored_units is not None and units:
            stored = self.stored_units.lookup([u.text for u, _ in units])
            if stored is not None:
                return stored
        cached = self._unit_vectors.get(program.id)
        if cached is None:
            cached = embedder.encode_passages([u.text for u, _ in units]) if units else np.zeros((0, embedder.dim))
            self._unit_vectors[program.id] = cached
            if len(self._unit_vectors) > 1024:
                self._unit_vectors.popitem(last=False)
        return cached

    def programs_of(self, document: str) -> list[Program]:
        """A document's programs, in reading order (one pass over the index on first need per document)."""
        found = self._programs_of.get(document)
        if found is None:
            found = self._programs_of[document] = [p for p in self.programs.values() if p.document == document]
        return found

    def prose(self, document: str) -> tuple[list[tuple[Unit, list[str]]], np.ndarray | None, str]:
        """A document's prose units (`prose_units`: text outside every program) with their lemmas and vectors, and
        the id of its first program; made once per document on first need (one pass over the programs)."""
        cached = self._prose.get(document)
        if cached is None:
            doc = self.index.documents[document]
            programs = self.programs_of(document)
            # A table has no prose: its text is its rows (a row no program was read from is no overview). Prose is
            # encoded at answer time, so a document is read up to PROSE_UNITS (its opening, where overviews stand):
            # a synthetic table at scale once made one answer encode 25,738 units (7 minutes).
            found = prose_units(doc, programs)[:PROSE_UNITS] if doc.kind != "table" else []
            units = [(u, tokenize(u.text)) for u in found]
            embedder = self.retriever.embedder
            vectors = embedder.encode_passages([u.text for u, _ in units]) if embedder is not None and units \
                else None
            cached = self._prose[document] = (units, vectors, programs[0].id)
        return cached

    def _from_prose(self, question: str, query: Query, hits: list[ProgramHit]) -> Answer | None:
        """A question no program answers, answered from what its document says outside its programs: the overall
        budget and its change from last year, stated in an opening overview (「前年度比で1兆4,213億円（27.4％）増」).

        The documents read are those of the ten programs retrieved first, and every document of a corpus of a few
        (prose is not indexed, so a question only prose answers retrieves no program of its document). Candidates
        are their prose units that carry a value of the kind asked (an amount, a rate, a count) and hold most of the
        question's words; the calibrated selector ranks them, and the best answers when it is more likely right than
        wrong (`PROSE_ANSWERS`). None otherwise: the question is then abstained as before.
        """
        if not hits or query.attribute in ("contact", "opinion"):
            return None
        asked = asked_types(question, query.attribute)
        documents = list(dict.fromkeys(self.programs[h.program_id].document for h in hits[:10]))
        if len(self.index.documents) <= PROSE_EVERY_DOCUMENT:
            documents += [name for name in self.index.documents if name not in documents]
        # Only a unit carrying a value of the kind asked can answer (a 何% question, a sentence with a rate; 「何人」,
        # a figure in 人 or 名).
        counted = self.vocab.counters.cue(query.counter) if query.counts_things and query.counter else None
        # And only a unit that holds most of what the question is about (its salient words, the document's title
        # counting as the unit's: 「防衛費」 of 「我が国の防衛と予算」): a question about an item no
        # program matched (「次期戦闘機の開発にはいくら？」) is not answered by the document's overall figure.
        # A majority, not all: a question's words are rarely all the document's (「防衛費」 where it says 「歳出予算」).
        expanded = self.expanded(question)
        # An English word counts only where the corpus uses it; a Japanese word the corpus lacks still counts (a
        # question about what the documents do not have is not answered by what they have).
        about = {t for t in self.salient_terms(expanded) if t not in generic_words()
                 and (not t.isascii() or self._in_corpus(t))}
        if not about:
            return None
        # Words are looked for in the text (「費」 of 防衛費 in 「経費」, 「年」 in 「前年度」), not as whole lemmas.
        titles = {name: nfkc(self.index.documents[name].title or "").lower() for name in documents}
        pool = [(name, unit, terms, n) for name in documents
                for n, (unit, terms) in enumerate(self.prose(name)[0])
                if 2 * sum(t in f"{titles[name]} {nfkc(unit.text).lower()}" for t in about) >= len(about)
                and any(asked & carried_types(line) and (counted is None or counted.search(nfkc(line)))
                        for line in unit.text.splitlines())]
        if not pool:
            return None
        vectors = {name: self.prose(name)[1] for name in documents}
        stacked = None if any(v is None for v in vectors.values()) else \
            np.vstack([vectors[name][n] for name, _, _, n in pool])
        embedder = self.retriever.embedder
        query_vector = embedder.encode_query(expanded) if embedder is not None and stacked is not None else None
        # The document's title stands as the candidates' name: a question naming the document (「防衛費」 of 「我が国の
        # 防衛と予算」) matches its prose as a question naming a program matches that program's sentences.
        titles = {name: self.index.documents[name].title or name for name in documents}
        candidates = [Candidate(unit.section, unit.start, unit.end, unit.text, False, name, titles[name],
                                (titles[name],)) for name, unit, _, _ in pool]
        selection = self.selector.select(expanded, query.attribute, candidates, query_vector, stacked,
                                         tokens=[terms for _, _, terms, _ in pool])
        # Answer when the calibrated probability that the best unit is right exceeds that of its being wrong.
        if not selection.ranked or selection.confidence < PROSE_ANSWERS:
            return None
        best = selection.ranked[0].candidate
        cite = self.cite_document(best.program_id, best.section, best.start, best.end, self.prose(best.program_id)[2])
        a = self.phrases.answers
        text = "\n".join([a["quote_head"].format(title=cite.program_title), a["quote_line"].format(text=cite.quote)])
        return Answer(answer=text, citations=[cite], confidence=round(selection.confidence, 4), intent="detail",
                      programs=[h.program_id for h in hits])

    def _selection(self, question: str, program: Program, attribute: str | None
                   ) -> tuple[list[tuple[Unit, list[str]]], list[Candidate], Selection]:
        """The program's sentences (captions left out), as candidates, ranked by the learned selector for the
        question; ([], [], an empty selection) when the program has none."""
        expanded = self.expanded(question)
        # A common name's wording that is this program's own name (「IT導入補助金」 -> サービス等生産性向上IT導入支援
        # 事業) only named it: left out, it would draw the selector to sentences repeating the name.
        title, asked = key(program.title), key(question)
        for _, wording in self.aliases:
            if f" {wording}" in expanded and key(wording) in title and key(wording) not in asked:
                expanded = expanded.replace(f" {wording}", "", 1)
        every = self.units(program)
        # A picture's label is not evidence (UX finding 16: 「▼イメージ図」 quoted about hydrogen); a sentence that runs
        # on into one (「…艦対地誘導弾を取得\nJASSM（イメージ）」: no full stop between) is the sentence without it.
        every = [(self._uncaptioned(u), terms) for u, terms in every]
        # A table row's lines of who and when (「年度：令和２年度 …の概要」「府省庁：茨城県」「分類：…」), the same on its
        # document's every row, say nothing of what a program does: no quote for its purpose, target or details.
        told = attribute not in (None, "department", "contact", "category", "year", "publisher", "budget")
        keep = [n for n, (u, _) in enumerate(every) if not self.phrases.is_caption(u.text)
                and not (told and u.section in _ROW_METADATA)]
        units = [every[n] for n in keep]
        if not units:
            return [], [], Selection([], 0.0)
        names = tuple(n for n in (program.title, program.body_title or "", *program.aliases) if n)
        candidates = [Candidate(u.section, u.start, u.end, u.text, False, program.id, program.title, names)
                      for u, _ in units]
        vectors = self.unit_vectors(program)
        vectors = vectors[keep] if vectors is not None else None
        embedder = self.retriever.embedder
        query_vector = embedder.encode_query(expanded) if embedder is not None and vectors is not None else None
        selection = self.selector.select(expanded, attribute, candidates, query_vector, vectors,
                                         tokens=[terms for _, terms in units])
        return units, candidates, selection

    @staticmethod
    def _part_named(question: str, program: Program) -> set[str]:
        """The bigrams of the one thing among several a program's name lists (「住宅用太陽光発電・蓄電池設置補助金」)
        that the question names (「蓄電池の補助はいくら？」): a case of the program's amounts (「蓄電池一律10万円」),
        though its words are the name's; empty when the name lists one thing or the question names all or none."""
        parts = [part for part in re.split(r"[・、/／]|及び|および", nfkc(program.title)) if len(part) >= 2]
        asked = _bigrams(nfkc(question))
        named = [part for part in parts if _bigrams(part) & asked]
        return _bigrams(named[0]) & asked if len(parts) >= 2 and len(named) == 1 else set()

    @staticmethod
    def _cell_before_row(question: str, program: Program, ranked: list[Scored]) -> list[Scored]:
        """A table row ranked first gives way to its own cell ranked after it when the row's other cells hold none
        of the question's words but the title's (「白樫茶のブランド化ってなにするの？」 of a row 「5｜【新規】白樫茶ブランド化推進
        事業｜9,500｜0｜産業振興課｜村特産の白樫茶の…」: its 概要 cell, not the whole row with its bare figures)."""
        if len(ranked) < 2:
            return ranked
        row = ranked[0].candidate
        # (a cell of words that says something, 「村特産の白樫茶のパッケージ刷新…」, not a figure's cell 「1/2」)
        cell = next((s for s in ranked[1:] if row.start <= s.candidate.start and s.candidate.end <= row.end
                     and s.candidate.end - s.candidate.start < row.end - row.start
                     and re.search(r"[ぁ-んァ-ヶ一-龥]{6}", s.candidate.text)), None)
        if cell is None:
            return ranked
        asked = set(content_nouns(question)) - set(content_nouns(program.title))
        outside = set(content_nouns(row.text)) - set(content_nouns(cell.candidate.text))
        if asked & outside or _FIGURE_ASKED.search(nfkc(question)):
            return ranked  # 「前年度は？」「担当課は？」: another cell of the row may hold what is asked
        return [cell, *[s for s in ranked[1:] if s is not cell]]  # (the row quoted after it would say the cell twice)

    def _uncaptioned(self, unit: Unit) -> Unit:
        """The unit without the picture captions that end it (「JASSM（イメージ）」 on its last line), when a line of
        text stays; the unit itself otherwise (a cell read across lines is left as read)."""
        lines = unit.text.split("\n")
        if len(lines) < 2 or len(unit.text) != unit.end - unit.start:
            return unit
        while len(lines) > 1 and self.phrases.is_caption(lines[-1]):
            lines.pop()
        text = "\n".join(lines).rstrip()
        return unit if text == unit.text else replace(unit, end=unit.start + len(text), text=text)

    def _quote(self, question: str, program: Program, hits: list[ProgramHit], intent: str,
               attribute: str | None = None) -> Answer:
        """Quote the sentences of the program that answer the question best, as the learned selector ranks them
        (`qa.answer.select`: BM25 and dense similarity, value type and section of what is asked, position).

        The best sentences are quoted until they hold QUOTED of the selector's softmax over the program's
        sentences (three at most); the answer's `confidence` is the calibrated probability that the first is right.
        """
        units, candidates, selection = self._selection(question, program, attribute)
        if not units:
            # An item the document prices on one line and describes no further (「○大規模港湾がない島嶼部における揚陸
            # 支援システムの研究（１５億円）」): that line is all it says, quoted, not an abstention
            named = next((sec for sec in program.sections if sec.name == "事業名"), None)
            if named is None or program.budget is None or program.budget.end is None:
                return self.abstain(self.phrases.abstain["nothing"], hits, intent)
            cite = self.cite(program, "事業名", min(named.start, program.budget.start or named.start),
                             max(named.end, program.budget.end))
            a = self.phrases.answers
            return Answer(answer="\n".join([a["quote_head"].format(title=self._titled_year(program)),
                                             a["quote_line"].format(text=cite.quote)]), citations=[cite])
        # The fewest best sentences (three at most) that hold QUOTED of the selector's mass over the set.
        position = {id(c): n for n, c in enumerate(candidates)}
        picked, mass = [], 0.0
        # The head names the program: its title line quoted again says nothing (「…レーダー（ＴＰＳ－１０２Ａ）の取得」
        # asked its purpose), when the program has other sentences.
        ranked = [s for s in selection.ranked if units[position[id(s.candidate)]][0].section != "事業名"] \
            or selection.ranked
        # A question of a Q&A or of a council's minutes (「問（中村委員）…減っているが。」) states nothing: the answers
        # are quoted, the question only when the program has nothing else.
        ranked = [s for s in ranked if not is_question(s.candidate.text)] or ranked
        ranked = self._cell_before_row(question, program, ranked)
        for scored in ranked[:3]:
            picked.append(position[id(scored.candidate)])
            mass += scored.share
            if mass >= QUOTED:
                break
        chosen: list[Unit] = []
        text = self.index.documents[program.document].text
        for n in picked:
            chosen.append(units[n][0])
            # A purpose sentence is often finished by the next one in the same paragraph (「〜することで、〜」).
            if intent == "purpose" and n == picked[0] and n + 1 < len(units):
                following = units[n + 1][0]
                if following.section == units[n][0].section and "\n" not in text[units[n][0].end:following.start]:
                    chosen.append(following)
            # A sentence that announces a list (「以下のとおりです。」) is answered by the list under it.
            if LIST_INTRO.search(units[n][0].text):
                for unit, _ in units[n + 1:n + 9]:
                    if unit.section != units[n][0].section:
                        break
                    chosen.append(unit)
        chosen = list(dict.fromkeys(chosen))
        a = self.phrases.answers
        citations = [self.cite(program, u.section, u.start, u.end) for u in chosen]
        # The answer quotes what people read: a wrapped sentence without its line break.
        lines = [a["quote_head"].format(title=self._titled_year(program))] + [a["quote_line"].format(text=c.quote) for c in citations]
        return Answer(answer="\n".join(lines), citations=citations, confidence=round(selection.confidence, 4))


# 「【担当課】」「［担当：」「問い合わせ先：」: the label of a line naming who runs a program.
_STATEMENT = re.compile(r"(?:です|ます|でした|ました|だ|である)[。.！!]$")


def asking_sentences(question: str) -> str:
    """The sentences of a question that ask: a sentence that states something (「議会への説明資料用です。」「子どもを
    連れて赴任予定です。」) is left out when another sentence remains; the question whole otherwise."""
    sentences = [s for s in re.split(r"(?<=[。！？!?])", nfkc(question)) if s.strip()]
    asking = [s for s in sentences if not _STATEMENT.search(s.strip())]
    return "".join(asking) if asking else question


# 「割合で知りたい」「円単位で教えて」「一言でお願いします」: how an answer is wanted, said after the question.
_HOW_TOLD = re.compile(r"^\s*[^?？。]{1,12}?(?:で|を|が)(?:知りたい|教えて|お願い)[^?？]{0,8}$")
# Which program a need just described is (「…補助してくれる？どの事業？」「…ある？事業名は？」 "which program?"): what
# the answer to the need says anyway, not a second question (alone it names nothing).
_WHICH_TOLD = re.compile(r"^\s*(?:それ(?:は|って)?\s*)?(?:(?:どの|何の|なんの|何という|なんという)\s*(?:事業|制度|補助金?|支援|施策)"
                         r"|(?:事業|制度)の?名(?:前)?(?:は|って)?)\s*(?:ですか|なの|かな|でしょうか)?[?？]*\s*$"
                         r"|^\s*(?:which|what) (?:program|project|scheme|one)(?: is (?:it|that))?\s*\?*\s*$", re.IGNORECASE)
# The difference asked after a comparison (「…どっちが多い？差額も知りたい」「…差は？」): the same comparison's figure.
_DIFFERENCE_TOLD = re.compile(r"^\s*(?:その|それぞれの|両者の)?\s*(?:差|差額|違い|差し引き)(?:額)?\s*(?:も|は|を)?\s*"
                              r"(?:知りたい|教えて|お願い|いくら|どれ(?:くらい|ぐらい))?[^?？。]{0,6}[?？。]*\s*$")
# A condition said after the question, no question of its own (「…一番少ないのは？（0円のものは除いて）」「…小さいのは？
# 0円のは抜きで」「…合計は？特別会計も含めて」).
_CONDITION_TOLD = re.compile(r"^\s*(?:[（(][^?？()（）]{1,40}[)）]|[^?？。]{1,30}?(?:除いて|除く|除き|のぞいて|のぞく|抜きで|抜いて"
                             r"|省いて|はぶいて|含めて|含む|込みで|以外で|だけで))[。．.\s]*$")
# What was spent, labelled, as a bare figure in the unit of the sheet's table (「決算額：39,618」).
_BARE_SPENT = re.compile(r"(?:決算|執行|支出済)額\s*[:：]?\s*(\d[\d,]*)(?![\d,.]*\s*(?:円|千|万|億|百万|[%％]))")
# Words that add programs up (「全部足した額」「合計」「合わせて」).
_ADDED = re.compile(r"足し|足す|合計|合わせ|あわせ|総額|トータル|\btotal\b")
# 「執行率は？」「予算額と執行額の差は？」「使い残しは？」: a rate, or a difference, of what was spent.
_EXECUTION_ASKED = re.compile(r"(?P<rate>執行率|消化率|率|割合|何\s*[%％割]|パーセント|\brate\b|percent)|差|残|不用|使われなかった"
                              r"|オーバー|上回|下回|超え|超過")
# A fiscal year written without its era (「31年度」), not one of an era (「令和3年度」「R3年度」) or a Western year.
_BARE_YEAR = re.compile(r"(?<![\d令和成昭元rRhH])(\d{1,2})\s*年度")
# A numbered round of supplementary budget (「第2次補正」「第二次補正予算」).
_ROUND = re.compile(r"第\s*([0-9一二三四五六七八九十]+)\s*次\s*補正")
# The number of things a question says it names (「この3つ」「その二つの事業」「以上4件」).
_HOW_MANY_NAMED = re.compile(r"(?:この|その|これら|以上|上記の?)\s*(\d|[二三四五六七八九])\s*(?:つ|件|事業|本|項目)")


def _count_of(match: re.Match[str]) -> int:
    """The count a `_HOW_MANY_NAMED` match states."""
    digit = match.group(1)
    return int(digit) if digit.isdigit() else int(kanji2number(digit))


# A question opening on 「それ」 (「それって…」「それは…」「それの…」): what the last answer showed, asked about.
_IT_ITSELF = re.compile(r"^\s*(?:で、?|じゃあ、?)?\s*(?:それ|そいつ|そちら|そっち)(?:って|は|の|で|、|,|\s)")
# A noun a demonstrative points with (「その事業」「この補助金」「あの制度」「そのシート」): the thing shown, named by what it is.
_POINTER_NOUN = re.compile(r"(?:その|この|あの)\s*(事業|補助金?|交付金|制度|取り?組み?|施策|予算|シート|ページ|資料|項目)")
# The kind of budget a question asks (「二次補正で」「補正予算の」「当初予算では」), as the budget lines write it.
_KINDS_ASKED = (("補正", re.compile(r"補正")), ("当初", re.compile(r"当初")), ("概算要求", re.compile(r"概算要求")),
                ("決算", re.compile(r"決算")))
_EXTENSION_ONLY = re.compile(r"(?:内線)?\s*[\d\-‐－()（）]+")
_CONTACT_LABEL = re.compile(r"^\s*[【\[［(（]?\s*(?:担当(?:課|部署|部局|係)?|問い?合わ?せ先?|連絡先|所管(?:課)?)\s*[】\]］)）:：]\s*")


def _loose_title(title: str) -> str:
    """A title's key without its hiragana (particles, okurigana): one program's title as two years' lists write it."""
    return re.sub(r"[ぁ-ゖ]", "", key(title))


def _half_up(numerator: int, denominator: int) -> Decimal:
    """numerator / denominator to one decimal place, halves rounded up (89.25 -> 89.3)."""
    return (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _joined(first: Answer, then: Answer) -> Answer:
    """Two answers to one question said one after the other (a budget and the fare asked beside it): `first` with
    the text of `then` below its own and `then`'s citations after its own, each span cited once. `first`, changed."""
    first.answer = f"{first.answer}\n{then.answer}"
    first.citations = [*first.citations, *(c for c in then.citations if all(
        (c.start, c.end) != (d.start, d.end) for d in first.citations))]
    return first


# A heading line naming an office and its phone over the programs under it (「■教育委員会　学校教育課　（電話 0479-…）」).
_OFFICE_HEADING = re.compile(r"^[■□◆◇●【\[]\s*(?P<office>[^\d（(【】\[\]]{2,30}?(?:課|室|係|部|局|センター|所))"
                             r"\s*[】\]]?\s*[（(]?\s*(?:電話|TEL|tel|☎)?\s*[:：]?\s*0\d")
# The 財源内訳 columns of a ledger, by the labels their headers use.
_SOURCES = ("国県支出金", "国庫支出金", "県支出金", "地方債", "一般財源", "その他")


def _display_end(line: str, end: int) -> int:
    """The display column after `line[:end]` (a wide character, 漢字 or full-width, takes two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line[:end])


def _voiceless(text: str) -> str:
    """Kana without their voicing marks (ジカ -> シカ): a compound voices its second word (ニホン|ジカ)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", text).replace("\u3099", "").replace("\u309a", ""))


def _price_text(yen: float) -> str:
    """A computed price as people say it: 億円 or 万円 with up to two decimals, and 「約」 with whole units when the
    division does not end there (366億円÷8 = 「45.75億円（約46億円）」)."""
    unit, size = ("億円", YEN_PER_OKU) if yen >= YEN_PER_OKU else ("万円", 10**4) if yen >= 10**4 else ("円", 1)
    value = yen / size
    exact = f"{Decimal(str(value)).quantize(Decimal('0.01'), ROUND_HALF_UP):,}".rstrip("0").rstrip(".")
    whole = f"{Decimal(str(value)).quantize(Decimal('1'), ROUND_HALF_UP):,}"
    return f"{exact}{unit}" if exact == whole else f"{exact}{unit}（約{whole}{unit}）"


def _one_count(program: Program) -> tuple[int, str] | None:
    """The one count of things a budget line gives (「数量 3機」 -> (3, "機")); None when it gives none or several."""
    budget = program.budget
    match = _ONE_COUNT.fullmatch(nfkc(budget.label.removeprefix("数量")).strip()) if budget else None
    return (int(match.group(1).replace(",", "")), match.group(2)) if match else None


def opening_of(text: str, size: int = OPENING) -> str:
    """A document's opening: its first lines with words, letter-spaced ones read as the words they spell, until `size`
    characters of them (indentation not counted)."""
    out, count = [], 0
    for line in text.splitlines():
        if not line.strip():
            continue
        # (the title page's indentation and its rules do not count, the words do; a line in Latin letters a third: an
        # English summary says in three letters what Japanese says in one, its 「（令和8年度 北嶺市当初予算の概要）」
        # some lines down)
        words = line.strip()
        latin = len(re.findall(r"[A-Za-z]", words))
        count += 0 if L_RULE.match(words) else len(words) // 3 if 2 * latin > len(words) else len(words)
        out.append(unspaced(line))
        if count >= size:
            break
    return "\n".join(out)


def _agreement(rank: int) -> float:
    """How firmly one retriever backs a program: its passage first (1), in the top three (0.5), or not (0)."""
    return 1.0 if rank == 1 else 0.5 if rank <= 3 else 0.0


def _shares_run(a: str, b: str, n: int) -> bool:
    """Whether two keys share a run of n characters."""
    return any(b[i:i + n] in a for i in range(max(0, len(b) - n + 1))) if len(b) >= n else b in a
