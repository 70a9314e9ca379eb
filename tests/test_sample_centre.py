"""The bundled sample centre: the generator is deterministic and its output is realistic.

These tests read the shipped ``resources/sample`` files, so they also catch a generator change
that was not followed by re-running it (``.venv/bin/python resources/sample/generate.py``).
"""
from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import holidays
import numpy as np
import pandas as pd
import pytest

from planner.domain import Scenario
from planner.scenario import load_scenario
from resources.sample import generate as gen

SAMPLE = Path(gen.__file__).resolve().parent
TOML = SAMPLE / "sample.toml"
HISTORY = SAMPLE / "history.csv.gz"


@pytest.fixture(scope="module")
def history() -> pd.DataFrame:
    return pd.read_csv(HISTORY, parse_dates=["start"])


@pytest.fixture(scope="module")
def daily(history: pd.DataFrame) -> pd.DataFrame:
    """Daily volume per queue (columns), indexed by day."""
    return history.groupby([history["start"].dt.normalize(), "queue"])["volume"].sum().unstack()


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(TOML)


# ----------------------------------------------------------------------------- generator
def test_generator_same_seed_same_bytes() -> None:
    first, last = dt.date(2025, 1, 20), dt.date(2025, 2, 2)
    a = gen.history_csv_bytes(gen.generate_history(first, last, seed=7))
    b = gen.history_csv_bytes(gen.generate_history(first, last, seed=7))
    c = gen.history_csv_bytes(gen.generate_history(first, last, seed=8))
    assert a == b
    assert a != c


def test_generated_slice_equals_shipped_history(history: pd.DataFrame) -> None:
    # each day has its own seeded generator, so a 2-week slice reproduces the shipped file exactly
    first, last = dt.date(2025, 6, 9), dt.date(2025, 6, 22)
    fresh = gen.generate_history(first, last)
    shipped = history[(history["start"] >= pd.Timestamp(first))
                      & (history["start"] < pd.Timestamp(last + dt.timedelta(days=1)))].reset_index(drop=True)
    assert len(fresh) == 14 * 96 * 4
    pd.testing.assert_frame_equal(fresh, shipped, check_dtype=False)


def test_shipped_toml_is_the_generator_output() -> None:
    assert TOML.read_text(encoding="utf-8") == gen.scenario_toml(gen.PLAN_START)


def test_generator_rejects_reversed_range() -> None:
    with pytest.raises(ValueError, match="before"):
        gen.generate_history(dt.date(2025, 2, 2), dt.date(2025, 1, 20))


@pytest.mark.slow
def test_full_regeneration_is_byte_identical(tmp_path: Path) -> None:
    # the command-line entry point rewrites both files exactly as shipped
    assert gen.main(["--out", str(tmp_path)]) == 0
    assert (tmp_path / "history.csv.gz").read_bytes() == HISTORY.read_bytes()
    assert (tmp_path / "sample.toml").read_bytes() == TOML.read_bytes()


# ----------------------------------------------------------------------------- history shape
def test_history_is_a_regular_grid(history: pd.DataFrame) -> None:
    assert list(history.columns) == ["start", "queue", "volume", "aht_s", "abandoned"]
    assert HISTORY.stat().st_size < 3_000_000
    n_days = (gen.HISTORY_LAST - gen.HISTORY_FIRST).days + 1
    assert n_days >= 52 * 7
    assert len(history) == n_days * 96 * 4
    assert history["start"].min() == pd.Timestamp("2024-10-07 00:00")
    assert history["start"].max() == pd.Timestamp("2025-11-30 23:45")
    counts = history.groupby("start")["queue"].apply(tuple)
    assert (counts == ("chat", "email", "phone", "phone_vip")).all()   # sorted by start, queue
    steps = np.diff(counts.index.values).astype("timedelta64[m]").astype(int)
    assert (steps == 15).all()
    assert history["volume"].dtype.kind == "i" and (history["volume"] >= 0).all()
    assert ((history["abandoned"] >= 0) & (history["abandoned"] <= history["volume"])).all()
    # AHT present exactly when there were contacts, with one decimal
    assert (history["aht_s"].notna() == (history["volume"] > 0)).all()
    aht = history["aht_s"].dropna()
    assert np.allclose(aht, aht.round(1)) and (aht > 0).all()


def test_history_file_text_format() -> None:
    import gzip
    with gzip.open(HISTORY, "rt", encoding="utf-8") as fh:
        head = [next(fh) for _ in range(4)]
    assert head[0] == "start,queue,volume,aht_s,abandoned\n"
    assert head[1] == "2024-10-07T00:00:00,chat,0,,0\n"


