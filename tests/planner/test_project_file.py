"""Plan files: round trip, versions, refusal of newer files, locks, recovery, import/export."""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from planner.cli import main
from planner.domain import Roster, Scenario, Shift
from planner.errors import ProjectFormatError, UnsupportedVersionError
from planner.project import Project, compare, has_recovery, lock_path, recovery_path
from planner.scenario import load_scenario, save_scenario
from tests.planner.export_fixtures import START, FakeEvaluation, tiny_roster, tiny_scenario


def history(n_days: int = 2) -> pd.DataFrame:
    idx = pd.date_range("2026-11-23", periods=n_days * 24, freq="60min")
    rng = np.random.default_rng(7)
    return pd.concat([pd.DataFrame({"start": idx, "queue": q, "volume": rng.integers(0, 50, len(idx)).astype(float),
                                    "aht_s": 280.5, "abandoned": np.nan}) for q in ("phone", "chat")],
                     ignore_index=True)


def test_round_trip_with_roster_versions(tmp_path: Path) -> None:
    path = tmp_path / "plan.wfm"
    p = Project.create(path, tiny_scenario(), history())
    p.add_roster_version("draft 1", tiny_roster())
    p.add_roster_version("final", tiny_roster(), "published")
    p.save()
    p.close()
    q = Project.open(path)
    assert q.scenario.agents == tiny_scenario().agents
    pd.testing.assert_frame_equal(q.history, history(), check_dtype=False)
    assert [(v.name, v.status) for v in q.roster_versions()] == [("draft 1", "draft"), ("final", "published")]
    assert q.version("final").roster == tiny_roster()
    q.add_roster_version("v3", tiny_roster(), "published")
    assert [v.status for v in q.roster_versions()] == ["draft", "archived", "published"]
    q.close()


def test_compare_who_and_hours_and_service(tmp_path: Path) -> None:
    a = tiny_roster()
    extra = Shift("A3", START, "day", 480, 1020, 60)
    b = Roster(a.start_date, a.n_days, tuple(s for s in a.shifts if s.agent_id != "A2") + (extra,))
    ev_a, ev_b = FakeEvaluation(), FakeEvaluation()
    ev_b.interval["service_level"] = ev_b.interval["service_level"] + 0.05
    cmp = compare(a, b, ev_a, ev_b)
    assert cmp.changed_agents == ["A2", "A3"]
    assert cmp.hours_delta == pytest.approx(0.0)
    assert {c.agent_id: c.hours_delta for c in cmp.changes} == {"A2": -8.0, "A3": 8.0}
    assert cmp.service_level_delta == {"phone": pytest.approx(0.05), "chat": pytest.approx(0.05)}


def test_newer_version_refused_and_garbage_rejected(tmp_path: Path) -> None:
    path = tmp_path / "plan.wfm"
    Project.create(path, tiny_scenario(), history()).close()
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(UnsupportedVersionError, match="newer planner"):
        Project.open(path)
    junk = tmp_path / "junk.wfm"
    junk.write_bytes(b"PK\x03\x04 not a database")
    with pytest.raises(ProjectFormatError, match="not a plan file"):
        Project.open(junk)
    other = tmp_path / "other.wfm"
    sqlite3.connect(other).execute("CREATE TABLE x (a)").connection.close()
    with pytest.raises(ProjectFormatError, match="no schema version"):
        Project.open(other)


def test_second_instance_gets_read_only(tmp_path: Path) -> None:
    path = tmp_path / "plan.wfm"
    first = Project.create(path, tiny_scenario(), history())
    lock_path(path).write_text("1")  # pid 1 (init) is always alive: another instance holds it
    second = Project.open(path)
    assert second.read_only and "read-only" in (second.warning or "")
    with pytest.raises(ProjectFormatError, match="read-only"):
        second.save()
    second.save_as(tmp_path / "copy.wfm")
    assert Project.open(tmp_path / "copy.wfm", read_only=True).scenario.name == "tiny"
    lock_path(path).write_text("999999999")  # dead pid: stale lock is taken over
    third = Project.open(path)
    assert not third.read_only
    third.close()
    first.close()


def test_autosave_offered_back_and_cleared_by_save(tmp_path: Path) -> None:
    path = tmp_path / "plan.wfm"
    p = Project.create(path, tiny_scenario(), history())
    assert not has_recovery(path)
    p.add_roster_version("unsaved", tiny_roster())
    p.autosave()
    assert has_recovery(path) and recovery_path(path).exists()
    p.close()
    rec = Project.open_recovery(path)
    assert [v.name for v in rec.roster_versions()] == ["unsaved"]
    rec.save()
    assert not has_recovery(path)
    assert [v.name for v in Project.open(path, read_only=True).roster_versions()] == ["unsaved"]
    rec.close()


SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample" / "sample.toml"


def _same_scenario(a: Scenario, b: Scenario) -> None:
    """Every field equal except where the files live."""
    assert dataclasses.replace(a, history_path=None, source_path=None) == \
        dataclasses.replace(b, history_path=None, source_path=None)


def _rich_scenario() -> Scenario:
    """The sample centre's scenario (VIP, deferred email, floors, time off) or the tiny one."""
    return load_scenario(SAMPLE) if SAMPLE.exists() else tiny_scenario()


