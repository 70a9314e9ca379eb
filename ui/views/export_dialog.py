"""Export the roster to XLSX or CSV (the CLI's formats) for a date range and chosen agents."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem,
                               QMessageBox, QPushButton, QVBoxLayout, QWidget)

from planner.errors import PlannerError
from ui.document import PlanDocument


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class ExportDialog(QDialog):
    """Choose format, file, days and agents; the export itself is one document call."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc = document
        self.setWindowTitle(self.tr("Export roster"))
        session = document.session
        first = session.start_date
        last = first + dt.timedelta(days=session.n_days - 1)
        self.format_box = QComboBox()
        self.format_box.addItem(self.tr("Excel workbook (.xlsx)"), "xlsx")
        self.format_box.addItem(self.tr("CSV, one row per shift (.csv)"), "csv")
        self.format_box.setToolTip(self.tr("XLSX has the roster grid, day timelines, coverage and a summary"))
        self.path_edit = QLineEdit(str(Path.home() / "roster.xlsx"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._on_browse_clicked)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        self.first_day = QDateEdit(to_qdate(first))
        self.last_day = QDateEdit(to_qdate(last))
        for edit in (self.first_day, self.last_day):
            edit.setCalendarPopup(True)
            edit.setDateRange(to_qdate(first), to_qdate(last))
        self.first_day.setToolTip(self.tr("First day to export"))
        self.last_day.setToolTip(self.tr("Last day to export"))
        self.bom = QCheckBox(self.tr("Add a byte-order mark so Excel reads Chinese names in CSV"))
        self.bom.setChecked(True)
        self.agents = QListWidget()
        self.agents.setToolTip(self.tr("Tick the agents to export"))
        for a in document.scenario.agents:
            item = QListWidgetItem(f"{a.name} ({a.id}, {a.team})")
            item.setData(Qt.ItemDataRole.UserRole, a.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.agents.addItem(item)
        all_box = QCheckBox(self.tr("All agents"))
        all_box.setChecked(True)
        all_box.toggled.connect(self._on_all_toggled)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_accepted)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Format"), self.format_box)
        form.addRow(self.tr("File"), path_row)
        form.addRow(self.tr("From"), self.first_day)
        form.addRow(self.tr("To"), self.last_day)
        form.addRow("", self.bom)
        form.addRow(self.tr("Agents"), all_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.agents, 1)
        layout.addWidget(buttons)
        # Tab follows the form top to bottom ("All agents" sits above the list it controls)
        self.all_box = all_box
        chain = [self.format_box, self.path_edit, browse, self.first_day, self.last_day, self.bom, all_box,
                 self.agents, buttons]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)
        self.format_box.currentIndexChanged.connect(self._on_format_changed)
        self._on_format_changed()
        self.resize(520, 560)

    def _on_format_changed(self, *_: object) -> None:
        fmt = self.format_box.currentData()
        self.bom.setEnabled(fmt == "csv")
        path = Path(self.path_edit.text())
        self.path_edit.setText(str(path.with_suffix("." + fmt)))

    def _on_all_toggled(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for i in range(self.agents.count()):
            self.agents.item(i).setCheckState(state)

    def _on_browse_clicked(self) -> None:
        fmt = self.format_box.currentData()
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export roster"), self.path_edit.text(),
                                              f"*.{fmt}")
        if path:
            self.path_edit.setText(path)

    def chosen_days(self) -> list[dt.date]:
        first, last = from_qdate(self.first_day.date()), from_qdate(self.last_day.date())
        return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]

    def chosen_agents(self) -> list[str]:
        return [self.agents.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.agents.count())
                if self.agents.item(i).checkState() == Qt.CheckState.Checked]

    def export(self) -> Path:
        """Write the file as chosen; raises PlannerError with a clear message."""
        days, agents = self.chosen_days(), self.chosen_agents()
        if not days:
            raise PlannerError("the first day is after the last day: choose a valid date range")
        if not agents:
            raise PlannerError("no agents ticked: tick at least one agent to export")
        path = Path(self.path_edit.text()).expanduser()
        fmt = str(self.format_box.currentData())
        all_agents = len(agents) == len(self._doc.scenario.agents)
        self._doc.export(path, fmt, days=days, agent_ids=None if all_agents else agents,
                         bom=self.bom.isChecked())
        return path

    def _on_accepted(self) -> None:
        try:
            self.export()
        except (PlannerError, OSError) as exc:
            QMessageBox.warning(self, self.tr("Export failed"), str(exc))
            return
        self.accept()
