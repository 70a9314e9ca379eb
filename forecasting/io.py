"""Reading contact history: interval tables or raw contact records, CSV or XLSX.

``read_history`` returns one regular grid per queue (every interval from the first day's midnight
to the end of the last day) so the models never have to guess what a missing row means:

* ``volume == 0`` — the queue was closed (an interval-of-week with no contacts in most weeks,
  e.g. nights, or weekends for a weekday-only centre) or simply had no contacts;
* ``volume`` NaN — a *gap*: an interval that is normally open but has no row. Gaps are reported in
  ``frame.attrs["notes"]`` and imputed by the engine (never silently treated as zero demand).

Everything else the file can get wrong (bad timestamps, negative counts, duplicates that are not a
DST fall-back hour, an interval length we cannot plan on) raises :class:`InputError` listing every
problem with its file row, so the user can fix the file in one pass.
"""
from __future__ import annotations

import io
import logging
import warnings
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd

from planner.errors import InputError, InputProblem

log = logging.getLogger(__name__)

SUPPORTED_INTERVALS_MIN = (5, 10, 15, 30, 60)
HISTORY_COLUMNS = ["start", "queue", "volume", "aht_s", "abandoned"]
RAW_INTERVAL_MIN = 15  # grid raw contact records are aggregated onto unless told otherwise
#: an interval-of-week counts as "open" when it has contacts in at least this share of the weeks
OPEN_SLOT_SHARE = 0.5

# Accepted header spellings (lower-cased, stripped). Chinese headers as exported by common ACDs.
_ALIASES: dict[str, tuple[str, ...]] = {
    "start": ("start", "interval_start", "timestamp", "datetime", "date_time", "time", "interval",
              "时间", "开始时间", "时段", "日期时间", "时间段"),
    "date": ("date", "日期"),
    "queue": ("queue", "skill", "split", "queue_name", "队列", "技能组", "队列名称", "业务线"),
    "volume": ("volume", "calls", "offered", "contacts", "offered_calls", "count",
               "来电量", "呼入量", "进线量", "话务量", "接入量"),
    "aht_s": ("aht_s", "aht", "aht_sec", "avg_handle_time_s", "平均处理时长", "平均处理时长秒", "aht(秒)"),
    "abandoned": ("abandoned", "abandons", "abandoned_calls", "放弃量", "放弃", "呼损量"),
    "handle_s": ("handle_s", "handle_time_s", "handle_time", "duration_s", "talk_time_s", "处理时长",
                 "通话时长", "处理时长秒"),
}


def _label(path: Path) -> str:
    return str(path)


def _read_table(path: Path) -> pd.DataFrame:
    """Read CSV (plain or gzip; UTF-8, UTF-8 with BOM or GBK) or XLSX as strings."""
    name = path.name.lower()
    if not path.exists():
        raise InputError("file not found", file=str(path), fix="check the path of the history file")
    if name.endswith((".xlsx", ".xlsm")):
        try:
            return pd.read_excel(path, dtype=str, engine="openpyxl")
        except Exception as exc:  # openpyxl raises many types for damaged files
            raise InputError(f"cannot read the workbook ({exc})", file=str(path),
                             fix="save it again from Excel as .xlsx, or export CSV") from exc
    if not name.endswith((".csv", ".csv.gz", ".txt", ".tsv")):
        raise InputError("unsupported file type", file=str(path),
                         fix="use a .csv, .csv.gz or .xlsx file")
    raw = path.read_bytes()
    if name.endswith(".gz"):
        import gzip
        try:
            raw = gzip.decompress(raw)
        except OSError as exc:
            raise InputError(f"not a valid gzip file ({exc})", file=str(path)) from exc
    # Excel on Chinese Windows saves CSV as GBK; newer Excel as UTF-8 with BOM. GB18030 is a
    # superset of GBK, so it also reads files labelled GBK/GB2312.
    text = None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise InputError("the file is neither UTF-8 nor GBK text", file=str(path),
                         fix="save the CSV as 'CSV UTF-8' from Excel")
    # The header line tells the delimiter (Excel writes ';' in some locales); the C parser is
    # then ~10× faster than letting pandas sniff with the Python engine.
    header = text.split("\n", 1)[0]
    sep = max((",", "\t", ";", "|"), key=header.count)
    try:
        table = pd.read_csv(io.StringIO(text), dtype=str, sep=sep, skipinitialspace=True)
    except pd.errors.EmptyDataError as exc:
        raise InputError("the file is empty", file=str(path), fix="export the history with a header row") from exc
    except pd.errors.ParserError as exc:
        raise _ragged_rows_error(text, sep, path) or InputError(
            f"cannot parse the CSV ({exc})", file=str(path),
            fix="check the delimiter and that every row has the same columns") from exc
    if not isinstance(table.index, pd.RangeIndex):
        # pandas silently turns the first column(s) into the index when the first data row has
        # more fields than the header; the row numbers would then be wrong, so refuse it.
        raise _ragged_rows_error(text, sep, path) or InputError(
            "data rows have more fields than the header", file=str(path),
            fix="give every column a header, or delete the extra values")
    return table


