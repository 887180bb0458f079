"""Child-process entry: ``python -m bench --worker KIND ARGS...`` runs one measurement
and prints its figures as the last stdout line (JSON), so each has its own peak RSS."""
from __future__ import annotations

import json


def _ints(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x]


def worker_main(argv: list[str]) -> int:
    kind, rest = argv[0], argv[1:]
    if kind == "ingest":
        from bench.speed.ingest_timing import worker_ingest

        index_dir, model, threads, batch, *paths = rest
        out = worker_ingest(paths, index_dir, model, int(threads), int(batch))
    elif kind == "search":
        from bench.speed.search_timing import worker_search

        n, base, qfile, qtext, ef, nprobe, faiss_type = rest
        out = worker_search(int(n), base, qfile, qtext, _ints(ef), _ints(nprobe), faiss_type)
    elif kind == "eval":
        from bench.speed.embed_options import worker_eval_variant

        out = worker_eval_variant(*rest)
    elif kind == "embed":
        from bench.speed.embed_options import worker_embed_options

        texts, model, onnx_dir, variants = rest
        out = worker_embed_options(texts, model, onnx_dir, [v for v in variants.split(",") if v])
    elif kind == "peer":
        from bench.peers.systems import worker_peer

        out = worker_peer(json.loads(rest[0]))
    else:
        raise SystemExit(f"error: unknown worker {kind!r}")
    print(json.dumps(out, ensure_ascii=False))
    return 0
