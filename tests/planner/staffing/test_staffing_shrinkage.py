"""Shrinkage per interval: windows raise the requirement there only, and scoring agrees."""
from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd
import pytest

from planner.domain import Queue, Roster, Shift, ShrinkageWindow
from planner.errors import InputError, ScenarioError
from planner.evaluation import evaluate_roster
from planner.scenario import load_scenario, save_scenario, scenario_from_dict, scenario_to_dict
from planner.service import PlanSession
from planner.staffing.requirements import requirements
from planner.staffing.shrinkage import shrinkage_grid, window_mask

PHONE = Queue("phone", target_sl=0.8, answer_s=20, max_occupancy=1.0, shrinkage=0.20, aht_s=180)
CHAT = Queue("chat", channel="chat", concurrency=2, target_sl=0.8, answer_s=30, shrinkage=0.10, aht_s=400)
TRAINING = ShrinkageWindow(share=0.25, queue="phone", from_min=14 * 60, to_min=16 * 60, days=(2,),
                           reason="Wednesday training")


def _forecast(days: int = 7) -> pd.DataFrame:
    idx = pd.date_range("2025-12-01", periods=96 * days, freq="15min")      # Monday
    frames = [pd.DataFrame({"start": idx, "queue": q, "volume": 50.0, "aht_s": 180.0}) for q in ("phone", "chat")]
    return pd.concat(frames, ignore_index=True)


def test_window_mask_agrees_with_applies_everywhere() -> None:
    idx = pd.date_range("2025-12-01", periods=96 * 14, freq="15min")
    windows = [TRAINING,
               ShrinkageWindow(share=0.1, from_min=22 * 60, to_min=2 * 60, days="weekend"),     # wraps midnight
               ShrinkageWindow(share=0.1, first=dt.date(2025, 12, 3), last=dt.date(2025, 12, 4), days="weekday")]
    for w in windows:
        expected = [w.applies(t.date(), t.hour * 60 + t.minute) for t in idx]
        assert list(window_mask(w, idx)) == expected


def test_training_window_raises_heads_in_the_window_only() -> None:
    frame = requirements(_forecast(), [PHONE, CHAT], 15, [TRAINING])
    phone = frame[frame["queue"] == "phone"].set_index("start")
    base = phone.loc["2025-12-02 14:00", "agents_required"]          # Tuesday, no training
    assert phone.loc["2025-12-02 14:00", "agents_net"] == phone.loc["2025-12-03 14:00", "agents_net"]
    net = phone.loc["2025-12-03 14:00", "agents_net"]
    assert base == int(np.ceil(net / 0.80))
    assert phone.loc["2025-12-03 14:00", "agents_required"] == int(np.ceil(net / 0.55))   # 20 % + 25 %
    assert phone.loc["2025-12-03 16:00", "agents_required"] == base                     # window over
    chat = frame[frame["queue"] == "chat"].set_index("start")
    assert chat.loc["2025-12-03 14:00", "agents_required"] == chat.loc["2025-12-02 14:00", "agents_required"]


def test_impossible_shrinkage_is_refused_with_the_time() -> None:
    heavy = ShrinkageWindow(share=0.8, queue="phone", from_min=9 * 60, to_min=10 * 60)
    with pytest.raises(InputError, match="phone.*100%.*Mon 2025-12-01 09:00"):
        shrinkage_grid([PHONE], [heavy], pd.date_range("2025-12-01", periods=96, freq="15min"))


def test_evaluation_uses_the_same_availability_as_the_requirement() -> None:
    session = PlanSession.open(PlanSession.sample_path())
    scenario = session.scenario
    window = ShrinkageWindow(share=0.3, queue="phone", from_min=10 * 60, to_min=12 * 60)
    agents = [a for a in scenario.agents if a.queues == ("phone",)] or \
        [a for a in scenario.agents if "phone" in a.queues and "phone_vip" not in a.queues]
    day = dt.date(2025, 12, 1)
    roster = Roster(day, 1, tuple(Shift(a.id, day, "day", 8 * 60, 17 * 60, 60) for a in agents[:6]))
    index = pd.date_range(pd.Timestamp(day), periods=96, freq="15min")
    fc = pd.DataFrame({"start": np.tile(index, len(scenario.queues)),
                       "queue": np.repeat([q.name for q in scenario.queues], 96), "aht_s": 240.0})
    fc["volume"] = np.where(fc["queue"] == "phone", 30.0, 0.0)   # the agents' other skills idle
    with_window = dataclasses.replace(scenario, shrinkage=(window,))
    req = requirements(fc, scenario.queues, 15)
    plain = evaluate_roster(scenario, roster, fc, req).interval
    shrunk = evaluate_roster(with_window, roster, fc, req).interval
    at = (plain["queue"] == "phone") & (plain["start"] == pd.Timestamp("2025-12-01 11:00"))
    outside = (plain["queue"] == "phone") & (plain["start"] == pd.Timestamp("2025-12-01 13:00"))
    assert float(shrunk.loc[at, "service_level"].iloc[0]) < float(plain.loc[at, "service_level"].iloc[0])
    assert float(shrunk.loc[outside, "service_level"].iloc[0]) == pytest.approx(
        float(plain.loc[outside, "service_level"].iloc[0]))


def test_scenario_file_round_trips_shrinkage_windows(tmp_path) -> None:
    scenario = load_scenario(PlanSession.sample_path())
    with_windows = dataclasses.replace(scenario, shrinkage=(
        TRAINING, ShrinkageWindow(share=0.05, first=dt.date(2025, 12, 24), last=dt.date(2025, 12, 24),
                                  reason="year-end briefing")))
    path = tmp_path / "s.toml"
    save_scenario(with_windows, path, history=scenario.history_path)
    assert load_scenario(path).shrinkage == with_windows.shrinkage


def test_bad_shrinkage_window_names_the_field() -> None:
    data = scenario_to_dict(load_scenario(PlanSession.sample_path()))
    for window, field, words in (({"share": 0.2, "from": "25:00"}, "shrinkage[0].from", "past midnight"),
                                 ({"share": 0.2, "queue": "fax"}, "shrinkage[0].queue", "unknown queue 'fax'"),
                                 ({"share": 1.5}, "shrinkage[0].share", "1.5"),
                                 ({"from": "09:00"}, "shrinkage[0].share", "missing")):
        data["shrinkage"] = [window]
        with pytest.raises(ScenarioError) as err:
            scenario_from_dict(data, file="centre.toml")
        text = str(err.value)
        assert field in text and words in text and "centre.toml" in text
