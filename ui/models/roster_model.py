"""Agents × days table over the document's roster (no copy of the data; no widget per cell).

Cells show the shift code (``D 08:00–17:00``), coloured by kind of shift (early, day, late,
night). Only the cells whose shift changed get ``dataChanged`` after an edit; a reset happens
only when the agent list or the horizon changes.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QLocale, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from planner.domain import Roster, Shift, _overlaps_night
from ui.document import PlanDocument
from ui.dates import weekday_day_month

ShiftRole = Qt.ItemDataRole.UserRole + 1       # the Shift (or None)
ViolationRole = Qt.ItemDataRole.UserRole + 2   # list of violation texts for the cell
AgentRole = Qt.ItemDataRole.UserRole + 3       # agent id of the row
DayRole = Qt.ItemDataRole.UserRole + 4         # date of the column

KIND_COLOURS = {
    "early": QColor("#cfe8fc"), "day": QColor("#d7f5d0"), "middle": QColor("#fff2b8"),
    "late": QColor("#ffd9b3"), "night": QColor("#d9ccf2"),
}
OFF_COLOUR = QColor("#f4f4f4")
LOCKED_TEXT = QColor("#1a1a1a")
VIOLATION_COLOUR = QColor("#d62728")


def hhmm(minutes: int) -> str:
    minutes %= 1440
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def shift_kind(shift: Shift, night_from_min: int, night_to_min: int) -> str:
    """Early / day / middle / late / night, the way planners colour a roster."""
    if _overlaps_night(shift.start_min, shift.end_min, night_from_min, night_to_min) and \
            (shift.end_min > 1440 or shift.start_min < 6 * 60):
        return "night"
    if shift.start_min < 8 * 60:
        return "early"
    if shift.start_min < 10 * 60:
        return "day"
    if shift.start_min < 13 * 60:
        return "middle"
    return "late"


def shift_code(shift: Shift) -> str:
    """What a cell shows: the times; the colour says the kind, the tooltip the template."""
    return f"{hhmm(shift.start_min)}–{hhmm(shift.end_min)}"


class RosterTableModel(QAbstractTableModel):
    """Rows: scenario agents; columns: days of the horizon."""

    def __init__(self, document: PlanDocument) -> None:
        super().__init__()
        self._doc = document
        self._agents = list(document.scenario.agents)
        self._row = {a.id: i for i, a in enumerate(self._agents)}
        self._days: list[dt.date] = []
        self._cells: dict[tuple[int, int], Shift] = {}
        self._violations: dict[tuple[int, int], list[str]] = {}
        self._load(document.roster, reset=False)
        document.roster_changed.connect(self._on_document_roster_changed)
        document.scenario_changed.connect(self._on_document_scenario_changed)
        document.violations_changed.connect(self._on_document_violations_changed)

    # ------------------------------------------------------------- loading
    def _horizon(self, roster: Roster | None) -> list[dt.date]:
        if roster is not None:
            return roster.days
        s = self._doc.session
        return [s.start_date + dt.timedelta(days=i) for i in range(s.n_days)]

    def _index_cells(self, roster: Roster | None) -> dict[tuple[int, int], Shift]:
        cells: dict[tuple[int, int], Shift] = {}
        if roster is None:
            return cells
        col = {d: j for j, d in enumerate(self._days)}
        for s in roster.shifts:
            i, j = self._row.get(s.agent_id), col.get(s.day)
            if i is not None and j is not None:
                cells[(i, j)] = s
        return cells

    def _load(self, roster: Roster | None, reset: bool) -> None:
        if reset:
            self.beginResetModel()
        self._agents = list(self._doc.scenario.agents)
        self._row = {a.id: i for i, a in enumerate(self._agents)}
        self._days = self._horizon(roster)
        self._cells = self._index_cells(roster)
        if reset:
            self.endResetModel()

    def _on_document_roster_changed(self, old: Roster | None, new: Roster | None) -> None:
        if self._horizon(new) != self._days:
            self._load(new, reset=True)
            return
        changed = self._changed_cells(old, new)
        self._emit_cells(changed)

    def _changed_cells(self, old: Roster | None, new: Roster | None) -> set[tuple[int, int]]:
        """Update the cell index with what changed and return the cells to repaint.

        Edits keep untouched Shift objects (same identity, same position), so a scan by identity
        finds the few changed ones without hashing thousands of shifts.
        """
        if old is None or new is None or len(old.shifts) != len(new.shifts):
            cells = self._index_cells(new)
            changed = {k for k in set(cells) | set(self._cells) if cells.get(k) != self._cells.get(k)}
            self._cells = cells
            return changed
        col = {d: j for j, d in enumerate(self._days)}
        changed: set[tuple[int, int]] = set()
        pairs = [(s, t) for s, t in zip(old.shifts, new.shifts) if s is not t]
        for s, _t in pairs:
            i, j = self._row.get(s.agent_id), col.get(s.day)
            if i is not None and j is not None and self._cells.get((i, j)) == s:
                del self._cells[(i, j)]
                changed.add((i, j))
        for _s, t in pairs:
            i, j = self._row.get(t.agent_id), col.get(t.day)
            if i is not None and j is not None:
                self._cells[(i, j)] = t
                changed.add((i, j))
        return changed

    def _on_document_scenario_changed(self) -> None:
        if list(self._doc.scenario.agents) != self._agents:
            self._load(self._doc.roster, reset=True)
        else:
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, max(0, len(self._agents) - 1))

    def _on_document_violations_changed(self, violations: list[Any]) -> None:
        found: dict[tuple[int, int], list[str]] = {}
        col = {d: j for j, d in enumerate(self._days)}
        for v in violations:
            i = self._row.get(getattr(v, "agent_id", None) or "")
            if i is None:
                continue
            day = getattr(v, "day", None)
            cols = [col[day]] if day in col else range(len(self._days))
            for j in cols:
                found.setdefault((i, j), []).append(f"{v.rule}: {v.detail}" if v.detail else str(v.rule))
        changed = set(found) ^ set(self._violations) | {k for k in found if found[k] != self._violations.get(k)}
        self._violations = found
        self._emit_cells(changed)

    def _emit_cells(self, cells: set[tuple[int, int]]) -> None:
        # one signal per changed row span keeps views exact without a storm of tiny signals
        by_row: dict[int, list[int]] = {}
        for i, j in cells:
            by_row.setdefault(i, []).append(j)
        for i, cols in by_row.items():
            self.dataChanged.emit(self.index(i, min(cols)), self.index(i, max(cols)))

    # ---------------------------------------------------------------- access
    def agent_at(self, row: int) -> str:
        return self._agents[row].id

    def day_at(self, column: int) -> dt.date:
        return self._days[column]

    def days(self) -> list[dt.date]:
        return list(self._days)

    def cell_of(self, agent_id: str, day: dt.date) -> QModelIndex:
        i = self._row.get(agent_id)
        j = self._days.index(day) if day in self._days else None
        return self.index(i, j) if i is not None and j is not None else QModelIndex()

    def violated_cells(self) -> set[tuple[int, int]]:
        return set(self._violations)

    # ------------------------------------------------------------ Qt model API
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._agents)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._days)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        key = (index.row(), index.column())
        shift = self._cells.get(key)
        if role == Qt.ItemDataRole.DisplayRole:
            if shift is None:
                return ""
            return ("■ " if shift.locked else "") + shift_code(shift)
        if role == Qt.ItemDataRole.BackgroundRole:
            if shift is None:
                return OFF_COLOUR
            rules = self._doc.scenario.rules
            return KIND_COLOURS[shift_kind(shift, rules.night_from_min, rules.night_to_min)]
        if role == Qt.ItemDataRole.ForegroundRole:
            return VIOLATION_COLOUR if key in self._violations else LOCKED_TEXT
        if role == Qt.ItemDataRole.FontRole:
            if key in self._violations or (shift is not None and shift.locked):
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(key, shift)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == ShiftRole:
            return shift
        if role == ViolationRole:
            return list(self._violations.get(key, []))
        if role == AgentRole:
            return self._agents[index.row()].id
        if role == DayRole:
            return self._days[index.column()]
        return None

    def _tooltip(self, key: tuple[int, int], shift: Shift | None) -> str:
        agent = self._agents[key[0]]
        day = QLocale().toString(self._days[key[1]], QLocale.FormatType.ShortFormat)
        lines = [f"{agent.name} ({agent.id}) — {day}"]
        if shift is None:
            lines.append(self.tr("Day off"))
        else:
            paid, brk = self.tr("paid"), self.tr("Break")
            lines.append(f"{shift.template}: {hhmm(shift.start_min)}–{hhmm(shift.end_min)}"
                         f"  ({paid} {shift.paid_min / 60:g} h)")
            for a, b in shift.breaks:
                lines.append(f"{brk} {hhmm(a)}–{hhmm(b)}")
            if shift.locked:
                lines.append(self.tr("Locked: re-optimising keeps this shift"))
        lines += [f"⚠ {text}" for text in self._violations.get(key, [])]
        return "\n".join(lines)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                if 0 <= section < len(self._days):
                    return weekday_day_month(self._days[section])
                return None
            if 0 <= section < len(self._agents):
                return self._agents[section].name
            return None
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Vertical \
                and 0 <= section < len(self._agents):
            a = self._agents[section]
            paid_min = sum(s.paid_min for (i, _j), s in self._cells.items() if i == section)
            weeks = max(1, len(self._days) / 7)
            return (f"{a.id} · {a.team} · {a.contract} · {', '.join(a.queues)}" + (" · VIP" if a.vip else "")
                    + "\n" + self.tr("Paid {hours:g} h ({per_week:.1f} h per week)").format(
                        hours=round(paid_min / 60, 1), per_week=paid_min / 60 / weeks))
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self._days):
            return self._day_tooltip(self._days[section])
        if role == Qt.ItemDataRole.BackgroundRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self._days) and self._days[section].weekday() >= 5:
            return QColor("#ffe9e9")
        return None

    def _day_tooltip(self, day: dt.date) -> str:
        """Predicted service level of each queue that day (volume-weighted), from the evaluation."""
        lines = [QLocale().toString(day, QLocale.FormatType.LongFormat)]
        evaluation = self._doc.evaluation
        if evaluation is not None:
            daily = evaluation.daily
            for row in daily[daily["date"] == day].itertuples():
                lines.append(self.tr("{queue}: service level {sl:.1%}, {n} understaffed intervals").format(
                    queue=row.queue, sl=float(row.service_level), n=int(row.understaffed_intervals)))
        working = sum(1 for (_i, j) in self._cells if self._days[j] == day)
        lines.append(self.tr("{n} agents working").format(n=working))
        return "\n".join(lines)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class RosterCellDelegate(QStyledItemDelegate):
    """Paints cells as usual, plus a red frame around cells with a broken rule."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        super().paint(painter, option, index)
        if index.data(ViolationRole):
            painter.save()
            painter.setPen(QPen(VIOLATION_COLOUR, 2))
            painter.drawRect(option.rect.adjusted(1, 1, -2, -2))
            painter.restore()
