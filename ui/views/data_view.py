"""Data: import contact history with a preview, column mapping and the problems listed by row.

The file is previewed as it is; the user maps its columns to start / queue / volume / AHT /
abandoned (guessed from the headers); the import itself is ``forecasting.io.read_history`` on
the mapped columns, so the rules (and messages) are the same as for the command line. Problems
are listed one per row with the fix; nothing is imported unless the whole file is valid.
"""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
from PySide6.QtWidgets import (QComboBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget)
from PySide6.QtCore import Qt

from planner.errors import InputError, PlannerError
from ui.document import PlanDocument
from ui.models.frame_model import FrameTableModel

PREVIEW_ROWS = 200
FIELDS = ("start", "queue", "volume", "aht_s", "abandoned")
GUESSES: dict[str, tuple[str, ...]] = {
    "start": ("start", "timestamp", "datetime", "time", "interval", "interval_start", "时间", "开始时间", "时段"),
    "queue": ("queue", "skill", "queue_name", "队列", "技能组"),
    "volume": ("volume", "calls", "offered", "contacts", "来电量", "进线量", "话务量"),
    "aht_s": ("aht_s", "aht", "平均处理时长"),
    "abandoned": ("abandoned", "abandons", "放弃量", "放弃"),
}


def read_preview(path: Path, rows: int = PREVIEW_ROWS) -> pd.DataFrame:
    """First rows of a CSV (UTF-8, UTF-8 with BOM or GBK) or XLSX file, as text."""
    suffixes = "".join(path.suffixes).lower()
    if suffixes.endswith(".xlsx"):
        return pd.read_excel(path, nrows=rows, dtype=str)
    last: Exception | None = None
    for encoding in ("utf-8-sig", "gbk"):
        try:
            return pd.read_csv(path, nrows=rows, dtype=str, encoding=encoding)
        except UnicodeDecodeError as exc:
            last = exc
    raise InputError(f"cannot read the file as UTF-8 or GBK text ({last})", file=str(path),
                     fix="save it from Excel as 'CSV UTF-8'")


def guess_mapping(columns: list[str]) -> dict[str, str]:
    """Map our fields to the file's columns by common header spellings."""
    lower = {c.strip().lower(): c for c in columns}
    out: dict[str, str] = {}
    for field, names in GUESSES.items():
        hit = next((lower[n] for n in names if n in lower), None)
        if hit is not None:
            out[field] = hit
    return out


def apply_mapping(path: Path, mapping: dict[str, str]) -> pd.DataFrame:
    """The whole file with its columns renamed to ours (unmapped columns dropped)."""
    suffixes = "".join(path.suffixes).lower()
    if suffixes.endswith(".xlsx"):
        table = pd.read_excel(path, dtype=str)
    else:
        try:
            table = pd.read_csv(path, dtype=str, encoding="utf-8-sig")
        except UnicodeDecodeError:
            table = pd.read_csv(path, dtype=str, encoding="gbk")
    keep = {src: field for field, src in mapping.items() if src}
    return table[list(keep)].rename(columns=keep)


def read_mapped(path: Path, mapping: dict[str, str]) -> pd.DataFrame:
    """Read ``path`` with the user's column mapping through the CLI's own history reader."""
    from forecasting.io import read_history
    try:
        table = apply_mapping(path, mapping)
    except (OSError, ValueError, KeyError) as exc:
        raise InputError(f"cannot read the file: {exc}", file=str(path), fix="check the file and the mapping") from None
    with tempfile.TemporaryDirectory() as tmp:
        mapped = Path(tmp) / (path.name.split(".")[0] + ".csv")
        table.to_csv(mapped, index=False, encoding="utf-8")
        return read_history(mapped)


