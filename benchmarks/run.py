"""Time the tool on a generated workspace; print medians beside their baselines.

    .venv/bin/python benchmarks/run.py [--size large|small] [--repeat 5] [--skip-build]

Each figure is a median over --repeat runs, printed beside the baseline it is compared
with (measured in the same run, or the goal where the goal is absolute), and the ratio.
Results go to benchmarks/results.json (--json PATH to change). Commands run as a user
runs them: `compliance` subprocesses; their peak memory is the child's ru_maxrss.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks.floor import floor_work  # noqa: E402
from benchmarks.generate import PRESETS, generate, scaled  # noqa: E402

COMPLIANCE = [sys.executable, "-m", "compliance.cli"]
"""The tool as a subprocess. `-m` with PYTHONPATH (see CHILD_ENV) runs THIS checkout's code,
not whatever copy the virtualenv has installed (an editable install of another worktree)."""
CHILD_ENV = {
    "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))
}
MB = 1024 * 1024


def measured(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run one command: wall and CPU seconds, exit code, and its own peak RSS (wait4)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            args, cwd=cwd, stdout=out, stderr=err, env={**os.environ, **CHILD_ENV, **(env or {})}
        )
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "max_rss_mb": usage.ru_maxrss / 1024,  # Linux reports KiB
        "exit": proc.returncode,
        "stdout": stdout,
        "stderr": stderr,
    }


def compile_bytecode() -> None:
    """Write the checkout's bytecode first, as `pip install` does for an installed tool.

    The tool runs from this checkout (CHILD_ENV); with PYTHONDONTWRITEBYTECODE set, as on
    some CI machines and sandboxes, no .pyc is ever written there and every timed run
    compiled all of compliance/ again: 0.4 s of CPU per run (importing what `check` uses
    took 1.27 s without bytecode and 0.87 s with it, means of 5 interleaved runs).
    """
    import compileall

    compileall.compile_dir(REPO_ROOT / "compliance", quiet=1)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def git(root: Path, *args: str) -> bytes:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True).stdout


# -- figures -----------------------------------------------------------------------------


def evidence_paths(root: Path) -> list[str]:
    from compliance.load.workspace import load_workspace

    ws = load_workspace(root)
    return sorted({link.path for lc in ws.controls for link in lc.control.evidence})


def cpu_now() -> float:
    """CPU seconds of this process and its waited-for children (git), user + system."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


LAST_FLOOR_CPU = [0.0]


def floor_once(root: Path, paths: list[str]) -> float:
    """floor_work, timed: wall seconds returned, CPU (git's included) in LAST_FLOOR_CPU."""
    cpu = cpu_now()
    start = time.perf_counter()
    try:
        return _floor_body(root, paths, start)
    finally:
        LAST_FLOOR_CPU[0] = cpu_now() - cpu


def _floor_body(root: Path, paths: list[str], start: float) -> float:
    floor_work(root, paths)
    return time.perf_counter() - start


BOUND_SCRIPT = r"""
import json, sys, time
from pathlib import Path
started = time.perf_counter()
import click, git, pydantic, yaml  # the stack every command imports, not one model built
imported = time.perf_counter()
from benchmarks.floor import floor_work  # stdlib only
root, paths_file, yaml_list, output_file = sys.argv[1:5]
paths = open(paths_file, encoding="utf-8").read().split("\0")
for name in open(yaml_list, encoding="utf-8").read().split("\0"):
    with open(name, encoding="utf-8") as fh:
        yaml.load(fh.read(), Loader=yaml.CSafeLoader)
parsed = time.perf_counter()
floor_work(Path(root), paths)
floored = time.perf_counter()
data = json.loads(open(output_file, encoding="utf-8").read())
loaded = time.perf_counter()
json.dumps(data, ensure_ascii=False, separators=(", ", ": "))
done = time.perf_counter()
print(json.dumps({"imports": imported - started, "yaml": parsed - imported,
                  "floor": floored - parsed, "json": done - loaded}))
"""
"""A fresh interpreter doing only what no implementation on the chosen stack can skip:
start and import click, GitPython, pydantic and PyYAML (no model built), parse the
workspace's own YAML with libyaml (the shipped catalogs left out), the floor's work, and
encode the command's output once with json's C encoder (the reading of it not counted)."""


