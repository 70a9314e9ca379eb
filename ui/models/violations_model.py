"""Every broken rule of the current roster, one row each, updated after every edit."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ui.document import PlanDocument
from ui.dates import weekday_day_month


class ViolationsTableModel(QAbstractTableModel):
    """Columns: rule, agent, day, detail."""

    def __init__(self, document: PlanDocument) -> None:
        super().__init__()
        self._doc = document
        self._rows: list[Any] = list(document.violations)
        self._names = {a.id: a.name for a in document.scenario.agents}
        document.violations_changed.connect(self._on_document_violations_changed)

    def _headers(self) -> list[str]:
        return [self.tr("Rule"), self.tr("Agent"), self.tr("Day"), self.tr("Detail")]

    def _on_document_violations_changed(self, violations: list[Any]) -> None:
        # the list is replaced wholesale by the validator; a reset is the honest signal here
        self.beginResetModel()
        self._rows = list(violations)
        self._names = {a.id: a.name for a in self._doc.scenario.agents}
        self.endResetModel()

    def violation_at(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else 4

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        v = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            col = index.column()
            if col == 0:
                return str(v.rule)
            if col == 1:
                agent = getattr(v, "agent_id", None)
                return f"{self._names.get(agent, agent)}" if agent else "—"
            if col == 2:
                day = getattr(v, "day", None)
                return weekday_day_month(day) if day else "—"
            return str(getattr(v, "detail", ""))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < 4:
            return self._headers()[section]
        return None
