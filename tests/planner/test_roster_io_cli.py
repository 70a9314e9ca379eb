"""A roster round-trips through its payroll CSV; ``wfm evaluate`` and ``wfm requirements``."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from planner.cli import main
from planner.domain import Roster, Shift
from planner.errors import InputError
from planner.export import write_roster_csv
from planner.roster_io import read_roster_csv
from planner.scenario import load_scenario
from planner.service import PlanSession

SAMPLE = PlanSession.sample_path()
MONDAY = dt.date(2025, 12, 1)


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(SAMPLE)


def _night_and_day(scenario) -> Roster:
    night_agent = next(a for a in scenario.agents if a.night_capable and a.contract == "full_time")
    day_agent = next(a for a in scenario.agents if a.id != night_agent.id and a.contract == "full_time")
    shifts = (
        Shift(night_agent.id, MONDAY, "night", 22 * 60, 32 * 60, 60, ((25 * 60, 25 * 60 + 15), (27 * 60, 28 * 60))),
        Shift(day_agent.id, MONDAY, "day", 8 * 60, 17 * 60, 60, ((10 * 60, 10 * 60 + 15), (12 * 60, 13 * 60)),
              locked=False),
        Shift(day_agent.id, MONDAY + dt.timedelta(days=2), "early", 6 * 60, 15 * 60, 60, ()),
    )
    return Roster(MONDAY, 7, shifts)


def test_payroll_csv_reads_back_to_the_same_roster(scenario, tmp_path: Path) -> None:
    roster = _night_and_day(scenario)
    path = tmp_path / "roster.csv"
    write_roster_csv(path, scenario, roster, bom=True)
    back = read_roster_csv(path, scenario, start_date=MONDAY, n_days=7)
    assert back.start_date == MONDAY and back.n_days == 7
    assert sorted(back.shifts, key=lambda s: (s.agent_id, s.day)) == \
        sorted(roster.shifts, key=lambda s: (s.agent_id, s.day))
    night = next(s for s in back.shifts if s.template == "night")
    assert night.end_min == 32 * 60 and night.breaks[0] == (1500, 1515)   # 01:00 after midnight


def test_every_bad_row_is_named_and_nothing_is_read(scenario, tmp_path: Path) -> None:
    agent = scenario.agents[0].id
    path = tmp_path / "edited.csv"
    path.write_text(
        "agent_id,date,start,end,template,paid_h,breaks\n"
        f"{agent},2025-12-01,2025-12-01T08:00,2025-12-01T17:00,day,8,10:00-10:15\n"     # fine
        "ZZZ9,2025-12-01,2025-12-01T08:00,2025-12-01T17:00,day,8,\n"                    # unknown agent
        f"{agent},2025-12-02,2025-12-02T08:00,2025-12-02T07:00,day,8,\n"                # ends before start
        f"{agent},2025-12-01,2025-12-01T09:00,2025-12-01T18:00,day,8,\n"                # second shift that day
        f"{agent},2025-12-03,2025-12-03T08:00,2025-12-03T17:00,brunch,8,\n"             # unknown template
        f"{agent},2025-12-04,2025-12-04T08:00,2025-12-04T17:00,day,8,18:00-18:15\n",    # break outside shift
        encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_roster_csv(path, scenario)
    rows = sorted(p.row for p in err.value.problems)
    assert rows == [3, 4, 5, 6, 7]
    text = str(err.value)
    assert "ZZZ9" in text and "brunch" in text and "second shift" in text and "edited.csv" in text


def test_wfm_evaluate_scores_a_hand_made_roster_and_lists_broken_rules(scenario, tmp_path: Path, capsys) -> None:
    path = tmp_path / "roster.csv"
    write_roster_csv(path, scenario, _night_and_day(scenario))
    rc = main(["evaluate", str(SAMPLE), "--roster", str(path), "--out", str(tmp_path / "ev"), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert rc == 1                                   # 3 shifts cannot meet weekly contract hours
    assert out["shifts"] == 3 and out["paid_hours"] == 25.0   # night 9 h + day 8 h + early 8 h
    night_id, day_id = _night_and_day(scenario).shifts[0].agent_id, _night_and_day(scenario).shifts[1].agent_id
    weekly = [v for v in out["violations"] if v.startswith("weekly paid hours")]
    assert f"weekly paid hours: {night_id} Mon 2025-12-01: 9 h paid in 2025-12-01–2025-12-07, " \
           "contract allows 36–44 h" in weekly
    assert f"weekly paid hours: {day_id} Mon 2025-12-01: 16 h paid in 2025-12-01–2025-12-07, " \
           "contract allows 36–44 h" in weekly
    # the early shift was handed back without its lunch: the rule checker says so
    assert f"breaks: {day_id} Wed 2025-12-03: no 60-minute lunch placed" in out["violations"]
    assert set(out["service_level"]) == {"phone", "phone_vip", "chat", "email"}
    assert out["service_level"]["phone"] < 0.5      # two agents cannot carry a week of calls
    coverage = pd.read_csv(tmp_path / "ev" / "coverage.csv")
    monday_10 = coverage[(coverage["start"] == "2025-12-01T10:00")]
    assert monday_10["scheduled"].sum() == pytest.approx(0.0)        # the day agent is on break
    monday_09 = coverage[(coverage["start"] == "2025-12-01T09:00")]
    assert monday_09["scheduled"].sum() == pytest.approx(1.0)        # one head split over queues


def test_wfm_evaluate_refuses_a_bad_file_with_exit_2(tmp_path: Path, capsys) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("agent,day\nx,y\n", encoding="utf-8")
    assert main(["evaluate", str(SAMPLE), "--roster", str(path)]) == 2
    err = capsys.readouterr().err
    assert "missing column" in err and "bad.csv" in err


def test_wfm_requirements_writes_the_grid_and_totals(tmp_path: Path, capsys) -> None:
    out_csv = tmp_path / "req.csv"
    assert main(["requirements", str(SAMPLE), "--weeks", "1", "--out", str(out_csv), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    frame = pd.read_csv(out_csv, parse_dates=["start"])
    assert len(frame) == 4 * 7 * 96
    for queue, figures in payload["queues"].items():
        rows = frame[frame["queue"] == queue]
        assert figures["scheduled_head_hours"] == pytest.approx(rows["agents_required"].sum() / 4, abs=0.1)
        assert figures["peak_heads"] == rows["agents_required"].max()
        assert (rows["agents_required"] >= rows["agents_net"]).all()   # shrinkage only adds heads
    vip = frame[frame["queue"] == "phone_vip"]
    assert (vip[vip["start"].dt.hour < 8]["agents_required"] == 0).all()   # VIP line closed at night
