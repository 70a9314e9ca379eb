"""What-if inputs of the forecast: events (campaigns, outages), surge overrides, bot deflection.

Each table edit is one undoable step that re-forecasts in the worker; the chart follows.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableView, QTabWidget, QVBoxLayout, QWidget

from planner.domain import CHANNELS
from planner.errors import InputError
from ui.document import PlanDocument
from ui.models.record_model import Column, RecordTableModel
from ui.views.editing_support import number
from ui.views.record_page import record_table


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a date: write it like 2025-12-01") from None


def _build(factory: Callable[[], Any]) -> Any:
    """Run a dataclass constructor, turning its InputError into a typing-time ValueError."""
    try:
        return factory()
    except InputError as exc:
        raise ValueError(str(exc)) from None


def _queues(text: str, known: list[str]) -> tuple[str, ...]:
    names = tuple(n.strip() for n in text.replace(",", ";").split(";") if n.strip())
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ValueError(f"unknown queue {', '.join(unknown)}: use {', '.join(known)} (empty = all)")
    return names


class WhatIfView(QWidget):
    """Two tables: events, and adjustments (surge/dip overrides and chatbot deflection)."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc = document
        self.message = QLabel()
        self.message.setStyleSheet("color: #d62728;")
        self.message.setWordWrap(True)
        self.tabs = QTabWidget()
        self.events_model, self.events_table = self._table(
            self.tr("Events"), "events", self._event_columns(), lambda e: e.name, self._new_event)
        self.adjust_model, self.adjust_table = self._table(
            self.tr("Surges and deflection"), "adjustments", self._adjust_columns(),
            lambda a: a.queue or a.channel or "*", self._new_adjustment)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        document.forecast_options_changed.connect(self._on_document_options_changed)

    def _records(self, key: str) -> tuple[Any, ...]:
        return tuple(self._doc.forecast_options.get(key, ()))

    def _table(self, title: str, key: str, columns: list[Column], label: Callable[[Any], str],
               new: Callable[[], Any]) -> tuple[RecordTableModel, QTableView]:
        model = RecordTableModel(lambda: self._records(key), columns,
                                 lambda recs, text: self._commit(key, recs, text), label)
        table = record_table(model, self.message, f"{key}Table")
        add = QPushButton(self.tr("Add"))
        add.setToolTip(self.tr("Add a row; the forecast is recomputed"))
        remove = QPushButton(self.tr("Remove"))
        remove.setToolTip(self.tr("Remove the selected row; the forecast is recomputed"))
        add.clicked.connect(lambda: self._commit(key, self._records(key) + (new(),), self.tr("Add")))
        remove.clicked.connect(lambda: self._remove(key, table))
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(2, 2, 2, 2)
        box.addWidget(table, 1)
        box.addLayout(buttons)
        self.tabs.addTab(page, title)
        return model, table

    def _commit(self, key: str, records: tuple[Any, ...], text: str) -> None:
        options = dict(self._doc.forecast_options)
        options[key] = tuple(records)
        self._doc.edit_forecast_options(self.tr("What-if: {what}").format(what=text), options)

    def _remove(self, key: str, table: QTableView) -> None:
        row = table.currentIndex().row()
        records = self._records(key)
        if 0 <= row < len(records):
            self._commit(key, records[:row] + records[row + 1:], self.tr("Remove"))

    def _on_document_options_changed(self) -> None:
        self.events_model.refresh()
        self.adjust_model.refresh()

    # ---------------------------------------------------------------- rows
    def _first_day(self) -> dt.date:
        return self._doc.session.start_date

    def _new_event(self) -> Any:
        from forecasting.calendar import Event
        day = self._first_day()
        return Event(self.tr("Campaign"), day, day + dt.timedelta(days=1), uplift=0.2)

    def _new_adjustment(self) -> Any:
        from forecasting.adjust import Adjustment
        day = self._first_day()
        return Adjustment(pct=10.0, queue=self._doc.scenario.queues[0].name, first=day, last=day)

    def _event_columns(self) -> list[Column]:
        from dataclasses import replace
        tr = self.tr
        queues = lambda: [q.name for q in self._doc.scenario.queues]  # noqa: E731
        return [
            Column(tr("Event"), tr("Events with the same name share a learned uplift"), lambda e: e.name,
                   lambda e, t: _build(lambda: replace(e, name=t.strip() or e.name))),
            Column(tr("From"), tr("First day, e.g. 2025-12-01"), lambda e: e.first.isoformat(),
                   lambda e, t: _build(lambda: replace(e, first=_date(t)))),
            Column(tr("To"), tr("Last day (inclusive)"), lambda e: e.last.isoformat(),
                   lambda e, t: _build(lambda: replace(e, last=_date(t)))),
            Column(tr("Uplift %"), tr("Change of volume in percent (+60 = 60% more, -100 = closed); empty = "
                                      "learn it from past events of the same name"),
                   lambda e: "" if e.uplift is None else f"{e.uplift * 100:g}",
                   lambda e, t: _build(lambda: replace(e, uplift=None if not t.strip()
                                                       else number(t.rstrip("%"), -100, 1000, tr("percentage"), "%") / 100))),
            Column(tr("Queues"), tr("Queues affected, separated by ';'; empty = all"), lambda e: "; ".join(e.queues),
                   lambda e, t: _build(lambda: replace(e, queues=_queues(t, queues())))),
        ]

    def _adjust_columns(self) -> list[Column]:
        from dataclasses import replace
        tr = self.tr
        queues = lambda: [q.name for q in self._doc.scenario.queues]  # noqa: E731

        def optional_date(t: str) -> dt.date | None:
            return _date(t) if t.strip() else None

        def kind(t: str) -> str:
            if t not in ("override", "deflection"):
                raise ValueError("choose override (surge or dip) or deflection (chatbot)")
            return t

        return [
            Column(tr("Kind"), tr("override: surge (+) or dip (−) in percent; deflection: share the chatbot "
                                  "resolves before an agent"), lambda a: a.kind,
                   lambda a, t: _build(lambda: replace(a, kind=kind(t))), choices=lambda: ("override", "deflection")),
            Column(tr("Percent"), tr("Override: +20 = 20% more contacts; deflection: 30 = 30% fewer reach agents"),
                   lambda a: f"{a.pct:g}", lambda a, t: _build(lambda: replace(a, pct=number(t.rstrip("%"), -100, 1000,
                                                                                          tr("percentage"), "%")))),
            Column(tr("Queue"), tr("Queue it applies to; empty = every queue (or every queue of the channel)"),
                   lambda a: a.queue or "",
                   lambda a, t: _build(lambda: replace(a, queue=(_queues(t, queues()) or (None,))[0]))),
            Column(tr("Channel"), tr("For deflection: the channel whose queues it hits (voice, chat, email, social)"),
                   lambda a: a.channel or "",
                   lambda a, t: _build(lambda: replace(a, channel=_channel(t)))),
            Column(tr("From"), tr("First day; empty = start of the horizon"),
                   lambda a: a.first.isoformat() if a.first else "",
                   lambda a, t: _build(lambda: replace(a, first=optional_date(t)))),
            Column(tr("To"), tr("Last day (inclusive); empty = end of the horizon"),
                   lambda a: a.last.isoformat() if a.last else "",
                   lambda a, t: _build(lambda: replace(a, last=optional_date(t)))),
        ]


def _channel(text: str) -> str | None:
    t = text.strip()
    if not t:
        return None
    if t not in CHANNELS:
        raise ValueError(f"unknown channel {t!r}: use one of {', '.join(CHANNELS)}")
    return t
