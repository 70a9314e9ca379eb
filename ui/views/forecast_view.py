"""Forecast per queue: recent history, forecast, 80/95% bands, holidays; model and accuracy."""
from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QLabel, QSpinBox, QSplitter, QVBoxLayout,
                               QWidget)

from ui.document import PlanDocument
from ui.views.plotting import COLOURS, epoch_s, make_plot, pen
from ui.views.whatif_view import WhatIfView

HISTORY_DAYS_SHOWN = 14


def holidays_in(country: str, first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
    """Public holidays between two dates (inclusive), for marking the chart."""
    from forecasting.calendar import holiday_names
    return sorted(holiday_names(first, last, country).items())


class ForecastView(QWidget):
    """Chart of one queue at a time; the queue and the history window are chosen above it."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc = document
        self.queue_box = QComboBox()
        self.queue_box.setToolTip(self.tr("Queue shown in the chart"))
        self.history_days = QSpinBox()
        self.history_days.setRange(0, 120)
        self.history_days.setValue(HISTORY_DAYS_SHOWN)
        self.history_days.setSuffix(self.tr(" days"))
        self.history_days.setToolTip(self.tr("How many days of history to show before the forecast"))
        self.model_label = QLabel()
        self.accuracy_label = QLabel()
        self.accuracy_label.setWordWrap(True)
        self.plot = make_plot(self.tr("Contacts per interval"))

        top = QHBoxLayout()
        form = QFormLayout()
        form.addRow(self.tr("Queue"), self.queue_box)
        form.addRow(self.tr("History shown"), self.history_days)
        top.addLayout(form)
        info = QFormLayout()
        info.addRow(self.tr("Model"), self.model_label)
        info.addRow(self.tr("Backtest accuracy"), self.accuracy_label)
        top.addLayout(info, 1)
        self.whatif = WhatIfView(document)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.plot)
        split.addWidget(self.whatif)
        split.setSizes([560, 220])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)

        self._fill_queues()
        self.queue_box.currentIndexChanged.connect(self._on_queue_box_changed)
        self.history_days.valueChanged.connect(self._on_queue_box_changed)
        document.forecast_changed.connect(self.redraw)
        document.scenario_changed.connect(self._fill_queues)
        self.redraw()

    def _fill_queues(self) -> None:
        current = self.queue_box.currentText()
        self.queue_box.blockSignals(True)
        self.queue_box.clear()
        self.queue_box.addItems([q.name for q in self._doc.scenario.queues])
        if current:
            self.queue_box.setCurrentText(current)
        self.queue_box.blockSignals(False)

    def _on_queue_box_changed(self, *_: Any) -> None:
        self.redraw()

    def selected_queue(self) -> str:
        return self.queue_box.currentText()

    def redraw(self) -> None:
        self.plot.clear()
        queue = self.selected_queue()
        session = self._doc.session
        start = pd.Timestamp(session.start_date)
        hist = session.history
        days = self.history_days.value()
        recent = hist[(hist["queue"] == queue) & (hist["start"] >= start - pd.Timedelta(days=days))
                      & (hist["start"] < start)]
        if len(recent):
            self.plot.plot(epoch_s(recent["start"]), recent["volume"].to_numpy(dtype=float),
                           pen=pen(COLOURS["history"], 1.0), name=self.tr("History"))
        fc = session.forecast
        if fc is None:
            self.model_label.setText(self.tr("Forecast not run yet"))
            self.accuracy_label.setText("")
            return
        frame = fc.frame[fc.frame["queue"] == queue].sort_values("start")
        x = epoch_s(frame["start"])
        for lo, hi, colour, label in (("volume_lo95", "volume_hi95", COLOURS["band95"], self.tr("95% band")),
                                      ("volume_lo80", "volume_hi80", COLOURS["band80"], self.tr("80% band"))):
            if lo in frame and hi in frame:
                low = pg.PlotDataItem(x, frame[lo].to_numpy(dtype=float), pen=pg.mkPen(None))
                high = pg.PlotDataItem(x, frame[hi].to_numpy(dtype=float), pen=pg.mkPen(None))
                band = pg.FillBetweenItem(low, high, brush=pg.mkBrush(colour))
                self.plot.addItem(band)
                # legend sample: pyqtgraph's ItemSample crashes painting a FillBetweenItem, a bar is safe
                sample = pg.BarGraphItem(x=[0], height=[0], width=0, brush=pg.mkBrush(colour), pen=pg.mkPen(None))
                self.plot.plotItem.legend.addItem(sample, label)
        self.plot.plot(x, frame["volume"].to_numpy(dtype=float), pen=pen(COLOURS["forecast"], 1.8),
                       name=self.tr("Forecast"))
        first = session.start_date - dt.timedelta(days=days)
        last = session.start_date + dt.timedelta(days=session.n_days - 1)
        for day, name in holidays_in(session.scenario.country, first, last):
            t0 = epoch_s(np.array([np.datetime64(day)]))[0]
            region = pg.LinearRegionItem((t0, t0 + 86400), movable=False, brush=pg.mkBrush(COLOURS["holiday"]),
                                         pen=pg.mkPen(None))
            region.setToolTip(name)
            self.plot.addItem(region)
        for event in self._doc.forecast_options.get("events", ()):
            if event.queues and queue not in event.queues:
                continue
            t0 = epoch_s(np.array([np.datetime64(event.first)]))[0]
            t1 = epoch_s(np.array([np.datetime64(event.last + dt.timedelta(days=1))]))[0]
            region = pg.LinearRegionItem((t0, t1), movable=False, brush=pg.mkBrush(COLOURS["event"]),
                                         pen=pg.mkPen(None))
            region.setToolTip(event.name)
            self.plot.addItem(region)
        self.model_label.setText(str(fc.model_by_queue.get(queue, "—")))
        acc = getattr(fc, "accuracy", {}).get(queue, {}) if getattr(fc, "accuracy", None) else {}
        parts = []
        for key, label, pct in (("wape", self.tr("WAPE"), True), ("mase", self.tr("MASE"), False),
                                ("bias", self.tr("Bias"), True), ("coverage80", self.tr("80% coverage"), True)):
            if key in acc and acc[key] == acc[key]:
                parts.append(f"{label} {acc[key]:.1%}" if pct else f"{label} {acc[key]:.2f}")
        self.accuracy_label.setText(" · ".join(parts) or "—")
