"""YAML bytes -> validated models, with every error located at file:line:column."""

from __future__ import annotations

import bisect
import types
import typing
from dataclasses import dataclass, field
from typing import Any, TypeVar, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from compliance.core.errors import InputError, Problem
from compliance.core.suggest import ascii_lookalike, lookalike_note, suggest
from compliance.core.text import decode_text

M = TypeVar("M", bound=BaseModel)

MAX_NODES = 200_000
"""Bound on YAML nodes after alias expansion: defeats 'billion laughs' documents."""
MAX_BYTES = 20 * 1024 * 1024
"""A workspace YAML file larger than this is refused before parsing."""

Path_ = tuple[str | int, ...]


@dataclass
class Parsed:
    """Plain data parsed from YAML plus where each value and key stood in the file.

    Positions are only needed for messages and locations: a file parsed on the fast path
    records those of values and keys down to SHALLOW_DEPTH (a control, its fields, each
    evidence link) and keeps its text; the first `where` for a deeper path composes it
    again and walks it for every position (the walk the slow path does up front, so the
    same answers: every prefix of a shallow path is shallow, and all of those are known).
    """

    data: Any
    _values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    _keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    _source: tuple[str, str] | None = None
    """(label, text) while only the positions down to SHALLOW_DEPTH are known."""

    def _positions(self) -> None:
        assert self._source is not None
        label, text = self._source
        full = _parse_text(label, text, fast=False)
        self._values, self._keys, self._source = full._values, full._keys, None

    @property
    def values(self) -> dict[Path_, tuple[int, int]]:
        """Every value's position (the shallow ones only inside `where`)."""
        return self._values if self._source is None else self._full()[0]

    @property
    def keys(self) -> dict[Path_, tuple[int, int]]:
        return self._keys if self._source is None else self._full()[1]

    def _full(self) -> tuple[dict[Path_, tuple[int, int]], dict[Path_, tuple[int, int]]]:
        self._positions()
        return self._values, self._keys

    def where(self, loc: Path_, *, key: bool = False) -> tuple[int | None, int | None]:
        """Line and column of the closest known position to `loc` (1-based)."""
        if self._source is not None and len(loc) > SHALLOW_DEPTH:
            self._positions()
        table = self._keys if key else self._values
        values = self._values
        for end in range(len(loc), -1, -1):
            prefix = loc[:end]
            if prefix in table:
                return table[prefix]
            if key and prefix in values:
                return values[prefix]
        return (None, None)


class _Loader(yaml.SafeLoader):
    """SafeLoader; nodes are walked by `_Builder`, not constructed by PyYAML."""


class _Lines:
    """Line and column of a character offset, counting only '\n' as a line break.

    PyYAML also breaks lines at U+0085, U+2028 and U+2029; editors and our other messages
    do not, so its marks would point a user at the wrong line in such a file.
    """

    def __init__(self, text: str) -> None:
        self.starts: list[int] | None = None
        if any(c in text for c in "\x85\u2028\u2029"):
            self.starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def of(self, mark: yaml.Mark) -> tuple[int, int]:
        if self.starts is None:
            return (mark.line + 1, mark.column + 1)
        line = bisect.bisect_right(self.starts, mark.index)
        return (line, mark.index - self.starts[line - 1] + 1)


