"""Bank call-centre benchmark (fpp2 ``calls``): our engine vs seasonal naive vs statsforecast MSTL.

Split (issue 3): the last 20 weekdays are held out and forecast from the data before them;
accuracy at 30-minute intervals (5-minute values summed, the 21:00 slot dropped). All three
methods run in this process on the same split. Run:

    .venv/bin/python benchmarks/bench_forecast_calls.py
"""
from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from forecasting.engine import clear_cache, forecast  # noqa: E402
from forecasting.io import read_history  # noqa: E402
from forecasting.metrics import coverage, wape  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "fpp2-calls" / "calls.csv"
HOLDOUT_WEEKDAYS = 20
#: pseudo-holdouts before the real one (origins a week apart), to check the bands on data the
#: holdout figure never sees
VALIDATION_ORIGINS = 8


def thirty_min(series: pd.Series) -> pd.Series:
    """Sum 5-minute values into 30-minute intervals; keep 07:00–20:30 weekday slots (drop 21:00)."""
    s = series.groupby(series.index.floor("30min")).sum()
    keep = (s.index.dayofweek < 5) & (s.index.hour >= 7) & (s.index.hour < 21)
    return s[keep]


def run_statsforecast(train: pd.Series, horizon: int, index: pd.DatetimeIndex,
                      seasons: list[int]) -> tuple[pd.DataFrame, float] | None:
    """statsforecast MSTL (daily and weekly seasons, AutoETS trend) on the weekday-only series."""
    try:
        from statsforecast import StatsForecast
        from statsforecast.models import MSTL
    except ImportError:
        print("statsforecast is not installed: skipping the MSTL peer (pip install statsforecast)")
        return None
    df = pd.DataFrame({"unique_id": "calls", "ds": np.arange(len(train)), "y": train.to_numpy(dtype=float)})
    sf = StatsForecast(models=[MSTL(season_length=seasons)], freq=1, n_jobs=1)
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = sf.forecast(df=df, h=horizon, level=[80, 95])
    wall = time.perf_counter() - t0
    out = out.reset_index(drop=True)
    out.index = index
    return out, wall


