"""Roster settings in the scenario file: read into ``Scenario.roster_options``, written back
unchanged, every mistake named by table and field, and used by the solve the app builds."""
from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest

from planner.domain import Availability, Preference, RosterOptions
from planner.errors import ScenarioError
from planner.scenario import load_scenario, save_scenario, scenario_from_dict, scenario_to_dict

SAMPLE = Path(__file__).resolve().parents[3] / "resources" / "sample" / "sample.toml"


@pytest.fixture(scope="module")
def sample() -> dict[str, Any]:
    return tomllib.loads(SAMPLE.read_text(encoding="utf-8"))


def _with(sample: dict[str, Any], rules: dict[str, Any] | None = None, **tables: list[dict[str, Any]]) -> dict[str, Any]:
    data = copy.deepcopy(sample)
    data.setdefault("rules", {}).update(rules or {})
    data.update(tables)
    return data


def _error(data: dict[str, Any]) -> str:
    with pytest.raises(ScenarioError) as info:
        scenario_from_dict(data, file="centre.toml")
    return str(info.value)


def test_sample_without_roster_settings_gets_the_defaults(sample: dict[str, Any]) -> None:
    assert scenario_from_dict(sample, file="sample.toml").roster_options == RosterOptions()


def test_every_setting_is_read(sample: dict[str, Any]) -> None:
    ids = [a["id"] for a in sample["agents"]]
    team = sample["agents"][0]["team"]
    data = _with(sample, {"break_mode": "fixed", "short_break_min": 10, "break_every_min": 150,
                          "break_window_min": 45, "lunch_window_min": 90, "min_consecutive_days_off": 2,
                          "meeting_from": "10:00", "meeting_to": "16:30", "meeting_weekdays": [1, 3],
                          "over_staff_weight_per_min": 3, "shortfall_weight": 500, "change_weight": 6,
                          "fairness_weight": 0.5, "night_needs_capable": False, "relative_gap_limit": 0.01,
                          "parts": 2, "max_agent_days_per_part": 900, "gain_encoding": "steps"},
                 meeting=[{"team": team, "minutes": 90}],
                 availability=[{"agent": ids[0], "weekday": 0, "from": "08:00", "to": "18:00"},
                               {"agent": ids[1], "date": dt.date(2025, 12, 3), "from": "20:00", "to": "26:00"}],
                 preference=[{"agent": ids[2], "wants": "off", "weekday": 5, "weight": 2.5},
                             {"agent": ids[3], "wants": "start", "date": "2025-12-02", "from": "08:00",
                              "to": "10:00"}])
    o = scenario_from_dict(data, file="centre.toml").roster_options
    assert (o.break_mode, o.short_break_min, o.break_every_min, o.break_window_min, o.lunch_window_min) == \
        ("fixed", 10, 150, 45, 90)
    assert o.min_consecutive_days_off == 2
    assert (o.meeting_from_min, o.meeting_to_min, o.meeting_weekdays) == (600, 990, (1, 3))
    assert o.meeting_min_per_week == ((team, 90),)
    assert (o.over_staff_weight_per_min, o.shortfall_weight, o.change_weight, o.fairness_weight) == (3, 500, 6.0, 0.5)
    assert (o.night_needs_capable, o.relative_gap_limit, o.parts, o.max_agent_days_per_part) == (False, 0.01, 2, 900)
    assert o.availability == (Availability(ids[0], 480, 1080, weekday=0),
                              Availability(ids[1], 1200, 1560, day=dt.date(2025, 12, 3)))
    assert o.preferences == (Preference(ids[2], "off", weekday=5, weight=2.5),
                             Preference(ids[3], "start", day=dt.date(2025, 12, 2), from_min=480, to_min=600))


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    s = load_scenario(SAMPLE)
    ids = [a.id for a in s.agents]
    options = RosterOptions(break_mode="none", min_consecutive_days_off=2,
                            meeting_min_per_week=((s.agents[0].team, 60),), meeting_weekdays=(2,),
                            availability=(Availability(ids[4], 360, 900, weekday=6),),
                            preferences=(Preference(ids[5], "work", day=dt.date(2025, 12, 6), weight=8.0),),
                            change_weight=2.0, gain_encoding="lines")
    path = tmp_path / "centre.toml"
    save_scenario(dataclasses.replace(s, roster_options=options), path)
    assert load_scenario(path).roster_options == options
    # defaults are not written, so a saved sample stays as short as the original
    assert "break_mode" not in scenario_to_dict(s)["rules"]
    assert "meeting" not in scenario_to_dict(s)


