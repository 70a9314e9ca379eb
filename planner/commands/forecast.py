"""``wfm forecast HISTORY.csv --horizon-days N --out FORECAST.csv``: volume and AHT forecast.

With ``--holdout-days K`` the last K days of the history are held out, forecast from the data
before them, and the accuracy against the actuals is reported — the quickest way for a planner to
see how much to trust the engine on their own data.
"""
from __future__ import annotations

import argparse
import logging
import math
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from planner.cli import emit
from planner.errors import InputError


def register(sub: Any) -> None:
    p = sub.add_parser("forecast", help="forecast volume and AHT per queue and interval",
                       description="Forecast contact volume (with 80/95% bands) and AHT from a history file.")
    p.add_argument("history", type=Path, help="history .csv, .csv.gz or .xlsx (interval table or raw contacts)")
    p.add_argument("--horizon-days", type=int, default=None, metavar="N", help="days to forecast (1–62)")
    p.add_argument("--out", type=Path, default=None, help="forecast CSV to write")
    p.add_argument("--model", default="auto", help="auto (backtest selection per queue) or a model name")
    p.add_argument("--holdout-days", type=int, default=None, metavar="K",
                   help="hold out the last K days, forecast them and report accuracy against the actuals")
    p.add_argument("--start", default=None, help="first forecast day YYYY-MM-DD (default: the day after the history)")
    p.add_argument("--interval-min", type=int, default=None, help="output interval (default: the history's)")
    p.add_argument("--country", default="CN", help="public-holiday calendar, ISO code ('' for none)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=run)


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write atomically so a failed run never leaves half a file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            frame.to_csv(fh, index=False, date_format="%Y-%m-%d %H:%M", float_format="%.3f")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _finite(value: Any) -> Any:
    """NaN/inf (e.g. no backtest for a very short history) become null: JSON has no NaN."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def run(args: argparse.Namespace) -> int:
    from forecasting.engine import forecast
    from forecasting.io import RAW_INTERVAL_MIN, SUPPORTED_INTERVALS_MIN, read_history
    from forecasting.metrics import holdout_accuracy

    if not args.json:
        logging.basicConfig(level=logging.WARNING, format="%(message)s", stream=sys.stderr)
    # Raw contact records (one row per contact) are counted straight onto the requested interval.
    raw_min = args.interval_min if args.interval_min in SUPPORTED_INTERVALS_MIN else RAW_INTERVAL_MIN
    history = read_history(args.history, raw_interval_min=raw_min)
    interval_min = args.interval_min or int(history.attrs.get("interval_min", 15))
    last_day = history["start"].max().normalize()
    if args.holdout_days is not None:
        if args.holdout_days < 1:
            raise InputError(f"--holdout-days {args.holdout_days} must be at least 1", column="--holdout-days")
        start = last_day - pd.Timedelta(days=args.holdout_days - 1)
        horizon = args.holdout_days
    else:
        if args.horizon_days is None:
            raise InputError("give --horizon-days N (or --holdout-days K to test accuracy)", column="--horizon-days")
        start = pd.Timestamp(args.start) if args.start else last_day + pd.Timedelta(days=1)
        horizon = args.horizon_days
    result = forecast(history, start=start, horizon_days=horizon, interval_min=interval_min, model=args.model,
                      country=args.country or None)
    frame = result.frame
    files = {}
    if args.out:
        _write_csv(frame, args.out)
        files["forecast"] = str(args.out)
    payload: dict[str, Any] = {
        "ok": True, "start": str(start.date()), "horizon_days": horizon, "interval_min": interval_min,
        "models": result.model_by_queue, "backtest": result.accuracy, "notes": result.notes, "files": files,
        "history_notes": list(history.attrs.get("notes", [])),
        "total_volume": {q: round(float(v), 1) for q, v in frame.groupby("queue")["volume"].sum().items()},
    }
    lines = [f"Forecast {horizon} day(s) from {start.date()} at {interval_min}-minute intervals."]
    for q, m in result.model_by_queue.items():
        acc = result.accuracy[q]
        if math.isfinite(acc["wape"]):
            fit = (f"backtest WAPE {acc['wape']:.1%}, MASE {acc['mase']:.2f}, bias {acc['bias']:+.1%}, "
                   f"80% band coverage {acc['coverage80']:.0%}")
        else:
            fit = "history too short to backtest"
        lines.append(f"  {q}: model {m}, {payload['total_volume'][q]:.0f} contacts; {fit}")
    if args.holdout_days is not None:
        holdout = holdout_accuracy(frame, history)
        payload["holdout"] = holdout
        lines.append(f"Holdout accuracy on the last {horizon} day(s):")
        for q, acc in holdout.items():
            lines.append(f"  {q}: WAPE {acc['wape']:.1%}, MASE {acc['mase']:.2f}, bias {acc['bias']:+.1%}, "
                         f"80% coverage {acc['coverage80']:.0%}")
    for note in list(history.attrs.get("notes", [])) + result.notes:
        lines.append(f"  note: {note}")
    if files:
        lines.append(f"Wrote {args.out}")
    emit(args, _finite(payload), "\n".join(lines))
    return 0