def _ragged_rows_error(text: str, sep: str, path: Path) -> InputError | None:
    """An error naming every data row with more fields than the header (None if there is none).

    Only called after pandas failed or mis-read the table, so the slower csv-module pass costs
    nothing on well-formed files.
    """
    import csv

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, skipinitialspace=True)
    rows: list[int] = []
    try:
        header = next(reader, None)
        if header is None:
            return None
        width = len(header)
        widest = width
        for fields in reader:
            if len(fields) > width:
                rows.append(reader.line_num)
                widest = max(widest, len(fields))
    except csv.Error:
        return None  # the caller's generic parse error is the best we can say
    if not rows:
        return None
    which = f"row {rows[0]} has" if len(rows) == 1 else f"rows {_rows_text(rows)} have"
    return InputError(f"{which} {'up to ' if len(rows) > 1 else ''}{widest} fields but the header names "
                      f"{width} column{'s' if width != 1 else ''}",
                      file=str(path), row=rows[0],
                      fix="give every column a header, or delete the extra values (check for stray "
                          f"'{sep}' inside values: quote such values)")


def _find_columns(frame: pd.DataFrame) -> dict[str, str]:
    normal = {str(c).strip().lower(): c for c in frame.columns}
    found: dict[str, str] = {}
    for key, names in _ALIASES.items():
        for alias in names:
            if alias in normal:
                found[key] = normal[alias]
                break
    return found


def _file_rows(index: Iterable[int]) -> list[int]:
    """Data row i is line i + 2 of the file (the header is line 1), also in Excel."""
    return [int(i) + 2 for i in index]


def _rows_text(rows: list[int], limit: int = 8) -> str:
    shown = ", ".join(str(r) for r in rows[:limit])
    return shown + (f" and {len(rows) - limit} more" if len(rows) > limit else "")


def read_history(path: str | Path, *, raw_interval_min: int = RAW_INTERVAL_MIN,
                 queue: str | None = None) -> pd.DataFrame:
    """Read contact history into a regular per-queue interval grid.

    Args:
        path: ``.csv``, ``.csv.gz`` or ``.xlsx``. Either an interval table (start, queue, volume
            [, aht_s, abandoned]) or raw contact records (one row per contact: timestamp, queue
            [, handle_s]) — recognised by the absence of a volume column.
        raw_interval_min: grid that raw contact records are aggregated onto.
        queue: queue name to use when the file has no queue column (default: the file stem).

    Returns:
        DataFrame with columns ``start, queue, volume, aht_s, abandoned`` sorted by queue and
        start; ``attrs["interval_min"]`` is the detected interval length and ``attrs["notes"]``
        lists what was repaired (DST hours, gaps, closed hours).

    Raises:
        InputError: every problem found, each naming the file, row and column and how to fix it.
    """
    path = Path(path)
    label = _label(path)
    table = _read_table(path)
    if table.empty:
        raise InputError("the file has no data rows", file=label, fix="export the history with its rows")
    cols = _find_columns(table)
    if "start" not in cols and "date" not in cols:
        raise InputError(f"no timestamp column among {list(map(str, table.columns))}", file=label,
                         column="start", fix="name the interval start column 'start' (or 时间)")
    problems: list[InputProblem] = []
    stamps = _parse_start(table, cols, label, problems)
    queue_name = queue or path.name.split(".")[0]
    queues = (table[cols["queue"]].fillna("").astype(str).str.strip() if "queue" in cols
              else pd.Series(queue_name, index=table.index))
    if "queue" in cols:
        blank = queues == ""
        if blank.any():
            problems.append(InputProblem(f"empty queue name in rows {_rows_text(_file_rows(table.index[blank]))}",
                                         file=label, row=_file_rows(table.index[blank])[0],
                                         column=str(cols["queue"]), fix="fill in the queue of every row"))
    if "volume" in cols:
        frame = pd.DataFrame({"start": stamps, "queue": queues,
                              "volume": _numeric(table, cols, "volume", label, problems),
                              "aht_s": _numeric(table, cols, "aht_s", label, problems),
                              "abandoned": _numeric(table, cols, "abandoned", label, problems)})
        if problems:
            raise InputError(problems)
        notes: list[str] = []
        frame = _merge_duplicates(frame, label, notes)
        interval_min = _detect_interval(frame, label)
    else:
        handle = _numeric(table, cols, "handle_s", label, problems)
        if problems:
            raise InputError(problems)
        if raw_interval_min not in SUPPORTED_INTERVALS_MIN:
            raise InputError(f"raw records cannot be aggregated to {raw_interval_min}-minute intervals",
                             column="raw_interval_min", fix=f"use one of {SUPPORTED_INTERVALS_MIN}")
        frame = _aggregate_records(stamps, queues, handle, raw_interval_min)
        interval_min = raw_interval_min
        notes = [f"{len(table)} contact records aggregated to {raw_interval_min}-minute intervals"]
    # Raw records list every contact, so an interval without one had none: never a gap.
    grid = _to_grid(frame, interval_min, label, notes, missing_is_zero="volume" not in cols)
    grid.attrs["interval_min"] = interval_min
    grid.attrs["notes"] = notes
    grid.attrs["file"] = label
    for note in notes:
        log.info("%s: %s", label, note)
    return grid


