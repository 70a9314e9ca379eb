"""Shrinkage per queue and interval: the share of scheduled time not available for contacts.

The queue's own ``shrinkage`` covers what is spread evenly (absence, coaching, system time;
breaks and meetings the roster places itself are not counted, they are taken off coverage
directly). ``ShrinkageWindow`` entries add planned time off the phones in recurring windows,
e.g. Wednesday 14:00–16:00 training, so the requirement rises there and only there, and a
roster is scored with the same availability it was planned with.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from planner.domain import Queue, ShrinkageWindow
from planner.errors import InputError

MAX_SHRINKAGE = 0.95   # beyond this a queue has no working time left worth planning


def shrinkage_grid(queues: Sequence[Queue], windows: Sequence[ShrinkageWindow],
                   starts: pd.Series | pd.DatetimeIndex) -> np.ndarray:
    """Shrinkage (0–1) per queue and interval, shape ``(len(queues), len(starts))``."""
    idx = pd.DatetimeIndex(starts)
    out = np.array([[q.shrinkage] for q in queues], dtype=float).repeat(len(idx), axis=1)
    for w in windows:
        rows = [k for k, q in enumerate(queues) if w.queue is None or w.queue == q.name]
        out[rows] += w.share * window_mask(w, idx)
    too_high = np.argwhere(out > MAX_SHRINKAGE)
    if len(too_high):
        k, t = too_high[0]
        raise InputError(f"queue '{queues[k].name}': shrinkage reaches {out[k, t]:.0%} at {idx[t]:%a %Y-%m-%d %H:%M}",
                         column="shrinkage", fix=f"keep the queue's shrinkage plus its windows below "
                                                  f"{MAX_SHRINKAGE:.0%}")
    return out


def window_mask(w: ShrinkageWindow, idx: pd.DatetimeIndex) -> np.ndarray:
    """Vectorised ``ShrinkageWindow.applies`` over interval starts."""
    weekday = idx.dayofweek.to_numpy()
    minute = (idx.hour * 60 + idx.minute).to_numpy()
    if w.days == "weekend":
        mask = weekday >= 5
    elif w.days == "weekday":
        mask = weekday < 5
    elif isinstance(w.days, tuple):
        mask = np.isin(weekday, w.days)
    else:
        mask = np.ones(len(idx), dtype=bool)
    if w.from_min <= w.to_min:
        mask &= (minute >= w.from_min) & (minute < w.to_min)
    else:
        mask &= (minute >= w.from_min) | (minute < w.to_min)
    day = idx.normalize()
    if w.first is not None:
        mask &= day >= pd.Timestamp(w.first)
    if w.last is not None:
        mask &= day <= pd.Timestamp(w.last)
    return mask
