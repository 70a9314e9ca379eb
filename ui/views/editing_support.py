"""Validation as you type for record tables, and the small parsers the editors share.

The delegate checks the text on every keystroke with the column's parser: invalid text turns
the editor red and shows the reason below the table, and it is never committed.
"""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (QComboBox, QLabel, QLineEdit, QStyledItemDelegate, QStyleOptionViewItem,
                               QWidget)

from planner.scenario import format_hhmm, parse_hhmm
from ui.models.record_model import RecordTableModel

INVALID_STYLE = "QLineEdit { background: #ffe5e5; border: 1px solid #d62728; }"


class ValidatingDelegate(QStyledItemDelegate):
    """Line edits (or combo boxes for choice columns) that validate while the user types."""

    def __init__(self, model: RecordTableModel, message: QLabel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._message = message

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        col = self._model.columns[index.column()]
        if col.choices is not None:
            box = QComboBox(parent)
            box.addItems(list(col.choices()))
            box.setToolTip(col.tip)
            return box
        edit = QLineEdit(parent)
        edit.setToolTip(col.tip)
        row, column = index.row(), index.column()
        edit.textEdited.connect(lambda text: self._check(edit, row, column, text))
        return edit

    def _check(self, edit: QLineEdit, row: int, column: int, text: str) -> None:
        problem = self._model.validate(row, column, text)
        edit.setStyleSheet(INVALID_STYLE if problem else "")
        edit.setProperty("invalid", bool(problem))
        self._message.setText(problem)

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        text = str(index.data(Qt.ItemDataRole.EditRole) or "")
        if isinstance(editor, QComboBox):
            editor.setCurrentText(text)
        elif isinstance(editor, QLineEdit):
            editor.setText(text)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        text = editor.currentText() if isinstance(editor, QComboBox) else editor.text()  # type: ignore[attr-defined]
        if isinstance(editor, QLineEdit) and editor.property("invalid"):
            return   # never commit text the user was told is wrong
        model.setData(index, text, Qt.ItemDataRole.EditRole)
        self._message.setText("")


# ------------------------------------------------------------------- parsers
def _fill(translated: str, **values: object) -> str:
    """Values go in after translation, so the translator can move them within the sentence."""
    return translated.format(**values)



def number(text: str, lo: float, hi: float, what: str, unit: str = "") -> float:
    """Parse a number within [lo, hi]; the error names the range to use."""
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        raise ValueError(_fill(QCoreApplication.translate(
            "editing_support", "'{text}' is not a number: type a {what} between {lo} and {hi}{unit}"),
            text=text, what=what, lo=f"{lo:g}", hi=f"{hi:g}", unit=unit)) from None
    if not lo <= value <= hi:
        raise ValueError(_fill(QCoreApplication.translate(
            "editing_support", "{value}{unit} is outside {lo}–{hi}{unit}: type a {what} in that range"),
            value=f"{value:g}", unit=unit, lo=f"{lo:g}", hi=f"{hi:g}", what=what))
    return value


def integer(text: str, lo: int, hi: int, what: str) -> int:
    value = number(text, lo, hi, what)
    if value != int(value):
        raise ValueError(_fill(QCoreApplication.translate(
            "editing_support", "'{text}' is not a whole number: type a whole {what}"), text=text, what=what))
    return int(value)


def percent(text: str, lo: float, hi: float, what: str) -> float:
    """'80' or '80%' → 0.8."""
    return number(text.strip().rstrip("%"), lo * 100, hi * 100, what, "%") / 100.0


def optional(text: str, parse: Callable[[str], Any]) -> Any:
    return None if not text.strip() or text.strip() in ("-", "—") else parse(text)


def time_range(text: str) -> tuple[int, int]:
    """'08:00-22:00' → (480, 1320)."""
    try:
        a, b = text.replace("–", "-").split("-")
        return parse_hhmm(a.strip()), parse_hhmm(b.strip())
    except ValueError:
        raise ValueError(_fill(QCoreApplication.translate(
            "editing_support", "'{text}' is not a time range: type it like 08:00-22:00"), text=text)) from None


def show_range(lo: int, hi: int) -> str:
    return f"{format_hhmm(lo)}-{format_hhmm(hi)}"


def boolean(text: str) -> bool:
    return text.strip().lower() in ("1", "true", "yes", "y", "x", "是")
