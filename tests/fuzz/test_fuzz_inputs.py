"""Fuzz every importer: whatever the bytes, the only failure is a PlannerError naming the file.

Cells mix wrong types, negative and absurd numbers, unknown queues/skills, duplicate ids,
overlapping dates, Excel serials and Chinese text; files come in UTF-8, BOM, UTF-16 and GBK, or
are empty, truncated or huge. The default run keeps ~50 examples per target; the slow profile
runs many more.
"""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any, Callable

import openpyxl
from openpyxl.utils.exceptions import IllegalCharacterError
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.errors import PlannerError
from planner.importers import import_agents, import_contracts, import_skills, import_time_off
from planner.scenario import load_scenario, save_scenario
from tests.planner.export_fixtures import tiny_scenario

FAST = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])

COLUMNS = ["id", "name", "team", "contract", "queues", "vip", "night_capable", "agent_id", "queue", "first",
           "last", "reason", "min_week_h", "max_week_h", "templates", "max_days_per_week", "start", "volume",
           "aht_s", "abandoned", "weekend_only", "", "ID", "名字"]
cell = st.one_of(
    st.sampled_from(["A1", "A2", "A3", "phone", "chat", "fax", "phone;chat", "full", "part", "day", "night",
                     "yes", "no", "是", "-5", "1e308", "nan", "inf", "0", "46363", "2026-12-07", "2026/13/45",
                     "2026-12-07T08:00", "2026年12月7日", "李娜", "", " ", "\"", "a,b", "99999999999"]),
    st.integers(-10**12, 10**12).map(str), st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.text(max_size=12))
encoding = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gbk", "latin-1"])


def _csv_bytes(header: list[str], rows: list[list[str]], enc: str) -> bytes:
    lines = [",".join(header)] + [",".join(r) for r in rows]
    return "\n".join(lines).encode(enc, errors="replace")


def _check(call: Callable[[Path], Any], path: Path) -> None:
    try:
        call(path)
    except PlannerError as exc:
        assert str(path) in str(exc), f"error does not name the file: {exc}"
        assert str(exc).strip()


IMPORTERS = [import_agents, import_skills, import_contracts, import_time_off]


def _run_csv(data: Any, importer: Callable[..., Any]) -> None:
    header, rows, enc = data
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "input.csv"
        path.write_bytes(_csv_bytes(header, rows, enc))
        _check(lambda p: importer(p, tiny_scenario()), path)


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda f: f.__name__)
@FAST
@given(data=st.tuples(
    st.lists(st.sampled_from(COLUMNS), max_size=7), st.lists(st.lists(cell, max_size=8), max_size=12), encoding))
def test_fuzz_csv_importers(importer: Callable[..., Any], data: Any) -> None:
    _run_csv(data, importer)


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda f: f.__name__)
@FAST
@given(raw=st.binary(max_size=400))
def test_fuzz_random_bytes(importer: Callable[..., Any], raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        for name in ("input.csv", "input.xlsx"):
            path = Path(d) / name
            path.write_bytes(raw)
            _check(lambda p: importer(p, tiny_scenario()), path)


@FAST
@given(rows=st.lists(st.lists(st.one_of(cell, st.integers(-10**6, 10**6), st.floats(),
                                        st.dates(dt.date(1900, 3, 1), dt.date(2100, 1, 1)), st.booleans()),
                              min_size=4, max_size=4), max_size=8))
def test_fuzz_time_off_xlsx_typed_cells(rows: list[list[Any]]) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "off.xlsx"
        wb = openpyxl.Workbook()
        wb.active.append(["agent_id", "first", "last", "reason"])
        try:
            for r in rows:
                wb.active.append(r)
            wb.save(path)
        except (ValueError, TypeError, IllegalCharacterError):  # openpyxl refuses these: no such file can exist
            return
        _check(lambda p: import_time_off(p, tiny_scenario()), path)


def _toml_variants() -> st.SearchStrategy[str]:
    return st.sampled_from([
        "", "[scenario]\n", "[scenario\nname=1", "[[agents]]\nid = 5\n", "[[queues]]\nname='q'\nopen='25:00-26:00'\n",
        "[rules]\nmin_rest_h = -3\nnight_from = 'x'\n", "[scenario]\ninterval_min = 7\n[[templates]]\nname='d'\nlength_h=1e9\n",
        "[[contracts]]\nname='c'\nmax_week_h='many'\ntemplates=['ghost']\n",
        "[[floors]]\nqueue='nope'\nmin_agents=-1\ndays=[9]\n", "scenario = 3\nqueues = 'x'\n",
    ])


@FAST
@given(base=_toml_variants(), extra=st.text(max_size=60), enc=encoding)
def test_fuzz_scenario_toml(base: str, extra: str, enc: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "s.toml"
        path.write_bytes((base + extra).encode(enc, errors="replace"))
        _check(load_scenario, path)


@FAST
@given(key=st.sampled_from(["target_sl", "answer_s", "shrinkage", "concurrency", "aht_s", "min_agents"]),
       value=st.one_of(st.integers(-10**9, 10**9), st.floats(allow_nan=False), st.text(max_size=5), st.booleans()))
def test_fuzz_scenario_queue_values(key: str, value: Any) -> None:
    import tomli_w
    from planner.scenario import scenario_to_dict
    data = scenario_to_dict(tiny_scenario())
    data["queues"][0][key] = value
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "s.toml"
        path.write_text(tomli_w.dumps(data), encoding="utf-8")
        _check(load_scenario, path)


def test_history_reader_fuzz() -> None:
    read_history = pytest.importorskip("forecasting.io").read_history

    @FAST
    @given(header=st.lists(st.sampled_from(["start", "queue", "volume", "aht_s", "abandoned", "x", ""]), max_size=5),
           rows=st.lists(st.lists(cell, max_size=5), max_size=10), enc=encoding)
    def run(header: list[str], rows: list[list[str]], enc: str) -> None:
        with tempfile.TemporaryDirectory() as d:
            path = Path(d) / "history.csv"
            path.write_bytes(_csv_bytes(header, rows, enc))
            _check(read_history, path)
    run()


@pytest.mark.parametrize("text, row", [("start\nA1,A1\n", 2),
                                       ("start,queue,volume\n2025-01-01 00:00,a,1\n2025-01-01 00:15,a,2,7\n", 3)])
def test_history_row_wider_than_header(tmp_path: Path, text: str, row: int) -> None:
    read_history = pytest.importorskip("forecasting.io").read_history
    path = tmp_path / "history.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlannerError) as err:
        read_history(path)
    assert str(path) in str(err.value) and f"row {row}" in str(err.value) and "header" in str(err.value)


def test_huge_file_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "agents.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("id,name,contract,queues\n")
        for i in range(100_001):
            fh.write(f"X{i},n,full,phone\n")
    with pytest.raises(PlannerError, match="rows is more than"):
        import_agents(path, tiny_scenario())


def test_round_trip_saved_scenario_still_loads(tmp_path: Path) -> None:
    save_scenario(tiny_scenario(), tmp_path / "s.toml")
    assert load_scenario(tmp_path / "s.toml").agents == tiny_scenario().agents


@pytest.mark.slow
@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda f: f.__name__)
@SLOW
@given(data=st.tuples(st.lists(st.sampled_from(COLUMNS), max_size=7),
                      st.lists(st.lists(cell, max_size=8), max_size=40), encoding))
def test_fuzz_csv_importers_long(importer: Callable[..., Any], data: Any) -> None:
    _run_csv(data, importer)
