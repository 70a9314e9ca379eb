"""forecast(): the long-frame runner — selection, calendar, events, adjustments, AHT, intervals."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from forecasting.adjust import Adjustment
from forecasting.calendar import Event, day_types, HOLIDAY, MAKEUP_WORKDAY
from forecasting.engine import OUTPUT_COLUMNS, forecast
from forecasting.metrics import holdout_accuracy
from planner.errors import InputError
from tests.forecasting.forecasting_synth import synthetic_history


@pytest.fixture(scope="module")
def history() -> pd.DataFrame:
    return synthetic_history(("phone", "chat"), weeks=12, interval_min=30, first="2025-06-02")


def _daily(frame: pd.DataFrame, queue: str) -> pd.Series:
    f = frame[frame["queue"] == queue]
    return f.groupby(f["start"].dt.date)["volume"].sum()


def test_frame_contract(history: pd.DataFrame) -> None:
    start = pd.Timestamp("2025-08-25")
    res = forecast(history, start=start, horizon_days=7, interval_min=30, country=None)
    f = res.frame
    assert list(f.columns) == OUTPUT_COLUMNS
    assert len(f) == 2 * 7 * 48
    assert f.groupby("queue")["start"].min().eq(start).all()
    assert (f["volume_lo95"] <= f["volume_lo80"]).all() and (f["volume_lo80"] <= f["volume"]).all()
    assert (f["volume"] <= f["volume_hi80"]).all() and (f["volume_hi80"] <= f["volume_hi95"]).all()
    assert set(res.model_by_queue) == {"phone", "chat"}
    for acc in res.accuracy.values():
        assert set(acc) >= {"wape", "mase", "bias", "coverage80"}
        assert 0 < acc["wape"] < 0.5 and 0.5 < acc["coverage80"] <= 1.0


def test_auto_beats_seasonal_naive_on_known_structure(history: pd.DataFrame) -> None:
    """Hold out the last two weeks: auto must be clearly more accurate than weekly seasonal naive."""
    start = pd.Timestamp("2025-08-11")
    auto = forecast(history, start=start, horizon_days=14, interval_min=30, country=None)
    naive = forecast(history, start=start, horizon_days=14, interval_min=30, country=None, model="seasonal_naive")
    acc_auto = holdout_accuracy(auto.frame, history)
    acc_naive = holdout_accuracy(naive.frame, history)
    for q in ("phone", "chat"):
        assert auto.model_by_queue[q] != "seasonal_naive"
        assert acc_auto[q]["wape"] < 0.8 * acc_naive[q]["wape"]
        # Backtest ranking agrees with the holdout.
        assert auto.backtest_wape_by_model[q][auto.model_by_queue[q]] < auto.backtest_wape_by_model[q]["seasonal_naive"]
        assert 0.6 <= acc_auto[q]["coverage80"] <= 0.95


def test_pinned_model_and_unknown_model(history: pd.DataFrame) -> None:
    res = forecast(history, start="2025-08-25", horizon_days=3, interval_min=30, country=None, model="mstl")
    assert set(res.model_by_queue.values()) == {"mstl"}
    with pytest.raises(InputError, match="unknown forecast model"):
        forecast(history, start="2025-08-25", horizon_days=3, interval_min=30, model="arima")


def test_short_history_falls_back_explicitly(history: pd.DataFrame) -> None:
    short = history[history["start"] < "2025-06-12"]            # 10 days
    res = forecast(short, start="2025-06-12", horizon_days=7, interval_min=30, country=None, model="daily_profile")
    assert set(res.model_by_queue.values()) == {"seasonal_naive"}
    assert any("fallback" in n for n in res.notes)
    auto = forecast(short, start="2025-06-12", horizon_days=7, interval_min=30, country=None)
    assert set(auto.model_by_queue.values()) <= {"seasonal_naive", "seasonal_naive_daily"}
    assert any("daily_profile skipped" in n for n in auto.notes)
    tiny = history[history["start"] < "2025-06-06"]              # 4 days: nothing can be backtested
    res = forecast(tiny, start="2025-06-06", horizon_days=7, interval_min=30, country=None)
    assert set(res.model_by_queue.values()) == {"seasonal_naive_daily"}
    assert any("fallback" in n for n in res.notes)
    assert len(res.frame) == 2 * 7 * 48


def test_cn_holidays_and_make_up_days_without_holiday_history(history: pd.DataFrame) -> None:
    types = day_types([dt.date(2025, 9, 28), dt.date(2025, 10, 1), dt.date(2025, 10, 2)], "CN")
    assert list(types) == [MAKEUP_WORKDAY, HOLIDAY, HOLIDAY]
    res = forecast(history, start="2025-09-22", horizon_days=21, interval_min=30, country="CN")
    day = _daily(res.frame, "phone")
    sunday = day[dt.date(2025, 9, 21 + 7)] if False else day[dt.date(2025, 10, 12)]
    # National Day (Wed 1 Oct) is planned like a Sunday; Sunday 28 Sep (make-up day) like a weekday.
    assert day[dt.date(2025, 10, 1)] == pytest.approx(sunday, rel=0.1)
    assert day[dt.date(2025, 9, 28)] > 1.5 * sunday
    assert day[dt.date(2025, 9, 28)] == pytest.approx(day[dt.date(2025, 9, 26)], rel=0.15)


def test_event_uplift_by_hand_and_learned(history: pd.DataFrame) -> None:
    base = forecast(history, start="2025-08-25", horizon_days=7, interval_min=30, country=None)
    promo = Event("promo", dt.date(2025, 8, 27), dt.date(2025, 8, 27), uplift=0.5, queues=("phone",))
    res = forecast(history, start="2025-08-25", horizon_days=7, interval_min=30, country=None, events=[promo])
    b, r = _daily(base.frame, "phone"), _daily(res.frame, "phone")
    assert r[dt.date(2025, 8, 27)] == pytest.approx(1.5 * b[dt.date(2025, 8, 27)], rel=1e-6)
    assert r[dt.date(2025, 8, 28)] == pytest.approx(b[dt.date(2025, 8, 28)], rel=1e-6)
    assert _daily(res.frame, "chat").equals(_daily(base.frame, "chat"))
    # Learned: double two past Thursdays in the history, label them, forecast the next one.
    h = history.copy()
    past = [dt.date(2025, 7, 10), dt.date(2025, 7, 31)]
    hit = h["start"].dt.date.isin(past) & (h["queue"] == "phone")
    h.loc[hit, "volume"] *= 2
    events = [Event("sale", d, d, queues=("phone",)) for d in past] + [Event("sale", dt.date(2025, 8, 28), dt.date(2025, 8, 28))]
    learned = forecast(h, start="2025-08-25", horizon_days=7, interval_min=30, country=None, events=events)
    assert learned.uplifts["phone"]["sale"] == pytest.approx(1.0, abs=0.15)
    ld = _daily(learned.frame, "phone")
    assert ld[dt.date(2025, 8, 28)] == pytest.approx(2 * b[dt.date(2025, 8, 28)], rel=0.15)
    # The doubled days were cleaned out of the history, so normal days are not inflated.
    assert ld[dt.date(2025, 8, 26)] == pytest.approx(b[dt.date(2025, 8, 26)], rel=0.1)


def test_adjustments_override_and_deflection(history: pd.DataFrame) -> None:
    base = forecast(history, start="2025-08-25", horizon_days=7, interval_min=30, country=None)
    adj = [Adjustment(20.0, queue="phone", first=dt.date(2025, 8, 25), last=dt.date(2025, 8, 25)),
           Adjustment(30.0, channel="chat", kind="deflection")]
    res = forecast(history, start="2025-08-25", horizon_days=7, interval_min=30, country=None,
                   adjustments=adj, channels={"phone": "voice", "chat": "chat"})
    b, r = base.frame, res.frame
    mon = (b["queue"] == "phone") & (b["start"].dt.date == dt.date(2025, 8, 25))
    np.testing.assert_allclose(r.loc[mon, "volume_hi95"], 1.2 * b.loc[mon, "volume_hi95"])
    tue = (b["queue"] == "phone") & (b["start"].dt.date == dt.date(2025, 8, 26))
    np.testing.assert_allclose(r.loc[tue, "volume"], b.loc[tue, "volume"])
    chat = b["queue"] == "chat"
    np.testing.assert_allclose(r.loc[chat, "volume"], 0.7 * b.loc[chat, "volume"])
    with pytest.raises(InputError, match="needs the queue channels"):
        forecast(history, start="2025-08-25", horizon_days=2, interval_min=30, country=None, adjustments=adj[1:])
    with pytest.raises(InputError, match="not in the forecast"):
        forecast(history, start="2025-08-25", horizon_days=2, interval_min=30, country=None,
                 adjustments=[Adjustment(10.0, queue="vip")])
    with pytest.raises(InputError, match="outside 0–100"):
        Adjustment(130.0, kind="deflection")


def test_aht_follows_the_interval_profile(history: pd.DataFrame) -> None:
    res = forecast(history, start="2025-08-25", horizon_days=1, interval_min=30, country=None)
    f = res.frame[res.frame["queue"] == "phone"].reset_index(drop=True)
    slot = np.arange(48)
    expected = 240.0 + 20.0 * np.sin(slot * 2 * np.pi / 48)
    open_ = (slot >= 12) & (slot < 44)
    # Thin edge intervals are shrunk towards the queue mean on purpose, hence 5 %.
    np.testing.assert_allclose(f.loc[open_, "aht_s"], expected[open_], rtol=0.05)


def test_interval_conversion(history: pd.DataFrame) -> None:
    coarse = forecast(history, start="2025-08-25", horizon_days=2, interval_min=60, country=None, model="daily_profile")
    fine = forecast(history, start="2025-08-25", horizon_days=2, interval_min=30, country=None, model="daily_profile")
    assert len(coarse.frame) == 2 * 2 * 24 and len(fine.frame) == 2 * 2 * 48
    assert coarse.frame["volume"].sum() == pytest.approx(fine.frame["volume"].sum(), rel=0.02)
    split = forecast(history, start="2025-08-25", horizon_days=1, interval_min=15, country=None, model="daily_profile")
    assert len(split.frame) == 2 * 96
    assert any("splits each evenly" in n for n in split.notes)
    with pytest.raises(InputError, match="cannot make"):
        forecast(history, start="2025-08-25", horizon_days=1, interval_min=45, country=None)


def test_gaps_are_filled_and_too_many_refused(history: pd.DataFrame) -> None:
    h = history.copy()
    drop = (h["queue"] == "phone") & (h["start"].dt.date == dt.date(2025, 8, 20))
    res = forecast(h[~drop], start="2025-08-25", horizon_days=7, interval_min=30, country=None)
    base = forecast(history, start="2025-08-25", horizon_days=7, interval_min=30, country=None)
    assert any("filled" in n for n in res.notes)
    assert _daily(res.frame, "phone").sum() == pytest.approx(_daily(base.frame, "phone").sum(), rel=0.05)
    lost = (h["queue"] == "phone") & h["start"].between("2025-06-23", "2025-07-21")   # 4 of 12 weeks
    sparse = h[~lost]
    with pytest.raises(InputError, match="missing"):
        forecast(sparse, start="2025-08-25", horizon_days=7, interval_min=30, country=None)


def test_bad_arguments(history: pd.DataFrame) -> None:
    with pytest.raises(InputError, match="outside 1–62"):
        forecast(history, start="2025-08-25", horizon_days=0, interval_min=30)
    with pytest.raises(InputError, match="no history before"):
        forecast(history, start="2025-01-01", horizon_days=7, interval_min=30)
    with pytest.raises(InputError, match="lacks column"):
        forecast(history.drop(columns="volume"), start="2025-08-25", horizon_days=7, interval_min=30)


def test_cn_campaign_uplifts_are_learned_from_last_year() -> None:
    """Double 11 phases boosted in 2024 are cleaned out, learned, and put back on 2025's dates."""
    from tests.forecasting.forecasting_synth import synthetic_series
    weeks = 60
    y = synthetic_series(weeks=weeks, per_day=24, seed=11, trend_per_week=0.0)
    start = pd.date_range("2024-09-02", periods=len(y), freq="60min")
    day = start.normalize()
    boost = np.ones(len(y))
    boost[(day >= "2024-10-20") & (day <= "2024-11-09")] = 1.3
    boost[day >= "2025-10-20"] = 1.3                       # this year's pre-sale has begun
    boost[(day >= "2024-11-10") & (day <= "2024-11-12")] = 2.0
    boost[(day >= "2024-11-13") & (day <= "2024-11-25")] = 1.2
    rng = np.random.default_rng(2)
    y = np.where(boost > 1, rng.poisson(y * boost), y).astype(float)
    h = pd.DataFrame({"start": start, "queue": "shop", "volume": y, "aht_s": np.nan})
    res = forecast(h, start="2025-11-03", horizon_days=14, interval_min=60, country="CN")
    plain = forecast(h, start="2025-11-03", horizon_days=14, interval_min=60, country="CN", campaigns=False)
    up = res.uplifts["shop"]
    assert up["Double 11 pre-sale"] == pytest.approx(0.3, abs=0.08)
    assert up["Double 11 peak"] == pytest.approx(1.0, abs=0.2)
    assert up["Double 11 after-sales"] == pytest.approx(0.2, abs=0.08)
    assert abs(up["618 pre-sale"]) < 0.1
    d, p = _daily(res.frame, "shop"), _daily(plain.frame, "shop")
    assert d[dt.date(2025, 11, 11)] / d[dt.date(2025, 11, 4)] == pytest.approx(2.0 / 1.3, rel=0.2)
    # Without the campaign calendar the boosted 2024 days are just noise to the models.
    assert d[dt.date(2025, 11, 11)] > 1.5 * p[dt.date(2025, 11, 11)]


