"""The vocabulary of budget PR documents: how their headings, budget lines, contacts and markers are written.

Kept apart from the parser's logic so that a new document style means a new pattern here, not new code paths.
"""

from __future__ import annotations

import re

from qa.ingest.amounts import AMOUNT

# Table-of-contents entry: a title, a leader of dots or middle dots, a page number.
# (「…………　p.4」「……P.12」「……５頁」: the page number may be written with its p. or 頁)
TOC_ENTRY = re.compile(r"^(?P<title>.+?)\s*(?:[.・‥･·]{3,}|…+)\s*(?:[pP]\.?\s*)?(?P<page>\d{1,4})\s*(?:頁|ページ)?$")

# The end of an office's name (「こども政策課」「財政係」「保健体育課」): a line ending so names who runs or sends, never
# a program or a document.
# (the administrative committees a municipality runs programs under too: 教育委員会, 選挙管理委員会 …; not any
# 「…実行委員会」, a grant's recipient)
OFFICE_END = re.compile(r"(?:課|係|室|班|局|部|センター|事務所|担当|(?:教育|選挙管理|農業|人事|公平|固定資産評価審査)委員会)$")
# Markers that open a heading or list item; stripped before a line is classified.
LEAD_MARK = re.compile(r"^(?:#{1,6}\s*|[■□◆◇●○◎◯▼▽▲△☆★◦•]\s*)")
BULLET = re.compile(r"^(?:[-*・‐]\s+|[-*]\S|・)")
TITLE_NUMBER = re.compile(r"^(?:No\.?\s*\d{1,3}\s*|[【\[［]\s*\d{1,3}\s*[】\]］]|\d{1,3}\s*[.．、]|[（(]\d{1,3}[)）]|第\d{1,3}(?![^\s.．、章部節編])"
                          # 「### 1 地域交通リ・デザイン総合支援事業」: a number then a space (not 「5 G」, 「2 年間」)
                          r"|\d{1,3}[ \u3000]+(?=[^\d\sA-Za-z年月日度%％]))\s*")
# A line that is one bracketed unit (「【新規】」「【令和９年度要求額 48,500百万円】」), not two brackets at its ends
# (「【新規】 地域脱炭素型工業団地整備支援事業　【エネルギー対策特別会計】」).
BRACKETED = re.compile(r"^[【\[［〔](?P<inner>[^【】\[\]［］〔〕]+)[】\]］〕]$")

# A category header: 「人づくり革命」関連, 1. 防災・減災関連, 第2 生産性革命関連.
CATEGORY = re.compile(r"^(?:第?\s*\d{1,2}\s*[.．、章部]?\s*)?[「『]?(?P<name>[^「」『』。]{1,30}?)[」』]?\s*関連(?:事業|施策|予算)?$")
# Headings numbered or boxed, in the order of their usual rank (after NFKC: Ⅰ -> I, １ -> 1).
# 「第2子以降保育料無償化事業」 is a title: 第N heads only with 章/部/節/編 or a gap after it.
# A numbered label in brackets heads a group too (「【柱１】結婚・出産・子育て…」「【重点２】」「［施策3］」): last in rank, as
# its place among the other families varies by document.
# (「＜１＞ 設備投資・生産性向上」「〈２〉…」 in angle brackets too; NFKC writes ［］ and ＜＞ as [] and <>)
_BRACKET_NUMBER = r"[【［\[〔<〈《≪][^】］\]〕>〉》≫\d]{0,8}\d{1,2}[】］\]〕>〉》≫]"
HEADING_FAMILIES = [re.compile(r"^[IVX]{1,4}(?:[.．\s]|$)"), re.compile(r"^第\s*\d{1,2}\s*(?:[章部節編]|[.．、\s]|$)"),
                    re.compile(r"^\d{1,2}\s*[.．、](?!\d)"), re.compile(r"^[■◆●□◇]"), re.compile(f"^{_BRACKET_NUMBER}")]