def _parse_start(table: pd.DataFrame, cols: dict[str, str], label: str,
                 problems: list[InputProblem]) -> pd.Series:
    if "start" in cols and "date" in cols:
        text = table[cols["date"]].astype(str).str.strip() + " " + table[cols["start"]].astype(str).str.strip()
        column = f"{cols['date']}+{cols['start']}"
    else:
        column = cols.get("start", cols.get("date", ""))
        text = table[column].astype(str).str.strip()
    # Chinese exports sometimes write 2025/3/1 or 2025年3月1日.
    text = (text.str.replace("年", "-", regex=False).str.replace("月", "-", regex=False)
            .str.replace("日", "", regex=False))
    # One inferred format parses a whole export fast; only rows it misses are parsed one by one.
    with warnings.catch_warnings():
        # When no single format fits, pandas says so and parses row by row: the rows it cannot
        # read are reported below with their numbers, so its warning adds nothing for the user.
        warnings.filterwarnings("ignore", message="Could not infer format", category=UserWarning)
        stamps = pd.to_datetime(text, errors="coerce")
    retry = stamps.isna() & text.ne("") & text.ne("nan")
    if retry.any():
        stamps = stamps.copy()
        stamps[retry] = pd.to_datetime(text[retry], errors="coerce", format="mixed")
    bad = stamps.isna()
    if bad.any():
        rows = _file_rows(table.index[bad])
        problems.append(InputProblem(f"unreadable timestamp in rows {_rows_text(rows)} "
                                     f"(e.g. '{text[bad].iloc[0]}')", file=label, row=rows[0],
                                     column=str(column), fix="write timestamps as YYYY-MM-DD HH:MM"))
    if getattr(stamps.dt, "tz", None) is not None:
        # The centre plans in local wall-clock time: keep the local time, drop the zone.
        stamps = stamps.dt.tz_localize(None)
    return stamps


def _numeric(table: pd.DataFrame, cols: dict[str, str], key: str, label: str,
             problems: list[InputProblem]) -> pd.Series:
    if key not in cols:
        return pd.Series(np.nan, index=table.index)
    raw = table[cols[key]]
    text = raw.astype(str).str.strip().str.replace(",", "", regex=False)
    values = pd.to_numeric(text.where(raw.notna() & (text != ""), None), errors="coerce")
    bad = values.isna() & raw.notna() & (text != "")
    if bad.any():
        rows = _file_rows(table.index[bad])
        problems.append(InputProblem(f"not a number in rows {_rows_text(rows)} (e.g. '{raw[bad].iloc[0]}')",
                                     file=label, row=rows[0], column=str(cols[key]),
                                     fix="use plain numbers (no units or text)"))
    negative = values < 0
    if negative.any():
        rows = _file_rows(table.index[negative])
        problems.append(InputProblem(f"negative value in rows {_rows_text(rows)}", file=label, row=rows[0],
                                     column=str(cols[key]), fix="counts and times cannot be negative; "
                                     "correct or delete these rows"))
    if key == "volume":
        missing = raw.isna() | (text == "")
        if missing.any():
            rows = _file_rows(table.index[missing])
            problems.append(InputProblem(f"empty volume in rows {_rows_text(rows)}", file=label, row=rows[0],
                                         column=str(cols[key]), fix="write 0 for intervals without contacts, "
                                         "or delete rows that were not recorded"))
    return values.astype(float)