def _acd_history(scenario: Scenario, n_days: int = 2) -> pd.DataFrame:
    """History as an ACD exports it: counts, AHT with up to 3 decimals, gaps (NaN), every queue."""
    idx = pd.date_range("2025-11-24", periods=n_days * 1440 // scenario.interval_min,
                        freq=f"{scenario.interval_min}min")
    rng = np.random.default_rng(11)
    frames = []
    for q in scenario.queues:
        n = len(idx)
        aht = np.round(rng.uniform(60, 900, n), 3)
        aht[rng.random(n) < 0.1] = np.nan
        abandoned = rng.integers(0, 5, n).astype(float)
        abandoned[rng.random(n) < 0.5] = np.nan
        frames.append(pd.DataFrame({"start": idx, "queue": q.name, "volume": rng.integers(0, 80, n).astype(float),
                                    "aht_s": aht, "abandoned": abandoned}))
    return pd.concat(frames, ignore_index=True)


def test_import_export_import_is_lossless(tmp_path: Path) -> None:
    from forecasting.io import read_history
    src = tmp_path / "src"
    src.mkdir()
    scenario = _rich_scenario()
    hist = _acd_history(scenario)
    out = hist.copy()
    out["start"] = out["start"].dt.strftime("%Y-%m-%dT%H:%M")
    out.to_csv(src / "history.csv", index=False)
    save_scenario(scenario, src / "scenario.toml", history="history.csv")
    first, second = tmp_path / "first.wfm", tmp_path / "second.wfm"
    assert main(["import", str(src / "scenario.toml"), "-o", str(first)]) == 0
    assert main(["import", str(src / "scenario.toml"), "-o", str(first)]) == 2  # exists, no --force
    assert main(["export-scenario", str(first), "-o", str(tmp_path / "back")]) == 0
    assert main(["import", str(tmp_path / "back" / "scenario.toml"), "-o", str(second)]) == 0
    a, b = Project.open(first, read_only=True), Project.open(second, read_only=True)
    _same_scenario(a.scenario, scenario)
    _same_scenario(b.scenario, a.scenario)
    pd.testing.assert_frame_equal(b.history, a.history, check_exact=True)
    # and the plan holds what the reader made of the original CSV, value for value
    pd.testing.assert_frame_equal(a.history, read_history(src / "history.csv").reset_index(drop=True),
                                  check_exact=True, check_dtype=False)
    assert len(a.history) == len(hist) and a.history["aht_s"].isna().sum() == hist["aht_s"].isna().sum()


def test_second_process_holding_the_plan(tmp_path: Path) -> None:
    path = tmp_path / "plan.wfm"
    Project.create(path, tiny_scenario(), history()).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from planner.project import Project; p = Project.open(sys.argv[1]); "
                               "print('open', flush=True); sys.stdin.readline(); p.close()", str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[2])
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        second = Project.open(path)
        assert second.read_only and f"pid {holder.pid}" in (second.warning or "")
        with pytest.raises(ProjectFormatError, match="read-only"):
            second.save()
        holder.kill()  # the holder crashes without releasing its lock
        holder.wait(10)
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait(10)
    third = Project.open(path)  # a dead holder's lock is taken over
    assert not third.read_only and third.warning is None
    third.close()
    assert not lock_path(path).exists()


@pytest.mark.slow
def test_sample_centre_round_trip(tmp_path: Path) -> None:
    sample = SAMPLE
    if not sample.exists():
        pytest.skip("bundled sample not generated")
    from forecasting.io import read_history
    plan = tmp_path / "sample.wfm"
    assert main(["import", str(sample), "-o", str(plan)]) == 0
    assert main(["export-scenario", str(plan), "-o", str(tmp_path / "out")]) == 0
    a, b = load_scenario(sample), load_scenario(tmp_path / "out" / "scenario.toml")
    _same_scenario(a, b)
    pd.testing.assert_frame_equal(read_history(a.history_path).reset_index(drop=True),
                                  read_history(b.history_path).reset_index(drop=True), check_exact=True)


def test_lock_owner_checks_host_and_process_identity(tmp_path: Path) -> None:
    import socket
    from planner.project import _start_time
    path = tmp_path / "plan.wfm"
    Project.create(path, tiny_scenario(), history()).close()
    lock = lock_path(path)
    here = socket.gethostname()
    started = _start_time(1)
    if started is not None:  # pid 1 runs, but not the process that wrote the lock: the pid was reused
        lock.write_text(f"1 {here} {int(started) + 12345}")
        p = Project.open(path)
        assert not p.read_only and lock.read_text().split()[0] == str(os.getpid())
        p.close()
        lock.write_text(f"1 {here} {started}")  # the very process that wrote it: still holds the plan
        assert Project.open(path).read_only
    lock.write_text("4242 planning-pc-7 99")  # another computer on the shared drive: cannot be checked
    p = Project.open(path)
    assert p.read_only and "pid 4242 on computer planning-pc-7" in (p.warning or "")
    assert "delete plan.wfm.lock" in (p.warning or "")
    lock.write_text("")  # a crash between creating the lock and writing it
    p = Project.open(path)
    assert not p.read_only
    p.close()
    assert not lock.exists()
