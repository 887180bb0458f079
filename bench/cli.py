"""Performance benchmark: ingest against the model's own limit, search latency by index
size, the app's time to first results, start-up; optionally faster embedding options; with
``--peers``, Puente against the simplest pipeline and LlamaIndex on the same corpus and model.

    python -m bench                          # corpus/ + a scaled corpus of ~2,000 pages
    python -m bench --pages 200 --out docs/benchmarks.md
    python -m bench --quick                  # small sizes, for a smoke run
    python -m bench --embed-options          # also measure threads/batch/ONNX options
    python -m bench --peers                  # corpus/ + 1,000 scaled pages: Puente vs peers

Prints a table, writes ``docs/benchmarks.md`` and ends with ONE JSON line. Heavy parts run
in child processes (``python -m bench --worker ...``) so each one's peak RSS is its own.
Other developers may share the CPU: every figure is printed with the 1-minute load average.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bench.common import DEV, ROOT
from bench.report import get_section, print_table, put_section, render_markdown, summary_line

PEERS_HEADING = "Against peers"
PEER_SYSTEMS = ("puente", "simple", "llamaindex")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    p.add_argument("--pages", type=int, help="pages in the scaled corpus (0: skip it; default 2000, 1000 with --peers)")
    p.add_argument("--sizes", default="1000,10000,100000", help="search index sizes in chunks (comma-separated)")
    p.add_argument("--questions", type=int, default=200, help="questions for the search latency")
    p.add_argument("--ef", default="32,64,128,256", help="HNSW efSearch values for the recall sweep")
    p.add_argument("--nprobe", default="32,64,96,128,192,256", help="IVF nprobe values for the recall sweep")
    p.add_argument("--faiss", default="auto", choices=("auto", "flat", "ivf", "hnsw"),
                   help="FAISS type of the synthetic search indexes (auto: as `make_faiss` picks it by size)")
    p.add_argument("--sections", default="ingest,search,app,cold", help="which parts to run")
    p.add_argument("--embed-options", action="store_true", help="also time threads / batch size / ONNX variants")
    p.add_argument("--variants", default="threads=1,batch=8,batch=16,batch=64,unsorted,onnx,onnx-int8")
    p.add_argument("--quick", action="store_true", help="small sizes: 108 pages, 1k/10k chunks, 50 questions")
    p.add_argument("--corpus", default=str(ROOT / "corpus"), help="the corpus folder to ingest")
    p.add_argument("--index", help="an existing index for the app/cold sections when ingest is not run")
    p.add_argument("--model", help="model folder (default models/multilingual-e5-small or PUENTE_MODEL)")
    p.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--question", default="What does the evaluation recommend about the asylum system?")
    p.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"), help="Markdown report ('' to skip)")
    p.add_argument("--json-out", help="also write every figure as JSON here")
    p.add_argument("--workdir", help="scratch folder (default: a new temp folder)")
    p.add_argument("--keep", action="store_true", help="keep the generated scaled corpus")
    p.add_argument("--notes-file", help="Markdown appended to the report (findings, changes made)")
    p.add_argument("--merge", help="a --json-out file of an earlier run: its sections and search sizes this run "
                                   "did not measure are added (and marked as such)")
    g = p.add_argument_group("peers (--peers: only this comparison runs; its section of --out is replaced)")
    g.add_argument("--peers", action="store_true", help="Puente vs the simplest pipeline and LlamaIndex's defaults")
    g.add_argument("--peer-systems", default=",".join(PEER_SYSTEMS), help="systems to run (default: all three)")
    g.add_argument("--gold", default=str(DEV), help="dev questions with evidence, for warm query times and R@5")
    g.add_argument("--llamaindex-site", help="folder LlamaIndex is installed into for the run "
                                             "(default ~/.cache/puente-bench/llamaindex; never the venv)")
    return p


def parse(argv: list[str]) -> argparse.Namespace:
    args = build_parser().parse_args(argv)
    args.argv = argv
    if args.pages is None:
        args.pages = 1000 if args.peers else 2000
    if args.quick:
        args.pages = min(args.pages, 108)
        args.sizes = "1000,10000"
        args.questions = min(args.questions, 50)
    args.sizes = [int(x) for x in str(args.sizes).split(",") if x]
    args.ef = [int(x) for x in str(args.ef).split(",") if x]
    args.nprobe = [int(x) for x in str(args.nprobe).split(",") if x]
    args.sections = {x.strip() for x in args.sections.split(",") if x.strip()}
    args.variants = [x for x in args.variants.split(",") if x]
    args.peer_systems = [x.strip() for x in args.peer_systems.split(",") if x.strip()]
    return args


def write_report(path: str, markdown: str, keep: tuple[str, ...] = (), replace: tuple[str, ...] = ()) -> None:
    """Write ``markdown`` to ``path``, keeping the file's ``keep`` sections; with ``replace``,
    only those sections of ``markdown`` go into the file, the rest of it stays."""
    out = Path(path)
    old = out.read_text("utf-8") if out.exists() else ""
    if replace:
        text = old
        for heading in replace:
            text = put_section(text, heading, get_section(markdown, heading) or "")
    else:
        text = markdown
        for heading in keep:
            kept = get_section(old, heading)
            text = put_section(text, heading, kept) if kept else text
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, "utf-8")
    print(f"wrote {out}")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--worker"]:
        from bench.workers import worker_main

        return worker_main(argv[1:])
    args = parse(argv)
    unknown = [s for s in args.peer_systems if s not in PEER_SYSTEMS]
    if unknown:
        print(f"error: --peer-systems: {unknown[0]!r} is none of {', '.join(PEER_SYSTEMS)}", file=sys.stderr)
        return 2
    if not Path(args.corpus).is_dir():
        print(f"error: {args.corpus}: no such folder; pass --corpus with the reports folder", file=sys.stderr)
        return 2
    if args.peers:
        from bench.peers import against

        res = against.run(args)
        if args.notes_file:
            res["notes"].append(Path(args.notes_file).read_text("utf-8").strip())
        print(against.table(res))
        if args.out:
            write_report(args.out, against.markdown(res, PEERS_HEADING), replace=(PEERS_HEADING,))
        if args.json_out:
            Path(args.json_out).write_text(json.dumps(res, ensure_ascii=False, indent=1), "utf-8")
        print(json.dumps(against.summary(res), ensure_ascii=False))
        return 0
    from bench.run import merge_results, run

    res = run(args)
    if args.merge:
        merge_results(res, json.loads(Path(args.merge).read_text("utf-8")), args.merge)
    if args.notes_file:
        res["notes"].append(Path(args.notes_file).read_text("utf-8").strip())
    print_table(res)
    if args.out:
        write_report(args.out, render_markdown(res), keep=(PEERS_HEADING,))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(res, ensure_ascii=False, indent=1), "utf-8")
    print(json.dumps(summary_line(res), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
