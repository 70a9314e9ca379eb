"""Coverage vs requirement and predicted service level per interval, updated after every edit.

Plot items are created once and fed with ``setData`` so a redraw after an edit costs a few
milliseconds even for a 4-week horizon.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.document import PlanDocument
from ui.views.plotting import COLOURS, epoch_s, make_plot, pen


class CoverageView(QWidget):
    """Two stacked charts for one queue: heads (required, scheduled) and service level."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc = document
        self._day: dt.date | None = None
        self.queue_box = QComboBox()
        self.queue_box.setToolTip(self.tr("Queue shown in the coverage charts"))
        self.queue_box.addItems([q.name for q in document.scenario.queues])
        self.whole_horizon = QCheckBox(self.tr("Whole horizon"))
        self.whole_horizon.setToolTip(self.tr("Show every day instead of the day selected in the roster"))
        self.sl_label = QLabel()
        self.heads = make_plot(self.tr("Agents"))
        self.service = make_plot(self.tr("Service level %"))
        # both charts show the same span; set explicitly (pyqtgraph's setXLink crashes PySide 6.12 at exit)
        self.service.setYRange(0, 100)
        self._required = self.heads.plot([0, 1], [0], stepMode="center", pen=pen(COLOURS["required"], 1.5, dash=True),
                                         name=self.tr("Required"))
        self._scheduled = self.heads.plot([0, 1], [0], stepMode="center", pen=pen(COLOURS["scheduled"], 2.0),
                                          fillLevel=0, brush=pg.mkBrush(44, 160, 44, 40), name=self.tr("Scheduled"))
        self._sl = self.service.plot([0, 1], [0], stepMode="center", pen=pen(COLOURS["sl"], 1.8),
                                     name=self.tr("Predicted service level"))
        self._target = pg.InfiniteLine(angle=0, pen=pen(COLOURS["target"], 1.2, dash=True))
        self.service.addItem(self._target)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Queue")))
        top.addWidget(self.queue_box)
        top.addWidget(self.whole_horizon)
        top.addStretch(1)
        self.sl_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.sl_label)
        layout.addWidget(self.heads, 3)
        layout.addWidget(self.service, 2)
        self.queue_box.currentTextChanged.connect(self._on_option_changed)
        self.whole_horizon.toggled.connect(self._on_option_changed)
        document.evaluation_changed.connect(self._on_document_evaluation_changed)
        self.redraw()

    def set_day(self, day: dt.date | None) -> None:
        if day != self._day:
            self._day = day
            self.redraw()

    def _on_option_changed(self, *_: Any) -> None:
        self.redraw()

    def _on_document_evaluation_changed(self, _evaluation: Any) -> None:
        self.redraw()

    def series(self) -> pd.DataFrame:
        """The rows of the evaluation shown now (one queue, one day or the whole horizon)."""
        ev = self._doc.evaluation
        if ev is None:
            return pd.DataFrame()
        frame = ev.interval
        frame = frame[frame["queue"] == self.queue_box.currentText()]
        if self._day is not None and not self.whole_horizon.isChecked():
            lo = pd.Timestamp(self._day)
            frame = frame[(frame["start"] >= lo) & (frame["start"] < lo + pd.Timedelta(days=1))]
        return frame

    def redraw(self) -> None:
        frame = self.series()
        if frame.empty:
            for item in (self._required, self._scheduled, self._sl):
                item.setData([0, 1], [0])
            self.sl_label.setText(self.tr("Run the forecast and solve to see coverage"))
            return
        step_s = self._doc.scenario.interval_min * 60
        x = epoch_s(frame["start"])
        edges = np.append(x, x[-1] + step_s)
        self._required.setData(edges, frame["required"].to_numpy(dtype=float))
        self._scheduled.setData(edges, frame["scheduled"].to_numpy(dtype=float))
        self._sl.setData(edges, frame["service_level"].to_numpy(dtype=float) * 100.0)
        queue = self._doc.scenario.queue(self.queue_box.currentText())
        target = (queue.deferred_pct if queue.deferred_pct is not None else queue.target_sl) * 100.0
        self._target.setValue(target)
        volume = frame["volume"].to_numpy(dtype=float)
        sl = frame["service_level"].to_numpy(dtype=float)
        weighted = float((sl * volume).sum() / volume.sum()) if volume.sum() > 0 else 1.0
        short = int(frame["understaffed"].sum())
        self.sl_label.setText(self.tr("Service level {sl:.1%} (target {target:.0%}) · {short} understaffed "
                                      "intervals").format(sl=weighted, target=target / 100.0, short=short))
        for plot in (self.heads, self.service):
            plot.setXRange(edges[0], edges[-1], padding=0.01)