def test_each_holiday_learns_its_own_ratio() -> None:
    """Spring Festival empties the centre far more than other holidays; 2026's is planned from 2025's."""
    from forecasting.calendar import holiday_families
    from tests.forecasting.forecasting_synth import synthetic_series
    y = synthetic_series(weeks=62, per_day=24, seed=5, trend_per_week=0.0)
    start = pd.date_range("2024-12-02", periods=len(y), freq="60min")
    days = list(dict.fromkeys(start.date))
    fam = dict(zip(days, holiday_families(days, "CN")))
    types = dict(zip(days, day_types(days, "CN")))
    factor = np.array([0.3 if fam[d] == "Spring Festival" and types[d] == HOLIDAY
                       else 0.8 if types[d] == HOLIDAY else 1.0 for d in start.date])
    rng = np.random.default_rng(4)
    y = np.where(factor < 1, rng.binomial(y.astype(int), factor), y).astype(float)
    h = pd.DataFrame({"start": start, "queue": "q", "volume": y})
    res = forecast(h, start="2026-02-09", horizon_days=14, interval_min=60, country="CN", campaigns=False)
    up = res.uplifts["q"]
    assert up["holiday: Spring Festival"] == pytest.approx(-0.7, abs=0.08)
    assert up["holiday: National Day"] == pytest.approx(-0.2, abs=0.08)
    d = _daily(res.frame, "q")
    # Wed 18 Feb 2026 (Spring Festival) vs Wed 11 Feb (normal)
    assert d[dt.date(2026, 2, 18)] / d[dt.date(2026, 2, 11)] == pytest.approx(0.3, abs=0.08)


