"""Properties shared by the loader fuzz tests."""

from __future__ import annotations

from pydantic import BaseModel

from compliance.core.errors import InputError
from compliance.load.yaml_files import load_model


def loads_or_refuses(model: type[BaseModel], label: str, data: bytes) -> None:
    """The property: a model instance, or an InputError whose every problem names `label`."""
    try:
        loaded, _parsed = load_model(model, label, data)
    except InputError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.path == label and problem.message
            assert problem.line is None or 1 <= problem.line <= data.count(b"\n") + 2
        return
    assert isinstance(loaded, model)
