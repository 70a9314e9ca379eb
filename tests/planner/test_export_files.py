"""Exports read back with openpyxl / csv: real cells, colours, filters, Chinese names."""
from __future__ import annotations

import csv
import os
import datetime as dt
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from planner.errors import PlannerError
from planner.export import SHIFT_FILLS, write_coverage_csv, write_roster_csv, write_roster_xlsx
from tests.planner.export_fixtures import START, FakeEvaluation, tiny_roster, tiny_scenario


@pytest.fixture()
def xlsx(tmp_path: Path) -> Path:
    path = tmp_path / "roster.xlsx"
    write_roster_xlsx(path, tiny_scenario(), tiny_roster(), FakeEvaluation(),
                      summary={"solver": {"status": "OPTIMAL", "objective": 12.0}})
    return path


def test_roster_sheet_codes_colours_and_layout(xlsx: Path) -> None:
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames[0] == "Roster" and wb.sheetnames[-2:] == ["Coverage", "Summary"]
    assert len(wb.sheetnames) == 3 + 3  # Roster + one timeline per day + Coverage + Summary
    ws = wb["Roster"]
    assert ws.freeze_panes == "D2"
    assert ws["B2"].value == "李娜" and ws["B3"].value == "王伟"
    assert ws["D1"].value == dt.datetime(2026, 12, 7)  # real date cell
    assert ws["D2"].value == "D 08:00-17:00"
    assert ws["D3"].value == "N 22:00-07:00"
    assert ws["D3"].fill.start_color.rgb.endswith(SHIFT_FILLS["night"])
    assert ws["F2"].value == "Off" and ws["F2"].fill.start_color.rgb.endswith(SHIFT_FILLS["off"])
    assert ws["F4"].value == "Leave"  # A3 has time off on day 3
    assert ws["G2"].value == pytest.approx(16.0)  # two 8 h paid shifts
    assert ws.column_dimensions["B"].width >= 6


def test_timeline_shows_shift_break_and_night_tail(xlsx: Path) -> None:
    wb = openpyxl.load_workbook(xlsx)
    day1 = wb[wb.sheetnames[1]]
    assert day1["B1"].value == dt.time(0, 0)
    # A1 08:00-17:00 with a break 12:00-13:00 on the 60-min grid: columns are hour+2
    assert day1.cell(row=2, column=8 + 2).value == "D"
    assert day1.cell(row=2, column=12 + 2).value == "B"
    assert day1.cell(row=2, column=17 + 2).value is None
    day2 = wb[wb.sheetnames[2]]
    # A2's night shift of day 1 runs to 07:00 of day 2; its break 01:00-02:00 sits on day 2
    assert day2.cell(row=3, column=0 + 2).value == "N"
    assert day2.cell(row=3, column=1 + 2).value == "B"
    assert day2.cell(row=3, column=7 + 2).value is None


def test_coverage_and_summary_sheets(xlsx: Path) -> None:
    wb = openpyxl.load_workbook(xlsx)
    cov = wb["Coverage"]
    assert [c.value for c in cov[1]][:5] == ["start", "phone volume", "phone required", "phone scheduled",
                                           "phone service_level"]
    assert cov["A2"].value == dt.datetime(2026, 12, 7, 0, 0)
    assert cov["B2"].value == pytest.approx(10.0) and cov["E2"].value == pytest.approx(0.75)
    assert cov.max_row == 1 + 72
    summ = wb["Summary"]
    rows = list(summ.iter_rows(values_only=True))
    a2 = next(r for r in rows if r[0] == "A2")
    assert a2[4:8] == (1, 8.0, 1, 0)  # one night shift, 8 paid hours, no weekend day
    day_row = next(r for r in rows if r[0] == dt.datetime(2026, 12, 7))
    assert day_row[1:3] == (pytest.approx(0.75), pytest.approx(0.9))
    assert ("status", "OPTIMAL") in [r[:2] for r in rows]


def test_filters_by_days_and_agents(tmp_path: Path) -> None:
    path = tmp_path / "part.xlsx"
    write_roster_xlsx(path, tiny_scenario(), tiny_roster(), FakeEvaluation(),
                      days=[START + dt.timedelta(days=1)], agent_ids=["A3"])
    wb = openpyxl.load_workbook(path)
    ws = wb["Roster"]
    assert ws.max_row == 2 and ws["B2"].value == "Zoe Smith" and ws["D2"].value == "D 09:00-18:00"
    assert wb["Coverage"].max_row == 1 + 24
    with pytest.raises(PlannerError, match="unknown agent"):
        write_roster_xlsx(path, tiny_scenario(), tiny_roster(), FakeEvaluation(), agent_ids=["nobody"])
    with pytest.raises(PlannerError, match="outside the roster"):
        write_roster_csv(path, tiny_scenario(), tiny_roster(), days=[dt.date(2030, 1, 1)])


def test_roster_csv_rows_and_bom(tmp_path: Path) -> None:
    plain, bom = tmp_path / "r.csv", tmp_path / "r_bom.csv"
    write_roster_csv(plain, tiny_scenario(), tiny_roster())
    write_roster_csv(bom, tiny_scenario(), tiny_roster(), bom=True)
    assert not plain.read_bytes().startswith(b"\xef\xbb\xbf")
    assert bom.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(plain.open(encoding="utf-8", newline="")))
    assert len(rows) == 4
    first = rows[0]
    assert first["agent"] == "李娜" and first["date"] == "2026-12-07"
    assert first["start"] == "2026-12-07T08:00" and first["end"] == "2026-12-07T17:00"
    assert first["paid_h"] == "8" and first["breaks"] == "12:00-13:00" and first["queues"] == "phone;chat"
    night = next(r for r in rows if r["agent_id"] == "A2")
    assert night["end"] == "2026-12-08T07:00"


