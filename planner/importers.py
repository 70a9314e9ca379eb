"""Import agents, skills, contracts and time off from the spreadsheets HR already keeps.

Files are CSV (UTF-8 with or without BOM, UTF-16 with BOM, or GBK as saved by Chinese Excel)
or XLSX (first sheet). Every importer reads the whole file, collects *every* problem — file,
row, column and how to fix it — into one :class:`InputError`, and only returns a new
:class:`Scenario` when there are none: nothing is ever half imported.

Row numbers are the ones a user sees in Excel: the header is row 1, the first data row is 2.
"""
from __future__ import annotations

import bisect
import csv
import datetime as dt
import io
import math
import re
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

from planner.domain import Agent, Contract, Scenario, TimeOff
from planner.errors import InputError, InputProblem

MAX_ROWS = 100_000        # far above any centre; beyond it a wrong file was picked
MAX_FILE_BYTES = 50 * 1024 * 1024
EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (after its 1900 leap-year bug)
TRUE = {"1", "true", "yes", "y", "是", "x", "✓"}
FALSE = {"0", "false", "no", "n", "否", ""}

Row = dict[str, Any]
# spreadsheet formats people save by habit (WPS's own .et included) that only .xlsx/CSV replace
OTHER_SHEET_FORMATS = {".xls": "Excel 97–2003 (.xls)", ".et": "WPS spreadsheet (.et)",
                       ".ods": "OpenDocument (.ods)", ".numbers": "Apple Numbers (.numbers)"}


class _Collector:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[InputProblem] = []

    def add(self, message: str, row: int | None = None, column: str | None = None, fix: str | None = None) -> None:
        self.problems.append(InputProblem(message, file=self.file, row=row, column=column, fix=fix))

    def raise_if_any(self) -> None:
        if self.problems:  # in sheet order, however the checks found them
            raise InputError(sorted(self.problems, key=lambda p: p.row or 0))


