"""Small pyqtgraph helpers shared by the charts: time axis, colours, fonts."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont

from ui.dates import day_month

pg.setConfigOptions(antialias=True, background="w", foreground="#333333")

COLOURS = {
    "history": QColor("#7f7f7f"), "forecast": QColor("#1f77b4"), "band80": QColor(31, 119, 180, 70),
    "band95": QColor(31, 119, 180, 35), "required": QColor("#d62728"), "scheduled": QColor("#2ca02c"),
    "sl": QColor("#1f77b4"), "target": QColor("#ff7f0e"), "holiday": QColor(255, 127, 14, 40),
    "event": QColor(214, 39, 40, 30),
    "objective": QColor("#2ca02c"), "bound": QColor("#9467bd"),
}


def epoch_s(values: pd.Series | pd.DatetimeIndex | np.ndarray) -> np.ndarray:
    """Naive local datetimes → seconds, shown back unchanged by a ``utcOffset=0`` date axis."""
    arr = np.asarray(values, dtype="datetime64[s]")
    return arr.astype(np.int64).astype(float)


class LocaleDateAxis(pg.DateAxisItem):
    """Date axis labelled with numbers only (``12/1``, ``13:00``), day and month in locale order."""

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        out = []
        for v in values:
            t = np.datetime64(int(v), "s").astype(object)
            if spacing >= 86400 or (t.hour == 0 and t.minute == 0):
                out.append(day_month(t.date() if hasattr(t, "date") else t))
            else:
                out.append(f"{t.hour:02d}:{t.minute:02d}")
        return out


def make_plot(y_label: str, time_axis: bool = True) -> pg.PlotWidget:
    axis = {"bottom": LocaleDateAxis(orientation="bottom", utcOffset=0)} if time_axis else {}
    plot = pg.PlotWidget(axisItems=axis)
    plot.showGrid(x=True, y=True, alpha=0.2)
    plot.setLabel("left", y_label)
    font = QFont()
    font.setPointSize(8)
    for name in ("left", "bottom"):
        plot.getAxis(name).setTickFont(font)
    plot.setMouseEnabled(x=True, y=False)
    # pyqtgraph's own right-click menu (log axes, downsampling…) is a developer tool, untranslated
    plot.setMenuEnabled(False)
    plot.hideButtons()
    plot.addLegend(offset=(-10, 10), labelTextSize="8pt", brush=pg.mkBrush(255, 255, 255, 210))
    return plot


def pen(colour: QColor, width: float = 1.5, dash: bool = False) -> pg.QtGui.QPen:
    p = pg.mkPen(colour, width=width)
    if dash:
        p.setStyle(pg.QtCore.Qt.PenStyle.DashLine)
    return p
