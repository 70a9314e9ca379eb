"""Scenario TOML reading and writing: every mistake is reported with the field that holds it."""
from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import tomllib
from pathlib import Path
from typing import Any, Callable

import pytest

from planner.errors import ScenarioError
from planner.scenario import (format_hhmm, load_scenario, parse_hhmm, save_scenario, scenario_from_dict,
                              scenario_to_dict)

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "sample" / "sample.toml"


@pytest.fixture(scope="module")
def sample_dict() -> dict[str, Any]:
    return tomllib.loads(SAMPLE.read_text(encoding="utf-8"))


def _errors(data: dict[str, Any]) -> str:
    with pytest.raises(ScenarioError) as info:
        scenario_from_dict(data, file="centre.toml")
    return str(info.value)


def _edit(sample: dict[str, Any], change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data = copy.deepcopy(sample)
    change(data)
    return data


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(d: dict[str, Any]) -> None:
        for key in path[:-1]:
            d = d[key]
        d[path[-1]] = value
    return change


@pytest.mark.parametrize("path, value, field, words", [
    (("agents", 0, "contract"), "fulltime", "agents[A001].contract", "unknown contract 'fulltime'"),
    (("agents", 5, "queues"), ["phone", "voice"], "agents[A006].queues", "unknown queue 'voice'"),
    (("agents", 4, "queues"), ["phone", "phone_vip"], "agents[A005].queues", "not VIP-certified"),
    (("templates", 0, "starts"), ["8h00"], "templates[0].starts[0]", "expected a time like '08:30'"),
    (("templates", 0, "starts"), ["06:10"], "templates[0].starts", "15-minute grid"),
    (("templates", 1, "length_h"), 20, "templates[1].length_h", "outside 1–16 h"),
    (("queues", 1, "open"), "8-22", "queues[1].open", "bad opening hours '8-22'"),
    (("queues", 2, "open"), "08:00-30:00", "queues[2].open", "bad opening hours"),
    (("queues", 0, "max_abandon"), 5, "queues[0].max_abandon", "outside 0.0–1.0"),
    (("rules", "max_weekend_days_per_week"), 3, "rules.max_weekend_days_per_week", "outside 0–2"),
    (("rules", "night_to"), "00:00", "rules.night_from", "is empty"),
    (("floors", 1, "min_agents"), -1, "floors[1].min_agents", "outside 0–1000"),
    (("queues", 0, "target_sl"), 80, "queues[0].target_sl", "outside 0.0–1.0"),
    (("queues", 0, "channel"), "phone", "queues[0].channel", "unknown channel 'phone'"),
    (("queues", 1, "vip_of"), "hotline", "queues[phone_vip].vip_of", "unknown ordinary queue 'hotline'"),
    (("queues", 1, "priority"), 0, "queues[1].priority", "outside 0.1–100.0"),
    (("queues", 3, "deferred_hours"), "2h", "queues[3].deferred_hours", "expected float"),
    (("rules", "night_from"), "25:99", "rules.night_from", "time out of range"),
    (("rules", "min_rest_h"), 30, "rules.min_rest_h", "outside 0–24"),
    (("floors", 0, "days"), ["Sat"], "floors[0].days", "bad weekday list"),
    (("floors", 0, "queue"), "hotline", "floors[hotline]", "unknown queue 'hotline'"),
    (("contracts", 2, "min_week_h"), 19, "contracts[weekend_temp].min_week_h", "cannot be reached"),
    (("contracts", 1, "min_days_per_week"), 6, "contracts[part_time].min_days_per_week", "above max_days"),
    (("contracts", 0, "templates"), ["day", "dusk"], "contracts[full_time].templates", "unknown shift template 'dusk'"),
    (("scenario", "interval_min"), 20, "scenario.interval_min", "unsupported interval 20"),
    (("scenario", "start_date"), "1 Dec", "scenario.start_date", "bad date"),
])
def test_error_names_the_field(sample_dict: dict[str, Any], path: tuple[Any, ...], value: Any,
                               field: str, words: str) -> None:
    text = _errors(_edit(sample_dict, _set(path, value)))
    assert f"centre.toml, column '{field}'" in text
    assert words in text


def test_missing_required_field(sample_dict: dict[str, Any]) -> None:
    text = _errors(_edit(sample_dict, lambda d: d["queues"][2].pop("name")))
    assert "queues[2].name: required field is missing" in text.replace("column '", "").replace("'", "")


def test_every_problem_reported_together(sample_dict: dict[str, Any]) -> None:
    def change(d: dict[str, Any]) -> None:
        d["agents"][0]["contract"] = "nope"
        d["rules"]["night_to"] = "6am"
        d["agents"][47]["time_off"] = [{"first": dt.date(2025, 12, 5), "last": dt.date(2025, 12, 1)}]
    with pytest.raises(ScenarioError) as info:
        scenario_from_dict(_edit(sample_dict, change), file="centre.toml")
    where = [p.column for p in info.value.problems]
    assert where == ["agents[47].time_off[0]", "rules.night_to", "agents[A001].contract"]
    assert all(p.fix for p in info.value.problems)


def test_duplicate_ids(sample_dict: dict[str, Any]) -> None:
    text = _errors(_edit(sample_dict, _set(("agents", 1, "id"), "A001")))
    assert "duplicate agent 'A001'" in text


def test_midnight_and_zero_values_are_kept(sample_dict: dict[str, Any]) -> None:
    # "00:00" is minute 0 and a rest of 0 h is a value: neither may fall back to the defaults
    data = _edit(sample_dict, lambda d: d["rules"].update(night_from="00:00", night_to="05:00", min_rest_h=0))
    rules = scenario_from_dict(data).rules
    assert (rules.night_from_min, rules.night_to_min, rules.min_rest_min) == (0, 300, 0)
    defaults = scenario_from_dict(_edit(sample_dict, lambda d: d.pop("rules"))).rules
    assert (defaults.night_from_min, defaults.night_to_min, defaults.min_rest_min) == (22 * 60, 6 * 60, 660)


def test_parse_and_format_times() -> None:
    assert parse_hhmm("08:30") == 510 and parse_hhmm("24:00") == 1440 and parse_hhmm("0:15") == 15
    assert format_hhmm(510) == "08:30" and format_hhmm(1440) == "24:00"
    for bad in ("8", "08:5", "08:60", "ab:cd", "-1:00", 830, "49:00"):
        with pytest.raises(ValueError):
            parse_hhmm(bad)


def test_load_reports_file_problems(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(ScenarioError, match="nope.toml.*cannot read scenario"):
        load_scenario(missing)
    bad = tmp_path / "bad.toml"
    bad.write_text("[scenario]\nname = 'x\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="bad.toml.*not valid TOML"):
        load_scenario(bad)
    gbk = tmp_path / "gbk.toml"
    gbk.write_bytes("[scenario]\nname = \"杭州\"\n".encode("gbk"))
    with pytest.raises(ScenarioError, match="not UTF-8"):
        load_scenario(gbk)


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    p = tmp_path / "bom.toml"
    p.write_bytes(b"\xef\xbb\xbf" + SAMPLE.read_bytes())
    (tmp_path / "history.csv.gz").write_bytes(b"")
    s = load_scenario(p)
    assert len(s.agents) == 56
    assert s.history_path == str(tmp_path / "history.csv.gz")


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    original = load_scenario(SAMPLE)
    out = tmp_path / "copy.toml"
    save_scenario(original, out)
    again = load_scenario(out)
    assert dataclasses.replace(again, source_path=None) == dataclasses.replace(original, source_path=None)
    assert scenario_to_dict(again) == scenario_to_dict(original)
    assert not list(tmp_path.glob(".copy.toml.*"))       # the temp file was renamed into place


def test_queue_priority_defaults_to_vip_first_and_round_trips(tmp_path: Path) -> None:
    original = load_scenario(SAMPLE)
    weights = {q.name: q.value_weight for q in original.queues}
    assert weights == {"phone": 1.0, "phone_vip": 3.0, "chat": 1.0, "email": 1.0}
    plain = dataclasses.replace(original, queues=tuple(
        dataclasses.replace(q, priority=1.0) if q.is_vip else q for q in original.queues))
    save_scenario(plain, tmp_path / "plain.toml")
    again = load_scenario(tmp_path / "plain.toml")
    assert {q.name: q.value_weight for q in again.queues}["phone_vip"] == 1.0


def test_docs_describe_every_field() -> None:
    """docs/scenario.md documents every key the reader understands (here: every key it writes)."""
    doc = (Path(__file__).resolve().parents[1] / "docs" / "scenario.md").read_text(encoding="utf-8")
    data = scenario_to_dict(load_scenario(SAMPLE))
    keys = set(data["scenario"]) | set(data["rules"])
    for table in ("queues", "templates", "contracts", "floors", "agents"):
        assert f"`[[{table}]]`" in doc
        for entry in data[table]:
            keys |= set(entry)
    keys |= {"max_asa_s", "max_abandon", "first", "last", "reason", "priority"}
    missing = sorted(k for k in keys if f"`{k}`" not in doc)
    assert missing == []