# ------------------------------------------------------------------ reading
def read_rows(path: str | Path, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> list[tuple[int, Row]]:
    """(row number, {column: value}) for each non-empty data row; header names are case-insensitive.

    Raises:
        InputError: unreadable file, unknown encoding, missing columns, or too many rows.
    """
    p = Path(path)
    label = str(p)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", file=label, fix="check the path") from None
    if size > MAX_FILE_BYTES:
        raise InputError(f"file is {size / 2**20:.0f} MB, more than the {MAX_FILE_BYTES // 2**20} MB limit",
                         file=label, fix="split the file or check that it is the right one")
    suffix = p.suffix.lower()
    if suffix in OTHER_SHEET_FORMATS:
        raise InputError(f"{OTHER_SHEET_FORMATS[suffix]} files cannot be read", file=label,
                         fix="save the sheet as .xlsx (Excel workbook) or as CSV UTF-8 and import that")
    if suffix in (".xlsx", ".xlsm"):
        header, body = _xlsx_rows(p, label)
    else:
        raw = p.read_bytes()
        if raw.startswith(b"PK\x03\x04") or raw.startswith(b"\xd0\xcf\x11\xe0"):
            raise InputError("this is a spreadsheet workbook, not a CSV text file", file=label,
                             fix="give it the .xlsx ending it was saved with, or save it as CSV UTF-8")
        header, body = _csv_rows(raw, label)
    names = [str(h).strip().lower() if h is not None else "" for h in header]
    missing = [c for c in required if c not in names]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}", file=label, row=1,
                         fix=f"the first row must name the columns: {', '.join(required + optional)}")
    if len(body) > MAX_ROWS:
        raise InputError(f"{len(body)} rows is more than the {MAX_ROWS} allowed", file=label,
                         fix="check that this is the right file")
    wanted = set(required) | set(optional)
    rows = []
    for i, values in enumerate(body, start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        rows.append((i, {n: (values[k] if k < len(values) else None)
                         for k, n in enumerate(names) if n in wanted}))
    if not rows:
        raise InputError("the file has no data rows", file=label, row=2, fix="add one row per entry under the header")
    return rows


def _csv_rows(raw: bytes, label: str) -> tuple[list[Any], list[list[Any]]]:
    text = _decode(raw, label)
    if not text.strip():
        raise InputError("the file is empty", file=label, row=1, fix="add a header row and data rows")
    try:
        sample = text[:4096]
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample.count("\n") else csv.excel
    except csv.Error:
        dialect = csv.excel
    try:
        table = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:
        raise InputError(f"not a valid CSV file ({exc})", file=label, fix="save the sheet as CSV again") from None
    return table[0], table[1:]


def _decode(raw: bytes, label: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in raw[:1000]:
        raise InputError("the file looks binary or UTF-16 without a byte-order mark", file=label,
                         fix="save it as CSV UTF-8 (Excel: 'CSV UTF-8 (comma delimited)')")
    for encoding in ("utf-8-sig", "gb18030"):  # gb18030 is a superset of GBK/GB2312
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("unknown text encoding (not UTF-8, UTF-16 or GBK)", file=label,
                     fix="save it as CSV UTF-8")


def _xlsx_rows(p: Path, label: str) -> tuple[list[Any], list[list[Any]]]:
    import zipfile

    from openpyxl import load_workbook
    try:
        wb = load_workbook(p, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(f"not a readable .xlsx workbook ({type(exc).__name__})", file=label,
                         fix="open it in Excel/WPS and save as .xlsx again, or export CSV") from None
    try:
        ws = wb.worksheets[0]
        table = []
        for values in ws.iter_rows(values_only=True):
            table.append(list(values))
            if len(table) > MAX_ROWS + 1:
                break
    finally:
        wb.close()
    if not table:
        raise InputError("the first sheet is empty", file=label, row=1, fix="put the table on the first sheet")
    return table[0], table[1:]


# ------------------------------------------------------------- cell parsing
def cell_text(value: Any) -> str:
    """A cell as trimmed text: empty for a blank cell, "7" for a whole number typed in XLSX."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _bool(c: _Collector, value: Any, row: int, column: str) -> bool:
    text = cell_text(value).lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    c.add(f"expected yes/no, got {value!r}", row, column, "write yes or no (1/0, true/false, 是/否)")
    return False


def _number(c: _Collector, value: Any, row: int, column: str, lo: float, hi: float) -> float | None:
    try:
        x = float(cell_text(value).replace(",", "."))
    except ValueError:
        c.add(f"expected a number, got {value!r}", row, column, f"write a number between {lo:g} and {hi:g}")
        return None
    if not math.isfinite(x) or not lo <= x <= hi:
        c.add(f"{x:g} is outside {lo:g}–{hi:g}", row, column, f"write a number between {lo:g} and {hi:g}")
        return None
    return x


def parse_date(value: Any) -> dt.date:
    """A date cell: real date, ISO text, 2026/12/07, 2026年12月7日, or an Excel day serial."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _serial(float(value))
    text = cell_text(value)
    if re.fullmatch(r"\d{4,5}(\.0+)?", text):
        return _serial(float(text))
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]00:00(?::00)?)?", text)
    if not m:
        raise ValueError(f"bad date {value!r}")
    return dt.date(int(m[1]), int(m[2]), int(m[3]))


def _serial(x: float) -> dt.date:
    # Excel serials for 2000–2100 are 36526–73051; anything else is not a date
    if not math.isfinite(x) or not 36526 <= x <= 73051 or not float(x).is_integer():
        raise ValueError(f"{x:g} is not an Excel date serial of 2000–2100")
    return EXCEL_EPOCH + dt.timedelta(days=int(x))


def _date(c: _Collector, value: Any, row: int, column: str) -> dt.date | None:
    try:
        return parse_date(value)
    except (ValueError, OverflowError) as exc:
        c.add(str(exc), row, column, "write dates as YYYY-MM-DD")
        return None


def _or(value: Any, default: Any) -> Any:
    """``default`` only for a blank cell: a 0 typed into Excel is a value, not a missing one."""
    return default if cell_text(value) == "" else value


def _list(value: Any) -> tuple[str, ...]:
    return tuple(x.strip() for x in re.split(r"[;,，；|]", cell_text(value)) if x.strip())


# ---------------------------------------------------------------- importers
def import_agents(path: str | Path, scenario: Scenario) -> Scenario:
    """Replace the scenario's agents by the file's (columns id, name, team, contract, queues…).

    ``queues`` lists the agent's queue skills separated by ``;``. Time off already in the
    scenario is kept for agents that stay.
    """
    c = _Collector(str(path))
    rows = read_rows(path, ("id", "name", "contract", "queues"), ("team", "vip", "night_capable"))
    queues = {q.name: q for q in scenario.queues}
    contracts = {k.name for k in scenario.contracts}
    old = {a.id: a for a in scenario.agents}
    seen: dict[str, int] = {}
    agents = []
    for row, r in rows:
        agent_id = cell_text(r["id"])
        if not agent_id:
            c.add("agent id is empty", row, "id", "give every agent a unique id")
            continue
        if agent_id in seen:
            c.add(f"duplicate agent {agent_id!r} (also row {seen[agent_id]})", row, "id", "keep one row per agent")
            continue
        seen[agent_id] = row
        contract = cell_text(r["contract"])
        if contract not in contracts:
            c.add(f"unknown contract {contract!r}", row, "contract", f"use one of {', '.join(sorted(contracts))}")
        vip = _bool(c, r.get("vip"), row, "vip")
        skills = _list(r["queues"])
        if not skills:
            c.add("no queue skills", row, "queues", "list the agent's queues, e.g. phone;chat")
        for q in skills:
            if q not in queues:
                c.add(f"unknown queue {q!r}", row, "queues", f"use queues of the scenario: {', '.join(queues)}")
            elif queues[q].is_vip and not vip:
                c.add(f"{q!r} is a VIP queue but vip is not set", row, "vip", "set vip to yes or remove the queue")
        agents.append(Agent(id=agent_id, name=cell_text(r["name"]) or agent_id, team=cell_text(r.get("team")),
                            contract=contract, queues=skills, vip=vip,
                            night_capable=_bool(c, r.get("night_capable"), row, "night_capable"),
                            time_off=old[agent_id].time_off if agent_id in old else ()))
    c.raise_if_any()
    return replace(scenario, agents=tuple(agents))


def import_skills(path: str | Path, scenario: Scenario) -> Scenario:
    """Set agents' queue skills from a long table (columns agent_id, queue); agents not listed keep theirs."""
    c = _Collector(str(path))
    rows = read_rows(path, ("agent_id", "queue"))
    queues = {q.name: q for q in scenario.queues}
    agents = {a.id: a for a in scenario.agents}
    skills: dict[str, list[str]] = {}
    for row, r in rows:
        agent_id, q = cell_text(r["agent_id"]), cell_text(r["queue"])
        if agent_id not in agents:
            c.add(f"unknown agent {agent_id!r}", row, "agent_id", "use agent ids of the scenario")
            continue
        if q not in queues:
            c.add(f"unknown queue {q!r}", row, "queue", f"use one of {', '.join(queues)}")
            continue
        if queues[q].is_vip and not agents[agent_id].vip:
            c.add(f"agent {agent_id} is not VIP-certified for {q!r}", row, "queue", "certify the agent first")
        if q in skills.setdefault(agent_id, []):
            c.add(f"skill {q!r} listed twice for {agent_id}", row, "queue", "remove the duplicate row")
        skills[agent_id].append(q)
    c.raise_if_any()
    return replace(scenario, agents=tuple(replace(a, queues=tuple(skills[a.id])) if a.id in skills else a
                                          for a in scenario.agents))


def import_contracts(path: str | Path, scenario: Scenario) -> Scenario:
    """Add or replace contracts (columns name, min_week_h, max_week_h, templates, max_days_per_week)."""
    c = _Collector(str(path))
    rows = read_rows(path, ("name", "max_week_h", "templates"),
                     ("min_week_h", "max_days_per_week", "min_days_per_week", "max_consecutive_days", "weekend_only"))
    templates = {t.name for t in scenario.templates}
    new: dict[str, Contract] = {}
    for row, r in rows:
        name = cell_text(r["name"])
        if not name or name in new:
            c.add(f"empty or duplicate contract name {name!r}", row, "name", "give each contract a unique name")
            continue
        hi = _number(c, r["max_week_h"], row, "max_week_h", 0, 80)
        lo = _number(c, _or(r.get("min_week_h"), 0), row, "min_week_h", 0, 80)
        days = _number(c, _or(r.get("max_days_per_week"), 5), row, "max_days_per_week", 1, 7)
        min_days = _number(c, _or(r.get("min_days_per_week"), 0), row, "min_days_per_week", 0, 7)
        consec = _number(c, _or(r.get("max_consecutive_days"), 6), row, "max_consecutive_days", 1, 14)
        if lo is not None and hi is not None and lo > hi:
            c.add(f"min_week_h {lo:g} is above max_week_h {hi:g}", row, "min_week_h", "make min ≤ max")
        allowed = _list(r["templates"])
        for t in allowed:
            if t not in templates:
                c.add(f"unknown shift template {t!r}", row, "templates", f"use one of {', '.join(sorted(templates))}")
        if not allowed:
            c.add("no shift templates", row, "templates", "list allowed templates, e.g. day;late")
        if None in (hi, lo, days, min_days, consec):
            continue
        new[name] = Contract(name, int(round(lo * 60)), int(round(hi * 60)), allowed, int(days),  # type: ignore[operator]
                             int(min_days), int(consec), _bool(c, r.get("weekend_only"), row, "weekend_only"))  # type: ignore[arg-type]
    kept = [k for k in scenario.contracts if k.name not in new]
    c.raise_if_any()
    return replace(scenario, contracts=tuple(kept) + tuple(new.values()))


def import_time_off(path: str | Path, scenario: Scenario) -> Scenario:
    """Add approved absences (columns agent_id, first, last, reason); overlaps are errors."""
    c = _Collector(str(path))
    rows = read_rows(path, ("agent_id", "first"), ("last", "reason"))
    agents = {a.id: a for a in scenario.agents}
    added: dict[str, list[tuple[int, TimeOff]]] = {}
    for row, r in rows:
        agent_id = cell_text(r["agent_id"])
        if agent_id not in agents:
            c.add(f"unknown agent {agent_id!r}", row, "agent_id", "use agent ids of the scenario")
            continue
        first = _date(c, r["first"], row, "first")
        # a blank 'last' means a one-day absence; a bad 'first' is then reported once, not twice
        last = _date(c, r.get("last"), row, "last") if cell_text(r.get("last")) else first
        if first is None or last is None:
            continue
        if last < first:
            c.add(f"last day {last} is before first day {first}", row, "last", "swap the dates")
            continue
        if (last - first).days > 366:
            c.add(f"absence of {(last - first).days + 1} days", row, "last", "split absences longer than a year")
            continue
        added.setdefault(agent_id, []).append((row, TimeOff(first, last, cell_text(r.get("reason")))))
    for agent_id, items in added.items():
        _check_overlaps(c, items, agents[agent_id].time_off)
    c.raise_if_any()
    return replace(scenario, agents=tuple(
        replace(a, time_off=a.time_off + tuple(o for _, o in added.get(a.id, []))) for a in scenario.agents))


def _check_overlaps(c: _Collector, items: list[tuple[int, TimeOff]], existing: tuple[TimeOff, ...]) -> None:
    """Report each absence overlapping one listed above it, or one already in the scenario.

    O(n log n) per agent — a prefix-maximum tree of end dates over start dates — because a
    100 000-row file for one agent must be refused in seconds, not compared pair by pair.
    """
    old = sorted(existing, key=lambda o: o.first)
    old_firsts = [o.first for o in old]
    old_reach: list[TimeOff] = []  # old_reach[k]: the absence reaching furthest among old[:k + 1]
    for o in old:
        old_reach.append(o if not old_reach or o.last > old_reach[-1].last else old_reach[-1])
    firsts = sorted({o.first for _, o in items})
    rank = {d: k + 1 for k, d in enumerate(firsts)}
    tree: list[tuple[dt.date, int]] = [(dt.date.min, 0)] * (len(firsts) + 1)  # max (last, row) per prefix
    by_row = dict(items)
    for row, off in items:  # file order: each row is checked against the rows above it
        best, k = (dt.date.min, 0), bisect.bisect_right(firsts, off.last)
        while k > 0:
            best, k = max(best, tree[k]), k - (k & -k)
        if best[0] >= off.first:
            other = by_row[best[1]]
            c.add(f"overlaps the absence in row {best[1]} ({other.first}–{other.last})", row, "first",
                  "merge the two rows into one absence")
        k = bisect.bisect_right(old_firsts, off.last)
        if k and old_reach[k - 1].last >= off.first:
            other = old_reach[k - 1]
            c.add(f"overlaps existing time off {other.first}–{other.last}", row, "first",
                  "remove the duplicate absence")
        k = rank[off.first]
        while k < len(tree):
            tree[k], k = max(tree[k], (off.last, row)), k + (k & -k)


IMPORTERS: dict[str, Callable[[str | Path, Scenario], Scenario]] = {
    "agents": import_agents, "skills": import_skills, "contracts": import_contracts, "time_off": import_time_off}
