"""Targets & capacity: per-queue service targets, opening hours, shrinkage; requirements heatmap.

Changing a target is an undoable scenario edit; requirements are recomputed from the current
forecast at once and the heatmap follows.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtWidgets import QAbstractItemView, QLabel, QSplitter, QVBoxLayout, QWidget
from PySide6.QtCore import Qt

from planner.domain import CHANNELS
from ui.document import PlanDocument
from ui.models.record_model import Column, RecordTableModel
from ui.views.editing_support import integer, number, optional, percent, show_range, time_range
from ui.views.record_page import record_table
from ui.views.requirements_view import RequirementsView


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value * 100:g}"


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


class TargetsView(QWidget):
    """Queue table (editable, validated while typing) above the requirements heatmap."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc = document
        self.message = QLabel()
        self.message.setStyleSheet("color: #d62728;")
        self.model = RecordTableModel(lambda: document.scenario.queues, self._columns(), self._commit,
                                      label=lambda q: q.name)
        self.table = record_table(self.model, self.message, "targetsTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.requirements = RequirementsView(document)
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(QLabel(self.tr("Service targets per queue. Double-click or type to edit; hover a "
                                    "column title for what it means.")))
        tl.addWidget(self.table, 1)
        tl.addWidget(self.message)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self.requirements)
        split.setSizes([260, 480])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        document.scenario_changed.connect(self.model.refresh)

    def _commit(self, queues: tuple[Any, ...], text: str) -> None:
        self._doc.edit_scenario(self.tr("Edit target {what}").format(what=text),
                                replace(self._doc.scenario, queues=queues))

    def _columns(self) -> list[Column]:
        tr = self.tr
        return [
            Column(tr("Queue"), tr("Queue name (fixed: history and agents refer to it)"), lambda q: q.name),
            Column(tr("Channel"), tr("voice: Erlang C/A · chat: several chats per agent · email: deferred "
                                     "work answered within hours"),
                   lambda q: q.channel, lambda q, t: replace(q, channel=_channel(t)), choices=lambda: CHANNELS),
            Column(tr("Opening hours"), tr("When the queue takes contacts, e.g. 08:00-22:00; 00:00-24:00 is 24/7"),
                   lambda q: show_range(q.open_from_min, q.open_to_min),
                   lambda q, t: replace(q, open_from_min=time_range(t)[0], open_to_min=time_range(t)[1])),
            Column(tr("Service level %"), tr("Share of contacts to answer within the answer time, e.g. 80"),
                   lambda q: _pct(q.target_sl), lambda q, t: replace(q, target_sl=percent(t, 0.01, 1.0, tr("share")))),
            Column(tr("Answer within s"), tr("Answer-time threshold of the service level, in seconds (e.g. 20)"),
                   lambda q: _num(q.answer_s), lambda q, t: replace(q, answer_s=number(t, 1, 86400, tr("time"), " s"))),
            Column(tr("Max ASA s"), tr("Optional cap on the average speed of answer, seconds; empty for none"),
                   lambda q: _num(q.max_asa_s),
                   lambda q, t: replace(q, max_asa_s=optional(t, lambda x: number(x, 1, 86400, tr("time"), " s")))),
            Column(tr("Patience s"), tr("Mean customer patience in seconds: set it to plan with abandonment "
                                        "(Erlang A); empty plans without (Erlang C)"),
                   lambda q: _num(q.patience_s),
                   lambda q, t: replace(q, patience_s=optional(t, lambda x: number(x, 1, 86400, tr("time"), " s")))),
            Column(tr("Concurrency"), tr("Chats one agent handles at the same time (1 for voice and email)"),
                   lambda q: q.concurrency, lambda q, t: replace(q, concurrency=integer(t, 1, 10, tr("number")))),
            Column(tr("Deferred %"), tr("Email/tickets: share answered within the deferred hours, e.g. 96"),
                   lambda q: _pct(q.deferred_pct),
                   lambda q, t: replace(q, deferred_pct=optional(t, lambda x: percent(x, 0.01, 1.0, tr("share"))))),
            Column(tr("Deferred h"), tr("Email/tickets: hours within which the deferred share is answered"),
                   lambda q: _num(q.deferred_hours),
                   lambda q, t: replace(q, deferred_hours=optional(t, lambda x: number(x, 0.1, 336, tr("time"), " h")))),
            Column(tr("Shrinkage %"), tr("Paid time not available for contacts: breaks, meetings, training, "
                                         "absence. Scheduled heads = agents ÷ (1 − shrinkage)"),
                   lambda q: _pct(q.shrinkage), lambda q, t: replace(q, shrinkage=percent(t, 0.0, 0.9, tr("share")))),
            Column(tr("Max occupancy %"), tr("Highest share of time agents may be busy; above it they burn out"),
                   lambda q: _pct(q.max_occupancy),
                   lambda q, t: replace(q, max_occupancy=percent(t, 0.05, 1.0, tr("share")))),
            Column(tr("Min agents"), tr("Floor of agents whenever the queue is open, whatever the forecast"),
                   lambda q: q.min_agents, lambda q, t: replace(q, min_agents=integer(t, 0, 1000, tr("number")))),
            Column(tr("Priority"), tr("What one contact answered in time is worth against an ordinary one, in the "
                                      "roster objective and in how multi-skilled agents are shared (VIP line: 3 "
                                      "unless set; empty for the default)"),
                   lambda q: _num(q.priority),
                   lambda q, t: replace(q, priority=optional(t, lambda x: number(x, 0.1, 100, tr("weight"))))),
        ]


def _channel(text: str) -> Any:
    if text not in CHANNELS:
        raise ValueError(f"unknown channel {text!r}: choose one of {', '.join(CHANNELS)}")
    return text

