"""Pane 1: the triage checklist, grouped by the five phases; the current phase open, the rest folded.

The list (checklist_list) draws and moves, the rows are drawn in checklist_rows; the pane holds
the keys (space, a, e, n, d; enter is OptionList's own select), opens the dialogs and asks the
screen for each change, like every pane.
"""

from collections.abc import Callable
from datetime import UTC, datetime

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ....domain.checklist import next_item, phase_items
from ....domain.enums import Phase
from ....domain.models import ChecklistItem, Incident
from ....errors import EscalationError
from ....service import IncidentSession
from ...controls.pane import Pane, same_items
from ...dialogs.text_entry import TextEntryDialog, text_check
from ...keys import bindings
from .checklist_list import ChecklistList, Target
from .checklist_rows import RowStyles, empty_row, item_row, phase_row


class ChecklistPane(Pane):
    pane_id = "checklist"
    number = "1"
    title = "Triage checklist"
    short = "Checklist"
    BINDINGS = bindings("checklist")

    def __init__(self) -> None:
        super().__init__()
        self.expanded: set[Phase] = set()
        self.shown_phase: Phase | None = None  # the incident's phase at the last rebuild
        self.focus_next: str | None = None  # option id to put the cursor on at the next rebuild
        self.adding: tuple[Phase, set[str]] | None = None  # an add in flight: its phase, the ids before it
        self.on_item = False  # the cursor is on an item (not a phase header)
        self.shown_from: tuple | None = None  # what the rows were last built from (unchanged_for)

    def compose(self) -> ComposeResult:
        yield ChecklistList(id="checklist-list")

    @property
    def listing(self) -> ChecklistList:
        return self.query_one(ChecklistList)

    @property
    def target(self) -> Target | None:
        return self.listing.target

    # -- drawing -----------------------------------------------------------------
    def show(self, incident: Incident) -> None:
        if self.unchanged_for(incident):
            return
        if incident.phase != self.shown_phase:
            # A new phase: open it and fold the rest, with the cursor on what to do next.
            self.expanded = {incident.phase}
            upcoming = next_item(incident)
            self.focus_next = f"item:{upcoming.id}" if upcoming else f"phase:{incident.phase}"
            self.shown_phase = incident.phase
        self.claim_added_item(incident)
        listing = self.listing
        before = listing.highlighted_option
        keep_id, keep_index = (before.id, listing.highlighted or 0) if before else (None, 0)
        options, targets = self.options(incident, listing.row_styles())
        listing.targets = targets
        shown = listing.options
        if [(o.id, o.disabled) for o in shown] == [(o.id, o.disabled) for o in options]:
            # The same rows (a tick, a note): new text in place keeps the scroll position and,
            # unlike clearing, needs no layout pass (another frame before the key is done).
            for index, option in enumerate(options):
                listing.replace_option_prompt_at_index(index, option.prompt)
            listing.measure_lines()
        else:
            listing.clear_options()
            listing.add_options(options)
        wanted = self.focus_next if self.focus_next in targets else keep_id
        self.focus_next = None
        if wanted in targets:
            listing.highlighted = listing.get_option_index(wanted)
        elif options:  # what the cursor was on is gone (deleted): stay at the same place
            listing.highlighted = min(keep_index, len(options) - 1)
            if options[listing.highlighted].disabled:
                listing.action_cursor_up()
        listing.scroll_to_highlight()  # a row replaced in place may have grown (a note added)
        self.moved()  # the same line number may now hold another kind of row

    def unchanged_for(self, incident: Incident) -> bool:
        """Nothing the rows show has changed (a change elsewhere: an action, a note): the very
        same items, phase, captured facts, folds, styles and day, and no cursor move pending."""
        now = self.now or datetime.now(UTC)
        captured = tuple(getattr(incident, c.captures, "") for c in incident.checklist if c.captures)
        source = (
            incident.checklist,
            incident.phase,
            captured,
            set(self.expanded),
            self.listing.row_styles(),
            now.astimezone().date(),
        )
        old, self.shown_from = self.shown_from, source
        if old is None or self.adding is not None or self.focus_next is not None:
            return False
        return old[1:] == source[1:] and same_items(old[0], source[0])

    def options(self, incident: Incident, styles: RowStyles) -> tuple[list[Option], dict[str, Target]]:
        now = self.now or datetime.now(UTC)
        upcoming = next_item(incident)
        options: list[Option] = []
        targets: dict[str, Target] = {}
        for phase in Phase:
            expanded = phase in self.expanded
            options.append(Option(phase_row(incident, phase, expanded, styles), id=f"phase:{phase}"))
            targets[f"phase:{phase}"] = phase
            if not expanded:
                continue
            items = phase_items(incident, phase)
            for item in items:
                is_next = upcoming is not None and item.id == upcoming.id
                options.append(Option(item_row(item, incident, now, is_next, styles), id=f"item:{item.id}"))
                targets[f"item:{item.id}"] = item
            if not items:
                options.append(Option(empty_row(styles), disabled=True))
        return options, targets

    def claim_added_item(self, incident: Incident) -> None:
        """After an add, put the cursor on the new item (the service gave it its id)."""
        if self.adding is None:
            return
        phase, before = self.adding
        new = [c for c in phase_items(incident, phase) if c.id not in before]
        self.adding = None  # one rebuild only: a refused add must not claim a later item
        if new:
            self.focus_next = f"item:{new[-1].id}"

    def fold(self, phase: Phase) -> None:
        self.expanded ^= {phase}
        self.focus_next = f"phase:{phase}"
        if self.incident is not None:
            self.show(self.incident)

    @on(OptionList.OptionHighlighted)
    def moved(self) -> None:
        on_item = isinstance(self.target, ChecklistItem)
        if on_item != self.on_item:  # e, n and d apply to items only (the footer redraw is not free)
            self.on_item = on_item
            self.refresh_bindings()

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        """enter: fold or open a phase; on an item, what space does, except a fact item edits its fact.

        A click selects too: it folds a phase, but never ticks an item by accident.
        """
        event.stop()
        clicked, self.listing.clicked = self.listing.clicked, False
        target = self.target
        if isinstance(target, Phase):
            self.fold(target)
        elif isinstance(target, ChecklistItem) and not clicked:
            if target.captures:
                self.capture(target)
            else:
                self.action_toggle_done()

    # -- actions -------------------------------------------------------------------
    def ask(
        self,
        title: Content | str,
        hint: str,
        value: str,
        what: str,
        save: Callable[[str], None],
        multiline: bool = False,
        required: bool = True,
    ) -> None:
        """Ask for one text, checked as `what` (named in its errors), and `save` it while the dialog
        is open: if the save is refused (a full disk...), the dialog says why and keeps the text."""
        check = text_check(what, multiline=multiline, required=required)
        self.app.push_screen(TextEntryDialog(title, save, value, hint, check, multiline=multiline))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit_item", "note_item", "delete_item"):
            return isinstance(self.target, ChecklistItem)
        return True

    def action_toggle_done(self) -> None:
        """space: tick or untick; a fact item not done yet asks for the fact first."""
        target = self.target
        if isinstance(target, Phase):
            self.fold(target)
        elif isinstance(target, ChecklistItem):
            if target.captures and not target.done:
                self.capture(target)
            else:
                self.request(lambda s: self.toggle(s, target))

    def toggle(self, session: IncidentSession, item: ChecklistItem) -> None:
        """Tick or untick; after a tick the cursor moves on to the item marked next, so repeated
        space works down the list instead of unticking what was just ticked."""
        session.toggle_check(item.id)
        upcoming = next_item(session.incident)
        if not item.done and upcoming is not None:
            self.focus_next = f"item:{upcoming.id}"

    def capture(self, item: ChecklistItem) -> None:
        """Write the item's fact into the incident's field (for the post-mortem), and tick the item."""
        if self.incident is None or item.captures is None:
            return
        field = item.captures
        current = getattr(self.incident, field)

        def save(value: str) -> None:
            if item.done and value == current:
                return

            def change(session: IncidentSession) -> None:
                if value != getattr(session.incident, field):
                    session.set_text(field, value)
                if not any(c.id == item.id and c.done for c in session.incident.checklist):
                    session.toggle_check(item.id)  # (says so if the item was deleted meanwhile)

            self.apply_now(change, f"{field.capitalize()} saved" + ("" if item.done else "; item done"))

        title = Content.from_markup("$field  [dim]($item)[/dim]", field=field.capitalize(), item=item.text)
        label = "Goes into the incident and its post-mortem. ctrl+s saves, esc cancels."
        self.ask(title, label, current, field, save, multiline=True)

    def action_add_item(self) -> None:
        target = self.target
        phase = target if isinstance(target, Phase) else target.phase if target else self.shown_phase
        if phase is None or self.incident is None:
            return
        ids = {c.id for c in self.incident.checklist}

        def save(text: str) -> None:
            self.expanded.add(phase)
            self.adding = (phase, ids)
            try:
                self.apply_now(lambda s: s.add_check(phase, text), f"Added to {phase.label}")
            except EscalationError:
                self.adding = None  # nothing was added: no later item may claim the cursor
                raise

        title = Content.from_markup("Add an item to [b]$phase[/b]", phase=f"{phase.number} {phase.label}")
        self.ask(title, "What needs doing? Enter saves, esc cancels.", "", "item text", save)

    def action_edit_item(self) -> None:
        item = self.target
        if not isinstance(item, ChecklistItem):
            return

        def save(text: str) -> None:
            if text != item.text:
                self.apply_now(lambda s: s.edit_check(item.id, text), "Item reworded")

        self.ask("Reword the item", "Enter saves, esc cancels.", item.text, "item text", save)

    def action_note_item(self) -> None:
        item = self.target
        if not isinstance(item, ChecklistItem):
            return

        def save(note: str) -> None:
            if note != item.note:
                self.apply_now(
                    lambda s: s.set_check_note(item.id, note), "Note saved" if note else "Note removed"
                )

        title = Content.from_markup("Note on [b]$item[/b]", item=item.text)
        label = "Leave it empty to remove the note. ctrl+s saves, esc cancels."
        self.ask(title, label, item.note, "note", save, multiline=True, required=False)

    def action_delete_item(self) -> None:
        """No question asked: ctrl+z (the war room's undo) brings it back."""
        item = self.target
        if isinstance(item, ChecklistItem):
            self.request(lambda s: s.remove_check(item.id), f"Deleted “{item.text}” (ctrl+z brings it back)")
