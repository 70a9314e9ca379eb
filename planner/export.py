"""Roster spreadsheets and CSV files for planners, payroll and agents.

Everything a planner opens in Excel, WPS or LibreOffice comes from here, so dates and times are
written as real date/time cells (sortable, filterable, summable), Chinese names are kept as
Unicode, and every file is written to a temporary file first and renamed into place: a crash
mid-export never leaves a half-written file under the user's chosen name.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import tempfile
from pathlib import Path
from typing import Any, Callable, Sequence

import pandas as pd

from planner.domain import MINUTES_PER_DAY, Agent, Roster, Scenario, Shift
from planner.errors import PlannerError

# shift kinds by start time; fills are light so black text stays readable when printed
SHIFT_FILLS = {"early": "FFF2CC", "day": "DDEBF7", "late": "FCE4D6", "night": "D9D2E9", "off": "EDEDED"}
ON_SHIFT_FILL = "C6EFCE"
BREAK_FILL = "FFEB9C"
CSV_COLUMNS = ("agent_id", "agent", "team", "date", "start", "end", "template", "paid_h", "breaks", "queues")


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def shift_kind(shift: Shift | None, scenario: Scenario) -> str:
    """'early' / 'day' / 'late' / 'night' / 'off': the colour class of a roster cell."""
    if shift is None:
        return "off"
    r = scenario.rules
    from planner.domain import _overlaps_night
    if _overlaps_night(shift.start_min, shift.end_min, r.night_from_min, r.night_to_min):
        return "night"
    if shift.start_min < 8 * 60:
        return "early"
    if shift.start_min < 11 * 60:
        return "day"
    return "late"


def shift_code(shift: Shift) -> str:
    """'D 08:00-17:00': template initial and clock times, as planners write them on paper."""
    letter = (shift.template[:1] or "S").upper()
    return f"{letter} {_hhmm(shift.start_min)}-{_hhmm(shift.end_min)}"


def _select(scenario: Scenario, roster: Roster, days: Sequence[dt.date] | None,
            agent_ids: Sequence[str] | None) -> tuple[list[Agent], list[dt.date]]:
    """Agents and days to export, in scenario and calendar order; unknown ids are an error."""
    known = {a.id for a in scenario.agents}
    if agent_ids is not None:
        unknown = sorted(set(agent_ids) - known)
        if unknown:
            raise PlannerError(f"cannot export unknown agent(s) {', '.join(unknown)}: pick agents of the scenario")
        wanted = set(agent_ids)
        agents = [a for a in scenario.agents if a.id in wanted]
    else:
        agents = list(scenario.agents)
    all_days = roster.days
    if days is not None:
        chosen = set(days)
        outside = sorted(d for d in chosen if d not in set(all_days))
        if outside:
            raise PlannerError(f"day {outside[0]} is outside the roster ({all_days[0]} – {all_days[-1]}): "
                               "choose days inside the planned horizon")
        all_days = [d for d in all_days if d in chosen]
    return agents, all_days


def file_mode(path: Path) -> int:
    """Permissions for a replacement file: the old file's, else the usual 0666 minus umask.

    ``mkstemp`` creates 0600 files; without this an exported roster could not be read by the
    colleague or the payroll job it is meant for.
    """
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _atomic_write(path: str | os.PathLike[str], write: Callable[[Path], None]) -> None:
    """Run ``write(tmp)`` then rename over ``path``; the target is either old or complete."""
    p = Path(path)
    if not p.parent.exists():
        raise PlannerError(f"cannot write {p}: folder {p.parent} does not exist — choose an existing folder")
    fd, tmp_name = tempfile.mkstemp(dir=p.parent, prefix=f".{p.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        os.chmod(tmp, file_mode(p))
        write(tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, p)
    except PermissionError:
        tmp.unlink(missing_ok=True)
        raise PlannerError(f"cannot write {p}: permission denied — close the file in Excel/WPS or choose "
                           "another name") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# --------------------------------------------------------------------------- CSV
def roster_rows(scenario: Scenario, roster: Roster, *, days: Sequence[dt.date] | None = None,
                agent_ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """One dict per agent-shift (the payroll CSV rows), agents in scenario order then by day."""
    agents, chosen = _select(scenario, roster, days, agent_ids)
    day_set = set(chosen)
    by_agent: dict[str, list[Shift]] = {}
    for s in roster.shifts:
        if s.day in day_set:
            by_agent.setdefault(s.agent_id, []).append(s)
    rows = []
    for a in agents:
        for s in sorted(by_agent.get(a.id, []), key=lambda x: (x.day, x.start_min)):
            rows.append({
                "agent_id": a.id, "agent": a.name, "team": a.team, "date": s.day,
                "start": s.start_dt(), "end": s.end_dt(), "template": s.template,
                "paid_h": round(s.paid_min / 60, 2),
                "breaks": ";".join(f"{_hhmm(b0)}-{_hhmm(b1)}" for b0, b1 in s.breaks),
                "queues": ";".join(a.queues),
            })
    return rows


def write_roster_csv(path: str | os.PathLike[str], scenario: Scenario, roster: Roster, *, bom: bool = False,
                     days: Sequence[dt.date] | None = None, agent_ids: Sequence[str] | None = None) -> None:
    """Payroll/HR CSV: one row per agent-shift, UTF-8 (``bom=True`` so Excel detects UTF-8).

    ``start``/``end`` are ISO local datetimes (``2026-12-07T22:00``) so a night shift ending after
    midnight carries its real end date.
    """
    rows = roster_rows(scenario, roster, days=days, agent_ids=agent_ids)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        writer.writerow([r["agent_id"], r["agent"], r["team"], r["date"].isoformat(),
                         r["start"].isoformat(timespec="minutes"), r["end"].isoformat(timespec="minutes"),
                         r["template"], f"{r['paid_h']:g}", r["breaks"], r["queues"]])
    data = buf.getvalue().encode("utf-8-sig" if bom else "utf-8")
    _atomic_write(path, lambda tmp: tmp.write_bytes(data))


def write_coverage_csv(path: str | os.PathLike[str], evaluation: Any, *,
                       days: Sequence[dt.date] | None = None) -> None:
    """The evaluation's interval frame (one row per queue per interval) as UTF-8 CSV."""
    frame = _interval_frame(evaluation, days)
    out = frame.copy()
    out["start"] = pd.to_datetime(out["start"]).dt.strftime("%Y-%m-%dT%H:%M")
    data = out.to_csv(index=False, lineterminator="\r\n", float_format="%.6g").encode("utf-8")
    _atomic_write(path, lambda tmp: tmp.write_bytes(data))