def test_closed_hours_have_zero_volume(history: pd.DataFrame) -> None:
    hour = history["start"].dt.hour
    vip, chat = history["queue"] == "phone_vip", history["queue"] == "chat"
    assert history.loc[vip & ((hour < 8) | (hour >= 22)), "volume"].sum() == 0
    assert history.loc[chat & (hour < 8), "volume"].sum() == 0
    assert history.loc[vip & (hour >= 8) & (hour < 22), "volume"].sum() > 0
    # phone is 24/7 and email tickets arrive all night (answered from 08:00)
    for q in ("phone", "email"):
        night = history[(history["queue"] == q) & (hour < 6)]
        assert night["volume"].mean() > 0.3


def test_intraday_shape(history: pd.DataFrame) -> None:
    normal = history[(history["start"] >= "2025-09-01") & (history["start"] < "2025-09-20")
                     & (history["start"].dt.weekday < 5)]
    by_hour = normal.groupby([normal["start"].dt.hour, "queue"])["volume"].mean().unstack()
    phone, chat = by_hour["phone"], by_hour["chat"]
    assert phone.loc[3] < 0.1 * phone.loc[10]              # night trough
    assert phone.loc[7] < phone.loc[9] < phone.loc[10]     # morning ramp
    assert phone.loc[12] < 0.9 * phone.loc[10]             # lunch dip
    assert chat.loc[20] > chat.loc[17]                     # chat evening bump
    assert chat.loc[21] > 0.95 * chat.max()


def test_weekend_complaint_peak(daily: pd.DataFrame) -> None:
    normal = daily.loc["2025-07-07":"2025-09-21"]
    weekend = normal[normal.index.weekday >= 5].mean()
    weekday = normal[normal.index.weekday < 5].mean()
    ratio = weekend / weekday
    # complaint-heavy email and phone are busier at weekends; enquiry-led chat is quieter
    assert ratio["email"] > 1.15
    assert ratio["phone"] > 1.0
    assert ratio["chat"] < 0.95
    assert ratio["phone"] > ratio["chat"] + 0.1


def test_holiday_dips(daily: pd.DataFrame) -> None:
    total = daily.sum(axis=1)
    spring = total.loc["2025-01-29":"2025-01-31"].mean()       # Spring Festival
    before = total.loc["2025-01-13":"2025-01-17"].mean()
    assert spring < 0.6 * before
    sept = total.loc["2025-09-01":"2025-09-19"]
    national = total.loc["2025-10-01":"2025-10-03"].mean()     # National Day
    assert national < 0.75 * sept[sept.index.weekday < 5].mean()


def test_make_up_working_days_behave_like_workdays(history: pd.DataFrame, daily: pd.DataFrame) -> None:
    cn = holidays.country_holidays("CN", years=[2024, 2025])
    make_up = [pd.Timestamp(d) for d in cn.weekend_workdays
               if gen.HISTORY_FIRST <= d <= gen.HISTORY_LAST]
    assert len(make_up) >= 6
    phone = history[history["queue"] == "phone"]
    morning = phone[phone["start"].dt.hour.isin([8, 9])].groupby(phone["start"].dt.normalize())["volume"].sum()
    share = morning / phone.groupby(phone["start"].dt.normalize())["volume"].sum()
    neighbours = [d + pd.Timedelta(weeks=k) for d in make_up for k in (-2, -1, 1, 2)]
    neighbours = [d for d in neighbours if d in share.index and d not in make_up
                  and not cn.get(d.date())]
    # a worked Sunday has the workday morning rush and no weekend complaint surge on email
    assert share[make_up].mean() > share[neighbours].mean() + 0.015
    assert daily.loc[make_up, "email"].mean() < 0.9 * daily.loc[neighbours, "email"].mean()


def test_campaign_peaks(daily: pd.DataFrame, history: pd.DataFrame) -> None:
    total = daily.sum(axis=1)
    sept = total.loc["2025-09-01":"2025-09-19"]
    base = sept[sept.index.weekday < 5].mean()
    assert total.loc["2025-11-11"] > 1.8 * base
    assert total.loc["2024-11-11"] > 1.8 * base / (1 + gen.TREND_PER_YEAR)
    assert total.loc["2025-06-18"] > 1.6 * base
    assert total.loc["2025-11-01":"2025-11-09"].mean() > 1.1 * total.loc["2025-09-01":"2025-09-30"].mean()
    phone = history[history["queue"] == "phone"]
    day = phone["start"].dt.normalize()
    peak, calm = phone[day == "2025-11-11"], phone[(day >= "2025-09-01") & (day < "2025-10-01")]
    # sales open at midnight: the first two hours of 11.11 dwarf an ordinary night
    night = phone[phone["start"].dt.hour < 2]
    rush = night[night["start"].dt.normalize() == "2025-11-11"]["volume"].sum()
    calm_nights = night[(night["start"] >= "2025-09-01") & (night["start"] < "2025-10-01")]
    assert rush > 5 * calm_nights["volume"].sum() / 30
    # more callers abandon when the lines are swamped
    assert peak["abandoned"].sum() / peak["volume"].sum() > 2 * calm["abandoned"].sum() / calm["volume"].sum()


