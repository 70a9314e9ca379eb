"""Requirements heatmap: days × intervals of scheduled heads wanted on one queue.

A table model (not an image) so the numbers are readable in tooltips, selectable, and checked by
``qtmodeltester``. Colour runs from white (nobody needed) to deep blue (the queue's peak).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QLocale, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ui.document import PlanDocument
from ui.dates import weekday_day_month

ValueRole = Qt.ItemDataRole.UserRole + 1


def heat_colour(value: float, peak: float) -> QColor:
    """White → blue, on a square-root scale so small requirements are still visible."""
    share = 0.0 if peak <= 0 else min(1.0, max(0.0, value / peak)) ** 0.5
    white, blue = np.array([255, 255, 255]), np.array([33, 102, 172])
    r, g, b = (white + (blue - white) * share).astype(int)
    return QColor(int(r), int(g), int(b))


class RequirementsHeatmapModel(QAbstractTableModel):
    """Rows: days of the horizon; columns: intervals of the day; value: agents_required."""

    def __init__(self, document: PlanDocument, queue: str | None = None,
                 column: str = "agents_required") -> None:
        super().__init__()
        self._doc = document
        self._column = column
        self._queue = queue or (document.scenario.queues[0].name if document.scenario.queues else "")
        self._grid = np.zeros((0, 0))
        self._days: list[dt.date] = []
        self._reload(reset=False)
        document.forecast_changed.connect(lambda: self._reload(reset=True))
        document.scenario_changed.connect(lambda: self._reload(reset=True))

    @property
    def queue(self) -> str:
        return self._queue

    def set_queue(self, queue: str) -> None:
        if queue != self._queue:
            self._queue = queue
            self._reload(reset=True)

    def grid(self) -> np.ndarray:
        return self._grid.copy()

    def _reload(self, reset: bool) -> None:
        if reset:
            self.beginResetModel()
        session = self._doc.session
        frame = session.requirements
        per_day = 1440 // session.scenario.interval_min
        if frame is None or self._queue not in {q.name for q in session.scenario.queues}:
            self._grid = np.zeros((0, per_day))
            self._days = []
        else:
            sub = frame[frame["queue"] == self._queue].sort_values("start")
            start = np.datetime64(session.start_date)
            t = ((sub["start"].to_numpy(dtype="datetime64[m]") - start).astype(np.int64)
                 // session.scenario.interval_min)
            grid = np.zeros(session.n_days * per_day)
            ok = (t >= 0) & (t < grid.size)
            grid[t[ok]] = sub[self._column].to_numpy(dtype=float)[ok]
            self._grid = grid.reshape(session.n_days, per_day)
            self._days = [session.start_date + dt.timedelta(days=i) for i in range(session.n_days)]
        if reset:
            self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._grid.shape[0]

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._grid.shape[1]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = float(self._grid[index.row(), index.column()])
        if role == Qt.ItemDataRole.BackgroundRole:
            return heat_colour(value, float(self._grid.max(initial=0.0)))
        if role == Qt.ItemDataRole.ToolTipRole:
            minute = index.column() * self._doc.scenario.interval_min
            day = QLocale().toString(self._days[index.row()], QLocale.FormatType.ShortFormat)
            label = self.tr("agents required")
            return f"{self._queue} {day} {minute // 60:02d}:{minute % 60:02d} — {label}: {value:g}"
        if role == ValueRole:
            return value
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return weekday_day_month(self._days[section]) if 0 <= section < len(self._days) else None
        if not 0 <= section < self._grid.shape[1]:
            return None
        minute = section * self._doc.scenario.interval_min
        return f"{minute // 60}" if minute % 60 == 0 and (minute // 60) % 2 == 0 else ""
