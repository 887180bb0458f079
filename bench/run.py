"""The sections of ``python -m bench`` in turn (ingest, search, app, cold start, embedding
options), each heavy part in its own child process, and the merging of an earlier run."""
from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.common import DEFAULT_MODEL, run_worker
from bench.corpus import scaled_corpus
from bench.machine import load_avg, machine_info
from bench.speed.search_timing import bench_questions, encode_questions
from bench.speed.startup import app_first_result, cold_start


def say(msg: str) -> None:
    """A progress line on stderr with the time and the load average."""
    print(f"[{time.strftime('%H:%M:%S')} load {load_avg()}] {msg}", file=sys.stderr, flush=True)


def model_path(args) -> str:
    """The model folder: ``--model``, else PUENTE_MODEL, else models/multilingual-e5-small."""
    return str(args.model or os.environ.get("PUENTE_MODEL") or DEFAULT_MODEL)


def workdir(args) -> Path:
    """The scratch folder: ``--workdir``, else a new temporary one."""
    work = Path(args.workdir or tempfile.mkdtemp(prefix="puente-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    return work


def run(args) -> dict:
    """Every section in turn; returns the results dict."""
    model = model_path(args)
    work = workdir(args)
    res: dict = {"machine": machine_info(), "date": time.strftime("%Y-%m-%d %H:%M %Z"),
                 "command": "python -m bench " + " ".join(args.argv), "pages_asked": args.pages, "ingest": {},
                 "notes": []}
    corpus_dir = Path(args.corpus)
    corpus_index = work / "corpus-index"
    common = [model, str(args.threads), str(args.batch_size)]
    if "ingest" in args.sections:
        say(f"ingest {corpus_dir}")
        res["ingest"]["corpus"] = run_worker(["ingest", str(corpus_index), *common, str(corpus_dir)])
        if args.pages:
            say(f"scaled corpus: {args.pages} pages")
            info = scaled_corpus(work / "scaled", args.pages)
            say(f"ingest scaled corpus ({info['docs']} PDFs, {info['pages']} pages)")
            res["ingest"]["scaled"] = run_worker(["ingest", str(work / "scaled-index"), *common, str(work / "scaled")])
            shutil.rmtree(work / "scaled-index", ignore_errors=True)
    elif not (corpus_index / "CURRENT").exists():
        corpus_index = Path(args.index or ".puente")
    if "search" in args.sections:
        questions = bench_questions(args.questions)
        qfile, qtext = work / "questions.npy", work / "questions.json"
        qtext.write_text(json.dumps(questions, ensure_ascii=False), "utf-8")
        say("question encode")
        res["encode_query"] = encode_questions(model, questions, qfile)
        res["search"] = []
        for n in args.sizes:
            say(f"search at {n:,} chunks")
            res["search"].append(run_worker(["search", str(n), str(corpus_index), str(qfile), str(qtext),
                                              ",".join(str(e) for e in args.ef), ",".join(str(e) for e in args.nprobe),
                                              args.faiss]))
    if "app" in args.sections:
        say("app first result")
        try:
            res["app"] = app_first_result(str(corpus_index), model, args.question, "¿Qué recomienda la evaluación?")
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - reported in the table
            res["notes"].append(f"App measurement failed: {exc}")
    if "cold" in args.sections:
        say("cold start")
        res["cold"] = cold_start(str(corpus_index), model, args.question)
    if args.embed_options:
        texts = work / "unit_texts.json"
        from puente.index.encode.windows import window_rows, window_texts
        from puente.index.store import stores as store

        corpus = store.load(corpus_index)
        embedded = window_texts(corpus.chunks, window_rows(corpus.chunks), corpus.docs)
        texts.write_text(json.dumps(embedded, ensure_ascii=False), "utf-8")
        say("embedding options")
        res["embed_options"] = run_worker(["embed", str(texts), model, str(work / "onnx"), ",".join(args.variants)])
    if not args.keep:
        shutil.rmtree(work / "scaled", ignore_errors=True)
    res["workdir"] = str(work)
    return res


def merge_results(res: dict, earlier: dict, source: str) -> None:
    """Add to ``res`` what it lacks from an ``earlier`` run: ingest corpora, search sizes,
    sections; each addition is named in the notes."""
    added = []
    for name, r in (earlier.get("ingest") or {}).items():
        if r and not res["ingest"].get(name):
            res["ingest"][name] = r
            added.append(f"ingest {name}")
    have = {r["chunks"] for r in res.get("search", [])}
    extra = [r for r in earlier.get("search", []) if r["chunks"] not in have]
    if extra:
        res["search"] = sorted(res.get("search", []) + extra, key=lambda r: r["chunks"])
        added += [f"search at {r['chunks']:,} chunks" for r in extra]
    for key in ("encode_query", "app", "cold", "embed_options", "embed_eval"):
        if earlier.get(key) and not res.get(key):
            res[key] = earlier[key]
            added.append(key.replace("_", " "))
    res["notes"] += [n for n in earlier.get("notes", []) if n.startswith("From an earlier run")]
    if added:
        res["notes"].append(f"From an earlier run ({earlier.get('date', '?')}, `{earlier.get('command', source)}`), "
                            f"not re-measured here: {', '.join(added)}.")

