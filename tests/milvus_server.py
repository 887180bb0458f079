"""Milvus servers on 127.0.0.1 for tests, started as child processes and stopped after:
a Milvus Lite server (``milvus-lite server``) and a real Milvus standalone server (the
binary the PyPI ``milvus==2.3.5`` package ships: the same server as a cluster's
components in one process, with embedded etcd, local object storage and RocksMQ)."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# below the kernel's ephemeral range (32768-60999 by default): a port chosen here and bound by Milvus seconds later
# cannot meanwhile become the local end of an outgoing connection (Milvus's own, during its start: "bind: address
# already in use" on its proxy's internal port aborted a CI run)
FIXED_PORTS = range(20000, 32000)


def fixed_port(taken: set[int] = frozenset()) -> int:
    """A free port of ``FIXED_PORTS`` not in ``taken``."""
    import random

    for port in random.sample(FIXED_PORTS, len(FIXED_PORTS)):
        if port in taken:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {FIXED_PORTS.start}-{FIXED_PORTS.stop - 1} on 127.0.0.1")


class LiteServer:
    """``milvus-lite server --data-dir DIR --host 127.0.0.1 --port PORT`` as a child process."""

    def __init__(self, data_dir: Path, port: int | None = None):
        self.data_dir = Path(data_dir)
        self.port = port or free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, wait: float = 60.0) -> "LiteServer":
        exe = shutil.which("milvus-lite", path=str(Path(sys.executable).parent)) or shutil.which("milvus-lite")
        cmd = [exe] if exe else [sys.executable, "-m", "milvus_lite"]
        self.proc = subprocess.Popen(cmd + ["server", "--data-dir", str(self.data_dir), "--host", "127.0.0.1",
                                            "--port", str(self.port)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=os.environ.copy())
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"milvus-lite server exited with {self.proc.returncode}")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("milvus-lite server did not start listening")

    def kill(self) -> None:
        """SIGKILL, as a crash would."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


class RealServer:
    """``milvus run standalone`` from the ``milvus`` package (2.3.5) on 127.0.0.1, as a child
    process in its own session. Data, configuration and logs stay in ``base`` across a
    :meth:`kill` and :meth:`start` (the kill test restarts it on the same data and port).

    One at a time per machine: its embedded etcd takes peer port 2380 and its pid file is
    ``/run/milvus/standalone.pid``, which Milvus 2.3.5 does not let us move."""

    PORTS = ("etcd_port", "root_coord_port", "proxy_internal_port", "query_coord_port", "query_node_port",
             "index_coord_port", "index_node_port", "data_coord_port", "data_node_port")
    COMPONENTS = ("rootCoord", "proxy", "queryCoord", "queryNode", "indexCoord", "indexNode", "dataCoord", "dataNode")

    def __init__(self, base: Path):
        self.base = Path(base)
        self.port = fixed_port()
        self.health = fixed_port({self.port})
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _configure(self) -> None:
        """Write ``configs/milvus.yaml`` from the package's template (ports of our choosing,
        every component advertising 127.0.0.1) and unpack its binary into ``bin/``."""
        import milvus

        cfg = milvus.MilvusServerConfig(data_dir=str(self.base))
        taken = {self.port, self.health}
        for key in self.PORTS:
            port = fixed_port(taken)
            taken.add(port)
            cfg.set(key, port)
        cfg.set("proxy_port", self.port)
        for comp in self.COMPONENTS:
            cfg.set(f"{comp}.ip", "127.0.0.1")
        cfg.resolve_storage()
        cfg.write_config()
        milvus._initialize_data_files(cfg.base_data_dir)

    def start(self, wait: float = 240.0) -> "RealServer":
        if not (self.base / "configs" / "milvus.yaml").is_file():
            self._configure()
        exe = self.base / "bin" / "milvus"
        env = os.environ | {"DEPLOY_MODE": "STANDALONE", "METRICS_PORT": str(self.health),
                            "MILVUS_RUN_DIR": str(self.base / "run"),
                            "LD_LIBRARY_PATH": f"{exe.parent}:{os.environ.get('LD_LIBRARY_PATH', '')}"}
        with open(self.base / "logs" / "server.log", "ab") as log:
            self.proc = subprocess.Popen([str(exe), "run", "standalone"], cwd=self.base, env=env, stdout=log,
                                         stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                log = (self.base / "logs" / "server.log").read_text(errors="replace")
                why = " (another Milvus standalone holds etcd's port 2380 on this machine)" if "2380: bind" in log else ""
                raise RuntimeError(f"milvus exited with {self.proc.returncode}{why} (see {self.base / 'logs' / 'server.log'})")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.health}/healthz", timeout=5) as resp:
                    if b"OK" in resp.read():
                        return self
            except OSError:
                pass
            time.sleep(0.5)
        self.kill()
        raise RuntimeError(f"milvus did not become healthy in {wait:.0f} s (see {self.base / 'logs' / 'server.log'})")

    def kill(self) -> None:
        """SIGKILL, as a crash would."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
