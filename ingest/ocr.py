"""Scanned PDF pages read with Tesseract (Debian's ``tesseract-ocr`` with the ``eng`` and
``spa`` data): each page rendered with PDFium, passed to the ``tesseract`` program, its
text returned. Offline and off by default (``puente ingest --ocr``); pure functions of a
file, no models of ours and no globals."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from puente.common.errors import ReadError

DPI = 300  # Tesseract reads body text best at 300 dpi
LANGS = "eng+spa"
PAGE_TIMEOUT = 180  # seconds for one page
INSTALL = "install Tesseract with English and Spanish: `sudo apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-spa`"


def tesseract_problem(langs: str = LANGS) -> str | None:
    """Why OCR cannot run here (no ``tesseract`` program, or a language's data missing),
    or ``None`` when it can."""
    exe = shutil.which("tesseract")
    if exe is None:
        return "Tesseract (the OCR program) is not installed"
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"Tesseract does not run ({type(exc).__name__})"
    have = {ln.strip() for ln in (out.stdout + out.stderr).splitlines()}
    missing = [lang for lang in langs.split("+") if lang not in have]
    return f"Tesseract has no '{missing[0]}' language data" if missing else None


def render_page(pdf, index: int, dpi: int = DPI) -> bytes:
    """0-based page ``index`` of an open ``pypdfium2.PdfDocument`` as a grey PGM image."""
    import io

    page = pdf[index]
    image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    buf = io.BytesIO()
    image.save(buf, format="PPM")  # uncompressed: nothing to encode or decode
    return buf.getvalue()


def recognise(image: bytes, langs: str = LANGS, dpi: int = DPI) -> str:
    """Text of one page image, by Tesseract (one thread: pages are many, cores are few)."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    proc = subprocess.run(["tesseract", "stdin", "stdout", "-l", langs, "--dpi", str(dpi), "--psm", "3"],
                          input=image, capture_output=True, timeout=PAGE_TIMEOUT, env=env)
    if proc.returncode != 0:
        raise RuntimeError(" ".join(proc.stderr.decode("utf-8", "replace").split())[:200])
    return proc.stdout.decode("utf-8", "replace").replace("\f", "")


def ocr_pages(path: str | Path, indexes: list[int], password: str = "", langs: str = LANGS, dpi: int = DPI) -> dict[int, str]:
    """``{0-based page index: recognised text}`` for the pages ``indexes`` of the PDF at ``path``."""
    import pypdfium2 as pdfium

    path = Path(path)
    problem = tesseract_problem(langs)
    if problem:
        raise ReadError(path, f"has pages without a text layer and {problem}", INSTALL)
    try:
        pdf = pdfium.PdfDocument(str(path), password=password or None)
    except (pdfium.PdfiumError, OSError) as exc:
        raise ReadError(path, f"cannot be rendered for OCR ({exc})", "re-export or re-download it") from exc
    try:
        out = {}
        for i in indexes:
            try:
                out[i] = recognise(render_page(pdf, i, dpi), langs, dpi)
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                raise ReadError(path, f"OCR failed on page {i + 1} ({exc})", "check the file, or OCR it with "
                                "another tool (e.g. `ocrmypdf in.pdf out.pdf`)") from exc
        return out
    finally:
        pdf.close()
