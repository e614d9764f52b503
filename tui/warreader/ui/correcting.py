"""Corrections in the app: the menu (rename, merge, split, not a place / speaker, undo), applying and
saving them, and the TOML aliases file.

A :class:`Corrector` belongs to the app; it keeps the saved corrections, applies them to each
library the app loads, and tells the reader screen (and any open view) to show the result.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text

from warreader import corrections as fix
from warreader.ui.desk import Desk, desk_of
from warreader.ui.highlight import inert_line
from warreader.ui.screens.dialogs import PickScreen, PromptScreen
from warreader.wording import counted

if TYPE_CHECKING:
    from textual.app import App

    from warreader.library import Library
    from warreader.store.state import StateStore
    from warreader.ui.screens.reading import ReaderScreen
    from warreader.ui.team import Team


class Corrector:
    """The analyst's corrections over the libraries ``app`` shows in ``reading``."""

    def __init__(
        self, app: App[Any], reading: ReaderScreen, store: StateStore, team: Team | None = None
    ) -> None:
        self.app = app
        self.reading = reading
        self.store = store
        self.team = team
        """The team's database (``warreader --db``): corrections are shared there, not in ``store``."""
        self.corrections, self.problems = (
            fix.from_state(store.state.corrections) if team is None else ([], [])
        )
        """The saved corrections this release understands; ``problems``: why others were not applied."""
        self.applied = 0
        """How many of them apply to the loaded library."""

    @property
    def desk(self) -> Desk:
        return desk_of(self.app)

    @property
    def library(self) -> Library | None:
        return self.desk.library

    def loaded(self, library: Library) -> Library:
        """The view of a freshly loaded library with the saved corrections applied (``library``
        itself is not changed); saved corrections that do not apply here are said in one notice."""
        self.applied = 0
        if self.team is not None and not self.team.started:
            self.corrections, line = self.team.begin()
            if line:
                self.app.notify(inert_line(line), title="Team database", severity="warning", markup=False)
        if not self.corrections:
            return library
        view, skipped = fix.corrected(library, self.corrections)
        self.applied = len(self.corrections) - len(skipped)
        if skipped:
            notes = "; ".join(f"{inert_line(c.describe())}: {why}" for c, why in skipped[:3])
            self.app.notify(
                f"{counted(len(skipped), 'saved correction')} did not apply here ({notes})",
                title="Corrections",
                severity="warning",
                markup=False,
            )
        return view

    def adopt_saved(self) -> None:
        """Another warreader saved corrections meanwhile: show them here too."""
        if self.team is not None:
            return  # the team's corrections are refreshed from the database (:meth:`refresh`)
        saved, _ = fix.from_state(self.store.state.corrections)
        library = self.library
        if saved == self.corrections or library is None:
            return
        self.corrections = saved
        self._show(*fix.corrected(library.base, self.corrections))  # on the uncorrected view
        self._after_corrections()

    def refresh(self) -> None:
        """On the team's database: send what is queued here and show what others changed."""
        team = self.team
        if team is not None and team.started and not team.closing:
            team.run(lambda: None, self._refreshed)

    def _refreshed(self, _result: object, lines: Sequence[str]) -> None:
        """A call to the team's database is done: say what happened, show the corrections now."""
        for line in lines:
            self.app.notify(inert_line(line), title="Team corrections", severity="warning", markup=False)
        library = self.library
        if self.team is None or library is None:
            return
        current = self.team.corrections()
        if current != self.corrections:
            self.corrections = current
            self._show(*fix.corrected(library.base, current))
            self._after_corrections()

    def _team_undo(self) -> None:
        """Undo, on the team's database: this analyst's own latest correction (never another's)."""
        team = self.team
        assert team is not None

        def undone(result: tuple[fix.Correction | None] | None, lines: Sequence[str]) -> None:
            if result is None and not lines:
                lines = ["Nothing undone: the server is away and no correction of yours is queued here"]
            elif result is not None:
                gone = result[0]
                said = f"Undone: {gone.describe()}" if gone else f"{team.author} has no correction to undo"
                self.app.notify(inert_line(said), title="Corrections", markup=False)
            self._refreshed(None, lines)

        team.run(lambda: (team.shared.undo(),), undone)

    def history(self, group_id: str | None) -> None:
        """Who made each correction of ``group_id``, when, and whether it applies (the team's)."""
        from warreader.ui.team import history_items

        if self.team is None:
            return
        items = history_items(self.team, group_id)
        group = self.library.groups.get(group_id or "") if self.library else None
        title = f"Corrections of “{inert_line(group.name)}”" if group else "The team's corrections"
        help = "Newest first; the last change to a group wins, the one it replaced stays here."
        self.app.push_screen(PickScreen(title, items, help))

    def undo(self) -> None:
        """Pick a saved correction to take back."""
        if self.team is not None and self.library is not None:
            self._team_undo()
            return
        if self.library is None or not self.corrections:
            self.app.notify("No saved corrections to undo.", title="Corrections")
            return
        self._pick_undo()

    def step(self, key: str) -> None:
        """One item of the menu, chosen from elsewhere (the palette's export / import)."""
        self._correction_step(key, None)

    def open(self, group_id: str | None) -> None:
        library = self.library
        if library is None:
            return
        items: list[tuple[str, Text, str]] = []

        def item(key: str, label: str, detail: str = "") -> None:
            text = Text(label, end="")
            if detail:
                text.append("\n  " + detail, style="dim")
            items.append((key, text, label))

        group = library.groups.get(group_id or "")
        if group is not None:
            name = inert_line(group.name)
            other = "place" if group.kind == "place" else "speaker"
            item("rename", f"Rename “{name}”…", "the name shown everywhere")
            item("merge", f"Merge another {other} into “{name}”…", "two groups are one " + other)
            if len(group.variants) > 1:
                item("split", f"Split a spelling out of “{name}”…", "a spelling is someone or somewhere else")
            item("reject", f"A spelling of “{name}” is not a {other}…", "remove those highlights everywhere")
            if self.reading.current is not None and any(
                m.group == group.id for m in library.articles[self.reading.current].mentions
            ):
                item(
                    "reject_here", f"… not a {other} in this article only…", "remove them in the open article"
                )
        if self.team is not None:
            item("undo", "Undo your last correction", f"by {self.team.author}; others' stay")
            item("history", "History of corrections…", "who changed what, and what replaced it")
        elif self.corrections:
            item("undo", "Undo a correction…", f"{len(self.corrections)} saved")
        item("export_aliases", "Export corrections as a TOML aliases file…")
        item("import_aliases", "Import corrections from a TOML aliases file…")
        title = (
            f"Correct “{inert_line(group.name)}”" if group else "Corrections (follow an entity to correct it)"
        )
        help = "Corrections are saved and applied everywhere at once; undo takes them back."
        if self.team is not None:
            help = f"Shared with the team as {inert_line(self.team.author)}; undo takes back your own."
        self.app.push_screen(PickScreen(title, items, help), lambda key: self._correction_step(key, group_id))

    def _correction_step(self, key: str | None, group_id: str | None) -> None:
        library = self.library
        if key is None or library is None:
            return
        group = library.groups.get(group_id or "")
        if key == "undo":
            self.undo()
        elif key == "history":
            self.history(group_id)
        elif key == "export_aliases":
            self.app.push_screen(
                PromptScreen("Export corrections to", str(Path.cwd() / "warreader-aliases.toml")),
                self._export_aliases,
            )
        elif key == "import_aliases":
            self.app.push_screen(
                PromptScreen(
                    "Import corrections from", "", "A TOML aliases file (warreader export --aliases)."
                ),
                self._import_aliases,
            )
        elif group is None:
            return
        elif key == "rename":

            def renamed(name: str | None) -> None:
                if name:
                    self.add_correction(fix.Correction("rename", group=group.id, name=name, label=group.name))

            self.app.push_screen(
                PromptScreen(f"Rename “{inert_line(group.name)}”", inert_line(group.name)), renamed
            )
        elif key == "merge":
            others = sorted(
                (g for g in library.groups.values() if g.kind == group.kind and g.id != group.id),
                key=lambda g: g.name.casefold(),
            )
            items = [
                (
                    g.id,
                    Text(inert_line(g.name), style="bold", end="").append(
                        "  " + " · ".join(inert_line(v) for v in g.variants[:6]), style="dim"
                    ),
                    " ".join([g.name, *g.variants]),
                )
                for g in others
            ]

            def merged(other: str | None) -> None:
                if other and other in library.groups:
                    source = library.groups[other]
                    self.add_correction(
                        fix.Correction(
                            "merge", group=other, into=group.id, label=source.name, into_label=group.name
                        )
                    )

            self.app.push_screen(PickScreen(f"Which is also “{inert_line(group.name)}”?", items), merged)
        elif key in {"split", "reject", "reject_here"}:
            spellings = list(dict.fromkeys(group.variants))
            article = ""
            if key == "reject_here" and self.reading.current is not None:
                current = library.articles[self.reading.current]
                article = current.path
                spellings = list(dict.fromkeys(m.text for m in current.mentions if m.group == group.id))
            items = [(str(i), Text(inert_line(s), end=""), s) for i, s in enumerate(spellings)]
            action = (
                "split" if key == "split" else ("not-a-place" if group.kind == "place" else "not-a-speaker")
            )

            def chosen(number: str | None) -> None:
                if number is None:
                    return
                spelling = spellings[int(number)]
                if action == "split":
                    self.add_correction(
                        fix.Correction("split", group=group.id, spelling=spelling, label=group.name)
                    )
                else:
                    self.add_correction(fix.Correction(action, spelling=spelling, article=article))

            title = (
                "Split which spelling out?" if key == "split" else f"Which spelling is not a {group.kind}?"
            )
            self.app.push_screen(PickScreen(title, items), chosen)

    def add_correction(self, correction: fix.Correction) -> bool:
        """Apply and save one correction; False (with a notification) when it does not apply."""
        library = self.library
        if library is None:
            return False
        view, skipped = fix.corrected(library, [correction])  # a new view: ``library`` is not changed
        if skipped:
            self.app.notify(inert_line(skipped[0][1]), title="Not applied", severity="warning", markup=False)
            return False
        self.corrections.append(correction)
        self._show(view, [], added=1)
        self._save_corrections([correction])
        if correction.action == "merge" and self.reading.entity == correction.group:
            self.reading.entity = correction.into
        self._after_corrections()
        self.app.notify(inert_line(correction.describe()), title="Corrected", markup=False)
        return True

    def remove_correction(self, number: int) -> None:
        library = self.library
        if library is None or not 0 <= number < len(self.corrections):
            return
        gone = self.corrections.pop(number)
        self._show(*fix.corrected(library.base, self.corrections))  # the others, on the uncorrected view
        self._save_corrections([])
        self._after_corrections()
        self.app.notify("Undone: " + inert_line(gone.describe()), title="Corrections", markup=False)

    def _show(self, view: Library, skipped: Sequence[tuple[fix.Correction, str]], added: int = 0) -> None:
        """The app holds ``view`` from now on (libraries are replaced, never changed); ``added``: the
        corrections just added on top of the shown ones (else ``view`` holds all of them)."""
        applied = (added or len(self.corrections)) - len(skipped)
        self.applied = self.applied + applied if added else applied
        app: Any = self.app  # the WarReaderApp, whose ``library`` the screens read through the desk
        app.library = view

    def _pick_undo(self) -> None:
        items = [
            (str(i), Text(inert_line(c.describe()), end=""), c.describe())
            for i, c in enumerate(self.corrections)
        ]
        self.app.push_screen(
            PickScreen("Undo which correction?", items[::-1]),
            lambda key: self.remove_correction(int(key)) if key is not None else None,
        )

    def _save_corrections(self, new: Sequence[fix.Correction]) -> None:
        """Keep the corrections: in the state file, or ``new`` sent to the team's database."""
        team = self.team
        if team is not None:
            sending = list(new)
            team.run(lambda: [team.save(c) for c in sending], self._refreshed)
            return
        self.store.state.corrections = fix.to_state(self.corrections, self.store.state.corrections)
        self.desk.save_now()

    def _after_corrections(self) -> None:
        """Show the corrected library everywhere: panel, reader, list and any open workbench screen."""
        reading = self.reading
        if (
            reading.entity is not None
            and self.library is not None
            and reading.entity not in self.library.groups
        ):
            reading.entity = None
        reading.corrected()
        for screen in self.app.screen_stack[1:]:
            reload: Callable[[], None] | None = getattr(screen, "reload", None)
            if reload is not None:
                reload()

    def _export_aliases(self, path: str | None) -> None:
        if not path:
            return
        from warreader.export import write_text

        try:
            written = write_text(path, fix.to_toml(self.corrections))
        except OSError as error:
            self.app.notify(str(error), title="Export failed", severity="error", markup=False)
            return
        self.app.notify(
            f"{len(self.corrections)} corrections written to {written}", title="Exported", markup=False
        )

    def _import_aliases(self, path: str | None) -> None:
        library = self.library
        if not path or library is None:
            return
        try:
            incoming = fix.read_toml(Path(path).expanduser())
        except (OSError, ValueError) as error:
            self.app.notify(str(error), title="Import failed", severity="error", markup=False)
            return
        new = [c for c in incoming if c not in self.corrections]
        view, missed = fix.corrected(library, new)
        self.corrections += new
        self._show(view, missed, added=len(new))
        self._save_corrections(new)
        self._after_corrections()
        skipped = len(missed)
        self.app.notify(
            f"{len(new)} corrections imported"
            + (f", {skipped} did not apply to this corpus" if skipped else ""),
            title="Imported",
            markup=False,
        )
