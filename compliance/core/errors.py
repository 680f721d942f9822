"""Errors a user can act on: each names a file, a line and column, and what was expected."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One problem in one input file, located as precisely as we know."""

    path: str
    line: int | None = None
    column: int | None = None
    message: str = ""
    hint: str = ""

    def _key(self) -> tuple[str, int, int, str, str]:
        """Sort order: file, line, column (unknown first), message, hint."""
        return (self.path, self.line or 0, self.column or 0, self.message, self.hint)

    def __lt__(self, other: Problem) -> bool:
        # A located and an unlocated problem of one file compare (None is not below 1).
        return self._key() < other._key()

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.message}"
        if self.hint:
            text += f"; {self.hint}"
        return text


@dataclass
class InputError(Exception):
    """Invalid user input; carries every problem found, not just the first."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in sorted(self.problems))

    @classmethod
    def single(
        cls,
        path: str,
        message: str,
        hint: str = "",
        line: int | None = None,
        col: int | None = None,
    ) -> InputError:
        """An error with one problem."""
        return cls([Problem(path, line, col, message, hint)])


class ProblemCollector:
    """Gathers problems across a whole run so the user sees them all at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, error: InputError) -> None:
        self.problems.extend(error.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise InputError(list(self.problems))