def workspace_yaml(root: Path) -> list[str]:
    """The workspace's own YAML: compliance.yaml, controls/ and risks/ (not evidence)."""
    found = [root / "compliance.yaml"]
    for folder in ("controls", "risks"):
        found += sorted((root / folder).rglob("*.yaml"))
    return [str(p) for p in found if p.is_file()]


def bound_once(root: Path, paths: list[str], output: bytes) -> dict[str, Any]:
    """Wall and CPU of BOUND_SCRIPT in a fresh process, with its parts' wall times."""
    with tempfile.TemporaryDirectory() as tmp:
        listed = Path(tmp) / "paths"
        listed.write_text("\0".join(paths), encoding="utf-8")
        yaml_list = Path(tmp) / "yaml"
        yaml_list.write_text("\0".join(workspace_yaml(root)), encoding="utf-8")
        out = Path(tmp) / "output.json"
        out.write_bytes(output)
        args = [
            sys.executable,
            "-c",
            BOUND_SCRIPT,
            str(root),
            str(listed),
            str(yaml_list),
            str(out),
        ]
        run = measured(args, root)
    if run["exit"] != 0:
        raise RuntimeError(f"the bound probe failed: {run['stderr'].decode()[-2000:]}")
    return {"wall": run["wall"], "cpu": run["cpu"], "parts": json.loads(run["stdout"])}


def index_once(root: Path, paths: list[str], cached: bool) -> float:
    from compliance.link.evidence import build_index
    from compliance.link.evidence_cache import EvidenceCache

    start = time.perf_counter()
    store = EvidenceCache(root) if cached else None
    build_index(root, paths, cache=store)
    if store is not None:
        store.save()
    return time.perf_counter() - start


def bench_index(root: Path, repeat: int) -> dict[str, Any]:
    paths = evidence_paths(root)
    floor, index, warm = [], [], []
    index_once(root, paths, cached=True)  # fill the cache and the page cache once
    for _ in range(repeat):
        floor.append(floor_once(root, paths))
        index.append(index_once(root, paths, cached=False))
        warm.append(index_once(root, paths, cached=True))
    return {
        "paths": len(paths),
        "floor_s": floor,
        "index_s": index,
        "index_cached_s": warm,
        "ratio": median(index) / median(floor),
        "ratio_cached": median(warm) / median(floor),
    }


def checked_paths(root: Path) -> list[str]:
    """Every file `check` indexes (control evidence and the gate's inputs)."""
    from compliance.load.workspace import load_workspace
    from compliance.pipeline import evidence_paths as pipeline_paths

    return pipeline_paths(load_workspace(root))


def bench_floor_ratio(root: Path, repeat: int) -> dict[str, Any]:
    """Cold and warm `check --format json` against the raw floor, measured side by side.

    The floor is `git log --name-only` + `git ls-files -s` + sha256 of the same files
    `check` reads; each repeat measures the floor, then a cold check (no cache, nothing
    read from or written to build/.cache), then a warm one (the cache filled by the run
    before it), so all three see the same machine load.
    """
    paths = checked_paths(root)
    floor_once(root, paths)  # the page cache holds the files for every figure below
    floor, floor_cpu, cold, cold_cpu, warm, rss = [], [], [], [], [], []
    bounds: list[dict[str, Any]] = []
    outputs = set()
    for _ in range(repeat):
        floor.append(floor_once(root, paths))
        floor_cpu.append(LAST_FLOOR_CPU[0])
        run = measured([*COMPLIANCE, "check", "--no-cache", "--format", "json"], root)
        cold.append(run["wall"])
        cold_cpu.append(run["cpu"])
        rss.append(run["max_rss_mb"])
        outputs.add(run["stdout"])
        bounds.append(bound_once(root, paths, run["stdout"]))
        clear_cache(root)
        measured([*COMPLIANCE, "check", "--format", "json"], root)  # fills the cache
        run = measured([*COMPLIANCE, "check", "--format", "json"], root)
        warm.append(run["wall"])
        outputs.add(run["stdout"])
    return {
        "paths": len(paths),
        "floor_s": floor,
        "cold_json_s": cold,
        "cold_json_cpu_s": cold_cpu,
        "warm_json_s": warm,
        "floor_cpu_s": floor_cpu,
        "ratio_cold": median(cold) / median(floor),
        # CPU seconds against CPU seconds: steadier than wall time on a shared machine.
        "ratio_cold_cpu": median(cold_cpu) / median(floor_cpu),
        "ratio_warm": median(warm) / median(floor),
        "max_rss_mb": max(rss),
        "identical_output": len(outputs) == 1,
        "bound_s": [b["wall"] for b in bounds],
        "bound_cpu_s": [b["cpu"] for b in bounds],
        "bound_parts_s": {
            part: median([b["parts"][part] for b in bounds]) for part in bounds[0]["parts"]
        },
        # What the goal's 2x would need of the stack alone, before any of the tool's work.
        "ratio_bound": median([b["wall"] for b in bounds]) / median(floor),
        "ratio_bound_cpu": median([b["cpu"] for b in bounds]) / median(floor_cpu),
    }


