"""Regulatory coverage, release gates and audit-ready evidence for AI model releases."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("compliance-docs")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+source"
