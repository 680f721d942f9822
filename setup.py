"""Build hook: ship frameworks/, templates/, docs/ and the example workspace in the wheel.

The repository root doubles as the example workspace, so the catalogs, templates and
user guides live there; at build time they are copied into ``compliance/_data`` (the
example's files into ``compliance/_data/example``) so that an installed ``compliance``
finds them without the repository: `compliance docs`, `compliance init --example`.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).parent
SHIPPED = ("frameworks", "templates", "docs")
# The example workspace: keep in step with compliance/core/package.py EXAMPLE.
EXAMPLE = (
    "compliance.yaml",
    "model.yaml",
    "training-data.yaml",
    "controls",
    "risks",
    "evidence",
    "approvals",
)


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "compliance" / "_data"
        for name in SHIPPED:
            src = ROOT / name
            if src.is_dir():
                dest = target / name
                if dest.exists():
                    shutil.rmtree(dest)
                shutil.copytree(src, dest, ignore=shutil.ignore_patterns("__pycache__"))
        example = target / "example"
        if example.exists():
            shutil.rmtree(example)
        example.mkdir(parents=True)
        for name in EXAMPLE:
            src = ROOT / name
            if src.is_dir():
                shutil.copytree(src, example / name, ignore=shutil.ignore_patterns("__pycache__"))
            elif src.is_file():
                shutil.copyfile(src, example / name)


setup(cmdclass={"build_py": BuildWithData})