def ratio_table(ratios: dict[str, Any]) -> str:
    header = (
        "evidence files",
        "paths",
        "floor",
        "cold check json",
        "ratio",
        "cpu ratio",
        "warm",
        "ratio",
        "bound",
        "bound ratio",
        "bound cpu ratio",
    )
    body = [
        (
            f"{int(n):,}",
            str(r["paths"]),
            f"{median(r['floor_s']):.2f} s",
            f"{median(r['cold_json_s']):.2f} s",
            f"{r['ratio_cold']:.2f}",
            f"{r.get('ratio_cold_cpu', float('nan')):.2f}",
            f"{median(r['warm_json_s']):.2f} s",
            f"{r['ratio_warm']:.2f}",
            f"{median(r.get('bound_s', [])):.2f} s",
            f"{r.get('ratio_bound', float('nan')):.2f}",
            f"{r.get('ratio_bound_cpu', float('nan')):.2f}",
        )
        for n, r in ratios.items()
    ]
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
    line = "| " + " | ".join(f"{{:<{w}}}" for w in widths) + " |"
    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line.format(*header), sep, *(line.format(*row) for row in body)])


def ratio_workspace(folder: Path | None, evidence: int) -> tuple[Path, dict[str, Any]]:
    """The workspace with `evidence` files: kept under `folder` (made once), else a temp one."""
    base = folder if folder is not None else Path(tempfile.mkdtemp(prefix="compliance-ratio-"))
    root = base / f"ws-{evidence}"
    if (root / ".git").is_dir():
        return root, {"path": str(root), "reused": True}
    shutil.rmtree(root, ignore_errors=True)
    return root, generate(root, scaled(evidence))


def clear_cache(root: Path) -> None:
    shutil.rmtree(root / "build" / ".cache", ignore_errors=True)


def bench_check(root: Path, repeat: int) -> dict[str, Any]:
    cold, warm, edited, startup, as_json = [], [], [], [], []
    controls = sorted((root / "controls").glob("*.yaml"))
    outputs = set()
    for i in range(repeat):
        clear_cache(root)
        cold.append(measured([*COMPLIANCE, "check"], root))
        warm.append(measured([*COMPLIANCE, "check"], root))
        # A control file touched (same content): the output is recomputed, the evidence
        # and git caches still serve every file.
        target = controls[i % len(controls)]
        st = target.stat()
        os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
        edited.append(measured([*COMPLIANCE, "check"], root))
        startup.append(measured([*COMPLIANCE, "--version"], root))
        as_json.append(measured([*COMPLIANCE, "check", "--no-cache", "--format", "json"], root))
        outputs.update(r["stdout"] for r in (cold[-1], warm[-1], edited[-1]))
    return {
        "cold_s": [r["wall"] for r in cold],
        "cold_cpu_s": [r["cpu"] for r in cold],
        "warm_s": [r["wall"] for r in warm],
        "warm_cpu_s": [r["cpu"] for r in warm],
        "control_touched_s": [r["wall"] for r in edited],
        "startup_s": [r["wall"] for r in startup],
        "json_cold_s": [r["wall"] for r in as_json],
        "json_cold_cpu_s": [r["cpu"] for r in as_json],
        "json_bytes": len(as_json[-1]["stdout"]) if as_json else 0,
        "max_rss_mb": max(r["max_rss_mb"] for r in cold + warm + edited + as_json),
        "exit_codes": sorted({r["exit"] for r in cold + warm + edited}),
        "identical_output": len(outputs) == 1,
    }


