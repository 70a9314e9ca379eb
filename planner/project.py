"""Plan files (``.wfm``): one SQLite database holding a whole plan.

A plan keeps the scenario (as its TOML text, so it round-trips exactly through
``wfm export-scenario``), the contact history, the latest forecast and every roster version
(the published one and drafts). SQLite is the right tool for an application file: one file,
typed tables, transactions, readable by any tool.

Safety rules:
- Saves never modify the file in place: the whole plan is written to a temporary database in
  the same folder, committed, fsynced and renamed over the old file (``os.replace`` is atomic),
  so a crash or power loss leaves either the old plan or the new one, never a mix.
- ``autosave()`` writes the same content to ``recovery_path(path)``; a clean ``save()`` removes
  it, so a recovery file found at open time means the last session did not end cleanly.
- A lock file (``<plan>.lock`` holding the owner's pid) marks a plan that is open for writing; a
  second instance gets ``read_only=True`` and a warning instead of two writers.
- Files carry ``schema_version``; older versions migrate step by step (``MIGRATIONS``), newer
  ones are refused with :class:`UnsupportedVersionError`.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import os
import socket
import sqlite3
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd
import tomli_w

from planner.domain import Roster, Scenario, Shift
from planner.errors import ProjectFormatError, UnsupportedVersionError
from planner.export import file_mode
from planner.scenario import scenario_from_dict, scenario_to_dict

SCHEMA_VERSION = 2
APPLICATION_ID = 0x57464D31  # "WFM1": lets `file`/sqlite tools tell a plan from any database

# The current schema, used for every save. Older files are upgraded by MIGRATIONS on open.
SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE scenario (id INTEGER PRIMARY KEY CHECK (id = 1), toml TEXT NOT NULL);
CREATE TABLE history (start TEXT NOT NULL, queue TEXT NOT NULL, volume REAL NOT NULL,
                      aht_s REAL, abandoned REAL);
CREATE TABLE forecast (start TEXT NOT NULL, queue TEXT NOT NULL, volume REAL NOT NULL, aht_s REAL,
                       volume_lo80 REAL, volume_hi80 REAL, volume_lo95 REAL, volume_hi95 REAL);
CREATE TABLE roster_version (id INTEGER PRIMARY KEY, name TEXT NOT NULL, created TEXT NOT NULL,
                             status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'archived')),
                             start_date TEXT NOT NULL, n_days INTEGER NOT NULL);
CREATE TABLE shift (version_id INTEGER NOT NULL REFERENCES roster_version(id), agent_id TEXT NOT NULL,
                    day TEXT NOT NULL, template TEXT NOT NULL, start_min INTEGER NOT NULL,
                    end_min INTEGER NOT NULL, unpaid_break_min INTEGER NOT NULL,
                    breaks TEXT NOT NULL, locked INTEGER NOT NULL);
"""
FORECAST_COLUMNS = ("start", "queue", "volume", "aht_s", "volume_lo80", "volume_hi80", "volume_lo95", "volume_hi95")
HISTORY_COLUMNS = ("start", "queue", "volume", "aht_s", "abandoned")


def _v1_to_v2(con: sqlite3.Connection) -> None:
    """v2 keeps the forecast's uncertainty bands; v1 plans had none, so they stay empty (NULL)."""
    for column in FORECAST_COLUMNS[4:]:
        con.execute(f"ALTER TABLE forecast ADD COLUMN {column} REAL")
    con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")


# from-version → function upgrading a connection by one version (inside the open transaction).
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _v1_to_v2}
STATUSES = ("draft", "published", "archived")


def recovery_path(path: str | os.PathLike[str]) -> Path:
    """Where autosave writes for the plan at ``path``."""
    p = Path(path)
    return p.with_name(p.name + ".recovery")


def has_recovery(path: str | os.PathLike[str]) -> bool:
    """True if an autosave newer than the plan is waiting to be offered back."""
    rec = recovery_path(path)
    if not rec.exists():
        return False
    p = Path(path)
    return not p.exists() or rec.stat().st_mtime >= p.stat().st_mtime


def is_plan_file(path: str | os.PathLike[str]) -> bool:
    """True for an existing SQLite file (what a plan is), whatever its name ends with."""
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def lock_path(path: str | os.PathLike[str]) -> Path:
    p = Path(path)
    return p.with_name(p.name + ".lock")


