"""What the web app does, independent of Gradio widgets (tests call these methods): ask,
compare, add files, exports. Rendering is in ``render.py``, the page in ``layout.py``."""
from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import uuid
import weakref
from dataclasses import dataclass
from pathlib import Path

from puente.common.errors import InputError, PuenteError
from puente.common.text import shown_name

from ..exports import formats
from ..i18n import LANGS, t
from .render import highlight_spans, render_answer, render_results


@dataclass
class AskView:
    """What the Ask tab shows (kept in the session to re-render on a label toggle)."""

    result: object
    spans: dict


def check_question(question: str, max_chars: int, lang: str = "en") -> str | None:
    """An error message for an empty or too long question, else ``None``."""
    q = (question or "").strip()
    if not q:
        return t("empty_question", lang)
    if len(q) > max_chars:
        return t("too_long", lang, n=len(q), max=max_chars)
    return None


def chunks_by_doc(index) -> dict[str, list]:
    """``doc → chunks`` sorted by offset (for "open in context")."""
    out: dict[str, list] = {}
    for c in index.chunks:
        out.setdefault(c.doc, []).append(c)
    for cs in out.values():
        cs.sort(key=lambda c: (c.start, c.end))
    return out


def filter_records(records, kind: str | None = None, doc: str | None = None, status: str | None = None) -> list:
    """Records matching every given filter (``None``/"" means any)."""
    return [r for r in records if (not kind or r.kind == kind) and (not doc or r.doc == doc)
            and (not status or r.status == status)]


_DUP_NAME = re.compile(r"a different document named '(.+?)' is already indexed")
_DUP_CONTENT = re.compile(r"same content as the indexed document '(.+?)'")
_TOO_BIG = re.compile(r"above the ([\d.]+) MB limit")
_ABS_PATH = re.compile(r"(?<![\w.])/[^\s;:()'\"`]+")
_CLI_FIX = re.compile(r"\s*\((?:--|PUENTE_)[^)]*\)|(?:,? or| to)? ?`puente [^`]*`(?: first)?")
# a reader's reason (``ingest.readers`` and the readers it calls) -> the Library's line for it, in the page's language
_REASONS = [
    (re.compile(r"empty file;"), "up_empty"),
    (re.compile(r"unsupported file type '(?P<suffix>[^']*)'"), "up_type"),
    (re.compile(r"no extractable text \(scanned pages\?\)"), "up_scanned"),
    (re.compile(r"no text"), "up_no_text"),
    (re.compile(r"encrypted(?: with a password|, and the password)"), "up_encrypted"),
    (re.compile(r"not UTF-8 text"), "up_encoding"),
    (re.compile(r"(?P<what>(?:not a PDF|not a Word|binary data|corrupt or truncated|unreadable)[^;]*); (?P<fix>.*)"), "up_broken"),
    (re.compile(r"the document would have no name"), "up_no_name"),
    (re.compile(r"same document name as (?P<other>.+?) in this batch"), "up_batch_name"),
    (re.compile(r"same content as (?P<other>.+?) in this batch"), "up_batch_content"),
]


def upload_message(err: str, lang: str = "en") -> str:
    """An ingest error as the Library page says it: the uploaded file's name, never the
    path it is stored under, and the fix in the page's terms (the "replace" box, the
    Library) instead of CLI flags and commands."""
    head, sep, rest = err.partition(": ")
    if not sep:
        return _ABS_PATH.sub(lambda m: Path(m.group(0)).name, err)
    name = Path(head).name
    if m := _DUP_NAME.search(rest):
        return f"{name}: " + t("up_dup_name", lang, doc=m.group(1), replace=t("replace", lang))
    if m := _DUP_CONTENT.search(rest):
        return f"{name}: " + t("up_dup_content", lang, doc=m.group(1))
    if m := _TOO_BIG.search(rest):
        return f"{name}: " + t("up_too_big", lang, mb=m.group(1))
    rest = _ABS_PATH.sub(lambda m: Path(m.group(0)).name, rest)
    for rx, key in _REASONS:
        if m := rx.match(rest):
            return f"{name}: " + t(key, lang, **m.groupdict())
    rest = _CLI_FIX.sub("", rest).rstrip(" ;,")
    return f"{name}: {rest}"