def previous_build(path: Path) -> dict[str, Any]:
    """With --skip-build: the build figures of the last run in `path`, marked as carried over."""
    try:
        build = json.loads(path.read_text())["build"]
    except (OSError, ValueError, KeyError, TypeError):
        build = None
    if not isinstance(build, dict) or "not_measured" in build or "first_s" not in build:
        return {"not_measured": "skipped with --skip-build"}
    return {**build, "carried_over": True}


def build_ready() -> str | None:
    """None if `compliance build` exists; else why not."""
    import importlib

    try:
        importlib.import_module("compliance.emit.build")
        importlib.import_module("compliance.cli.build")
    except ImportError as exc:
        return f"compliance build is not available ({exc})"
    return None


def probe_build(root: Path, out: Path) -> dict[str, Any]:
    report = Path(tempfile.mkstemp(suffix=".json")[1])
    try:
        run = measured(
            [
                sys.executable,
                str(HERE / "build_probe.py"),
                str(report),
                "build",
                "risk-assessment",
                "go-no-go",
                "--out",
                str(out),
            ],
            root,
        )
        timing = json.loads(report.read_text()) if report.stat().st_size else {}
    finally:
        report.unlink(missing_ok=True)
    if run["exit"] != 0:
        tail = run["stderr"].decode("utf-8", "replace")[-500:]
        raise RuntimeError(f"build failed ({run['exit']}): {tail}")
    return {**timing, "wall": run["wall"], "max_rss_mb": run["max_rss_mb"]}


def digest_dir(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".cache" not in p.parts
    }


def bench_build(root: Path, repeat: int) -> dict[str, Any]:
    why = build_ready()
    if why is not None:
        return {"not_measured": why}
    out = root / "build"
    first, second, digests = [], [], []
    for _ in range(repeat):
        shutil.rmtree(out, ignore_errors=True)
        first.append(probe_build(root, out))
        before = digest_dir(out)
        second.append(probe_build(root, out))
        digests.append(before == digest_dir(out))
    shares = [
        (r["total"] - r["weasyprint_render"] - r["weasyprint_write_pdf"]) / r["total"]
        for r in first
    ]
    return {
        "targets": ["risk-assessment", "go-no-go"],
        "first_s": [r["wall"] for r in first],
        "weasyprint_s": [r["weasyprint_render"] + r["weasyprint_write_pdf"] for r in first],
        "outside_weasyprint_share": shares,
        "second_s": [r["wall"] for r in second],
        "second_weasyprint_s": [r["weasyprint_render"] + r["weasyprint_write_pdf"] for r in second],
        "identical_bytes": all(digests),
        "max_rss_mb": max(r["max_rss_mb"] for r in first + second),
        "pdf_sizes": {p.name: p.stat().st_size for p in sorted(out.glob("*.pdf"))},
    }


# -- report ------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    mem_kb = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {
        "nproc": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "git": git(REPO_ROOT, "--version").decode().strip(),
        "load_average_at_start": [round(x, 2) for x in load],
    }


