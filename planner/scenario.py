"""Read and write scenario TOML files.

The scenario file is the human-editable description of a centre (see docs/scenario.md).
Loading validates everything and reports all problems at once, each naming the file, the
table and the field, so a planner can fix the file in one pass.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from planner.domain import (CHANNELS, Agent, Contract, CoverFloor, Queue, Rules, Scenario, ShrinkageWindow,
                            ShiftTemplate, TimeOff)
from planner.errors import InputProblem, ScenarioError


def parse_hhmm(text: Any) -> int:
    """'08:30' → 510 minutes from midnight; '24:00' → 1440."""
    if not isinstance(text, str) or ":" not in text:
        raise ValueError(f"expected a time like '08:30', got {text!r}")
    hh, mm = text.strip().split(":", 1)
    if not (hh.isdigit() and mm.isdigit() and len(mm) == 2):
        raise ValueError(f"expected a time like '08:30', got {text!r}")
    minutes = int(hh) * 60 + int(mm)
    if not 0 <= minutes <= 48 * 60 or not 0 <= int(mm) < 60:
        raise ValueError(f"time out of range: {text!r}")
    return minutes


def format_hhmm(minutes: int) -> str:
    """510 → '08:30'; 1440 → '24:00'."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


class _Reader:
    """Collects problems while reading tables, so all of them are reported together."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[InputProblem] = []

    def problem(self, where: str, message: str, fix: str) -> None:
        self.problems.append(InputProblem(message, file=self.file, column=where, fix=fix))

    def get(self, table: dict[str, Any], key: str, where: str, kind: type | tuple[type, ...],
            default: Any = ..., fix: str = "") -> Any:
        if key not in table:
            if default is ...:
                self.problem(f"{where}.{key}", "required field is missing", fix or f"add {key} = …")
                return None
            return default
        value = table[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if float in kinds and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            names = " or ".join(k.__name__ for k in kinds)
            self.problem(f"{where}.{key}", f"expected {names}, got {value!r}", fix or f"write {key} as a {names}")
            return None if default is ... else default
        return value

    def time(self, table: dict[str, Any], key: str, where: str, default: str | None = None) -> int | None:
        raw = table.get(key, default)
        if raw is None:
            self.problem(f"{where}.{key}", "required time is missing", f"add {key} = \"HH:MM\"")
            return None
        try:
            return parse_hhmm(raw)
        except ValueError as exc:
            self.problem(f"{where}.{key}", str(exc), "write times as \"HH:MM\", e.g. \"08:30\"")
            return None


def _positive(r: _Reader, value: float | None, where: str, lo: float, hi: float) -> None:
    if value is not None and not lo <= value <= hi:
        r.problem(where, f"value {value} is outside {lo}–{hi}", f"use a value between {lo} and {hi}")


def _queue(r: _Reader, t: dict[str, Any], i: int) -> Queue | None:
    w = f"queues[{i}]"
    name = r.get(t, "name", w, str)
    channel = r.get(t, "channel", w, str, "voice")
    if channel not in CHANNELS:
        r.problem(f"{w}.channel", f"unknown channel {channel!r}", f"use one of {', '.join(CHANNELS)}")
    opening = r.get(t, "open", w, str, "00:00-24:00")
    try:
        a, b = str(opening).split("-")
        open_from, open_to = parse_hhmm(a), parse_hhmm(b)
        if open_from > 1440 or open_to > 1440 or open_from == open_to:
            raise ValueError(opening)
    except ValueError:
        r.problem(f"{w}.open", f"bad opening hours {opening!r}",
                  "write open = \"08:00-22:00\" (times 00:00–24:00; \"22:00-06:00\" runs overnight)")
        open_from, open_to = 0, 1440
    target_sl = r.get(t, "target_sl", w, float, 0.8)
    _positive(r, target_sl, f"{w}.target_sl", 0.0, 1.0)
    answer_s = r.get(t, "answer_s", w, float, 20.0)
    _positive(r, answer_s, f"{w}.answer_s", 0.0, 86400.0)
    max_occ = r.get(t, "max_occupancy", w, float, 0.9)
    _positive(r, max_occ, f"{w}.max_occupancy", 0.05, 1.0)
    shrinkage = r.get(t, "shrinkage", w, float, 0.3)
    _positive(r, shrinkage, f"{w}.shrinkage", 0.0, 0.9)
    concurrency = r.get(t, "concurrency", w, int, 1)
    _positive(r, concurrency, f"{w}.concurrency", 1, 10)
    aht_s = r.get(t, "aht_s", w, float, 300.0)
    _positive(r, aht_s, f"{w}.aht_s", 1.0, 86400.0)
    patience_s = r.get(t, "patience_s", w, float, None)
    _positive(r, patience_s, f"{w}.patience_s", 1.0, 86400.0)
    deferred_pct = r.get(t, "deferred_pct", w, float, None)
    _positive(r, deferred_pct, f"{w}.deferred_pct", 0.0, 1.0)
    deferred_hours = r.get(t, "deferred_hours", w, float, None)
    _positive(r, deferred_hours, f"{w}.deferred_hours", 0.1, 24.0 * 14)
    max_asa_s = r.get(t, "max_asa_s", w, float, None)
    _positive(r, max_asa_s, f"{w}.max_asa_s", 0.0, 86400.0)
    max_abandon = r.get(t, "max_abandon", w, float, None)
    _positive(r, max_abandon, f"{w}.max_abandon", 0.0, 1.0)
    min_agents = r.get(t, "min_agents", w, int, 0)
    _positive(r, min_agents, f"{w}.min_agents", 0, 1000)
    priority = r.get(t, "priority", w, float, None)
    _positive(r, priority, f"{w}.priority", 0.1, 100.0)
    if (deferred_pct is None) != (deferred_hours is None):
        r.problem(w, "deferred_pct and deferred_hours go together", "set both, or neither")
    if None in (name, channel):
        return None
    return Queue(name=name, channel=channel, open_from_min=open_from, open_to_min=open_to,
                 target_sl=target_sl, answer_s=answer_s,
                 max_asa_s=max_asa_s, patience_s=patience_s, max_abandon=max_abandon,
                 max_occupancy=max_occ, concurrency=concurrency, deferred_pct=deferred_pct,
                 deferred_hours=deferred_hours, shrinkage=shrinkage,
                 vip_of=r.get(t, "vip_of", w, str, None), min_agents=min_agents or 0,
                 aht_s=aht_s, priority=priority)


def _template(r: _Reader, t: dict[str, Any], i: int, interval_min: int) -> ShiftTemplate | None:
    w = f"templates[{i}]"
    name = r.get(t, "name", w, str)
    length_h = r.get(t, "length_h", w, float)
    unpaid = r.get(t, "unpaid_break_min", w, int, 0)
    starts: list[int] = []
    for j, s in enumerate(r.get(t, "starts", w, list, []) or []):
        try:
            starts.append(parse_hhmm(s))
        except ValueError as exc:
            r.problem(f"{w}.starts[{j}]", str(exc), "write start times as \"HH:MM\"")
    if not starts:
        r.problem(f"{w}.starts", "no start times", "list at least one, e.g. starts = [\"08:00\"]")
    for s in starts:
        if s % interval_min or s >= 1440:
            r.problem(f"{w}.starts", f"start {format_hhmm(s)} is not on the {interval_min}-minute grid of one day",
                      f"use starts that are multiples of {interval_min} minutes before 24:00")
    if length_h is not None and not 1 <= length_h <= 16:
        r.problem(f"{w}.length_h", f"shift length {length_h} h is outside 1–16 h", "use a length between 1 and 16 hours")
    length_min = int(round((length_h or 0) * 60))
    if length_h is not None and length_min % interval_min:
        r.problem(f"{w}.length_h", f"length {length_h} h is not a multiple of {interval_min} minutes",
                  "round the length to the interval grid")
    if unpaid is not None and length_min and not 0 <= unpaid < length_min:
        r.problem(f"{w}.unpaid_break_min", "unpaid break must be shorter than the shift", "reduce it")
    if name is None or length_h is None:
        return None
    return ShiftTemplate(name=name, start_mins=tuple(sorted(set(starts))), length_min=length_min,
                         unpaid_break_min=unpaid or 0)


def _contract(r: _Reader, t: dict[str, Any], i: int) -> Contract | None:
    w = f"contracts[{i}]"
    name = r.get(t, "name", w, str)
    lo = r.get(t, "min_week_h", w, float, 0.0)
    hi = r.get(t, "max_week_h", w, float)
    if lo is not None and hi is not None and lo > hi:
        r.problem(f"{w}.min_week_h", f"min_week_h {lo} is above max_week_h {hi}", "make min_week_h ≤ max_week_h")
    templates = r.get(t, "templates", w, list)
    max_days = r.get(t, "max_days_per_week", w, int, 5)
    _positive(r, max_days, f"{w}.max_days_per_week", 1, 7)
    if None in (name, hi, templates):
        return None
    return Contract(name=name, min_week_min=int(round((lo or 0) * 60)), max_week_min=int(round(hi * 60)),
                    templates=tuple(str(x) for x in templates), max_days_per_week=max_days or 5,
                    min_days_per_week=r.get(t, "min_days_per_week", w, int, 0),
                    max_consecutive_days=r.get(t, "max_consecutive_days", w, int, 6),
                    weekend_only=r.get(t, "weekend_only", w, bool, False))


def _date(r: _Reader, value: Any, where: str) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        r.problem(where, f"bad date {value!r}", "write dates as YYYY-MM-DD")
        return None


def _agent(r: _Reader, t: dict[str, Any], i: int) -> Agent | None:
    w = f"agents[{i}]"
    agent_id = r.get(t, "id", w, str)
    time_off = []
    for j, off in enumerate(r.get(t, "time_off", w, list, []) or []):
        if not isinstance(off, dict):
            r.problem(f"{w}.time_off[{j}]", "expected {first = …, last = …}", "write time_off = [{first = 2026-12-01, last = 2026-12-03}]")
            continue
        first = _date(r, off.get("first"), f"{w}.time_off[{j}].first")
        last = _date(r, off.get("last", off.get("first")), f"{w}.time_off[{j}].last")
        if first and last:
            if last < first:
                r.problem(f"{w}.time_off[{j}]", "last day is before first day", "swap them")
            time_off.append(TimeOff(first, last, str(off.get("reason", ""))))
    queues = r.get(t, "queues", w, list)
    if None in (agent_id, queues):
        return None
    return Agent(id=agent_id, name=r.get(t, "name", w, str, agent_id), team=r.get(t, "team", w, str, ""),
                 contract=r.get(t, "contract", w, str) or "", queues=tuple(str(q) for q in queues),
                 vip=r.get(t, "vip", w, bool, False), night_capable=r.get(t, "night_capable", w, bool, False),
                 time_off=tuple(time_off))


def _days(r: _Reader, t: dict[str, Any], w: str) -> str | tuple[int, ...]:
    """The ``days`` of a recurring window: all, weekend, weekday or weekday numbers (Mon=0)."""
    days = t.get("days", "all")
    if isinstance(days, list):
        if all(isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= 6 for d in days) and days:
            return tuple(sorted(set(days)))
        r.problem(f"{w}.days", f"bad weekday list {days!r}",
                  "list weekday numbers 0–6 (Mon=0), e.g. days = [5, 6]")
    elif days not in ("all", "weekend", "weekday"):
        r.problem(f"{w}.days", f"unknown days {days!r}", "use \"all\", \"weekend\", \"weekday\" or a list of weekday numbers (Mon=0)")
    else:
        return str(days)
    return "all"


def _shrinkage(r: _Reader, t: dict[str, Any], i: int) -> ShrinkageWindow | None:
    w = f"shrinkage[{i}]"
    share = r.get(t, "share", w, float)
    _positive(r, share, f"{w}.share", 0.0, 0.9)
    queue = r.get(t, "queue", w, str, None)
    lo, hi = r.time(t, "from", w, "00:00"), r.time(t, "to", w, "24:00")
    first = _date(r, t["first"], f"{w}.first") if "first" in t else None
    last = _date(r, t["last"], f"{w}.last") if "last" in t else None
    if first and last and last < first:
        r.problem(f"{w}.last", f"last day {last} is before first day {first}", "swap the dates")
    for key, value in (("from", lo), ("to", hi)):
        if value is not None and value > 1440:
            r.problem(f"{w}.{key}", f"{format_hhmm(value)} is past midnight",
                      "use clock times 00:00–24:00; a window may wrap, e.g. from = \"22:00\", to = \"02:00\"")
            lo = hi = None
    if share is None or lo is None or hi is None:
        return None
    return ShrinkageWindow(share=share, queue=queue, from_min=lo, to_min=hi, days=_days(r, t, w),
                           first=first, last=last, reason=str(t.get("reason", "")))


def _floor(r: _Reader, t: dict[str, Any], i: int) -> CoverFloor | None:
    w = f"floors[{i}]"
    days = _days(r, t, w)
    queue = r.get(t, "queue", w, str)
    lo, hi = r.time(t, "from", w, "00:00"), r.time(t, "to", w, "24:00")
    n = r.get(t, "min_agents", w, int)
    _positive(r, n, f"{w}.min_agents", 0, 1000)
    if None in (queue, lo, hi, n):
        return None
    return CoverFloor(queue=queue, from_min=lo, to_min=hi, min_agents=n, days=days,
                      vip_only=r.get(t, "vip_only", w, bool, False))


def _rules(r: _Reader, t: dict[str, Any]) -> Rules:
    w = "rules"
    base = Rules()
    rest_h = r.get(t, "min_rest_h", w, float, base.min_rest_min / 60)
    _positive(r, rest_h, "rules.min_rest_h", 0, 24)
    # "00:00" parses to 0 and 0 h rest is a valid value, so test for None, never truthiness
    night_from = r.time(t, "night_from", w, format_hhmm(base.night_from_min))
    night_to = r.time(t, "night_to", w, format_hhmm(base.night_to_min))
    min_staff = r.get(t, "min_staff", w, int, base.min_staff)
    _positive(r, min_staff, "rules.min_staff", 0, 1000)
    max_nights = r.get(t, "max_nights_per_week", w, int, base.max_nights_per_week)
    _positive(r, max_nights, "rules.max_nights_per_week", 0, 7)
    max_weekend = r.get(t, "max_weekend_days_per_week", w, int, base.max_weekend_days_per_week)
    _positive(r, max_weekend, "rules.max_weekend_days_per_week", 0, 2)
    if night_from is not None and night_to is not None and (
            night_from >= 1440 or night_to > 1440 or night_from == night_to):
        r.problem("rules.night_from", f"night window {format_hhmm(night_from)}–{format_hhmm(night_to)} is empty "
                  "or outside one day", "use e.g. night_from = \"22:00\", night_to = \"06:00\"")
    return Rules(min_rest_min=base.min_rest_min if rest_h is None else int(round(rest_h * 60)),
                 min_staff=base.min_staff if min_staff is None else min_staff,
                 night_from_min=base.night_from_min if night_from is None else night_from,
                 night_to_min=base.night_to_min if night_to is None else night_to,
                 max_nights_per_week=base.max_nights_per_week if max_nights is None else max_nights,
                 max_weekend_days_per_week=base.max_weekend_days_per_week if max_weekend is None else max_weekend)


def _cross_check(r: _Reader, s: Scenario) -> None:
    """Checks that need the whole scenario: names refer to things that exist."""
    for kind, items in (("queue", s.queues), ("contract", s.contracts), ("template", s.templates),
                        ("agent", s.agents)):
        seen: set[str] = set()
        for it in items:
            key = it.id if kind == "agent" else it.name  # type: ignore[attr-defined]
            if key in seen:
                r.problem(f"{kind}s", f"duplicate {kind} {key!r}", f"give every {kind} a unique name")
            seen.add(key)
    queues = {q.name: q for q in s.queues}
    contracts = {c.name for c in s.contracts}
    templates = {t.name for t in s.templates}
    for q in s.queues:
        if q.vip_of and q.vip_of not in queues:
            r.problem(f"queues[{q.name}].vip_of", f"unknown ordinary queue {q.vip_of!r}", "name an existing queue")
    for c in s.contracts:
        for t in c.templates:
            if t not in templates:
                r.problem(f"contracts[{c.name}].templates", f"unknown shift template {t!r}",
                          f"use one of {', '.join(sorted(templates))}")
    for c in s.contracts:
        if c.min_days_per_week > c.max_days_per_week:
            r.problem(f"contracts[{c.name}].min_days_per_week",
                      f"min_days_per_week {c.min_days_per_week} is above max_days_per_week {c.max_days_per_week}",
                      "make min_days_per_week ≤ max_days_per_week")
        paid = [t.paid_min for t in s.templates if t.name in c.templates]
        days = min(c.max_days_per_week, 2 if c.weekend_only else 7)
        if paid and days * max(paid) < c.min_week_min:
            r.problem(f"contracts[{c.name}].min_week_h",
                      f"min_week_h {c.min_week_min / 60:g} cannot be reached: at most {days} days × "
                      f"{max(paid) / 60:g} paid hours", "lower min_week_h, allow more days or longer templates")
    for a in s.agents:
        if a.contract not in contracts:
            r.problem(f"agents[{a.id}].contract", f"unknown contract {a.contract!r}",
                      f"use one of {', '.join(sorted(contracts))}")
        for qn in a.queues:
            if qn not in queues:
                r.problem(f"agents[{a.id}].queues", f"unknown queue {qn!r}", f"use one of {', '.join(sorted(queues))}")
            elif queues[qn].is_vip and not a.vip:
                r.problem(f"agents[{a.id}].queues", f"{qn!r} is a VIP queue but the agent is not VIP-certified",
                          "set vip = true or remove the queue")
    for f in s.floors:
        if f.queue not in queues:
            r.problem(f"floors[{f.queue}]", f"unknown queue {f.queue!r}", "name an existing queue")
    for i, w in enumerate(s.shrinkage):
        if w.queue is not None and w.queue not in queues:
            r.problem(f"shrinkage[{i}].queue", f"unknown queue {w.queue!r}",
                      "name an existing queue, or leave queue out to apply to every queue")


def scenario_from_dict(data: dict[str, Any], file: str = "<scenario>", base_dir: Path | None = None) -> Scenario:
    """Build and validate a scenario from parsed TOML; raises ScenarioError with every problem."""
    r = _Reader(file)
    head = data.get("scenario", {})
    if not isinstance(head, dict):
        head = {}
        r.problem("scenario", "expected a [scenario] table", "start the file with [scenario]")
    interval_min = r.get(head, "interval_min", "scenario", int, 15)
    if interval_min not in (5, 10, 15, 30, 60):
        r.problem("scenario.interval_min", f"unsupported interval {interval_min}", "use 15, 30 or 60")
        interval_min = 15
    start = head.get("start_date")
    start_date = _date(r, start, "scenario.start_date") if start is not None else None
    history = r.get(head, "history", "scenario", str, None)
    history_path = None
    if history:
        p = Path(history)
        history_path = str(p if p.is_absolute() else (base_dir or Path.cwd()) / p)

    def tables(key: str) -> list[dict[str, Any]]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            r.problem(key, f"expected [[{key}]] tables", f"write each entry as a [[{key}]] table")
            return []
        return value

    queues = [q for i, t in enumerate(tables("queues")) if (q := _queue(r, t, i))]
    templates = [x for i, t in enumerate(tables("templates")) if (x := _template(r, t, i, interval_min))]
    contracts = [c for i, t in enumerate(tables("contracts")) if (c := _contract(r, t, i))]
    agents = [a for i, t in enumerate(tables("agents")) if (a := _agent(r, t, i))]
    floors = [f for i, t in enumerate(tables("floors")) if (f := _floor(r, t, i))]
    shrinkage = [w for i, t in enumerate(tables("shrinkage")) if (w := _shrinkage(r, t, i))]
    rules_table = data.get("rules", {})
    rules = _rules(r, rules_table if isinstance(rules_table, dict) else {})
    from planner.rostering.settings_file import check_references, read_roster_options
    roster_options = read_roster_options(rules_table if isinstance(rules_table, dict) else {}, data, r.problem)
    if not queues:
        r.problem("queues", "no queues defined", "add at least one [[queues]] table")
    if not agents:
        r.problem("agents", "no agents defined", "add [[agents]] tables")
    scenario = Scenario(name=str(head.get("name", Path(file).stem)), queues=tuple(queues), agents=tuple(agents),
                        contracts=tuple(contracts), templates=tuple(templates), rules=rules,
                        floors=tuple(floors), shrinkage=tuple(shrinkage), interval_min=interval_min,
                        country=str(head.get("country", "CN")), start_date=start_date,
                        history_path=history_path, source_path=file, roster_options=roster_options)
    _cross_check(r, scenario)
    check_references(roster_options, {a.id for a in agents}, {a.team for a in agents if a.team}, r.problem)
    if r.problems:
        raise ScenarioError(r.problems)
    return scenario


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Load and validate a scenario TOML file."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ScenarioError(f"cannot read scenario: {exc.strerror}", file=str(p),
                            fix="check the path") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioError("scenario file is not UTF-8 text (GBK or UTF-16?)", file=str(p),
                            row=raw[:exc.start].count(b"\n") + 1,
                            fix="save the file as UTF-8 (TOML files are always UTF-8)") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib puts the position only in its message: "... (at line 3, column 7)"
        at = re.search(r"at line (\d+)", str(exc))
        raise ScenarioError(f"not valid TOML: {exc}", file=str(p), row=int(at[1]) if at else None,
                            fix="fix the syntax at the line shown (see docs/scenario.md)") from None
    return scenario_from_dict(data, file=str(p), base_dir=p.parent.resolve())


def scenario_to_dict(s: Scenario, history: str | None = None) -> dict[str, Any]:
    """The TOML structure of a scenario (inverse of scenario_from_dict)."""
    head: dict[str, Any] = {"name": s.name, "country": s.country, "interval_min": s.interval_min}
    if s.start_date:
        head["start_date"] = s.start_date
    if history or s.history_path:
        head["history"] = history or s.history_path
    r = s.rules
    out: dict[str, Any] = {
        "scenario": head,
        "rules": {"min_rest_h": r.min_rest_min / 60, "min_staff": r.min_staff,
                  "night_from": format_hhmm(r.night_from_min), "night_to": format_hhmm(r.night_to_min),
                  "max_nights_per_week": r.max_nights_per_week,
                  "max_weekend_days_per_week": r.max_weekend_days_per_week},
        "queues": [], "templates": [], "contracts": [], "floors": [], "agents": [],
    }
    for q in s.queues:
        d: dict[str, Any] = {"name": q.name, "channel": q.channel,
                             "open": f"{format_hhmm(q.open_from_min)}-{format_hhmm(q.open_to_min)}",
                             "target_sl": q.target_sl, "answer_s": q.answer_s, "max_occupancy": q.max_occupancy,
                             "shrinkage": q.shrinkage, "concurrency": q.concurrency, "aht_s": q.aht_s,
                             "min_agents": q.min_agents}
        for key in ("max_asa_s", "patience_s", "max_abandon", "deferred_pct", "deferred_hours", "vip_of",
                    "priority"):
            if getattr(q, key) is not None:
                d[key] = getattr(q, key)
        out["queues"].append(d)
    for t in s.templates:
        out["templates"].append({"name": t.name, "starts": [format_hhmm(m) for m in t.start_mins],
                                 "length_h": t.length_min / 60, "unpaid_break_min": t.unpaid_break_min})
    for c in s.contracts:
        out["contracts"].append({"name": c.name, "min_week_h": c.min_week_min / 60, "max_week_h": c.max_week_min / 60,
                                 "templates": list(c.templates), "max_days_per_week": c.max_days_per_week,
                                 "min_days_per_week": c.min_days_per_week,
                                 "max_consecutive_days": c.max_consecutive_days, "weekend_only": c.weekend_only})
    for f in s.floors:
        out["floors"].append({"queue": f.queue, "from": format_hhmm(f.from_min), "to": format_hhmm(f.to_min),
                              "min_agents": f.min_agents,
                              "days": list(f.days) if isinstance(f.days, tuple) else f.days,
                              "vip_only": f.vip_only})
    if s.shrinkage:
        out["shrinkage"] = []
    for w in s.shrinkage:
        d_w: dict[str, Any] = {"share": w.share, "from": format_hhmm(w.from_min), "to": format_hhmm(w.to_min),
                               "days": list(w.days) if isinstance(w.days, tuple) else w.days}
        for key in ("queue", "first", "last"):
            if getattr(w, key) is not None:
                d_w[key] = getattr(w, key)
        if w.reason:
            d_w["reason"] = w.reason
        out["shrinkage"].append(d_w)
    from planner.rostering.settings_file import roster_options_to_dict
    extra_rules, extra_tables = roster_options_to_dict(s.roster_options)
    out["rules"].update(extra_rules)
    out.update(extra_tables)
    for a in s.agents:
        d = {"id": a.id, "name": a.name, "team": a.team, "contract": a.contract, "queues": list(a.queues),
             "vip": a.vip, "night_capable": a.night_capable}
        if a.time_off:
            d["time_off"] = [{"first": t.first, "last": t.last, "reason": t.reason} for t in a.time_off]
        out["agents"].append(d)
    return out


def save_scenario(s: Scenario, path: str | os.PathLike[str], history: str | None = None) -> None:
    """Write a scenario atomically (temp file + rename), never leaving a half-written file.

    The replacement keeps the old file's permissions (``mkstemp`` alone would leave it 0600,
    unreadable to the colleagues sharing the scenario folder).
    """
    from planner.export import file_mode

    p = Path(path)
    data = tomli_w.dumps(scenario_to_dict(s, history)).encode("utf-8")
    mode = file_mode(p)
    fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=f".{p.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
