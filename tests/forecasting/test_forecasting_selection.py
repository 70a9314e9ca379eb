"""Rolling-origin selection: origins, calibration, combination and metrics."""
from __future__ import annotations

import numpy as np
import pytest

from forecasting.metrics import bias, coverage, wape
from forecasting.selection import calibrate, naive_mae, origins, select
from tests.forecasting.forecasting_synth import synthetic_series


def test_origins_step_back_and_skip_imputed_or_leaky_windows() -> None:
    n, p = 70 * 24, 24
    assert origins(n, p, 14 * p, min_train=14 * p, folds=3) == [n - 14 * p, n - 21 * p, n - 28 * p]
    scored = np.ones(n, dtype=bool)
    scored[n - 14 * p:] = False                          # the last two weeks were a campaign
    assert origins(n, p, 14 * p, 14 * p, 2, scored)[0] == n - 21 * p   # half its window is real
    copied = np.full(n, -1)
    copied[:7 * p] = np.arange(40 * p, 47 * p)           # early days borrowed from day 40 on
    cuts = origins(n, p, 7 * p, 14 * p, 3, None, copied)
    assert all(c > 40 * p for c in cuts) and cuts[0] == n - 7 * p


def test_calibration_covers_its_share_on_fresh_errors() -> None:
    rng = np.random.default_rng(0)
    mean = rng.uniform(5, 200, 4000)
    actual = rng.poisson(mean * rng.lognormal(0, 0.1, 4000)).astype(float)
    cal = calibrate(mean[:2000], actual[:2000])
    band = cal.bands(mean[2000:])
    assert coverage(actual[2000:], band["lo-80"], band["hi-80"]) == pytest.approx(0.80, abs=0.03)
    assert coverage(actual[2000:], band["lo-95"], band["hi-95"]) == pytest.approx(0.95, abs=0.02)
    closed = np.zeros(2000, dtype=bool)
    closed[:10] = True
    assert (cal.bands(mean[2000:], closed=closed)["hi-95"][:10] == mean[2000:2010]).all()


def test_selection_scores_the_combination_of_the_two_best() -> None:
    y = synthetic_series(weeks=10, per_day=24, seed=9)
    sel = select(y, per_day=24, first_weekday=0, horizon=7 * 24,
                 candidates=("seasonal_naive", "daily_profile", "mstl"))
    combos = [k for k in sel.backtests if "+" in k]
    assert len(combos) == 1
    singles = sorted((k for k in sel.backtests if "+" not in k), key=lambda k: sel.backtests[k].wape)
    assert combos[0] == f"{singles[0]}+{singles[1]}"
    assert sel.label == min(sel.backtests, key=lambda k: sel.backtests[k].wape)
    assert 0.6 < sel.accuracy["coverage80"] < 0.95


def test_metrics_by_hand() -> None:
    a = np.array([10.0, 0.0, 30.0])
    f = np.array([12.0, 1.0, 24.0])
    assert wape(a, f) == pytest.approx(9 / 40)
    assert bias(a, f) == pytest.approx(-3 / 40)
    assert naive_mae(np.array([1.0, 2.0, 4.0, 7.0]), 2) == pytest.approx(4.0)
    assert np.isnan(naive_mae(np.ones(5), 1))               # no variation: MASE undefined, not ∞
