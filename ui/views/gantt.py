"""Day timeline (Gantt) of one day: a bar per working agent, breaks inside; edit by drag or keys.

Drag the middle of a bar to move the shift, its left or right edge to stretch or shrink it, and a
break to move the break. Keys: Up/Down choose the agent, Left/Right move the shift one interval,
Shift+Left/Right move the end, Ctrl+Left/Right move the start, Delete removes the shift, L locks
or unlocks. Every change goes through the document as one undoable edit; while dragging only a
preview is drawn.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (QBrush, QColor, QFont, QFontMetrics, QHelpEvent, QKeyEvent, QMouseEvent, QPainter,
                           QPaintEvent, QPen)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from planner.domain import Shift
from planner.editing import delete_shift, move_break, move_shift, resize_shift, set_locked
from ui.document import PlanDocument
from ui.models.roster_model import KIND_COLOURS, VIOLATION_COLOUR, hhmm, shift_kind

ROW_H = 20
HEADER_H = 22
NAME_W = 120
EDGE_PX = 5
LABEL_PAD_PX = 4
MIN_LABEL_CHARS = 2      # fewer characters before the '…' than "08…" say nothing: hide, the tooltip has it


def bar_label(metrics: QFontMetrics, text: str, width_px: float) -> str:
    """``text`` as it fits in ``width_px``: whole, elided with '…', or '' when too little would show."""
    if metrics.horizontalAdvance(text) <= width_px:
        return text
    elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(width_px))
    return elided if len(elided.rstrip("…").strip()) >= MIN_LABEL_CHARS else ""


@dataclass
class _Drag:
    row: int
    mode: str            # "move", "start", "end", "break"
    press_x: int
    break_index: int = -1
    delta_min: int = 0


class DayTimeline(QWidget):
    """The timeline of ``day`` for agents who work that day."""

    shift_selected = Signal(str, object)   # agent id, day

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc = document
        self._day: dt.date | None = None
        self._rows: list[Shift] = []
        self._names = {a.id: a.name for a in document.scenario.agents}
        self._violated: set[str] = set()
        self._selected = -1
        self._drag: _Drag | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setToolTip(self.tr("Drag a shift to move it, its edges to stretch or shrink it, a break to move "
                                "it. Keys: arrows, Shift/Ctrl+arrows, Delete, L to lock."))
        document.roster_changed.connect(self._on_document_roster_changed)
        document.violations_changed.connect(self._on_document_violations_changed)
        document.scenario_changed.connect(self._on_document_scenario_changed)

    # --------------------------------------------------------------- state
    def set_day(self, day: dt.date | None, agent_id: str | None = None) -> None:
        self._day = day
        self._reload()
        if agent_id is not None:
            self.select_agent(agent_id)

    def day(self) -> dt.date | None:
        return self._day

    def rows(self) -> list[Shift]:
        return list(self._rows)

    def select_agent(self, agent_id: str) -> None:
        self._selected = next((i for i, s in enumerate(self._rows) if s.agent_id == agent_id), -1)
        self.update()

    def selected_shift(self) -> Shift | None:
        return self._rows[self._selected] if 0 <= self._selected < len(self._rows) else None

    def _reload(self) -> None:
        selected = self.selected_shift()
        roster = self._doc.roster
        order = {a.id: i for i, a in enumerate(self._doc.scenario.agents)}
        if roster is None or self._day is None:
            self._rows = []
        else:
            self._rows = sorted((s for s in roster.shifts if s.day == self._day),
                                key=lambda s: order.get(s.agent_id, 1 << 30))
        if selected is not None:
            self._selected = next((i for i, s in enumerate(self._rows) if s.agent_id == selected.agent_id), -1)
        self.updateGeometry()
        self.setMinimumHeight(HEADER_H + ROW_H * max(1, len(self._rows)) + 4)
        self.update()

    def _on_document_roster_changed(self, _old: Any, _new: Any) -> None:
        self._reload()

    def _on_document_scenario_changed(self) -> None:
        self._names = {a.id: a.name for a in self._doc.scenario.agents}
        self._reload()

    def _on_document_violations_changed(self, violations: list[Any]) -> None:
        self._violated = {v.agent_id for v in violations
                          if getattr(v, "agent_id", None) and getattr(v, "day", None) in (self._day, None)}
        self.update()

    # ------------------------------------------------------------ geometry
    def _span_min(self) -> int:
        ends = [s.end_min for s in self._rows]
        return max([1440] + [-(-e // 120) * 120 for e in ends])

    def _px_per_min(self) -> float:
        return max(0.05, (self.width() - NAME_W - 8) / self._span_min())

    def _x(self, minute: float) -> float:
        return NAME_W + minute * self._px_per_min()

    def _bar(self, row: int, shift: Shift, delta_start: int = 0, delta_end: int = 0) -> QRectF:
        y = HEADER_H + row * ROW_H + 3
        x0, x1 = self._x(shift.start_min + delta_start), self._x(shift.end_min + delta_end)
        return QRectF(x0, y, max(2.0, x1 - x0), ROW_H - 6)

    def sizeHint(self) -> QSize:
        return QSize(900, HEADER_H + ROW_H * max(8, len(self._rows)) + 4)

    def minute_at(self, x: float) -> float:
        return (x - NAME_W) / self._px_per_min()

    def point_for(self, agent_id: str, minute: int) -> QPoint:
        """Widget point over ``agent_id``'s row at ``minute`` (tests and keyboard help use it)."""
        row = next(i for i, s in enumerate(self._rows) if s.agent_id == agent_id)
        return QPoint(int(round(self._x(minute))), HEADER_H + row * ROW_H + ROW_H // 2)

    # ------------------------------------------------------------- painting
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("white"))
        span = self._span_min()
        rules = self._doc.scenario.rules
        p.setPen(QPen(QColor("#dddddd")))
        p.setFont(self._bar_font())
        px_per_hour = self._px_per_min() * 60
        label_every = next(h for h in (1, 2, 3, 4, 6, 12, 24) if h * px_per_hour >= 28)
        for hour in range(0, span // 60 + 1):
            x = self._x(hour * 60)
            p.setPen(QPen(QColor("#e6e6e6") if hour % 24 else QColor("#999999")))
            p.drawLine(int(x), HEADER_H, int(x), self.height())
            if hour % label_every == 0:
                p.setPen(QPen(QColor("#555555")))
                p.drawText(QRectF(x - 20, 2, 40, HEADER_H - 4), Qt.AlignmentFlag.AlignCenter, f"{hour % 24:02d}")
        if not self._rows:
            p.setPen(QPen(QColor("#777777")))
            p.drawText(self.rect().adjusted(NAME_W, HEADER_H, 0, 0), Qt.AlignmentFlag.AlignCenter,
                       self.tr("No shifts on this day") if self._day else self.tr("Select a day in the roster"))
            return
        for row, shift in enumerate(self._rows):
            y = HEADER_H + row * ROW_H
            if row == self._selected:
                p.fillRect(QRect(0, y, self.width(), ROW_H), QColor("#e8f0fe"))
            p.setPen(QPen(QColor("#222222")))
            name = self._names.get(shift.agent_id, shift.agent_id)
            p.drawText(QRectF(4, y, NAME_W - 8, ROW_H), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                       p.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, NAME_W - 8))
            d_start, d_end, _b = self._preview(row)
            bar = self._bar(row, shift, d_start, d_end)
            colour = KIND_COLOURS[shift_kind(shift, rules.night_from_min, rules.night_to_min)].darker(115)
            outline = QPen(VIOLATION_COLOUR, 2) if shift.agent_id in self._violated else QPen(QColor("#555555"), 1)
            if shift.locked:
                outline = QPen(QColor("#000000"), 2.5)
            p.setPen(outline)
            p.setBrush(QBrush(colour))
            p.drawRoundedRect(bar, 3, 3)
            for i, (a, b) in enumerate(shift.breaks):
                shift_by = self._break_offset(row, i)
                rect = QRectF(self._x(a + shift_by), bar.top() + 2, self._x(b) - self._x(a), bar.height() - 4)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(QBrush(QColor("#ffffff"), Qt.BrushStyle.Dense4Pattern))
                p.drawRect(rect)
            p.setPen(QPen(QColor("#111111")))
            label = bar_label(p.fontMetrics(), self._label(shift, d_start, d_end), bar.width() - 2 * LABEL_PAD_PX)
            if label:
                p.drawText(bar.adjusted(LABEL_PAD_PX, 0, -LABEL_PAD_PX, 0),
                           Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, label)

    @staticmethod
    def _label(shift: Shift, d_start: int = 0, d_end: int = 0) -> str:
        return f"{'■ ' if shift.locked else ''}{hhmm(shift.start_min + d_start)}–{hhmm(shift.end_min + d_end)}"

    def label_of(self, agent_id: str) -> str:
        """The text drawn on ``agent_id``'s bar at the current width ('' when it is hidden)."""
        row = next(i for i, s in enumerate(self._rows) if s.agent_id == agent_id)
        shift = self._rows[row]
        metrics = QFontMetrics(self._bar_font())
        return bar_label(metrics, self._label(shift), self._bar(row, shift).width() - 2 * LABEL_PAD_PX)

    def _bar_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSize(8)
        return font

    def tooltip_at(self, pos: QPoint) -> str:
        """The whole story of the bar under ``pos`` (its label may be elided), else the help text."""
        row, mode, brk = self._hit(pos)
        if row < 0 or not mode:
            return self.toolTip()
        shift = self._rows[row]
        lines = [f"{self._names.get(shift.agent_id, shift.agent_id)} · {self._label(shift)} · {shift.template}"]
        if shift.breaks:
            lines.append(self.tr("Breaks: {spans}").format(
                spans=", ".join(f"{hhmm(a)}–{hhmm(b)}" for a, b in shift.breaks)))
        if shift.locked:
            lines.append(self.tr("Locked"))
        return "\n".join(lines)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            help_event = cast(QHelpEvent, event)
            QToolTip.showText(help_event.globalPos(), self.tooltip_at(help_event.pos()), self)
            return True
        return super().event(event)

    def _break_offset(self, row: int, index: int) -> int:
        d = self._drag
        if d is None or d.row != row:
            return 0
        if d.mode == "move" or (d.mode == "break" and d.break_index == index):
            return d.delta_min
        return 0

    def _preview(self, row: int) -> tuple[int, int, int]:
        """(start delta, end delta, break delta) of the drag preview for ``row``."""
        d = self._drag
        if d is None or d.row != row or not d.delta_min:
            return 0, 0, 0
        if d.mode == "move":
            return d.delta_min, d.delta_min, d.delta_min
        if d.mode == "start":
            return d.delta_min, 0, 0
        if d.mode == "end":
            return 0, d.delta_min, 0
        return 0, 0, d.delta_min

    # ---------------------------------------------------------------- mouse
    def _hit(self, pos: QPoint) -> tuple[int, str, int]:
        row = (pos.y() - HEADER_H) // ROW_H
        if pos.y() < HEADER_H or not 0 <= row < len(self._rows):
            return -1, "", -1
        shift = self._rows[row]
        bar = self._bar(row, shift)
        x = pos.x()
        if not bar.left() - EDGE_PX <= x <= bar.right() + EDGE_PX:
            return row, "", -1
        if abs(x - bar.left()) <= EDGE_PX:
            return row, "start", -1
        if abs(x - bar.right()) <= EDGE_PX:
            return row, "end", -1
        minute = self.minute_at(x)
        for i, (a, b) in enumerate(shift.breaks):
            if a <= minute < b:
                return row, "break", i
        return row, "move", -1

    def mousePressEvent(self, event: QMouseEvent) -> None:
        row, mode, brk = self._hit(event.position().toPoint())
        if row >= 0:
            self._selected = row
            self.shift_selected.emit(self._rows[row].agent_id, self._day)
        if mode and event.button() == Qt.MouseButton.LeftButton:
            self._drag = _Drag(row, mode, event.position().toPoint().x(), brk)
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        if self._drag is None:
            _row, mode, _b = self._hit(pos)
            cursor = {"start": Qt.CursorShape.SizeHorCursor, "end": Qt.CursorShape.SizeHorCursor,
                      "move": Qt.CursorShape.OpenHandCursor, "break": Qt.CursorShape.SplitHCursor}
            self.setCursor(cursor.get(mode, Qt.CursorShape.ArrowCursor))
            return
        step = self._doc.scenario.interval_min
        minutes = (pos.x() - self._drag.press_x) / self._px_per_min()
        self._drag.delta_min = int(round(minutes / step)) * step
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        if drag is None or not drag.delta_min:
            self.update()
            return
        self._apply(self._rows[drag.row], drag.mode, drag.delta_min, drag.break_index)

    def _apply(self, shift: Shift, mode: str, delta: int, break_index: int = -1) -> bool:
        scenario, agent, day = self._doc.scenario, shift.agent_id, shift.day
        if mode == "move":
            return self._doc.edit(self.tr("Move shift"), lambda r: move_shift(r, scenario, agent, day, delta))
        if mode == "start":
            return self._doc.edit(self.tr("Change shift start"), lambda r: resize_shift(
                r, scenario, agent, day, start_min=shift.start_min + delta))
        if mode == "end":
            return self._doc.edit(self.tr("Change shift end"), lambda r: resize_shift(
                r, scenario, agent, day, end_min=shift.end_min + delta))
        new_start = shift.breaks[break_index][0] + delta
        return self._doc.edit(self.tr("Move break"), lambda r: move_break(
            r, scenario, agent, day, break_index, new_start))

    # ------------------------------------------------------------- keyboard
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self._rows:
            step = -1 if key == Qt.Key.Key_Up else 1
            self._selected = min(len(self._rows) - 1, max(0, self._selected + step))
            self.shift_selected.emit(self._rows[self._selected].agent_id, self._day)
            self.update()
            return
        shift = self.selected_shift()
        if shift is None:
            super().keyPressEvent(event)
            return
        step = self._doc.scenario.interval_min
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            delta = -step if key == Qt.Key.Key_Left else step
            mode = "end" if mods & Qt.KeyboardModifier.ShiftModifier else \
                "start" if mods & Qt.KeyboardModifier.ControlModifier else "move"
            self._apply(shift, mode, delta)
            return
        agent, day = shift.agent_id, shift.day
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self._doc.edit(self.tr("Delete shift"), lambda r: delete_shift(r, agent, day))
            return
        if key == Qt.Key.Key_L:
            self._doc.edit(self.tr("Unlock shift") if shift.locked else self.tr("Lock shift"),
                           lambda r: set_locked(r, agent, day, not shift.locked))
            return
        super().keyPressEvent(event)