HEADING_LINE = re.compile(r"^(?:[IVX]{1,4}[.．\s]|第\s*\d{1,2}\s*[章部]?\s|\d{1,2}\s*[.．、](?!\d)|[■◆●□◇]|"
                          rf"{_BRACKET_NUMBER})\s*(?P<name>[^。\d（(][^。]{{1,40}})$")
# A page number on a line of its own, as extraction gives it: 「－ ３ －」 (NFKC: 「- 3 -」), 「3」, 「― 12 ―」.
PAGE_NUMBER = re.compile(r"[-‐―—ー]?\s*\d{1,4}\s*[-‐―—ー]?")
# A heading of a speech or a letter in plain text, on a line of its own (NFKC, spaces collapsed): 「1 こどもを産み育てやす
# いまちづくり」「第一 県政運営の基本的な考え方」「(一) 人口減少に立ち向かう少子化対策」「【はじめに】」「■ 予算編成方針」
# 「＜福祉・子育て＞」 (NFKC 「<福祉・子育て>」) 「〈総務関係〉」;
# `PLAIN_HEADING_NAME` takes its marker off. A line that ends a sentence or holds an amount is no heading (checked by
# the reader).
_KANJI_NUMBER = "[一二三四五六七八九十]{1,3}"
PLAIN_HEADING = re.compile(rf"^(?:(?:(?:第\s*)?(?:\d{{1,2}}|{_KANJI_NUMBER})(?:\s|[.．、](?!\d))|第\s*(?:\d{{1,2}}|{_KANJI_NUMBER})\s*[章部節]"
                           rf"|[（(]\s*(?:\d{{1,2}}|{_KANJI_NUMBER})\s*[)）]|[IVX]{{1,4}}[.．\s]|[■◆●□◇▼◎])\s*\S"
                           r"|【[^】]{1,24}】$|\[[^\]]{1,24}\]$|<[^<>]{1,24}>$|〈[^〈〉]{1,24}〉$|《[^《》]{1,24}》$|≪[^≪≫]{1,24}≫$)")
PLAIN_HEADING_NAME = re.compile(rf"^(?:(?:第\s*)?(?:\d{{1,2}}|{_KANJI_NUMBER})\s*[章部節.．、]?|[（(]\s*(?:\d{{1,2}}|{_KANJI_NUMBER})\s*[)）]"
                                r"|[IVX]{1,4}[.．]?|[■◆●□◇▼◎]|[【\[<〈《≪])\s*|[】\]>〉》≫]$")
RULE_LINE = re.compile(r"^[━─－―=＝_＿~〜*・･-]{4,}$")
# A page's mark that it goes on with the page before (「（続き）」「(つづき)」「（続）」「（前頁から続く）」, NFKC or not): a
# heading, a 款/項 or a slide title repeated over the rest of its part, no new one.
CONTINUED = r"[(（]\s*(?:続き?|つづき|前[頁ペ]ー?ジ?から(?:の)?続[きく]?)\s*[)）]"
NUMBERED_HEADING = re.compile(r"^(?:第?\s*\d{1,2}\s*[.．、章部]|[IVX]+[.．])\s*(?P<name>[^。]{1,40})$")

