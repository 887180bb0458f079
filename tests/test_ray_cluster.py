"""A real multi-process Ray cluster on 127.0.0.1 (``ray start --head`` and a second node, each
its own processes and home), driven by docs/scale.md's exact commands (the block marked
``<!-- tested: ray cluster -->``): token authentication, a relative input folder, the index
written to a Milvus Lite server. Then the same ingest without the token fails with one line
naming ``RAY_AUTH_TOKEN``. The cluster's processes are stopped by their pids (``ray stop``
would stop every Ray of this user on the machine)."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytest.importorskip("ray")
pytest.importorskip("pymilvus")

from milvus_server import LiteServer, free_port  # noqa: E402

from puente.index.store import milvus_client
from puente.index.store import stores as store  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.model]
ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def doc_block() -> list[tuple[str, list[str]]]:
    """The tested block of docs/scale.md as ``(machine comment, command lines)`` sections."""
    text = (ROOT / "docs" / "scale.md").read_text()
    body = text.split("<!-- tested: ray cluster -->", 1)[1].split("```bash\n", 1)[1].split("```", 1)[0]
    sections: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("# on "):
            sections.append((line, []))
        elif line.strip():
            sections[-1][1].append(line)
    return sections


def _ours(tmpdir: str) -> list[int]:
    """Pids of the processes of this test's Ray cluster (their command lines name its temp dir)."""
    out = []
    for pid in os.listdir("/proc"):
        try:
            if pid.isdigit() and tmpdir.encode() in Path(f"/proc/{pid}/cmdline").read_bytes():
                out.append(int(pid))
        except OSError:
            pass
    return out


def _stop(tmpdir: str) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in _ours(tmpdir):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + 15
        while _ours(tmpdir) and time.monotonic() < deadline:
            time.sleep(0.5)


def test_the_documented_ray_cluster_commands_ingest_into_milvus(tmp_path, model_path):
    from test_ray_ingest import EN, ES

    sections = doc_block()
    assert [s[0].split(":")[0] for s in sections] == ["# on the head node", "# on every other node",
                                                      "# on the one machine that writes the index"]
    port = free_port()
    tmpdir = f"/tmp/prt-{uuid.uuid4().hex[:8]}"  # short: Ray's unix sockets live under it
    srv = LiteServer(tmp_path / "milvus").start()
    index = f"{srv.url}?collection=ray{uuid.uuid4().hex[:6]}"
    driver = tmp_path / "driver"
    (driver / "reports").mkdir(parents=True)
    (driver / "reports" / "water.md").write_text(EN * 2)
    (driver / "reports" / "proteccion.md").write_text(ES * 2)
    base = {k: v for k, v in os.environ.items() if not k.startswith("RAY_")}
    base |= {"PATH": f"{BIN}:{os.environ['PATH']}", "RAY_TMPDIR": tmpdir, "RAY_worker_niceness": "0",
             "PUENTE_MODEL": model_path, "PUENTE_RAY_WORKERS": "2", "HF_HUB_OFFLINE": "1"}

    def run(section: int, home: str, cwd: Path, token: str = "") -> subprocess.CompletedProcess:
        script = "\n".join(sections[section][1])
        script = (script.replace("HEAD:6379", f"127.0.0.1:{port}").replace("--port=6379", f"--port={port}")
                  .replace("http://MILVUS:19530", index).replace("/srv/reports", "reports").replace("HEAD_TOKEN", token))
        (tmp_path / home).mkdir(exist_ok=True)
        env = base | {"HOME": str(tmp_path / home)}
        return subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=cwd, env=env, capture_output=True,
                              text=True, timeout=900)

    try:
        head = run(0, "home-head", tmp_path)
        assert head.returncode == 0, head.stderr[-2000:]
        token = re.match(r"[0-9a-f]{64}", head.stdout)  # `ray get-auth-token` prints its 64 hex digits, no newline
        assert token, head.stdout[:200]
        token = token.group()
        node = run(1, "home-node", tmp_path, token)
        assert node.returncode == 0, node.stderr[-2000:]
        # the driver runs elsewhere (its own home and folder) with a relative input folder
        done = run(2, "home-driver", driver, token)
        assert done.returncode == 0, (done.stdout[-1000:], done.stderr[-3000:])
        assert set(store.read_docs(index)) == {"water", "proteccion"}
        # without the token: one line that names it
        sections[2][1][:] = [line for line in sections[2][1] if not line.startswith("export")]
        refused = run(2, "home-driver", driver)
        last = refused.stderr.strip().splitlines()[-1]
        assert refused.returncode != 0 and "could not join Ray" in last and "RAY_AUTH_TOKEN" in last, last
    finally:
        _stop(tmpdir)
        milvus_client.close_all()
        srv.stop()
    assert not _ours(tmpdir)
    shutil.rmtree(tmpdir, ignore_errors=True)