@dataclass(frozen=True)
class RosterVersion:
    """One saved roster: the published plan or a draft."""

    id: int
    name: str
    created: dt.datetime
    status: str
    roster: Roster


@dataclass(frozen=True)
class AgentChange:
    agent_id: str
    days_changed: tuple[dt.date, ...]
    hours_delta: float


@dataclass(frozen=True)
class RosterComparison:
    """What changed between two roster versions: who, how many hours, service level."""

    changes: tuple[AgentChange, ...]
    hours_delta: float
    service_level_delta: dict[str, float] | None

    @property
    def changed_agents(self) -> list[str]:
        return [c.agent_id for c in self.changes]


def compare(a: Roster, b: Roster, evaluation_a: Any = None, evaluation_b: Any = None) -> RosterComparison:
    """Differences from roster ``a`` to ``b``; SL delta per queue when both evaluations are given."""
    def by_agent(r: Roster) -> dict[str, dict[dt.date, Shift]]:
        out: dict[str, dict[dt.date, Shift]] = {}
        for s in r.shifts:
            out.setdefault(s.agent_id, {})[s.day] = s
        return out

    def key(s: Shift | None) -> tuple[Any, ...] | None:
        return None if s is None else (s.template, s.start_min, s.end_min, s.unpaid_break_min, s.breaks)

    sa, sb = by_agent(a), by_agent(b)
    changes = []
    for agent_id in sorted(set(sa) | set(sb)):
        da, db = sa.get(agent_id, {}), sb.get(agent_id, {})
        days = tuple(sorted(d for d in set(da) | set(db) if key(da.get(d)) != key(db.get(d))))
        if days:
            hours = (sum(s.paid_min for s in db.values()) - sum(s.paid_min for s in da.values())) / 60
            changes.append(AgentChange(agent_id, days, round(hours, 2)))
    total = (sum(s.paid_min for s in b.shifts) - sum(s.paid_min for s in a.shifts)) / 60
    sl: dict[str, float] | None = None
    if evaluation_a is not None and evaluation_b is not None:
        la, lb = _overall_service(evaluation_a.interval), _overall_service(evaluation_b.interval)
        sl = {q: round(lb[q] - la.get(q, 0.0), 6) for q in lb}
    return RosterComparison(tuple(changes), round(total, 2), sl)


def _overall_service(interval: pd.DataFrame) -> dict[str, float]:
    # volume-weighted, as planner.evaluation.overall_service (kept local: no staffing import here)
    out: dict[str, float] = {}
    for name, g in interval.groupby("queue", sort=False):
        vol = float(g["volume"].sum())
        out[str(name)] = float((g["service_level"] * g["volume"]).sum() / vol) if vol > 0 else 1.0
    return out


def _iso_day(d: dt.date) -> str:
    return d.isoformat()


