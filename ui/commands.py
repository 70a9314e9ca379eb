"""Undoable commands: every roster edit, every applied solve and every scenario edit.

Each command holds the before and after *immutable* values and calls one document method, so
undo/redo is exact and cheap (rosters and scenarios are frozen dataclasses — no deep copies).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from planner.domain import Roster, Scenario

if TYPE_CHECKING:
    from ui.document import PlanDocument


class RosterCommand(QUndoCommand):
    """Replace the roster (a hand edit, or an applied solver result)."""

    def __init__(self, document: "PlanDocument", before: Roster | None, after: Roster | None, text: str,
                 result_before: Any = None, result_after: Any = None) -> None:
        super().__init__(text)
        self._doc = document
        self._before, self._after = before, after
        self._result_before, self._result_after = result_before, result_after

    def redo(self) -> None:
        self._doc.replace_roster(self._after, self._result_after)

    def undo(self) -> None:
        self._doc.replace_roster(self._before, self._result_before)


class ScenarioCommand(QUndoCommand):
    """Replace the scenario (targets, agents, contracts, templates, rules)."""

    def __init__(self, document: "PlanDocument", before: Scenario, after: Scenario, text: str) -> None:
        super().__init__(text)
        self._doc = document
        self._before, self._after = before, after

    def redo(self) -> None:
        self._doc.replace_scenario(self._after)

    def undo(self) -> None:
        self._doc.replace_scenario(self._before)


class HistoryCommand(QUndoCommand):
    """Replace the contact history (an import); the forecast is redone after either way."""

    def __init__(self, document: "PlanDocument", before: Any, after: Any, text: str) -> None:
        super().__init__(text)
        self._doc = document
        self._before, self._after = before, after

    def redo(self) -> None:
        self._doc.replace_history(self._after)

    def undo(self) -> None:
        self._doc.replace_history(self._before)


class ForecastOptionsCommand(QUndoCommand):
    """Change what-if inputs of the forecast (events, surges, bot deflection); re-forecasts."""

    def __init__(self, document: "PlanDocument", before: dict[str, Any], after: dict[str, Any], text: str) -> None:
        super().__init__(text)
        self._doc = document
        self._before, self._after = dict(before), dict(after)

    def redo(self) -> None:
        self._doc.replace_forecast_options(self._after)

    def undo(self) -> None:
        self._doc.replace_forecast_options(self._before)
