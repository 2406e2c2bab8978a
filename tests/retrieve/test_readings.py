"""Readings of program names: kana-typed names restored to kanji, typos and wrong kanji still find the title.

Titles are those of the seed (corpus/h29-hosei-yosan-gaiyou.txt, as its table of contents lists them) and,
for size and speed, the 5,794 program names of the RS review table (tests/fixtures/real/rs2025-projects.csv.gz).
"""

from __future__ import annotations

import csv
import gzip
import statistics
import time
import unicodedata

import pytest

from qa.retrieve.readings import (
    FIELD_WORDS,
    LineLexicon,
    ReadingIndex,
    fold,
    question_words,
    reading,
    restore_near,
    to_katakana,
)
from tests.conftest import REAL

SEED_TITLES = [
    "学びと社会の連携促進事業",
    "再生可能エネルギー出力制御量低減のための技術開発事業",
    "産業データ共有促進事業費",
    "AIシステム共同開発支援事業費",
    "小規模事業者支援パッケージ事業",
    "サービス等生産性向上IT導入支援事業費",
    "事業承継・世代交代集中支援事業",
    "ものづくり・商業・サービス経営力向上支援事業",
    "中小企業・小規模事業者決済情報管理支援事業",
    "認定支援機関による経営改善計画策定支援事業",
    "IoTを活用した新市場創出促進事業",
    "石油製品安定供給確保支援事業",
    "中小企業BCP策定支援事業",
    "インバウンド型クールジャパン推進事業",
]
SHOKEI = "事業承継・世代交代集中支援事業"
MONODZUKURI = "ものづくり・商業・サービス経営力向上支援事業"
IT_DONYU = "サービス等生産性向上IT導入支援事業費"

GRAMMAR = [
    "どんな支援がありますか",
    "この事業はいつ始まったのでしょうか",
    "補助金はもらえるのでしょうか",
    "どのような支援が受けられますか",
    "予算はどのくらいですか",
    "どこに問い合わせればいいですか",
    "この事業について詳しく教えてください",
    "もう少し詳しく説明してもらえますか",
    "ほかにどんなものがありますか",
    "わかりやすくおしえてください",
    "かかった費用はいくらでしょうか",
]


@pytest.fixture(scope="module")
def seed_index() -> ReadingIndex:
    return ReadingIndex(SEED_TITLES, FIELD_WORDS)


@pytest.fixture(scope="module")
def national_titles() -> list[str]:
    with gzip.open(REAL / "rs2025-projects.csv.gz", "rt", encoding="utf-8") as f:
        return [row["projectName"] for row in csv.DictReader(f)] + SEED_TITLES


@pytest.fixture(scope="module")
def national_index(national_titles: list[str]) -> ReadingIndex:
    return ReadingIndex(national_titles, FIELD_WORDS)


# ---- readings ------------------------------------------------------------------------------------------------

def test_hiragana_becomes_katakana_and_other_characters_stay():
    assert to_katakana("じぎょうIT導入ゝ") == "ジギョウIT導入ヽ"


def test_reading_of_a_title_drops_its_symbols():
    assert reading("事業承継・世代交代") == "ジギョウショウケイセダイコウタイ"


@pytest.mark.parametrize(("text", "expected"), [
    ("IT導入", "アイティードウニュウ"),  # an acronym reads letter by letter, as people say it
    ("IoT", "アイオーティー"),
    ("SDGs", "エスディージー"),
    ("reskilling", "reskilling"),  # a word is no acronym: it reads as itself
])
def test_an_acronym_reads_as_its_letters_are_said(text: str, expected: str):
    assert reading(text) == to_katakana(expected)


def test_a_particle_after_a_word_opens_no_term():
    index = ReadingIndex(["農地集積事業"], ["予算"])
    assert index.restore("予算のうち、医療の分") == "予算のうち、医療の分"  # not 農地 read from のうち
    assert index.restore("のうちしゅうせきのよさん") == "農地集積の予算"  # a question opening with it still reads


def test_a_word_the_corpus_writes_in_kana_is_kept_as_typed():
    """「こども未来局」 is how a city writes its bureau: the words of a few programs' texts (子ども) do not respell it."""
    corpus = ReadingIndex(["子ども医療費助成事業"], ["予算"], names=["こども未来局"])
    near = ReadingIndex([], names=["子どもの学習支援を行う。"])
    assert near.restore("こども未来局の予算") == "子ども未来局の予算"
    assert near.restore("こども未来局の予算", keep=corpus.kana_spellings) == "こども未来局の予算"


