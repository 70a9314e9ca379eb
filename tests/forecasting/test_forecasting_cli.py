"""``wfm forecast``: file in, CSV out, holdout accuracy, clean errors."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from planner.cli import main
from tests.forecasting.forecasting_synth import synthetic_history


@pytest.fixture(scope="module")
def history_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "history.csv"
    synthetic_history(("phone",), weeks=8, interval_min=30, first="2025-06-02").to_csv(path, index=False)
    return path


def test_forecast_writes_the_contract_csv(history_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "fc.csv"
    assert main(["forecast", str(history_csv), "--horizon-days", "7", "--out", str(out), "--country", ""]) == 0
    frame = pd.read_csv(out, parse_dates=["start"])
    assert list(frame.columns) == ["start", "queue", "volume", "volume_lo80", "volume_hi80", "volume_lo95",
                                   "volume_hi95", "aht_s"]
    assert len(frame) == 7 * 48 and frame["start"].min() == pd.Timestamp("2025-07-28")
    assert "model" in capsys.readouterr().out


def test_holdout_json_reports_accuracy(history_csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["forecast", str(history_csv), "--holdout-days", "7", "--json", "--model", "daily_profile",
                 "--country", ""]) == 0
    payload = json.loads(capsys.readouterr().out)
    acc = payload["holdout"]["phone"]
    assert payload["models"] == {"phone": "daily_profile"}
    assert 0 < acc["wape"] < 0.3 and 0 < acc["mase"] < 1.5 and 0.5 < acc["coverage80"] <= 1
    assert abs(acc["bias"]) < 0.1 and acc["intervals"] == 7 * 48
    assert set(payload["backtest"]["phone"]) >= {"wape", "mase", "bias", "coverage80"}
    assert payload["start"] == "2025-07-21" and payload["horizon_days"] == 7


def test_holdout_text_report_names_every_metric(history_csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["forecast", str(history_csv), "--holdout-days", "7", "--country", ""]) == 0
    out = capsys.readouterr().out
    holdout = out.split("Holdout accuracy on the last 7 day(s):")[1].splitlines()[1]
    assert holdout.strip().startswith("phone: WAPE")
    for metric in ("WAPE", "MASE", "bias", "80% coverage"):
        assert metric in holdout


def test_user_errors_exit_2_without_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("start,queue,volume\n2025-01-01 00:00,a,-5\n2025-01-01 00:15,a,3\n")
    assert main(["forecast", str(bad), "--horizon-days", "7"]) == 2
    err = capsys.readouterr().err
    assert "row 2" in err and "negative" in err and "Traceback" not in err
    assert main(["forecast", str(bad)]) == 2


def test_raw_contact_records_forecast_at_the_requested_interval(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One row per contact in, a 30-minute forecast out: the records are counted onto 30 minutes."""
    import numpy as np
    rng = np.random.default_rng(3)
    days = 21
    day = rng.integers(0, days, 6000)
    second = rng.normal(13 * 3600, 2.5 * 3600, 6000).clip(8 * 3600, 20 * 3600 - 1)
    stamps = pd.Timestamp("2025-03-03") + pd.to_timedelta(day, unit="D") + pd.to_timedelta(second.astype(int), unit="s")
    raw = pd.DataFrame({"timestamp": stamps.strftime("%Y-%m-%d %H:%M:%S"), "queue": "chat",
                        "handle_s": rng.uniform(60, 300, 6000).round()})
    path = tmp_path / "contacts.csv"
    raw.to_csv(path, index=False)
    out = tmp_path / "fc.csv"
    assert main(["forecast", str(path), "--horizon-days", "7", "--interval-min", "30", "--out", str(out),
                 "--country", "", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["interval_min"] == 30
    assert any("6000 contact records aggregated to 30-minute" in n for n in payload["history_notes"])
    frame = pd.read_csv(out, parse_dates=["start"])
    assert len(frame) == 7 * 48
    assert frame["volume"].sum() == pytest.approx(6000 / days * 7, rel=0.15)
    assert frame["aht_s"].dropna().between(150, 210).all()
