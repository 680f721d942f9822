"""Generate a large synthetic workspace in a fresh git repository, for the benchmarks.

    .venv/bin/python benchmarks/generate.py [--size large|small] [--out DIR] [--evidence N] ...

The whole history is written by one `git fast-import` process (one stream of blobs and
commits), never one `git commit` per change: 5,000 commits take seconds, not minutes.
Everything is derived from a seeded random generator, so the same flags give the same
repository (commit ids included).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO_ROOT))

START = datetime(2023, 1, 2, 9, 0, tzinfo=UTC)
"""The first commit's date; later commits follow at a fixed pace."""
STEP = timedelta(hours=5)
AREAS = (
    "governance",
    "data",
    "evaluations",
    "red-team",
    "security",
    "incidents",
    "policies",
    "training",
    "operations",
    "risk",
)
HARMS = (
    "cbrn",
    "cyber-offence",
    "child-sexual-exploitation",
    "self-harm",
    "fraud-and-scams",
    "privacy",
    "harmful-manipulation",
)
"""Category ids of the shipped harm taxonomies (every risk's and eval slice's harm_category
must be one of the taxonomies in use)."""
OWNERS = (
    "Head of AI Governance",
    "Safety Lead",
    "Red Team Lead",
    "Data Governance Lead",
    "Security Lead",
    "Model Documentation Lead",
)
LANGS = ("en", "fr", "de", "es", "it", "pl", "ja")
WORDS = [
    *("model", "evaluation", "safety", "mitigation", "residual", "risk", "training", "data"),
    *("governance", "incident", "review", "approval", "release", "red", "team", "finding"),
    *("policy", "owner", "control"),
]


TEAMS = ("core", "platform", "research", "vendor", "regional")
JSON_EVERY = 10
"""One non-log evidence file in JSON_EVERY is an arbitrary JSON document (about 10%)."""
BINARY_MB = (5, 12, 24, 50)
"""Sizes of the large binary evidence files (model cards' weight digests, archives, scans)."""


@dataclass(frozen=True)
class Size:
    evidence: int
    commits: int
    controls: int
    risks: int
    evals: int
    binaries: int = len(BINARY_MB)


PRESETS = {
    "large": Size(evidence=10_000, commits=5_000, controls=2_000, risks=300, evals=200),
    "small": Size(evidence=500, commits=200, controls=100, risks=20, evals=10, binaries=1),
}


def scaled(evidence: int, base: Size | None = None) -> Size:
    """The large preset with `evidence` files; evaluation logs stay 2% of the evidence."""
    base = base or PRESETS["large"]
    evals = max(1, round(evidence * base.evals / base.evidence))
    return Size(evidence, base.commits, base.controls, base.risks, evals, base.binaries)


def requirement_refs() -> list[str]:
    """Every assessable requirement of every built-in catalog, as FRAMEWORK:ID."""
    from compliance.core.ids import format_ref
    from compliance.load.catalogs import load_catalogs

    cats = load_catalogs()
    return [
        format_ref(cid, req.id)
        for cid, loaded in sorted(cats.catalogs.items())
        for req in loaded.assessable()
    ]


def framework_ids() -> list[str]:
    from compliance.load.catalogs import load_catalogs

    return sorted(load_catalogs().catalogs)