def test_an_acronym_typed_in_kana_is_restored(seed_index: ReadingIndex):
    assert seed_index.restore("あいてぃーどうにゅうのよさん").startswith("IT導入")


def test_long_vowels_fold_alike_whether_written_u_i_or_bar():
    assert fold("ジギョウショウケイ") == fold("ジギョーショーケー") == "ジギョーショーケー"
    assert fold("オオサカ") == "オーサカ"
    assert len(fold("ショウケイ")) == len("ショウケイ")  # one character per character: positions still point


def test_zu_and_du_spellings_match(seed_index: ReadingIndex):
    assert fold("モノヅクリ") == fold("モノズクリ")
    assert seed_index.restore("ものずくり補助金") == "ものづくり補助金"
    assert seed_index.restore("ものずくりのよさん") == "ものづくりの予算"


# ---- restore -------------------------------------------------------------------------------------------------

def test_kana_only_question_is_rewritten_to_the_title_it_reads_as(seed_index: ReadingIndex):
    assert seed_index.restore("じぎょうしょうけいのよさん") == "事業承継の予算"
    assert seed_index.restore("じぎょうしょうけいせだいこうたいしゅうちゅうしえんじぎょうのよさん") == f"{SHOKEI}の予算"


@pytest.mark.parametrize(("title", "typed", "restored"), [
    # an adjectival noun (形状詞) is a part of the compound a user types: 有害 of 有害鳥獣, 安全 of 安全対策
    ("有害鳥獣被害防止対策事業", "ゆうがいちょうじゅうのよさん", "有害鳥獣の予算"),
    ("通学路安全対策事業", "あんぜんたいさくのよさん", "安全対策の予算"),
])
def test_a_compound_with_an_adjectival_noun_is_read_back_from_kana(title, typed, restored):
    assert ReadingIndex([title], ["予算"]).restore(typed) == restored


@pytest.mark.parametrize(("title", "typed", "restored"), [
    # 連濁: a compound's later part said voiced (保育|所 ホイクジョ), and as UniDic reads each part
    ("院内保育所運営事業", "いんないほいくじょのよさん", "院内保育所の予算"),
    ("院内保育所運営事業", "いんないほいくしょのよさん", "院内保育所の予算"),
])
def test_a_compound_typed_with_its_later_part_voiced_is_read_back(title, typed, restored):
    assert ReadingIndex([title], ["予算"]).restore(typed) == restored


def test_the_smallest_lexicon_of_the_example_is_enough():
    index = ReadingIndex([SHOKEI], ["予算"])
    assert index.restore("じぎょうしょうけいのよさん") == "事業承継の予算"


NEAR_LINES = (["グループ補助金の拡充", "事業承継・世代交代集中支援事業", "こども未来局"],
              ["子ども食堂への支援", "グループ補助金の拡充", "中小企業グループの施設復旧"], ["", "  ", "予算"])


@pytest.mark.parametrize("question", ["ぐるーぷほじょきんのよさん", "じぎょうしょうけいのもくてきは", "こどもしょくどう",
                                      "こどもみらいきょく", "しせつふっきゅうはいくら", "事業承継の予算は？"])
def test_restore_near_restores_as_a_lexicon_of_the_same_lines(question: str):
    # restore_near reads only the readings the question can spell, from lexicons made once per program: the same
    # text as ReadingIndex(names=every line) gives, a line repeated in a later program counted once
    lines = [line for part in NEAR_LINES for line in part]
    expected = ReadingIndex([], names=lines).restore(question)
    assert restore_near(question, [LineLexicon.of(part) for part in NEAR_LINES]) == expected


def test_kana_tail_of_a_kanji_name_is_restored(seed_index: ReadingIndex):
    assert seed_index.restore("IT導入支援じぎょう") == "IT導入支援事業"


def test_long_vowel_typed_as_bar_is_restored(seed_index: ReadingIndex):
    assert seed_index.restore("じぎょーしょーけー") == "事業承継"


def test_particles_between_terms_stay_as_typed(seed_index: ReadingIndex):
    assert seed_index.restore("しょうけいとせだいこうたいのもくてきは？") == "承継と世代交代の目的は?"


def test_trailing_grammar_after_a_term_stays_as_typed(seed_index: ReadingIndex):
    assert seed_index.restore("じぎょうしょうけいのよさんはいくらですか") == "事業承継の予算はいくらですか"


def test_question_without_kana_runs_is_unchanged(seed_index: ReadingIndex):
    for question in ["事業承継の予算は？", "ＩＴ導入支援事業の補助率", "事業承係の予算"]:
        assert seed_index.restore(question) is question