class DataView(QWidget):
    """Import history; see what the plan's history holds per queue."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc = document
        self._path: Path | None = None
        self._importing = False
        self._mapping: dict[str, str] = {}
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText(self.tr("Choose a history file (CSV or XLSX)…"))
        browse = QPushButton(self.tr("Choose file…"))
        browse.setToolTip(self.tr("Contacts per queue per interval: start, queue, volume, AHT, abandoned"))
        browse.clicked.connect(self._on_browse_clicked)
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setToolTip(self.tr("Check the whole file and, if it is valid, use it as the history"))
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self._on_import_clicked)
        self.mapping: dict[str, QComboBox] = {}
        mapping_box = QGroupBox(self.tr("Column mapping"))
        form = QFormLayout(mapping_box)
        labels = {"start": self.tr("Interval start"), "queue": self.tr("Queue"), "volume": self.tr("Volume"),
                  "aht_s": self.tr("AHT (seconds)"), "abandoned": self.tr("Abandoned")}
        tips = {"start": self.tr("Date and time the interval starts, local time"),
                "queue": self.tr("Queue name as in the scenario"),
                "volume": self.tr("Contacts offered in the interval"),
                "aht_s": self.tr("Average handle time in seconds (optional)"),
                "abandoned": self.tr("Contacts abandoned before answer (optional)")}
        for field in FIELDS:
            box = QComboBox()
            box.setToolTip(tips[field])
            self.mapping[field] = box
            form.addRow(labels[field], box)
        self.preview_model = FrameTableModel()
        self.preview = QTableView()
        self.preview.setModel(self.preview_model)
        self.problems_model = FrameTableModel()
        self.problems = QTableView()
        self.problems.setModel(self.problems_model)
        self.problems.horizontalHeader().setStretchLastSection(True)
        self.summary_model = FrameTableModel()
        self.summary = QTableView()
        self.summary.setModel(self.summary_model)
        self.summary.horizontalHeader().setStretchLastSection(True)
        for table in (self.preview, self.problems, self.summary):
            table.setTabKeyNavigation(False)     # Tab goes on to the next control; arrows move in the table
        self.status = QLabel()
        self.status.setWordWrap(True)

        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(browse)
        file_row.addWidget(self.import_button)
        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.addWidget(mapping_box)
        upper.addWidget(self._boxed(self.tr("Preview (first rows of the file)"), self.preview))
        upper.setSizes([260, 800])
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self._boxed(self.tr("Problems found, by row"), self.problems))
        lower.addWidget(self._boxed(self.tr("History in the plan, per queue"), self.summary))
        lower.setSizes([420, 560])
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)
        document.history_changed.connect(self._on_document_history_changed)
        document.task_failed.connect(self._on_document_task_failed)
        self._show_summary()

    def _boxed(self, title: str, widget: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        QVBoxLayout(box).addWidget(widget)
        return box

    # ---------------------------------------------------------------- file
    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose history"), "",
                                              self.tr("History (*.csv *.csv.gz *.xlsx)"))
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> None:
        """Preview ``path`` and guess the column mapping."""
        try:
            preview = read_preview(path)
        except (PlannerError, OSError, ValueError) as exc:
            self.status.setText(str(exc))
            return
        self._path = path
        self.path_edit.setText(str(path))
        self.preview_model.set_frame(preview)
        self.preview.resizeColumnsToContents()
        columns = [str(c) for c in preview.columns]
        guess = guess_mapping(columns)
        for field, box in self.mapping.items():
            box.clear()
            box.addItem(self.tr("(not in file)"), "")
            for c in columns:
                box.addItem(c, c)
            index = box.findData(guess.get(field, ""))
            box.setCurrentIndex(max(0, index))
        self.import_button.setEnabled(True)
        self.status.setText(self.tr("{n} columns; check the mapping, then Import").format(n=len(columns)))

    def current_mapping(self) -> dict[str, str]:
        return {field: str(box.currentData() or "") for field, box in self.mapping.items()}

    # -------------------------------------------------------------- import
    def _on_import_clicked(self) -> None:
        self.import_file()

    def import_file(self) -> bool:
        """Start checking the mapped file in the worker; a clean file becomes the history (undoable).

        Returns False when the import could not even start (no file, unmapped columns, busy).
        """
        if self._path is None:
            return False
        mapping = self.current_mapping()
        missing = [f for f in ("start", "queue", "volume") if not mapping[f]]
        if missing:
            self._show_problems([{"row": "", "column": f, "problem": self.tr("map this column"),
                                  "fix": self.tr("choose the file column that holds it")} for f in missing])
            return False
        path = self._path
        try:
            self._doc.start_import(lambda: read_mapped(path, mapping), self.tr("Import history"))
        except PlannerError as exc:
            self._show_problems([{"row": "", "column": "", "problem": str(exc), "fix": ""}])
            return False
        self._importing = True
        self._mapping = mapping
        self.status.setText(self.tr("Checking the file…"))
        return True

    def _on_document_task_failed(self, name: str, error: object) -> None:
        if name != "import":
            return
        self._importing = False
        if isinstance(error, InputError):
            # the reader saw our column names; show the user's own headers
            back = {field: src for field, src in self._mapping.items() if src}
            self._show_problems([{"row": p.row if p.row is not None else "",
                                  "column": back.get(p.column or "", p.column or ""),
                                  "problem": p.message, "fix": p.fix or ""} for p in error.problems])
        else:
            self._show_problems([{"row": "", "column": "", "problem": str(error), "fix": ""}])

    def _on_document_history_changed(self) -> None:
        self._show_summary()
        if self._importing:
            self._importing = False
            self._show_problems([])
            self.status.setText(self.tr("Imported {rows:,} rows; the forecast is being updated").format(
                rows=len(self._doc.session.history)))

    def _show_problems(self, rows: list[dict[str, Any]]) -> None:
        frame = pd.DataFrame(rows, columns=["row", "column", "problem", "fix"])
        self.problems_model.set_frame(frame, {"row": self.tr("Row"), "column": self.tr("Column"),
                                              "problem": self.tr("Problem"), "fix": self.tr("How to fix")})
        if rows:
            self.status.setText(self.tr("{n} problems: nothing was imported").format(n=len(rows)))
        self.problems.resizeColumnsToContents()

    def _show_summary(self) -> None:
        h = self._doc.session.history
        if h is None or h.empty:
            self.summary_model.set_frame(pd.DataFrame())
            return
        g = h.groupby("queue", sort=False)
        frame = pd.DataFrame({
            "queue": list(g.groups),
            "first": g["start"].min().dt.strftime("%Y-%m-%d").to_numpy(),
            "last": g["start"].max().dt.strftime("%Y-%m-%d").to_numpy(),
            "intervals": g.size().to_numpy(),
            "volume": g["volume"].sum().round(0).astype("int64").to_numpy(),
            "aht_s": g["aht_s"].mean().round(1).to_numpy(),
        })
        self.summary_model.set_frame(frame, {"queue": self.tr("Queue"), "first": self.tr("First day"),
                                             "last": self.tr("Last day"), "intervals": self.tr("Intervals"),
                                             "volume": self.tr("Contacts"), "aht_s": self.tr("Mean AHT s")})
        self.summary.resizeColumnsToContents()
