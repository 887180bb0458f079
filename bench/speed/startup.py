"""Start-up figures: the app's time to first results through ``gradio_client``, a cold
``puente search`` to its first printed line and ``puente --help``."""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, free_port
from bench.machine import load_avg

# The product's CLI, run from this interpreter so the code on its path is what is measured
# (a console script next to it may belong to another checkout).
PUENTE_CMD = [sys.executable, "-m", "puente.app.cli"]


def app_first_result(index_dir: str, model: str, question: str, warm_question: str) -> dict:
    """Start ``puente serve`` on a free port and time one warm question through gradio_client
    until its first output arrives (and until it completes)."""
    from gradio_client import Client

    from bench.speed.load import start_server, stop_server

    port = free_port()
    log = Path(tempfile.mkdtemp(prefix="puente-bench-serve-")) / "serve.log"
    t = time.perf_counter()
    proc = start_server(index_dir, model, port, log, timeout=600)
    startup = time.perf_counter() - t
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        client.predict(warm_question, [], "any", 10, "en", api_name="/ask")
        load0 = load_avg()
        t0 = time.perf_counter()
        job = client.submit(question, [], "any", 10, "en", api_name="/ask")
        first = None
        while not job.done():
            if first is None and job.outputs():
                first = time.perf_counter()
            time.sleep(0.005)
        result = job.result()
        end = time.perf_counter()
        ok = isinstance(result, (list, tuple)) and "pz-card" in str(result[2])
    finally:
        stop_server(proc)
    return {"startup_s": round(startup, 2), "first_result_s": round(((first or end) - t0), 3),
            "complete_s": round(end - t0, 3), "ok": ok, "load": load0}


def first_line(cmd: list[str], env: dict) -> dict:
    """Run ``cmd`` as a new process: seconds from its start to its first stdout line, its
    exit status and its own peak RSS (from ``wait4``)."""
    with tempfile.TemporaryFile("w+") as errf:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=errf, env=env, cwd=ROOT, text=True)
        line = proc.stdout.readline()
        first = time.perf_counter() - t
        proc.stdout.read()
        proc.stdout.close()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        errf.seek(0)
        err = errf.read()
    return {"first_s": round(first, 2), "ok": proc.returncode == 0 and bool(line.strip()), "line": line.strip(),
            "error": err.strip()[-300:] if proc.returncode else "", "peak_rss_mb": round(usage.ru_maxrss / 1024, 1)}


def cold_start(index_dir: str, model: str, question: str, runs: int = 3) -> dict:
    """Wall time of ``puente --help`` (best and median of ``runs``) and of one
    ``puente search`` from process start to its first printed line."""
    env = dict(os.environ, HF_HUB_OFFLINE="1", PUENTE_INDEX=index_dir, PUENTE_MODEL=model)
    helps = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(PUENTE_CMD + ["--help"], capture_output=True, check=True, env=env, cwd=ROOT)
        helps.append(time.perf_counter() - t)
    load0 = load_avg()
    r = first_line(PUENTE_CMD + ["search", question, "--k", "5"], env)
    return {"help_s": round(min(helps), 3), "help_median_s": round(statistics.median(helps), 3),
            "search_first_result_s": r["first_s"], "search_ok": r["ok"], "search_error": r["error"], "load": load0}
