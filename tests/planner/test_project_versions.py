"""Roster versions from the command line: list, compare (who, hours, service level), publish."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from planner.cli import main
from planner.domain import Roster, Shift
from planner.project import Project
from tests.planner.export_fixtures import START, tiny_roster, tiny_scenario


def _forecast() -> pd.DataFrame:
    idx = pd.date_range(pd.Timestamp(START), periods=3 * 24, freq="60min")
    frames = []
    for q, volume in (("phone", 12.0), ("chat", 20.0)):
        v = np.where((idx.hour >= 8) & (idx.hour < 20), volume, 1.0)
        frames.append(pd.DataFrame({"start": idx, "queue": q, "volume": v, "aht_s": 300.0,
                                    "volume_lo80": v * 0.8, "volume_hi80": v * 1.2,
                                    "volume_lo95": v * 0.7, "volume_hi95": v * 1.3}))
    return pd.concat(frames, ignore_index=True)


def _with_extra_chat_shift() -> Roster:
    base = tiny_roster()
    return dataclasses.replace(base, shifts=base.shifts + (Shift("A3", START, "day", 540, 1080, 60, ((780, 840),)),))


def _plan(tmp_path: Path, forecast: bool = True) -> Path:
    path = tmp_path / "centre.wfm"
    history = pd.DataFrame({"start": pd.date_range("2026-11-30", periods=24, freq="h"), "queue": "phone",
                            "volume": 1.0, "aht_s": 300.0, "abandoned": np.nan})
    p = Project.create(path, tiny_scenario(), history)
    p.forecast = _forecast() if forecast else None
    p.add_roster_version("week 50", tiny_roster(), "published")
    p.add_roster_version("more chat", _with_extra_chat_shift())
    p.save()
    p.close()
    return path


def test_versions_lists_status_and_hours(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = _plan(tmp_path)
    assert main(["versions", str(plan), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["versions"]
    assert [(r["id"], r["name"], r["status"], r["shifts"], r["paid_hours"]) for r in rows] == [
        (1, "week 50", "published", 4, 32.0), (2, "more chat", "draft", 5, 40.0)]


def test_compare_names_who_changed_hours_and_service_level(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    plan = _plan(tmp_path)
    assert main(["compare", str(plan), "week 50", "2", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["changed_agents"] == ["A3"] and out["hours_delta"] == 8.0
    assert out["changes"] == [{"agent_id": "A3", "days": ["2026-12-07"], "hours_delta": 8.0}]
    sl = out["service_level_delta"]
    assert sl["chat"] > 0.001  # a chat agent more on the busiest day
    assert sl["phone"] >= -1e-9  # and the multi-skilled agent is not taken from the phone
    # the same figure the app's evaluator gives, recomputed here from the stored forecast
    from planner.evaluation import evaluate_roster, overall_service
    from planner.staffing.requirements import requirements
    s, f = tiny_scenario(), _forecast()
    req = requirements(f, s.queues, s.interval_min)
    before = overall_service(evaluate_roster(s, tiny_roster(), f, req).interval)
    after = overall_service(evaluate_roster(s, _with_extra_chat_shift(), f, req).interval)
    assert sl["chat"] == pytest.approx(after["chat"] - before["chat"], abs=1e-6)
    assert main(["compare", str(plan), "1", "2"]) == 0
    text = capsys.readouterr().out
    assert "week 50 → more chat: 1 agent(s) changed, paid hours +8 h" in text
    assert "A3: +8 h on 2026-12-07" in text and "Service level: phone" in text and "chat +" in text


def test_compare_without_forecast_says_why_no_service_level(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    plan = _plan(tmp_path, forecast=False)
    assert main(["compare", str(plan), "1", "2", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["service_level_delta"] is None and "no forecast" in out["note"]
    assert main(["compare", str(plan), "1", "nope"]) == 2
    assert "no roster version 'nope'" in capsys.readouterr().err


def test_publish_archives_the_previous_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = _plan(tmp_path)
    assert main(["publish", str(plan), "more chat"]) == 0
    assert "published version 2 (more chat)" in capsys.readouterr().out
    versions = Project.open(plan, read_only=True).roster_versions()
    assert [(v.name, v.status) for v in versions] == [("week 50", "archived"), ("more chat", "published")]
    assert versions[1].roster == _with_extra_chat_shift()
