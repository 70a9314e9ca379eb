"""One editable record table with optional Add/Remove buttons, as the Staff & rules tabs use it.

The table validates while typing (:class:`~ui.views.editing_support.ValidatingDelegate`); Tab
leaves the table for the next control (arrows move between cells), so a keyboard user is never
trapped in a long table.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout,
                               QWidget)

from ui.models.record_model import RecordTableModel
from ui.views.editing_support import ValidatingDelegate


def record_table(model: RecordTableModel, message: QLabel, name: str) -> QTableView:
    """A table over ``model`` that validates while typing and reports refusals in ``message``."""
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setItemDelegate(ValidatingDelegate(model, message, table))
    table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                          | QAbstractItemView.EditTrigger.EditKeyPressed
                          | QAbstractItemView.EditTrigger.AnyKeyPressed)
    table.setTabKeyNavigation(False)
    table.horizontalHeader().setStretchLastSection(True)
    fit_columns(table)
    model.invalid.connect(message.setText)
    return table


MAX_COLUMN_PX = 320
HEADER_PAD_PX = 10


def two_line_px(metrics: QFontMetrics, title: str) -> int:
    """Narrowest section width that shows ``title`` on at most two wrapped lines."""
    one_line = metrics.horizontalAdvance(title) + HEADER_PAD_PX
    width = min(one_line, (one_line + 1) // 2 + HEADER_PAD_PX)
    flags = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
    while width < one_line:
        box = metrics.boundingRect(QRect(0, 0, width - HEADER_PAD_PX, 10_000), flags, title)
        if box.height() <= 2 * metrics.height() + 2 and box.width() <= width - HEADER_PAD_PX:
            break       # a word longer than the width overflows sideways instead of wrapping
        width += 4
    return width


def fit_columns(table: QTableView, max_px: int = MAX_COLUMN_PX) -> None:
    """Size each column to its cells and to its title wrapped on at most two lines, and keep doing
    so as rows come, go or change; the table scrolls sideways when the columns are wider than it.

    ``resizeColumnsToContents`` alone sizes a column to its title on one line, which makes short
    numeric columns as wide as "Max occupancy %" and pushes half a table out of sight.
    """
    header = table.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
    table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    model = table.model()

    def fit() -> None:
        metrics = header.fontMetrics()
        lines = 1
        for column in range(model.columnCount()):
            title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            one_line = metrics.horizontalAdvance(title)
            cells_px = table.sizeHintForColumn(column) if model.rowCount() else 0
            width = min(max_px, max(cells_px, two_line_px(metrics, title), 40))
            if column == model.columnCount() - 1 and header.stretchLastSection():
                width = max(width, one_line + HEADER_PAD_PX)   # it stretches anyway: one line
            if one_line + HEADER_PAD_PX > width:
                lines = 2
            header.resizeSection(column, width)
        header.setMinimumHeight(lines * metrics.height() + 10)

    for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.dataChanged,
                   model.headerDataChanged):
        signal.connect(fit)
    fit()


class RecordPage(QWidget):
    """A record table above a row of buttons; ``add_button`` appends to that row."""

    def __init__(self, model: RecordTableModel, message: QLabel, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.table = record_table(model, message, name)
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        box = QVBoxLayout(self)
        box.setContentsMargins(2, 2, 2, 2)
        box.addWidget(self.table, 1)
        box.addLayout(self.buttons)

    def add_button(self, text: str, tip: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(lambda _checked=False: slot())
        self.buttons.insertWidget(self.buttons.count() - 1, button)
        return button

    def current_row(self) -> int:
        """The selected row, or -1."""
        row = self.table.currentIndex().row()
        return row if 0 <= row < self.model.rowCount() else -1