def _merge_duplicates(frame: pd.DataFrame, label: str, notes: list[str]) -> pd.DataFrame:
    """Merge the repeated hour of a DST fall-back; reject any other duplicate timestamps."""
    dup = frame.duplicated(["queue", "start"], keep=False)
    if not dup.any():
        return frame
    problems: list[InputProblem] = []
    merge_mask = pd.Series(False, index=frame.index)
    for (q, day), part in frame[dup].groupby([frame["queue"], frame["start"].dt.date]):
        span = part["start"].max() - part["start"].min()
        counts = part["start"].value_counts()
        # A fall-back repeats exactly one wall-clock hour once, at night, on one day.
        if span < pd.Timedelta(hours=1) and (counts == 2).all() and part["start"].dt.hour.max() <= 3:
            merge_mask[part.index] = True
            notes.append(f"queue {q}: {len(counts)} intervals on {day} appear twice (daylight-saving "
                         f"fall-back hour); their volumes were added")
        else:
            rows = _file_rows(part.index)
            problems.append(InputProblem(f"queue {q}: duplicate timestamps on {day} in rows {_rows_text(rows)}",
                                         file=label, row=rows[0], column="start",
                                         fix="keep one row per queue and interval (or add them up)"))
    if problems:
        raise InputError(problems)
    merged = frame[merge_mask].copy()
    merged["handled_s"] = merged["aht_s"] * merged["volume"]
    agg = merged.groupby(["queue", "start"], as_index=False).agg(
        volume=("volume", "sum"), handled_s=("handled_s", "sum"), abandoned=("abandoned", "sum"))
    agg["aht_s"] = np.where(agg["volume"] > 0, agg["handled_s"] / agg["volume"].where(agg["volume"] > 0), np.nan)
    return pd.concat([frame[~merge_mask], agg[frame.columns]], ignore_index=True)


def _detect_interval(frame: pd.DataFrame, label: str) -> int:
    """The most common step between consecutive rows of a queue, checked against the grid."""
    steps: list[np.ndarray] = []
    for _, part in frame.groupby("queue"):
        s = np.sort(part["start"].to_numpy(dtype="datetime64[m]").astype(np.int64))
        if len(s) > 1:
            steps.append(np.diff(s))
    diffs = np.concatenate(steps) if steps else np.array([], dtype=np.int64)
    diffs = diffs[diffs > 0]
    if not len(diffs):
        raise InputError("need at least two intervals of history to tell the interval length", file=label,
                         column="start", fix="export more history")
    values, counts = np.unique(diffs, return_counts=True)
    step = int(values[np.argmax(counts)])
    if step not in SUPPORTED_INTERVALS_MIN:
        raise InputError(f"the rows are {step} minutes apart; supported interval lengths are "
                         f"{', '.join(map(str, SUPPORTED_INTERVALS_MIN))} minutes", file=label, column="start",
                         fix="export the history in 5, 15, 30 or 60-minute intervals")
    minutes = frame["start"].dt.hour * 60 + frame["start"].dt.minute
    off = (minutes % step != 0) | (frame["start"].dt.second != 0)
    if off.any():
        rows = _file_rows(frame.index[off])
        raise InputError(f"timestamps not on the {step}-minute grid in rows {_rows_text(rows)}", file=label,
                         row=rows[0], column="start", fix=f"interval starts must be multiples of {step} minutes "
                         "past midnight; for one row per contact drop the volume column")
    return step


def _aggregate_records(stamps: pd.Series, queues: pd.Series, handle_s: pd.Series,
                       interval_min: int) -> pd.DataFrame:
    frame = pd.DataFrame({"start": stamps.dt.floor(f"{interval_min}min"), "queue": queues,
                          "handle_s": handle_s})
    grouped = frame.groupby(["queue", "start"], as_index=False).agg(
        volume=("handle_s", "size"), handle_sum=("handle_s", "sum"), handle_n=("handle_s", "count"))
    grouped["aht_s"] = grouped["handle_sum"] / grouped["handle_n"].where(grouped["handle_n"] > 0)
    grouped["abandoned"] = np.nan
    grouped["volume"] = grouped["volume"].astype(float)
    return grouped[["start", "queue", "volume", "aht_s", "abandoned"]]


