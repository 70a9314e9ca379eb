"""Accuracy of a forecast frame against actual history (holdout reports and benchmarks)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from planner.errors import InputError


def wape(actual: np.ndarray, mean: np.ndarray) -> float:
    """Weighted absolute percentage error: Σ|error| / Σ actual (robust to zero intervals)."""
    return float(np.abs(mean - actual).sum() / max(float(np.sum(actual)), 1e-9))


def bias(actual: np.ndarray, mean: np.ndarray) -> float:
    """Signed share: +0.05 means the forecast is 5 % too high overall."""
    return float((np.sum(mean) - np.sum(actual)) / max(float(np.sum(actual)), 1e-9))


def coverage(actual: np.ndarray, lo: np.ndarray, hi: np.ndarray, open_mask: np.ndarray | None = None) -> float:
    """Share of actuals inside [lo, hi], over open intervals only (closed ones are trivially in)."""
    inside = (actual >= lo) & (actual <= hi)
    if open_mask is not None:
        inside = inside[open_mask]
    return float(inside.mean()) if len(inside) else float("nan")


def holdout_accuracy(frame: pd.DataFrame, history: pd.DataFrame, season_days: int = 7) -> dict[str, dict[str, float]]:
    """WAPE, MASE, bias and 80 % coverage per queue of a forecast against the actual history.

    MASE is scaled by the in-sample MAE of the weekly seasonal naive on the history before the
    forecast start, at the forecast's interval length.
    """
    out: dict[str, dict[str, float]] = {}
    start = frame["start"].min()
    end = frame["start"].max()
    if len(frame["start"].unique()) < 2:
        raise InputError("the forecast has fewer than two intervals", column="start")
    step = frame["start"].drop_duplicates().sort_values().diff().dropna().min()
    for q, fq in frame.groupby("queue", sort=False):
        hq = history[history["queue"] == q]
        hq = hq.assign(slot=hq["start"].dt.floor(step))
        act = hq.groupby("slot")["volume"].sum(min_count=1)
        fq = fq.set_index("start")
        actual = act.reindex(fq.index).to_numpy(dtype=float)
        have = ~np.isnan(actual)
        if not have.any():
            continue
        train = act[act.index < start].fillna(0.0).to_numpy()
        lag = int(pd.Timedelta(days=season_days) / step)
        scale = float(np.mean(np.abs(train[lag:] - train[:-lag]))) if len(train) > lag else float("nan")
        a = actual[have]
        f = fq["volume"].to_numpy()[have]
        open_ = (a > 0) | (f > 0)
        out[str(q)] = {
            "wape": wape(a, f),
            "mase": float(np.mean(np.abs(f - a)) / scale) if scale and scale > 0 else float("nan"),
            "bias": bias(a, f),
            "coverage80": coverage(a, fq["volume_lo80"].to_numpy()[have], fq["volume_hi80"].to_numpy()[have], open_),
            "intervals": float(have.sum()),
        }
    if not out:
        raise InputError(f"no actuals between {start} and {end} to score the forecast against", column="start")
    return out