def _interval_frame(evaluation: Any, days: Sequence[dt.date] | None) -> pd.DataFrame:
    frame: pd.DataFrame = evaluation.interval
    if days is not None:
        frame = frame[pd.to_datetime(frame["start"]).dt.date.isin(set(days))]
    return frame.reset_index(drop=True)


# -------------------------------------------------------------------------- XLSX
def write_roster_xlsx(path: str | os.PathLike[str], scenario: Scenario, roster: Roster, evaluation: Any, *,
                      summary: dict[str, Any] | None = None, days: Sequence[dt.date] | None = None,
                      agent_ids: Sequence[str] | None = None) -> None:
    """The planner's workbook: Roster, one timeline sheet per day, Coverage, Summary.

    Args:
        evaluation: an ``Evaluation`` (``interval`` and ``daily`` frames as in evaluation.py).
        summary: ``PlanSession.summary()`` content; its solver figures go on the Summary sheet.
        days, agent_ids: optional subsets chosen in the UI.
    """
    from openpyxl import Workbook

    agents, chosen = _select(scenario, roster, days, agent_ids)
    # index once: Roster.shift_of scans every shift, too slow for agents × days × sheets
    index = {(sh.agent_id, sh.day): sh for sh in roster.shifts}
    wb = Workbook()
    ws = wb.active
    ws.title = "Roster"
    _roster_sheet(ws, scenario, index, agents, chosen)
    for day in chosen:
        _timeline_sheet(wb.create_sheet(day.strftime("%a %Y-%m-%d")), scenario, index, agents, day)
    _coverage_sheet(wb.create_sheet("Coverage"), scenario, _interval_frame(evaluation, days))
    _summary_sheet(wb.create_sheet("Summary"), scenario, roster, agents, chosen, evaluation, summary)
    _atomic_write(path, lambda tmp: wb.save(tmp))


