"""From a forecast to the agents each queue needs in each interval.

Dispatch by queue: voice and chat → the smallest staffing meeting every target (live.py);
email → the levelled deferred-work staffing (deferred.py). A VIP line and its ordinary line are
staffed as two dedicated lines, each from its own contacts: a VIP agent allotted to the VIP line
in an interval keeps free for VIP contacts (see docs/capacity.md for why pooling them with
priority was dropped: simulation showed the VIP target missed as routed). Then the queue's ``min_agents`` floor while open, and shrinkage:
``agents_required = ceil(agents_net / (1 − shrinkage))``. Closed intervals need no one.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from planner.domain import Queue, ShrinkageWindow
from planner.errors import InputError
from planner.staffing.deferred import required_deferred_agents, work_queue
from planner.staffing.evaluate import is_deferred
from planner.staffing.live import required_live_agents
from planner.staffing.shrinkage import shrinkage_grid

COLUMNS = ["start", "queue", "volume", "aht_s", "agents_net", "agents_required", "backlog"]


def open_mask_of(queue: Queue, starts: pd.Series | pd.DatetimeIndex) -> np.ndarray:
    """True for the intervals in which the queue is open (by their start time)."""
    idx = pd.DatetimeIndex(starts)
    minutes = (idx.hour * 60 + idx.minute).to_numpy()
    if queue.open_from_min == 0 and queue.open_to_min >= 1440:
        return np.ones(len(minutes), dtype=bool)
    if queue.open_from_min <= queue.open_to_min:
        return (minutes >= queue.open_from_min) & (minutes < queue.open_to_min)
    return (minutes >= queue.open_from_min) | (minutes < queue.open_to_min)


def scheduled_heads(queue: Queue, agents_net: np.ndarray, shrinkage: np.ndarray | float | None = None) -> np.ndarray:
    """Heads to roster so ``agents_net`` are available after shrinkage (the queue's, or per interval)."""
    keep = 1.0 - np.asarray(queue.shrinkage if shrinkage is None else shrinkage, dtype=float)
    if np.any(keep <= 0):
        raise InputError(f"queue '{queue.name}': shrinkage {1 - float(np.min(keep)):.0%} leaves no working time",
                         column="shrinkage", fix="use a shrinkage below 100 %, e.g. 0.30")
    return np.ceil(np.asarray(agents_net, dtype=float) / keep - 1e-9).astype(np.int64)


def requirements(forecast_frame: pd.DataFrame, queues: tuple[Queue, ...] | list[Queue],
                 interval_min: int, shrinkage_windows: Sequence[ShrinkageWindow] = ()) -> pd.DataFrame:
    """Agents needed per queue per interval; columns ``start, queue, volume, aht_s,
    agents_net, agents_required, backlog`` (``backlog``: contacts waiting at the end of the
    interval under this staffing, for deferred queues; 0 for live ones).

    ``shrinkage_windows`` add planned shrinkage in recurring windows (``shrinkage.py``).
    """
    missing = {"start", "queue", "volume"} - set(forecast_frame.columns)
    if missing:
        raise InputError(f"forecast has no column(s) {', '.join(sorted(missing))}",
                         fix="pass a forecast with start, queue, volume and aht_s columns")
    per_queue: dict[str, pd.DataFrame] = {}
    for q in queues:
        f = forecast_frame.loc[forecast_frame["queue"] == q.name].sort_values("start")
        aht = f["aht_s"].to_numpy(dtype=float) if "aht_s" in f else np.full(len(f), np.nan)
        aht = np.where(np.isfinite(aht) & (aht > 0), aht, q.aht_s)
        per_queue[q.name] = pd.DataFrame({"start": pd.DatetimeIndex(f["start"]), "queue": q.name,
                                          "volume": np.maximum(f["volume"].to_numpy(dtype=float), 0.0),
                                          "aht_s": aht})
    frames = []
    for q in queues:
        f = per_queue[q.name]
        open_mask = open_mask_of(q, f["start"])
        volume, aht = f["volume"].to_numpy(), f["aht_s"].to_numpy()
        backlog = np.zeros(len(f))
        interval_s = interval_min * 60.0
        if is_deferred(q):
            net = required_deferred_agents(q, volume, aht, open_mask, interval_min)
            backlog = work_queue(volume, aht, net, open_mask, interval_min, q).backlog
        else:
            net = required_live_agents(q, volume / interval_s, aht)
        net = np.where(open_mask, np.maximum(net, q.min_agents), 0)
        shrink = shrinkage_grid([q], shrinkage_windows, f["start"])[0]
        frames.append(f.assign(agents_net=net.astype(np.int64),
                               agents_required=scheduled_heads(q, net, shrink), backlog=backlog))
    if not frames:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(frames, ignore_index=True)[COLUMNS]

