"""Issue 12.7: one count of a group's mentions, shown the same by every view and export.

The entity panel, the status line, the entity view (e), who said what (w), the map (m) and the
group / entity exports all show :meth:`Library.mention_count`. Checked on the seeds, on the
generated corpus and on a library whose grouping counted nested mentions (a surname inside the
full name), where the panel said 17 while ``w`` and the export said 21.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from warreader.export import render_entity, render_groups
from warreader.library import Library, load_library
from warreader.model import Article, Group, Mention
from warreader.resources import seeds_dir
from warreader.ui.app import WarReaderApp
from warreader.ui.screens.entity import EntityScreen
from warreader.ui.screens.map import MapScreen
from warreader.ui.screens.statements import WhoSaidScreen
from warreader.ui.widgets.entity_panel import EntityPanel
from warreader.ui.widgets.status import StatusLine

GENERATED = Path(__file__).resolve().parents[1] / "data" / "generated"
PUTIN = "speaker:putin"
KYIV = "place:gn:703448"


def number(pattern: str, text: str) -> int:
    found = re.search(pattern, text)
    assert found is not None, f"no {pattern!r} in {text!r}"
    return int(found.group(1).replace(",", ""))


def nested_library() -> Library:
    """Two articles naming Vladimir Putin; the surname inside the full name is a mention of its own,
    as an index built before the no-overlap rule has it. Grouping counted 5, n / N walks 3."""
    bodies = [
        "Vladimir Putin spoke in Kyiv. Later Putin left Kyiv.",
        "Vladimir Putin was not in Kyiv.",
    ]
    articles = []
    for number_, body in enumerate(bodies):
        mentions = []
        for kind, text, group in (("speaker", "Vladimir Putin", PUTIN), ("speaker", "Putin", PUTIN)):
            start = body.find(text)
            while start >= 0:
                mentions.append(Mention(kind, text, start, start + len(text), group, group))  # type: ignore[arg-type]
                start = body.find(text, start + 1)
        start = body.find("Kyiv")
        while start >= 0:
            mentions.append(Mention("place", "Kyiv", start, start + 4, "gn:703448", KYIV))
            start = body.find("Kyiv", start + 1)
        mentions.sort(key=lambda m: (m.start, -m.end))
        articles.append(
            Article(f"news/{number_}.txt", f"Putin {number_}", None, "en", body, "wire", "", mentions)
        )
    paths = [a.path for a in articles]
    groups = {
        PUTIN: Group(PUTIN, "speaker", "Vladimir Putin", ["Vladimir Putin", "Putin"], 5, paths),
        KYIV: Group(KYIV, "place", "Kyiv", ["Kyiv"], 3, paths),
    }
    return Library(articles, groups)


def corpus(name: str) -> Library:
    if name == "nested":
        return nested_library()
    return load_library([str(seeds_dir() if name == "seeds" else GENERATED)])


def sample_groups(library: Library) -> list[str]:
    """The most mentioned places and speakers (every group of a small library)."""
    ranked = sorted(library.groups.values(), key=lambda g: (-library.mention_count(g.id), g.id))
    places = [g.id for g in ranked if g.kind == "place"][:3]
    speakers = [g.id for g in ranked if g.kind == "speaker"][:3]
    return places + speakers


async def shown_counts(app: WarReaderApp, pilot, group_id: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """The mention count of ``group_id`` as each view of the app shows it."""
    library = app.library
    assert library is not None
    group = library.groups[group_id]
    shown: dict[str, int] = {}
    panel = app.query_one(EntityPanel)
    shown["panel"] = number(r"([\d,]+) mentions?", " ".join(panel.group_lines(group_id)))
    app.select_entity(group_id)
    await pilot.pause()
    status = app.query_one("#status", StatusLine).text.plain
    shown["status"] = number(r"mention [\d,]+/([\d,]+) of", status)
    await app.push_screen(EntityScreen(group_id))
    await app.workers.wait_for_complete()
    await pilot.pause()
    head = str(app.screen.query_one("#entity-head", Static).content)
    shown["e"] = number(r"([\d,]+) mentions? in", head)
    shown["e list"] = number(r"(?:\(|of )([\d,]+)[);]", str(app.screen.query_one("#kwic").border_title))
    app.screen.dismiss()
    await pilot.pause()
    if group.kind == "speaker":
        await app.push_screen(WhoSaidScreen(group_id))
        await app.workers.wait_for_complete()
        await pilot.pause()
        option = app.screen.query_one("#speakers", OptionList).get_option(group_id)
        shown["w"] = number(r"([\d,]+) mentions?", str(option.prompt))
    else:
        await app.push_screen(MapScreen(group_id))
        await app.workers.wait_for_complete()
        await pilot.pause()
        points = {p.group_id: p for p in app.screen.points}  # type: ignore[attr-defined]
        if group_id in points:
            option = app.screen.query_one("#map-places", OptionList).get_option(group_id)
            shown["m"] = number(r"  ([\d,]+)", str(option.prompt))
            info = app.screen.query_one("#map-info", StatusLine).text.plain
            shown["m info"] = number(r"([\d,]+) mentions?", info)
    app.screen.dismiss()
    await pilot.pause()
    return shown


def exported_counts(library: Library, group_id: str) -> dict[str, int]:
    rows = {row["id"]: row for row in json.loads(render_groups(library, "json"))}
    entity = json.loads(render_entity(library, group_id, "json"))
    markdown = render_entity(library, group_id, "md")
    groups_md = render_groups(library, "md")
    name = library.groups[group_id].name
    return {
        "export groups": rows[group_id]["mentions"],
        "export groups csv": number(
            rf"(?m)^{re.escape(group_id)},[^\n]*?,([\d]+),[\d]+,", render_groups(library, "csv")
        ),
        "export groups md": number(rf"\| {re.escape(name)} \| \w+ \| ([\d]+) \|", groups_md),
        "export entity": entity["group"]["mentions"],
        "export entity rows": len(entity["mentions"]),
        "export entity md": number(r"([\d,]+) mentions? in", markdown),
    }


@pytest.mark.parametrize("name", ["nested", "seeds", "generated"])
async def test_every_view_and_export_shows_the_same_mention_count(name: str) -> None:
    library = corpus(name)
    chosen = sample_groups(library)
    assert chosen
    app = WarReaderApp(library=library)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        app.reading.action_toggle_all()  # the panel lists every entity (with its corpus count)
        await pilot.pause()
        for group_id in chosen:
            expected = library.mention_count(group_id)
            assert expected == len(library.mentions_of(group_id))
            shown = await shown_counts(app, pilot, group_id) | exported_counts(library, group_id)
            assert shown == dict.fromkeys(shown, expected), group_id
