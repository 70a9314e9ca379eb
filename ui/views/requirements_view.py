"""Requirements heatmap per queue: days down, intervals of the day across."""
from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QTableView,
                               QVBoxLayout, QWidget)

from ui.document import PlanDocument
from ui.models.requirements_model import RequirementsHeatmapModel

CELL_W_PX = 9
CELL_H_PX = 22


class HourRuler(QWidget):
    """Hour labels above the heatmap: a header section is too narrow to hold "14"."""

    def __init__(self, table: QTableView, interval_min: int) -> None:
        super().__init__()
        self._table = table
        self._interval_min = interval_min
        self.setFixedHeight(16)
        table.horizontalScrollBar().valueChanged.connect(self.update)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        font = p.font()
        font.setPointSize(8)
        p.setFont(font)
        p.setPen(QPen(QColor("#444444")))
        left = self._table.verticalHeader().width() + self._table.frameWidth()
        per_hour = 60 // self._interval_min
        model = self._table.model()
        for hour in range(0, 24, 2):
            column = hour * per_hour
            if model is None or column >= model.columnCount():
                break
            x = left + self._table.columnViewportPosition(column)
            if x >= left:
                p.drawLine(x, 11, x, 16)
                p.drawText(x + 2, 11, f"{hour:02d}")


class RequirementsView(QWidget):
    """Heatmap of scheduled heads wanted (shrinkage included) for the chosen queue."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc = document
        self.queue_box = QComboBox()
        self.queue_box.setToolTip(self.tr("Queue shown in the heatmap"))
        self.queue_box.addItems([q.name for q in document.scenario.queues])
        self.model = RequirementsHeatmapModel(document, self.queue_box.currentText())
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setMinimumSectionSize(CELL_W_PX)   # before the default: it clamps
        self.table.horizontalHeader().setDefaultSectionSize(CELL_W_PX)
        self.table.verticalHeader().setDefaultSectionSize(CELL_H_PX)
        self.table.setShowGrid(False)
        self.table.horizontalHeader().hide()
        self.table.setTabKeyNavigation(False)    # Tab leaves the 7 × 96 heatmap; arrows move inside it
        self.ruler = HourRuler(self.table, document.scenario.interval_min)
        self.summary = QLabel()
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Queue")))
        row.addWidget(self.queue_box)
        row.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(QLabel(self.tr("Agents required per interval (scheduled heads, shrinkage included). "
                                        "Hours of the day run across; hover a cell for its value.")))
        layout.addWidget(self.ruler)
        layout.addWidget(self.table, 1)
        self.queue_box.currentTextChanged.connect(self._on_queue_box_changed)
        document.forecast_changed.connect(self._update_summary)
        self._update_summary()

    def _on_queue_box_changed(self, name: str) -> None:
        self.model.set_queue(name)
        self._update_summary()

    def _update_summary(self, *_: Any) -> None:
        grid = self.model.grid()
        if grid.size == 0:
            self.summary.setText(self.tr("Run the forecast to see requirements"))
            return
        per_day = grid.shape[1]
        hours = grid.sum() * (1440 / per_day) / 60
        self.summary.setText(self.tr("Peak {peak:g} agents · {hours:,.0f} agent-hours over {days} days").format(
            peak=grid.max(), hours=hours, days=grid.shape[0]))
