"""`python -m benchmarks.alternate CATALOGUE ROUNDS TREE...`: cold builds of several source trees
of this project over one synthetic catalogue, alternating, so each pair of figures saw the same
load on a shared machine.

A tree is a checkout (a worktree of another commit, say); its `generator` package is put first on
PYTHONPATH, ahead of the installed one. Each line gives the wall time, the CPU time of all the
build's processes (steadier than wall time when the machine is busy), the peak PSS summed over
them and the largest process's peak RSS, with the load average when the build started.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
from pathlib import Path

from benchmarks.measure import run_measured
from benchmarks.ours import prepare_ours

MIB = 2**20


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # waited-for descendants, workers too
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("catalogue", type=Path, help="made by benchmarks.synth (holds content/)")
    parser.add_argument("rounds", type=int)
    parser.add_argument("trees", type=Path, nargs="+")
    parser.add_argument("--out", type=Path, default=Path("/tmp/katalog-alternate"))
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args()
    for round_number in range(args.rounds):
        for tree in args.trees:
            tree = tree.resolve()
            work = args.out / tree.name
            target = prepare_ours(args.catalogue, work, tree)
            for folder in target.fresh_dirs:
                shutil.rmtree(folder, ignore_errors=True)
            env = {**os.environ, **target.env, "PYTHONPATH": str(tree)}
            load = os.getloadavg()[0]
            cpu = cpu_seconds()
            run = run_measured(
                target.argv, cwd=target.cwd, log=work / "build.log", timeout_s=args.timeout, env=env
            )
            cpu = cpu_seconds() - cpu
            print(
                f"round {round_number} {tree}: {run.seconds:.1f} s, cpu {cpu:.1f} s,"
                f" tree PSS {run.peak_tree_bytes / MIB:.0f} MiB,"
                f" largest {run.peak_process_bytes / MIB:.0f} MiB, exit {run.returncode},"
                f" load {load:.1f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
