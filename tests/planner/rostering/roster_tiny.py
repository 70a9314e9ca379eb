"""A tiny, hand-made centre for roster tests: 8 agents, 3 queues, one week, 15-minute grid."""
from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np

from planner.domain import Agent, Contract, CoverFloor, Queue, Rules, Scenario, ShiftTemplate, TimeOff
from planner.rostering.instance import RosterOptions, RosterProblem

START = dt.date(2026, 3, 2)   # Monday
IM = 15


def tiny_scenario(**changes: object) -> Scenario:
    queues = (
        Queue("phone", "voice", 6 * 60, 22 * 60, aht_s=300.0),
        Queue("phone_vip", "voice", 8 * 60, 18 * 60, vip_of="phone", aht_s=300.0),
        Queue("email", "email", 8 * 60, 18 * 60, aht_s=480.0),
    )
    templates = (
        ShiftTemplate("early", (6 * 60, 7 * 60, 8 * 60), 510, 30),
        ShiftTemplate("late", (12 * 60, 13 * 60, 13 * 60 + 30), 510, 30),
        ShiftTemplate("short", (8 * 60, 10 * 60, 12 * 60, 14 * 60), 240, 0),
    )
    contracts = (
        Contract("ft", 32 * 60, 40 * 60, ("early", "late"), max_days_per_week=5, max_consecutive_days=5),
        Contract("pt", 12 * 60, 20 * 60, ("short",), max_days_per_week=5, max_consecutive_days=4),
    )
    agents = (
        Agent("a1", "Li Na", "enq", "ft", ("phone", "phone_vip", "email"), vip=True),
        Agent("a2", "Wang Wei", "enq", "ft", ("phone",)),
        Agent("a3", "Zhang Min", "cmp", "ft", ("phone", "email")),
        Agent("a4", "Chen Jie", "cmp", "pt", ("email",)),
        Agent("a5", "Liu Yang", "enq", "pt", ("phone",),
              time_off=(TimeOff(START + dt.timedelta(days=2), START + dt.timedelta(days=3), "leave"),)),
        Agent("a6", "Zhao Lei", "cmp", "ft", ("phone", "phone_vip"), vip=True),
        Agent("a7", "Sun Li", "cmp", "ft", ("phone", "email")),
        Agent("a8", "Zhou Fang", "enq", "ft", ("phone", "phone_vip"), vip=True),
    )
    base = Scenario(name="tiny", queues=queues, agents=agents, contracts=contracts, templates=templates,
                    rules=Rules(min_rest_min=11 * 60, min_staff=1),
                    floors=(CoverFloor("phone", 8 * 60, 18 * 60, 1, days="weekday"),
                            CoverFloor("phone_vip", 10 * 60, 16 * 60, 1, days="weekday", vip_only=True)),
                    interval_min=IM, start_date=START)
    return dataclasses.replace(base, **changes)


def tiny_demand(scenario: Scenario, n_days: int = 7) -> tuple[np.ndarray, np.ndarray]:
    """(required, volume) with a midday peak; closed intervals are 0."""
    n_t = n_days * 1440 // scenario.interval_min
    minute = (np.arange(n_t) * scenario.interval_min) % 1440
    required = np.zeros((len(scenario.queues), n_t), dtype=np.int64)
    volume = np.zeros((len(scenario.queues), n_t))
    for k, q in enumerate(scenario.queues):
        open_ = np.array([q.is_open(int(m)) for m in minute])
        peak = (minute >= 9 * 60) & (minute < 17 * 60)
        base = {"phone": 1, "phone_vip": 1, "email": 1}[q.name]
        required[k] = np.where(open_, base + (peak & (q.name == "phone")), 0)
        volume[k] = np.where(open_, 4.0 * required[k] + 1.0, 0.0)
    return required, volume


def tiny_marginal(required: np.ndarray, volume: np.ndarray, k_max: int = 4) -> np.ndarray:
    """Concave gains: big for heads up to the requirement, small beyond, scaled by volume."""
    n_q, n_t = required.shape
    table = np.zeros((n_q, n_t, k_max), dtype=np.int64)
    for k in range(k_max):
        table[:, :, k] = np.where(k < required, 1000 * volume / np.maximum(1, required) / (k + 1),
                                  100 * volume / (k + 2) ** 2).astype(np.int64)
    return np.minimum.accumulate(table, axis=2)


def tiny_problem(*, marginal: bool = True, options: RosterOptions | None = None, n_days: int = 7,
                 **scenario_changes: object) -> RosterProblem:
    scenario = tiny_scenario(**scenario_changes)
    required, volume = tiny_demand(scenario, n_days)
    return RosterProblem(scenario=scenario, start_date=START, n_days=n_days, required=required, volume=volume,
                         marginal=tiny_marginal(required, volume) if marginal else None,
                         options=options or RosterOptions())