@pytest.mark.parametrize("question", GRAMMAR)
def test_ordinary_hiragana_grammar_is_not_rewritten(seed_index: ReadingIndex, question: str):
    assert seed_index.restore(question) == question


def test_kana_inside_a_word_is_not_rewritten():
    # 「かかり」 reads like the compound 係 would, but here it is the verb かかる: ます follows, not a particle.
    index = ReadingIndex(["係員配置事業"], ["予算"])
    assert index.restore("いくらかかりますか") == "いくらかかりますか"


def test_katakana_loanword_is_not_turned_into_a_kanji_homophone():
    index = ReadingIndex([], ["高度", "予算"])
    assert index.restore("コードのよさん") == "コードの予算"
    assert index.restore("こうどのよさん") == "高度の予算"


def test_a_vocabulary_word_wins_over_a_title_noun_that_sounds_the_same():
    index = ReadingIndex(["認定支援機関による経営改善計画策定支援事業"], ["期間"])
    assert index.restore("きかんはどのくらい") == "期間はどのくらい"
    assert ReadingIndex(["認定支援機関による経営改善計画策定支援事業"]).restore("きかんはどこ") == "機関はどこ"


# ---- fuzzy titles --------------------------------------------------------------------------------------------

def test_wrong_kanji_with_same_reading_still_finds_the_title(seed_index: ReadingIndex):
    title, score = seed_index.fuzzy_titles("事業承係の予算", SEED_TITLES)[0]
    assert title == SHOKEI
    assert score == 1.0  # 承係 reads ショウケイ like 承継: the name 事業承継 is there in sound


def test_kana_typo_still_finds_the_title(seed_index: ReadingIndex):
    assert seed_index.fuzzy_titles("ものずくり補助金", SEED_TITLES)[0] == (MONODZUKURI, 1.0)


def test_a_distinctive_tail_of_a_title_finds_it(seed_index: ReadingIndex):
    title, score = seed_index.fuzzy_titles(seed_index.restore("IT導入支援じぎょう"), SEED_TITLES)[0]
    assert title == IT_DONYU
    assert score > 0.9


def test_the_exact_title_scores_one_and_grammar_scores_low(seed_index: ReadingIndex):
    assert seed_index.fuzzy_titles(f"{SHOKEI}の補助率は？", SEED_TITLES)[0] == (SHOKEI, 1.0)
    assert all(score < 0.5 for _, score in seed_index.fuzzy_titles("どんな支援がありますか", SEED_TITLES))


def test_fuzzy_titles_are_at_most_k_best_first_with_scores_in_0_1(seed_index: ReadingIndex):
    ranked = seed_index.fuzzy_titles("事業承継の支援について", SEED_TITLES, k=5)
    assert 0 < len(ranked) <= 5
    scores = [score for _, score in ranked]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < score <= 1 for score in scores)
    assert ranked[0][0] == SHOKEI
    assert seed_index.fuzzy_titles("事業承継の支援について", SEED_TITLES, k=0) == []


def test_only_the_titles_asked_for_are_ranked(seed_index: ReadingIndex):
    others = [t for t in SEED_TITLES if t != SHOKEI]
    assert SHOKEI not in [t for t, _ in seed_index.fuzzy_titles("事業承継の予算", others, k=10)]


def test_titles_unknown_to_the_index_are_ranked_too(seed_index: ReadingIndex):
    new = "小規模事業者持続的発展支援事業"
    assert seed_index.fuzzy_titles("小規模事業者持続的発展支援事業の予算", [*SEED_TITLES, new])[0] == (new, 1.0)


def test_titles_come_back_as_the_caller_spelt_them():
    index = ReadingIndex(["ＡＩシステム共同開発支援事業費"])
    assert index.fuzzy_titles("AIシステム共同開発", ["ＡＩシステム共同開発支援事業費"])[0][0] == "ＡＩシステム共同開発支援事業費"


# ---- a national table ----------------------------------------------------------------------------------------

def test_restore_takes_under_5_ms_with_six_thousand_titles(national_index: ReadingIndex):
    question = "じぎょうしょうけいのよさんはいくらですか"  # 20 characters, all kana
    assert len(question) == 20
    assert national_index.restore(question) == "事業承継の予算はいくらですか"
    times = []
    for _ in range(50):
        start = time.perf_counter()
        national_index.restore(question)
        times.append(time.perf_counter() - start)
    assert statistics.median(times) < 0.005


@pytest.mark.parametrize("question", GRAMMAR)
def test_grammar_is_not_rewritten_with_six_thousand_titles(national_index: ReadingIndex, question: str):
    assert national_index.restore(question) == question


