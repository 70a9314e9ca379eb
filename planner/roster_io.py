"""Read a roster back from its payroll CSV (or the same columns in XLSX).

Team leads edit the exported roster in a spreadsheet and hand it back; ``wfm evaluate`` then
scores and checks it exactly as the app does. The columns are those ``export.write_roster_csv``
writes (docs/formats.md); ``agent``, ``team`` and ``queues`` are ignored on the way back in
(the scenario is the truth for who an agent is and what they can do).
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from planner.domain import MINUTES_PER_DAY, Roster, Scenario, Shift
from planner.errors import InputError, InputProblem
from planner.importers import TRUE, cell_text, parse_date, read_rows

REQUIRED = ("agent_id", "date", "start", "end", "template")
OPTIONAL = ("paid_h", "breaks", "locked")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")
_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{1,2}):(\d{2})(?::00)?")


def read_roster_csv(path: str | Path, scenario: Scenario, start_date: dt.date | None = None,
                    n_days: int | None = None) -> Roster:
    """The roster in ``path``; every problem (file, row, column, fix) is reported at once.

    The horizon defaults to the first to the last day in the file.
    """
    label = str(path)
    rows = read_rows(path, REQUIRED, OPTIONAL)
    problems: list[InputProblem] = []

    def bad(message: str, row: int, column: str, fix: str) -> None:
        problems.append(InputProblem(message, file=label, row=row, column=column, fix=fix))

    agents = {a.id for a in scenario.agents}
    templates = {t.name: t for t in scenario.templates}
    shifts: list[Shift] = []
    seen: dict[tuple[str, dt.date], int] = {}
    for row, r in rows:
        agent_id = cell_text(r["agent_id"])
        if agent_id not in agents:
            bad(f"unknown agent {agent_id!r}", row, "agent_id", "use the agent ids of the scenario")
            continue
        template = cell_text(r["template"])
        if template not in templates:
            bad(f"unknown shift template {template!r}", row, "template",
                f"use one of {', '.join(sorted(templates))}")
            continue
        try:
            day = parse_date(r["date"])
        except (ValueError, OverflowError) as exc:
            bad(str(exc), row, "date", "write dates as YYYY-MM-DD")
            continue
        start = _minutes_from(day, r["start"])
        end = _minutes_from(day, r["end"])
        if start is None:
            bad(f"start {r['start']!r} is not a date-time", row, "start", "write it as 2026-12-07T08:00")
            continue
        if end is None:
            bad(f"end {r['end']!r} is not a date-time", row, "end", "write it as 2026-12-07T17:00")
            continue
        if not 0 <= start < MINUTES_PER_DAY:
            bad(f"the shift starts on another day than {day}", row, "start", "the date column is the start day")
            continue
        if end <= start or end - start > MINUTES_PER_DAY:
            bad(f"end {r['end']} is not after start {r['start']} within 24 h", row, "end",
                "a night shift ends on the next date, e.g. 2026-12-08T07:00")
            continue
        if (agent_id, day) in seen:
            bad(f"a second shift for {agent_id} on {day} (first in row {seen[agent_id, day]})", row, "date",
                "keep one shift per agent and day")
            continue
        seen[agent_id, day] = row
        breaks = _breaks(r.get("breaks"), start, end)
        if breaks is None:
            bad(f"breaks {r.get('breaks')!r} are not HH:MM-HH:MM periods inside the shift", row, "breaks",
                "write them like 10:00-10:15;12:30-13:30")
            continue
        unpaid = _unpaid(r.get("paid_h"), end - start, templates[template].unpaid_break_min)
        if unpaid is None:
            bad(f"paid hours {r.get('paid_h')!r} do not fit a shift of {(end - start) / 60:g} h", row, "paid_h",
                "give the paid hours (shift length minus the unpaid break) or leave the cell empty")
            continue
        shifts.append(Shift(agent_id, day, template, start, end, unpaid, breaks,
                            locked=cell_text(r.get("locked")).lower() in TRUE))
    if problems:
        raise InputError(problems)
    days = sorted({s.day for s in shifts})
    first = start_date or days[0]
    span = n_days or (days[-1] - first).days + 1
    outside = [s for s in shifts if not 0 <= (s.day - first).days < span]
    if outside:
        s = outside[0]
        raise InputError(f"{len(outside)} shift(s) fall outside the horizon {first} + {span} days "
                         f"(first: {s.agent_id} on {s.day})", file=label, column="date",
                         fix="choose a horizon that covers every date in the file")
    return Roster(first, span, tuple(sorted(shifts, key=lambda s: (s.day, s.agent_id))))


def _minutes_from(day: dt.date, value: Any) -> int | None:
    """Minutes from midnight of ``day`` of a date-time cell (real cell or ISO text)."""
    if isinstance(value, dt.datetime):
        moment = value
    else:
        m = _DATETIME.fullmatch(cell_text(value))
        if not m:
            return None
        try:
            moment = dt.datetime.fromisoformat(m[1]) + dt.timedelta(hours=int(m[2]), minutes=int(m[3]))
        except ValueError:
            return None
    return int((moment - dt.datetime.combine(day, dt.time())).total_seconds() // 60)


def _breaks(value: Any, start: int, end: int) -> tuple[tuple[int, int], ...] | None:
    """Clock-time periods mapped onto the shift's own clock (after midnight for night shifts)."""
    out = []
    for part in filter(None, (p.strip() for p in re.split(r"[;；]", cell_text(value)))):
        ends = part.split("-")
        if len(ends) != 2:
            return None
        clocks = [_CLOCK.fullmatch(e.strip()) for e in ends]
        if not all(clocks):
            return None
        b0, b1 = (int(c[1]) * 60 + int(c[2]) for c in clocks)    # type: ignore[index]
        while b0 < start:
            b0 += MINUTES_PER_DAY
        while b1 <= b0:
            b1 += MINUTES_PER_DAY
        if b1 > end:
            return None
        out.append((b0, b1))
    return tuple(sorted(out))


def _unpaid(value: Any, length_min: int, default_min: int) -> int | None:
    text = cell_text(value)
    if not text:
        return default_min
    try:
        paid_min = round(float(text) * 60)
    except ValueError:
        return None
    unpaid = length_min - paid_min
    return unpaid if 0 <= unpaid < length_min else None