class Project:
    """An open plan file. Edit the attributes, then ``save()``."""

    def __init__(self, path: Path, scenario_toml: str, history: pd.DataFrame,
                 forecast: pd.DataFrame | None = None, versions: list[RosterVersion] | None = None,
                 read_only: bool = False) -> None:
        self.path = path
        self.scenario_toml = scenario_toml
        self.history = history
        self.forecast = forecast
        self._versions: list[RosterVersion] = list(versions or [])
        self.read_only = read_only
        self.warning: str | None = None
        # schema version the file had when it was opened, if older than SCHEMA_VERSION: the next
        # save writes it in the current version (older planners then refuse it)
        self.upgraded_from: int | None = None
        self._scenario: Scenario | None = None

    # ------------------------------------------------------------ scenario
    @property
    def scenario(self) -> Scenario:
        if self._scenario is None:
            data = tomllib.loads(self.scenario_toml)
            self._scenario = scenario_from_dict(data, file=f"{self.path} (scenario)", base_dir=self.path.parent)
        return self._scenario

    def set_scenario(self, scenario: Scenario) -> None:
        self.scenario_toml = scenario_to_toml(scenario)
        self._scenario = None

    # --------------------------------------------------------- open/create
    @classmethod
    def create(cls, path: str | os.PathLike[str], scenario: Scenario | str, history: pd.DataFrame) -> "Project":
        """A new plan file at ``path`` (written at once, then locked for this process)."""
        text = scenario if isinstance(scenario, str) else scenario_to_toml(scenario)
        project = cls(Path(path), text, history)
        project.scenario  # validate before writing anything
        project.save()
        project._acquire_lock()
        return project

    @classmethod
    def open(cls, path: str | os.PathLike[str], read_only: bool = False) -> "Project":
        """Open a plan; migrates older files in memory (saved on the next save)."""
        p = Path(path)
        if not p.exists():
            raise ProjectFormatError(f"{p}: no such plan file — check the path")
        project = _read(p)
        project.read_only = read_only
        if not read_only:
            project._acquire_lock()
        return project

    @classmethod
    def open_recovery(cls, path: str | os.PathLike[str]) -> "Project":
        """Open the autosave of ``path``; saving it writes to ``path`` itself."""
        project = _read(recovery_path(path))
        project.path = Path(path)
        project._acquire_lock()
        return project

    def _acquire_lock(self) -> None:
        lock = lock_path(self.path)
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            holder = _lock_holder(lock)
            if holder is not None:
                self.read_only = True
                self.warning = (f"{self.path.name} is open in another planner window ({holder}); opened "
                                f"read-only — use Save As to keep your changes. If that planner is no longer "
                                f"running, delete {lock.name} and open the plan again")
                return
            lock.unlink(missing_ok=True)  # stale lock of a crashed session
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        with os.fdopen(fd, "w") as fh:
            fh.write(_lock_text(os.getpid()))
        self._locked = True
        _remove_stale_temps(self.path)

    def close(self) -> None:
        """Release the lock (the file itself is only written by save)."""
        if getattr(self, "_locked", False):
            lock_path(self.path).unlink(missing_ok=True)
            self._locked = False

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---------------------------------------------------------------- save
    def save(self) -> None:
        """Write the whole plan atomically; removes the recovery file."""
        if self.read_only:
            raise ProjectFormatError(f"{self.path.name} is open read-only; use Save As to write a copy")
        _write(self, self.path)
        recovery_path(self.path).unlink(missing_ok=True)

    def save_as(self, path: str | os.PathLike[str]) -> None:
        """Write to a new file, which becomes this project's file (and lock)."""
        self.close()
        self.path = Path(path)
        self.read_only = False
        self.warning = None
        _write(self, self.path)
        self._acquire_lock()

    def autosave(self) -> Path:
        """Write the current state to the recovery file (atomically too)."""
        rec = recovery_path(self.path)
        _write(self, rec)
        return rec

    # ------------------------------------------------------------- rosters
    def roster_versions(self) -> list[RosterVersion]:
        return list(self._versions)

    def add_roster_version(self, name: str, roster: Roster, status: str = "draft") -> RosterVersion:
        """Keep a roster as a new version; publishing one archives the previously published."""
        if status not in STATUSES:
            raise ProjectFormatError(f"unknown roster status {status!r}: use one of {', '.join(STATUSES)}")
        if status == "published":
            self._versions = [RosterVersion(v.id, v.name, v.created, "archived", v.roster)
                              if v.status == "published" else v for v in self._versions]
        version = RosterVersion(max((v.id for v in self._versions), default=0) + 1, name,
                                dt.datetime.now().replace(microsecond=0), status, roster)
        self._versions.append(version)
        return version

    def publish(self, ref: int | str) -> RosterVersion:
        """Make an existing version the published one; the previously published is archived."""
        target = self.version(ref)
        self._versions = [
            dataclasses.replace(v, status="published") if v.id == target.id
            else dataclasses.replace(v, status="archived") if v.status == "published" else v
            for v in self._versions]
        return self.version(target.id)

    def published(self) -> RosterVersion | None:
        return next((v for v in reversed(self._versions) if v.status == "published"), None)

    def version(self, ref: int | str) -> RosterVersion:
        for v in self._versions:
            if v.id == ref or v.name == ref:
                return v
        raise ProjectFormatError(f"no roster version {ref!r} in {self.path.name}")

    def compare(self, a: int | str, b: int | str, evaluation_a: Any = None,
                evaluation_b: Any = None) -> RosterComparison:
        return compare(self.version(a).roster, self.version(b).roster, evaluation_a, evaluation_b)


def scenario_to_toml(scenario: Scenario) -> str:
    return tomli_w.dumps(scenario_to_dict(scenario))


