"""What a benchmark run records about the machine: each process's CPU, the load everything
else puts on the cores meanwhile (a shared machine's other work takes CPU from the servers
measured), waiting for that load to stop, and the versions of everything that ran."""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
MESH_DIR = BENCH / "mesh"
# "Idle" for wait_for_quiet: what else runs on the machine uses under this many cores.
QUIET_CORES = 0.25


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def busy_seconds() -> float:
    """CPU seconds all cores have spent busy since boot (/proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds() -> float:
    """CPU used by this process and its finished children (wrk), user + system."""
    me, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


@dataclass(frozen=True)
class Load:
    """CPU seconds the whole machine and this run's processes have used, at one moment."""

    when: float
    machine: float
    ours: float

    @classmethod
    def now(cls, pids: list[int]) -> Load:
        ours = own_cpu_seconds() + sum(cpu_seconds(pid) for pid in pids)
        return cls(time.perf_counter(), busy_seconds(), ours)

    def others_since(self, before: Load) -> float:
        """Cores used meanwhile by everything else on the machine (other people's tests,
        say), which took them from the servers: reported so a noisy span shows as such."""
        others = (self.machine - before.machine) - (self.ours - before.ours)
        return max(0.0, others / (self.when - before.when))


def wait_for_quiet(max_wait: float, pids: list[int] | None = None) -> tuple[float, float]:
    """Wait (up to max_wait s) until everything but this run's processes uses under
    QUIET_CORES over 2 s, so measuring starts on an idle machine. Returns the last
    reading (cores) and the seconds spent waiting beyond that first reading."""
    started = time.time()
    deadline = started + max_wait
    while True:
        before = Load.now(pids or [])
        time.sleep(2)
        load = Load.now(pids or []).others_since(before)
        if load < QUIET_CORES or time.time() >= deadline:
            return load, time.time() - started - 2
        print(f"  the machine is busy ({load:.2f} cores used by others); waiting", flush=True)


def command_output(*args: str) -> str:
    # `wrk --version` prints its banner and exits 1, so the exit status is not checked.
    return subprocess.run(args, capture_output=True, text=True).stdout.strip()


def machine() -> dict[str, Any]:
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])

    def version(package: str) -> str:
        from importlib.metadata import version as v

        return v(package)

    def npm_version(package: str) -> str:
        manifest = MESH_DIR / "node_modules" / package / "package.json"
        return str(json.loads(manifest.read_text())["version"])

    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return "?"

    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "node": command_output("node", "--version"),
        "wrk": command_output("wrk", "--version").split("\n")[0],
        "commit": git("rev-parse", "--short", "HEAD"),
        "dirty": bool(git("status", "--porcelain")),
        "packages": {
            name: version(name)
            for name in ("strawberry-graphql", "graphql-core", "httpx", "uvicorn", "uvloop")
        }
        | {
            name: npm_version(name)
            for name in ("@graphql-mesh/cli", "@graphql-mesh/odata", "graphql")
        },
    }
