"""CLI habits through the real command: progress bars only on a terminal, a hub id that
cannot load is one line, a reader that leaves early (`| head`) ends it quietly."""
from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios

import pytest
from conftest import ROOT

CLI = [sys.executable, "-m", "puente.app.cli"]
NOTE = ("The shelter network in Tapachula adopted reception standards for unaccompanied children "
        "in March 2024, and trained its staff on them. ") * 20


def _env(**kw) -> dict:
    return os.environ | {"HF_HUB_OFFLINE": "1"} | kw


def _on_a_terminal(args: list[str]) -> tuple[int, str]:
    """Run the CLI with stdout and stderr on a pseudo-terminal; (exit code, what it showed)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 160, 0, 0))  # a real terminal's size
    proc = subprocess.Popen(CLI + args, stdout=follower, stderr=follower, stdin=subprocess.DEVNULL,
                            env=_env(), cwd=ROOT)
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 300)
        if not ready:
            proc.kill()
            break
        try:
            data = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    return proc.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.model
@pytest.mark.slow
def test_ingest_shows_progress_on_a_terminal_and_nothing_when_piped(tmp_path, model_path):
    a, b = tmp_path / "a-note.txt", tmp_path / "b-note.txt"
    a.write_text(NOTE)
    b.write_text(NOTE.replace("Tapachula", "Tijuana"))
    code, shown = _on_a_terminal(["ingest", str(a), "--index", str(tmp_path / "idx")])
    assert code == 0, shown
    # the model's seconds of loading are announced before the first bar
    assert "loading model…" in shown and shown.index("loading model…") < shown.index("reading")
    assert "reading: 100%" in shown and "1/1" in shown and "pages" in shown
    assert "embedding: 100%" in shown and "window/s" in shown and "<" in shown  # tqdm's elapsed<ETA
    piped = subprocess.run(CLI + ["ingest", str(b), "--index", str(tmp_path / "idx")], capture_output=True,
                           text=True, env=_env(), cwd=ROOT, timeout=600)
    assert piped.returncode == 0, piped.stderr
    assert "embedding" not in piped.stderr and "reading" not in piped.stderr and "loading model" not in piped.stderr
    assert piped.stdout.startswith("1 added")


@pytest.mark.model  # goes through the torch/transformers model loader (~14 s of imports)
def test_an_unloadable_hub_id_in_puente_model_is_one_line(tmp_path):
    note = tmp_path / "note.txt"
    note.write_text(NOTE)
    proc = subprocess.run(CLI + ["ingest", str(note), "--index", str(tmp_path / "idx")], capture_output=True, text=True,
                          env=_env(PUENTE_MODEL="nobody-org/no-such-model"), cwd=ROOT, timeout=300)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert lines[0].startswith("error: nobody-org/no-such-model:") and "PUENTE_MODEL" in lines[0]


def test_a_reader_that_leaves_early_ends_the_command_quietly(corpus_index):
    # one 170 kB line: far more than a pipe holds, so the write after `head` left fails
    proc = subprocess.run(f"{sys.executable} -m puente.app.cli records --json --index {corpus_index} | head -c 20; "
                          "exit ${PIPESTATUS[0]}", shell=True, executable="/bin/bash", capture_output=True,
                          env=_env(), cwd=ROOT, timeout=300)
    assert proc.returncode == 0 and proc.stderr == b"", proc.stderr
    assert proc.stdout.startswith(b'{"index": ')
    proc = subprocess.run(f"{sys.executable} -m puente.app.cli --help | head -1; exit ${{PIPESTATUS[0]}}", shell=True,
                          executable="/bin/bash", capture_output=True, env=_env(), cwd=ROOT, timeout=60)
    assert proc.stdout.startswith(b"usage: puente") and proc.stderr == b""


@pytest.mark.model
@pytest.mark.slow
def test_an_idle_serve_uses_next_to_no_cpu(corpus_index, tmp_path):
    """`puente serve` with no browser connected: the CPU time of the whole process (all its
    threads, from /proc) over 10 s once it is listening stays near zero. Gradio's queue polled
    every millisecond before (6% of a core here at load 4-5, 25-50% on other machines)."""
    import socket
    import time

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path / "serve.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(CLI + ["serve", "--index", str(corpus_index), "--port", str(port)], stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=_env(), cwd=ROOT)
    try:
        deadline = time.monotonic() + 300
        while "Running on" not in log.read_text() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.5)
        assert "Running on" in log.read_text(), log.read_text()
        time.sleep(3)  # let start-up work settle

        def ticks() -> int:
            fields = open(f"/proc/{proc.pid}/stat").read().rsplit(")", 1)[1].split()
            return int(fields[11]) + int(fields[12])  # utime + stime of every thread

        before = ticks()
        time.sleep(10)
        share = (ticks() - before) / os.sysconf("SC_CLK_TCK") / 10
        assert share < 0.03, f"{share:.1%} of a core while idle"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
