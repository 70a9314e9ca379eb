"""M4 hourly benchmark: sMAPE, MASE and OWA of the engine's automatic selection vs baselines.

All 414 hourly series, horizon 48, metrics as in the M4 paper; seasonal naive and Naive2 are
computed in the same run (OWA is relative to *our* Naive2, which should match the published
1.000 row). The engine's selection runs per series exactly as it does per queue: rolling-origin
backtest of the candidates, best WAPE wins. Run (single process, ~1–2 min on 2 cores):

    .venv/bin/python benchmarks/bench_forecast_m4.py [--limit N]
"""
from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from forecasting.engine import BACKTEST_FOLDS, CALIBRATION_FOLDS  # noqa: E402
from forecasting.models import make_model  # noqa: E402
from forecasting.selection import AUTO_CANDIDATES, select  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "m4-hourly"
H = 48
SEASON = 24
PUBLISHED = {"Seasonal naive": (13.912, 1.193, 0.627), "Naive2": (18.383, 2.395, 1.000),
             "Best hourly entry (id 238)": (8.913, 0.801, 0.410), "Smyl (id 118)": (9.328, 0.893, 0.440)}


def smape(y: np.ndarray, f: np.ndarray) -> float:
    return float(np.mean(2.0 * np.abs(y - f) / np.maximum(np.abs(y) + np.abs(f), 1e-12)) * 100.0)


def mase(train: np.ndarray, y: np.ndarray, f: np.ndarray, m: int = SEASON) -> float:
    scale = np.mean(np.abs(train[m:] - train[:-m]))
    return float(np.mean(np.abs(y - f)) / scale)


def seasonality_test(x: np.ndarray, m: int = SEASON) -> bool:
    """M4's 90 % autocorrelation test at lag m."""
    xc = x - x.mean()
    denom = np.sum(xc ** 2)
    acf = np.array([np.sum(xc[k:] * xc[:-k]) / denom for k in range(1, m + 1)])
    limit = 1.645 * np.sqrt((1 + 2 * np.sum(acf[:-1] ** 2)) / len(x))
    return bool(abs(acf[m - 1]) > limit)


def naive2(train: np.ndarray, h: int = H, m: int = SEASON) -> np.ndarray:
    """Naive on data seasonally adjusted by classical multiplicative decomposition."""
    if seasonality_test(train, m):
        # centred 2×m moving average, then mean ratio per season position
        ma = np.convolve(train, np.r_[0.5, np.ones(m - 1), 0.5] / m, mode="valid")
        offset = m // 2
        ratio = train[offset:offset + len(ma)] / ma
        pos = (np.arange(len(ratio)) + offset) % m
        idx = np.array([ratio[pos == k].mean() for k in range(m)])
        idx = idx / idx.mean()
        season = idx[np.arange(len(train)) % m]
        last = train[-1] / season[-1]
        return last * idx[(np.arange(len(train), len(train) + h)) % m]
    return np.full(h, train[-1])


def seasonal_naive(train: np.ndarray, h: int = H, m: int = SEASON) -> np.ndarray:
    return train[-m:][np.arange(h) % m]


