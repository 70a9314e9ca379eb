"""`wfm import-staff`: HR sheets into a plan file or scenario TOML — every file or nothing."""
from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from planner.cli import main
from planner.domain import TimeOff
from planner.project import Project
from planner.scenario import load_scenario, save_scenario
from tests.planner.export_fixtures import tiny_scenario


def _history() -> pd.DataFrame:
    idx = pd.date_range("2026-11-23", periods=48, freq="60min")
    return pd.concat([pd.DataFrame({"start": idx, "queue": q, "volume": np.arange(48, dtype=float),
                                    "aht_s": 250.0, "abandoned": np.nan}) for q in ("phone", "chat")],
                     ignore_index=True)


@pytest.fixture()
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "centre.wfm"
    Project.create(path, tiny_scenario(), _history()).close()
    return path


def _agents_xlsx(path: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.active.append(["ID", "Name", "Contract", "Queues", "Night_capable", "备注"])
    wb.active.append(["A1", "李娜", "flex", "phone;chat", "是", "组长"])
    wb.active.append(["B7", "欧阳娜娜", "full", "chat", "否", None])
    wb.save(path)
    return path


def test_all_sheets_into_a_plan_file(plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    contracts = tmp_path / "contracts.csv"
    contracts.write_bytes("name,max_week_h,templates,min_week_h\nflex,30,day,0\n".encode("utf-8-sig"))
    time_off = tmp_path / "请假.csv"
    time_off.write_bytes("agent_id,first,last,reason\nB7,2026/12/08,2026/12/09,年假\nA1,46367,,病假\n".encode("gbk"))
    skills = tmp_path / "skills.csv"
    skills.write_bytes("agent_id\tqueue\r\nB7\tphone\r\nB7\tchat\r\n".encode("utf-16"))
    code = main(["import-staff", str(plan), "--agents", str(_agents_xlsx(tmp_path / "agents.xlsx")),
                 "--contracts", str(contracts), "--time-off", str(time_off), "--skills", str(skills), "--json"])
    payload = json.loads(capsys.readouterr().out)
    assert code == 0 and payload["imported"] == {"contracts": 1, "agents": 2, "skills": 1, "time-off": 2}
    s = Project.open(plan, read_only=True).scenario
    assert [(a.id, a.name, a.contract, a.queues, a.night_capable) for a in s.agents] == [
        ("A1", "李娜", "flex", ("phone", "chat"), True), ("B7", "欧阳娜娜", "full", ("phone", "chat"), False)]
    assert s.contract("flex").max_week_min == 30 * 60
    assert s.agent("B7").time_off == (TimeOff(dt.date(2026, 12, 8), dt.date(2026, 12, 9), "年假"),)
    assert s.agent("A1").time_off == (TimeOff(dt.date(2026, 12, 11), dt.date(2026, 12, 11), "病假"),)
    assert len(Project.open(plan, read_only=True).history) == 96  # the rest of the plan is kept


def test_any_bad_file_leaves_the_plan_untouched(plan: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    before = plan.read_bytes()
    time_off = tmp_path / "off.csv"
    time_off.write_text("agent_id,first,last\nA1,2026-12-07,2026-12-08\nA1,2026-12-08,2026-12-10\nZZ,2026-12-01,\n",
                        encoding="utf-8")
    contracts = tmp_path / "contracts.csv"
    contracts.write_text("name,max_week_h,templates\nflex,-3,day\n", encoding="utf-8")
    code = main(["import-staff", str(plan), "--agents", str(_agents_xlsx(tmp_path / "agents.xlsx")),
                 "--contracts", str(contracts), "--time-off", str(time_off)])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    # every file's problems at once, each with file, row and column
    assert f"{contracts}, row 2, column 'max_week_h': -3 is outside 0–80" in err
    assert f"{time_off}, row 3, column 'first': overlaps the absence in row 2" in err
    assert f"{time_off}, row 4, column 'agent_id': unknown agent 'ZZ'" in err
    assert "agents.xlsx, row 2, column 'contract': unknown contract 'flex'" in err  # flex was refused above
    assert plan.read_bytes() == before


def test_scenario_toml_keeps_its_history_reference_and_mode(tmp_path: Path) -> None:
    scenario = tmp_path / "centre.toml"
    save_scenario(tiny_scenario(), scenario, history="data/history.csv")
    scenario.chmod(0o664)
    contracts = tmp_path / "contracts.csv"
    contracts.write_text("name,max_week_h,templates,max_days_per_week\nweekend,16,day,2\n", encoding="utf-8")
    assert main(["import-staff", str(scenario), "--contracts", str(contracts)]) == 0
    assert tomllib.loads(scenario.read_text(encoding="utf-8"))["scenario"]["history"] == "data/history.csv"
    assert scenario.stat().st_mode & 0o777 == 0o664
    s = load_scenario(scenario)
    assert s.contract("weekend").max_days_per_week == 2 and s.agents == tiny_scenario().agents


def test_import_that_breaks_the_scenario_as_a_whole_is_refused(plan: Path, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    before = plan.read_bytes()
    contracts = tmp_path / "contracts.csv"
    # 40 h minimum in at most 2 days of 8 paid hours: each row is fine, the contract cannot be met
    contracts.write_text("name,min_week_h,max_week_h,templates,max_days_per_week\nfull,40,40,day,2\n",
                         encoding="utf-8")
    assert main(["import-staff", str(plan), "--contracts", str(contracts)]) == 2
    err = capsys.readouterr().err
    assert "after import" in err and "min_week_h" in err and "cannot be reached" in err
    assert plan.read_bytes() == before


def test_nothing_to_import_and_wrong_target(plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-staff", str(plan)]) == 2
    assert "no file to import" in capsys.readouterr().err
    other = tmp_path / "notes.txt"
    other.write_text("hello", encoding="utf-8")
    agents = _agents_xlsx(tmp_path / "agents.xlsx")
    assert main(["import-staff", str(other), "--agents", str(agents)]) == 2
    assert "neither a plan file nor a scenario .toml" in capsys.readouterr().err
