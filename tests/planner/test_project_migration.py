"""Plan files from earlier schema versions open, upgrade on save, and newer ones are refused."""
from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from planner.errors import ProjectFormatError, UnsupportedVersionError
from planner.project import (APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, STALE_TEMP_S, Project,
                             scenario_to_toml)
from tests.planner.export_fixtures import START, tiny_roster, tiny_scenario

# The v1 schema exactly as the first planner release wrote it (frozen here on purpose: the
# migration must keep working from what old files really contain, whatever the code says now).
V1_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE scenario (id INTEGER PRIMARY KEY CHECK (id = 1), toml TEXT NOT NULL);
CREATE TABLE history (start TEXT NOT NULL, queue TEXT NOT NULL, volume REAL NOT NULL,
                      aht_s REAL, abandoned REAL);
CREATE TABLE forecast (start TEXT NOT NULL, queue TEXT NOT NULL, volume REAL NOT NULL, aht_s REAL);
CREATE TABLE roster_version (id INTEGER PRIMARY KEY, name TEXT NOT NULL, created TEXT NOT NULL,
                             status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'archived')),
                             start_date TEXT NOT NULL, n_days INTEGER NOT NULL);
CREATE TABLE shift (version_id INTEGER NOT NULL REFERENCES roster_version(id), agent_id TEXT NOT NULL,
                    day TEXT NOT NULL, template TEXT NOT NULL, start_min INTEGER NOT NULL,
                    end_min INTEGER NOT NULL, unpaid_break_min INTEGER NOT NULL,
                    breaks TEXT NOT NULL, locked INTEGER NOT NULL);
