"""Helpers every benchmark module shares: paths, the percentile, a free port, the JSONL
reader, the dev questions and the child-process runner (``python -m bench --worker ...``)."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PAGES_JSONL = SHARED / "corpus" / "pdf" / "pages.jsonl"
DEV = SHARED / "eval" / "dev.jsonl"
DEFAULT_MODEL = ROOT / "models" / "multilingual-e5-small"
FALLBACK_QUESTIONS = [
    "What are the recommendations on the asylum system?",
    "¿Qué recomienda la evaluación sobre la coordinación de la Red?",
    "How many people were registered as refugees in 2023?",
    "¿Cuáles son los compromisos de México en protección?",
]


def print_json(out: dict, path: str | Path | None = None) -> None:
    """Print a bench's figures as JSON and, with ``path``, write the same text there."""
    text = json.dumps(out, indent=1)
    print(text)
    if path:
        Path(path).write_text(text)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (``p`` in 0..100); NaN for no values."""
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * (len(s) - 1))))]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def read_jsonl(path: str | Path) -> list[dict]:
    """The objects of a JSON-lines file, split at ``\\n`` only as the product reads its own."""
    from puente.common.text import read_jsonl as lines

    return [json.loads(line) for _, line in lines(path)]


def gold_questions(path: str | Path = DEV) -> list[str]:
    """The questions of a gold JSONL file (``{"question": ...}`` per line), else a few built-in ones."""
    path = Path(path)
    qs = [row["question"] for row in read_jsonl(path)] if path.exists() else []
    return qs or list(FALLBACK_QUESTIONS)


def run_worker(args: list[str], timeout: float = 7200, pythonpath_extra: str | None = None) -> dict:
    """Run ``python -m bench --worker ...`` in a child process (its peak RSS is its own);
    its last stdout line is JSON. ``pythonpath_extra`` is appended to the child's PYTHONPATH."""
    env = dict(os.environ, HF_HUB_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
    if pythonpath_extra:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (env.get("PYTHONPATH"), pythonpath_extra) if p)
    proc = subprocess.run([sys.executable, "-m", "bench", "--worker", *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"worker {args[0]} failed ({proc.returncode}): {proc.stderr.strip()[-1500:]}")
    sys.stderr.write(proc.stderr[-2000:] if os.environ.get("PUENTE_BENCH_VERBOSE") else "")
    return json.loads(proc.stdout.strip().splitlines()[-1])
