"""What-if adjustments applied after the model: surges/overrides and chatbot deflection.

They scale the mean and both prediction bands of the forecast frame, so a planner's "+20 % next
Monday on Billing" or "the bot resolves 30 % of chats" flows into requirements unchanged.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from planner.errors import InputError

VOLUME_COLUMNS = ("volume", "volume_lo80", "volume_hi80", "volume_lo95", "volume_hi95")


@dataclass(frozen=True)
class Adjustment:
    """A percentage change of forecast volume.

    Attributes:
        pct: change in percent (+20 → 20 % more; -100 → no contacts). For ``kind="deflection"``
            the share in percent the chatbot resolves (30 → 30 % fewer contacts reach agents).
        queue: queue it applies to; ``None`` = every queue (or every queue of ``channel``).
        first: first day (inclusive); ``None`` = from the start of the horizon.
        last: last day (inclusive); ``None`` = to the end of the horizon.
        channel: for deflection, the channel (voice, chat, email, social) whose queues it hits.
        kind: ``"override"`` (surge / dip) or ``"deflection"``.
    """

    pct: float
    queue: str | None = None
    first: dt.date | None = None
    last: dt.date | None = None
    channel: str | None = None
    kind: str = "override"

    def __post_init__(self) -> None:
        if self.kind not in ("override", "deflection"):
            raise InputError(f"unknown adjustment kind '{self.kind}'", column="kind",
                             fix="use override or deflection")
        if self.kind == "override" and self.pct < -100:
            raise InputError(f"override of {self.pct:+.0f}% would make volume negative", column="pct",
                             fix="use -100 (no contacts) or more")
        if self.kind == "deflection" and not 0 <= self.pct <= 100:
            raise InputError(f"deflection of {self.pct}% is outside 0–100%", column="pct",
                             fix="give the share of contacts the bot resolves, in percent")
        if self.first and self.last and self.last < self.first:
            raise InputError(f"adjustment ends ({self.last}) before it starts ({self.first})",
                             column="last", fix="swap the dates")

    @property
    def factor(self) -> float:
        return 1.0 - self.pct / 100.0 if self.kind == "deflection" else 1.0 + self.pct / 100.0


def apply_adjustments(frame: pd.DataFrame, adjustments: Sequence[Adjustment],
                      channels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Return a copy of the forecast frame with every adjustment applied (they multiply).

    Args:
        frame: forecast frame (``start, queue, volume, volume_lo80, …``).
        adjustments: applied in order; factors of overlapping adjustments multiply.
        channels: queue → channel, needed by adjustments that name a channel.

    Raises:
        InputError: an adjustment names a queue not in the forecast, or a channel without a map.
    """
    out = frame.copy()
    if not adjustments:
        return out
    queues = set(out["queue"].unique())
    day = out["start"].dt.date
    problems = []
    factor = np.ones(len(out))
    for adj in adjustments:
        mask = np.ones(len(out), dtype=bool)
        if adj.queue is not None:
            if adj.queue not in queues:
                problems.append(f"adjustment names queue '{adj.queue}', which is not in the forecast "
                                f"({', '.join(sorted(queues))})")
                continue
            mask &= (out["queue"] == adj.queue).to_numpy()
        if adj.channel is not None:
            if channels is None:
                problems.append(f"adjustment for channel '{adj.channel}' needs the queue channels")
                continue
            hit = {q for q, c in channels.items() if c == adj.channel}
            mask &= out["queue"].isin(hit).to_numpy()
        if adj.first is not None:
            mask &= (day >= adj.first).to_numpy()
        if adj.last is not None:
            mask &= (day <= adj.last).to_numpy()
        factor[mask] *= adj.factor
    if problems:
        raise InputError("; ".join(problems), column="adjustments", fix="use the queue names of the scenario")
    for col in VOLUME_COLUMNS:
        if col in out:
            out[col] = out[col].to_numpy(dtype=float) * factor
    return out
