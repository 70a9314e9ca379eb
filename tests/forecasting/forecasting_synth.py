"""Seeded synthetic contact-centre history with known structure, shared by the forecasting tests."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd


def synthetic_series(weeks: int = 12, per_day: int = 48, seed: int = 7, level: float = 400.0,
                     trend_per_week: float = 0.01, open_from: int | None = None, open_to: int | None = None) -> np.ndarray:
    """Daily total × weekday effect × smooth intraday profile, Poisson noise, closed nights."""
    rng = np.random.default_rng(seed)
    hours = (np.arange(per_day) + 0.5) * 24 / per_day
    profile = np.exp(-0.5 * ((hours - 11) / 2.5) ** 2) + 0.8 * np.exp(-0.5 * ((hours - 16) / 2.0) ** 2)
    lo = open_from if open_from is not None else per_day // 4
    hi = open_to if open_to is not None else per_day * 22 // 24
    profile[:lo] = 0.0
    profile[hi:] = 0.0
    profile /= profile.sum()
    weekday = np.array([1.15, 1.05, 1.0, 1.0, 0.95, 0.6, 0.45])
    days = weeks * 7
    totals = level * weekday[np.arange(days) % 7] * (1 + trend_per_week) ** (np.arange(days) / 7)
    mu = totals[:, None] * profile[None, :]
    return rng.poisson(mu).astype(float).ravel()


def synthetic_history(queues: tuple[str, ...] = ("phone", "chat"), weeks: int = 12, interval_min: int = 30,
                      first: str = "2025-01-06", seed: int = 7) -> pd.DataFrame:
    """Long history frame (start, queue, volume, aht_s, abandoned) starting on a Monday."""
    per_day = 1440 // interval_min
    frames = []
    for i, q in enumerate(queues):
        y = synthetic_series(weeks, per_day, seed + i, level=400.0 * (i + 1))
        start = pd.date_range(first, periods=len(y), freq=f"{interval_min}min")
        aht = np.where(y > 0, 240.0 + 60.0 * i + 20.0 * np.sin(np.arange(len(y)) * 2 * np.pi / per_day), np.nan)
        frames.append(pd.DataFrame({"start": start, "queue": q, "volume": y, "aht_s": aht, "abandoned": np.nan}))
    return pd.concat(frames, ignore_index=True)


def day_noise_process(per_day: int = 24, level: float = 2000.0, day_sd: float | Sequence[float] = 0.1):
    """A stationary queue with known noise: weekday × intraday profile, a log-normal surprise per
    day (sd ``day_sd``, mean 1; seven values for one per day of the week, Monday first) and
    Poisson counts around it.

    Returns ``draw(rng, first_weekday, days, n=None)``: one series of ``days`` whole days, or
    ``n`` independent ones (shape ``(n, days * per_day)``) — fresh futures to score bands on.
    """
    hours = (np.arange(per_day) + 0.5) * 24 / per_day
    profile = np.exp(-0.5 * ((hours - 11) / 2.5) ** 2) + 0.8 * np.exp(-0.5 * ((hours - 16) / 2.0) ** 2)
    profile[: per_day // 4] = 0.0
    profile[per_day * 22 // 24:] = 0.0
    profile /= profile.sum()
    weekday = np.array([1.15, 1.05, 1.0, 1.0, 0.95, 0.6, 0.45])

    def draw(rng: np.random.Generator, first_weekday: int, days: int, n: int | None = None) -> np.ndarray:
        shape = (days,) if n is None else (n, days)
        wd = (first_weekday + np.arange(days)) % 7
        sd = np.asarray(day_sd, dtype=float)[wd] if np.ndim(day_sd) else day_sd
        totals = level * weekday[wd] * rng.lognormal(-sd ** 2 / 2, sd, shape)
        counts = rng.poisson(totals[..., None] * profile).astype(float)
        return counts.reshape(-1) if n is None else counts.reshape(n, -1)

    return draw
