"""``python -m bench --peers``: Puente against the simplest pipeline and LlamaIndex's
defaults on the same corpus and model, each action of each system in its own process:
ingest seconds, warm query ms (p50 over the dev questions), cold first result (a new process:
load, first question, first printed line), peak RSS, index bytes per chunk, dev R@5; printed
as ratios Puente/peer, with the load average beside every timing."""
from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

from bench.common import run_worker
from bench.corpus import scaled_corpus
from bench.machine import load_avg, machine_info
from bench.run import model_path, say, workdir
from bench.speed.startup import PUENTE_CMD, first_line

LABELS = {"puente": "Puente", "simple": "simplest pipeline", "llamaindex": "LlamaIndex defaults"}
RATIO_KEYS = (("ingest_s", "ingest"), ("warm_p50_ms", "warm query p50"), ("cold_s", "cold first result"),
              ("ingest_rss_mb", "peak RSS (ingest)"), ("query_rss_mb", "peak RSS (query)"),
              ("bytes_per_chunk", "index bytes/chunk"))
TARGET_INGEST_RATIO = 1.5    # Puente ingest <= 1.5 x the simplest pipeline's
TARGET_WARM_EXTRA_MS = 100.0  # Puente warm query p50 <= the simplest pipeline's + 100 ms


def measure(system: str, corpus: str, index: str, model: str, args, score: bool, site: str | None) -> dict:
    """Ingest, warm queries and a cold first result of one system on one corpus."""
    base = {"system": system, "model": model, "index": index}
    extra = site if system == "llamaindex" else None
    ing = run_worker(["peer", json.dumps(base | {"action": "ingest", "corpus": corpus})], pythonpath_extra=extra)
    warm = run_worker(["peer", json.dumps(base | {"action": "warm", "gold": args.gold, "score": score})],
                      pythonpath_extra=extra)
    env = dict(os.environ, HF_HUB_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
    if system == "puente":
        cmd = PUENTE_CMD + ["search", args.question, "--k", "5"]
        env |= {"PUENTE_INDEX": index, "PUENTE_MODEL": model}
    else:
        cmd = [sys.executable, "-m", "bench", "--worker", "peer", json.dumps(base | {"action": "cold", "question": args.question})]
        if extra:
            env["PYTHONPATH"] = os.pathsep.join(p for p in (env.get("PYTHONPATH"), extra) if p)
    load0 = load_avg()
    cold = first_line(cmd, env)
    if not cold["ok"]:
        raise RuntimeError(f"{system} cold query failed: {cold['error']}")
    return {"chunks": ing["chunks"], "chunk_chars": ing["chunk_chars"], "windows": ing.get("windows"),
            "ingest_s": ing["ingest_s"], "ingest_load": ing["load"], "ingest_rss_mb": ing["peak_rss_mb"],
            "model_load_s": ing["model_load_s"], "bytes_per_chunk": ing["bytes_per_chunk"],
            "index_mb": round(ing["index_bytes"] / 2**20, 1),
            "warm_p50_ms": warm["warm_p50_ms"], "warm_p95_ms": warm["warm_p95_ms"], "queries": warm["queries"],
            "passages_p50_ms": warm.get("passages_p50_ms"), "warm_load": warm["load"],
            "query_rss_mb": max(warm["peak_rss_mb"], cold["peak_rss_mb"]),
            "cold_s": cold["first_s"], "cold_load": [load0, load_avg()],
            "R@5": warm.get("R@5"), "cross_R@5": warm.get("cross_R@5"), "MRR@10": warm.get("MRR@10")}


def run(args) -> dict:
    """Every system on corpus/ and on the scaled corpus; returns the results dict."""
    from bench.peers.llamaindex import DEPARTURES, ensure_installed

    model, work = model_path(args), workdir(args)
    res: dict = {"machine": machine_info(), "date": time.strftime("%Y-%m-%d %H:%M %Z"),
                 "command": "python -m bench " + " ".join(args.argv), "systems": list(args.peer_systems),
                 "corpora": {}, "skipped": {}, "notes": []}
    site = None
    if "llamaindex" in args.peer_systems:
        say("LlamaIndex: install for the run (not into the venv)")
        site, why = ensure_installed(args.llamaindex_site)
        if site:
            res["notes"].append("LlamaIndex (llama-index-core, llama-index-embeddings-huggingface) ran offline from "
                                f"its own folder on the workers' PYTHONPATH; departures from its defaults: {'; '.join(DEPARTURES)}.")
        else:
            res["skipped"]["llamaindex"] = why
            print(f"skipped LlamaIndex: {why}", file=sys.stderr)
    systems = [s for s in args.peer_systems if s not in res["skipped"]]
    corpora = [("corpus/", str(Path(args.corpus).resolve()), True)]
    if args.pages:
        info = scaled_corpus(work / "scaled", args.pages)
        corpora.append((f"scaled ({info['pages']} pages)", str(work / "scaled"), False))
        res["scaled"] = {"pages": info["pages"], "docs": info["docs"]}
    for name, folder, score in corpora:
        res["corpora"][name] = {}
        for system in systems:
            say(f"{system} on {name}")
            index = work / f"{system}-{len(res['corpora'])}"
            res["corpora"][name][system] = measure(system, folder, str(index), model, args, score, site)
            shutil.rmtree(index, ignore_errors=True)
    if not args.keep:
        shutil.rmtree(work / "scaled", ignore_errors=True)
    res["workdir"] = str(work)
    return res


def ratios(rows: dict) -> dict:
    """Puente's figure over each peer's, per measure (None when either is missing)."""
    p = rows.get("puente") or {}
    return {peer: {k: (round(p[k] / r[k], 2) if p.get(k) and r.get(k) else None) for k, _ in RATIO_KEYS}
            for peer, r in rows.items() if peer != "puente"}


def targets(rows: dict) -> list[dict]:
    """The issue's targets against the simplest pipeline, measured in the same run."""
    p, s = rows.get("puente"), rows.get("simple")
    if not (p and s):
        return []
    return [{"target": f"Puente ingest ≤ {TARGET_INGEST_RATIO} × simplest pipeline", "measured": f"{p['ingest_s'] / s['ingest_s']:.2f}×",
             "met": p["ingest_s"] <= TARGET_INGEST_RATIO * s["ingest_s"]},
            {"target": f"Puente warm query p50 ≤ simplest + {TARGET_WARM_EXTRA_MS:.0f} ms "
                       f"({s['warm_p50_ms'] + TARGET_WARM_EXTRA_MS:.1f} ms)",
             "measured": f"{p['warm_p50_ms']} ms", "met": p["warm_p50_ms"] <= s["warm_p50_ms"] + TARGET_WARM_EXTRA_MS}]


def _load(pair) -> str:
    return "/".join(str(x) for x in pair)


def _v(x) -> str:
    return "—" if x is None else str(x)


def rows_md(res: dict) -> list[str]:
    """The side-by-side, ratio and target tables (Markdown)."""
    L = ["| corpus | system | chunks | chars/chunk | ingest s (load) | warm query p50 / p95 ms (load) | cold first result s (load) "
         "| peak RSS MB ingest / query | index bytes/chunk | dev R@5 | cross-language R@5 |", "|" + "---|" * 11]
    for corpus, rows in res["corpora"].items():
        for system, r in rows.items():
            L.append(f"| {corpus} | {LABELS[system]} | {r['chunks']:,} | {r['chunk_chars']} | {r['ingest_s']} ({_load(r['ingest_load'])}) "
                     f"| {r['warm_p50_ms']} / {r['warm_p95_ms']} ({_load(r['warm_load'])}) | {r['cold_s']} ({_load(r['cold_load'])}) "
                     f"| {r['ingest_rss_mb']:.0f} / {r['query_rss_mb']:.0f} | {r['bytes_per_chunk']:,} | {_v(r['R@5'])} "
                     f"| {_v(r['cross_R@5'])} |")
    L += ["", "Ratios Puente / peer (below 1: Puente smaller or faster):", "",
          "| corpus | peer | " + " | ".join(label for _, label in RATIO_KEYS) + " |", "|" + "---|" * (2 + len(RATIO_KEYS))]
    for corpus, rows in res["corpora"].items():
        for peer, rt in ratios(rows).items():
            L.append(f"| {corpus} | {LABELS[peer]} | " + " | ".join(f"{_v(rt[k])}×" if rt[k] else "—" for k, _ in RATIO_KEYS) + " |")
    tg = [(corpus, t) for corpus, rows in res["corpora"].items() for t in targets(rows)]
    if tg:
        L += ["", "| target | corpus | measured | |", "|---|---|---|---|"]
        L += [f"| {t['target']} | {corpus} | {t['measured']} | {'met' if t['met'] else '**missed**'} |" for corpus, t in tg]
    return L


def markdown(res: dict, heading: str) -> str:
    """The ``## heading`` section of docs/benchmarks.md."""
    m = res["machine"]
    L = [f"## {heading}", "",
         f"Generated by `{res['command']}` on {res['date']} ({m['cores']} cores, {m['cpu']}). Same PDFs and the same model "
         "(models/multilingual-e5-small) for every system; each ingest, warm-query and cold run is its own process. "
         "*Simplest pipeline*: pypdf text, 1000-character recursive split (paragraphs, lines, sentences, words; no overlap), "
         "e5 `passage: ` embeddings, FAISS `IndexFlatIP` (bench/peers/simple_pipeline.py). *Puente*: `puente ingest`'s pipeline; "
         "queries are `Engine.ask` as `puente search` runs it (passages and the answer sentence; `passages_p50_ms` in the JSON "
         "is without the answer); cold is `puente search` itself. Warm query: p50/p95 over the dev questions after 3 untimed; "
         "cold: process start to the first printed result; ingest excludes the model load (the same for all). "
         "Dev R@5 scores each system's top 5 with `puente eval`'s `covers` rule (corpus/ only: the scaled copies are other "
         "documents). Each timing carries the 1-minute load average before/after it (2 cores, shared with other developers).", ""]
    L += rows_md(res)
    for system, why in res.get("skipped", {}).items():
        L += ["", f"{LABELS[system]} skipped: {why}"]
    L += [""] + [f"{n}" for n in res.get("notes", [])]
    L += ["", "```json", json.dumps(summary(res), ensure_ascii=False), "```"]
    return "\n".join(L) + "\n"


def table(res: dict) -> str:
    """The table printed on stdout."""
    lines = rows_md(res)
    for system, why in res.get("skipped", {}).items():
        lines.append(f"{LABELS[system]} skipped: {why}")
    return "\n".join(lines)


def summary(res: dict) -> dict:
    """The last JSON line: each system's figures per corpus, the ratios and the targets."""
    keys = ("chunks", "ingest_s", "warm_p50_ms", "cold_s", "ingest_rss_mb", "query_rss_mb", "bytes_per_chunk", "R@5")
    return {"peers": {c: {s: {k: r.get(k) for k in keys} for s, r in rows.items()} for c, rows in res["corpora"].items()},
            "ratios": {c: ratios(rows) for c, rows in res["corpora"].items()},
            "targets_met": {c: [t["met"] for t in targets(rows)] for c, rows in res["corpora"].items()},
            "skipped": res.get("skipped", {})}