def _fill(colour: str) -> Any:
    from openpyxl.styles import PatternFill
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


def _header(ws: Any, values: Sequence[Any]) -> None:
    from openpyxl.styles import Font
    ws.append(list(values))
    for cell in ws[1]:
        cell.font = Font(bold=True)


ShiftIndex = dict[tuple[str, dt.date], Shift]


def _roster_sheet(ws: Any, scenario: Scenario, index: ShiftIndex, agents: list[Agent], days: list[dt.date]) -> None:
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter
    _header(ws, ["ID", "Agent", "Team", *days, "Paid h"])
    for c, day in enumerate(days, start=4):
        cell = ws.cell(row=1, column=c)
        cell.number_format = "ddd yyyy-mm-dd"
        cell.alignment = Alignment(horizontal="center")
    fills = {kind: _fill(colour) for kind, colour in SHIFT_FILLS.items()}
    for r, a in enumerate(agents, start=2):
        ws.cell(row=r, column=1, value=_clean(a.id))
        ws.cell(row=r, column=2, value=_clean(a.name))
        ws.cell(row=r, column=3, value=_clean(a.team))
        paid = 0
        for c, day in enumerate(days, start=4):
            s = index.get((a.id, day))
            off = not a.available(day)
            cell = ws.cell(row=r, column=c, value=shift_code(s) if s else ("Leave" if off else "Off"))
            cell.fill = fills[shift_kind(s, scenario)]
            cell.alignment = Alignment(horizontal="center")
            paid += s.paid_min if s else 0
        ws.cell(row=r, column=4 + len(days), value=round(paid / 60, 2)).number_format = "0.00"
    ws.freeze_panes = "D2"  # header row and the ID/name/team columns stay visible
    widths = [10, max([8, *(_display_width(a.name) + 2 for a in agents)]), 12, *[16] * len(days), 8]
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = w


