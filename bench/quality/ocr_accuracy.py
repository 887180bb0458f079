"""OCR accuracy and speed on corpus/: every page of every report rendered to an image and
read back by Tesseract (``puente.ingest.ocr``, the path ``puente ingest --ocr`` takes), its
text compared with pypdf's text layer of the same page:

    python -m bench.quality.ocr_accuracy [--pages N] [--dpi 300] [--scanned]

Character error rate (CER) = Levenshtein distance / reference length, both texts with
whitespace runs collapsed to one space, per document language (the page order of
multi-column layouts and tables can differ between the two, which counts as errors
here). ``--scanned`` first degrades each render as a scanner would (150 dpi, tilted,
blurred, grainy). Prints one line per document and one JSON line of totals."""
from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

from bench.machine import load_avg

ROOT = Path(__file__).resolve().parents[2]


def levenshtein(a: str, b: str) -> int:
    """Edit distance of ``a`` and ``b`` (Myers' bit-parallel algorithm, Hyyrö's form)."""
    if len(a) > len(b):
        a, b = b, a
    m = len(a)
    if not m:
        return len(b)
    peq: dict[str, int] = {}
    for i, ch in enumerate(a):
        peq[ch] = peq.get(ch, 0) | (1 << i)
    full, top = (1 << m) - 1, 1 << (m - 1)
    pv, mv, score = full, 0, m
    for ch in b:
        eq = peq.get(ch, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = (mv | ~(xh | pv)) & full
        mh = pv & xh
        if ph & top:
            score += 1
        elif mh & top:
            score -= 1
        ph = ((ph << 1) | 1) & full
        mh = (mh << 1) & full
        pv = (mh | ~(xv | ph)) & full
        mv = ph & xv
    return score


def degrade(image: bytes, seed: int) -> bytes:
    """A scanner's copy of a clean render: 150 dpi, tilted 0.7 degrees, slightly blurred,
    with grain (grey noise, sigma 12), back at the render's size."""
    import io

    import numpy as np
    from PIL import Image, ImageFilter

    img = Image.open(io.BytesIO(image)).convert("L")
    w, h = img.size
    small = img.resize((w // 2, h // 2), Image.BILINEAR).rotate(0.7, resample=Image.BILINEAR, fillcolor=255)
    img = small.resize((w, h), Image.BILINEAR).filter(ImageFilter.GaussianBlur(0.8))
    arr = np.asarray(img, dtype=np.float32) + np.random.default_rng(seed).normal(0, 12, (h, w))
    out = io.BytesIO()
    Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)).save(out, format="PPM")
    return out.getvalue()


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def main(argv: list[str] | None = None) -> None:
    import pypdf
    import pypdfium2 as pdfium

    from puente.common.lang import detect_lang
    from puente.ingest.ocr import DPI, recognise, render_page

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=0, help="pages per document (0: all)")
    ap.add_argument("--dpi", type=int, default=DPI)
    ap.add_argument("--scanned", action="store_true", help="degrade each render as a scanner would (see degrade())")
    args = ap.parse_args(argv)
    load0 = load_avg()
    totals: dict[str, list[int]] = {}
    n_pages, seconds = 0, 0.0
    for path in sorted((ROOT / "corpus").glob("*.pdf")):
        layer = [page.extract_text() or "" for page in pypdf.PdfReader(str(path)).pages]
        lang = detect_lang(" ".join(layer)[:20000], default="en")
        pdf = pdfium.PdfDocument(str(path))
        errs = chars = 0
        todo = range(len(layer) if not args.pages else min(args.pages, len(layer)))
        for i in todo:
            ref = norm(layer[i])
            if not ref:
                continue
            t = time.perf_counter()
            image = render_page(pdf, i, args.dpi)
            got = norm(recognise(degrade(image, i) if args.scanned else image, dpi=args.dpi))
            seconds += time.perf_counter() - t
            n_pages += 1
            errs += levenshtein(ref, got)
            chars += len(ref)
        pdf.close()
        e, c = totals.setdefault(lang, [0, 0])
        totals[lang] = [e + errs, c + chars]
        print(f"{path.stem:60} {lang}  pages {len(todo):3}  CER {errs / max(chars, 1):.2%}", flush=True)
    out = {"cer": {lang: round(e / max(c, 1), 4) for lang, (e, c) in totals.items()},
           "chars": {lang: c for lang, (_, c) in totals.items()}, "pages": n_pages,
           "pages_per_s": round(n_pages / max(seconds, 1e-9), 3), "dpi": args.dpi, "scanned": args.scanned, "load": [load0, load_avg()]}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