def test_gentle_trend(daily: pd.DataFrame) -> None:
    # the same ten ordinary days a year apart (weekdays and make-up Saturdays aligned, no holiday
    # or campaign in either): volume grows by the generator's trend, +8 % a year, and by no more
    total = daily.sum(axis=1)
    early = total.loc["2024-10-10":"2024-10-19"]
    late = total.loc["2025-10-09":"2025-10-18"]
    assert [d.weekday() for d in early.index] == [d.weekday() for d in late.index]

    def trend(day: pd.Timestamp) -> float:
        return 1.0 + gen.TREND_PER_YEAR * (day.date() - gen.HISTORY_FIRST).days / 365.0

    expected = sum(map(trend, late.index)) / sum(map(trend, early.index))       # 1.080
    # ±4 points is two standard errors of ten days' noise; no trend (1.00) or twice it (1.16) fails
    assert late.sum() / early.sum() == pytest.approx(expected, abs=0.04)


@pytest.mark.parametrize("queue, aht_s", [("phone", 240), ("phone_vip", 300), ("chat", 420), ("email", 480)])
def test_aht_per_queue(history: pd.DataFrame, queue: str, aht_s: float) -> None:
    q = history[(history["queue"] == queue) & (history["start"] >= "2025-08-25") & (history["start"] < "2025-09-22")]
    weighted = (q["aht_s"].fillna(0) * q["volume"]).sum() / q["volume"].sum()
    assert weighted == pytest.approx(aht_s, rel=0.06)
    by_hour = (q["aht_s"].fillna(0) * q["volume"]).groupby(q["start"].dt.hour).sum() \
        / q["volume"].groupby(q["start"].dt.hour).sum()
    assert by_hour.max() / by_hour.min() > 1.05        # AHT varies through the day


def test_peak_needs_a_third_to_two_thirds_of_the_56_agents(history: pd.DataFrame) -> None:
    # 56 agents on ~5 shifts a week cover a weekday peak of roughly 20-35 heads on duty
    check = gen.peak_check(history)
    heads = check.pivot(index="slot", columns="queue", values="scheduled").sum(axis=1)
    assert 18 <= heads.max() <= 35


# ----------------------------------------------------------------------------- scenario
def test_sample_scenario_loads(scenario: Scenario) -> None:
    assert scenario.name == "Sample centre (Hangzhou)"
    assert scenario.country == "CN" and scenario.interval_min == 15
    assert scenario.start_date == dt.date(2025, 12, 1) == gen.HISTORY_LAST + dt.timedelta(days=1)
    assert scenario.start_date.weekday() == 0
    assert scenario.history_path is not None and Path(scenario.history_path) == HISTORY
    assert [q.name for q in scenario.queues] == ["phone", "phone_vip", "chat", "email"]
    phone, vip, chat, email = scenario.queues
    assert (phone.target_sl, phone.answer_s, phone.patience_s) == (0.8, 20, 120)
    assert (vip.target_sl, vip.answer_s, vip.vip_of) == (0.9, 10, "phone")
    assert (vip.open_from_min, vip.open_to_min) == (8 * 60, 22 * 60)
    assert (chat.answer_s, chat.concurrency, chat.open_from_min, chat.open_to_min) == (30, 2, 480, 1440)
    assert (email.deferred_pct, email.deferred_hours, email.open_to_min) == (0.96, 2, 20 * 60)
    assert all(q.shrinkage == pytest.approx(0.15) for q in scenario.queues)
    assert scenario.rules.night_from_min == 0 and scenario.rules.night_to_min == 360


