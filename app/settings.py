"""One Settings object: defaults, overridden by ``PUENTE_*`` environment variables,
then by CLI flags."""
from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    index: str = ".puente"
    model: str = str(ROOT / "models" / "multilingual-e5-small")
    corpus: str = str(ROOT / "corpus")
    k: int = 10
    max_words: int = 200
    min_words: int = 60
    overlap_words: int = 30
    max_file_mb: float = 50.0
    max_question_chars: int = 1000
    threads: int = 0  # 0: torch's default
    host: str = "127.0.0.1"
    port: int = 7860

    @classmethod
    def from_env(cls, env: dict | None = None) -> "Settings":
        """Defaults overridden by ``PUENTE_<FIELD>`` variables (e.g. ``PUENTE_INDEX``)."""
        env = os.environ if env is None else env
        kw = {}
        for f in fields(cls):
            raw = env.get(f"PUENTE_{f.name.upper()}")
            if raw is None or raw == "":
                continue
            typ = type(getattr(cls, f.name)) if not isinstance(f.default, str) else str
            try:
                kw[f.name] = typ(raw)
            except ValueError as exc:
                raise ValueError(f"PUENTE_{f.name.upper()}={raw!r}: expected {typ.__name__}; fix the variable") from exc
        return cls(**kw)

    def override(self, **kw) -> "Settings":
        """Copy with the given (non-None) values, e.g. from CLI flags."""
        return replace(self, **{k: v for k, v in kw.items() if v is not None})

    @property
    def max_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)