def pre_holdout_validation(history: pd.DataFrame, start: pd.Timestamp, horizon_days: int) -> None:
    """The engine's bands on earlier 4-week windows, forecast from the data before each.

    Only data before the holdout is passed in, so nothing here can be tuned on the holdout.
    Windows end 0, 1, … weeks before the holdout starts; they overlap (about 11 distinct weeks).
    """
    pre = history[history["start"] < start]
    vol = pre.set_index("start")["volume"]
    rows = []
    t0 = time.perf_counter()
    for j in range(VALIDATION_ORIGINS):
        origin = start - pd.Timedelta(days=horizon_days + 7 * j)
        clear_cache()
        res = forecast(pre, start=origin, horizon_days=horizon_days, interval_min=30, country=None)
        act = thirty_min(vol[(vol.index >= origin) & (vol.index < origin + pd.Timedelta(days=horizon_days))])
        f = res.frame.set_index("start").reindex(act.index)
        rows.append(pd.DataFrame({
            "origin": origin, "week": np.asarray((act.index - origin).days // 7),
            "in80": ((act >= f["volume_lo80"]) & (act <= f["volume_hi80"])).to_numpy(),
            "in95": ((act >= f["volume_lo95"]) & (act <= f["volume_hi95"])).to_numpy(),
            "abs_err": np.abs(act.to_numpy() - f["volume"].to_numpy()), "actual": act.to_numpy()}))
    df = pd.concat(rows)
    by_week = ", ".join(f"week {w + 1} {v:.1%}" for w, v in df.groupby("week")["in80"].mean().items())
    per = df.groupby("origin").agg(in80=("in80", "mean"), abs_err=("abs_err", "sum"), actual=("actual", "sum"))
    print(f"pre-holdout validation ({VALIDATION_ORIGINS} windows of {horizon_days} days, origins "
          f"{per.index.min().date()} … {per.index.max().date()}, {time.perf_counter() - t0:.1f} s): "
          f"80% coverage {df.in80.mean():.1%} ({by_week}), 95% coverage {df.in95.mean():.1%}, "
          f"WAPE {df.abs_err.sum() / df.actual.sum():.2%}")
    print("  per window, latest first: 80% coverage "
          + " ".join(f"{v:.0%}" for v in per.in80[::-1]) + "; WAPE "
          + " ".join(f"{v:.1%}" for v in (per.abs_err / per.actual)[::-1]))


def main() -> int:
    if not DATA.exists():
        print(f"skipped: {DATA} not found (see ../shared/data/fpp2-calls/SOURCE.md)")
        return 0
    history = read_history(DATA)
    vol = history.set_index("start")["volume"]
    open_rows = pd.read_csv(DATA, parse_dates=["start"])["start"]
    weekdays = sorted(set(open_rows.dt.normalize()))
    start = weekdays[-HOLDOUT_WEEKDAYS]
    horizon_days = (weekdays[-1] - start).days + 1
    actual = thirty_min(vol[vol.index >= start])

    rows = []
    clear_cache()
    t0 = time.perf_counter()
    ours = forecast(history, start=start, horizon_days=horizon_days, interval_min=30, country=None)
    wall = time.perf_counter() - t0
    t0 = time.perf_counter()
    naive = forecast(history, start=start, horizon_days=horizon_days, interval_min=30, country=None,
                     model="seasonal_naive")
    naive_wall = time.perf_counter() - t0
    for name, res, secs in (("engine (auto: " + ours.model_by_queue["calls"] + ")", ours, wall),
                            ("seasonal naive (weekly; engine pinned, calibrated bands)", naive, naive_wall)):
        f = res.frame.set_index("start").reindex(actual.index)
        rows.append({"method": name, "wape": wape(actual.to_numpy(), f["volume"].to_numpy()),
                     "cov80": coverage(actual.to_numpy(), f["volume_lo80"].to_numpy(), f["volume_hi80"].to_numpy()),
                     "cov95": coverage(actual.to_numpy(), f["volume_lo95"].to_numpy(), f["volume_hi95"].to_numpy()),
                     "time_s": secs})

    # The peer sees the series as FPP does: weekdays only, 169 five-minute values a day.
    train = pd.read_csv(DATA, parse_dates=["start"]).set_index("start")["calls"]
    test_index = train.index[train.index >= start]
    train = train[train.index < start]
    # Also at 30 minutes (29 slots a day, the 21:00 one partial), in case the coarser grid suits it.
    train30 = train.groupby(train.index.floor("30min")).sum()
    test30 = pd.DatetimeIndex(sorted(set(test_index.floor("30min"))))
    cols = ("MSTL", "MSTL-lo-80", "MSTL-hi-80", "MSTL-lo-95", "MSTL-hi-95")
    for label, series, index, seasons in (("statsforecast MSTL, 5 min [169, 845]", train, test_index, [169, 845]),
                                          ("statsforecast MSTL, 30 min [29, 145]", train30, test30, [29, 145])):
        peer = run_statsforecast(series, len(index), index, seasons)
        if peer is None:
            break
        out, secs = peer
        f = pd.DataFrame({c: thirty_min(out[c].clip(lower=0)) for c in cols}).reindex(actual.index)
        rows.append({"method": label, "wape": wape(actual.to_numpy(), f["MSTL"].to_numpy()),
                     "cov80": coverage(actual.to_numpy(), f["MSTL-lo-80"].to_numpy(), f["MSTL-hi-80"].to_numpy()),
                     "cov95": coverage(actual.to_numpy(), f["MSTL-lo-95"].to_numpy(), f["MSTL-hi-95"].to_numpy()),
                     "time_s": secs})
    # Bands should hold their coverage at every lead, not only on average over the month.
    f = ours.frame.set_index("start").reindex(actual.index)
    inside = (actual.to_numpy() >= f["volume_lo80"].to_numpy()) & (actual.to_numpy() <= f["volume_hi80"].to_numpy())
    week = np.asarray((actual.index - start).days // 7)
    by_week = ", ".join(f"week {w + 1} {inside[week == w].mean():.1%}" for w in np.unique(week))
    print(f"fpp2 calls: train {train.index.min().date()}–{(start - pd.Timedelta(days=1)).date()}, "
          f"holdout {HOLDOUT_WEEKDAYS} weekdays from {start.date()}, {len(actual)} thirty-minute intervals")
    print("backtest WAPE by candidate:", {k: round(v, 4) for k, v in ours.backtest_wape_by_model["calls"].items()})
    print("engine backtest accuracy:", {k: round(v, 4) for k, v in ours.accuracy["calls"].items()})
    print(f"engine 80% band coverage of the holdout by lead week: {by_week}")
    pre_holdout_validation(history, start, horizon_days)
    print()
    print("| method | WAPE | 80% coverage | 95% coverage | fit+forecast s |")
    print("|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['method']} | {r['wape']:.2%} | {r['cov80']:.1%} | {r['cov95']:.1%} | {r['time_s']:.2f} |")
    base = rows[1]["wape"]
    text = f"\nengine WAPE / seasonal naive = {rows[0]['wape'] / base:.3f}"
    if len(rows) > 2:
        best_peer = min(rows[2:], key=lambda r: r["wape"])
        text += f"; engine / best statsforecast MSTL ({best_peer['method']}) = {rows[0]['wape'] / best_peer['wape']:.3f}"
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
