"""Importers find every planted fault at its exact row and column, and accept clean files exactly.

Hypothesis builds valid HR tables (agents, skills, contracts, time off) in a random file form
— CSV in UTF-8, UTF-8 with BOM, UTF-16, GBK; comma, semicolon or tab; shuffled and upper-cased
headers with extra columns; or XLSX with real date cells and Excel serials — then plants faults
in random rows: unknown queues, skills, agents, contracts and templates, duplicate agents,
overlapping time off, negative and absurd numbers, bad dates and yes/no cells. The importer must
report exactly the planted (row, column) pairs, each naming the file and a fix, and import a
clean table to exactly the objects it was built from.
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import tempfile
from pathlib import Path
from typing import Any, Callable

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.domain import Agent, Contract, Queue, Scenario, TimeOff
from planner.errors import InputError, PlannerError
from planner.importers import EXCEL_EPOCH, import_agents, import_contracts, import_skills, import_time_off
from tests.planner.export_fixtures import START, tiny_scenario

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NAMES = ["李娜", "王伟", "张伟", "刘洋", "陈静", "欧阳娜娜", "Ann Lee", "O'Brien, Pat", "赵 敏"]
FORMS = ["utf-8", "utf-8-sig", "utf-16", "gbk", "xlsx"]
Expected = set[tuple[int, str]]


def centre() -> Scenario:
    """The tiny centre plus a VIP phone line (only VIP-certified agents may take it)."""
    s = tiny_scenario()
    return dataclasses.replace(s, queues=s.queues + (Queue("phone_vip", vip_of="phone"),))


@dataclasses.dataclass
class Table:
    """A generated input file: header, rows of cells, and the faults planted in it."""

    header: list[str]
    rows: list[dict[str, Any]]
    faults: Expected
    form: str
    delimiter: str
    header_case: list[bool]
    order: list[int]

    def write(self, folder: Path) -> Path:
        cols = [self.header[i] for i in self.order] + ["remark"]
        shown = [c.upper() if up else c for c, up in zip(cols, self.header_case + [False])]
        body = [[r.get(c, "") for c in cols[:-1]] + ["注"] for r in self.rows]
        if self.form == "xlsx":
            path = folder / "input.xlsx"
            wb = openpyxl.Workbook()
            wb.active.append(shown)
            for values in body:
                wb.active.append([None if v == "" else v for v in values])
            wb.save(path)
            return path
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=self.delimiter, lineterminator="\r\n")
        writer.writerow(shown)
        writer.writerows([[_as_text(v) for v in values] for values in body])
        path = folder / "input.csv"
        path.write_bytes(buf.getvalue().encode(self.form))
        return path


def _as_text(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@st.composite
def layout(draw: st.DrawFn, header: list[str]) -> dict[str, Any]:
    order = draw(st.permutations(range(len(header))))
    return {"form": draw(st.sampled_from(FORMS)), "delimiter": draw(st.sampled_from([",", ";", "\t"])),
            "header_case": draw(st.lists(st.booleans(), min_size=len(header), max_size=len(header))),
            "order": list(order)}


def check_faults(importer: Callable[[Path, Scenario], Scenario], table: Table, scenario: Scenario) -> Scenario | None:
    """Run ``importer`` on the table: the planted faults, exactly, or a clean import."""
    with tempfile.TemporaryDirectory() as d:
        path = table.write(Path(d))
        if not table.faults:
            return importer(path, scenario)
        with pytest.raises(InputError) as err:
            importer(path, scenario)
        problems = err.value.problems
        assert {(p.row, p.column) for p in problems} == table.faults, str(err.value)
        assert all(p.file == str(path) and p.fix for p in problems)
        assert scenario == centre() or scenario == tiny_scenario()  # the input scenario is untouched
        return None


# -------------------------------------------------------------------- agents
AGENT_FAULTS = ["unknown_queue", "unknown_contract", "bad_bool", "vip_not_certified", "empty_id", "duplicate"]


@st.composite
def agent_tables(draw: st.DrawFn) -> tuple[Table, tuple[Agent, ...]]:
    header = ["id", "name", "team", "contract", "queues", "vip", "night_capable"]
    n = draw(st.integers(1, 10))
    rows, agents, faults = [], [], set()
    for i in range(n):
        excel_row = i + 2
        vip = draw(st.booleans())
        queues = draw(st.lists(st.sampled_from(["phone", "chat"] + (["phone_vip"] if vip else [])),
                               min_size=1, max_size=3, unique=True))
        row = {"id": f"E{i:03d}", "name": draw(st.sampled_from(NAMES)), "team": draw(st.sampled_from(["enq", "投诉", ""])),
               "contract": draw(st.sampled_from(["full", "part"])),
               "queues": draw(st.sampled_from([";", "；", "|"])).join(queues),
               "vip": draw(st.sampled_from(["yes", "1", "是", "TRUE"] if vip else ["no", "0", "否", ""])),
               "night_capable": draw(st.sampled_from(["yes", "no", "1", "0"]))}
        fault = draw(st.sampled_from(AGENT_FAULTS)) if draw(st.integers(0, 3)) == 0 else None
        if fault == "duplicate" and not agents:
            fault = None
        if fault == "unknown_queue":
            row["queues"] += ";fax"
            faults.add((excel_row, "queues"))
        elif fault == "unknown_contract":
            row["contract"] = draw(st.sampled_from(["ghost", "-1", "全职"]))
            faults.add((excel_row, "contract"))
        elif fault == "bad_bool":
            row["night_capable"] = draw(st.sampled_from(["maybe", "2", "sometimes"]))
            faults.add((excel_row, "night_capable"))
        elif fault == "vip_not_certified":
            row["vip"], row["queues"] = "no", "phone;phone_vip"
            faults.add((excel_row, "vip"))
        elif fault == "empty_id":
            row["id"] = ""
            faults.add((excel_row, "id"))
        elif fault == "duplicate":
            row["id"] = draw(st.sampled_from([a.id for a in agents]))
            faults.add((excel_row, "id"))
        rows.append(row)
        if fault is None:
            agents.append(Agent(row["id"], row["name"], row["team"], row["contract"], tuple(queues), vip,
                                row["night_capable"] in ("yes", "1")))
    return Table(header, rows, faults, **draw(layout(header))), tuple(agents)


def _agents_case(case: tuple[Table, tuple[Agent, ...]]) -> None:
    table, agents = case
    got = check_faults(import_agents, table, centre())
    if got is not None:
        assert got.agents == agents
        assert got.queues == centre().queues and got.contracts == centre().contracts


@FAST
@given(case=agent_tables())
def test_agent_faults_found_at_their_cells(case: tuple[Table, tuple[Agent, ...]]) -> None:
    _agents_case(case)


# --------------------------------------------------------------------- skills
@st.composite
def skill_tables(draw: st.DrawFn) -> tuple[Table, dict[str, tuple[str, ...]]]:
    header = ["agent_id", "queue"]
    rows, faults, skills = [], set(), {}
    for i in range(draw(st.integers(1, 10))):
        agent_id = draw(st.sampled_from(["A1", "A2", "A3"]))
        queue = draw(st.sampled_from(["phone", "chat"]))
        fault = draw(st.sampled_from(["agent", "queue", "vip"])) if draw(st.integers(0, 3)) == 0 else None
        if fault == "agent":
            agent_id = draw(st.sampled_from(["Z9", "a1", ""]))
        elif fault == "queue":
            queue = draw(st.sampled_from(["fax", "Phone", "微信"]))
        elif fault == "vip":
            queue = "phone_vip"  # none of A1–A3 is VIP-certified
        elif queue in skills.get(agent_id, ()):
            fault = "duplicate"
        if fault:
            faults.add((i + 2, "agent_id" if fault == "agent" else "queue"))
        if fault in (None, "duplicate", "vip"):
            skills[agent_id] = skills.get(agent_id, ()) + (queue,)
        rows.append({"agent_id": agent_id, "queue": queue})
    return Table(header, rows, faults, **draw(layout(header))), skills


@FAST
@given(case=skill_tables())
def test_skill_faults_found_at_their_cells(case: tuple[Table, dict[str, tuple[str, ...]]]) -> None:
    table, skills = case
    got = check_faults(import_skills, table, centre())
    if got is not None:
        for a in got.agents:
            assert a.queues == skills.get(a.id, centre().agent(a.id).queues)


# ------------------------------------------------------------------ contracts
@st.composite
def contract_tables(draw: st.DrawFn) -> tuple[Table, tuple[Contract, ...]]:
    header = ["name", "min_week_h", "max_week_h", "templates", "max_days_per_week"]
    rows, faults, contracts = [], set(), []
    for i in range(draw(st.integers(1, 8))):
        lo = draw(st.integers(0, 40))
        hi = draw(st.integers(lo, 60))
        days = draw(st.integers(1, 7))
        templates = draw(st.lists(st.sampled_from(["day", "night"]), min_size=1, max_size=2, unique=True))
        row: dict[str, Any] = {"name": f"K{i}", "min_week_h": lo, "max_week_h": hi, "templates": ";".join(templates),
                               "max_days_per_week": days}
        fault = draw(st.sampled_from(["negative", "absurd", "text", "min_above_max", "template", "days", "duplicate"])) \
            if draw(st.integers(0, 3)) == 0 else None
        if fault == "duplicate" and not contracts:
            fault = None
        column = {"negative": "max_week_h", "absurd": "max_week_h", "text": "max_week_h", "min_above_max": "min_week_h",
                  "template": "templates", "days": "max_days_per_week", "duplicate": "name"}.get(fault or "")
        if fault == "negative":
            row["max_week_h"] = draw(st.sampled_from([-5, "-0.5", -10**9]))
        elif fault == "absurd":
            row["max_week_h"] = draw(st.sampled_from([1e9, "1e308", 81, "inf", "nan"]))
        elif fault == "text":
            row["max_week_h"] = draw(st.sampled_from(["many", "四十", "40h"]))
        elif fault == "min_above_max":
            row["min_week_h"], row["max_week_h"] = hi + 1, hi
            if hi + 1 > 80:
                row["min_week_h"], row["max_week_h"] = 30, 20
        elif fault == "template":
            row["templates"] += ";sleep"
        elif fault == "days":
            row["max_days_per_week"] = draw(st.sampled_from([0, 8, 365]))
        elif fault == "duplicate":
            row["name"] = draw(st.sampled_from([c.name for c in contracts]))
        if column:
            faults.add((i + 2, column))
        else:
            contracts.append(Contract(row["name"], lo * 60, hi * 60, tuple(templates), days))
        rows.append(row)
    return Table(header, rows, faults, **draw(layout(header))), tuple(contracts)


@FAST
@given(case=contract_tables())
def test_contract_faults_found_at_their_cells(case: tuple[Table, tuple[Contract, ...]]) -> None:
    table, contracts = case
    got = check_faults(import_contracts, table, centre())
    if got is not None:
        assert got.contracts == centre().contracts + contracts


# ------------------------------------------------------------------- time off
def _date_cell(draw: st.DrawFn, day: dt.date, form: str) -> Any:
    styles = ["iso", "slash", "chinese", "serial"] + (["cell", "datetime", "number"] if form == "xlsx" else [])
    style = draw(st.sampled_from(styles))
    if style == "iso":
        return day.isoformat()
    if style == "slash":
        return f"{day.year}/{day.month}/{day.day}"
    if style == "chinese":
        return f"{day.year}年{day.month}月{day.day}日"
    serial = (day - EXCEL_EPOCH).days
    if style == "serial":
        return str(serial)
    if style == "number":
        return serial  # a number cell, as Excel stores an unformatted date
    if style == "datetime":
        return dt.datetime.combine(day, dt.time())
    return day


@st.composite
def time_off_tables(draw: st.DrawFn) -> tuple[Table, dict[str, tuple[TimeOff, ...]]]:
    header = ["agent_id", "first", "last", "reason"]
    form = draw(st.sampled_from(FORMS))
    rows, faults = [], set()
    added: dict[str, list[TimeOff]] = {}
    cursor = {a: dt.date(2027, 1, 4) + dt.timedelta(days=draw(st.integers(0, 20))) for a in ("A1", "A2", "A3")}
    for i in range(draw(st.integers(1, 10))):
        agent_id = draw(st.sampled_from(["A1", "A2", "A3"]))
        first = cursor[agent_id] + dt.timedelta(days=draw(st.integers(0, 9)))
        last = first + dt.timedelta(days=draw(st.integers(0, 6)))
        cursor[agent_id] = last + dt.timedelta(days=1)
        reason = draw(st.sampled_from(["年假", "sick", "", "婚假, 3 天"]))
        row: dict[str, Any] = {"agent_id": agent_id, "first": _date_cell(draw, first, form),
                               "last": "" if last == first and draw(st.booleans()) else _date_cell(draw, last, form),
                               "reason": reason}
        kinds = ["agent", "bad_first", "bad_last", "reversed", "too_long", "serial_out_of_range", "existing"]
        if added.get(agent_id):
            kinds.append("overlap")
        fault = draw(st.sampled_from(kinds)) if draw(st.integers(0, 3)) == 0 else None
        column = {"agent": "agent_id", "bad_first": "first", "bad_last": "last", "reversed": "last",
                  "too_long": "last", "serial_out_of_range": "first", "existing": "first",
                  "overlap": "first"}.get(fault or "")
        if fault == "agent":
            row["agent_id"] = draw(st.sampled_from(["Z9", "", "a1"]))
        elif fault == "bad_first":
            row["first"] = draw(st.sampled_from(["2027-02-30", "next monday", "13/45/2027", "-1"]))
            row["last"] = _date_cell(draw, last, form)  # a blank last would repeat the bad first
        elif fault == "bad_last":
            row["last"] = draw(st.sampled_from(["2027-13-01", "soon", "2027年2月30日"]))
        elif fault == "reversed":
            row["last"] = _date_cell(draw, first - dt.timedelta(days=draw(st.integers(1, 30))), form)
        elif fault == "too_long":
            row["last"] = _date_cell(draw, first + dt.timedelta(days=draw(st.integers(367, 3000))), form)
        elif fault == "serial_out_of_range":
            row["first"] = draw(st.sampled_from(["99999", "12", "36525"]))
            row["last"] = _date_cell(draw, last, form)
        elif fault == "existing":
            row["agent_id"], row["first"], row["last"] = "A3", _date_cell(draw, START, form), \
                _date_cell(draw, START + dt.timedelta(days=draw(st.integers(2, 5))), form)
        elif fault == "overlap":
            other = draw(st.sampled_from(added[agent_id]))
            row["first"], row["last"] = _date_cell(draw, other.first, form), _date_cell(draw, other.last, form)
        if column:
            faults.add((i + 2, column))
        else:
            added.setdefault(agent_id, []).append(TimeOff(first, last, reason))
        rows.append(row)
    table = Table(header, rows, faults, form, draw(st.sampled_from([",", ";", "\t"])),
                  draw(st.lists(st.booleans(), min_size=4, max_size=4)), list(draw(st.permutations(range(4)))))
    return table, {a: tuple(v) for a, v in added.items()}


@FAST
@given(case=time_off_tables())
def test_time_off_faults_found_at_their_cells(case: tuple[Table, dict[str, tuple[TimeOff, ...]]]) -> None:
    table, added = case
    got = check_faults(import_time_off, table, centre())
    if got is not None:
        for a in got.agents:
            assert a.time_off == centre().agent(a.id).time_off + added.get(a.id, ())


@pytest.mark.slow
@SLOW
@given(case=agent_tables())
def test_agent_faults_long(case: tuple[Table, tuple[Agent, ...]]) -> None:
    _agents_case(case)


@pytest.mark.slow
@SLOW
@given(case=time_off_tables())
def test_time_off_faults_long(case: tuple[Table, dict[str, tuple[TimeOff, ...]]]) -> None:
    test_time_off_faults_found_at_their_cells.hypothesis.inner_test(case)  # type: ignore[attr-defined]


def test_bad_first_with_blank_last_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "off.csv"
    path.write_text("agent_id,first,last\nA1,2027-02-30,\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        import_time_off(path, tiny_scenario())
    assert [(p.row, p.column) for p in err.value.problems] == [(2, "first")]


def test_every_problem_of_random_tables_names_its_cell() -> None:
    """Random headers and cells: each row-level problem has row and column; all name file and fix."""
    from tests.fuzz.test_fuzz_inputs import COLUMNS, _csv_bytes, cell, encoding

    @FAST
    @given(header=st.lists(st.sampled_from(COLUMNS), max_size=7), rows=st.lists(st.lists(cell, max_size=8), max_size=12),
           enc=encoding, which=st.sampled_from([import_agents, import_skills, import_contracts, import_time_off]))
    def run(header: list[str], rows: list[list[str]], enc: str, which: Callable[..., Scenario]) -> None:
        with tempfile.TemporaryDirectory() as d:
            path = Path(d) / "input.csv"
            path.write_bytes(_csv_bytes(header, rows, enc))
            try:
                which(path, centre())
            except InputError as exc:
                assert exc.problems
                for p in exc.problems:
                    assert p.file == str(path) and p.fix, str(p)
                    if p.row is not None and p.row >= 2 and "no data rows" not in p.message:
                        assert p.column, f"row-level problem without a column: {p}"
            except PlannerError as exc:  # pragma: no cover - every importer error is an InputError
                pytest.fail(f"{type(exc).__name__} instead of InputError: {exc}")
    run()


# -------------------------------------------------------------- scenario TOML
TOML_BREAKS = [
    ("interval_min = 15", "interval_min = 7", "scenario.interval_min"),
    ("interval_min = 15", "interval_min = \"quarter\"", "scenario.interval_min"),
    ('contract = "full"', 'contract = "ghost"', "agents[A1].contract"),
    ('queues = [\n    "chat",\n]', 'queues = [\n    "fax",\n]', "agents[A3].queues"),
]


@FAST
@given(data=st.data())
def test_scenario_toml_problems_name_line_or_key(data: st.DataObject) -> None:
    """Breaking a valid scenario gives problems naming the file, the key or line, and a fix."""
    import tomli_w
    from planner.scenario import ScenarioError, load_scenario, scenario_to_dict
    text = tomli_w.dumps(scenario_to_dict(tiny_scenario()))
    mode = data.draw(st.sampled_from(["key", "syntax", "encoding"]))
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "centre.toml"
        if mode == "key":
            old, new, key = data.draw(st.sampled_from([b for b in TOML_BREAKS if b[0] in text]))
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
        else:
            lines = text.splitlines()
            at = data.draw(st.integers(0, len(lines) - 1))
            bad = "name = = 'x'" if mode == "syntax" else "# 备注 李娜"
            lines.insert(at, bad)
            if mode == "encoding":  # GBK bytes first appear at the first Chinese text (names included)
                at = next(i for i, line in enumerate(lines) if not line.isascii())
            path.write_bytes("\n".join(lines).encode("utf-8" if mode == "syntax" else "gbk"))
        with pytest.raises(ScenarioError) as err:
            load_scenario(path)
    problems = err.value.problems
    assert all(p.file == str(path) and p.fix for p in problems)
    if mode == "key":
        assert key in {p.column for p in problems}, str(err.value)
    else:
        assert [p.row for p in problems] == [at + 1], str(err.value)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_oversized_file_refused_before_reading(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"agents{suffix}"
    with path.open("wb") as fh:  # sparse: 51 MB on paper, nothing on disk, never read
        fh.write(b"id,name,contract,queues\n")
        fh.truncate(51 * 1024 * 1024)
    with pytest.raises(InputError) as err:
        import_agents(path, centre())
    assert str(err.value) == (f"{path}: file is 51 MB, more than the 50 MB limit — split the file or check "
                              "that it is the right one")


@FAST
@given(spans=st.lists(st.tuples(st.sampled_from(["A1", "A3"]), st.integers(0, 60), st.integers(0, 6)),
                      min_size=1, max_size=40))
def test_overlap_check_matches_pairwise_comparison(spans: list[tuple[str, int, int]]) -> None:
    """Every row overlapping a row above it (or existing time off) is reported, and only those."""
    base = START  # A3's existing absence is START + 2 days
    lines = ["agent_id,first,last"]
    offs = []
    for agent_id, start, length in spans:
        first = base + dt.timedelta(days=start)
        last = first + dt.timedelta(days=length)
        lines.append(f"{agent_id},{first},{last}")
        offs.append((agent_id, first, last))
    expected: set[tuple[int, str]] = set()
    existing = tiny_scenario().agent("A3").time_off
    for i, (agent_id, first, last) in enumerate(offs):
        earlier = any(a == agent_id and f <= last and first <= l for a, f, l in offs[:i])
        old = agent_id == "A3" and any(o.first <= last and first <= o.last for o in existing)
        if earlier or old:
            expected.add((i + 2, "first"))
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "off.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        try:
            import_time_off(path, tiny_scenario())
            found: set[tuple[int, str]] = set()
        except InputError as exc:
            found = {(p.row, p.column) for p in exc.problems}
            rows = [p.row or 0 for p in exc.problems]
            assert rows == sorted(rows)  # reported in sheet order
    assert found == expected


TYPED_CELL = st.one_of(st.none(), st.integers(-10**15, 10**15), st.floats(allow_nan=True, allow_infinity=True),
                       st.booleans(), st.dates(dt.date(1900, 3, 1), dt.date(2100, 1, 1)),
                       st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(2100, 1, 1)),
                       st.sampled_from(["A1", "phone", "chat;phone_vip", "full", "day;night", "是", "否", "李娜", ""]),
                       st.text(max_size=10).filter(lambda t: t.isprintable()))
HEADERS = {import_agents: ["id", "name", "contract", "queues", "vip", "night_capable"],
           import_skills: ["agent_id", "queue"],
           import_contracts: ["name", "min_week_h", "max_week_h", "templates", "max_days_per_week", "weekend_only"],
           import_time_off: ["agent_id", "first", "last", "reason"]}


@FAST
@given(which=st.sampled_from(list(HEADERS)), rows=st.lists(st.lists(TYPED_CELL, min_size=6, max_size=6), max_size=8))
def test_typed_xlsx_cells_give_cell_level_problems(which: Callable[..., Scenario], rows: list[list[Any]]) -> None:
    """Numbers, booleans, dates and text in any column of a workbook: a result or cell-level problems."""
    header = HEADERS[which]
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "sheet.xlsx"
        wb = openpyxl.Workbook()
        wb.active.append(header)
        for r in rows:
            wb.active.append(r[:len(header)])
        wb.save(path)
        try:
            which(path, centre())
        except InputError as exc:
            for p in exc.problems:
                assert p.file == str(path) and p.fix, str(p)
                assert p.row == 2 and "no data rows" in p.message or (p.row and p.row >= 2 and p.column in header), \
                    str(p)
