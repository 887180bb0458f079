"""One Settings object, the single source of every user-facing default: each field has a
one-line description (shown by ``puente --help`` and the README), can be set by a
``PUENTE_<FIELD>`` environment variable, and, where a command has the flag, by the flag
(the flag wins)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from .errors import SettingError

ROOT = Path(__file__).resolve().parent.parent
_BOOLS = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False, "no": False, "off": False}


def _setting(default, help: str, secret: bool = False):
    return field(default=default, metadata={"help": help}, repr=not secret)


@dataclass(frozen=True)
class Settings:
    index: str = _setting(".puente", "index the commands read and write: a folder (FAISS), milvus://PATH.db "
                          "(embedded Milvus Lite) or http(s)://HOST:PORT (a Milvus server)")
    milvus_collection: str = _setting("puente", "name prefix of a Milvus index's collections (NAME_windows, "
                                      "NAME_files); a URI's ?collection=NAME wins")
    milvus_token: str = _setting("", "token for a Milvus server (user:password or an API key)")
    milvus_index: str = _setting("HNSW", "vector index of a new Milvus windows collection: HNSW (vectors and graph in "
                                 "query-node memory), IVF_SQ8 (8-bit codes: a quarter of the memory) or DISKANN (on the "
                                 "query node's disk, PQ codes in memory); a collection keeps the index it was made with")
    milvus_wait_seconds: float = _setting(120.0, "how long a write to a Milvus server waits for another writer "
                                          "(any machine) to finish before it stops with the holder's name")
    milvus_lease_seconds: float = _setting(60.0, "a Milvus writer renews its lease every third of this; one that "
                                           "stopped renewing (killed) is taken over after it")
    milvus_grace_seconds: float = _setting(600.0, "a Milvus write's cleanup keeps versions younger than this "
                                           "(besides the current and previous ones) and their windows")
    model: str = _setting(str(ROOT / "models" / "multilingual-e5-small"),
                          "sentence-transformers model folder (built by `puente model build`)")
    corpus: str = _setting(str(ROOT / "corpus"), "folder `puente serve` indexes when there is no index yet")
    k: int = _setting(10, "passages returned per question")
    brief_k: int = _setting(5, "passages quoted per question in a briefing (`puente brief`, the app's Word briefing)")
    compare_k: int = _setting(3, "passages per document at most in a comparison (`puente compare`, the app's Compare)")
    track_k: int = _setting(2, "passages per item and document at most in a follow-through (`puente track`, the app's view)")
    ui_lang: str = _setting("", "language of the labels of briefings and exports, en or es, whatever the passages' "
                            "language (empty: a briefing and a follow-through in English, an answer and a comparison in "
                            "its question's or topic's language)")
    max_words: int = _setting(200, "largest passage, in words")
    min_words: int = _setting(60, "smallest passage the chunker aims for, in words")
    overlap_words: int = _setting(30, "words of the previous passage repeated at the start of the next")
    max_file_mb: float = _setting(50.0, "files above this size (MB) are refused")
    max_question_chars: int = _setting(1000, "longest question or topic accepted, in characters")
    ray_workers: int = _setting(2, "Ray actors that embed (and tasks that read files) in `puente ingest --ray`")
    threads: int = _setting(0, "torch threads for encoding (0: torch's default)")
    host: str = _setting("127.0.0.1", "interface `puente serve` listens on")
    port: int = _setting(7860, "port `puente serve` listens on")
    ocr: bool = _setting(False, "read PDF pages without a text layer (scans) with Tesseract, English and Spanish "
                         "(`puente ingest --ocr`; needs Debian's tesseract-ocr, tesseract-ocr-eng, tesseract-ocr-spa)")
    pdf_password: str = _setting("", "password that opens encrypted PDFs in `puente ingest` (--password)", secret=True)
    concurrency: int = _setting(2, "questions (and comparisons) the app answers at once; the rest wait in its queue "
                                "(answering is CPU-bound: more than the machine's cores only adds waiting)")
    auth: str = _setting("", "user:password the app asks for (Gradio's login page; the page-view and file links "
                         "too); needed to serve on a --host other than loopback, unless --no-auth", secret=True)

    @classmethod
    def from_env(cls, env: dict | None = None) -> "Settings":
        """Defaults overridden by ``PUENTE_<FIELD>`` variables (e.g. ``PUENTE_INDEX``)."""
        env = os.environ if env is None else env
        kw = {}
        for f in fields(cls):
            name = f"PUENTE_{f.name.upper()}"
            raw = env.get(name)
            if raw is None or raw == "":
                continue
            typ = type(f.default)
            if typ is bool:
                if raw.strip().lower() not in _BOOLS:
                    raise SettingError(name, f"{raw!r} is not a yes/no value", f"set {name} to 1 or 0 (true/false) or unset it")
                kw[f.name] = _BOOLS[raw.strip().lower()]
                continue
            try:
                kw[f.name] = typ(raw)
            except ValueError as exc:
                kind = {int: "a whole number", float: "a number"}.get(typ, f"a {typ.__name__}")
                raise SettingError(name, f"{raw!r} is not {kind}", f"set {name} to {kind} or unset it") from exc
        return cls(**kw)

    def override(self, **kw) -> "Settings":
        """Copy with the given (non-None) values, e.g. from CLI flags."""
        return replace(self, **{k: v for k, v in kw.items() if v is not None})

    def login(self) -> tuple[str, str] | None:
        """``(user, password)`` from ``auth``, or ``None`` when it is empty."""
        if not self.auth:
            return None
        user, sep, password = self.auth.partition(":")
        if not sep or not user.strip() or not password:
            raise SettingError("PUENTE_AUTH", "not of the form user:password",
                               "set PUENTE_AUTH=user:password (a non-empty user and password)")
        return user.strip(), password

    @property
    def loopback(self) -> bool:
        """Whether ``host`` is this machine only (127.0.0.0/8, ::1, localhost)."""
        import ipaddress

        host = self.host.strip().strip("[]")
        if host.lower() == "localhost":
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False

    @property
    def max_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    @property
    def chunker(self) -> "ChunkerSettings":
        return ChunkerSettings(self.max_words, self.min_words, self.overlap_words)

    @classmethod
    def describe(cls) -> list[tuple[str, str, object]]:
        """``(PUENTE_NAME, description, default)`` for every field."""
        return [(f"PUENTE_{f.name.upper()}", f.metadata["help"], f.default) for f in fields(cls)]


@dataclass(frozen=True)
class ChunkerSettings:
    """How documents are cut into passages; stored in the index's meta.json so an index is
    updated with the settings it was built with."""

    max_words: int = Settings.max_words
    min_words: int = Settings.min_words
    overlap_words: int = Settings.overlap_words

    def as_dict(self) -> dict:
        return {"max_words": self.max_words, "min_words": self.min_words, "overlap_words": self.overlap_words}

    @classmethod
    def from_dict(cls, d: dict) -> "ChunkerSettings":
        return cls(**{k: int(v) for k, v in (d or {}).items() if k in cls.__dataclass_fields__})
