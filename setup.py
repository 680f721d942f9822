"""Build hook: ship the top-level frameworks/ and templates/ inside the wheel.

The repository root doubles as the example workspace, so the catalogs and templates
live there; at build time they are copied into ``compliance/_data`` so that an
installed ``compliance`` finds them without the repository.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).parent
SHIPPED = ("frameworks", "templates")


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


setup(cmdclass={"build_py": BuildWithData})
