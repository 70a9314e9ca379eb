"""An editable table over a tuple of frozen dataclasses in the scenario (queues, agents, …).

Each column knows how to show a record's field and how to parse typed text into a new record;
parsing raises ``ValueError`` with a message that says what is wrong and how to fix it. The
model never mutates: a valid edit builds a new tuple and hands it to ``commit`` (which pushes
an undoable scenario command); an invalid edit is refused and reported through ``invalid``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

ParseFn = Callable[[Any, str], Any]
INVALID_ROW_COLOUR = QColor("#ffe5e5")


@dataclass(frozen=True)
class Column:
    """One column: header, tooltip (why the field matters), display and parse functions."""

    header: str
    tip: str
    show: Callable[[Any], Any]
    parse: ParseFn | None = None            # (record, text) -> new record; None = read only
    check: bool = False                     # a boolean shown as a check box
    choices: Callable[[], Sequence[str]] | None = None   # editor offers these values
    width: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


class RecordTableModel(QAbstractTableModel):
    """Rows: records; columns: :class:`Column` specs."""

    invalid = Signal(str)     # why the last edit was refused

    def __init__(self, records: Callable[[], Sequence[Any]], columns: list[Column],
                 commit: Callable[[tuple[Any, ...], str], None], label: Callable[[Any], str] = str,
                 problem: Callable[[Any], str] | None = None) -> None:
        super().__init__()
        self._records = records
        self.columns = columns
        self._commit = commit
        self._label = label
        # a stored row can turn invalid through another edit (its agent removed, its team emptied):
        # such rows are tinted red and their tooltip names the field and the fix
        self._problem = problem or (lambda _record: "")
        self._checks_rows = problem is not None
        self._cache: tuple[Any, ...] = tuple(records())

    def refresh(self) -> None:
        """Follow the scenario after an edit or undo: reset only when rows come or go."""
        new = tuple(self._records())
        if len(new) != len(self._cache):
            self.beginResetModel()
            self._cache = new
            self.endResetModel()
            return
        changed = [i for i, (a, b) in enumerate(zip(self._cache, new)) if a != b]
        self._cache = new
        if changed:
            self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), len(self.columns) - 1))
        elif self._checks_rows and new:
            # the rows are the same but the scenario around them changed: re-check their tint
            self.dataChanged.emit(self.index(0, 0), self.index(len(new) - 1, len(self.columns) - 1),
                                  [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole])

    def record(self, row: int) -> Any:
        return self._cache[row]

    def row_problem(self, row: int) -> str:
        """'' if the stored row is consistent with the rest of the scenario, else why not."""
        return self._problem(self._cache[row])

    def row_problems(self) -> list[tuple[int, str]]:
        return [(i, p) for i in range(len(self._cache)) if (p := self.row_problem(i))]

    def records(self) -> tuple[Any, ...]:
        return self._cache

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._cache)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        col = self.columns[index.column()]
        rec = self._cache[index.row()]
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole):
            problem = self._problem(rec)
            if role == Qt.ItemDataRole.BackgroundRole:
                return INVALID_ROW_COLOUR if problem else None
            return f"{problem}\n\n{col.tip}" if problem else col.tip
        if col.check:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if col.show(rec) else Qt.CheckState.Unchecked
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            value = col.show(rec)
            return "" if value is None else str(value)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section].header
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.columns[section].tip
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self._cache):
            return str(section + 1)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        col = self.columns[index.column()]
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if col.parse is not None:
            flags |= Qt.ItemFlag.ItemIsUserCheckable if col.check else Qt.ItemFlag.ItemIsEditable
        return flags

    def validate(self, row: int, column: int, text: str) -> str:
        """'' if ``text`` is a valid value for the cell, else the reason (used while typing)."""
        col = self.columns[column]
        if col.parse is None:
            return ""
        try:
            col.parse(self._cache[row], text)
        except ValueError as exc:
            return str(exc)
        return ""

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        col = self.columns[index.column()]
        if col.parse is None:
            return False
        rec = self._cache[index.row()]
        if col.check:
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
            text = "true" if checked else "false"
        elif role == Qt.ItemDataRole.EditRole:
            text = str(value)
        else:
            return False
        try:
            new = col.parse(rec, text)
        except ValueError as exc:
            self.invalid.emit(f"{self._label(rec)} · {col.header}: {exc}")
            return False
        if new == rec:
            return False
        records = list(self._cache)
        records[index.row()] = new
        self._commit(tuple(records), f"{col.header}: {self._label(rec)}")
        return True
