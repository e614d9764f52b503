"""`warreader eval`: figures on the bundled articles, and the scoring rules on small cases."""

from __future__ import annotations

import json

import pytest

from warreader.cli import main
from warreader.evaluation import score


def test_eval_on_bundled_seeds_meets_the_acceptance_figures(capsys, seeds, seeds_gold_path) -> None:
    assert main(["eval", str(seeds_gold_path), str(seeds), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["places"]["f1"] >= 0.90
    assert result["speakers"]["f1"] >= 0.85
    assert result["grouping"]["f1"] >= 0.90
    assert result["lookalike_merges"] == []
    assert result["offset_errors"] == 0
    assert result["date_accuracy"] == 1.0


def test_eval_prints_a_table(capsys, seeds, seeds_gold_path) -> None:
    assert main(["eval", str(seeds_gold_path), str(seeds)]) == 0
    out = capsys.readouterr().out
    for word in ("places", "speakers", "grouping", "lookalike_merges"):
        assert word in out


def test_eval_rejects_a_bad_gold_file(capsys, tmp_path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["eval", str(bad)]) == 2
    assert "cannot read gold file" in capsys.readouterr().err


def _article(name, body, mentions, language="en"):
    found = []
    for kind, text, group in mentions:
        start = body.index(text)
        found.append({"kind": kind, "text": text, "start": start, "end": start + len(text), "group": group})
    return {"path": f"x/{name}", "date": None, "language": language, "body": body, "mentions": found}


GOLD = {
    "articles": {
        "a.txt": {
            "date": None,
            "language": "en",
            "places": {"oskil": ["Oskil River", "Oskil"], "kyiv": ["Kyiv"]},
            "speakers": {"kim": ["Vitaliy Kim", "Kim"]},
            "optional": ["CNN"],
        },
        "b.txt": {
            "date": None,
            "language": "sv",
            "places": {"kyiv": ["Kiev"], "kharkiv": ["Charkiv"]},
            "speakers": {},
            "optional": [],
        },
    },
    "distinct": [["Kyiv", "Kharkiv"], ["Charkiv", "Kiev"]],
}


def test_scoring_rules_possessive_river_genitive_optional() -> None:
    predicted = {
        "articles": [
            _article(
                "a.txt",
                "Kyiv's mayor Vitaliy Kim spoke by the Oskil River, CNN said.",
                [
                    ("place", "Kyiv's", "p:kyiv"),
                    ("place", "Oskil River", "p:oskil"),
                    ("place", "CNN", "p:cnn"),
                    ("speaker", "Vitaliy Kim", "s:kim"),
                    ("speaker", "Kim", "s:kim"),
                ],
            ),
            _article(
                "b.txt",
                "I Kievs förorter och Charkiv.",
                [("place", "Kievs", "p:kyiv"), ("place", "Charkiv", "p:kharkiv")],
                "sv",
            ),
        ]
    }
    result = score(GOLD, predicted)
    assert result["places"]["tp"] == 4  # Kyiv's→Kyiv, Oskil River, Kievs→Kiev, Charkiv
    assert result["places"]["predicted"] == 4  # CNN is optional: neither rewarded nor penalised
    assert result["places"]["gold"] == 5  # bare "Oskil" was not found
    assert result["speakers"]["f1"] == 1.0
    assert result["grouping"]["precision"] == 1.0
    assert result["lookalike_merges"] == []


def test_scoring_counts_lookalike_merges_and_offset_errors() -> None:
    article = _article(
        "a.txt", "Kyiv and Kharkiv.", [("place", "Kyiv", "p:one"), ("place", "Kharkiv", "p:one")]
    )
    article["mentions"][1]["start"] += 1
    result = score(GOLD, {"articles": [article]})
    assert result["lookalike_merges"] == [["Kyiv", "Kharkiv"]]
    assert result["offset_errors"] == 1
    assert result["missing_articles"] == ["b.txt"]


@pytest.mark.parametrize("bad", [{}, {"articles": []}])
def test_scoring_empty_prediction(bad) -> None:
    result = score(GOLD, bad)
    assert result["places"]["f1"] == 0.0
    assert len(result["missing_articles"]) == 2


def test_eval_on_a_generated_multilingual_sample(capsys) -> None:
    """60 articles (en/sv/de) from the benchmark generator, with its gold, shipped in tests/data."""
    from pathlib import Path

    data = Path(__file__).parents[1] / "data"
    assert main(["eval", str(data / "generated-gold.json"), str(data / "generated"), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["places"]["f1"] >= 0.95
    assert result["speakers"]["f1"] >= 0.93
    assert result["grouping"]["f1"] >= 0.95
    assert result["lookalike_merges"] == []
    assert result["offset_errors"] == 0


def test_scoring_counts_overlapping_mentions_as_the_reference_scorer_does() -> None:
    body = "Defence Minister Sergei Shoigu said so, and Kyiv agreed."
    article = _article(
        "a.txt",
        body,
        [("speaker", "Sergei Shoigu", "s:1"), ("place", "Kyiv", "p:kyiv")],
    )
    inner = body.index("Shoigu")
    article["mentions"].append(
        {"kind": "speaker", "text": "Shoigu", "start": inner, "end": inner + 6, "group": "s:1"}
    )
    assert score(GOLD, {"articles": [article]})["overlapping_mentions"] == 1
    article["mentions"].pop()
    assert score(GOLD, {"articles": [article]})["overlapping_mentions"] == 0


def test_a_second_spelling_of_an_earned_gold_form_is_neutral() -> None:
    # "Kievs" and "Kiev" both stand for the gold form "Kiev": one is earned, the other neither
    # rewarded nor penalised (as ../shared/tools/score.py scores it).
    body = "Kievs gator och Kiev."
    article = _article("b.txt", body, [("place", "Kievs", "p:kyiv"), ("place", "Kiev", "p:kyiv")], "sv")
    article["mentions"][1]["start"] = body.rindex("Kiev")
    article["mentions"][1]["end"] = body.rindex("Kiev") + 4
    result = score(GOLD, {"articles": [article]})
    assert (result["places"]["tp"], result["places"]["predicted"]) == (1, 1)


def test_an_oblast_form_earns_the_bare_gold_name() -> None:
    gold = {
        "articles": {"a.txt": {"date": None, "language": "en", "places": {"d": ["Donetsk"]}, "speakers": {}}}
    }
    article = _article("a.txt", "In Donetsk Oblast today.", [("place", "Donetsk Oblast", "p:d")])
    result = score(gold, {"articles": [article]})
    assert result["places"]["f1"] == 1.0


def test_eval_on_the_seeds_is_perfect_without_overlaps(capsys, seeds, seeds_gold_path) -> None:
    assert main(["eval", str(seeds_gold_path), str(seeds), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert [result[k]["f1"] for k in ("places", "speakers", "grouping")] == [1.0, 1.0, 1.0]
    assert result["overlapping_mentions"] == 0
    assert result["lookalike_merges"] == []
