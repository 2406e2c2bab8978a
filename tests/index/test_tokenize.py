"""fugashi tokenisation for BM25: lemmas of content words, numbers and Latin words kept."""

from __future__ import annotations

import pytest

from qa.index.tokenize import tokenize


@pytest.mark.parametrize(("text", "expected"), [
    ("IT導入補助金の補助率は？", ["it", "導入", "補助", "金", "補助", "率"]),
    ("ＡＩチップ開発", ["ai", "チップ", "開発"]),
    ("補助上限額：1,000万円", ["補助", "上限", "額", "1000", "万", "円"]),
    ("ガソリンスタンドの災害対策", ["ガソリン", "スタンド", "災害", "対策"]),
    ("支援はある？", ["支援", "有る"]),
    ("BCP策定", ["bcp", "策定"]),
])
def test_tokens_are_lemmas_of_content_words(text, expected):
    assert tokenize(text) == expected


def test_particles_and_symbols_are_dropped():
    assert not {"の", "は", "を", "、", "。", "？"} & set(tokenize("事業の目的は、何を支援することですか？"))


def test_full_and_half_width_give_the_same_tokens():
    assert tokenize("ＢＣＰ策定支援１０件") == tokenize("BCP策定支援10件")


def test_tokenising_from_many_threads_at_once_gives_what_one_thread_gives():
    """One MeCab tagger serves every thread (behind a lock): at 16 concurrent /api/ask an unguarded one returned
    None for some texts."""
    from concurrent.futures import ThreadPoolExecutor

    from qa.index.tokenize import content_nouns, tokenize
    from qa.retrieve.readings import reading

    texts = [f"事業承継・世代交代集中支援事業の予算は{i}億円ですか？IT導入補助金" for i in range(200)]
    alone = [(tokenize(t), content_nouns(t), reading(t)) for t in texts]
    with ThreadPoolExecutor(16) as pool:
        together = list(pool.map(lambda t: (tokenize(t), content_nouns(t), reading(t)), texts))
    assert together == alone


def test_features_are_read_as_fugashi_reads_them():
    """`tagged` reads each morpheme's raw CSV itself (fugashi's `feature` is built anew on every access, 70 % of a
    text's tokenisation): quoted fields with commas, unknown words with fewer fields and Latin words included."""
    import fugashi

    from qa.index.tokenize import nbest_paths, tagged

    text = "「あ,い」です。ＩＴ導入補助金、F-35Bは1,000億円（令和5年度）ﾃｽﾄ𠮷野家ｘｙｚ…★"
    reference = fugashi.Tagger()
    assert [(w.surface, w.white_space, tuple(w.feature)) for w in tagged(text)] == [
        (w.surface, w.white_space, tuple(w.feature)) for w in reference(text)]
    assert [w.feature.lemma for w in nbest_paths("事業", 2)[0]] == [w.feature.lemma for w in reference("事業")]
