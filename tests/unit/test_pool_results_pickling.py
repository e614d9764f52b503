"""Extraction results cross from the workers to the indexing process compactly and unchanged (issue 17)."""

from __future__ import annotations

import pickle
from pathlib import Path

from warreader.ingest.pool import SourceTask, extract_source, pickle_compactly
from warreader.model import PartialDate

ROOT = Path(__file__).resolve().parents[2]


def results():
    files = sorted(ROOT.joinpath("tests", "data", "devset").glob("*.txt"))[:12]
    found = [extract_source(SourceTask(str(path))) for path in files]
    assert sum(len(a.mentions) for r in found for a in r.articles) > 100
    assert any(a.dates for r in found for a in r.articles)
    return found


def test_results_pickled_compactly_come_back_equal_and_smaller() -> None:
    from multiprocessing.reduction import ForkingPickler

    found = results()
    found[0].articles[0].date = PartialDate(2024, 3)  # a date known to the month keeps its precision
    plain = pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL)
    pickle_compactly()
    compact = bytes(ForkingPickler.dumps(found, protocol=pickle.HIGHEST_PROTOCOL))
    back = pickle.loads(compact)
    assert back == found
    assert back[0].articles[0].date.isoformat() == "2024-03"
    assert [type(m) for m in back[0].articles[0].mentions] == [type(m) for m in found[0].articles[0].mentions]
    assert len(compact) < 0.9 * len(plain)