# A leader between a label and its figure (NFKC: 「………」 -> 「.........」, 「‥」 -> 「..」; 「・・・」「⋯」「――」 as typed):
# two or more of its characters, which no figure or name opens with.
LEADER = r"[.・‥…⋯·―─‐-]{2,}"
# A budget line: a label with 予算 (or 要求) and an amount right after it.
_KANJI_YEAR = "[一二三四五六七八九十]{1,3}"
ERA_YEAR = re.compile(rf"(?P<era>平成|令和|昭和)\s*(?P<year>\d{{1,2}}|元|{_KANJI_YEAR})\s*年度?")
_YEAR_LABEL = rf"(?:(?:平成|令和|昭和)\s*(?:\d{{1,2}}|元|{_KANJI_YEAR})\s*年度|(?:19|20)\d{{2}}\s*年度)"
BUDGET_LINE = re.compile(
    rf"(?P<label>(?:前年度|昨年度|{_YEAR_LABEL})?\s*(?:当初|第\s*\S\s*次\s*補正|補正|一般会計)?\s*"
    # (「令和９年度要求・要望額」: the whole label, its year with it, before 要望額 alone)
    r"(?:予算(?:案)?額?|概算要求額|要求額|要求\s*[・･]?\s*要望額|要望額)"
    # 「前年度：3億円」 under 「予算額：5億2,000万円」 (a card's list of labelled figures): last year's, labelled bare
    r"|^\s*(?:[-*・●○]\s*)?(?:前年度|昨年度)(?=\s*[:：])"
    # 「事業費：3億4,500万円」 opening a card's labelled lines (a city's web page of 主要事業, one card per program): the
    # program's cost, labelled as a field (never 「総事業費」 or a figure inside a sentence)
    rf"|^\s*(?:[-*・●○■]\s*)?(?:{_YEAR_LABEL})?\s*(?:当初)?\s*事業費(?=\s*[:：]))"
    # 「【令和９年度要求額】41,860百万円」: the label in brackets of its own; 「予算額………８，０００万円」「予算額・・・ 1,200万円」:
    # a leader of dots between label and figure, as a colon or a gap stands there in other lists
    rf"\s*[】\]］>＞]?\s*(?:{LEADER})?\s*[:：]?\s*(?:{LEADER})?\s*[【\[<＜(（]?\s*"
    # a figure, not a unit alone: 「予算額（千円）」 is a table's header naming its unit, never 1,000円
    r"(?=(?:約)?\s*[\d０-９〇一二三四五六七八九十])" + AMOUNT
)
# A line that is an amount alone, maybe with last year's in parentheses (「412百万円（358百万円）」「38,500千円（－）」):
# a budget line without a label when it stands right under a program's title (`structure.find_anchors`).
BARE_BUDGET_LINE = re.compile(r"^(?P<label>)\s*" + AMOUNT
                              + r"(?=\s*(?:[（(](?:[^（）()]{0,20}円|\s*(?:(?:前年度|昨年度)\s*[:：]?\s*)?(?:[－ー―‐-]|新規|皆増|なし)\s*)"
                              + r"[)）])?\s*$)")  # (「（前年度 －）」: a new program, no figure last year)
# A line named as a budget (「令和８年度予算（案）額」「一般会計当初予算（案）」「重点施策 関係予算」「要求・要望額」):
# a figure of the whole or of a part, never an item.
BUDGET_LABEL_NAME = re.compile(r"(?:予算\s*[（(]?\s*案?\s*[)）]?\s*額?|概算要求額|要求額|要求・要望額)\s*$")
BUDGET_LABEL_START = re.compile(rf"^(?:{_YEAR_LABEL})?\s*(?:当初|補正)?\s*(?:予算(?:案)?額|概算要求額|要求額)")
PREVIOUS_LABEL = re.compile(r"前年度|昨年度")
TOTAL_WORDS = re.compile(r"合計|総額|総計|^計\s|一般会計|特別会計|総括")
# What follows the current figure: （45.0億円） or （前年度 45.0億円） is last year's; <うち…> a part.
INLINE_PREVIOUS = re.compile(rf"^\s*[（(]\s*(?P<label>(?:前年度|昨年度|{_YEAR_LABEL})[^\d（）()]{{0,8}}?)?\s*[:：]?\s*"
                             + AMOUNT + r"\s*[)）]")
# 「10,240（8,815）百万円」: this year's and last year's figures sharing the unit written after both.
SHARED_UNIT = re.compile(r"(?P<now>\d[\d,.]*)\s*[（(]\s*(?P<before>\d[\d,.]*)\s*[)）]\s*(?P<unit>百万円|千万円|億円|千円|万円)")
# A part on a line of its own under a budget line (「（うち国庫補助　6億円）」「うち国費 1億円」「<うち推進枠：20億円>」).
UCHI_LINE = re.compile(r"^\s*(?:[<＜（(【\[]\s*)?うち\s*(?P<ulabel>[^<>＜＞（）()【】\[\]\d]*?)\s*[:：]?\s*" + AMOUNT
                       + r"\s*[>＞)）】\]]?\s*$")
