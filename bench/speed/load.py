"""Load benchmark: N concurrent gradio_client clients × M questions against a local app.

Starts ``puente serve --port P`` on 127.0.0.1 as a subprocess (or uses ``--url``),
then every client asks its questions one after another through the app's ``/ask``
API endpoint, mixing in bad requests (an over-long question, an HTML-injection
question) that must be refused or escaped. Prints latency percentiles, throughput
and every error; exits non-zero when any request failed.

    python -m bench.speed.load                       # 20 clients x 50 questions
    python -m bench.speed.load --clients 4 --questions 10 --index .puente --json
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.common import DEV, ROOT, free_port, gold_questions, percentile

INJECTION = '<img src=x onerror="alert(1)"><script>alert(2)</script> asylum recommendations'


def start_server(index: str | None, model: str | None, port: int, log: Path, timeout: float) -> subprocess.Popen:
    """``puente serve`` on 127.0.0.1:port; returns once it answers HTTP."""
    env = dict(os.environ, HF_HUB_OFFLINE="1", GRADIO_ANALYTICS_ENABLED="False")
    if index:
        env["PUENTE_INDEX"] = index
    if model:
        env["PUENTE_MODEL"] = model
    cmd = [sys.executable, "-m", "puente.app.cli", "serve", "--port", str(port), "--host", "127.0.0.1"]
    proc = subprocess.Popen(cmd, stdout=log.open("w"), stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"error: the app exited ({proc.returncode}) before serving; see {log}:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    raise SystemExit(f"error: the app did not answer on {url} within {timeout:.0f}s; see {log}")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def check_response(kind: str, result) -> str | None:
    """Why a ``/ask`` response is wrong for a request of ``kind``, or ``None`` when it is right.

    Outputs: error html, generated-answer html, answer html, cards html, then exports (and
    the UI language).
    """
    if not isinstance(result, (tuple, list)) or len(result) < 4:
        return f"unexpected response shape: {type(result).__name__}"
    error_html, _, answer_html, cards_html = (str(x or "") for x in result[:4])
    html = error_html + answer_html + cards_html
    if kind == "too_long":
        return None if error_html and not cards_html else "an over-long question was not refused"
    if "<script>" in html or "<img src=x" in html:
        return "unescaped HTML from the question reached the page"
    if error_html:
        return f"error shown: {error_html[:200]}"
    if kind == "normal" and "pz-card" not in cards_html:
        return "no result cards"
    return None


def run_client(url: str, cid: int, questions: list[str], n: int, bad_every: int, max_chars: int,
               barrier: threading.Barrier) -> list[dict]:
    """One client: connect, wait for the others, then ask ``n`` questions in a row."""
    from gradio_client import Client

    out = []
    try:
        client = Client(url, verbose=False)
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        barrier.abort()
        return [{"client": cid, "kind": "connect", "ms": 0.0, "error": f"connect: {type(exc).__name__}: {exc}"}]
    try:
        barrier.wait(timeout=300)
    except threading.BrokenBarrierError:
        pass
    for i in range(n):
        q = questions[(cid * n + i) % len(questions)]
        kind = "normal"
        if bad_every and i % bad_every == bad_every - 1:
            kind = "too_long" if (i // bad_every) % 2 == 0 else "injection"
            q = ("x" * (max_chars + 10)) if kind == "too_long" else INJECTION
        t0 = time.perf_counter()
        first = None  # the handler streams: answer and cards first, then refined highlights
        try:
            job = client.submit(q, [], "any", 10, "en", api_name="/ask")
            while not job.done():
                if first is None and job.outputs():
                    first = time.perf_counter()
                time.sleep(0.02)
            result = job.result()
            err = check_response(kind, result)
        except Exception as exc:  # noqa: BLE001 - every failure is counted and shown
            err = f"{type(exc).__name__}: {exc}"
        end = time.perf_counter()
        out.append({"client": cid, "kind": kind, "ms": (end - t0) * 1e3,
                    "first_ms": ((first or end) - t0) * 1e3, "error": err})
    return out


def summarise(rows: list[dict], wall: float, clients: int) -> dict:
    ok = [r["ms"] for r in rows if not r["error"] and r["kind"] == "normal"]
    first = [r["first_ms"] for r in rows if not r["error"] and r["kind"] == "normal"]
    errors = [r for r in rows if r["error"]]
    return {
        "clients": clients,
        "requests": len(rows),
        "normal": sum(r["kind"] == "normal" for r in rows),
        "bad_requests": sum(r["kind"] in ("too_long", "injection") for r in rows),
        "errors": len(errors),
        "error_samples": sorted({r["error"] for r in errors})[:10],
        "wall_s": round(wall, 1),
        "throughput_qps": round(len(rows) / wall, 2) if wall else 0.0,
        "p50_ms": round(percentile(ok, 50), 1),
        "p95_ms": round(percentile(ok, 95), 1),
        "p99_ms": round(percentile(ok, 99), 1),
        "max_ms": round(max(ok), 1) if ok else float("nan"),
        "first_p50_ms": round(percentile(first, 50), 1),
        "first_p95_ms": round(percentile(first, 95), 1),
        "mean_ms": round(statistics.fmean(ok), 1) if ok else float("nan"),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--clients", type=int, default=20)
    p.add_argument("--questions", type=int, default=50, help="questions per client")
    p.add_argument("--bad-every", type=int, default=10, help="every Nth request is a bad one (0: none)")
    p.add_argument("--url", help="an app already running (default: start `puente serve` on a free port)")
    p.add_argument("--index", help="index folder for the started app (default: PUENTE_INDEX or .puente)")
    p.add_argument("--model", help="model folder for the started app")
    p.add_argument("--gold", default=str(DEV), help="JSONL file the questions come from")
    p.add_argument("--max-question-chars", type=int, default=1000, help="the app's question length limit")
    p.add_argument("--startup-timeout", type=float, default=300)
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)

    questions = gold_questions(args.gold)
    server = None
    log = Path(tempfile.mkdtemp(prefix="puente-load-")) / "serve.log"
    url = args.url
    t_start = time.perf_counter()
    if not url:
        port = free_port()
        server = start_server(args.index, args.model, port, log, args.startup_timeout)
        url = f"http://127.0.0.1:{port}/"
    startup = time.perf_counter() - t_start
    try:
        from gradio_client import Client

        try:  # the first question loads lazy parts; not measured
            Client(url, verbose=False).predict(questions[0], [], "any", 10, "en", api_name="/ask")
        except Exception as exc:  # noqa: BLE001 - a broken app is a finding, not a traceback
            print(f"error: {url}: the warm-up question failed ({type(exc).__name__}: {exc}); "
                  f"fix the app (see {log}) and run again", file=sys.stderr)
            return 1
        barrier = threading.Barrier(args.clients)
        t0 = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            futures = [pool.submit(run_client, url, cid, questions, args.questions, args.bad_every,
                                   args.max_question_chars, barrier) for cid in range(args.clients)]
            rows = [r for f in futures for r in f.result()]
        wall = time.perf_counter() - t0
    finally:
        if server is not None:
            stop_server(server)
    summary = summarise(rows, wall, args.clients) | {"startup_s": round(startup, 1), "url": url}
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print(f"{summary['clients']} clients x {args.questions} questions against {url} "
              f"(app started in {summary['startup_s']}s)")
        print(f"requests {summary['requests']} ({summary['normal']} questions, {summary['bad_requests']} bad requests), "
              f"errors {summary['errors']}, wall {summary['wall_s']}s, {summary['throughput_qps']} req/s")
        print(f"latency of answered questions (complete): p50 {summary['p50_ms']} ms, p95 {summary['p95_ms']} ms, "
              f"p99 {summary['p99_ms']} ms, max {summary['max_ms']} ms")
        print(f"time to first answer shown: p50 {summary['first_p50_ms']} ms, p95 {summary['first_p95_ms']} ms")
        for e in summary["error_samples"]:
            print(f"error: {e}", file=sys.stderr)
    return 1 if summary["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
