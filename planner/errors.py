"""Error types of the planner.

Every error a user can cause derives from :class:`PlannerError` and carries a
message that says what is wrong and how to fix it. The CLI and the UI show
``str(error)``; anything else is a bug and reaches the crash handler.
"""
from __future__ import annotations

from dataclasses import dataclass, field


class PlannerError(Exception):
    """Base class of all user-facing planner errors."""


@dataclass(frozen=True)
class InputProblem:
    """One problem found in an input file: where it is and how to fix it."""

    message: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    fix: str | None = None

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(str(self.file))
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        text = (", ".join(where) + ": " if where else "") + self.message
        if self.fix:
            text += f" — {self.fix}"
        return text


class InputError(PlannerError):
    """Bad input data. Collects every problem found so they are reported together."""

    def __init__(self, problems: list[InputProblem] | InputProblem | str, *,
                 file: str | None = None, row: int | None = None,
                 column: str | None = None, fix: str | None = None) -> None:
        if isinstance(problems, str):
            problems = [InputProblem(problems, file=file, row=row, column=column, fix=fix)]
        elif isinstance(problems, InputProblem):
            problems = [problems]
        self.problems: list[InputProblem] = list(problems)
        shown = self.problems[:20]
        text = "\n".join(str(p) for p in shown)
        if len(self.problems) > len(shown):
            text += f"\n… and {len(self.problems) - len(shown)} more problems"
        super().__init__(text)


class ScenarioError(InputError):
    """The scenario (queues, agents, contracts, rules) is inconsistent."""


@dataclass
class Conflict:
    """A named hard rule taking part in an infeasibility."""

    rule: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.rule}: {self.detail}" if self.detail else self.rule


class InfeasibleError(PlannerError):
    """The rules cannot all hold; ``conflicts`` names the rules, agents and times."""

    def __init__(self, conflicts: list[Conflict] | list[str], hint: str = "") -> None:
        self.conflicts = [c if isinstance(c, Conflict) else Conflict(str(c)) for c in conflicts]
        lines = ["The rules cannot all hold together. Conflicting rules:"]
        lines += [f"  - {c}" for c in self.conflicts] or ["  - (the solver could not isolate them)"]
        if hint:
            lines.append(hint)
        super().__init__("\n".join(lines))


class ProjectFormatError(PlannerError):
    """A project file is damaged or not a plan file."""


class UnsupportedVersionError(ProjectFormatError):
    """A project file written by a newer version of the planner."""


class SolverError(PlannerError):
    """The solver stopped without a usable roster (time limit, model invalid)."""