"""


def write_v1_plan(path: Path) -> None:
    """A plan as planner v1 saved it: 2 history rows, 2 forecast rows, a published and a draft roster."""
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    con.executescript(V1_SCHEMA)
    with con:
        con.executemany("INSERT INTO meta VALUES (?, ?)", [("schema_version", "1"), ("saved", "2026-11-30T09:00:00")])
        con.execute("INSERT INTO scenario VALUES (1, ?)", (scenario_to_toml(tiny_scenario()),))
        con.executemany("INSERT INTO history VALUES (?, ?, ?, ?, ?)", [
            ("2026-11-30T08:00:00", "phone", 12.0, 287.5, 1.0),
            ("2026-11-30T08:00:00", "chat", 3.0, None, None)])
        con.executemany("INSERT INTO forecast VALUES (?, ?, ?, ?)", [
            ("2026-12-07T08:00:00", "phone", 14.25, 290.0), ("2026-12-07T08:00:00", "chat", 4.5, 400.0)])
        con.executemany("INSERT INTO roster_version VALUES (?, ?, ?, ?, ?, ?)", [
            (1, "week 50", "2026-11-30T09:00:00", "published", START.isoformat(), 3),
            (2, "what-if", "2026-11-30T10:00:00", "draft", START.isoformat(), 3)])
        for vid in (1, 2):
            con.executemany("INSERT INTO shift VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [
                (vid, s.agent_id, s.day.isoformat(), s.template, s.start_min, s.end_min, s.unpaid_break_min,
                 json.dumps([list(b) for b in s.breaks]), int(vid == 2 and s.agent_id == "A1"))
                for s in tiny_roster().shifts])
    con.close()


def meta_version(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
    finally:
        con.close()


def test_every_earlier_version_has_a_migration() -> None:
    assert sorted(MIGRATIONS) == list(range(1, SCHEMA_VERSION))


def test_v1_plan_opens_with_all_its_content(tmp_path: Path) -> None:
    path = tmp_path / "old.wfm"
    write_v1_plan(path)
    before = path.read_bytes()
    p = Project.open(path, read_only=True)
    assert p.upgraded_from == 1
    assert path.read_bytes() == before  # opening migrates in memory only
    assert p.scenario.agents == tiny_scenario().agents
    assert p.history["volume"].tolist() == [12.0, 3.0]
    assert p.history["aht_s"].iloc[0] == 287.5 and np.isnan(p.history["aht_s"].iloc[1])
    assert p.history["start"].iloc[0] == pd.Timestamp("2026-11-30 08:00")
    assert p.forecast is not None and p.forecast["volume"].tolist() == [14.25, 4.5]
    assert p.forecast[["volume_lo80", "volume_hi95"]].isna().all().all()  # v1 kept no bands
    assert [(v.id, v.name, v.status) for v in p.roster_versions()] == [
        (1, "week 50", "published"), (2, "what-if", "draft")]
    assert p.version(1).roster == tiny_roster()
    assert p.version("what-if").roster.shift_of("A1", START).locked
    assert p.version(1).created == dt.datetime(2026, 11, 30, 9, 0)


def test_v1_plan_is_written_in_the_current_version_on_save(tmp_path: Path) -> None:
    path = tmp_path / "old.wfm"
    write_v1_plan(path)
    p = Project.open(path)
    assert not p.read_only
    p.forecast = p.forecast.assign(volume_lo80=[10.0, 3.0], volume_hi80=[18.0, 6.0],
                                   volume_lo95=[8.0, 2.0], volume_hi95=[21.0, 7.5])
    p.save()
    p.close()
    assert meta_version(path) == str(SCHEMA_VERSION)
    q = Project.open(path, read_only=True)
    assert q.upgraded_from is None
    assert q.forecast["volume_hi95"].tolist() == [21.0, 7.5]
    assert [v.name for v in q.roster_versions()] == ["week 50", "what-if"]
    assert q.version(1).roster == tiny_roster()


def test_missing_migration_and_newer_file_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.wfm"
    write_v1_plan(path)
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(ProjectFormatError, match="no migration from plan version 0"):
        Project.open(path)
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    con.close()
    with pytest.raises(UnsupportedVersionError, match=f"version {SCHEMA_VERSION + 1} .* update the planner"):
        Project.open(path)


def test_damaged_v1_file_is_reported_not_crashed(tmp_path: Path) -> None:
    path = tmp_path / "old.wfm"
    write_v1_plan(path)
    con = sqlite3.connect(path)
    con.execute("DROP TABLE forecast")  # a v1 file some other tool mangled
    con.close()
    with pytest.raises(ProjectFormatError, match="damaged"):
        Project.open(path)


def test_forecast_bands_survive_a_save(tmp_path: Path) -> None:
    path = tmp_path / "plan.wfm"
    history = pd.DataFrame({"start": pd.date_range("2026-11-30", periods=4, freq="h"), "queue": "phone",
                            "volume": [1.0, 2.0, 3.0, 4.0], "aht_s": 300.0, "abandoned": np.nan})
    forecast = pd.DataFrame({"start": pd.date_range("2026-12-07", periods=2, freq="h"), "queue": "phone",
                             "volume": [5.5, 6.5], "aht_s": [301.0, 302.0], "volume_lo80": [4.0, 5.0],
                             "volume_hi80": [7.0, 8.0], "volume_lo95": [3.0, 4.0], "volume_hi95": [8.0, 9.25]})
    p = Project.create(path, tiny_scenario(), history)
    p.forecast = forecast
    p.save()
    p.close()
    got = Project.open(path, read_only=True).forecast
    pd.testing.assert_frame_equal(got, forecast, check_exact=True)


def test_lock_holder_clears_only_stale_temp_files(tmp_path: Path) -> None:
    path = tmp_path / "plan.wfm"
    history = pd.DataFrame({"start": pd.date_range("2026-11-30", periods=2, freq="h"), "queue": "phone",
                            "volume": [1.0, 2.0], "aht_s": 300.0, "abandoned": np.nan})
    Project.create(path, tiny_scenario(), history).close()
    stale, fresh = tmp_path / ".plan.wfm.abc123.tmp", tmp_path / ".plan.wfm.def456.tmp"
    other = tmp_path / ".other.wfm.abc123.tmp"
    for f in (stale, fresh, other):
        f.write_bytes(b"half a save")
    old = time.time() - STALE_TEMP_S - 60
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    Project.open(path, read_only=True)  # a reader never deletes anything
    assert stale.exists()
    Project.open(path).close()
    assert not stale.exists() and fresh.exists() and other.exists()
