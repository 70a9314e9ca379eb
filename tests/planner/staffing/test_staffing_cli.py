"""``wfm erlang`` prints the staffing and metrics, as text or JSON, and refuses bad input."""
from __future__ import annotations

import json

import pytest

from planner.cli import main

BASE = ["erlang", "--volume", "100", "--interval-min", "30", "--aht-s", "180", "--answer-s", "20"]


def test_smallest_staffing_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*BASE, "--target-sl", "80", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["agents"] == 14
    assert out["service_level"] == pytest.approx(0.888, abs=5e-4)
    assert out["asa_s"] == pytest.approx(7.8, abs=0.05)
    assert out["occupancy"] == pytest.approx(0.714, abs=5e-4)
    assert out["p_abandon"] == 0.0


def test_metrics_of_given_agents_with_patience(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*BASE, "--target-sl", "0.8", "--patience-s", "120", "--agents", "11", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["agents"] == 11
    assert out["service_level"] == pytest.approx(0.742, abs=0.001)
    assert out["p_abandon"] == pytest.approx(0.094, abs=0.001)


def test_text_output_and_unstable_queue(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*BASE, "--agents", "9"]) == 0
    text = capsys.readouterr().out
    assert "service_level 0.0%" in text and "unbounded" in text


@pytest.mark.parametrize("bad", [["--volume", "-5"], ["--target-sl", "180"], ["--concurrency", "0"]])
def test_bad_input_is_a_clear_message(bad: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    args = [*BASE, *bad]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "wfm erlang:" in err and "Traceback" not in err
