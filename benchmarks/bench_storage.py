"""Plan files, spreadsheet exports and HR imports at centre size, each beside a plain peer.

    .venv/bin/python benchmarks/bench_storage.py [--agents 200] [--weeks 4] [--repeat 3]

Centre: the sample scenario (4 queues, 15-min grid) with its agents cloned to ``--agents``, its
bundled history (161,280 rows), a ``--weeks`` roster built deterministically from the contract
templates (five shifts a week, lunch and two short breaks), and 10 roster versions in the plan.
Peers, run in the same process right after the product code on the same data:

- plan save: pandas ``to_sql`` of the same tables into a fresh SQLite file (no temp file, no
  fsync, no rename — the unsafe floor an atomic save is compared with);
- plan open: pandas ``read_sql`` of those tables;
- XLSX: pandas ``to_excel`` (openpyxl engine) of the same cell values, sheet for sheet, with no
  colours, formats or widths;
- payroll CSV: pandas ``to_csv`` of the same rows;
- imports: pandas ``read_csv`` / ``read_excel`` of the same file (parsing only, no checks).

Real data: the fpp2 bank-call series (``/work/shared/data/fpp2-calls/calls.csv``) goes through
``wfm import`` → ``wfm export-scenario`` → ``wfm import`` and the two histories are compared
value for value. Skipped with a message when the file is absent.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from forecasting.io import read_history  # noqa: E402
from planner.domain import Roster, Scenario, Shift, TimeOff  # noqa: E402
from planner.errors import InputError  # noqa: E402
from planner.evaluation import Evaluation, horizon_index  # noqa: E402
from planner.export import roster_rows, write_roster_csv, write_roster_xlsx  # noqa: E402
from planner.importers import import_agents, import_time_off  # noqa: E402
from planner.project import Project  # noqa: E402
from planner.scenario import load_scenario, save_scenario  # noqa: E402

SAMPLE = ROOT / "resources" / "sample" / "sample.toml"
CALLS = Path("/work/shared/data/fpp2-calls/calls.csv")
SURNAMES = "李王张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗欧阳"
GIVEN = ["娜", "伟", "静", "敏", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "秀英"]


def timed(fn: Callable[[], Any], repeat: int) -> float:
    """Median wall seconds of ``repeat`` calls."""
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def centre(n_agents: int, weeks: int) -> tuple[Scenario, Roster, Evaluation]:
    """The sample scaled to ``n_agents`` with a deterministic ``weeks`` roster and its coverage frames."""
    base = load_scenario(SAMPLE)
    start = base.start_date or dt.date(2025, 12, 1)
    n_days = 7 * weeks
    rng = np.random.default_rng(5)
    agents = []
    for i in range(n_agents):
        proto = base.agents[i % len(base.agents)]
        name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i // len(SURNAMES)) % len(GIVEN)]
        off = ()
        if rng.random() < 0.1:
            first = start + dt.timedelta(days=int(rng.integers(0, n_days)))
            off = (TimeOff(first, first + dt.timedelta(days=int(rng.integers(0, 4))), "年假"),)
        agents.append(dataclasses.replace(proto, id=f"E{i:04d}", name=name, time_off=off))
    scenario = dataclasses.replace(base, agents=tuple(agents))
    templates = {t.name: t for t in scenario.templates}
    shifts = []
    for k, a in enumerate(scenario.agents):
        contract = scenario.contract(a.contract)
        work_days = (5, 6) if contract.weekend_only else tuple(sorted(rng.choice(7, 5, replace=False)))
        for d in range(n_days):
            day = start + dt.timedelta(days=d)
            if day.weekday() not in work_days or not a.available(day):
                continue
            names = [n for n in contract.templates if n != "night" or a.night_capable]
            t = templates[names[(k + d) % len(names)]]
            s0 = t.start_mins[(k + d) % len(t.start_mins)]
            s1 = s0 + t.length_min
            mid = s0 + (t.length_min // 2) // 15 * 15
            breaks = ((s0 + 120, s0 + 135), (mid, mid + 60), (s1 - 120, s1 - 105)) if t.unpaid_break_min else \
                ((mid, mid + 15),)
            shifts.append(Shift(a.id, day, t.name, s0, s1, t.unpaid_break_min, breaks))
    roster = Roster(start, n_days, tuple(shifts))
    index = horizon_index(start, n_days, scenario.interval_min)
    frames = []
    for q in scenario.queues:
        n = len(index)
        volume = np.round(rng.gamma(2.0, 10.0, n), 2)
        frames.append(pd.DataFrame({
            "start": index, "queue": q.name, "volume": volume, "aht_s": q.aht_s,
            "required": rng.integers(0, 30, n).astype(float), "scheduled": np.round(rng.uniform(0, 30, n), 2),
            "service_level": rng.uniform(0.5, 1.0, n), "asa_s": rng.uniform(0, 60, n),
            "occupancy": rng.uniform(0.4, 0.9, n), "p_abandon": rng.uniform(0, 0.1, n),
            "understaffed": rng.random(n) < 0.2}))
    interval = pd.concat(frames, ignore_index=True)
    daily = interval.assign(date=interval["start"].dt.date).groupby(["date", "queue"], sort=True).agg(
        volume=("volume", "sum"), service_level=("service_level", "mean"),
        understaffed_intervals=("understaffed", "sum")).reset_index()
    return scenario, roster, Evaluation(interval, daily, np.zeros(len(index)))


def shift_frame(roster: Roster, version_id: int) -> pd.DataFrame:
    return pd.DataFrame([(version_id, s.agent_id, s.day.isoformat(), s.template, s.start_min, s.end_min,
                          s.unpaid_break_min, str([list(b) for b in s.breaks]), int(s.locked))
                         for s in roster.shifts],
                        columns=["version_id", "agent_id", "day", "template", "start_min", "end_min",
                                 "unpaid_break_min", "breaks", "locked"])


def bench_plan(folder: Path, scenario: Scenario, roster: Roster, history: pd.DataFrame,
               repeat: int) -> list[tuple[str, float, str, float]]:
    path = folder / "centre.wfm"
    project = Project.create(path, scenario, history)
    for v in range(10):
        project.add_roster_version(f"v{v}", roster, "published" if v == 9 else "draft")
    save_s = timed(project.save, repeat)
    autosave_s = timed(project.autosave, repeat)
    project.close()
    open_s = timed(lambda: Project.open(path, read_only=True).roster_versions(), repeat)
    size_mb = path.stat().st_size / 2**20
    # peer: the same tables through pandas, straight into one SQLite file
    tables = {"history": history.assign(start=history["start"].dt.strftime("%Y-%m-%dT%H:%M:%S")),
              "shift": pd.concat([shift_frame(roster, v) for v in range(10)], ignore_index=True)}
    peer = folder / "peer.sqlite"

    def peer_save() -> None:
        peer.unlink(missing_ok=True)
        con = sqlite3.connect(peer)
        for name, frame in tables.items():
            frame.to_sql(name, con, index=False)
        con.commit()
        con.close()

    def peer_open() -> None:
        con = sqlite3.connect(peer)
        for name in tables:
            pd.read_sql_query(f"SELECT * FROM {name}", con)
        con.close()

    peer_save_s = timed(peer_save, repeat)
    peer_open_s = timed(peer_open, repeat)
    print(f"plan file: {size_mb:.1f} MB, {len(history):,} history rows, 10 versions × {len(roster.shifts):,} shifts")
    return [("plan save (atomic: temp db, commit, fsync, rename, fsync dir)", save_s,
             "pandas to_sql, same tables, no fsync/rename", peer_save_s),
            ("plan autosave to recovery file", autosave_s, "(same peer)", peer_save_s),
            ("plan open (in-memory copy, migrate check, parse all versions)", open_s,
             "pandas read_sql, same tables", peer_open_s)]


def bench_exports(folder: Path, scenario: Scenario, roster: Roster, evaluation: Evaluation,
                  repeat: int) -> list[tuple[str, float, str, float]]:
    xlsx = folder / "roster.xlsx"
    xlsx_s = timed(lambda: write_roster_xlsx(xlsx, scenario, roster, evaluation), repeat)
    from openpyxl import load_workbook
    wb = load_workbook(xlsx, read_only=True)
    sheets = {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}
    wb.close()
    cells = sum(len(r) for rows in sheets.values() for r in rows)

    def peer_xlsx() -> None:
        with pd.ExcelWriter(folder / "peer.xlsx", engine="openpyxl") as writer:
            for title, rows in sheets.items():
                pd.DataFrame(rows[1:], columns=[str(c) for c in rows[0]]).to_excel(writer, sheet_name=title,
                                                                                   index=False)

    peer_xlsx_s = timed(peer_xlsx, repeat)
    csv_s = timed(lambda: write_roster_csv(folder / "roster.csv", scenario, roster, bom=True), repeat)
    rows = pd.DataFrame(roster_rows(scenario, roster))
    peer_csv_s = timed(lambda: rows.to_csv(folder / "peer.csv", index=False, encoding="utf-8-sig"), repeat)
    print(f"workbook: {len(sheets)} sheets, {cells:,} cells, {xlsx.stat().st_size / 2**20:.1f} MB; "
          f"payroll CSV {len(rows):,} rows")
    return [(f"XLSX export ({len(sheets)} sheets, {cells:,} cells, styled)", xlsx_s,
             "pandas to_excel, same values, unstyled", peer_xlsx_s),
            (f"payroll CSV ({len(rows):,} agent-shifts, BOM)", csv_s, "pandas to_csv, same rows", peer_csv_s)]


def bench_imports(folder: Path, scenario: Scenario, repeat: int) -> list[tuple[str, float, str, float]]:
    agents = pd.DataFrame([{"id": a.id, "name": a.name, "team": a.team, "contract": a.contract,
                            "queues": ";".join(a.queues), "vip": "是" if a.vip else "否",
                            "night_capable": "yes" if a.night_capable else "no"} for a in scenario.agents])
    n_rep = 2000 // max(1, len(agents)) + 1
    big = pd.concat([agents.assign(id=agents["id"] + f"-{k}") for k in range(n_rep)], ignore_index=True)[:2000]
    csv_path, xlsx_path = folder / "agents.csv", folder / "agents.xlsx"
    big.to_csv(csv_path, index=False, encoding="gbk")
    big.to_excel(xlsx_path, index=False)
    rng = np.random.default_rng(9)
    off_rows = []
    for k, a in enumerate(scenario.agents):
        day = dt.date(2026, 1, 1) + dt.timedelta(days=int(rng.integers(0, 5)))
        for _ in range(100):  # 100 absences per agent, never overlapping
            last = day + dt.timedelta(days=int(rng.integers(0, 3)))
            off_rows.append((a.id, day.isoformat(), last.isoformat(), "年假"))
            day = last + dt.timedelta(days=int(rng.integers(2, 6)))
    off = pd.DataFrame(off_rows, columns=["agent_id", "first", "last", "reason"])
    off_path = folder / "time_off.csv"
    off.to_csv(off_path, index=False, encoding="utf-8-sig")
    no_off = dataclasses.replace(scenario, agents=tuple(dataclasses.replace(a, time_off=()) for a in scenario.agents))
    # worst case: the largest file allowed, all for one agent (every row checked against those above)
    worst = folder / "time_off_one_agent.csv"
    one = scenario.agents[0].id
    worst.write_text("agent_id,first\n" + "".join(
        f"{one},{dt.date(2030, 1, 1) + dt.timedelta(days=3 * i)}\n" for i in range(12_000)) + "".join(
        f"{one},{dt.date(2030, 1, 1) + dt.timedelta(days=i % 30_000)}\n" for i in range(88_000)), encoding="utf-8")

    def refused() -> None:
        try:
            import_time_off(worst, no_off)
        except InputError:
            return
        raise AssertionError("overlapping absences were accepted")

    return [
        ("import_time_off, 100,000 rows for one agent (88,000 overlaps reported)", timed(refused, repeat),
         "pandas read_csv", timed(lambda: pd.read_csv(worst, dtype=str), repeat)),
        ("import_agents, 2,000 rows, GBK CSV", timed(lambda: import_agents(csv_path, scenario), repeat),
         "pandas read_csv", timed(lambda: pd.read_csv(csv_path, encoding="gbk", dtype=str), repeat)),
        ("import_agents, 2,000 rows, XLSX", timed(lambda: import_agents(xlsx_path, scenario), repeat),
         "pandas read_excel", timed(lambda: pd.read_excel(xlsx_path, dtype=str), repeat)),
        (f"import_time_off, {len(off):,} rows, overlap checks", timed(lambda: import_time_off(off_path, no_off), repeat),
         "pandas read_csv", timed(lambda: pd.read_csv(off_path, encoding="utf-8-sig", dtype=str), repeat)),
    ]


def real_round_trip(folder: Path) -> None:
    if not CALLS.exists():
        print(f"real data: {CALLS} not found — skipped")
        return
    from planner.cli import main as wfm
    calls = pd.read_csv(CALLS)
    hist = pd.DataFrame({"start": calls["start"], "queue": "phone", "volume": calls["calls"]})
    src = folder / "calls"
    src.mkdir()
    hist.to_csv(src / "history.csv", index=False)
    base = load_scenario(SAMPLE)
    scenario = dataclasses.replace(base, queues=tuple(q for q in base.queues if q.name == "phone"),
                                   interval_min=5, floors=(), start_date=None,
                                   agents=tuple(dataclasses.replace(a, queues=("phone",)) for a in base.agents))
    save_scenario(scenario, src / "scenario.toml", history="history.csv")
    t0 = time.perf_counter()
    codes = [wfm(["import", str(src / "scenario.toml"), "-o", str(folder / "a.wfm")]),
             wfm(["export-scenario", str(folder / "a.wfm"), "-o", str(folder / "back")]),
             wfm(["import", str(folder / "back" / "scenario.toml"), "-o", str(folder / "b.wfm")])]
    wall = time.perf_counter() - t0
    a, b = Project.open(folder / "a.wfm", read_only=True), Project.open(folder / "b.wfm", read_only=True)
    same_history = a.history.equals(b.history)
    same_scenario = dataclasses.replace(a.scenario, history_path=None, source_path=None) == \
        dataclasses.replace(b.scenario, history_path=None, source_path=None)
    original = read_history(src / "history.csv").reset_index(drop=True)
    print(f"real data (fpp2 bank calls, {len(hist):,} five-minute rows): import → export-scenario → import "
          f"exit codes {codes}, {wall:.2f} s in all; histories identical: {same_history}; "
          f"scenarios identical: {same_scenario}; plan equals the CSV as read: {a.history.equals(original)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--agents", type=int, default=200)
    parser.add_argument("--weeks", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"load: {os.getloadavg()[0]:.2f} (1-min average) on {os.cpu_count()} cores")
    scenario, roster, evaluation = centre(args.agents, args.weeks)
    history = read_history(load_scenario(SAMPLE).history_path)
    results = []
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        results += bench_plan(folder, scenario, roster, history, args.repeat)
        results += bench_exports(folder, scenario, roster, evaluation, args.repeat)
        results += bench_imports(folder, scenario, args.repeat)
        real_round_trip(folder)
    print(f"\n{args.agents} agents × {args.weeks} weeks, median of {args.repeat}\n")
    print("| operation | product | peer | peer time | ratio |")
    print("|---|---|---|---|---|")
    for name, ours, peer_name, peer in results:
        print(f"| {name} | {ours:.3f} s | {peer_name} | {peer:.3f} s | {ours / peer:.1f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
