"""Band calibration variants on validation data only (never the bank holdout). Run:

    .venv/bin/python benchmarks/validate_bands.py [--m4-limit N] [--synthetic N]

Three sources, each scored with every variant of :mod:`forecasting.selection`'s calibration
switches (``CLASS_SCALES``, ``CLASS_DISPERSION``, ``CROSS_FIT_SCALES``):

* bank pre-holdout: the fpp2 ``calls`` series cut before its last 20 weekdays (the holdout is
  dropped before anything runs); 8 windows of 28 days, origins a week apart, each forecast by
  the full ``forecast()`` pipeline from the data before it, once per variant;
* M4 hourly: all 414 series' 48 test hours; the selection runs once per series and each
  variant recalibrates the bands from the same selection errors;
* synthetic: seeded histories of two processes with known noise, each band scored on 300 fresh
  futures: "stationary" (Poisson around a 10 % log-normal day surprise) and "one stormy
  weekday" (the same with a 20 % surprise on Mondays and 5 % on the other days — the true 80 %
  band is then much wider on Mondays than on the others).

Besides overall 80 % (95 %) coverage it prints the coverage where it should hold conditionally:
by day of the week, by interval of the day and by window, as the mean absolute distance from
80 % over those cells (lower is better), and the 80 % coverage of the calm and the stormy half
of the windows (split by the window's WAPE against its own backtest WAPE).
"""
from __future__ import annotations

import argparse
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from forecasting import selection  # noqa: E402
from forecasting.engine import BACKTEST_FOLDS, CALIBRATION_FOLDS, clear_cache, forecast  # noqa: E402
from forecasting.io import read_history  # noqa: E402
from forecasting.models import make_model  # noqa: E402
from tests.forecasting.forecasting_synth import day_noise_process  # noqa: E402

CALLS = ROOT.parent / "shared" / "data" / "fpp2-calls" / "calls.csv"
M4 = ROOT.parent / "shared" / "data" / "m4-hourly"
HOLDOUT_WEEKDAYS = 20
BANK_WINDOWS = 8
BANK_DAYS = 28
#: day-surprise sd by day of the week of the "one stormy weekday" process
STORMY_MONDAY = (0.20, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05)

#: name → calibration switches (module attributes of forecasting.selection)
VARIANTS: dict[str, dict[str, object]] = {
    "one pooled scale": {"CLASS_SCALES": ()},
    "weekday scale": {"CLASS_SCALES": ("weekday",)},
    "interval-of-day scale": {"CLASS_SCALES": ("slot",)},
    "weekday + interval-of-day": {"CLASS_SCALES": ("weekday", "slot")},
    "weekday + interval-of-day, not cross-fitted": {"CLASS_SCALES": ("weekday", "slot"),
                                                    "CROSS_FIT_SCALES": False},
    "weekday + interval-of-day, by mean z²": {"CLASS_SCALES": ("weekday", "slot"),
                                              "CLASS_DISPERSION": "sq"},
}
DEFAULTS = {k: getattr(selection, k) for k in ("CLASS_SCALES", "CLASS_DISPERSION", "CROSS_FIT_SCALES")}


def use(variant: dict[str, object]) -> None:
    for k, v in {**DEFAULTS, **variant}.items():
        setattr(selection, k, v)


@dataclass
class Scored:
    """Band hits of one source under one variant, with the cells they are judged in."""

    in80: np.ndarray
    in95: np.ndarray
    weekday: np.ndarray      # day of the week class of each point
    slot: np.ndarray         # interval of the day of each point
    window: np.ndarray       # window (forecast) each point belongs to
    stormy: np.ndarray       # the point's window was stormier than its own backtest
    lead_week: np.ndarray    # weeks from the window's origin

    def by_lead_week(self) -> str:
        return " / ".join(f"{self.in80[self.lead_week == w].mean():.1%}" for w in np.unique(self.lead_week))

    def by_weekday(self) -> str:
        names = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
        return " ".join(f"{names[w]} {self.in80[self.weekday == w].mean():.1%}" for w in np.unique(self.weekday))

    def row(self) -> str:
        def spread(cells: np.ndarray) -> float:
            _, inverse = np.unique(cells, return_inverse=True)
            share = np.bincount(inverse, weights=self.in80) / np.bincount(inverse)
            return float(np.mean(np.abs(share - 0.8)) * 100)
        calm, storm = self.in80[~self.stormy].mean(), self.in80[self.stormy].mean()
        return (f"{self.in80.mean():.1%} ({self.in95.mean():.1%}) | {spread(self.weekday):.1f} | "
                f"{spread(self.slot):.1f} | {spread(self.window):.1f} | {calm:.1%} / {storm:.1%}")


