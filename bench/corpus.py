"""The scaled corpus: copies of the five reports' pages (``pages.jsonl``) with numbers
changed and a share of words swapped, written as minimal text PDFs, until they hold the
pages asked for. Every copy has its own content hash, so ingest skips none as a duplicate."""
from __future__ import annotations

import random
import re
from pathlib import Path

from bench.common import PAGES_JSONL, read_jsonl

_NUMBER = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_]{4,}")


def perturb_text(text: str, rng: random.Random, swap_share: float = 0.08) -> str:
    """The same text with its numbers changed (same digit count) and a share of its
    longer words swapped with other words of the same text, so copies differ but keep
    their language, length and layout."""
    text = _NUMBER.sub(lambda m: str(rng.randrange(10 ** (len(m.group()) - 1) if len(m.group()) > 1 else 0,
                                                   10 ** len(m.group()))), text)
    words = _WORD.findall(text)
    if not words:
        return text
    return _WORD.sub(lambda m: rng.choice(words) if rng.random() < swap_share else m.group(), text)


def _pdf_string(line: str) -> bytes:
    raw = line.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def make_pdf(pages: list[str]) -> bytes:
    """A minimal text PDF (Helvetica, WinAnsi) with one page per string; lines as given."""
    objs: list[bytes] = []
    n = len(pages)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n))
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode())
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for i, text in enumerate(pages):
        lines = [ln for ln in text.split("\n")] or [""]
        lead = max(4.0, min(11.0, 760.0 / max(1, len(lines))))
        size = max(3.0, min(9.0, lead - 1))
        body = [f"BT /F1 {size:.1f} Tf {lead:.2f} TL 36 806 Td".encode()]
        body += [_pdf_string(ln) + b" Tj T*" for ln in lines]
        body.append(b"ET")
        stream = b"\n".join(body)
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                    f"/Contents {5 + 2 * i} 0 R >>".encode())
        objs.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{k} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def source_pages(path: Path = PAGES_JSONL) -> dict[str, list[str]]:
    """Page texts per document from ``pages.jsonl`` (``{"doc","page","text"}`` per line)."""
    docs: dict[str, list[tuple[int, str]]] = {}
    for row in read_jsonl(path):
        docs.setdefault(row["doc"], []).append((int(row["page"]), row["text"]))
    return {d: [t for _, t in sorted(pages)] for d, pages in docs.items()}


def scaled_corpus(out_dir: str | Path, n_pages: int, seed: int = 7, pages: dict[str, list[str]] | None = None) -> dict:
    """Write copies of the reports, text perturbed, as PDFs into ``out_dir`` until they
    hold at least ``n_pages`` pages. Returns ``{"files", "pages", "docs"}``."""
    pages = pages if pages is not None else source_pages()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    files, total, copy = [], 0, 0
    while total < n_pages:
        copy += 1
        for doc, texts in pages.items():
            if total >= n_pages:
                break
            f = out / f"{doc}-copy{copy:03d}.pdf"
            f.write_bytes(make_pdf([perturb_text(t, rng) for t in texts]))
            files.append(str(f))
            total += len(texts)
    return {"files": files, "pages": total, "docs": len(files)}