@pytest.mark.parametrize("rules, tables, where, words", [
    ({"break_mode": "sometimes"}, {}, "rules.break_mode", "unknown break_mode"),
    ({"min_consecutive_days_off": 9}, {}, "rules.min_consecutive_days_off", "outside"),
    ({"short_break_min": "15"}, {}, "rules.short_break_min", "expected an integer"),
    ({"meeting_from": "9h"}, {}, "rules.meeting_from", "expected a time"),
    ({"meeting_from": "17:00", "meeting_to": "09:00"}, {}, "rules.meeting_from", "empty"),
    ({"meeting_weekdays": [7]}, {}, "rules.meeting_weekdays", "bad weekday"),
    ({}, {"meeting": [{"team": "nobody", "minutes": 60}]}, "meeting[0].team", "no agent is in team"),
    ({}, {"meeting": [{"team": "enquiries", "minutes": 0}]}, "meeting[0].minutes", "bad meeting length"),
    ({}, {"availability": [{"agent": "ZZZ", "from": "08:00", "to": "12:00"}]}, "availability[0].agent", "unknown agent"),
    ({}, {"availability": [{"agent": "A001", "from": "12:00", "to": "08:00"}]}, "availability[0].to", "ends before"),
    ({}, {"availability": [{"agent": "A001", "weekday": 8}]}, "availability[0].weekday", "bad weekday"),
    ({}, {"preference": [{"agent": "A001", "wants": "holiday"}]}, "preference[0].wants", "unknown wish"),
    ({}, {"preference": [{"agent": "A001", "wants": "off", "weight": -1}]}, "preference[0].weight", "bad weight"),
    ({}, {"preference": [{"agent": "A001", "wants": "off", "date": "3 Dec"}]}, "preference[0].date", "bad date"),
])
def test_mistakes_are_named_with_their_field(sample: dict[str, Any], rules: dict[str, Any],
                                             tables: dict[str, Any], where: str, words: str) -> None:
    message = _error(_with(sample, rules, **tables))
    assert f"centre.toml, column '{where}'" in message
    assert words in message


def test_all_mistakes_are_reported_together(sample: dict[str, Any]) -> None:
    message = _error(_with(sample, {"break_mode": "x", "parts": -1},
                           preference=[{"agent": "ZZZ", "wants": "off"}]))
    assert "rules.break_mode" in message and "rules.parts" in message and "preference[0].agent" in message


def test_the_app_rosters_with_the_file_settings(sample: dict[str, Any]) -> None:
    """PlanSession.build_problem hands the scenario's settings to the solver."""
    import pandas as pd

    from planner.service import PlanSession
    from planner.staffing.requirements import requirements
    scenario = scenario_from_dict(_with(sample, {"break_mode": "fixed", "change_weight": 3}), file="centre.toml")
    index = pd.date_range(pd.Timestamp(scenario.start_date), periods=96, freq="15min")
    frame = pd.concat([pd.DataFrame({"start": index, "queue": q.name, "volume": 5.0, "aht_s": q.aht_s})
                       for q in scenario.queues], ignore_index=True)
    session = PlanSession(scenario, pd.DataFrame({"start": pd.to_datetime([]), "queue": []}))
    session.n_days = 1

    class Forecast:
        pass
    session.forecast = Forecast()
    session.forecast.frame = frame
    session.requirements = requirements(frame, scenario.queues, scenario.interval_min)
    problem = session.build_problem()
    assert problem.options.break_mode == "fixed" and problem.options.change_weight == 3.0
