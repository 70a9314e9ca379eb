"""Property tests of the history reader: every well-formed export loads, and loses no contact.

The garbage-in side (random bytes, ragged rows) is in ``test_fuzz_inputs.py``; here the inputs
are valid files in the shapes real ACD exports take — any interval length the planner supports,
English or Chinese headers, UTF-8 / UTF-8-BOM / GBK, closed hours left out, rows shuffled — and
the reader must return the same contacts on a whole-day grid at the right interval.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forecasting.io import read_history

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

HEADERS = {
    "en": {"start": "start", "queue": "queue", "volume": "volume", "aht_s": "aht_s"},
    "cn": {"start": "时间", "queue": "队列", "volume": "来电量", "aht_s": "平均处理时长"},
}


@FAST
@given(interval_min=st.sampled_from([5, 15, 30, 60]), days=st.integers(2, 9),
       open_h=st.tuples(st.integers(0, 10), st.integers(14, 24)), headers=st.sampled_from(sorted(HEADERS)),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "gbk"]), queues=st.sampled_from([("电话",), ("phone", "chat")]),
       shuffle=st.booleans(), seed=st.integers(0, 2**16))
def test_valid_exports_load_without_losing_contacts(interval_min: int, days: int, open_h: tuple[int, int],
                                                    headers: str, encoding: str, queues: tuple[str, ...],
                                                    shuffle: bool, seed: int) -> None:
    rng = np.random.default_rng(seed)
    idx = pd.date_range("2025-03-03", periods=days * 1440 // interval_min, freq=f"{interval_min}min")
    idx = idx[(idx.hour >= open_h[0]) & (idx.hour < open_h[1])]
    frames = [pd.DataFrame({"start": idx.strftime("%Y-%m-%d %H:%M"), "queue": q,
                            "volume": rng.poisson(8, len(idx)), "aht_s": rng.integers(60, 600, len(idx))})
              for q in queues]
    rows = pd.concat(frames, ignore_index=True)
    if shuffle:
        rows = rows.sample(frac=1.0, random_state=seed)
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "history.csv"
        rows.rename(columns=HEADERS[headers]).to_csv(path, index=False, encoding=encoding)
        out = read_history(path)
    assert out.attrs["interval_min"] == interval_min
    assert len(out) == len(queues) * days * 1440 // interval_min
    for q in queues:
        got = out[out["queue"] == q]
        want = rows[rows["queue"] == q]
        assert got["volume"].sum() == want["volume"].sum()
        assert not got["volume"].isna().any()          # closed hours are 0, never gaps
        handled = (got["aht_s"] * got["volume"]).sum()
        assert handled == (want["aht_s"] * want["volume"]).sum()
