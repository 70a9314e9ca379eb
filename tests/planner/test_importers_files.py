"""Importers: good files in every encoding and XLSX; bad files → one InputError with every problem."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from planner.errors import InputError
from planner.importers import import_agents, import_contracts, import_skills, import_time_off, parse_date
from tests.planner.export_fixtures import tiny_scenario

AGENTS = "id,name,team,contract,queues,vip,night_capable\nB1,张伟,enquiries,full,phone;chat,no,yes\nB2,Ann,technical,part,chat,0,0\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gbk"])
def test_agents_in_every_encoding(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "agents.csv"
    path.write_bytes(AGENTS.encode(encoding))
    s = import_agents(path, tiny_scenario())
    assert [(a.id, a.name, a.queues, a.night_capable) for a in s.agents] == [
        ("B1", "张伟", ("phone", "chat"), True), ("B2", "Ann", ("chat",), False)]


def test_agents_from_xlsx(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    for line in AGENTS.strip().splitlines():
        wb.active.append(line.split(","))
    wb.save(tmp_path / "agents.xlsx")
    assert [a.id for a in import_agents(tmp_path / "agents.xlsx", tiny_scenario()).agents] == ["B1", "B2"]


def test_all_problems_reported_together(tmp_path: Path) -> None:
    path = tmp_path / "agents.csv"
    path.write_text("id,name,contract,queues,vip\nX,a,full,phone;fax,no\nX,b,full,phone,no\nY,c,nope,chat,maybe\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as err:
        import_agents(path, tiny_scenario())
    text = str(err.value)
    assert len(err.value.problems) == 4
    assert "row 2, column 'queues': unknown queue 'fax'" in text
    assert "row 3, column 'id': duplicate agent 'X' (also row 2)" in text
    assert "row 4, column 'contract'" in text and "row 4, column 'vip'" in text
    assert all(p.file == str(path) and p.fix for p in err.value.problems)


def test_missing_columns_and_empty(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("id,name\n1,x\n", encoding="utf-8")
    with pytest.raises(InputError, match="row 1: missing column"):
        import_agents(path, tiny_scenario())
    path.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="empty"):
        import_agents(path, tiny_scenario())


def test_time_off_serials_and_overlaps(tmp_path: Path) -> None:
    path = tmp_path / "off.csv"
    path.write_text("agent_id,first,last,reason\nA1,46363,46364,年假\nA2,2026/12/10,,sick\n", encoding="utf-8")
    s = import_time_off(path, tiny_scenario())
    assert s.agent("A1").time_off[-1].first == dt.date(2026, 12, 7)
    assert s.agent("A2").time_off == (s.agent("A2").time_off[0],) and s.agent("A2").time_off[0].last == dt.date(2026, 12, 10)
    path.write_text("agent_id,first,last\nA1,2026-12-01,2026-12-05\nA1,2026-12-04,2026-12-06\n", encoding="utf-8")
    with pytest.raises(InputError, match="row 3, column 'first': overlaps the absence in row 2"):
        import_time_off(path, tiny_scenario())
    assert parse_date("2026年12月7日") == dt.date(2026, 12, 7)


def test_contracts_and_skills(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("name,min_week_h,max_week_h,templates\nfull,40,40,day;night\nflex,0,30,day\n", encoding="utf-8")
    s = import_contracts(path, tiny_scenario())
    assert [c.name for c in s.contracts] == ["part", "full", "flex"] and s.contract("flex").max_week_min == 1800
    path.write_text("agent_id,queue\nA3,phone\nA3,chat\n", encoding="utf-8")
    assert import_skills(path, tiny_scenario()).agent("A3").queues == ("phone", "chat")
    path.write_text("name,min_week_h,max_week_h,templates\nbad,50,40,sleep\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        import_contracts(path, tiny_scenario())
    assert len(err.value.problems) == 2


@pytest.mark.parametrize("name, content, expected", [
    ("agents.xls", b"\xd0\xcf\x11\xe0 old excel", "Excel 97–2003 (.xls) files cannot be read"),
    ("agents.et", b"\xd0\xcf\x11\xe0 wps", "WPS spreadsheet (.et) files cannot be read"),
    ("agents.ods", b"PK\x03\x04 ods", "OpenDocument (.ods) files cannot be read"),
    ("agents.csv", b"PK\x03\x04 an xlsx renamed", "this is a spreadsheet workbook, not a CSV text file"),
    ("agents.txt", b"\xd0\xcf\x11\xe0 xls renamed", "this is a spreadsheet workbook, not a CSV text file"),
])
def test_other_spreadsheet_formats_get_a_save_as_hint(tmp_path: Path, name: str, content: bytes,
                                                      expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        import_agents(path, tiny_scenario())
    (problem,) = err.value.problems
    assert problem.file == str(path) and problem.message == expected
    assert ".xlsx" in (problem.fix or "") and "CSV" in (problem.fix or "")
