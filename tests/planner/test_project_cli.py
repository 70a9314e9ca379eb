"""`wfm plan` on a plan file, and rules that cannot all hold reported before solving (exit code 2)."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from planner.cli import main
from planner.domain import CoverFloor, Rules, Scenario
from planner.project import Project
from tests.planner.export_fixtures import tiny_scenario


def _history(scenario: Scenario, weeks: int = 3) -> pd.DataFrame:
    idx = pd.date_range("2026-11-09", periods=weeks * 7 * 24, freq="60min")  # ends Sun 2026-11-29
    rng = np.random.default_rng(3)
    hour = idx.hour.to_numpy()
    base = np.where((hour >= 8) & (hour < 20), 6.0, 1.0)
    return pd.concat([pd.DataFrame({"start": idx, "queue": q.name, "volume": rng.poisson(base).astype(float),
                                    "aht_s": 240.0, "abandoned": np.nan}) for q in scenario.queues],
                     ignore_index=True)


def _centre(**changes: object) -> Scenario:
    """The tiny centre without the all-day minimum staff its three agents cannot cover."""
    return dataclasses.replace(tiny_scenario(), rules=Rules(min_staff=0), **changes)


def _plan_file(tmp_path: Path, scenario: Scenario) -> Path:
    path = tmp_path / "centre.wfm"
    Project.create(path, scenario, _history(scenario)).close()
    return path


def test_wfm_plan_runs_on_a_plan_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = _plan_file(tmp_path, _centre())
    out = tmp_path / "out"
    code = main(["plan", str(plan), "--weeks", "1", "--out", str(out), "--time-limit", "5",
                 "--model", "seasonal_naive", "--json"])
    summary = json.loads(capsys.readouterr().out)
    assert code in (0, 1) and summary["ok"] is True  # 1 = roster written but a rule is bent
    assert summary["start_date"] == "2026-11-30" and summary["days"] == 7 and summary["agents"] == 3
    wb = openpyxl.load_workbook(out / "roster.xlsx")
    assert [c.value for c in wb["Roster"]["B"][1:]] == ["李娜", "王伟", "Zoe Smith"]
    assert (out / "roster.csv").read_text(encoding="utf-8").startswith("agent_id,agent,team,date")


def test_night_floor_without_enough_night_capable_agents_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # two heads wanted on the phone 01:00–03:00 every night, but only A2 may work nights
    scenario = _centre(floors=(CoverFloor("phone", 60, 180, 2),))
    plan = _plan_file(tmp_path, scenario)
    out = tmp_path / "out"
    code = main(["plan", str(plan), "--weeks", "1", "--out", str(out), "--time-limit", "30",
                 "--model", "seasonal_naive"])
    err = capsys.readouterr().err
    assert code == 2
    assert "rules cannot all hold" in err and "cover floor" in err
    assert "01:00" in err and "only 1 skilled agent(s) for phone" in err and "2 needed" in err
    assert "minimum staff" not in err  # only the rule that really fails is named
    assert "Traceback" not in err
    assert not (out / "roster.xlsx").exists()  # nothing exported from an impossible plan
    code = main(["plan", str(plan), "--weeks", "1", "--out", str(out), "--model", "seasonal_naive", "--json"])
    payload = json.loads(capsys.readouterr().out)
    assert code == 2 and payload == {"ok": False, "error": "InfeasibleError", "message": payload["message"]}
    assert "cover floor" in payload["message"]


@pytest.mark.parametrize("content, expected", [
    (b"PK\x03\x04 a zip, not a plan", "not a plan file"),
    (b"SQLite format 3\x00" + b"\x00" * 200, "damaged"),
])
def test_wfm_plan_on_a_bad_plan_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes,
                                     expected: str) -> None:
    bad = tmp_path / "bad.wfm"
    bad.write_bytes(content)
    assert main(["plan", str(bad), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert expected in err and str(bad) in err and "Traceback" not in err