def rows(results: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """(figure, measured, baseline, ratio, goal) for the table."""
    out: list[tuple[str, str, str, str, str]] = []
    ix = results["index"]
    floor = median(ix["floor_s"])
    out.append(
        (
            f"evidence index, {ix['paths']} files, no cache",
            f"{median(ix['index_s']):.2f} s",
            f"floor {floor:.2f} s",
            f"{ix['ratio']:.2f}",
            "ratio <= 1.5",
        )
    )
    out.append(
        (
            "evidence index, cache warm",
            f"{median(ix['index_cached_s']):.2f} s",
            f"floor {floor:.2f} s",
            f"{ix['ratio_cached']:.2f}",
            "(informative)",
        )
    )
    ck = results["check"]
    out.append(
        (
            "`compliance check`, cold (no cache)",
            f"{median(ck['cold_s']):.2f} s (cpu {median(ck['cold_cpu_s']):.2f} s)",
            "goal 3 s",
            f"{median(ck['cold_s']) / 3:.2f}",
            "<= 3 s",
        )
    )
    out.append(
        (
            "`compliance check`, nothing changed",
            f"{median(ck['warm_s']):.2f} s",
            "goal 1 s",
            f"{median(ck['warm_s']):.2f}",
            "<= 1 s",
        )
    )
    out.append(
        (
            "`compliance check`, a control file touched",
            f"{median(ck['control_touched_s']):.2f} s",
            f"cold {median(ck['cold_s']):.2f} s",
            f"{median(ck['control_touched_s']) / median(ck['cold_s']):.2f}",
            "(informative)",
        )
    )
    if ck.get("json_cold_s"):
        out.append(
            (
                "`compliance check --format json`, no cache",
                f"{median(ck['json_cold_s']):.2f} s (cpu {median(ck['json_cold_cpu_s']):.2f} s)",
                f"table {median(ck['cold_s']):.2f} s",
                f"{median(ck['json_cold_s']) / median(ck['cold_s']):.2f}",
                "(informative)",
            )
        )
    out.append(
        (
            "`compliance --version` (interpreter floor)",
            f"{median(ck['startup_s']):.2f} s",
            "",
            "",
            "(informative)",
        )
    )
    out.append(
        (
            "peak memory, check",
            f"{ck['max_rss_mb']:.0f} MB",
            "goal 300 MB",
            f"{ck['max_rss_mb'] / 300:.2f}",
            "<= 300 MB",
        )
    )
    bd = results["build"]
    if "not_measured" in bd:
        for name, goal in (
            ("`compliance build`, time outside WeasyPrint", "<= 10%"),
            ("`compliance build` again, nothing changed", "<= 1 s, same bytes"),
            ("peak memory, build", "<= 1.5 GB"),
        ):
            out.append((name, f"not measured: {bd['not_measured']}", "", "", goal))
        return out
    share = median(bd["outside_weasyprint_share"])
    where = bd["workspace_size"] + (", previous run" if bd.get("carried_over") else "")
    out.append(
        (
            "`compliance build`, time outside WeasyPrint",
            f"{share * 100:.1f}% of {median(bd['first_s']):.1f} s ({where})",
            f"WeasyPrint {median(bd['weasyprint_s']):.1f} s",
            f"{share / 0.10:.2f}",
            "<= 10%",
        )
    )
    out.append(
        (
            "`compliance build` again, nothing changed",
            f"{median(bd['second_s']):.2f} s, "
            + ("identical bytes" if bd["identical_bytes"] else "BYTES DIFFER")
            + (" (previous run)" if bd.get("carried_over") else ""),
            f"first build {median(bd['first_s']):.1f} s",
            f"{median(bd['second_s']) / median(bd['first_s']):.2f}",
            "<= 1 s, same bytes",
        )
    )
    out.append(
        (
            "peak memory, build",
            f"{bd['max_rss_mb']:.0f} MB ({where})",
            "goal 1536 MB",
            f"{bd['max_rss_mb'] / 1536:.2f}",
            "<= 1.5 GB",
        )
    )
    return out


def table(results: dict[str, Any]) -> str:
    header = ("figure", "median", "baseline", "ratio", "goal")
    body = rows(results)
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(5)]
    line = "| " + " | ".join(f"{{:<{w}}}" for w in widths) + " |"
    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line.format(*header), sep, *(line.format(*r) for r in body)])


