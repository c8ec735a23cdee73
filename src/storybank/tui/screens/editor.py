"""The story editor: SCAR fields with live checks, spoken time, competencies, autosave, undo.

Typing never waits on anything slow: word counts update per keystroke (cheap),
checks and suggestions run once the user pauses (``CHECK_DELAY``), and the
story is written to the bank when they pause longer (``SAVE_DELAY``), at the
latest every ``SAVE_MAX_WAIT`` seconds of continuous typing, and on leaving.
A write is one small atomic file replace on the main thread (TinyDB is not
thread-safe); ``bench/bench_startup_tui.py`` measures it.

Undo works on the whole story (text and competencies together): a snapshot is
taken at each pause, and ctrl+z / ctrl+y move between them.

Typed text is never lost. A story that cannot be saved (a title too long, a
full disk) is kept as a Markdown draft in ``drafts/`` beside the bank when the
editor is left anyway (esc twice, quitting, any other way it closes), and the
path is shown. Each save sends the version the edit started from, so a story
that another program changed in the bank file meanwhile is never overwritten:
the file's version is shown, and the user's is kept as a draft.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Footer, Header, Static

from storybank.checks.rules import RAMBLING_SECONDS, TARGET_SECONDS
from storybank.core.models import Story, slugify
from storybank.core.text import counted
from storybank.core.timewords import format_duration
from storybank.core.validation import describe
from storybank.errors import StorybankError
from storybank.tui import render
from storybank.tui.catalog import Assessment, assess
from storybank.tui.messages import (
    CompetenciesChanged,
    DeleteRequested,
    DuplicateRequested,
    FieldEdited,
)
from storybank.tui.screens.base import PaletteEntry, StorybankScreen
from storybank.tui.services import StoryConflict
from storybank.tui.widgets.badge import ReadinessBadge
from storybank.tui.widgets.check_list import CheckList
from storybank.tui.widgets.competency_picker import CompetencyPicker
from storybank.tui.widgets.story_field import FieldSpec, StoryField

if TYPE_CHECKING:
    from storybank.tui.services import Services

CHECK_DELAY = 0.25
"""Seconds of quiet before the checks and suggestions run."""
SAVE_DELAY = 1.0
"""Seconds of quiet before an autosave."""
SAVE_MAX_WAIT = 5.0
"""Longest a change stays unsaved while the user keeps typing."""
UNTITLED = "Untitled story"
"""The title given to a story left without one, so its text is never lost."""

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", "Title", False, "A short label you would recognise on a drill card"),
    FieldSpec("headline", "Headline", True, "One sentence: the answer, first", one_sentence=True),
    FieldSpec("situation", "Situation", True, "Where and when, and what was at stake"),
    FieldSpec("complications", "Complications", True, "The obstacle, ambiguity, conflict or risk"),
    FieldSpec("action", "Action", True, "What *I* did: decisions, trade-offs, how I drove it"),
    FieldSpec("result", "Result", True, "The outcome in numbers: %, $, time, customers"),
    FieldSpec("lessons", "Lessons", True, "Optional: what I learned, what I do differently now"),
    FieldSpec("tags", "Tags", False, "Comma-separated, e.g. payments, migration", counted=False),
)
TEXT_FIELDS = tuple(spec.name for spec in FIELDS if spec.name != "tags")
FIELD_NAMES = {spec.name: spec.label for spec in FIELDS}

Snapshot = dict[str, Any]


def parse_tags(text: str) -> list[str]:
    """Free tags from the comma-separated field: trimmed, no blanks, no repeats."""
    return list(dict.fromkeys(tag.strip() for tag in text.split(",") if tag.strip()))


class EditorScreen(StorybankScreen):
    """Edit one story; it is saved as you type.

    Args:
        services: The bank's services, from the app.
        story: The story to edit (for a new story, a placeholder not yet in the bank).
        is_new: The story is not in the bank yet; it gets its id from its title
            when first saved, and its title field starts empty.
        id_follows_title: The story was just made (a copy): while this editor
            is open, its id follows its title, as a new story's does.
    """

    CSS_PATH = "editor.tcss"
    WIDTH_BREAKPOINTS = ((0, "-tiny"), (76, "-narrow"), (100, "-wide"))
    # Nothing the editor shows changes while a dialog covers it; a change made
    # from the palette reaches it as bank_changed.
    REFRESH_ON_RESUME = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("ctrl+z", "undo", "Undo", priority=True),
        Binding("ctrl+y", "redo", "Redo", priority=True),
        # Tab moves focus before the app forwards the next key, so keys typed
        # in a burst right after it land in the new field, not the one left.
        # (No description: help lists tab and shift+tab once, under "Everywhere".)
        Binding("tab", "focus_field(1)", "", show=False, priority=True),
        Binding("shift+tab", "focus_field(-1)", "", show=False, priority=True),
        # Outside a text field; in one, "a" is a letter.
        Binding("a", "accept_suggestions", "Accept ★", key_display="a"),
        Binding("f2", "app.help", "Help", show=False),
    ]

    def __init__(
        self,
        services: Services,
        story: Story,
        *,
        is_new: bool = False,
        id_follows_title: bool = False,
    ) -> None:
        super().__init__(services)
        self.story_id = story.id
        self.is_new = is_new
        self._saved = story
        self._opened_as = story
        """The story as it was when the editor opened, to notice a rewrite on leaving."""
        self._draft: Snapshot = self._snapshot_of(story)
        if is_new:
            self._draft["title"] = ""
        self._history: list[Snapshot] = [dict(self._draft)]
        self._position = 0
        self._dirty = False
        self._dirty_since = 0.0
        self._problem: str | None = None
        self._problem_field: str | None = None
        """The field the save problem is about, where the editor shows it too."""
        self._discarded = False
        self._closing = False
        self._leave_armed = False
        self._id_follows_title = is_new or id_follows_title
        """A new story's (or a copy's) id follows its title until the editor closes."""
        self._check_timer: Timer | None = None
        self._save_timer: Timer | None = None
        self.assessment: Assessment | None = None

    # -- snapshots -------------------------------------------------------------

    @staticmethod
    def _snapshot_of(story: Story) -> Snapshot:
        snap: Snapshot = {name: getattr(story, name) for name in TEXT_FIELDS}
        snap["tags"] = ", ".join(story.tags)
        snap["competencies"] = {fw: list(ids) for fw, ids in story.competencies.items()}
        return snap

    def draft_story(self) -> Story:
        """The story as typed so far, unvalidated (checks accept any text)."""
        update: dict[str, Any] = {name: self._draft[name] for name in TEXT_FIELDS}
        update["tags"] = parse_tags(self._draft["tags"])
        update["competencies"] = {k: v for k, v in self._draft["competencies"].items() if v}
        return self._saved.model_copy(update=update)

    def _valid_story(self) -> Story | tuple[str, str]:
        """The draft as a valid story, or ``(field path, what is wrong)`` in plain words."""
        data = self.draft_story().model_dump()
        try:
            return Story.model_validate(data)
        except ValidationError as exc:
            return describe(exc)

    # -- layout ----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="editor-body"):
            with VerticalScroll(id="fields", classes="pane"):
                for spec in FIELDS:
                    yield StoryField(spec, self._draft[spec.name])
            with VerticalScroll(id="sidebar", classes="pane"):
                yield Static(id="save-state")
                yield ReadinessBadge(id="readiness")
                yield Static(id="spoken")
                yield CheckList(id="story-checks")
                yield Static(id="picker-title", classes="section-title")
                framework = self.services.catalog.framework
                yield CompetencyPicker(framework, self._saved.tags_in(framework.id))
        yield Footer()

    def on_mount(self) -> None:
        fields, sidebar = self.query_one("#fields"), self.query_one("#sidebar")
        fields.border_title = "Story"
        sidebar.border_title = "Readiness"
        # Tab goes field to field, then to the competencies: the panes
        # themselves scroll to whatever has focus and need none of their own.
        fields.can_focus = False
        sidebar.can_focus = False
        self._update_title()
        self._run_checks()
        self._show_save_state()
        self.query_one("#field-title", StoryField).editor.focus()

    def _update_title(self) -> None:
        title = render.one_line(self._draft["title"]) or "New story"
        self.title = title
        self.sub_title = "new story" if self.is_new else self.story_id

    # -- editing ---------------------------------------------------------------

    @on(FieldEdited)
    def _field_edited(self, event: FieldEdited) -> None:
        if self._draft.get(event.field) == event.value:
            return
        self._draft[event.field] = event.value
        self._changed()

    @on(CompetenciesChanged)
    def _competencies_changed(self, event: CompetenciesChanged) -> None:
        current = self._draft["competencies"].get(event.framework_id, [])
        if current == event.competency_ids:
            return
        competencies = dict(self._draft["competencies"])
        competencies[event.framework_id] = list(event.competency_ids)
        self._draft["competencies"] = competencies
        self._changed()
        self._record()

    def _changed(self) -> None:
        self._leave_armed = False
        if not self._dirty:
            self._dirty = True
            self._dirty_since = time.monotonic()
        self._show_save_state()
        self._check_timer = self._restart(self._check_timer, CHECK_DELAY, self._settle)
        self._save_timer = self._restart(self._save_timer, SAVE_DELAY, self._autosave)

    def _restart(self, timer: Timer | None, delay: float, callback: Callable[[], None]) -> Timer:
        if timer is not None:
            timer.stop()
        return self.set_timer(delay, callback)

    def _settle(self) -> None:
        """The user paused: run the checks, take an undo snapshot, maybe save."""
        self._run_checks()
        self._record()
        self._update_title()
        if self._dirty and time.monotonic() - self._dirty_since >= SAVE_MAX_WAIT:
            self._autosave()

    def _autosave(self) -> None:
        self.save_now(quiet=True)

    # -- checks ------------------------------------------------------------------

    def _run_checks(self) -> None:
        catalog = self.services.catalog
        framework = catalog.framework
        story = self.draft_story()
        if not story.title.strip():
            story = story.model_copy(update={"title": UNTITLED})
        assessment = assess(story, framework, catalog.asked_in(story))
        self.assessment = assessment
        for spec in FIELDS:
            if spec.name != "tags":
                self.query_one(f"#field-{spec.name}", StoryField).show_results(
                    assessment.for_field(spec.name)
                )
        self.query_one("#story-checks", CheckList).show(assessment.for_field("story"))
        self.query_one(ReadinessBadge).show(assessment.score, assessment.label)
        self._show_spoken(assessment)
        suggested: dict[str, float] = {}
        for item in catalog.matcher.suggest_competencies(story, top=3):
            suggested[item.id] = item.score
        picker = self.query_one(CompetencyPicker)
        picker.show(framework, self._draft["competencies"].get(framework.id, []), suggested)
        picker.show_results(assessment.for_field("competencies"))
        self.query_one("#picker-title", Static).update(
            Content.assemble(("Competencies", "bold"), (f" · {framework.name}", "$text-muted"))
        )

    def _show_spoken(self, assessment: Assessment) -> None:
        stats = assessment.stats
        seconds = stats.spoken_seconds
        if seconds > RAMBLING_SECONDS:
            style, note = "$text-error", "rambling: cut it down"
        elif seconds > TARGET_SECONDS:
            style, note = "$text-warning", "over the 2-minute target"
        elif seconds >= TARGET_SECONDS * 0.75:
            style, note = "$text-success", "on target"
        else:
            style, note = "$text-muted", "room to add detail"
        width = 24
        filled = min(width, round(width * seconds / RAMBLING_SECONDS))
        target_at = round(width * TARGET_SECONDS / RAMBLING_SECONDS)
        bar = "".join("█" if i < filled else ("┊" if i == target_at else "░") for i in range(width))
        self.query_one("#spoken", Static).update(
            Content.assemble(
                ("Spoken ", "bold"),
                (stats.spoken_time, f"bold {style}"),
                (f" / {format_duration(TARGET_SECONDS)}", "$text-muted"),
                (
                    f"  {stats.total_words} word{'' if stats.total_words == 1 else 's'}\n",
                    "$text-muted",
                ),
                (bar, style),
                "\n",
                (note, style),
            )
        )

    # -- saving ----------------------------------------------------------------

    def _show_save_state(self) -> None:
        state = self.query_one("#save-state", Static)
        on_field = self._problem_field if self._problem_field in FIELD_NAMES else None
        for spec in FIELDS:
            self.query_one(f"#field-{spec.name}", StoryField).show_error(
                self._problem if spec.name == on_field else None
            )
        if self._problem:
            where = f" (under {FIELD_NAMES[on_field]})" if on_field else ""
            state.update(
                Content.assemble(
                    ("✖ Not saved: ", "bold $text-error"),
                    render.literal(self._problem),
                    (where, "$text-muted"),
                )
            )
        elif self._dirty:
            state.update(Content.styled("● Unsaved changes", "bold $text-warning"))
        elif self.is_new:
            state.update(Content.styled("○ New story: give it a title", "$text-muted"))
        else:
            follows = " (follows the title until you leave)" if self._id_follows_title else ""
            state.update(
                Content.assemble(
                    ("✔ Saved", "bold $text-success"),
                    (f"\nid {self.story_id}{follows}", "$text-muted"),
                )
            )

    def save_now(self, *, quiet: bool = False, rescue: bool = False) -> bool:
        """Write the draft to the bank if it changed; returns whether it is saved.

        Args:
            quiet: No toast on success (autosave).
            rescue: Leaving the editor: give an untitled story a title rather
                than lose its text.
        """
        saved = self._write(rescue=rescue)
        if self.is_mounted:
            if rescue and self._draft["title"] == UNTITLED:
                self.query_one("#field-title", StoryField).set_value(UNTITLED)
            self._show_save_state()
            self._update_title()
            if saved and not quiet and self._problem is None:
                self.notify("Saved.", markup=False, timeout=2)
        return saved

    def _write(self, *, rescue: bool) -> bool:
        """Validate and store the draft (no UI: also runs while the screen closes)."""
        if self._discarded or not self._dirty:
            return not self._dirty
        for timer in (self._save_timer, self._check_timer):
            if timer is not None:
                timer.stop()
        if rescue and not self._draft["title"].strip() and self._has_text():
            self._draft["title"] = UNTITLED
        story = self._valid_story()
        if isinstance(story, tuple):
            if self.is_new and not self._has_text():
                return True  # an untouched new story: nothing to keep
            path, self._problem = story
            self._problem_field = path.split(".", 1)[0]
            return False
        if self._id_follows_title:
            story = story.model_copy(update={"id": self._id_for(story.title)})
        base = None if self.is_new else self._saved
        replacing = None if self.is_new or story.id == self.story_id else self.story_id
        try:
            ok = self.save_story(story, replacing=replacing, base=base)
        except StoryConflict as conflict:
            return self._keep_both(story, conflict)
        if not ok:
            self._problem = "the bank could not be written (see the message)"
            self._problem_field = None
            return False
        self.story_id = story.id
        self.is_new = False
        self._saved = self.services.catalog.get(story.id) or story
        self._dirty = False
        self._problem = None
        self._problem_field = None
        return True

    def _id_for(self, title: str) -> str:
        """The id a new story's title asks for; the current one while it still fits."""
        wanted = slugify(title)
        current = self.story_id
        if not self.is_new and (current == wanted or re.fullmatch(rf"{wanted}-\d+", current)):
            return current
        return self.services.unique_id(title)

    def _has_text(self) -> bool:
        return any(self._draft[name].strip() for name in (*TEXT_FIELDS, "tags"))

    def discard(self) -> None:
        """Forget unsaved changes (the story was deleted, or kept as a draft)."""
        self._discarded = True
        self._dirty = False

    @property
    def unsaved_problem(self) -> str | None:
        """Why the typed text is not saved (``None`` when it is, or nothing was typed)."""
        return self._problem if self._dirty and not self._discarded else None

    def keep_as_draft(self) -> Path:
        """Keep the story as typed in a Markdown draft, and stop saving it here.

        Raises:
            StorybankError: the draft could not be written (the text stays in the editor).
        """
        path = self.services.keep_draft(self.draft_story())
        self.discard()
        return path

    def on_unmount(self) -> None:
        # Closing by any route (quit, a section key, delete) saves what was typed,
        # or, if it cannot be saved, keeps it as a draft the app names as it exits.
        self._closing = True
        for timer in (self._save_timer, self._check_timer):
            if timer is not None:
                timer.stop()
        if self._dirty and not self._discarded and not self._write(rescue=True):
            with contextlib.suppress(StorybankError):
                self.keep_as_draft()

    def refresh_data(self) -> None:
        """The framework or the bank changed elsewhere: follow the bank, re-run the checks."""
        if self.is_mounted and self.is_attached:
            self._follow_the_bank()
            self._run_checks()

    # -- the bank file changed underneath --------------------------------------------

    def _follow_the_bank(self) -> None:
        """Show the bank's version of an untouched story that changed there (another program).

        An editor with unsaved changes keeps them: its next save compares the
        bank's version with the one it started from (see :meth:`_keep_both`).
        """
        if self._dirty or self.is_new or self._discarded:
            return
        current = self.services.catalog.get(self.story_id)
        if current is None:
            self.discard()
            self.app.notify(
                f"“{self._saved.title}” is no longer in the bank file (another program "
                "removed it); its editor was closed.",
                severity="warning",
                markup=False,
            )
            self._close_soon()
        elif current != self._saved:
            self._show_story(current)

    def _close_soon(self) -> None:
        """Close this editor once the current handler is done, if it is the screen shown."""

        def close() -> None:
            if self.app.screen is self:
                self.dismiss()

        if not self._closing:
            self.app.call_later(close)

    def _show_story(self, story: Story) -> None:
        """Make ``story`` (as the bank has it) what the editor shows and starts from."""
        self._saved = story
        self.story_id = story.id
        self._draft = self._snapshot_of(story)
        self._history = [dict(self._draft)]
        self._position = 0
        self._dirty = False
        self._problem = None
        if self.is_mounted and not self._closing:
            for spec in FIELDS:
                self.query_one(f"#field-{spec.name}", StoryField).set_value(self._draft[spec.name])
            self._update_title()
            self._show_save_state()
            self._run_checks()

    def _keep_both(self, mine: Story, conflict: StoryConflict) -> bool:
        """The story changed in the bank file and here: keep the file's, and the user's as a draft.

        Returns:
            Whether nothing typed is left unsaved (the draft was written).
        """
        try:
            path = self.services.keep_draft(mine)
        except StorybankError as exc:
            self._problem = (
                f"another program changed this story in the bank file, and your version "
                f"could not be kept as a draft ({exc.message})"
            )
            return False
        title = render.one_line(mine.title) or UNTITLED
        where = f"Your version is kept as a draft: {path} (`storybank import --replace` it)."
        if conflict.on_disk is None:
            self.discard()
            self.app.notify(
                f"“{title}” was removed from the bank file by another program. {where}",
                title="Changed on disk",
                severity="warning",
                timeout=20,
                markup=False,
            )
            self._close_soon()
            return True
        self._show_story(conflict.on_disk)
        self.app.notify(
            f"“{title}” was changed in the bank file by another program while you edited it; "
            f"the file's version is shown. {where}",
            title="Changed on disk",
            severity="warning",
            timeout=20,
            markup=False,
        )
        return True

    # -- undo ----------------------------------------------------------------------

    def _record(self) -> None:
        if self._history[self._position] == self._draft:
            return
        del self._history[self._position + 1 :]
        self._history.append({**self._draft, "competencies": dict(self._draft["competencies"])})
        self._position = len(self._history) - 1

    def _restore(self, snapshot: Snapshot) -> None:
        self._draft = {**snapshot, "competencies": dict(snapshot["competencies"])}
        for spec in FIELDS:
            self.query_one(f"#field-{spec.name}", StoryField).set_value(self._draft[spec.name])
        self._changed()
        self._run_checks()

    # -- actions -----------------------------------------------------------------

    def action_back(self) -> None:
        """Save and go back to where the story was opened from.

        If the story cannot be saved, the first esc says why; a second esc
        leaves and keeps what was typed as a draft (its path is shown).
        """
        if self.save_now(quiet=True, rescue=True):
            self.discard()
            self.dismiss()
            self._offer_fresh_cards()
            return
        if self._leave_armed:
            try:
                path = self.keep_as_draft()
            except StorybankError as exc:
                self.notify(str(exc), title="No draft kept", severity="error", markup=False)
                return
            self.notify(
                f"Not saved; kept as a draft: {path}. Fix it, then `storybank import` it.",
                severity="warning",
                timeout=20,
                markup=False,
            )
            self.dismiss()
            return
        self._leave_armed = True
        self.notify(
            f"Not saved: {self._problem}. Fix it, or press esc again to leave and keep it "
            "as a draft.",
            severity="warning",
            markup=False,
        )

    def _offer_fresh_cards(self) -> None:
        """After a rewrite of most of a drilled story, ask whether to start its cards afresh.

        Editing keeps a story's review history; only a rewrite that changed most
        of the text (and only of a story already drilled) asks.
        """
        if self.is_new or self._saved == self._opened_as:
            return
        from storybank.tui.screens.confirm import ConfirmScreen

        app = self.app
        drills = self.services.drills
        if not drills.ledger.offer_reset(self._opened_as, self._saved):
            return
        story_id = self._saved.id

        def answered(fresh: bool | None) -> None:
            if fresh:
                reset = drills.ledger.reset_story(story_id)
                app.notify(f"Started {counted(len(reset), 'drill card')} afresh.", markup=False)

        app.push_screen(
            ConfirmScreen(
                f"You rewrote most of “{self._saved.title}”. Start its drill cards afresh?",
                "Its review history is kept either way; new cards are scheduled like new ones.",
                confirm="Start afresh",
            ),
            answered,
        )

    def action_save(self) -> None:
        """Save now."""
        if not self._dirty:
            self.notify("Already saved.", markup=False, timeout=2)
            return
        self.save_now()

    def action_undo(self) -> None:
        """Undo the last change to the story (text or competencies)."""
        self._record()
        if self._position == 0:
            self.notify("Nothing to undo.", markup=False, timeout=2)
            return
        self._position -= 1
        self._restore(self._history[self._position])

    def action_redo(self) -> None:
        """Redo what undo took back."""
        if self._position >= len(self._history) - 1:
            self.notify("Nothing to redo.", markup=False, timeout=2)
            return
        self._position += 1
        self._restore(self._history[self._position])

    def action_accept_suggestions(self) -> None:
        """Tick every suggested competency."""
        self.query_one(CompetencyPicker).accept_suggestions()

    def action_focus_field(self, step: int) -> None:
        """Move to the next (``1``) or previous (``-1``) field or list, in page order."""
        if step > 0:
            self.focus_next()
        else:
            self.focus_previous()

    def action_duplicate(self) -> None:
        """Save, then copy this story and open the copy."""
        if self.save_now(quiet=True) and not self.is_new:
            self.post_message(DuplicateRequested(self.story_id))

    def action_delete(self) -> None:
        """Delete this story (asks first; a backup is taken)."""
        if self.is_new:
            self.discard()
            self.dismiss()
            return
        self.save_now(quiet=True)
        self.post_message(DeleteRequested(self.story_id))

    def palette_commands(self) -> list[PaletteEntry]:
        """Editor actions without a key of their own, for the command palette."""
        return [
            (
                "Accept suggested competencies",
                self.action_accept_suggestions,
                "a, anywhere outside a text field",
            ),
            ("Duplicate this story", self.action_duplicate, "save a copy and open it"),
            ("Delete this story", self.action_delete, "asks first; a backup is taken"),
        ]