class Plan:
    """The workspace's files and the history that produced them, decided up front."""

    def __init__(self, size: Size, seed: int) -> None:
        self.size = size
        self.rng = random.Random(seed)
        self.seed = seed
        n_binaries = min(size.binaries, len(BINARY_MB))
        n_docs = size.evidence - size.evals - n_binaries
        # Nested folders: area / team / year / file, as a real evidence locker grows.
        # One file in JSON_EVERY is an arbitrary JSON document (configs, dataset statistics,
        # API exports, harness results): not an evaluation log, though some look like one.
        self.docs = [
            f"evidence/{AREAS[i % len(AREAS)]}/{TEAMS[(i // 10) % len(TEAMS)]}/"
            f"{2023 + (i // 50) % 3}/{'data' if i % JSON_EVERY == 9 else 'doc'}-{i:05d}."
            f"{'json' if i % JSON_EVERY == 9 else 'md'}"
            for i in range(max(n_docs, 0))
        ]
        # Evaluation logs in the plain-metrics format: three in four JSON, the rest CSV.
        self.evals = [
            f"evidence/evaluations/runs/{TEAMS[i % len(TEAMS)]}/"
            f"eval-{i:05d}.{'csv' if i % 4 == 3 else 'json'}"
            for i in range(size.evals)
        ]
        self.binaries = [f"evidence/security/artifacts/archive-{k}.bin" for k in range(n_binaries)]
        self.version: dict[str, int] = {}

    def commit_date(self, k: int) -> datetime:
        return START + STEP * k

    # -- file contents -------------------------------------------------------------------

    def binary(self, path: str) -> bytes:
        """Incompressible bytes (an archive, a scan), the same for the same seed."""
        k = int(path.rsplit("-", 1)[1].split(".")[0])
        return random.Random(self.seed * 1_000 + k).randbytes(BINARY_MB[k] * 1024 * 1024)

    def json_doc(self, path: str, version: int, when: datetime) -> bytes:
        """An arbitrary JSON evidence document: most are small, one in 25 is past 64 KB."""
        i = int(path.rsplit("-", 1)[1].split(".")[0])
        r = random.Random(i * 1_000_033 + version)
        shape = (i // JSON_EVERY) % 5
        n = 5 + (i * 7919) % 60
        if (i // JSON_EVERY) % 25 == 3:
            n = 1500  # an API export or a crawl manifest: hundreds of kilobytes
        rows = [
            {
                "id": f"item-{i}-{k}",
                "label": " ".join(r.choice(WORDS) for _ in range(4)),
                "score": round(r.random(), 4),
                "tags": r.sample(HARMS, 2),
            }
            for k in range(n)
        ]
        doc: dict[str, object]
        if shape == 0:  # a training or serving configuration
            doc = {
                "name": f"config-{i}",
                "revision": version,
                "parameters": {f"p{k}": round(r.random(), 3) for k in range(n)},
            }
        elif shape == 1:  # dataset statistics, with a "created" nested in each split
            doc = {
                "dataset": f"corpus-{i}",
                "splits": [
                    {"name": s, "rows": r.randint(100, 10**6), "created": when.isoformat()}
                    for s in ("train", "validation", "test")
                ],
                "items": rows,
            }
        elif shape == 2:  # an export: a bare list of records
            return (json.dumps(rows, indent=1) + "\n").encode()
        elif shape == 3:  # harness output that is not the plain-metrics format
            doc = {
                "results": {h: {"acc": round(r.random(), 4)} for h in HARMS},
                "config": {"model": "synthetic-model-1", "date": when.timestamp()},
                "created": when.isoformat(),
                "samples": rows,
            }
        else:  # a review record
            doc = {"review": f"review-{i}", "approved": i % 7 != 0, "findings": rows}
        return (json.dumps(doc, indent=2) + "\n").encode()

    def doc(self, path: str, version: int, when: datetime) -> bytes:
        """A markdown evidence document; some declare their own date in front matter."""
        if path.endswith(".json"):
            return self.json_doc(path, version, when)
        i = int(path.rsplit("-", 1)[1].split(".")[0])
        body_lines = 12 + (i * 7919) % 40
        # One document in a hundred is large, so hashing is not all tiny files.
        if i % 100 == 42:
            body_lines = 4000
        words = WORDS
        r = random.Random(i * 1_000_003 + version)
        lines = [" ".join(r.choice(words) for _ in range(12)) + "." for _ in range(body_lines)]
        head = ""
        if i % 3 == 0:
            head = f"---\nas_of: {when.date().isoformat()}\nversion: {version}\n---\n"
        text = f"{head}# Evidence document {i} (revision {version})\n\n" + "\n".join(lines)
        return (text + "\n").encode()

    def eval_log(self, path: str, version: int, when: datetime) -> bytes:
        """A plain metrics file: JSON with run facts, or CSV with slice columns."""
        i = int(path.rsplit("-", 1)[1].split(".")[0])
        r = random.Random(i * 7 + version)
        if path.endswith(".json"):
            metrics = [
                {
                    "metric": "refusal_rate",
                    "value": round(r.uniform(0.85, 0.999), 4),
                    "ci_low": 0.8,
                    "ci_high": 1.0,
                    "samples": 500,
                    "slice": {"harm_category": h, "language": lang},
                }
                for h in HARMS
                # One log in five is broken down by language too (49 metrics, not 7).
                for lang in (LANGS if i % 5 == 0 else LANGS[:1])
            ]
            doc = {
                "task": f"safety-suite-{i}",
                "model": "synthetic-model-1",
                "created": when.isoformat().replace("+00:00", "Z"),
                "status": "success",
                "metrics": metrics,
            }
            return (json.dumps(doc, indent=2) + "\n").encode()
        rows = ["metric,value,ci_low,ci_high,samples,language"]
        for lang in LANGS:
            rows.append(f"accuracy,{r.uniform(0.6, 0.95):.4f},0.5,1.0,1000,{lang}")
        return ("\n".join(rows) + "\n").encode()

    def content(self, path: str, when: datetime) -> bytes:
        version = self.version.get(path, 0) + 1
        self.version[path] = version
        if path in self._eval_set:
            return self.eval_log(path, version, when)
        if path.endswith(".bin"):
            return self.binary(path)
        return self.doc(path, version, when)

    @staticmethod
    def link_kind(path: str) -> str:
        """JSON under evaluations/ is linked as an evaluation (most are not logs a reader
        accepts, as in a real locker); red-team documents as red-team reports."""
        if path.startswith("evidence/evaluations/") and path.endswith(".json"):
            return "evaluation"
        if path.startswith("evidence/red-team/"):
            return "red-team-report"
        return "document"

    # -- workspace YAML ------------------------------------------------------------------

    def yaml_files(self, refs: list[str], frameworks: list[str]) -> dict[str, bytes]:
        rng = self.rng
        size = self.size
        files: dict[str, bytes] = {}
        files[".gitignore"] = b"build/\n"
        files["compliance.yaml"] = (
            "schema_version: 1\n"
            "organisation:\n  name: Synthetic Benchmark Org\n"
            "system:\n  name: bench-model\n  version: 1.0.0\n"
            "  kind: general-purpose-ai-model\n  general_purpose: true\n"
            "  systemic_risk_declared: true\n  training_compute_flop: 3.0e+25\n"
            "release:\n  id: bench-model-1.0.0\n  git_ref: HEAD\n"
            "frameworks:\n" + "".join(f"  - {f}\n" for f in frameworks) + "evidence:\n"
            "  max_age_days: 365\n  require_committed: true\n"
        ).encode()
        # Leave one requirement in twelve without a control, so there are real gaps.
        covered = [r for j, r in enumerate(refs) if j % 12 != 5]
        links = list(self.docs)
        rng.shuffle(links)
        per = max(1, len(links) // max(size.controls, 1)) if links else 0
        controls: list[str] = []
        for c in range(size.controls):
            cid = f"CTL-{c:05d}"
            satisfies = {covered[c % len(covered)]} if covered else set()
            satisfies.update(rng.sample(covered, k=min(len(covered), rng.randint(0, 2))))
            mine = links[c * per : (c + 1) * per]
            if c == size.controls - 1:
                mine = links[c * per :]
            evidence = [f"      - path: {p}\n        kind: {self.link_kind(p)}\n" for p in mine]
            # Evaluation logs spread over the controls (several per control past 2,000).
            evidence.extend(
                f"      - path: {e}\n        kind: evaluation\n"
                for e in self.evals[c :: max(size.controls, 1)]
            )
            evidence.extend(
                f"      - path: {b}\n        kind: document\n"
                for b in self.binaries[c :: max(size.controls, 1)]
            )
            if c % 200 == 17:  # an occasional link to a file nobody committed
                evidence.append(f"      - evidence/missing/never-written-{c}.md\n")
            impl = "implemented"
            if c % 40 == 3:
                impl = "planned"
            elif c % 40 == 7:
                impl = "partially-implemented"
            controls.append(
                f"  - id: {cid}\n"
                f"    title: Synthetic control number {c}\n"
                f"    description: >-\n      Generated control {c} for the benchmark workspace.\n"
                f"    owner: {OWNERS[c % len(OWNERS)]}\n"
                f"    implementation: {impl}\n"
                "    satisfies:\n"
                + "".join(f"      - {json.dumps(s)}\n" for s in sorted(satisfies))
                + ("    evidence:\n" + "".join(evidence) if evidence else "")
            )
        per_file = 50
        for f in range(0, len(controls), per_file):
            files[f"controls/controls-{f // per_file:03d}.yaml"] = (
                "schema_version: 1\ncontrols:\n" + "".join(controls[f : f + per_file])
            ).encode()
        risks: list[str] = []
        for k in range(size.risks):
            mit = sorted({f"CTL-{rng.randrange(size.controls):05d}" for _ in range(2)})
            status = ("open", "mitigated", "accepted")[k % 3]
            accept = ""
            if status == "accepted":
                accept = (
                    "    acceptance:\n      approver_role: Safety Review Board Chair\n"
                    "      date: 2025-06-30\n      rationale: Residual risk is tolerable.\n"
                )
            risks.append(
                f"  - id: RISK-{k:04d}\n"
                f"    title: Synthetic risk {k}\n"
                f"    harm_category: {HARMS[k % len(HARMS)]}\n"
                f"    likelihood: {1 + k % 5}\n    severity: {1 + (k * 3) % 5}\n"
                f"    mitigations: [{', '.join(mit)}]\n"
                f"    residual: {{likelihood: 1, severity: {1 + (k * 3) % 5}}}\n"
                f"    owner: {OWNERS[k % len(OWNERS)]}\n"
                f"    status: {status}\n" + accept
            )
        for f in range(0, len(risks), 100):
            files[f"risks/register-{f // 100:02d}.yaml"] = (
                "schema_version: 1\nrisks:\n" + "".join(risks[f : f + 100])
            ).encode()
        return files

    # -- history -------------------------------------------------------------------------

    def commits(self, yaml_files: dict[str, bytes]) -> Iterator[tuple[datetime, str, dict]]:
        """(date, message, {path: bytes}) for every commit, oldest first."""
        self._eval_set = set(self.evals)
        n = max(self.size.commits, 1)
        first: dict[str, bytes] = dict(yaml_files)
        t0 = self.commit_date(0)
        for p in [*self.evals, *self.binaries]:
            first[p] = self.content(p, t0)
        yield t0, "Set up the compliance workspace", first
        # Each later commit adds its share of documents and revises an older one, so the
        # last change of a file is spread over the whole history.
        pending = list(self.docs)
        later = n - 1
        added: list[str] = []
        for k in range(1, n):
            when = self.commit_date(k)
            share = len(pending) // later + (1 if k <= len(pending) % later else 0)
            touched: dict[str, bytes] = {}
            for _ in range(share):
                if not pending:
                    break
                p = pending.pop(0)
                touched[p] = self.content(p, when)
                added.append(p)
            if added and k % 2 == 0:
                p = added[(k * 7919) % len(added)]
                touched[p] = self.content(p, when)
            if self.evals and k % 97 == 0:
                p = self.evals[(k // 97) % len(self.evals)]
                touched[p] = self.content(p, when)
            if k == n - 1:
                touched.update({p: self.content(p, when) for p in pending})
                pending = []
            if not touched:  # keep the requested number of commits
                p = "evidence/changelog.md"
                touched[p] = f"Commit {k}\n".encode()
            yield when, f"Evidence update {k}", touched


def _stream(plan: Plan, yaml_files: dict[str, bytes]) -> Iterator[bytes]:
    """The fast-import stream: inline blobs, one commit per step, on refs/heads/main."""
    for k, (when, message, files) in enumerate(plan.commits(yaml_files)):
        stamp = f"{int(when.timestamp())} +0000"
        msg = message.encode()
        parts = [
            b"commit refs/heads/main\n",
            f"mark :{k + 1}\n".encode(),
            f"author Bench Author <bench@example.invalid> {stamp}\n".encode(),
            f"committer Bench Author <bench@example.invalid> {stamp}\n".encode(),
            f"data {len(msg)}\n".encode() + msg + b"\n",
        ]
        if k > 0:
            parts.append(f"from :{k}\n".encode())
        for path, data in sorted(files.items()):
            parts.append(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")
        yield b"".join(parts)


def _git(repo: Path, *args: str, **kw: object) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", *args], cwd=repo, check=True, env=env, **kw)  # type: ignore[call-overload]


def generate(out: Path, size: Size, seed: int = 7) -> dict[str, object]:
    """Write the repository at `out` (created, must be empty) and describe it."""
    out.mkdir(parents=True, exist_ok=True)
    if any(out.iterdir()):
        raise SystemExit(f"{out} is not empty")
    refs = requirement_refs()
    plan = Plan(size, seed)
    yaml_files = plan.yaml_files(refs, framework_ids())
    _git(out, "init", "-q", "-b", "main")
    _git(out, "config", "user.email", "bench@example.invalid")
    _git(out, "config", "user.name", "Bench Author")
    proc = subprocess.Popen(
        ["git", "fast-import", "--quiet", "--done"], cwd=out, stdin=subprocess.PIPE
    )
    assert proc.stdin is not None
    for chunk in _stream(plan, yaml_files):
        proc.stdin.write(chunk)
    proc.stdin.write(b"done\n")
    proc.stdin.close()
    if proc.wait() != 0:
        raise SystemExit("git fast-import failed")
    _git(out, "checkout", "-q", "-f", "main")
    # A realistic working tree: a few evidence files edited and a few not yet committed.
    dirty = plan.docs[5 :: max(1, len(plan.docs) // 5)][:5]
    for p in dirty:
        with (out / p).open("ab") as fh:
            fh.write(b"\nEdited after the last commit.\n")
    count = int(_git(out, "rev-list", "--count", "HEAD", capture_output=True).stdout)
    return {
        "path": str(out),
        "evidence_files": len(plan.docs) + len(plan.evals) + len(plan.binaries),
        "json_files": sum(p.endswith(".json") for p in [*plan.docs, *plan.evals]),
        "evaluation_logs": len(plan.evals),
        "binaries_mb": [BINARY_MB[k] for k in range(len(plan.binaries))],
        "commits": count,
        "controls": size.controls,
        "control_files": len([p for p in yaml_files if p.startswith("controls/")]),
        "risks": size.risks,
        "requirements_referenced": len(refs),
        "modified_in_working_tree": len(dirty),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(PRESETS), default="large")
    parser.add_argument("--out", type=Path, default=None, help="empty directory (default: temp)")
    for name in ("evidence", "commits", "controls", "risks", "evals", "binaries"):
        parser.add_argument(f"--{name}", type=int, default=None, help=f"override the {name}")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    preset = PRESETS[args.size]
    if args.evidence is not None:
        preset = scaled(args.evidence, preset)  # evaluation logs scale with the evidence
    size = Size(
        **{
            k: getattr(args, k) if getattr(args, k) is not None else getattr(preset, k)
            for k in ("evidence", "commits", "controls", "risks", "evals", "binaries")
        }
    )
    out = args.out or Path(tempfile.mkdtemp(prefix=f"compliance-bench-{args.size}-"))
    print(json.dumps(generate(out, size, args.seed), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
