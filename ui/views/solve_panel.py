"""Solve progress: objective, bound, gap, elapsed, a small live chart, and Stop."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (QDoubleSpinBox, QFormLayout, QGridLayout, QLabel, QPushButton, QVBoxLayout,
                               QWidget)

from planner.errors import PlannerError
from ui.document import PlanDocument
from ui.views.plotting import COLOURS, make_plot, pen


def gap_of(objective: float, bound: float) -> float:
    """Relative gap between the best roster and the proven bound (0 = proven optimal)."""
    if objective != objective or bound != bound:
        return float("nan")
    return abs(bound - objective) / max(1.0, abs(objective))


class SolvePanel(QWidget):
    """Buttons to solve / re-optimise / stop and the live progress of the running solve."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc = document
        self._times: list[float] = []
        self._objectives: list[float] = []
        self._bounds: list[float] = []
        self.time_limit = QDoubleSpinBox()
        self.time_limit.setRange(1, 3600)
        self.time_limit.setValue(30)
        self.time_limit.setSuffix(" s")
        self.time_limit.setToolTip(self.tr("The solver stops after this time with the best roster found"))
        self.solve_button = QPushButton(self.tr("Solve"))
        self.solve_button.setToolTip(self.tr("Build a new roster for the horizon"))
        self.reopt_button = QPushButton(self.tr("Re-optimise around locks"))
        self.reopt_button.setToolTip(self.tr("Keep locked shifts exactly, improve the rest"))
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop now and keep the best roster found so far"))
        self.stop_button.setEnabled(False)
        self.status = QLabel(self.tr("Idle"))
        self.objective = QLabel("—")
        self.bound = QLabel("—")
        self.gap = QLabel("—")
        self.elapsed = QLabel("—")
        self.chart = make_plot(self.tr("Objective"), time_axis=False)
        self.chart.setLabel("bottom", self.tr("seconds"))
        self.chart.setMinimumHeight(130)
        self._obj_curve = self.chart.plot([], [], pen=pen(COLOURS["objective"], 1.8), name=self.tr("Objective"))
        self._bound_curve = self.chart.plot([], [], pen=pen(COLOURS["bound"], 1.2, dash=True), name=self.tr("Bound"))

        form = QFormLayout()
        form.addRow(self.tr("Time limit"), self.time_limit)
        form.addRow(self.tr("Status"), self.status)
        form.addRow(self.tr("Objective"), self.objective)
        form.addRow(self.tr("Bound"), self.bound)
        form.addRow(self.tr("Gap"), self.gap)
        form.addRow(self.tr("Elapsed"), self.elapsed)
        # two rows keep the dock narrow, leaving the page's tables their width at 1440 px
        buttons = QGridLayout()
        buttons.addWidget(self.solve_button, 0, 0)
        buttons.addWidget(self.stop_button, 0, 1)
        buttons.addWidget(self.reopt_button, 1, 0, 1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addLayout(form)
        layout.addWidget(self.chart, 1)
        for first, second in ((self.solve_button, self.stop_button), (self.stop_button, self.reopt_button),
                              (self.reopt_button, self.time_limit)):
            QWidget.setTabOrder(first, second)   # row by row (needs the widgets in this panel first)

        self.solve_button.clicked.connect(self._on_solve_clicked)
        self.reopt_button.clicked.connect(self._on_reopt_clicked)
        self.stop_button.clicked.connect(self._on_stop_clicked)
        document.solve_progress.connect(self._on_document_solve_progress)
        document.solve_finished.connect(self._on_document_solve_finished)
        document.busy_changed.connect(self._on_document_busy_changed)
        self._on_document_busy_changed(document.busy)
        for progress in document.solve_trace:      # a window rebuilt after a solve shows its figures
            self._on_document_solve_progress(progress)
        if document.session.result is not None:
            self._on_document_solve_finished(document.session.result)

    # the main window owns the error display; these slots only call the document
    def _on_solve_clicked(self) -> None:
        self.start(reoptimise=False)

    def _on_reopt_clicked(self) -> None:
        self.start(reoptimise=True)

    def _on_stop_clicked(self) -> None:
        self._doc.stop()

    def start(self, reoptimise: bool) -> None:
        self._times, self._objectives, self._bounds = [], [], []
        self._obj_curve.setData([], [])
        self._bound_curve.setData([], [])
        self.status.setText(self.tr("Solving…"))
        try:
            self._doc.start_solve(self.time_limit.value(), reoptimise=reoptimise)
        except PlannerError as exc:
            self.status.setText(str(exc))

    def _on_document_busy_changed(self, busy: str) -> None:
        idle = not busy
        has_forecast = self._doc.has_forecast()
        self.solve_button.setEnabled(idle and has_forecast)
        self.reopt_button.setEnabled(idle and has_forecast and self._doc.roster is not None)
        self.stop_button.setEnabled(busy == "solve")
        if busy == "forecast":
            self.status.setText(self.tr("Forecasting…"))
        elif idle and self.status.text() == self.tr("Forecasting…"):
            self.status.setText(self.tr("Idle"))

    def _on_document_solve_progress(self, progress: Any) -> None:
        self._times.append(float(progress.elapsed_s))
        self._objectives.append(float(progress.objective))
        self._bounds.append(float(progress.bound))
        self._obj_curve.setData(self._times, self._objectives)
        self._bound_curve.setData(self._times, self._bounds)
        self._show(progress.objective, progress.bound, progress.elapsed_s)

    def _show(self, objective: float, bound: float, elapsed_s: float) -> None:
        self.objective.setText(f"{objective:,.0f}")
        self.bound.setText(f"{bound:,.0f}")
        gap = gap_of(objective, bound)
        self.gap.setText("—" if gap != gap else f"{gap:.2%}")
        self.elapsed.setText(f"{elapsed_s:.1f} s")

    def _on_document_solve_finished(self, result: Any) -> None:
        self.status.setText(self.tr("Finished: {status}").format(status=result.status))
        self._show(result.objective, result.bound, result.wall_s)
        self.reopt_button.setEnabled(self._doc.roster is not None)
