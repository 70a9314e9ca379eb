"""Speed: 4 queues × 2 years of 15-minute history, 6-week horizon, automatic selection included.

History comes from the sample-centre generator (seeded; holidays, make-up days, 618/Double 11),
stretched to two years. Reported: median wall time of 3 runs of ``forecast(..., model="auto")``
(read + grid excluded: the history is already in memory, as in the app), the same pipeline with
the model pinned to seasonal naive as the in-run reference, and the process peak RSS. Run:

    .venv/bin/python benchmarks/bench_forecast_speed.py
"""
from __future__ import annotations

import datetime as dt
import resource
import statistics
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from forecasting.engine import clear_cache, forecast  # noqa: E402
from forecasting.adjust import Adjustment  # noqa: E402
from resources.sample import generate as gen  # noqa: E402

FIRST = dt.date(2023, 12, 4)   # a Monday, two years before the end
LAST = dt.date(2025, 11, 30)
HORIZON_DAYS = 42
RUNS = 3


def timed(history: pd.DataFrame, model: str) -> tuple[float, dict[str, str]]:
    clear_cache()  # time the model work, not the what-if cache
    t0 = time.perf_counter()
    res = forecast(history, start=pd.Timestamp(LAST) + pd.Timedelta(days=1), horizon_days=HORIZON_DAYS,
                   interval_min=15, model=model, country="CN")
    return time.perf_counter() - t0, res.model_by_queue


def main() -> int:
    t0 = time.perf_counter()
    history = gen.generate_history(FIRST, LAST)
    print(f"history: {history['queue'].nunique()} queues × {(LAST - FIRST).days + 1} days × 96 intervals "
          f"= {len(history):,} rows (generated in {time.perf_counter() - t0:.1f} s)")
    auto, naive = [], []
    models: dict[str, str] = {}
    for _ in range(RUNS):
        secs, models = timed(history, "auto")
        auto.append(secs)
        naive.append(timed(history, "seasonal_naive")[0])
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"models chosen: {models}")
    print()
    print("| run | median s | runs s |")
    print("|---|---|---|")
    print(f"| forecast(model='auto'), 6-week horizon | {statistics.median(auto):.2f} | "
          f"{', '.join(f'{s:.2f}' for s in auto)} |")
    print(f"| forecast(model='seasonal_naive') (reference) | {statistics.median(naive):.2f} | "
          f"{', '.join(f'{s:.2f}' for s in naive)} |")
    clear_cache()
    forecast(history, start=pd.Timestamp(LAST) + pd.Timedelta(days=1), horizon_days=HORIZON_DAYS,
             interval_min=15, model="auto", country="CN")
    t0 = time.perf_counter()
    forecast(history, start=pd.Timestamp(LAST) + pd.Timedelta(days=1), horizon_days=HORIZON_DAYS,
             interval_min=15, model="auto", country="CN", adjustments=[Adjustment(10.0)])
    whatif_s = time.perf_counter() - t0
    print(f"| same forecast with a what-if adjustment (model cached) | {whatif_s:.2f} | |")
    print(f"\nauto / pinned seasonal naive = {statistics.median(auto) / statistics.median(naive):.1f}×; "
          f"process peak RSS {peak_mb:.0f} MB (targets: < 10 s, < 1024 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
