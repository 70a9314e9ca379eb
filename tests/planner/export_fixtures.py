"""A tiny scenario, roster and Evaluation-like frames shared by the export/project tests."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from planner.domain import Agent, Contract, Queue, Roster, Scenario, Shift, ShiftTemplate, TimeOff

START = dt.date(2026, 12, 7)  # a Monday


def tiny_scenario() -> Scenario:
    return Scenario(
        name="tiny",
        queues=(Queue("phone", open_from_min=0, open_to_min=1440), Queue("chat", channel="chat", concurrency=2)),
        agents=(Agent("A1", "李娜", "enquiries", "full", ("phone", "chat")),
                Agent("A2", "王伟", "complaints", "full", ("phone",), night_capable=True),
                Agent("A3", "Zoe Smith", "technical", "part", ("chat",),
                      time_off=(TimeOff(START + dt.timedelta(days=2), START + dt.timedelta(days=2), "leave"),))),
        contracts=(Contract("full", 2400, 2400, ("day", "night")), Contract("part", 0, 1200, ("day",))),
        templates=(ShiftTemplate("day", (480, 540), 540, 60), ShiftTemplate("night", (1320,), 540, 60)),
        interval_min=60,
    )


def tiny_roster() -> Roster:
    return Roster(START, 3, (
        Shift("A1", START, "day", 480, 1020, 60, ((720, 780),)),
        Shift("A1", START + dt.timedelta(days=1), "day", 540, 1080, 60, ((780, 840),)),
        Shift("A2", START, "night", 1320, 1860, 60, ((1500, 1560),)),
        Shift("A3", START + dt.timedelta(days=1), "day", 540, 1080, 60),
    ))


class FakeEvaluation:
    """Evaluation-shaped frames (columns of planner.evaluation.Evaluation) with known numbers."""

    def __init__(self, n_days: int = 3, interval_min: int = 60) -> None:
        idx = pd.date_range(pd.Timestamp(START), periods=n_days * 1440 // interval_min, freq=f"{interval_min}min")
        rows = []
        for q, base in (("phone", 10.0), ("chat", 4.0)):
            n = len(idx)
            rows.append(pd.DataFrame({
                "start": idx, "queue": q, "volume": np.full(n, base), "aht_s": 300.0,
                "required": np.full(n, 3.0), "scheduled": np.full(n, 2.5),
                "service_level": np.full(n, 0.75 if q == "phone" else 0.9), "asa_s": 12.0,
                "occupancy": 0.8, "p_abandon": 0.0, "understaffed": np.full(n, True)}))
        self.interval = pd.concat(rows, ignore_index=True)
        f = self.interval.assign(date=self.interval["start"].dt.date)
        self.daily = f.groupby(["date", "queue"], sort=True).agg(
            volume=("volume", "sum"), service_level=("service_level", "mean"),
            understaffed_intervals=("understaffed", "sum")).reset_index()
        self.on_duty = np.zeros(len(idx))
