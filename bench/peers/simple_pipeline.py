"""The simplest retrieval pipeline, Puente's baseline in ``python -m bench --peers``: pypdf
text of each PDF, a 1000-character recursive split (paragraphs, then lines, then sentences,
then words, no overlap), e5 ``passage: `` embeddings from sentence-transformers and a FAISS
``IndexFlatIP``; questions as ``query: `` embeddings, top k by inner product."""
from __future__ import annotations

import json
import re
from pathlib import Path

from bench.common import read_jsonl

CHUNK_CHARS = 1000
BATCH_SIZE = 32  # sentence-transformers' default
# Where a text may be cut, coarsest first; a cut falls at the end of the separator's match.
SEPARATORS = tuple(re.compile(p) for p in (
    r"\n[ \t]*\n\s*",           # paragraphs
    r"\n",                       # lines
    r"(?<=[.!?…;:])\s+",         # sentences
    r"\s+",                      # words
))


def _pieces(text: str, start: int, end: int, size: int, level: int) -> list[tuple[int, int]]:
    """Spans tiling ``text[start:end]``, each at most ``size`` characters: cut at the
    separators of ``level``, pieces still too long cut at the next level; characters at last."""
    if end - start <= size:
        return [(start, end)]
    if level == len(SEPARATORS):
        return [(i, min(i + size, end)) for i in range(start, end, size)]
    cuts = [m.end() for m in SEPARATORS[level].finditer(text, start, end) if start < m.end() < end]
    out, prev = [], start
    for cut in cuts + [end]:
        out += _pieces(text, prev, cut, size, level + 1)
        prev = cut
    return out


def split_spans(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """Spans tiling ``text`` in order, each at most ``size`` characters: the recursive pieces
    merged greedily while the merged span still fits."""
    merged: list[tuple[int, int]] = []
    for s, e in _pieces(text, 0, len(text), size, 0) if text else []:
        if merged and e - merged[-1][0] <= size:
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def split_text(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """The chunks of ``text``: its spans with surrounding whitespace stripped, blank ones dropped."""
    return [c for c in (text[s:e].strip() for s, e in split_spans(text, size)) if c]


def read_pdf(path: str | Path) -> str:
    """A PDF's text with pypdf: pages' ``extract_text`` joined by blank lines."""
    from pypdf import PdfReader

    return "\n\n".join((p.extract_text() or "") for p in PdfReader(str(path)).pages)


class Simple:
    """The simplest pipeline behind the peers benchmark's worker protocol."""

    name = "simple"

    def __init__(self, model: str):
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(model, device="cpu")

    def warm_up(self) -> None:
        self.model.encode(["passage: warm-up"] * 8, batch_size=BATCH_SIZE)

    def ingest(self, corpus: str, index_dir: str) -> dict:
        import faiss

        rows = []
        for f in sorted(Path(corpus).glob("*.pdf")):
            rows += [{"doc": f.stem, "text": c} for c in split_text(read_pdf(f))]
        vecs = self.model.encode(["passage: " + r["text"] for r in rows], batch_size=BATCH_SIZE,
                                 normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
        index = faiss.IndexFlatIP(vecs.shape[1])
        index.add(vecs)
        out = Path(index_dir)
        out.mkdir(parents=True, exist_ok=True)
        faiss.write_index(index, str(out / "index.faiss"))
        with (out / "chunks.jsonl").open("w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        return {"chunks": len(rows), "chunk_chars": round(sum(len(r["text"]) for r in rows) / max(1, len(rows)))}

    def open(self, index_dir: str) -> None:
        import faiss

        self.index = faiss.read_index(str(Path(index_dir) / "index.faiss"))
        self.rows = read_jsonl(Path(index_dir) / "chunks.jsonl")

    def search(self, question: str, k: int) -> list[dict]:
        qv = self.model.encode(["query: " + question], normalize_embeddings=True, convert_to_numpy=True)
        _, ids = self.index.search(qv, k)
        return [self.rows[i] for i in ids[0] if i >= 0]