def test_coverage_csv_is_the_interval_frame(tmp_path: Path) -> None:
    path = tmp_path / "coverage.csv"
    write_coverage_csv(path, FakeEvaluation())
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert len(rows) == 144 and rows[0]["start"] == "2026-12-07T00:00"
    assert float(rows[0]["service_level"]) == pytest.approx(0.75)


def test_failed_write_leaves_previous_file(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(PlannerError):
        write_roster_csv(path, tiny_scenario(), tiny_roster(), agent_ids=["ghost"])
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.csv"]


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _soffice(args: list[str], profile: Path) -> None:
    """Run LibreOffice headless with its own profile (parallel runs must not share one)."""
    assert SOFFICE is not None
    done = subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", *args],
                          timeout=180, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (no soffice/libreoffice on PATH): "
                                            "install libreoffice-calc-nogui to run this check")
def test_libreoffice_reads_the_workbook_and_payroll_csv(xlsx: Path, tmp_path: Path) -> None:
    """LibreOffice opens both files and writes back the same cells: real dates, numbers, colours, 中文."""
    profile = tmp_path / "lo-profile"
    ods_dir, back_dir, csv_dir = tmp_path / "ods", tmp_path / "back", tmp_path / "csv"
    _soffice(["--convert-to", "ods", "--outdir", str(ods_dir), str(xlsx)], profile)
    _soffice(["--convert-to", "xlsx", "--outdir", str(back_dir), str(ods_dir / "roster.ods")], profile)
    wb = openpyxl.load_workbook(back_dir / "roster.xlsx")
    assert wb.sheetnames == ["Roster", "Mon 2026-12-07", "Tue 2026-12-08", "Wed 2026-12-09", "Coverage", "Summary"]
    ws = wb["Roster"]
    assert [ws[f"B{r}"].value for r in (2, 3, 4)] == ["李娜", "王伟", "Zoe Smith"]
    assert ws["D1"].value == dt.datetime(2026, 12, 7) and "yyyy" in ws["D1"].number_format
    assert ws["D3"].value == "N 22:00-07:00" and ws["D3"].fill.start_color.rgb.endswith(SHIFT_FILLS["night"])
    assert ws["G2"].value == pytest.approx(16.0)
    assert ws.column_dimensions["B"].width >= 6
    # LibreOffice headless has no view, so it drops freeze panes on conversion; ours are checked above
    day1 = wb["Mon 2026-12-07"]
    assert day1["B1"].value == dt.time(0, 0) and day1.cell(row=2, column=10).value == "D"
    cov = wb["Coverage"]
    assert cov["A2"].value == dt.datetime(2026, 12, 7) and cov["E2"].value == pytest.approx(0.75)
    assert "%" in cov["E2"].number_format
    payroll = tmp_path / "roster.csv"
    write_roster_csv(payroll, tiny_scenario(), tiny_roster(), bom=True)
    # 44 = comma, 34 = double quote, 76 = UTF-8, 1 = start at row 1 (what Excel users pick)
    _soffice(["--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", str(csv_dir), str(payroll)], profile)
    rows = list(openpyxl.load_workbook(csv_dir / "roster.xlsx").active.iter_rows(values_only=True))
    assert rows[0][0] == "agent_id"  # the BOM is not glued to the first header
    night = next(r for r in rows if r[0] == "A2")
    assert night[1] == "王伟" and night[5] == dt.datetime(2026, 12, 8, 7, 0)  # end after midnight, a real date-time


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o664])
def test_rewritten_files_keep_the_users_permissions(tmp_path: Path, mode: int) -> None:
    from planner.project import Project
    from planner.scenario import save_scenario
    import pandas as pd

    history = pd.DataFrame({"start": pd.date_range("2026-11-30", periods=2, freq="h"), "queue": "phone",
                            "volume": [1.0, 2.0], "aht_s": 300.0, "abandoned": float("nan")})
    targets = {
        "scenario.toml": lambda p: save_scenario(tiny_scenario(), p),
        "roster.csv": lambda p: write_roster_csv(p, tiny_scenario(), tiny_roster()),
        "roster.xlsx": lambda p: write_roster_xlsx(p, tiny_scenario(), tiny_roster(), FakeEvaluation()),
        "plan.wfm": lambda p: Project.create(p, tiny_scenario(), history).close(),
    }
    for name, write in targets.items():
        path = tmp_path / name
        path.write_bytes(b"previous")
        path.chmod(mode)
        write(path)
        assert path.read_bytes() != b"previous"
        assert path.stat().st_mode & 0o777 == mode, name


def test_new_files_follow_the_umask(tmp_path: Path) -> None:
    from planner.scenario import save_scenario

    old = os.umask(0o027)
    try:
        save_scenario(tiny_scenario(), tmp_path / "s.toml")
        write_roster_csv(tmp_path / "r.csv", tiny_scenario(), tiny_roster())
    finally:
        os.umask(old)
    assert (tmp_path / "s.toml").stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "r.csv").stat().st_mode & 0o777 == 0o640
