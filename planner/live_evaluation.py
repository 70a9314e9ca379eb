"""Re-score a roster after a hand edit by recomputing only the intervals the edit touched.

``evaluation.evaluate_roster`` scores a roster from scratch: it pivots the forecast onto the
horizon grid, builds every agent's duty row, splits heads across queues and asks the capacity
engine for every interval. After a team lead moves one shift almost all of that is unchanged.
:class:`LiveEvaluator` keeps the grids and the last result, and on each new roster

* rebuilds the duty rows of the agents whose shifts differ,
* re-splits heads (``head_split``) and re-scores live queues (voice, chat) only on the intervals those shifts
  cover — each interval is stationary and independent there,
* re-scores deferred queues (email) over the whole horizon, because their backlog carries over.

The result is the same :class:`~planner.evaluation.Evaluation` that ``evaluate_roster`` returns
for the same roster (the test suite checks this on random edits), so views and exports never
depend on which path produced it.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from planner.domain import MINUTES_PER_DAY, Roster, Scenario, Shift
from planner.evaluation import Evaluation, allocate, horizon_index
from planner.head_split import split_gains
from planner.staffing.evaluate import evaluate_queue, is_deferred
from planner.staffing.shrinkage import shrinkage_grid

METRIC_COLUMNS = ("service_level", "asa_s", "occupancy", "p_abandon")


def _shift_span(shift: Shift, start_date: dt.date, interval_min: int, n_t: int) -> tuple[int, int]:
    """Interval range [lo, hi) a shift touches on the horizon grid (cut at the horizon)."""
    offset = (shift.day - start_date).days * MINUTES_PER_DAY
    lo = max(0, (offset + shift.start_min) // interval_min)
    hi = min(n_t, -(-(offset + shift.end_min) // interval_min))
    return lo, max(lo, hi)


def _duty_row(shifts: list[Shift], start_date: dt.date, interval_min: int, n_t: int) -> np.ndarray:
    """On-duty flags of one agent (breaks excluded), the same rule as ``evaluation.duty_matrix``."""
    row = np.zeros(n_t, dtype=bool)
    for s in shifts:
        offset = (s.day - start_date).days * MINUTES_PER_DAY
        lo, hi = _shift_span(s, start_date, interval_min, n_t)
        if hi > lo:
            row[lo:hi] = True
        for b_start, b_end in s.breaks:
            blo = max(0, (offset + b_start) // interval_min)
            bhi = min(n_t, -(-(offset + b_end) // interval_min))
            if bhi > blo:
                row[blo:bhi] = False
    return row


class LiveEvaluator:
    """Scores rosters of one horizon against one forecast, reusing the previous result.

    Build one per (scenario, forecast, requirements); call :meth:`evaluate` with each new roster.
    A roster of another horizon, or a change to more than ``max_changed_agents`` agents (a solve,
    an import), is scored in full.
    """

    def __init__(self, scenario: Scenario, forecast_frame: pd.DataFrame, requirements_frame: pd.DataFrame,
                 start_date: dt.date, n_days: int, max_changed_agents: int = 24) -> None:
        self.scenario = scenario
        self.start_date = start_date
        self.n_days = n_days
        self.max_changed_agents = max_changed_agents
        self.interval_min = interval_min = scenario.interval_min
        self.index = index = horizon_index(start_date, n_days, interval_min)
        self.queues = queues = list(scenario.queues)
        names = [q.name for q in queues]
        qpos = {name: k for k, name in enumerate(names)}
        n_q, n_t = len(queues), len(index)
        self.n_t = n_t

        def grid(frame: pd.DataFrame, column: str) -> np.ndarray:
            table = frame.pivot_table(index="start", columns="queue", values=column, aggfunc="sum")
            return table.reindex(index=index, columns=names).fillna(0.0).to_numpy(dtype=float).T

        self.volume = grid(forecast_frame, "volume")
        aht = forecast_frame.pivot_table(index="start", columns="queue", values="aht_s", aggfunc="mean")
        aht = aht.reindex(index=index, columns=names)
        for q in queues:
            aht[q.name] = aht[q.name].fillna(q.aht_s)
        self.aht_s = aht.to_numpy(dtype=float).T
        self.required = grid(requirements_frame, "agents_required")
        minute = (index.hour * 60 + index.minute).to_numpy()
        by_minute = {int(m): None for m in np.unique(minute)}
        self.is_open = np.zeros((n_q, n_t), dtype=bool)
        for k, q in enumerate(queues):
            lookup = {m: q.is_open(m) for m in by_minute}
            self.is_open[k] = np.fromiter((lookup[int(m)] for m in minute), dtype=bool, count=n_t)
        self.agent_ids = [a.id for a in scenario.agents]
        self.row_of = {a: i for i, a in enumerate(self.agent_ids)}
        self.skills = [frozenset(qpos[x] for x in a.queues if x in qpos) for a in scenario.agents]
        self.keep = 1.0 - shrinkage_grid(queues, scenario.shrinkage, index)     # (n_q, n_t)
        self.deferred = [is_deferred(q) for q in queues]
        # the value of each head depends on the forecast and requirement only, never on the
        # roster: built once for the horizon (a deferred queue's needs the whole horizon anyway),
        # sliced for the intervals an edit touches
        self._gains = [split_gains(q, self.volume[k], self.aht_s[k], interval_min, self.is_open[k],
                                   self.keep[k], self.required[k]) for k, q in enumerate(queues)]
        # constant columns of the interval frame, built once
        self._start_col = np.tile(index.to_numpy(), n_q)
        self._queue_col = np.repeat(np.array(names, dtype=object), n_t)
        self._volume_col = self.volume.reshape(-1)
        self._aht_col = self.aht_s.reshape(-1)
        self._required_col = self.required.reshape(-1)
        per_day = MINUTES_PER_DAY // interval_min
        self._per_day = per_day
        days = [start_date + dt.timedelta(days=d) for d in range(n_days)]
        order = sorted(range(n_q), key=lambda k: names[k])           # groupby sorts queue names
        self._daily_order = order
        self._daily_date = np.array([day for day in days for _k in order], dtype=object)
        self._daily_queue = np.array([names[k] for _day in days for k in order], dtype=object)
        vol_day = self.volume.reshape(n_q, n_days, per_day).sum(axis=2)            # (q, d)
        self._daily_volume = vol_day[order].T.reshape(-1)
        # state of the last roster scored
        self._roster: Roster | None = None
        self._by_agent: dict[str, tuple[Shift, ...]] = {}
        self._duty: np.ndarray | None = None
        self._scheduled: np.ndarray | None = None
        self._metrics: dict[str, np.ndarray] = {}
        self.last_span: tuple[int, int] = (0, n_t)     # intervals re-scored by the last call

    # ------------------------------------------------------------------ api
    def evaluate(self, roster: Roster) -> Evaluation:
        """The evaluation of ``roster``; only what changed since the last call is recomputed."""
        if (roster.start_date, roster.n_days) != (self.start_date, self.n_days):
            raise ValueError(f"roster covers {roster.start_date} + {roster.n_days} days, the evaluator "
                             f"{self.start_date} + {self.n_days} days")
        by_agent = self._group(roster)
        changed = None if self._roster is None else \
            [a for a in set(by_agent) | set(self._by_agent) if by_agent.get(a) != self._by_agent.get(a)]
        if changed is None or len(changed) > self.max_changed_agents:
            self._full(roster, by_agent)
        else:
            self._partial(by_agent, changed)
        self._roster, self._by_agent = roster, by_agent
        return self._result()

    # ------------------------------------------------------------- internals
    @staticmethod
    def _group(roster: Roster) -> dict[str, tuple[Shift, ...]]:
        # tuples, not sets: an edit keeps the untouched Shift objects, and tuple equality checks
        # identity first, so comparing 200 agents costs no hashing of 4,000 shifts
        grouped: dict[str, list[Shift]] = {}
        for s in roster.shifts:
            grouped.setdefault(s.agent_id, []).append(s)
        return {a: tuple(v) for a, v in grouped.items()}

    def _full(self, roster: Roster, by_agent: dict[str, tuple[Shift, ...]]) -> None:
        duty = np.zeros((len(self.agent_ids), self.n_t), dtype=bool)
        for agent_id, shifts in by_agent.items():
            i = self.row_of.get(agent_id)
            if i is not None:
                duty[i] = _duty_row(list(shifts), self.start_date, self.interval_min, self.n_t)
        self._duty = duty
        self._scheduled = np.zeros((len(self.queues), self.n_t))
        self._metrics = {name: np.zeros((len(self.queues), self.n_t)) for name in METRIC_COLUMNS}
        self._score(0, self.n_t)

    def _partial(self, by_agent: dict[str, tuple[Shift, ...]], changed: list[str]) -> None:
        assert self._duty is not None
        lo, hi = self.n_t, 0
        for agent_id in changed:
            old, new = self._by_agent.get(agent_id, ()), by_agent.get(agent_id, ())
            for s in set(old) ^ set(new):
                s_lo, s_hi = _shift_span(s, self.start_date, self.interval_min, self.n_t)
                lo, hi = min(lo, s_lo), max(hi, s_hi)
            i = self.row_of.get(agent_id)
            if i is not None:
                self._duty[i] = _duty_row(list(new), self.start_date, self.interval_min, self.n_t)
        if hi > lo:
            self._score(lo, hi)
        else:
            self.last_span = (0, 0)

    def _score(self, lo: int, hi: int) -> None:
        """Split heads and score queues on intervals [lo, hi); deferred queues on the whole horizon."""
        assert self._duty is not None and self._scheduled is not None
        window = slice(lo, hi)
        gains = [g[window] for g in self._gains]
        self._scheduled[:, window] = allocate(self._duty[:, window], self.skills, gains,
                                              self.volume[:, window], self.is_open[:, window])
        available = self._scheduled * self.keep
        for k, q in enumerate(self.queues):
            span = slice(None) if self.deferred[k] else window
            vol_k, aht_k, avail_k = self.volume[k, span], self.aht_s[k, span], available[k, span]
            metrics = evaluate_queue(q, vol_k, aht_k, avail_k, self.interval_min, open_mask=self.is_open[k, span])
            for name in METRIC_COLUMNS:
                self._metrics[name][k, span] = np.asarray(metrics[name], dtype=float)
        self.last_span = (lo, hi)

    def _result(self) -> Evaluation:
        assert self._duty is not None and self._scheduled is not None
        scheduled = self._scheduled.reshape(-1)
        understaffed = scheduled + 1e-9 < self._required_col
        columns = {"start": self._start_col, "queue": self._queue_col, "volume": self._volume_col,
                   "aht_s": self._aht_col, "required": self._required_col, "scheduled": scheduled.copy()}
        for name in METRIC_COLUMNS:
            columns[name] = self._metrics[name].reshape(-1).copy()
        columns["understaffed"] = understaffed
        interval = pd.DataFrame(columns)
        return Evaluation(interval=interval, daily=self._daily(), on_duty=self._duty.sum(axis=0))

    def _daily(self) -> pd.DataFrame:
        """Volume-weighted service level per queue per day (as ``evaluation.daily_service``)."""
        n_q, n_days, per_day = len(self.queues), self.n_days, self._per_day
        answered = (self._metrics["service_level"] * self.volume).reshape(n_q, n_days, per_day).sum(axis=2)
        under = (self._scheduled + 1e-9 < self.required).reshape(n_q, n_days, per_day).sum(axis=2)
        order = self._daily_order
        answered = answered[order].T.reshape(-1)
        volume = self._daily_volume
        service = np.where(volume > 0, answered / np.where(volume > 0, volume, 1.0), 1.0)
        return pd.DataFrame({"date": self._daily_date, "queue": self._daily_queue, "volume": volume,
                             "service_level": service,
                             "understaffed_intervals": under[order].T.reshape(-1).astype(np.int64)})