def _to_grid(frame: pd.DataFrame, interval_min: int, label: str, notes: list[str],
             missing_is_zero: bool = False) -> pd.DataFrame:
    """Reindex every queue onto whole days; classify missing intervals as closed or gap."""
    per_day = 1440 // interval_min
    parts = []
    for q, part in frame.groupby("queue", sort=False):
        part = part.set_index("start").sort_index()
        first = part.index.min().normalize()
        last = part.index.max().normalize() + pd.Timedelta(days=1)
        index = pd.date_range(first, last, freq=f"{interval_min}min", inclusive="left")
        full = part.reindex(index)
        n_days = len(index) // per_day
        gap, closed = classify_missing(full["volume"].to_numpy(dtype=float), first.dayofweek, per_day)
        if missing_is_zero:
            closed, gap = closed | gap, np.zeros_like(gap)
        volume = full["volume"].to_numpy(dtype=float).copy()
        volume[closed] = 0.0
        if closed.any() and not missing_is_zero:
            notes.append(f"queue {q}: {int(closed.sum())} intervals without rows are in usually-closed "
                         f"hours/days and count as closed (0 contacts)")
        if gap.any():
            spring = _spring_forward(index, gap, interval_min)
            if spring.any():
                days = sorted({str(d) for d in index[spring].date})
                notes.append(f"queue {q}: the hour 02:00–03:00 is missing on {', '.join(days)} "
                             f"(daylight-saving spring-forward); it is filled from neighbouring weeks")
            real = gap & ~spring
            if real.any():
                gap_days = pd.Series(index[real].date).value_counts().sort_index()
                shown = ", ".join(f"{d} ({n})" for d, n in list(gap_days.items())[:6])
                more = f" and {len(gap_days) - 6} more days" if len(gap_days) > 6 else ""
                notes.append(f"queue {q}: {int(real.sum())} open intervals have no row (gaps) on {shown}{more}; "
                             f"they are filled from the same interval in neighbouring weeks")
        parts.append(pd.DataFrame({"start": index, "queue": q, "volume": volume,
                                   "aht_s": full["aht_s"].to_numpy(dtype=float),
                                   "abandoned": full["abandoned"].to_numpy(dtype=float)}))
        if n_days < 1:
            raise InputError(f"queue {q}: less than one day of history", file=label)
    out = pd.concat(parts, ignore_index=True)
    out["queue"] = out["queue"].astype(str)
    out["start"] = out["start"].astype("datetime64[ns]")
    return out.sort_values(["queue", "start"], kind="stable").reset_index(drop=True)[HISTORY_COLUMNS]


def classify_missing(values: np.ndarray, first_weekday: int, per_day: int) -> tuple[np.ndarray, np.ndarray]:
    """Split missing (NaN) intervals into gaps (usually open) and closed hours.

    An interval-of-week is open when it has contacts in at least :data:`OPEN_SLOT_SHARE` of the
    weeks; a missing value there is a gap, elsewhere the queue was closed.
    """
    present = ~np.isnan(values)
    slot = (np.arange(len(values)) + first_weekday * per_day) % (7 * per_day)
    has = present & (np.nan_to_num(values) > 0)
    seen = np.bincount(slot, weights=has, minlength=7 * per_day)
    possible = np.bincount(slot, minlength=7 * per_day)
    open_slot = seen >= OPEN_SLOT_SHARE * np.maximum(possible, 1)
    gap = ~present & open_slot[slot]
    return gap, ~present & ~gap


def _spring_forward(index: pd.DatetimeIndex, gap: np.ndarray, interval_min: int) -> np.ndarray:
    """Gaps that are exactly one night hour on one day, with the rest of that day present."""
    out = np.zeros(len(index), dtype=bool)
    if not gap.any():
        return out
    day = index.normalize()
    for d in pd.unique(day[gap]):
        in_day = day == d
        g = gap & in_day
        hours = index[g].hour
        if g.sum() == 60 // interval_min and len(set(hours)) == 1 and hours[0] in (1, 2, 3) \
                and gap[in_day].sum() == g.sum():
            out |= g
    return out
