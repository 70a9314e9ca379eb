"""read_history: formats, encodings, raw records and every input problem named in issue 3."""
from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from forecasting.io import read_history
from planner.errors import InputError


def _interval_rows(days: int = 14, interval_min: int = 15, open_h: tuple[int, int] = (8, 20),
                   queue: str = "phone") -> pd.DataFrame:
    """Rows only for open hours, like many ACD exports (closed hours have no rows)."""
    idx = pd.date_range("2025-03-03", periods=days * 1440 // interval_min, freq=f"{interval_min}min")
    idx = idx[(idx.hour >= open_h[0]) & (idx.hour < open_h[1])]
    rng = np.random.default_rng(1)
    return pd.DataFrame({"start": idx.strftime("%Y-%m-%d %H:%M"), "queue": queue,
                         "volume": rng.poisson(20, len(idx)), "aht_s": 200.0})


def _write(frame: pd.DataFrame, path: Path, encoding: str = "utf-8") -> Path:
    frame.to_csv(path, index=False, encoding=encoding)
    return path


def test_interval_csv_round_trip_with_closed_hours(tmp_path: Path) -> None:
    rows = _interval_rows()
    out = read_history(_write(rows, tmp_path / "h.csv"))
    assert list(out.columns) == ["start", "queue", "volume", "aht_s", "abandoned"]
    assert out.attrs["interval_min"] == 15
    assert len(out) == 14 * 96                      # whole days on the grid
    assert out["volume"].sum() == rows["volume"].sum()
    night = out[out["start"].dt.hour < 8]
    assert (night["volume"] == 0).all()             # closed hours are 0, not gaps
    assert out["abandoned"].isna().all()
    assert any("closed" in n for n in out.attrs["notes"])


@pytest.mark.parametrize("interval_min", [5, 15, 30, 60])
def test_interval_length_is_detected(tmp_path: Path, interval_min: int) -> None:
    out = read_history(_write(_interval_rows(days=8, interval_min=interval_min), tmp_path / "h.csv"))
    assert out.attrs["interval_min"] == interval_min


def test_unsupported_interval_is_refused(tmp_path: Path) -> None:
    idx = pd.date_range("2025-03-03", periods=200, freq="20min")
    frame = pd.DataFrame({"start": idx, "queue": "q", "volume": 1})
    with pytest.raises(InputError, match="20 minutes apart"):
        read_history(_write(frame, tmp_path / "h.csv"))


def test_chinese_headers_gbk_and_bom(tmp_path: Path) -> None:
    rows = _interval_rows(days=8, queue="投诉")
    cn = rows.rename(columns={"start": "时间", "queue": "队列", "volume": "来电量", "aht_s": "平均处理时长"})
    for encoding in ("gbk", "utf-8-sig"):
        out = read_history(_write(cn, tmp_path / f"h_{encoding}.csv", encoding))
        assert set(out["queue"]) == {"投诉"}
        assert out["volume"].sum() == rows["volume"].sum()


def test_gzip_and_xlsx(tmp_path: Path) -> None:
    rows = _interval_rows(days=8)
    gz = tmp_path / "h.csv.gz"
    gz.write_bytes(gzip.compress(rows.to_csv(index=False).encode()))
    xlsx = tmp_path / "h.xlsx"
    rows.to_excel(xlsx, index=False)
    for path in (gz, xlsx):
        out = read_history(path)
        assert out["volume"].sum() == rows["volume"].sum()
        assert out.attrs["interval_min"] == 15


def test_raw_contact_records_are_aggregated(tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    t0 = pd.Timestamp("2025-03-03 08:00")
    offsets = np.sort(rng.uniform(0, 8 * 86400, 3000))
    stamps = [t0 + pd.Timedelta(seconds=float(s)) for s in offsets]
    raw = pd.DataFrame({"timestamp": [s.strftime("%Y-%m-%d %H:%M:%S") for s in stamps],
                        "queue": rng.choice(["a", "b"], 3000), "handle_s": rng.uniform(100, 300, 3000)})
    out = read_history(_write(raw, tmp_path / "raw.csv"), raw_interval_min=30)
    assert out.attrs["interval_min"] == 30
    assert out["volume"].sum() == 3000
    a = raw[raw["queue"] == "a"]
    got = out[out["queue"] == "a"]
    aht = (got["aht_s"] * got["volume"]).sum() / got["volume"].sum()
    assert aht == pytest.approx(a["handle_s"].mean())


def test_negative_values_name_the_rows(tmp_path: Path) -> None:
    rows = _interval_rows(days=8)
    rows.loc[5, "volume"] = -3
    rows.loc[9, "volume"] = -1
    with pytest.raises(InputError) as err:
        read_history(_write(rows, tmp_path / "h.csv"))
    text = str(err.value)
    assert "negative" in text and "rows 7, 11" in text and "h.csv" in text and "'volume'" in text


def test_bad_timestamp_and_text_in_numbers_are_reported_together(tmp_path: Path) -> None:
    rows = _interval_rows(days=8).astype({"volume": object})
    rows.loc[3, "start"] = "yesterday"
    rows.loc[4, "volume"] = "12 calls"
    with pytest.raises(InputError) as err:
        read_history(_write(rows, tmp_path / "h.csv"))
    assert len(err.value.problems) == 2
    assert err.value.problems[0].row == 5 and err.value.problems[0].column == "start"
    assert err.value.problems[1].row == 6 and "not a number" in str(err.value.problems[1])


def test_duplicate_timestamps_are_refused_with_rows(tmp_path: Path) -> None:
    rows = _interval_rows(days=8)
    rows = pd.concat([rows, rows.iloc[[10]]], ignore_index=True)
    with pytest.raises(InputError, match=r"duplicate timestamps .* rows 12, \d+"):
        read_history(_write(rows, tmp_path / "h.csv"))


def test_dst_fall_back_hour_is_merged(tmp_path: Path) -> None:
    rows = _interval_rows(days=14, open_h=(0, 24))
    repeated = rows[rows["start"].str.startswith("2025-03-09 01:")].copy()
    rows = pd.concat([rows, repeated], ignore_index=True)
    out = read_history(_write(rows, tmp_path / "h.csv"))
    assert out["volume"].sum() == rows["volume"].sum()
    assert any("daylight-saving fall-back" in n for n in out.attrs["notes"])


def test_dst_spring_forward_and_gaps_are_flagged_not_zero(tmp_path: Path) -> None:
    rows = _interval_rows(days=14, open_h=(0, 24))
    spring = rows["start"].str.startswith("2025-03-09 02:")
    gap = rows["start"].str.startswith("2025-03-12 1")        # 10:00–19:45 missing
    out = read_history(_write(rows[~spring & ~gap], tmp_path / "h.csv"))
    notes = " ".join(out.attrs["notes"])
    assert "spring-forward" in notes and "gaps" in notes and "2025-03-12" in notes
    missing = out[out["volume"].isna()]
    assert len(missing) == 4 + 40
    assert missing["start"].dt.date.astype(str).isin(["2025-03-09", "2025-03-12"]).all()


def test_missing_timestamp_column_and_empty_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no timestamp column"):
        read_history(_write(pd.DataFrame({"when": ["x"], "volume": [1]}), tmp_path / "a.csv"))
    (tmp_path / "b.csv").write_text("start,queue,volume\n")
    with pytest.raises(InputError, match="no data rows"):
        read_history(tmp_path / "b.csv")
    with pytest.raises(InputError, match="not found"):
        read_history(tmp_path / "nope.csv")


def test_off_grid_timestamps_are_refused(tmp_path: Path) -> None:
    rows = _interval_rows(days=8)
    rows.loc[7, "start"] = rows.loc[7, "start"][:-2] + "07"
    with pytest.raises(InputError, match="not on the 15-minute grid in rows 9"):
        read_history(_write(rows, tmp_path / "h.csv"))


def test_semicolon_csv_from_european_excel(tmp_path: Path) -> None:
    rows = _interval_rows(days=8)
    path = tmp_path / "h.csv"
    rows.to_csv(path, index=False, sep=";")
    out = read_history(path)
    assert out["volume"].sum() == rows["volume"].sum()


def test_xlsx_problems_name_the_excel_row(tmp_path: Path) -> None:
    """Excel row numbers (header = row 1) are what the planner sees in the workbook."""
    rows = _interval_rows(days=8).astype({"volume": object})
    rows.loc[4, "volume"] = -2
    rows.loc[9, "start"] = "not a time"
    path = tmp_path / "h.xlsx"
    rows.to_excel(path, index=False)
    with pytest.raises(InputError) as err:
        read_history(path)
    found = {(p.row, p.column) for p in err.value.problems}
    assert found == {(11, "start"), (6, "volume")}
    assert "h.xlsx" in str(err.value)


def test_xlsx_with_real_datetime_cells(tmp_path: Path) -> None:
    rows = _interval_rows(days=8)
    rows["start"] = pd.to_datetime(rows["start"])          # typed cells, as Excel stores them
    path = tmp_path / "h.xlsx"
    rows.to_excel(path, index=False)
    out = read_history(path)
    assert out.attrs["interval_min"] == 15
    assert out["volume"].sum() == rows["volume"].sum()


def test_gbk_file_errors_name_row_and_chinese_column(tmp_path: Path) -> None:
    rows = _interval_rows(days=8, queue="投诉").rename(columns={"start": "时间", "queue": "队列", "volume": "来电量"})
    rows.loc[2, "来电量"] = -4
    with pytest.raises(InputError) as err:
        read_history(_write(rows, tmp_path / "h.csv", "gbk"))
    problem = err.value.problems[0]
    assert problem.row == 4 and problem.column == "来电量" and "negative" in problem.message


def test_raw_records_problems_name_the_rows(tmp_path: Path) -> None:
    raw = pd.DataFrame({"timestamp": ["2025-03-03 08:01:10", "2025-03-03 08:02:00", "bad", "2025-03-03 08:20:00"],
                        "queue": ["a", "a", "a", ""], "handle_s": ["120", "-30", "90", "60"]})
    with pytest.raises(InputError) as err:
        read_history(_write(raw, tmp_path / "raw.csv"))
    found = {(p.row, p.column) for p in err.value.problems}
    assert found == {(4, "timestamp"), (5, "queue"), (3, "handle_s")}


def test_raw_records_with_chinese_headers_and_bom(tmp_path: Path) -> None:
    """One row per contact from a Chinese ticket system: counts per 15 minutes, AHT = mean handle time."""
    raw = pd.DataFrame({"开始时间": ["2025-03-03 08:01:10", "2025-03-03 08:14:59", "2025-03-03 08:15:00",
                                 "2025-03-04 09:00:00"],
                        "技能组": ["售后"] * 4, "处理时长": [100, 200, 60, 30]})
    out = read_history(_write(raw, tmp_path / "raw.csv", "utf-8-sig"))
    assert out.attrs["interval_min"] == 15 and len(out) == 2 * 96
    first = out.set_index("start").loc["2025-03-03 08:00"]
    assert first["volume"] == 2 and first["aht_s"] == pytest.approx(150.0)
    assert out.set_index("start").loc["2025-03-03 08:15", "volume"] == 1
    assert out["volume"].sum() == 4 and out["volume"].isna().sum() == 0   # no contact = 0, not a gap


def test_ragged_row_is_named(tmp_path: Path) -> None:
    rows = _interval_rows(days=8)
    text = rows.to_csv(index=False).splitlines()
    text[6] += ",extra"
    path = tmp_path / "h.csv"
    path.write_text("\n".join(text) + "\n")
    with pytest.raises(InputError, match="row 7 has 5 fields but the header names 4 columns"):
        read_history(path)