def timed(label: str, fn: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    print(f"… {label}", file=sys.stderr, flush=True)
    value = fn()
    print(f"  done in {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(PRESETS), default="large")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--build-repeat", type=int, default=1, help="builds are slow: default 1")
    parser.add_argument("--workspace", type=Path, default=None, help="reuse a generated one")
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument(
        "--build-size",
        choices=sorted(PRESETS),
        default="large",
        help="workspace for the build figures (default: the same large workspace)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated workspace")
    parser.add_argument("--json", type=Path, default=HERE / "results.json")
    parser.add_argument(
        "--ratio-sizes",
        default="10000,30000",
        help="evidence counts for `check --format json` against the floor (the goal's "
        "sizes; '' to skip)",
    )
    parser.add_argument("--ratio-repeat", type=int, default=None, help="default: --repeat")
    parser.add_argument(
        "--ratio-workspaces", type=Path, default=None, help="keep/reuse them here (ws-N)"
    )
    parser.add_argument("--ratio-only", action="store_true", help="only the floor ratios")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    compile_bytecode()
    if args.ratio_only:
        return ratio_main(args, started)
    results: dict[str, Any] = {"machine": machine(), "size": args.size, "repeat": args.repeat}
    temp = None
    if args.workspace is None:
        temp = Path(tempfile.mkdtemp(prefix=f"compliance-bench-{args.size}-"))
        root = temp / "ws"
        gen_start = time.perf_counter()
        results["workspace"] = timed(
            "generating the workspace", lambda: generate(root, PRESETS[args.size])
        )
        results["generate_s"] = time.perf_counter() - gen_start
    else:
        root = args.workspace.resolve()
        results["workspace"] = {"path": str(root)}
    try:
        results["index"] = timed("evidence index vs floor", lambda: bench_index(root, args.repeat))
        results["check"] = timed("compliance check", lambda: bench_check(root, args.repeat))
        if args.skip_build:
            results["build"] = previous_build(args.json)
        else:
            n = args.build_repeat
            build_root = root
            if args.build_size != args.size:
                assert temp is not None or args.workspace is not None
                build_root = Path(tempfile.mkdtemp(prefix="compliance-bench-build-")) / "ws"
                generate(build_root, PRESETS[args.build_size])
            results["build"] = timed("compliance build", lambda: bench_build(build_root, n))
            results["build"]["workspace_size"] = args.build_size
            if build_root != root:
                shutil.rmtree(build_root.parent, ignore_errors=True)
    finally:
        if temp is not None and not args.keep:
            shutil.rmtree(temp, ignore_errors=True)
    if args.ratio_sizes:
        results["floor_ratio"] = run_ratios(args)
    results["total_s"] = time.perf_counter() - started
    results["table"] = table(results)
    if "floor_ratio" in results:
        results["ratio_table"] = ratio_table(results["floor_ratio"])
        print(results["ratio_table"])
    args.json.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(results["table"])
    print(f"\ntotal {results['total_s']:.0f} s; results in {args.json}")
    self_usage = resource.getrusage(resource.RUSAGE_SELF)
    print(f"benchmark process peak memory {self_usage.ru_maxrss / 1024:.0f} MB", file=sys.stderr)
    return 0


def run_ratios(args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {}
    repeat = args.ratio_repeat or args.repeat
    for text in args.ratio_sizes.split(","):
        n = int(text)
        root, described = timed(
            f"workspace, {n} files", lambda n=n: ratio_workspace(args.ratio_workspaces, n)
        )
        try:
            out[str(n)] = timed(
                f"check --format json vs floor, {n} files",
                lambda root=root: bench_floor_ratio(root, repeat),
            )
            out[str(n)]["workspace"] = described
        finally:
            if args.ratio_workspaces is None:
                shutil.rmtree(root.parent, ignore_errors=True)
    return out


def ratio_main(args: argparse.Namespace, started: float) -> int:
    """Only the floor ratios; merged into --json (other sections are kept)."""
    try:
        results = json.loads(args.json.read_text())
    except (OSError, ValueError):
        results = {}
    fresh = run_ratios(args)
    results.setdefault("floor_ratio", {}).update(fresh)
    results["floor_ratio_machine"] = machine()
    results["floor_ratio_repeat"] = args.ratio_repeat or args.repeat
    results["ratio_table"] = ratio_table(results["floor_ratio"])
    args.json.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(ratio_table(fresh))
    print(f"\ntotal {time.perf_counter() - started:.0f} s; results in {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