def test_sample_agents(scenario: Scenario) -> None:
    agents = scenario.agents
    assert len(agents) == 56
    assert [a.id for a in agents] == [f"A{i:03d}" for i in range(1, 57)]
    assert len({a.name for a in agents}) == 56
    assert all(all("\u4e00" <= ch <= "\u9fff" for ch in a.name) for a in agents)   # Chinese names
    teams = {t: [a for a in agents if a.team == t] for t in ("enquiries", "complaints", "technical")}
    assert {t: len(v) for t, v in teams.items()} == {"enquiries": 18, "complaints": 20, "technical": 18}
    vip = [a for a in agents if a.vip]
    assert len(vip) == 12 and all("phone_vip" in a.queues for a in vip)
    contracts = {c.name: sum(a.contract == c.name for a in agents) for c in scenario.contracts}
    assert contracts == {"full_time": 42, "part_time": 10, "weekend_temp": 4}
    assert sum(a.night_capable for a in agents) == 11
    assert all(set(a.queues) >= {"phone", "chat"} for a in teams["enquiries"])
    assert all(set(a.queues) >= {"phone", "email"} for a in teams["complaints"])
    assert all(set(a.queues) >= {"chat", "email"} for a in teams["technical"])
    assert 3 <= sum("phone" in a.queues for a in teams["technical"]) < 18
    off = [a for a in agents if a.time_off]
    assert len(off) >= 3
    assert all(t.first < scenario.start_date + dt.timedelta(weeks=3) for a in off for t in a.time_off)


def test_sample_templates_and_contracts(scenario: Scenario) -> None:
    t = {x.name: x for x in scenario.templates}
    for name in ("early", "day", "middle", "late"):
        assert t[name].paid_min == 8 * 60 and t[name].unpaid_break_min == 60
    night = t["night"]
    assert night.length_min == 600 and min(night.start_mins) + night.length_min > 1440
    assert {t["part_4h"].paid_min, t["part_5h"].paid_min} == {240, 300}
    ft, pt, wt = (scenario.contract(n) for n in ("full_time", "part_time", "weekend_temp"))
    assert ft.min_week_min <= 40 * 60 <= ft.max_week_min and ft.max_days_per_week == 5
    assert (pt.min_week_min, pt.max_week_min) == (20 * 60, 25 * 60)
    assert wt.weekend_only and 16 * 60 <= wt.min_week_min <= wt.max_week_min <= 20 * 60


def test_sample_rules_are_satisfiable(scenario: Scenario) -> None:
    """Counting arguments: every floor and contract can be met by the agents available."""
    rules, start = scenario.rules, scenario.start_date
    assert start is not None
    week = [start + dt.timedelta(days=i) for i in range(14)]
    templates = {t.name: t for t in scenario.templates}
    for f in scenario.floors:
        eligible = [a for a in scenario.agents if f.queue in a.queues and (a.vip or not f.vip_only)]
        for day in week:
            if not any(f.applies(day, m) for m in range(0, 1440, 15)):
                continue
            present = [a for a in eligible if a.available(day)
                       and (not scenario.contract(a.contract).weekend_only or day.weekday() >= 5)]
            assert len(present) >= 2 * f.min_agents, (f, day)
    # the night floor on phone needs night-capable phone agents, at most max_nights each a week
    night_floor = next(f for f in scenario.floors if f.queue == "phone" and f.from_min == 0)
    night_agents = [a for a in scenario.agents if a.night_capable and "phone" in a.queues]
    assert all(templates["night"].name in scenario.contract(a.contract).templates for a in night_agents)
    assert len(night_agents) * rules.max_nights_per_week >= 2 * 7 * night_floor.min_agents
    # VIP line 08–22 needs two VIP shifts a day; VIP agents work up to 5 days
    vip_agents = [a for a in scenario.agents if a.vip]
    assert len(vip_agents) * 5 >= 2 * 7 * 1.5
    # every agent can reach the contract's minimum hours in each of the first weeks despite leave
    for a in scenario.agents:
        c = scenario.contract(a.contract)
        best = max(templates[n].paid_min for n in c.templates)
        for w in range(2):
            days = [start + dt.timedelta(days=7 * w + i) for i in range(7)]
            free = [d for d in days if a.available(d) and (not c.weekend_only or d.weekday() >= 5)]
            assert min(len(free), c.max_days_per_week) * best >= c.min_week_min, (a.id, w)
            # 8-hour-paid day shifts alone must be enough unless the agent can work nights
            if c.name == "full_time" and not a.night_capable:
                assert min(len(free), c.max_days_per_week) * 480 >= c.min_week_min, (a.id, w)


def test_erlang_check_helper_matches_domain_example() -> None:
    # DOMAIN.md: 100 calls in 30 min, AHT 180 s, 80/20 → 14 agents (13 gives 79.6 %)
    a = 100 * 180 / 1800
    assert a == 10
    assert gen._erlang_c_agents(100, 180, 30, 0.8, 20) == 14
    assert math.isclose(gen._erlang_c_agents(100, 180, 30, 0.79, 20), 13)