class _Builder:
    def __init__(self, label: str, loader: _Loader, lines: _Lines) -> None:
        self.label = label
        self.loader = loader
        self.lines = lines
        self.count = 0
        self.stack: set[int] = set()
        self.parsed = Parsed(None)
        self.problems: list[Problem] = []

    def _pos(self, node: yaml.Node) -> tuple[int, int]:
        return self.lines.of(node.start_mark)

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            line, col = self._pos(node)
            raise InputError.single(
                self.label,
                f"the document expands to more than {MAX_NODES} values (YAML aliases?)",
                "write the values out or split the file; alias bombs are refused",
                line,
                col,
            )
        self.parsed.values[path] = self._pos(node)
        if isinstance(node, yaml.ScalarNode):
            try:
                return self.loader.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError, OverflowError) as exc:
                # PyYAML raises ValueError for a date that is not on the calendar
                # (2026-13-45) and for an integer beyond Python's digit limit.
                line, col = self._pos(node)
                self.problems.append(Problem(self.label, line, col, *_scalar_problem(node, exc)))
                return None
        if id(node) in self.stack:
            line, col = self._pos(node)
            raise InputError.single(
                self.label, "a YAML alias refers to itself", "remove the recursive alias", line, col
            )
        self.stack.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path)
        finally:
            self.stack.discard(id(node))
        raise AssertionError(f"unexpected YAML node {node!r}")  # pragma: no cover

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        first_seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            line, col = self._pos(key_node)
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(
                    Problem(
                        self.label,
                        line,
                        col,
                        "YAML merge keys ('<<') are not supported",
                        "write the fields out in full",
                    )
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(
                    Problem(
                        self.label,
                        line,
                        col,
                        "a mapping key must be a plain value",
                        "use a string key",
                    )
                )
                continue
            key = self.loader.construct_object(key_node)
            if not isinstance(key, str | int | float | bool) and key is not None:
                key = str(key)
            if key in first_seen:
                self.problems.append(
                    Problem(
                        self.label,
                        line,
                        col,
                        f"duplicate key {key!r}",
                        f"it is already set on line {first_seen[key]}; keep one",
                    )
                )
                continue
            first_seen[key] = line
            child = (*path, key if isinstance(key, str | int) else str(key))
            self.parsed.keys[child] = (line, col)
            out[key] = self.build(value_node, child)
        return out


SHALLOW_DEPTH = 4
"""Positions the fast path keeps: paths this long or shorter, ("controls", i, "evidence", j)."""
STR_TAG = "tag:yaml.org,2002:str"
MERGE_TAG = "tag:yaml.org,2002:merge"


class _Slow(Exception):
    """The fast walk met something the full walk reports (or must rule on): use it."""


class _FastBuilder:
    """`_Builder` without positions, for a document with nothing to report.

    It gives the same data. Anything the full walk would report or refuse (a scalar that
    cannot be constructed, a merge key, a non-scalar key, a duplicate key, an alias that
    refers to itself, too many values) raises _Slow, and the caller runs the full walk,
    so every message and its file:line:column are unchanged.
    """

    def __init__(self, loader: _Loader, lines: _Lines) -> None:
        self.construct = loader.construct_object
        self.lines = lines
        self.count = 0
        self.stack: set[int] = set()
        self.values: dict[Path_, tuple[int, int]] = {}
        self.keys: dict[Path_, tuple[int, int]] = {}

    def _pos(self, node: yaml.Node) -> tuple[int, int]:
        if self.lines.starts is None:
            mark = node.start_mark
            return (mark.line + 1, mark.column + 1)
        return self.lines.of(node.start_mark)

    def build(self, node: yaml.Node, path: Path_ | None) -> Any:
        """The value of `node`; `path` is None below SHALLOW_DEPTH (no position kept)."""
        self.count += 1
        if self.count > MAX_NODES:
            raise _Slow
        if path is not None:
            self.values[path] = self._pos(node)
        if isinstance(node, yaml.ScalarNode):
            if node.tag == STR_TAG:
                return node.value  # what SafeConstructor.construct_yaml_str returns
            try:
                return self.construct(node, deep=True)
            except (yaml.YAMLError, ValueError, OverflowError):
                raise _Slow from None
        if id(node) in self.stack:
            raise _Slow
        self.stack.add(id(node))
        try:
            deep = path is None or len(path) >= SHALLOW_DEPTH
            if isinstance(node, yaml.SequenceNode):
                if deep:
                    return [self.build(item, None) for item in node.value]
                assert path is not None
                return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, None if deep else path)
        finally:
            self.stack.discard(id(node))
        raise _Slow  # pragma: no cover - an unexpected node: the full walk says so

    def _mapping(self, node: yaml.MappingNode, path: Path_ | None) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG or not isinstance(key_node, yaml.ScalarNode):
                raise _Slow
            if key_node.tag == STR_TAG:
                key = key_node.value
            else:
                key = self.construct(key_node)
                if not isinstance(key, str | int | float | bool) and key is not None:
                    key = str(key)
            if key in out:
                raise _Slow  # a duplicate key
            if path is None:
                out[key] = self.build(value_node, None)
                continue
            child = (*path, key if isinstance(key, str | int) else str(key))
            self.keys[child] = self._pos(key_node)
            out[key] = self.build(value_node, child)
        return out


