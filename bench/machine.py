"""Machine facts for the benchmark reports: cores, CPU, RAM, versions, load average, RSS,
folder sizes. Other developers share this machine: every timing carries the load average."""
from __future__ import annotations

import os
import platform
import resource
from pathlib import Path


def load_avg() -> float:
    """1-minute load average (other developers share this machine)."""
    return round(os.getloadavg()[0], 2)


def machine_info() -> dict:
    """Cores, CPU model, RAM, Python and library versions."""
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return {"cores": os.cpu_count(), "cpu": cpu, "ram_gb": round(ram, 1), "python": platform.python_version(),
            "platform": platform.platform(terse=True)}


def peak_rss_mb() -> float:
    """Peak resident set size of this process, MB."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def rss_mb() -> float:
    """Current resident set size of this process, MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_rss_mb()


def dir_bytes(folder: str | Path) -> int:
    """Bytes of the files under ``folder`` (what an index takes on disk)."""
    return sum(f.stat().st_size for f in Path(folder).rglob("*") if f.is_file())