def _clean(text: str) -> str:
    """Drop control characters that the XLSX format cannot store (names pasted from other tools)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _display_width(text: str) -> int:
    # CJK characters take two columns in Excel's width unit
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _timeline_sheet(ws: Any, scenario: Scenario, index: ShiftIndex, agents: list[Agent], day: dt.date) -> None:
    """Agents × intervals of one day: green on shift, yellow on break (the day's picture at a glance)."""
    from openpyxl.utils import get_column_letter
    step = scenario.interval_min
    n = MINUTES_PER_DAY // step
    _header(ws, ["Agent", *[dt.time(m // 60, m % 60) for m in range(0, MINUTES_PER_DAY, step)]])
    for c in range(2, n + 2):
        ws.cell(row=1, column=c).number_format = "hh:mm"
        ws.column_dimensions[get_column_letter(c)].width = 6
    on, brk = _fill(ON_SHIFT_FILL), _fill(BREAK_FILL)
    prev_day = day - dt.timedelta(days=1)
    for r, a in enumerate(agents, start=2):
        ws.cell(row=r, column=1, value=_clean(a.name))
        # today's shift plus the tail of yesterday's night shift, on today's clock
        pieces = []
        if (s := index.get((a.id, day))) is not None:
            pieces.append((s, 0))
        if (y := index.get((a.id, prev_day))) is not None and y.end_min > MINUTES_PER_DAY:
            pieces.append((y, -MINUTES_PER_DAY))
        for s, shift_by in pieces:
            for k in range(n):
                t0, t1 = k * step - shift_by, (k + 1) * step - shift_by
                if not (s.start_min < t1 and t0 < s.end_min):
                    continue
                on_break = any(b0 < t1 and t0 < b1 for b0, b1 in s.breaks)
                cell = ws.cell(row=r, column=k + 2, value="B" if on_break else s.template[:1].upper())
                cell.fill = brk if on_break else on
    ws.freeze_panes = "B2"
    ws.column_dimensions["A"].width = max([10, *(_display_width(a.name) + 2 for a in agents)])


def _coverage_sheet(ws: Any, scenario: Scenario, frame: pd.DataFrame) -> None:
    from openpyxl.utils import get_column_letter
    names = [q.name for q in scenario.queues]
    metrics = ("volume", "required", "scheduled", "service_level")
    _header(ws, ["start", *[f"{q} {m}" for q in names for m in metrics]])
    if len(frame):
        wide = frame.pivot_table(index="start", columns="queue", values=list(metrics), aggfunc="first")
        for ts, row in wide.iterrows():
            values: list[Any] = [pd.Timestamp(ts).to_pydatetime()]
            for q in names:
                for m in metrics:
                    v = row.get((m, q))
                    values.append(None if v is None or pd.isna(v) else float(v))
            ws.append(values)
    for r in range(2, ws.max_row + 1):
        ws.cell(row=r, column=1).number_format = "yyyy-mm-dd hh:mm"
        for k in range(len(names)):
            ws.cell(row=r, column=2 + 4 * k + 1).number_format = "0.00"
            ws.cell(row=r, column=2 + 4 * k + 2).number_format = "0.00"
            ws.cell(row=r, column=2 + 4 * k + 3).number_format = "0.0%"
            ws.cell(row=r, column=2 + 4 * k).number_format = "0.0"
    ws.freeze_panes = "B2"
    ws.column_dimensions["A"].width = 17
    for c in range(2, 2 + 4 * len(names)):
        ws.column_dimensions[get_column_letter(c)].width = 14


def _summary_sheet(ws: Any, scenario: Scenario, roster: Roster, agents: list[Agent], days: list[dt.date],
                   evaluation: Any, summary: dict[str, Any] | None) -> None:
    from openpyxl.styles import Font
    r = scenario.rules
    day_set = set(days)
    _header(ws, ["ID", "Agent", "Team", "Contract", "Shifts", "Paid h", "Nights", "Weekend days"])
    for a in agents:
        shifts = [s for s in roster.shifts if s.agent_id == a.id and s.day in day_set]
        nights = sum(1 for s in shifts if shift_kind(s, scenario) == "night")
        weekend = sum(1 for s in shifts if s.day.weekday() >= 5)
        ws.append([_clean(a.id), _clean(a.name), _clean(a.team), _clean(a.contract), len(shifts),
                   round(sum(s.paid_min for s in shifts) / 60, 2), nights, weekend])
    ws.append([])
    start = ws.max_row + 1
    ws.cell(row=start, column=1, value="Service level per queue per day").font = Font(bold=True)
    names = [q.name for q in scenario.queues]
    ws.append(["date", *names])
    for cell in ws[start + 1]:
        cell.font = Font(bold=True)
    daily: pd.DataFrame = evaluation.daily
    if len(daily):
        wide = daily.pivot_table(index="date", columns="queue", values="service_level", aggfunc="first")
        for d, row in wide.iterrows():
            day = pd.Timestamp(d).date()
            if day not in day_set:
                continue
            ws.append([day, *[None if pd.isna(row.get(q)) else float(row.get(q)) for q in names]])
            ws.cell(row=ws.max_row, column=1).number_format = "yyyy-mm-dd"
            for c in range(2, 2 + len(names)):
                ws.cell(row=ws.max_row, column=c).number_format = "0.0%"
    if summary and isinstance(summary.get("solver"), dict):
        ws.append([])
        ws.append(["Solver"])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
        for key, value in summary["solver"].items():
            ws.append([str(key), value if isinstance(value, (int, float)) else _clean(str(value))])
    ws.freeze_panes = "C2"
    for col, w in zip("ABCDEFGH", (12, 14, 12, 12, 8, 8, 8, 13)):
        ws.column_dimensions[col].width = w


def write_frame_csv(path: str | os.PathLike[str], frame: pd.DataFrame) -> None:
    """Any long frame (requirements, forecasts) as UTF-8 CSV, ISO minutes for datetimes, atomically."""
    text = frame.to_csv(index=False, date_format="%Y-%m-%dT%H:%M", float_format="%.6g")
    _atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