def _scalar_problem(node: yaml.ScalarNode, exc: Exception) -> tuple[str, str]:
    """Message and hint for a scalar PyYAML could not construct."""
    shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
    if node.tag == "tag:yaml.org,2002:timestamp":
        return (
            f"{shown!r} is not a real date ({exc})",
            "write dates as YYYY-MM-DD, e.g. 2026-01-31",
        )
    if node.tag == "tag:yaml.org,2002:int":
        return (f"the number {shown} is too large to read", "write a number of sensible size")
    return (f"invalid value: {exc}", "check the value's format")


_CLoader = getattr(yaml, "CSafeLoader", None)


def _libyaml_node(text: str) -> yaml.Node | None:
    """Compose with libyaml (C, ~10x faster) when it is sure to agree with PyYAML.

    None sends the caller to the pure-Python parser, whose messages and limits are the
    ones users see: on any libyaml error, and for text with tabs (which libyaml accepts
    after a colon where PyYAML refuses them).
    """
    if _CLoader is None or "\t" in text:
        return None
    loader = _CLoader(text)
    try:
        return loader.get_single_node()
    except (yaml.YAMLError, RecursionError):
        return None
    finally:
        loader.dispose()


def parse_yaml(label: str, data: bytes) -> Parsed:
    """Parse one YAML document; duplicate keys, alias bombs and encoding errors are refused."""
    if len(data) > MAX_BYTES:
        raise InputError.single(
            label, f"file is {len(data)} bytes, over the {MAX_BYTES}-byte limit", "split it up"
        )
    return _parse_text(label, decode_text(label, data), fast=True)


def _parse_text(label: str, text: str, *, fast: bool) -> Parsed:
    """Parse decoded text; `fast` leaves the positions to be worked out on first use."""
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise InputError.single(label, "file is empty", "expected a YAML mapping", 1, 1)
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line = before.count("\n") + 1
        col = exc.position - (before.rfind("\n") + 1) + 1
        raise InputError.single(
            label,
            f"character U+{exc.character:04X} is not allowed in YAML",
            "remove control characters from the file",
            line,
            col,
        ) from None
    try:
        node = _libyaml_node(text) or loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _Lines(text).of(mark) if mark else (None, None)
        what = exc.problem or str(exc)
        hint = "check indentation and quoting"
        if "\t" in what or "tab" in what or "\\t" in what:
            hint = "YAML does not allow tabs for indentation; use spaces"
        raise InputError.single(label, f"malformed YAML: {what}", hint, line, col) from None
    except yaml.YAMLError as exc:
        raise InputError.single(label, f"malformed YAML: {exc}", "check the syntax") from None
    except RecursionError:
        raise InputError.single(
            label, "YAML nesting is too deep", "flatten the structure"
        ) from None
    finally:
        loader.dispose()
    if node is None:
        raise InputError.single(label, "file is empty", "expected a YAML mapping", 1, 1)
    if fast:
        fast_builder = _FastBuilder(loader, _Lines(text))
        try:
            data = fast_builder.build(node, ())
        except (_Slow, RecursionError):
            pass  # the full walk below reports it, located
        else:
            return Parsed(data, fast_builder.values, fast_builder.keys, (label, text))
    builder = _Builder(label, loader, _Lines(text))
    try:
        builder.parsed.data = builder.build(node, ())
    except RecursionError:
        raise InputError.single(
            label, "YAML nesting is too deep", "flatten the structure"
        ) from None
    if builder.problems:
        raise InputError(builder.problems)
    return builder.parsed


