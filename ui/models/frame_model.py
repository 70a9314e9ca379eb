"""Read-only table over a pandas DataFrame (import preview, per-queue summaries, problems)."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt


class FrameTableModel(QAbstractTableModel):
    """Shows a DataFrame as it is; ``set_frame`` replaces it (a reset: the shape changes)."""

    def __init__(self, frame: pd.DataFrame | None = None, headers: dict[str, str] | None = None) -> None:
        super().__init__()
        self._frame = frame if frame is not None else pd.DataFrame()
        self._headers = headers or {}

    def set_frame(self, frame: pd.DataFrame, headers: dict[str, str] | None = None) -> None:
        self.beginResetModel()
        self._frame = frame.reset_index(drop=True)
        if headers is not None:
            self._headers = headers
        self.endResetModel()

    def frame(self) -> pd.DataFrame:
        return self._frame

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._frame)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._frame.columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        value = self._frame.iat[index.row(), index.column()]
        if value is None or (isinstance(value, float) and value != value):
            return ""
        if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
            return f"{int(value):,}"
        if isinstance(value, float):
            return f"{value:,.1f}"
        if isinstance(value, pd.Timestamp):
            return value.strftime("%Y-%m-%d %H:%M")
        return str(value)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self._frame.columns):
                name = str(self._frame.columns[section])
                return self._headers.get(name, name)
            return None
        return str(section + 1) if 0 <= section < len(self._frame) else None