UCHI = re.compile(r"[<＜（(【\[]\s*うち\s*(?P<ulabel>[^<>＜＞（）()【】\[\]\d]*?)\s*[:：]?\s*" + AMOUNT + r"\s*[>＞)）】\]]")

# Section headings, matched against a line with its markers stripped; canonical name first.
SECTIONS: list[tuple[str, re.Pattern[str]]] = [
    ("事業目的・概要", re.compile(r"^(?:事業の?)?目的[・･、/]?\s*概要$|^事業の?(?:目的|概要)$|^目的$|^概要$"
                              r"|^(?:事業の?)?概要[・･、/]\s*目的$")),
    ("成果目標", re.compile(r"^成果目標|^成果指標$|^アウトカム")),
    # (「補助対象・補助率」 over its lines; 「補助率：2/3（…）」「交付対象：…」 a line under its label)
    ("条件", re.compile(r"^条件(?:\s*[（(].*[)）])?$|^(?:補助|交付)率等?$|^対象者[、・]|^(?:補助|交付)対象[・･、/]\s*(?:補助|交付)率$"
                      r"|^(?:補助|交付)対象者?$")),
    ("事業期間", re.compile(r"^(?:事業|実施)期間$")),
    ("事業内容", re.compile(r"^事業内容$")),
    ("事業イメージ", re.compile(r"^事業の?イメージ|^事業スキーム$")),
    ("資金の流れ", re.compile(r"^資金の流れ$")),
]
# The number a section heading may carry (「１．事業目的」「(2) 事業内容」「Ⅲ 事業スキーム」), off before it is matched.
SECTION_NUMBER = re.compile(r"^(?:\d{1,2}\s*[.．、)）]|[（(]\s*\d{1,2}\s*[)）]|[①-⑳]|[IVX]{1,4}[.．\s])\s*")
# A heading that only frames the sections below it; it ends the header block but is not a section.
FRAME_HEADING = re.compile(r"^事業の内容$")

# Contacts: a phone number, and labels that introduce a contact line anywhere in a program.
PHONE = re.compile(r"0\d{1,4}\s*[-‐－−―]\s*\d{1,4}\s*[-‐－−―]\s*\d{3,4}")
CONTACT_LABEL = re.compile(r"^(?:[（(]?\s*)?(?:担当(?:課|部署|部局)?|[お御]?問い?合わ?せ先?|連絡先)\s*[:：]?\s*")
CONTACT_TABLE_HEADING = re.compile(
    r"^(?:[^。\d]{0,12}[・･/、])?(?:問い?合わ?せ先?|連絡先|担当(?:課|課室|部署|部局)?)(?:[・･/、][^。\d]{0,12})?(?:一覧|表)?$")
CONTACT_ROW_NUMBER = re.compile(r"^(?:\|\s*)?(?:事業)?(?:No\.?\s*)?[（(]?(?P<num>\d{1,3})[)）.．、:：]?\s+")
ORG_UNIT = re.compile(r"(?:庁|省|局|部|G|グループ|機構|本部|センター)$")
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒㉓㉔㉕㉖㉗㉘㉙㉚㉛㉜㉝㉞㉟㊱㊲㊳㊴㊵㊶㊷㊸㊹㊺㊻㊼㊽㊾㊿"

# Sub-projects: (1) / （１） / ① / 1. followed by a short name.
SUBPROJECT = re.compile(r"^(?P<marker>[（(]\s*\d{1,2}\s*[)）]|[①-⑳㉑-㉟㊱-㊿]|\d{1,2}[.．](?!\d)|[IVX]{1,4}[.．])\s*(?P<name>[^。]{2,80})$")