def engine(train: np.ndarray) -> tuple[dict[str, np.ndarray], str]:
    """Selection, refit and calibrated 80/95 % bands exactly as the engine does them per queue."""
    sel = select(train, per_day=SEASON, first_weekday=0, horizon=H, candidates=AUTO_CANDIDATES,
                 folds=BACKTEST_FOLDS, calibration_folds=CALIBRATION_FOLDS)
    model = make_model(sel.label).fit(train, per_day=SEASON, first_weekday=0)
    pred = model.predict(H, level=(80, 95))
    if sel.calibration is not None:
        pred.update(sel.calibration.bands(pred["mean"], closed=model.closed_future(H),
                                          lead_days=np.arange(H) / SEASON))
    return pred, sel.label


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=None, help="first N series only (quick check)")
    parser.add_argument("--detail", action="store_true",
                        help="one line per series: model chosen, sMAPE and MASE of the engine and seasonal naive")
    args = parser.parse_args()
    if not (DATA / "Hourly-train.csv").exists():
        print(f"skipped: {DATA} not found (see ../shared/data/m4-hourly/SOURCE.md)")
        return 0
    train_df = pd.read_csv(DATA / "Hourly-train.csv")
    test_df = pd.read_csv(DATA / "Hourly-test.csv")
    if args.limit:
        train_df, test_df = train_df.head(args.limit), test_df.head(args.limit)
    scores: dict[str, list[tuple[float, float]]] = {"engine": [], "Seasonal naive": [], "Naive2": []}
    chosen: Counter[str] = Counter()
    cover: dict[int, list[float]] = {80: [], 95: []}
    cover_by_day = {80: np.zeros(2), 95: np.zeros(2)}   # first / second day of the horizon
    t0 = time.perf_counter()
    engine_s = 0.0
    for (_, tr), (_, te) in zip(train_df.iterrows(), test_df.iterrows()):
        train = tr.iloc[1:].dropna().to_numpy(dtype=float)
        test = te.iloc[1:].dropna().to_numpy(dtype=float)[:H]
        t1 = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pred, label = engine(train)
        engine_s += time.perf_counter() - t1
        chosen[label] += 1
        f = pred["mean"]
        for lv in (80, 95):
            inside = (test >= pred[f"lo-{lv}"]) & (test <= pred[f"hi-{lv}"])
            cover[lv].append(inside.mean())
            cover_by_day[lv] += [inside[:SEASON].mean(), inside[SEASON:].mean()]
        for name, fc in (("engine", f), ("Seasonal naive", seasonal_naive(train)), ("Naive2", naive2(train))):
            scores[name].append((smape(test, fc), mase(train, test, fc)))
        if args.detail:
            (s_e, m_e), (s_n, m_n) = scores["engine"][-1], scores["Seasonal naive"][-1]
            print(f"{tr.iloc[0]:>5} {len(train):4d} h  {label:45s} sMAPE {s_e:6.2f} vs {s_n:6.2f}  "
                  f"MASE {m_e:5.2f} vs {m_n:5.2f}  80% inside {cover[80][-1]:.0%}")
    wall = time.perf_counter() - t0
    s_n2, m_n2 = np.mean(scores["Naive2"], axis=0)
    n = len(scores["engine"])
    print(f"M4 hourly: {n} series, h={H}; total {wall:.0f} s, engine {engine_s:.0f} s "
          f"({engine_s / n * 1000:.0f} ms/series, selection included)")
    singles = {k: v for k, v in chosen.items() if "+" not in k}
    combos = sum(v for k, v in chosen.items() if "+" in k)
    print("models chosen:", dict(sorted(singles.items(), key=lambda kv: -kv[1])),
          f"combination of the two best: {combos}")
    print()
    print("| method | sMAPE | MASE | OWA | published sMAPE / MASE / OWA |")
    print("|---|---|---|---|---|")
    for name in ("engine", "Seasonal naive", "Naive2"):
        s, m = np.mean(scores[name], axis=0)
        owa = 0.5 * (s / s_n2 + m / m_n2)
        pub = PUBLISHED.get(name)
        pub_text = f"{pub[0]:.3f} / {pub[1]:.3f} / {pub[2]:.3f}" if pub else "—"
        print(f"| {name} | {s:.3f} | {m:.3f} | {owa:.3f} | {pub_text} |")
    for name in ("Best hourly entry (id 238)", "Smyl (id 118)"):
        pub = PUBLISHED[name]
        print(f"| {name} (published) | | | | {pub[0]:.3f} / {pub[1]:.3f} / {pub[2]:.3f} |")
    print()
    for lv in (80, 95):
        day1, day2 = cover_by_day[lv] / n
        print(f"engine {lv}% band coverage (mean over series): {np.mean(cover[lv]):.1%} "
              f"(hours 1–24 {day1:.1%}, hours 25–48 {day2:.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