def test_what_if_reuses_the_model_run_and_results_are_independent(history: pd.DataFrame) -> None:
    from forecasting import engine
    engine.clear_cache()
    a = forecast(history, start="2025-08-25", horizon_days=7, interval_min=30, country=None)
    a.model_by_queue["phone"] = "edited by caller"
    a.frame.loc[:, "volume"] = -1.0
    b = forecast(history, start="2025-08-25", horizon_days=7, interval_min=30, country=None,
                 adjustments=[Adjustment(50.0)])
    assert len(engine._BASE_CACHE) == 1                      # the second call did not refit
    assert b.model_by_queue["phone"] != "edited by caller"
    assert (b.frame["volume"] >= 0).all()
    changed = history.copy()
    changed.loc[changed.index[-100], "volume"] += 5              # new data → new model run
    forecast(changed, start="2025-08-25", horizon_days=7, interval_min=30, country=None)
    assert len(engine._BASE_CACHE) == 2


def test_bands_widen_with_lead_on_a_drifting_level() -> None:
    """A level that wanders day by day makes later weeks less certain: their bands are wider."""
    from tests.forecasting.forecasting_synth import synthetic_series
    rng = np.random.default_rng(8)
    weeks = 30
    base = synthetic_series(weeks=weeks, per_day=24, seed=8, level=2000.0, trend_per_week=0.0)
    drift = np.exp(np.cumsum(rng.normal(0, 0.03, weeks * 7)))
    y = rng.poisson(base * np.repeat(drift, 24)).astype(float)
    h = pd.DataFrame({"start": pd.date_range("2025-01-06", periods=len(y), freq="60min"), "queue": "q", "volume": y})
    res = forecast(h, start="2025-08-04", horizon_days=28, interval_min=60, country=None, model="daily_profile_fast")
    f = res.frame
    rel = (f["volume_hi80"] - f["volume_lo80"]) / f["volume"].where(f["volume"] > 0)
    week = (f["start"] - f["start"].min()).dt.days // 7
    width = rel.groupby(week).median()
    assert width[3] > 1.2 * width[0]
    assert (np.diff(width.to_numpy()) >= -1e-9).all()
