"""Score any roster — solver-made or hand-edited — against the forecast.

The roster says who is on duty when; this module turns that into heads per queue per interval
and asks the capacity engine what service level those heads give. Each interval is treated as
stationary (the industry convention): the predicted service level is the steady-state value for
that interval's forecast load and staffing.

Multi-skilled agents are split across the queues they serve by the rule the roster solver
optimises (``head_split``): the integer split with the most value of heads, where a head is
worth the contacts it adds answered within target (weighted by queue priority). The rule is the
same for every roster, so an edit changes the score only through what it changes, and a roster
the solver rates higher also scores higher here.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.domain import MINUTES_PER_DAY, Roster, Scenario
from planner.head_split import split_gains, split_heads
from planner.staffing.evaluate import evaluate_queue
from planner.staffing.shrinkage import shrinkage_grid


@dataclass(frozen=True)
class Evaluation:
    """Predicted service of a roster, per queue per interval and per day."""

    interval: pd.DataFrame  # start, queue, volume, aht_s, required, scheduled, service_level, asa_s,
    #                         occupancy, p_abandon, understaffed
    daily: pd.DataFrame     # date, queue, volume, service_level, understaffed_intervals
    on_duty: np.ndarray     # (n_intervals,) heads on duty, breaks excluded


def horizon_index(start_date: dt.date, n_days: int, interval_min: int) -> pd.DatetimeIndex:
    """Interval start times of a horizon of whole days."""
    return pd.date_range(pd.Timestamp(start_date), periods=n_days * MINUTES_PER_DAY // interval_min,
                         freq=f"{interval_min}min")


def duty_matrix(roster: Roster, agent_ids: list[str], interval_min: int) -> np.ndarray:
    """Boolean (n_agents, n_intervals): agent on duty and not on a break.

    A shift counts for the intervals it fully or partly covers on the interval grid; shifts that
    run past the end of the horizon are cut there.
    """
    n_t = roster.n_days * MINUTES_PER_DAY // interval_min
    row = {a: i for i, a in enumerate(agent_ids)}
    duty = np.zeros((len(agent_ids), n_t), dtype=bool)
    for s in roster.shifts:
        i = row.get(s.agent_id)
        if i is None:
            continue
        offset = (s.day - roster.start_date).days * MINUTES_PER_DAY
        lo = max(0, (offset + s.start_min) // interval_min)
        hi = min(n_t, -(-(offset + s.end_min) // interval_min))
        if hi > lo:
            duty[i, lo:hi] = True
        for b_start, b_end in s.breaks:
            blo = max(0, (offset + b_start) // interval_min)
            bhi = min(n_t, -(-(offset + b_end) // interval_min))
            if bhi > blo:
                duty[i, blo:bhi] = False
    return duty


def allocate(duty: np.ndarray, skills: list[frozenset[int]], gains: list[np.ndarray],
             volume: np.ndarray, is_open: np.ndarray) -> np.ndarray:
    """Split on-duty heads across queues: (n_queues, n_intervals) integer heads.

    Args:
        duty: (n_agents, n_intervals) on-duty flags.
        skills: queue indices each agent can serve.
        gains: per queue, (n_intervals, K) value of its k-th head (``head_split.split_gains``).
        volume: (n_queues, n_intervals) forecast contacts, for placing heads beyond the valued range.
        is_open: (n_queues, n_intervals) queue open flags; closed queues get nobody.
    """
    groups: dict[frozenset[int], list[int]] = {}
    for i, sk in enumerate(skills):
        groups.setdefault(sk, []).append(i)
    order = sorted(groups, key=lambda g: (len(g), sorted(g)))
    heads = np.array([duty[groups[g]].sum(axis=0) for g in order]).reshape(len(order), duty.shape[1])
    return split_heads(heads, order, gains, is_open, volume)


def queue_gains(queues: list, volume: np.ndarray, aht_s: np.ndarray, required: np.ndarray,
                interval_min: int, is_open: np.ndarray, keep: np.ndarray) -> list[np.ndarray]:
    """Per queue, the value of the k-th scheduled head per interval, as the head split uses it."""
    return [split_gains(q, volume[k], aht_s[k], interval_min, is_open[k], keep[k], required[k])
            for k, q in enumerate(queues)]


def evaluate_roster(scenario: Scenario, roster: Roster, forecast_frame: pd.DataFrame,
                    requirements_frame: pd.DataFrame) -> Evaluation:
    """Predicted service level of ``roster`` per queue per interval and per day."""
    interval_min = scenario.interval_min
    index = horizon_index(roster.start_date, roster.n_days, interval_min)
    queues = list(scenario.queues)
    qpos = {q.name: k for k, q in enumerate(queues)}
    n_q, n_t = len(queues), len(index)

    def grid(frame: pd.DataFrame, column: str, fill: float = 0.0) -> np.ndarray:
        table = frame.pivot_table(index="start", columns="queue", values=column, aggfunc="sum")
        table = table.reindex(index=index, columns=[q.name for q in queues])
        return table.fillna(fill).to_numpy(dtype=float).T

    volume = grid(forecast_frame, "volume")
    aht = forecast_frame.pivot_table(index="start", columns="queue", values="aht_s", aggfunc="mean")
    aht = aht.reindex(index=index, columns=[q.name for q in queues])
    for k, q in enumerate(queues):
        aht[q.name] = aht[q.name].fillna(q.aht_s)
    aht_s = aht.to_numpy(dtype=float).T
    required = grid(requirements_frame, "agents_required")
    minute = (index.hour * 60 + index.minute).to_numpy()
    is_open = np.array([[q.is_open(int(m)) for m in minute] for q in queues]).reshape(n_q, n_t) \
        if n_t else np.zeros((n_q, 0), dtype=bool)

    agent_ids = [a.id for a in scenario.agents]
    skills = [frozenset(qpos[x] for x in a.queues if x in qpos) for a in scenario.agents]
    duty = duty_matrix(roster, agent_ids, interval_min)
    keep = 1.0 - shrinkage_grid(queues, scenario.shrinkage, index)
    gains = queue_gains(queues, volume, aht_s, required, interval_min, is_open, keep)
    scheduled = allocate(duty, skills, gains, volume, is_open).astype(float)

    frames = []
    available = scheduled * keep
    for k, q in enumerate(queues):   # every line on its own heads: VIP lines are staffed as dedicated
        metrics = evaluate_queue(q, volume[k], aht_s[k], available[k], interval_min, open_mask=is_open[k])
        frames.append(pd.DataFrame({
            "start": index, "queue": q.name, "volume": volume[k], "aht_s": aht_s[k],
            "required": required[k], "scheduled": scheduled[k],
            "service_level": np.asarray(metrics["service_level"], dtype=float),
            "asa_s": np.asarray(metrics["asa_s"], dtype=float),
            "occupancy": np.asarray(metrics["occupancy"], dtype=float),
            "p_abandon": np.asarray(metrics["p_abandon"], dtype=float),
            "understaffed": scheduled[k] + 1e-9 < required[k],
        }))
    interval = pd.concat(frames, ignore_index=True)
    return Evaluation(interval=interval, daily=daily_service(interval), on_duty=duty.sum(axis=0))


def daily_service(interval: pd.DataFrame) -> pd.DataFrame:
    """Volume-weighted service level per queue per day, and understaffed interval counts."""
    frame = interval.assign(date=interval["start"].dt.date,
                            answered=interval["service_level"] * interval["volume"])
    daily = frame.groupby(["date", "queue"], sort=True).agg(
        volume=("volume", "sum"), answered=("answered", "sum"),
        understaffed_intervals=("understaffed", "sum")).reset_index()
    daily["service_level"] = np.where(daily["volume"] > 0, daily["answered"] / daily["volume"].where(
        daily["volume"] > 0, 1.0), 1.0)
    return daily[["date", "queue", "volume", "service_level", "understaffed_intervals"]]


def overall_service(interval: pd.DataFrame) -> dict[str, float]:
    """Volume-weighted service level per queue over the whole horizon."""
    out: dict[str, float] = {}
    for name, g in interval.groupby("queue", sort=False):
        vol = float(g["volume"].sum())
        out[str(name)] = float((g["service_level"] * g["volume"]).sum() / vol) if vol > 0 else 1.0
    return out