STALE_TEMP_S = 600.0


def _remove_stale_temps(path: Path) -> None:
    """Delete temp databases left by saves that were killed midway (never the plan itself).

    Only called by the lock holder, the one process that saves this plan, and only for temp
    files older than ``STALE_TEMP_S`` so a save still running elsewhere is never touched.
    """
    now = dt.datetime.now().timestamp()
    prefix = f".{path.name}."
    for tmp in path.parent.iterdir():
        if not (tmp.name.startswith(prefix) and tmp.name.endswith(".tmp")):
            continue
        try:
            if now - tmp.stat().st_mtime > STALE_TEMP_S:
                tmp.unlink()
        except OSError:
            continue  # already gone or not ours to delete: leaving it is harmless


def _lock_text(pid: int) -> str:
    """``pid host start``: the start time tells a live owner from a new process that reused its pid."""
    return f"{pid} {socket.gethostname()} {_start_time(pid) or '-'}"


def _lock_holder(lock: Path) -> str | None:
    """Who holds ``lock`` ("pid 123", "pid 123 on host pc-7"), or None when it is stale or ours.

    A lock from another computer (a plan on a shared drive) cannot be checked from here, so it
    counts as held; a local one is held while its process runs and is the same process.
    """
    try:
        parts = lock.read_text(encoding="utf-8", errors="replace").split()
        pid = int(parts[0])
    except (OSError, ValueError, IndexError):
        return None  # unreadable or empty: left by a crash between create and write
    host = parts[1] if len(parts) > 1 else socket.gethostname()  # a bare pid: written on this computer
    if host != socket.gethostname():
        return f"pid {pid} on computer {host}"
    if pid == os.getpid() or not _alive(pid):
        return None
    started = parts[2] if len(parts) > 2 else "-"
    if started != "-" and _start_time(pid) not in (None, started):
        return None  # the pid now belongs to another process
    return f"pid {pid}"


