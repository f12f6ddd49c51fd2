"""Peak memory and CPU time of a process tree, sampled from /proc (Linux; no dependency)."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class ProcessPeak:
    role: str
    peak_rss_kb: int = 0  # VmHWM: the kernel's own high-water mark, so short peaks between samples count
    cpu_seconds: float = 0.0


@dataclass
class TreeWatch:
    """Samples every descendant of `root_pid` until stopped; `peaks` is keyed by pid."""

    root_pid: int
    interval: float = 0.05
    peaks: dict[int, ProcessPeak] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> TreeWatch:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def by_role(self) -> dict[str, dict[str, float]]:
        """role -> {"peak_rss_mb": largest single process, "cpu_seconds": summed, "processes": count}."""
        roles: dict[str, dict[str, float]] = {}
        for peak in self.peaks.values():
            entry = roles.setdefault(peak.role, {"peak_rss_mb": 0.0, "cpu_seconds": 0.0, "processes": 0})
            entry["peak_rss_mb"] = max(entry["peak_rss_mb"], round(peak.peak_rss_kb / 1024, 1))
            entry["cpu_seconds"] = round(entry["cpu_seconds"] + peak.cpu_seconds, 2)
            entry["processes"] += 1
        return roles

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)
        self.sample()

    def sample(self) -> None:
        for pid in _descendants(self.root_pid):
            status = _read(f"/proc/{pid}/status")
            stat = _read(f"/proc/{pid}/stat")
            if status is None or stat is None:
                continue
            peak = self.peaks.get(pid)
            if peak is None:
                peak = self.peaks[pid] = ProcessPeak(role=_role(pid))
            elif peak.role != "provider":  # a plugin script that has just exec'd its interpreter
                # An exited, not yet reaped process has no command line left: keep what it was.
                peak.role = role if (role := _role(pid)) != "other" else peak.role
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    peak.peak_rss_kb = max(peak.peak_rss_kb, int(line.split()[1]))
            fields = stat.rsplit(")", 1)[-1].split()
            peak.cpu_seconds = max(peak.cpu_seconds, (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS)


def _read(path: str) -> str | None:
    try:
        return Path(path).read_text()
    except OSError:
        return None


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        stat = _read(f"/proc/{entry}/stat")
        if stat is None:
            continue
        ppid = int(stat.rsplit(")", 1)[-1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    found, queue = [], [root]
    while queue:
        pid = queue.pop()
        found.append(pid)
        queue.extend(children.get(pid, []))
    return found


def _role(pid: int) -> str:
    raw = _read(f"/proc/{pid}/cmdline") or ""
    argv = raw.split("\0")
    joined = " ".join(argv)
    if any(host in joined for host in ("pulumi.dynamic", "benchmarks.wide_host")):
        return "provider"
    if "pulumi-language-python-exec" in joined or "pulumi_language_python" in joined:
        return "program"
    if argv and argv[0].endswith("pulumi-language-python"):
        return "language-host"
    if argv and os.path.basename(argv[0]) == "pulumi":
        return "cli"
    return os.path.basename(argv[0]) if argv and argv[0] else "other"