def test_misspelt_names_find_their_title_among_six_thousand(national_index: ReadingIndex, national_titles: list[str]):
    for typed, title in [("事業承係の予算", SHOKEI), ("ものずくり補助金", MONODZUKURI),
                         ("IT導入支援じぎょうの補助率", IT_DONYU), ("じぎょうしょうけいのよさん", SHOKEI)]:
        assert national_index.fuzzy_titles(national_index.restore(typed), national_titles)[0][0] == title, typed


@pytest.mark.parametrize(("names", "expected"), [
    (["こども未来局", "子ども政策課"], "こども未来局の事業はいくつ？"),  # the corpus writes this こども in kana too
    (["子ども政策課"], "子ども未来局の事業はいくつ?"),  # only in kanji: restored
])
def test_a_word_the_corpus_writes_in_kana_is_left_as_typed(names: list[str], expected: str) -> None:
    index = ReadingIndex(["子ども医療費助成事業", "子どもの居場所づくり事業"], vocabulary=("予算",), names=names)
    assert index.restore("こども未来局の事業はいくつ？") == expected


def test_a_topic_particle_typed_as_it_sounds_still_ends_a_term():
    """「ほじょりつわ？」: は typed as わ, as people type what they hear; the term before it is read back."""
    from qa.retrieve.readings import ReadingIndex

    index = ReadingIndex(["小規模事業者持続化補助金"], vocabulary=("補助率", "予算"))
    assert index.restore("ほじょりつわ？") == "補助率わ?"


@pytest.mark.parametrize(("typed", "restored"), [
    ("IT導入支援事業の予さんは？", "IT導入支援事業の予算は？"),  # an input method's conversion left undone
    ("補じょ率はどのくらい？", "補助率はどのくらい？"),  # the kanji typed stand in the term, in order
    ("担とう課はどこ？", "担当課はどこ？"),
    ("石油供給インフラ強じん化事業の予算は？", "石油供給インフラ強じん化事業の予算は？"),  # the title's own spelling
    ("予算を受けとる人は？", "予算を受けとる人は？"),  # okurigana and particles read as no term
    ("事業を見直す理由は？", "事業を見直す理由は？"),
])
def test_a_word_typed_half_in_kana_is_written_as_the_term_it_reads_as(seed_index: ReadingIndex, typed, restored):
    assert unicodedata.normalize("NFKC", seed_index.restore(typed)) == unicodedata.normalize("NFKC", restored)


@pytest.mark.parametrize(("typed", "restored"), [
    # the input method's other kanji of the same sound, in a question word
    ("人材開発支援助成金の執行学っていくら？", "人材開発支援助成金の執行額っていくら?"),
    ("生産性向上の通常枠、補助律はいくつ？", "生産性向上の通常枠、補助率はいくつ?"),
    ("グループ補助菌って補助率どのくらい？", "グループ補助金って補助率どのくらい?"),
    # words the dictionary knows whole, counters and a word inside another stay as typed
    ("実施機関はどこ？", "実施機関はどこ？"),
    ("避難所になってる公民館は？", "避難所になってる公民館は？"),
    ("全部で何項目ありますか", "全部で何項目ありますか"),
    ("利用する人は１食いくら払うの？", "利用する人は１食いくら払うの？"),
    ("ものづくり補助の事業計画って？", "ものづくり補助の事業計画って？"),
    # what is asked, typed in kana in one run with the rest (「ほじょりつなんぶんのいち」「じょうげんいくら」)
    ("国のほじょりつなんぶんのいち？", "国の補助率何分の一?"),
    ("じょうげんいくら？", "上限いくら?"),
])
def test_a_question_word_mistyped_by_its_sound_is_written_as_the_word(typed, restored):
    index = ReadingIndex(SEED_TITLES, (*FIELD_WORDS, *question_words()))
    assert index.restore(typed) == restored


@pytest.mark.parametrize(("typed", "restored"), [
    ("えふさんじゅうごえー ことしは なんき かうの", "F-35A ことしは 何機 かうの"),
    ("えふじゅうごの かいしゅうは なんき", "F-15の かいしゅうは 何機"),
    ("ゆーえいちろくじゅうじぇいは いくら", "UH-60Jは いくら"),
])
def test_a_models_designation_typed_as_it_is_said_is_written_as_the_title_writes_it(typed, restored):
    index = ReadingIndex(["戦闘機(F-35A)の取得", "戦闘機(F-35B)の取得", "救難ヘリコプター(UH-60J)の取得", "F-15の能力向上"],
                         (*FIELD_WORDS, *question_words()))
    assert index.restore(typed) == restored