class PuenteApp:
    """The app's behaviour over one :class:`puente.index.engine.Engine`."""

    def __init__(self, engine, settings):
        self.engine = engine
        self.settings = settings
        self.export_dir = Path(tempfile.mkdtemp(prefix="puente-export-"))
        # the files offered for download live as long as the app: removed when it goes or the process exits
        weakref.finalize(self, shutil.rmtree, str(self.export_dir), True)
        self._by_doc_key = None
        self._by_doc: dict = {}
        self._pages: dict = {}  # a few rendered pages, oldest dropped first
        self.app_url = ""  # the served page's address, set by ``layout.launch``: export links open it

    # ------------------------------------------------------------ shared
    def by_doc(self) -> dict:
        idx = self.engine.index
        if self._by_doc_key is not idx:
            self._by_doc = chunks_by_doc(idx)
            self._by_doc_key = idx
        return self._by_doc

    def doc_choices(self) -> list[tuple[str, str]]:
        return [(shown_name(f"{d.title or name} ({name})"), name) for name, d in sorted(self.engine.index.docs.items())]

    def sources(self) -> dict[str, str]:
        """``doc → the file it was read from`` (what export links point at)."""
        return {d: info.source for d, info in self.engine.index.docs.items()}

    def links(self):
        """Where export links point: the served app's file route once it runs (a downloaded
        file has no folder of its own to be relative to)."""
        from ..exports.links import Links

        return Links(self.sources(), app_url=self.app_url)

    def source_file(self, doc: str) -> Path:
        """The original file of an indexed document (an upload lives in :meth:`library_dir`)."""
        from puente.common.errors import NotInIndexError

        info = self.engine.index.docs.get(doc)
        if info is None:
            raise NotInIndexError(doc)
        path = Path(info.source)
        if not path.is_file():
            raise InputError(path, f"the original file of '{doc}' is gone", f"ingest it again or `puente remove {doc}`")
        return path

    def page_png(self, doc: str, page: int, start: int, end: int) -> bytes:
        """Page ``page`` of ``doc`` as a PNG with the passage at ``start``-``end`` highlighted
        (the passage must be one of the index's and lie on that page)."""
        from .pageview import page_part, render_page

        chunk = next((c for c in self.by_doc().get(doc, []) if c.start == start and c.end == end), None)
        if chunk is None or chunk.page_start is None or not chunk.page_start <= page <= (chunk.page_end or chunk.page_start):
            raise InputError(doc, f"no passage {start}-{end} on page {page}", "open the page view from a passage card")
        path = self.source_file(doc)
        key = (str(path), path.stat().st_mtime_ns, page, start, end)
        if key not in self._pages:
            if len(self._pages) >= 32:
                self._pages.pop(next(iter(self._pages)))
            self._pages[key] = render_page(path, page, page_part(chunk, page))[0]
        return self._pages[key]

    def write_export(self, name: str, text: str) -> str:
        folder = self.export_dir / uuid.uuid4().hex[:12]
        folder.mkdir(parents=True)
        path = folder / name
        path.write_text(text, encoding=formats.file_encoding(path.suffix.lstrip(".")))
        return str(path)

    # ------------------------------------------------------------ ask
    def ask(self, question: str, docs: list[str] | None = None, lang: str | None = None, k: int | None = None) -> AskView:
        """Run a question; returns an :class:`AskView` (matched sentences highlighted)."""
        k = max(1, min(int(k or self.settings.k), 50))
        lang = lang if lang in LANGS else None
        known = self.engine.index.docs
        docs = [d for d in (docs or []) if d in known] or None
        result = self.engine.ask(question.strip(), k=k, lang=lang, docs=docs)
        return AskView(result, highlight_spans(result))

    def render_ask(self, view: AskView | None, lang: str) -> tuple[str, str]:
        if view is None:
            return "", ""
        return render_answer(view.result, lang), render_results(view.result, lang, view.spans, self.by_doc())

    def export_ask(self, view: AskView, lang: str | None = None) -> tuple[str, str]:
        """The Markdown (labels in ``lang``, the interface language) and CSV of a result."""
        return (self.write_export("puente-answer.md", formats.to_markdown(view.result, sources=self.links(), lang=lang)),
                self.write_export("puente-answer.csv", formats.to_csv(view.result, lang)))

    def export_briefing(self, results: list, lang: str = "en") -> str:
        """A Word briefing of ``results`` (this session's questions, in order); its path."""
        from ..exports.briefing import briefing_docx

        folder = self.export_dir / uuid.uuid4().hex[:12]
        folder.mkdir(parents=True)
        return str(briefing_docx(results, folder / "puente-briefing.docx", self.links(), lang))

    def llm_config(self):
        """``(config, "")`` when ``PUENTE_LLM_URL`` is set and answers, ``(None, notice)`` when
        it is set but unusable (the page says so and keeps the extracted answers), else ``(None, "")``."""
        from puente.index.generate.answer import LLMConfig, check_endpoint

        try:
            config = LLMConfig.from_env()
            if config is not None:
                check_endpoint(config)
            return config, ""
        except PuenteError as exc:
            return None, str(exc)

    def generate(self, view: AskView, config):
        """Stream a generated answer for the shown result: yields the text so far, and sets
        ``view.result.generated`` to the verified answer (or the endpoint's notice) at the end."""
        from puente.index.generate.answer import DEFAULT_PASSAGES, Generated, LLMError, stream_generate

        text, result = "", view.result
        try:
            for piece in stream_generate(result.query, result.hits[:DEFAULT_PASSAGES], config, result.lang):
                if isinstance(piece, str):
                    text += piece
                    yield text
                else:
                    result.generated = piece
        except LLMError as exc:
            result.generated = Generated.from_error(exc)

    # ------------------------------------------------------------ compare
    def compare(self, topic: str, docs: list[str] | None = None, k: int | None = None):
        """Records and passages of each document on ``topic`` (``index.compare``); every
        indexed document when ``docs`` names none of them. Topics separated by ";" ("gender;
        albergues") are compared each on its own: a topic × document ``Comparison``, as the
        CLI's several topics."""
        from puente.index.compare import Comparison, compare, split_topics

        known = self.engine.index.docs
        chosen = [d for d in docs or [] if d in known] or None
        k = max(1, min(int(k or self.settings.compare_k), 10))
        topics = split_topics([topic]) or [topic.strip()]
        results = [compare(self.engine, x, chosen, k) for x in topics]
        return results[0] if len(results) == 1 else Comparison(results)

    def _export_folder(self) -> Path:
        folder = self.export_dir / uuid.uuid4().hex[:12]
        folder.mkdir(parents=True)
        return folder

    def export_compare(self, result, lang: str = "en") -> tuple[str, str, str]:
        """Markdown, CSV (one row per document) and Word files of a comparison, labelled in ``lang``."""
        from ..exports import comparison as cx

        return (self.write_export("puente-compare.md", cx.compare_markdown(result, self.links(), lang)),
                self.write_export("puente-compare.csv", cx.compare_csv(result, lang)),
                str(cx.compare_docx(result, self._export_folder() / "puente-compare.docx", lang)))

    # ------------------------------------------------------------ follow-through
    def track_choices(self) -> list[tuple[str, str]]:
        """The documents that have commitments, recommendations or actions to follow."""
        from puente.index.track import TRACKED_KINDS

        have = {r.doc for r in self.engine.index.records if r.kind in TRACKED_KINDS}
        return [(label, name) for label, name in self.doc_choices() if name in have]

    def track(self, doc: str, others: list[str] | None = None, k: int | None = None):
        """What the other documents report on each item of ``doc`` (``index.track``)."""
        from puente.index.track import track

        known = self.engine.index.docs
        return track(self.engine, doc, [d for d in others or [] if d in known and d != doc] or None,
                     max(1, min(int(k or self.settings.track_k), 5)))

    def export_track(self, result, lang: str = "en") -> tuple[str, str, str]:
        """Markdown, CSV and Word files of a follow-through, labelled in ``lang``."""
        from ..exports import comparison as cx

        return (self.write_export("puente-track.md", cx.track_markdown(result, self.links(), lang)),
                self.write_export("puente-track.csv", cx.track_csv(result, lang)),
                str(cx.track_docx(result, self._export_folder() / "puente-track.docx", lang)))

    # ------------------------------------------------------------ records
    def records(self, kind: str | None = None, doc: str | None = None, status: str | None = None,
                topic: str = "") -> tuple[list, dict]:
        """Records matching the filters; with a ``topic``, only those that address it, best
        first, and ``{id(record): score}``."""
        rows = filter_records(self.engine.index.records, kind or None, doc or None, status or None)
        if not (topic or "").strip() or not rows:
            return rows, {}
        from puente.index.compare import records_on_topic

        ranked = records_on_topic(self.engine, topic, rows)
        return [r for r, _ in ranked], {id(r): sc for r, sc in ranked}

    # ------------------------------------------------------------ library
    def library_dir(self) -> Path:
        """Where uploaded files are kept: beside the index versions, one folder per content."""
        return Path(self.engine.index_dir) / "library"

    def store_upload(self, path: str | Path) -> Path:
        """Copy an uploaded file to ``library/<content hash>/<name>`` (the source the index
        records for it) and remove the upload itself."""
        src = Path(path)
        digest = hashlib.sha256(src.read_bytes()).hexdigest()[:16]
        dest = self.library_dir() / digest / src.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
        src.unlink(missing_ok=True)
        return dest

    def add_files(self, paths: list[str], progress=None, replace: bool = False,
                  lang: str = "en") -> tuple[list[str], dict | None]:
        """Ingest uploaded files; returns (one-line errors in the page's terms, see
        :func:`upload_message`; summary or None). Never raises. Files that are refused are
        deleted; accepted ones stay in :meth:`library_dir`."""
        from puente.common.settings import ChunkerSettings
        from puente.index.update import ingest

        errors, stored = [], []
        for p in paths or []:
            try:
                stored.append(self.store_upload(p))
            except OSError as exc:
                errors.append(f"{Path(p).name}: " + t("up_unread", lang, why=exc.strerror or exc))
        if not stored:
            return errors, None
        before = {d: info.source for d, info in self.engine.index.docs.items()}
        chunker = ChunkerSettings.from_dict(self.engine.index.meta.get("chunker")) if self.engine.index.meta.get("chunker") \
            else self.settings.chunker
        try:
            report = ingest(stored, self.engine.index_dir, self.engine.encoder, chunker,
                            max_bytes=self.settings.max_bytes, progress=progress, replace=replace,
                            ocr=self.settings.ocr, password=self.settings.pdf_password)
        except PuenteError as exc:
            report, errors = None, errors + [upload_message(str(exc), lang)]
        except Exception as exc:  # noqa: BLE001 - the app must survive any ingest failure
            report = None
            errors.append(f"{', '.join(p.name for p in stored)}: unexpected {type(exc).__name__}: {exc}; check the files")
        kept = set(report.added + report.updated + report.unchanged) if report else set()
        for p in stored:
            if p.stem not in kept or (report and any(str(p) in e for e in report.errors)):
                p.unlink(missing_ok=True)
                if not any(p.parent.iterdir()):
                    p.parent.rmdir()
        if report is None:
            return errors, None
        for d in report.updated:  # a replaced upload's old file is no longer a source
            old = Path(before.get(d) or "")
            if old.parent.parent == self.library_dir() and old.is_file() and str(old) not in {str(p) for p in stored}:
                old.unlink()
                if not any(old.parent.iterdir()):
                    old.parent.rmdir()
        errors += [upload_message(e, lang) for e in report.errors]
        self.engine.refresh()
        return errors, {"added": report.added, "updated": report.updated, "unchanged": report.unchanged,
                        "n_chunks": report.n_chunks}
