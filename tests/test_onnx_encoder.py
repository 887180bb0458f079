"""The ONNX Runtime query encoder gives what the torch encoder gives, without importing torch."""
from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from puente.index.encode.embed import Encoder, load_query_encoder

pytestmark = pytest.mark.model

QUESTIONS = [
    "Who is responsible for the recommendation on local integration?",
    "How many people did UNHCR train on gender-based violence risks in 2023?",
    "¿Cuántas personas fueron capacitadas en riesgos de violencia de género en 2023?",
    "¿Qué recomienda la evaluación sobre la capacidad de registro de la COMAR?",
    "  Albergues en el norte: ¿estaban llenos?\n",  # spaces and a newline around the text
    "refugio " * 700,  # longer than 512 tokens: truncated the same way
]


@pytest.fixture(scope="module")
def onnx_encoder(model_path):
    from puente.index.encode.onnx_encoder import OnnxEncoder

    return OnnxEncoder(model_path)


def test_sentence_vectors_match_torch(encoder, onnx_encoder):
    for torch_vecs, onnx_vecs in ((encoder.queries(QUESTIONS), onnx_encoder.queries(QUESTIONS)),
                                  (encoder.passages(QUESTIONS), onnx_encoder.passages(QUESTIONS))):
        assert onnx_vecs.shape == torch_vecs.shape == (len(QUESTIONS), encoder.dims)
        cos = (torch_vecs * onnx_vecs).sum(axis=1)
        assert cos.min() >= 0.999, cos


def test_token_states_match_torch(encoder, onnx_encoder):
    torch_vecs, torch_states = encoder.queries_with_tokens(QUESTIONS)
    onnx_vecs, onnx_states = onnx_encoder.queries_with_tokens(QUESTIONS)
    assert (torch_vecs * onnx_vecs).sum(axis=1).min() >= 0.999
    for question, t, o in zip(QUESTIONS, torch_states, onnx_states):
        assert len(t.ids) > 0, question
        assert np.array_equal(t.ids, o.ids), question  # same tokens kept (prompt, specials, punctuation dropped)
        assert o.ids.dtype == np.int32 and o.vectors.dtype == np.float32
        cos = (t.vectors * o.vectors).sum(axis=1)
        assert cos.min() >= 0.999, (question, cos.min())


def test_same_model_id_and_content_tokens(encoder, onnx_encoder):
    assert onnx_encoder.id == encoder.id and onnx_encoder.dims == encoder.dims
    assert np.array_equal(onnx_encoder.content_tokens(), encoder.content_tokens())


def test_query_encoder_is_onnx_when_exported_else_torch(model_path, tmp_path):
    from puente.index.encode.onnx_encoder import OnnxEncoder

    assert isinstance(load_query_encoder(model_path), OnnxEncoder)
    old = tmp_path / "old-folder"  # a folder built before the export: questions fall back to torch
    old.mkdir()
    for entry in os.listdir(model_path):
        if not entry.startswith("model.onnx"):
            (old / entry).symlink_to(os.path.join(model_path, entry))
    assert isinstance(load_query_encoder(old), Encoder)


def test_query_path_imports_no_torch(model_path):
    code = (
        "import sys\n"
        "import puente.index.engine, puente.index.search.searcher, puente.index.store.versions, puente.index.answer.choose\n"
        "import puente.index.compare, puente.index.evaluate, puente.app.cli\n"
        "from puente.index.encode.embed import load_query_encoder\n"
        f"enc = load_query_encoder({str(model_path)!r})\n"
        "enc.queries_with_tokens(['¿Quién es responsable?']); enc.passages(['Una frase.'])\n"
        "print(type(enc).__name__, sorted(m for m in ('torch', 'transformers', 'sentence_transformers') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["OnnxEncoder", "[]"]