def _start_time(pid: int) -> str | None:
    """Process start time in clock ticks since boot (Linux /proc), or None where unavailable."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rfind(")") + 2:].split()  # after "pid (name) "; field 22 is the 20th here
    return fields[19] if len(fields) > 19 else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# ------------------------------------------------------------------ storage
def _frame_rows(frame: pd.DataFrame | None, columns: tuple[str, ...]) -> list[tuple[Any, ...]]:
    if frame is None or not len(frame):
        return []
    out = pd.DataFrame({c: frame[c] if c in frame else None for c in columns})
    # numpy's formatter is ~20× faster than .dt.strftime and gives the same ISO text
    out["start"] = np.datetime_as_string(pd.to_datetime(out["start"]).to_numpy().astype("datetime64[s]"), unit="s")
    out = out.astype(object).where(out.notna(), None)
    return list(out.itertuples(index=False, name=None))


def _write(project: Project, target: Path) -> None:
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        os.chmod(tmp, file_mode(target))
        con = sqlite3.connect(tmp)
        try:
            con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            con.executescript(SCHEMA)
            with con:
                con.executemany("INSERT INTO meta VALUES (?, ?)", [
                    ("schema_version", str(SCHEMA_VERSION)),
                    ("saved", dt.datetime.now().isoformat(timespec="seconds"))])
                con.execute("INSERT INTO scenario VALUES (1, ?)", (project.scenario_toml,))
                con.executemany("INSERT INTO history VALUES (?, ?, ?, ?, ?)",
                                _frame_rows(project.history, HISTORY_COLUMNS))
                con.executemany("INSERT INTO forecast VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                _frame_rows(project.forecast, FORECAST_COLUMNS))
                for v in project._versions:
                    con.execute("INSERT INTO roster_version VALUES (?, ?, ?, ?, ?, ?)",
                                (v.id, v.name, v.created.isoformat(), v.status,
                                 _iso_day(v.roster.start_date), v.roster.n_days))
                    con.executemany("INSERT INTO shift VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [
                        (v.id, s.agent_id, _iso_day(s.day), s.template, s.start_min, s.end_min,
                         s.unpaid_break_min, json.dumps([list(b) for b in s.breaks]), int(s.locked))
                        for s in v.roster.shifts])
        finally:
            con.close()
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _fsync_dir(folder: Path) -> None:
    # the rename itself must reach the disk for the save to survive a power loss
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems refuse fsync on directories; the rename is still atomic
    finally:
        os.close(fd)


def _read(path: Path) -> Project:
    with open(path, "rb") as fh:
        head = fh.read(16)
    if head != b"SQLite format 3\x00":
        raise ProjectFormatError(f"{path}: not a plan file (not an SQLite database) — open a .wfm file "
                                 "or import a scenario with `wfm import`")
    # read via an in-memory copy: never write to (or leave journals beside) the user's file
    con = sqlite3.connect(":memory:")
    try:
        src = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            src.backup(con)
        finally:
            src.close()
        version = _schema_version(con, path)
        if version > SCHEMA_VERSION:
            raise UnsupportedVersionError(
                f"{path}: plan file version {version} was written by a newer planner (this one reads up to "
                f"version {SCHEMA_VERSION}) — update the planner to open it")
        found = version
        with con:
            while version < SCHEMA_VERSION:
                if version not in MIGRATIONS:
                    raise ProjectFormatError(f"{path}: no migration from plan version {version}")
                MIGRATIONS[version](con)
                version += 1
        project = _load(con, path)
        project.upgraded_from = found if found < SCHEMA_VERSION else None
        return project
    except sqlite3.DatabaseError as exc:
        raise ProjectFormatError(f"{path}: the plan file is damaged ({exc}) — open its recovery file or a backup") \
            from None
    finally:
        con.close()


def _schema_version(con: sqlite3.Connection, path: Path) -> int:
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.OperationalError:
        row = None
    if row is None or not str(row[0]).isdigit():
        raise ProjectFormatError(f"{path}: not a plan file (no schema version) — open a .wfm file")
    return int(row[0])


def _load(con: sqlite3.Connection, path: Path) -> Project:
    row = con.execute("SELECT toml FROM scenario WHERE id = 1").fetchone()
    if row is None:
        raise ProjectFormatError(f"{path}: the plan holds no scenario — the file is damaged")
    history = pd.read_sql_query("SELECT start, queue, volume, aht_s, abandoned FROM history", con)
    history["start"] = pd.to_datetime(history["start"])
    history["queue"] = history["queue"].astype(str)
    for c in ("volume", "aht_s", "abandoned"):
        history[c] = history[c].astype(float)
    forecast = pd.read_sql_query(f"SELECT {', '.join(FORECAST_COLUMNS)} FROM forecast", con)
    forecast["start"] = pd.to_datetime(forecast["start"])
    forecast["queue"] = forecast["queue"].astype(str)
    for c in FORECAST_COLUMNS[2:]:
        forecast[c] = forecast[c].astype(float)
    versions = []
    for vid, name, created, status, start, n_days in con.execute(
            "SELECT id, name, created, status, start_date, n_days FROM roster_version ORDER BY id"):
        shifts = tuple(
            Shift(agent_id=a, day=dt.date.fromisoformat(d), template=t, start_min=s0, end_min=s1,
                  unpaid_break_min=ub, breaks=tuple(tuple(b) for b in json.loads(br)), locked=bool(lk))
            for a, d, t, s0, s1, ub, br, lk in con.execute(
                "SELECT agent_id, day, template, start_min, end_min, unpaid_break_min, breaks, locked "
                "FROM shift WHERE version_id = ? ORDER BY rowid", (vid,)))
        versions.append(RosterVersion(vid, name, dt.datetime.fromisoformat(created), status,
                                      Roster(dt.date.fromisoformat(start), n_days, shifts)))
    return Project(path, row[0], history, forecast if len(forecast) else None, versions)


def history_to_csv(history: pd.DataFrame) -> str:
    """History in the scenario's CSV format (start, queue, volume, aht_s, abandoned).

    Floats are written with Python's shortest round-trip repr (no ``float_format``), so reading
    the CSV back gives bit-identical numbers: ``wfm export-scenario`` must not round history.
    """
    out = history[list(HISTORY_COLUMNS)].copy()
    stamps = pd.to_datetime(out["start"])
    with_seconds = bool((stamps.dt.second != 0).any())
    out["start"] = stamps.dt.strftime("%Y-%m-%dT%H:%M:%S" if with_seconds else "%Y-%m-%dT%H:%M")
    buf = io.StringIO()
    out.to_csv(buf, index=False)
    return buf.getvalue()