def _unwrap(annotation: Any) -> list[Any]:
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        out: list[Any] = []
        for arg in get_args(annotation):
            out.extend(_unwrap(arg))
        return out
    return [annotation]


def _model_at(model: type[BaseModel], loc: Path_) -> type[BaseModel] | None:
    """The model class that holds the field at `loc` (for listing the allowed fields)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            alias = {f.alias: f for f in current.model_fields.values() if f.alias}
            info = alias.get(part)
        if info is None:
            return None
        nxt: Any = None
        for candidate in _unwrap(info.annotation):
            origin = get_origin(candidate)
            if origin in (list, dict, tuple, set):
                args = [a for arg in get_args(candidate) for a in _unwrap(arg)]
                candidate = next(
                    (a for a in args if isinstance(a, type) and issubclass(a, BaseModel)), None
                )
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                nxt = candidate
                break
        current = nxt
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _field_names(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _describe(model: type[M], parsed: Parsed, err: dict[str, Any]) -> tuple[Path_, str, str, bool]:
    loc: Path_ = tuple(err.get("loc", ()))
    kind = err.get("type", "")
    dotted = ".".join(str(p) for p in loc) or "(top level)"
    if kind == "extra_forbidden":
        holder = _model_at(model, loc[:-1])
        names = _field_names(holder) if holder else []
        hint = suggest(str(loc[-1]), names)
        allowed = f"expected one of: {', '.join(names)}" if names else "remove it"
        return loc, f"unknown field {dotted!r}", "; ".join(h for h in (hint, allowed) if h), True
    if kind == "missing":
        return loc, f"missing required field {dotted!r}", "add it", False
    msg = err.get("msg", "invalid value")
    value = err.get("input")
    if kind.startswith(("date_", "datetime_")):
        msg = "expected a date written as YYYY-MM-DD, e.g. 2026-01-31"
    if kind == "string_pattern_mismatch" and isinstance(value, str) and not value.isascii():
        # A regex message hides the real problem: a character that only looks like ASCII.
        plain = ascii_lookalike(value)
        hint = f"did you mean {plain!r}? " if plain else ""
        return loc, f"invalid value for {dotted!r} ({value!r})", hint + lookalike_note(value), False
    shown = repr(value) if isinstance(value, str | int | float | bool) else ""
    if len(shown) > 60:
        shown = shown[:57] + "..."
    what = f"invalid value for {dotted!r}" + (f" ({shown})" if shown else "")
    return loc, what, msg[0].lower() + msg[1:] if msg else "", False


def validate(model: type[M], label: str, parsed: Parsed) -> M:
    """Validate parsed data against `model`; every error is located in the source file."""
    if not isinstance(parsed.data, dict):
        line, col = parsed.where(())
        raise InputError.single(
            label, "the top level must be a mapping", "expected key: value pairs", line, col
        )
    try:
        return model.model_validate(parsed.data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            loc, message, hint, on_key = _describe(model, parsed, err)
            if err.get("type") == "missing":
                line, col = parsed.where(loc[:-1])
            else:
                line, col = parsed.where(loc, key=on_key)
            problems.append(Problem(label, line, col, message, hint))
        raise InputError(problems) from None


def load_model(model: type[M], label: str, data: bytes) -> tuple[M, Parsed]:
    """Parse and validate one file."""
    parsed = parse_yaml(label, data)
    version = parsed.data.get("schema_version") if isinstance(parsed.data, dict) else None
    if "schema_version" in model.model_fields and isinstance(version, int) and version > 1:
        line, col = parsed.where(("schema_version",))
        raise InputError.single(
            label,
            f"schema_version {version} is newer than this tool understands (1)",
            "upgrade compliance-docs or write schema_version: 1",
            line,
            col,
        )
    return validate(model, label, parsed), parsed