def bank(variants: dict[str, dict[str, object]]) -> dict[str, Scored]:
    """Full pipeline on 8 pre-holdout windows; the holdout is cut off before anything runs."""
    history = read_history(CALLS)
    open_days = sorted(set(pd.read_csv(CALLS, parse_dates=["start"])["start"].dt.normalize()))
    holdout_start = open_days[-HOLDOUT_WEEKDAYS]
    pre = history[history["start"] < holdout_start]
    vol = pre.set_index("start")["volume"]
    vol = vol.groupby(vol.index.floor("30min")).sum()
    vol = vol[(vol.index.hour >= 7) & (vol.index.hour < 21) & (vol.index.dayofweek < 5)]
    out = {}
    for name, variant in variants.items():
        use(variant)
        parts = []
        for j in range(BANK_WINDOWS):
            origin = holdout_start - pd.Timedelta(days=BANK_DAYS + 7 * j)
            clear_cache()
            res = forecast(pre, start=origin, horizon_days=BANK_DAYS, interval_min=30, country=None)
            act = vol[(vol.index >= origin) & (vol.index < origin + pd.Timedelta(days=BANK_DAYS))]
            f = res.frame.set_index("start").reindex(act.index)
            a = act.to_numpy()
            wape = np.abs(a - f["volume"].to_numpy()).sum() / a.sum()
            parts.append(pd.DataFrame({
                "in80": (a >= f["volume_lo80"]) & (a <= f["volume_hi80"]),
                "in95": (a >= f["volume_lo95"]) & (a <= f["volume_hi95"]),
                "weekday": act.index.dayofweek, "slot": act.index.hour * 2 + act.index.minute // 30,
                "window": j, "stormy": wape > res.accuracy["calls"]["wape"],
                "lead_week": (act.index - origin).days // 7}))
        out[name] = _scored(pd.concat(parts))
    use({})
    return out


def _scored(df: pd.DataFrame) -> Scored:
    return Scored(*(df[c].to_numpy() for c in ("in80", "in95", "weekday", "slot", "window", "stormy", "lead_week")))


@dataclass
class Case:
    """One selection's calibration errors, its forecast and the futures to score it on."""

    errors: selection.Backtest
    mean: np.ndarray
    closed: np.ndarray
    futures: np.ndarray      # (n, h) actual futures
    per_day: int
    window: int
    stormy: np.ndarray       # per future


def recalibrated(cases: list[Case], variants: dict[str, dict[str, object]]) -> dict[str, Scored]:
    """Each variant's bands from the same selection errors, scored on each case's futures."""
    out = {}
    for name, variant in variants.items():
        use(variant)
        parts = []
        for c in cases:
            bt, h = c.errors, len(c.mean)
            cal = selection.calibrate(bt.mean, bt.actual, lead_days=bt.lead / c.per_day, groups=(bt.day, bt.fold),
                                      position=bt.position, per_day=c.per_day)
            band = cal.bands(c.mean, closed=c.closed, lead_days=np.arange(h) / c.per_day)
            open_ = c.mean > 0
            pos = np.arange(h)
            n = len(c.futures)
            hit = {lv: ((c.futures >= band[f"lo-{lv}"]) & (c.futures <= band[f"hi-{lv}"]))[:, open_].ravel()
                   for lv in (80, 95)}
            parts.append(pd.DataFrame({
                "in80": hit[80], "in95": hit[95], "weekday": np.tile((pos // c.per_day % 7)[open_], n),
                "slot": np.tile((pos % c.per_day)[open_], n),
                "window": np.repeat(c.window * 1000 + np.arange(n), open_.sum()),
                "stormy": np.repeat(c.stormy, open_.sum()),
                "lead_week": np.tile((pos // (7 * c.per_day))[open_], n)}))
        out[name] = _scored(pd.concat(parts))
    use({})
    return out


def _case(y: np.ndarray, per_day: int, h: int, candidates: tuple[str, ...], futures: np.ndarray,
          window: int) -> Case | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sel = selection.select(y, per_day=per_day, first_weekday=0, horizon=h, candidates=candidates,
                               folds=BACKTEST_FOLDS, calibration_folds=CALIBRATION_FOLDS)
        if sel.errors is None:
            return None
        model = make_model(sel.label).fit(y, per_day=per_day, first_weekday=0)
        mean = model.predict(h, level=())["mean"]
    err = np.abs(futures - mean).sum(axis=1) / np.maximum(futures.sum(axis=1), 1e-9)
    return Case(sel.errors, mean, model.closed_future(h), futures, per_day, window, err > sel.errors.wape)


def m4(limit: int | None) -> list[Case]:
    train_df = pd.read_csv(M4 / "Hourly-train.csv")
    test_df = pd.read_csv(M4 / "Hourly-test.csv")
    if limit:
        train_df, test_df = train_df.head(limit), test_df.head(limit)
    cases = []
    for i, ((_, tr), (_, te)) in enumerate(zip(train_df.iterrows(), test_df.iterrows())):
        train = tr.iloc[1:].dropna().to_numpy(dtype=float)
        test = te.iloc[1:].dropna().to_numpy(dtype=float)[:48]
        case = _case(train, 24, 48, selection.AUTO_CANDIDATES, test[None, :], i)
        if case is not None:
            cases.append(case)
    return cases


def synthetic(draw: Callable[..., np.ndarray], histories: int) -> list[Case]:
    per_day, weeks, horizon_days = 24, 16, 14
    cases = []
    for seed in range(histories):
        rng = np.random.default_rng(seed)
        y = draw(rng, 0, weeks * 7)
        fresh = draw(rng, (weeks * 7) % 7, horizon_days, n=300)
        case = _case(y, per_day, horizon_days * per_day, ("seasonal_naive", "daily_profile_fast", "daily_profile"),
                     fresh, seed)
        if case is not None:
            cases.append(case)
    return cases


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--m4-limit", type=int, default=None, help="first N M4 series only (quick check)")
    parser.add_argument("--synthetic", type=int, default=100, help="seeded histories per synthetic process")
    args = parser.parse_args()
    tables: dict[str, dict[str, Scored]] = {}
    t0 = time.perf_counter()
    if CALLS.exists():
        tables["bank pre-holdout (8 windows)"] = bank(VARIANTS)
        print(f"bank done ({time.perf_counter() - t0:.0f} s)", flush=True)
    if (M4 / "Hourly-train.csv").exists():
        tables["M4 hourly"] = recalibrated(m4(args.m4_limit), VARIANTS)
        print(f"M4 done ({time.perf_counter() - t0:.0f} s)", flush=True)
    tables["synthetic, stationary"] = recalibrated(synthetic(day_noise_process(24), args.synthetic), VARIANTS)
    tables["synthetic, one stormy weekday"] = recalibrated(synthetic(day_noise_process(24, day_sd=STORMY_MONDAY),
                                                                     args.synthetic), VARIANTS)
    print(f"all done ({time.perf_counter() - t0:.0f} s)\n")
    print("80 % (95 %) coverage | mean |coverage − 80| in points by weekday | by interval of the day | "
          "by window | 80 % coverage calm / stormy windows")
    for source, rows in tables.items():
        print(f"\n{source}\n| variant | 80 (95) % | weekday | interval | window | calm / stormy |\n|---|---|---|---|---|---|")
        for name, scored in rows.items():
            print(f"| {name} | {scored.row()} |")
        if source.startswith("bank"):
            print("80 % coverage by day of the week:")
            for name, scored in rows.items():
                print(f"  {name}: {scored.by_weekday()}")
        if any(len(np.unique(scored.lead_week)) > 1 for scored in rows.values()):
            print("80 % coverage by lead week:")
            for name, scored in rows.items():
                print(f"  {name}: {scored.by_lead_week()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
