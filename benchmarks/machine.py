"""What machine and which tool versions a result was measured with."""

from __future__ import annotations

import functools
import os
import platform
import shutil
import subprocess
from importlib.metadata import PackageNotFoundError, version


@functools.cache
def describe_machine() -> dict[str, str]:
    return {
        "cpu": cpu_model(),
        "cpus": str(len(os.sched_getaffinity(0))),
        "memory": memory_total(),
        "free -m": command_output(["free", "-m"]),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "mkdocs": package_version("mkdocs"),
        "mkdocs-material": package_version("mkdocs-material"),
        "hugo": command_output(["hugo", "version"]),
    }


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:  # not Linux: platform's answer below is the best there is
        return platform.processor() or "unknown"
    return platform.processor() or "unknown"


def memory_total() -> str:
    try:
        with open("/proc/meminfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("MemTotal:"):
                    kib = int(line.split()[1])
                    return f"{kib / 2**20:.1f} GiB"
    except OSError:  # not Linux: say so rather than guess
        return "unknown"
    return "unknown"


def package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def command_output(argv: list[str]) -> str:
    if shutil.which(argv[0]) is None:
        return "not installed"
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    return done.stdout.strip("\n")  # keep the leading spaces that align `free`'s header
