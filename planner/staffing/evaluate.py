"""Score any staffing: predicted service level, ASA, occupancy, abandonment per interval.

The same code scores the requirement, the solver's roster and a team lead's hand edits, so
what the planner sees never depends on who made the roster. Vectorised over intervals; fast
enough to run after every edit in the UI.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from planner.domain import Queue
from planner.staffing.deferred import work_queue
from planner.staffing.live import live_metrics

METRICS = ("service_level", "asa_s", "occupancy", "p_abandon")


def is_deferred(queue: Queue) -> bool:
    """Email and tickets are worked from a backlog, not answered live; so are social-media
    messages given a deferred target (``deferred_pct``/``deferred_hours``); without one they are
    answered live like chat."""
    if queue.channel == "email":
        return True
    return queue.channel == "social" and (queue.deferred_pct is not None or queue.deferred_hours is not None)


def evaluate_queue(queue: Queue, volume: np.ndarray, aht_s: np.ndarray, agents: np.ndarray,
                   interval_min: int, open_mask: np.ndarray | None = None,
                   with_asa: bool = True) -> dict[str, np.ndarray]:
    """Metrics per interval for ``agents`` *available* on the queue (after shrinkage).

    Agents may be fractional (heads × (1 − shrinkage), or a share of a multi-skilled agent):
    live queues interpolate linearly between the integer staffings either side, i.e. the
    expected result when the fraction is the chance of having the extra agent. Deferred queues
    take fractional agents as they are (work capacity is linear in agents); they need the whole
    horizon in order, because the backlog carries over, and ``open_mask`` (default: always open)
    to know when work is done and the deadline clock runs. Their result has a ``backlog`` array.
    """
    volume = np.asarray(volume, dtype=float)
    aht = np.asarray(aht_s, dtype=float)
    aht = np.where(np.isfinite(aht) & (aht > 0), aht, queue.aht_s)
    agents = np.maximum(np.asarray(agents, dtype=float), 0.0)
    n_t = volume.size
    if is_deferred(queue):
        mask = np.ones(n_t, dtype=bool) if open_mask is None else np.asarray(open_mask, dtype=bool)
        r = work_queue(volume, aht, agents, mask, interval_min, queue)
        return {"service_level": r.service_level, "asa_s": r.response_s, "occupancy": r.occupancy,
                "p_abandon": np.zeros(n_t), "backlog": r.backlog}
    lam = volume / (interval_min * 60.0)
    lo = np.floor(agents + 1e-9)
    frac = np.clip(agents - lo, 0.0, 1.0)
    both = live_metrics(queue, np.concatenate([lo, lo + 1]).astype(np.int64),
                        np.concatenate([lam, lam]), np.concatenate([aht, aht]), with_asa=with_asa)
    out: dict[str, np.ndarray] = {}
    for name in METRICS:
        values = getattr(both, name)
        low, high = values[:n_t], values[n_t:]
        mixed = (1.0 - frac) * low + frac * high
        out[name] = np.where(frac > 0, mixed, low)
    return out


def pooled_inputs(ordinary: Queue, vip: Queue, volume: np.ndarray, aht_s: np.ndarray,
                  vip_volume: np.ndarray, vip_aht_s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Volume and AHT of an ordinary queue pooled with its VIP queue.

    VIP-certified agents serve both lines, so the ordinary queue is judged on the pool: all
    contacts, all agents, with a volume-weighted handle time. The VIP line is judged on VIP
    contacts and VIP agents alone, a floor that holds whatever the ordinary line does.
    """
    aht_o = np.where(np.isfinite(aht_s) & (aht_s > 0), aht_s, ordinary.aht_s)
    aht_v = np.where(np.isfinite(vip_aht_s) & (vip_aht_s > 0), vip_aht_s, vip.aht_s)
    total = volume + vip_volume
    with np.errstate(divide="ignore", invalid="ignore"):
        aht = np.where(total > 0, (volume * aht_o + vip_volume * aht_v) / np.where(total > 0, total, 1.0), aht_o)
    return total, aht


def weighted_service(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Volume-weighted service level (and mean ASA, abandonment) over groups of intervals.

    ``frame`` has ``volume`` and the metric columns; ``by`` names grouping columns, e.g.
    ``["queue", "date"]``. A group with no volume counts as fully served.
    """
    f = frame.assign(_sl=frame["service_level"] * frame["volume"],
                     _ab=frame["p_abandon"] * frame["volume"],
                     _asa=frame["asa_s"].fillna(0.0) * frame["volume"] * (1.0 - frame["p_abandon"]),
                     _ans=frame["volume"] * (1.0 - frame["p_abandon"]))
    g = f.groupby(by, sort=True).agg(volume=("volume", "sum"), _sl=("_sl", "sum"), _ab=("_ab", "sum"),
                                     _asa=("_asa", "sum"), _ans=("_ans", "sum")).reset_index()
    vol = g["volume"].where(g["volume"] > 0)
    g["service_level"] = (g["_sl"] / vol).fillna(1.0)
    g["p_abandon"] = (g["_ab"] / vol).fillna(0.0)
    g["asa_s"] = (g["_asa"] / g["_ans"].where(g["_ans"] > 0)).fillna(0.0)
    return g[[*by, "volume", "service_level", "asa_s", "p_abandon"]]
