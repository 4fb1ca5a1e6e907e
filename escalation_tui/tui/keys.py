"""The one registry of keys and actions.

Bindings (and so the footer), the help screen and the command palette are all generated
from KEYS, so they can never disagree. Each entry belongs to a scope: the screen, pane or
kind of widget it applies in.

Convention: lowercase letters act on the focused pane (later issues add those), uppercase
letters act on the whole incident, so a pane key never shadows an incident key.
"""

from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class Key:
    scope: str
    key: str  # Textual key name; "j,down" binds several
    action: str  # action string, run in the namespace of whatever binds it
    description: str  # short, for the footer
    help: str  # one sentence, for the help screen, palette and tooltips
    show: bool = True  # in the footer
    palette: bool = True  # in the command palette
    bind: bool = True  # False: Textual or a built-in widget already binds it; listed for help only
    display: str | None = None
    group: str | None = None  # consecutive keys of one group share a footer label
    widget: str = ""  # bound on this widget of the scope instead of the screen (it would shadow it)

    @property
    def key_display(self) -> str:
        return self.display or self.key.split(",")[0]

    def binding(self) -> Binding:
        return Binding(
            self.key,
            self.action,
            self.description,
            show=self.show,
            key_display=self.display,
            tooltip=self.help,
            id=f"{self.scope}.{self.action}",
            group=Binding.Group(self.group, compact=True) if self.group else None,
        )


# Scopes in the order the help screen lists them.
SCOPES: dict[str, str] = {
    "app": "Everywhere",
    "list": "Incident list",
    "follow_ups": "Follow-ups  [f in the incident list]",
    "war_room": "War room (whatever pane has focus)",
    "checklist": "Triage checklist pane  [1]",
    "countdown": "Next update pane  [2]",
    "whys": "5 Whys pane  [3]",
    "actions": "Action items pane  [4]",
    "timeline": "Timeline pane  [t]",
    "postmortem": "Post-mortem screen  [x in the war room]",
    "nav": "Lists, tables and trees",
    "links": "Links bar, with public_url in config.toml  [tab to it in the war room]",
    "dialog": "Dialogs",
    "update_dialog": "Log-an-update dialog  [u in the war room]",
    "copy_dialog": "An update's text to copy  [y in pane 2; after saving under tmux, screen or SSH]",
    "help": "This help",
}

KEYS: tuple[Key, ...] = (
    # -- everywhere ---------------------------------------------------------------
    Key("app", "question_mark", "app.help", "Help", "Show every key, by pane", display="?"),
    Key(
        "app",
        "ctrl+p",
        "app.command_palette",
        "Commands",
        "Search and run any action",
        bind=False,
        palette=False,
    ),
    Key("app", "ctrl+q", "app.quit", "Quit", "Quit the app", bind=False),
    Key("app", "g", "app.go_due", "Go to due", "Open the incident whose update the last alarm said is due"),
    # -- incident list ------------------------------------------------------------
    Key(
        "list",
        "enter",
        "screen.open_incident",
        "Open",
        "Open the selected incident's war room",
        widget="table",
    ),
    Key("list", "n", "new_incident", "New", "Declare a new incident"),
    Key(
        "list",
        "slash",
        "search",
        "Search",
        "Show only incidents whose text mentions what you type: titles, notes, whys, actions, lessons",
        display="/",
    ),
    Key(
        "list",
        "escape",
        "screen.clear_search",
        "Clear",
        "Clear the search and show every incident again",
        widget="search",
    ),
    Key("list", "f", "follow_ups", "Follow-ups", "Every open action item across incidents, overdue first"),
    Key(
        "list",
        "D",
        "delete_incident",
        "Delete",
        "Delete the selected incident to the trash (asks first; ctrl+z brings it back)",
    ),
    Key(
        "list",
        "ctrl+z",
        "take_back",
        "Undo",
        "Take back the last declaration or deletion made here (a declaration goes to the trash)",
    ),
    Key("list", "ctrl+r", "reload", "Reload", "Reload the list from disk", show=False),
    Key("list", "q", "app.quit", "Quit", "Quit the app", palette=False),
    # -- follow-ups: open action items across incidents --------------------------------
    Key(
        "follow_ups",
        "enter",
        "screen.open_item",
        "Open",
        "Open the item's incident, on its action items, with the item selected",
        widget="table",
    ),
    Key(
        "follow_ups", "space", "cycle_status", "Status", "Move the item on: open, in progress, done, won't do"
    ),
    Key(
        "follow_ups",
        "o",
        "filter_owner",
        "Owner",
        "Show only the items of owners whose name contains what you type",
    ),
    Key("follow_ups", "escape", "back", "Back", "Back to the incident list"),
    Key(
        "follow_ups",
        "escape",
        "close_filter",
        "Clear",
        "In the owner filter: clear it and go back to the items (enter keeps it)",
        widget="filter",
    ),
    # -- war room: incident-wide, whatever has focus --------------------------------
    Key("war_room", "1", "focus_pane('checklist')", "Checklist", "Focus the triage checklist", group="Panes"),
    Key(
        "war_room",
        "2",
        "focus_pane('countdown')",
        "Update",
        "Focus the next stakeholder update",
        group="Panes",
    ),
    Key("war_room", "3", "focus_pane('whys')", "Whys", "Focus the 5 Whys tree", group="Panes"),
    Key("war_room", "4", "focus_pane('actions')", "Actions", "Focus the action items", group="Panes"),
    Key("war_room", "t", "toggle_timeline", "Timeline", "Show or hide the timeline"),
    Key("war_room", "N", "add_note", "Note", "Add a note, symptom, finding or decision to the timeline"),
    Key("war_room", "u", "log_update", "Update", "Log a stakeholder update"),
    Key("war_room", "P", "advance_phase", "Phase", "Move on to the next response phase"),
    Key("war_room", "ctrl+z", "undo", "Undo", "Undo your last change"),
    Key("war_room", "escape", "back", "Back", "Back to the incident list"),
    Key("war_room", "w", "walkthrough", "5 Whys", "Start the 5 Whys walkthrough", show=False),
    Key("war_room", "x", "export", "Export", "Export the post-mortem", show=False),
    Key(
        "war_room",
        "A",
        "acknowledge",
        "Ack",
        "Record the incident as acknowledged (enter: now, or type when)",
        show=False,
    ),
    Key(
        "war_room",
        "C",
        "contain",
        "Contained",
        "Record the incident as contained (enter: now, or type when)",
        show=False,
    ),
    Key(
        "war_room",
        "R",
        "resolve",
        "Resolve",
        "Record the incident as resolved (asks when: enter for now)",
        show=False,
    ),
    Key(
        "war_room",
        "M",
        "milestone",
        "Milestone",
        "Record any milestone, e.g. impact started or closed, now or at a time",
        show=False,
    ),
    Key(
        "war_room",
        "O",
        "edit_roles",
        "Roles",
        "Name or hand over the commander, comms lead, scribe and others",
        show=False,
    ),
    Key("war_room", "S", "change_severity", "Severity", "Change the severity", show=False),
    Key("war_room", "K", "change_kind", "Kind", "Change the kind of escalation", show=False),
    Key(
        "war_room",
        "H",
        "handoff",
        "Handoff",
        "Shift-change summary for the next commander: read, copy or save it; handing over records it",
        show=False,
    ),
    Key(
        "war_room",
        "L",
        "edit_links",
        "Links",
        "Add, change or remove a link: bridge, channel, dashboard, runbook",
        show=False,
    ),
    Key("war_room", "ctrl+r", "reload", "Reload", "Reload the incident from disk", show=False),
    # -- panes (built-in widget keys; later issues add their own here) ---------------
    Key(
        "checklist",
        "space",
        "toggle_done",
        "Done",
        "Tick or untick the item (a fact item asks for the fact); on a phase, fold or open it",
    ),
    Key(
        "checklist",
        "enter",
        "select",
        "Open",
        "On a phase: fold or open it. On an item: like space; a fact item edits its fact",
        bind=False,
        palette=False,
    ),
    Key("checklist", "a", "add_item", "Add", "Add your own item to the phase under the cursor"),
    Key("checklist", "e", "edit_item", "Edit", "Reword the item under the cursor"),
    Key("checklist", "n", "note_item", "Note", "Attach, edit or remove a note on the item"),
    Key("checklist", "d", "delete_item", "Delete", "Delete the item (ctrl+z brings it back)"),
    Key(
        "whys",
        "enter,space",
        "toggle_node",
        "Expand",
        "Expand or collapse an answer",
        bind=False,
        palette=False,
    ),
    Key(
        "whys",
        "e",
        "edit",
        "Edit",
        "Reword the selected answer or problem (the first problem is the summary)",
    ),
    Key(
        "whys",
        "d",
        "delete",
        "Delete",
        "Delete the answer or added problem and all below it (asks; ctrl+z undoes)",
    ),
    Key(
        "whys",
        "p",
        "add_problem",
        "Problem",
        "Add another problem (a question besides the summary's), with its own 5 Whys",
    ),
    Key(
        "whys",
        "r",
        "toggle_root_cause",
        "Root cause",
        "Mark or unmark the selected answer as a root cause (★)",
    ),
    Key("whys", "a", "add_action", "Action", "Create an action item linked to the selected cause"),
    # the walkthrough's answer line (w starts it): keys that cannot be part of a typed answer
    Key(
        "whys",
        "enter",
        "submit",
        "Ask why again",
        "Walkthrough: record the answer, then ask why it happened",
        widget="answer",
    ),
    Key(
        "whys",
        "tab",
        "sibling",
        "Same level",
        "Walkthrough: record the answer as another cause at the same level",
        widget="answer",
    ),
    Key(
        "whys",
        "ctrl+r",
        "root_cause",
        "Root cause",
        "Walkthrough: the typed answer (if empty, the last one) is the root cause; stop",
        widget="answer",
    ),
    Key(
        "whys",
        "escape",
        "stop",
        "Stop",
        "Walkthrough: stop asking (an answer not yet recorded is dropped)",
        widget="answer",
    ),
    Key(
        "countdown",
        "up,down",
        "cursor_down",
        "Move",
        "Move through the updates sent",
        bind=False,
        palette=False,
    ),
    Key("countdown", "c", "change_cadence", "Cadence", "Change how often updates are due for this incident"),
    Key(
        "countdown",
        "r",
        "resend",
        "Resend",
        "Send the selected update again to the channels it failed to reach",
    ),
    Key(
        "countdown",
        "y",
        "show_text",
        "Copy",
        "Copy the selected update again and show its text, to select by hand or write to a file (w)",
    ),
    Key(
        "actions",
        "up,down",
        "cursor_down",
        "Move",
        "Move through the action items",
        bind=False,
        palette=False,
    ),
    Key(
        "actions",
        "a",
        "quick_add",
        "Add",
        "Quick-add an action item from one line: title @owner !p1 due:fri detect",
    ),
    Key("actions", "e", "edit", "Edit", "Edit every field of the selected action item"),
    Key("actions", "enter", "edit", "Edit", "Edit the selected action item", bind=False, palette=False),
    Key("actions", "space", "cycle_status", "Status", "Move the item on: open, in progress, done, won't do"),
    Key("actions", "d", "delete", "Delete", "Delete the selected action item (ctrl+z brings it back)"),
    # sort and filter show in the pane's border; their keys stay out of an 80-column footer
    Key("actions", "s", "cycle_sort", "Sort", "Sort by due date, priority or the order added", show=False),
    Key("actions", "f", "toggle_filter", "Filter", "Show only open items, or all of them", show=False),
    Key("timeline", "up,down", "cursor_down", "Move", "Move through the events", bind=False, palette=False),
    # -- post-mortem screen (x in the war room) ---------------------------------------
    Key("postmortem", "1", "show_part('lessons')", "Lessons", "Show the lessons and write-up", group="Parts"),
    Key(
        "postmortem",
        "2",
        "show_part('blame')",
        "Blame",
        "Show the blame check: wording that may blame people",
        group="Parts",
    ),
    Key(
        "postmortem",
        "3",
        "show_part('preview')",
        "Preview",
        "Preview the post-mortem document",
        group="Parts",
    ),
    Key("postmortem", "s", "save", "Save", "Save the post-mortem as a Markdown file"),
    Key("postmortem", "ctrl+z", "undo", "Undo", "Undo your last change"),
    Key("postmortem", "escape", "back", "Back", "Back to the war room"),
    Key(
        "postmortem",
        "a",
        "screen.add_lesson",
        "Add",
        "Add a lesson to the list under the cursor",
        widget="lessons",
    ),
    Key(
        "postmortem",
        "e",
        "screen.edit_row",
        "Edit",
        "Edit the lesson or text under the cursor",
        widget="lessons",
    ),
    Key(
        "postmortem",
        "d",
        "screen.remove_lesson",
        "Remove",
        "Remove the lesson under the cursor (asks first)",
        widget="lessons",
    ),
    Key(
        "postmortem",
        "enter",
        "screen.edit_row",
        "Edit",
        "Edit the row under the cursor; on a flag, open its text",
        bind=False,
        palette=False,
    ),
    Key(
        "postmortem",
        "e",
        "screen.edit_flagged",
        "Edit",
        "Edit the flagged text (lessons and the write-up)",
        widget="blame",
    ),
    # -- navigation in any list, table or tree ---------------------------------------
    Key("nav", "j", "cursor_down", "Down", "Move down", show=False, palette=False),
    Key("nav", "k", "cursor_up", "Up", "Move up", show=False, palette=False),
    Key("nav", "tab", "app.focus_next", "Next", "Move focus to the next widget", bind=False, palette=False),
    Key(
        "links", "y", "copy_page", "Copy page", "Copy the incident's stakeholder page address", palette=False
    ),
    # -- dialogs --------------------------------------------------------------------
    Key("dialog", "escape", "cancel", "Cancel", "Close without saving", palette=False),
    Key("dialog", "ctrl+s", "submit", "Save", "Save (Enter in a one-line field does too)", palette=False),
    # the audience chooser has focus when the dialog opens: one letter picks and moves to the text
    Key(
        "update_dialog",
        "i",
        "audience('internal')",
        "Internal",
        "Audience: internal; the cursor moves to the draft",
        palette=False,
        group="Audience",
    ),
    Key(
        "update_dialog",
        "e",
        "audience('executive')",
        "Executive",
        "Audience: executive; the cursor moves to the draft",
        palette=False,
        group="Audience",
    ),
    Key(
        "update_dialog",
        "c",
        "audience('customer')",
        "Customer",
        "Audience: customer; the cursor moves to the draft",
        palette=False,
        group="Audience",
    ),
    Key(
        "update_dialog",
        "ctrl+n",
        "submit_unsent",
        "Record only",
        "Save the update without sending it to any channel (ctrl+s saves and sends)",
        palette=False,
    ),
    Key("copy_dialog", "w", "write_file", "Write file", "Write the text to a file in the current folder"),
    # -- help -----------------------------------------------------------------------
    Key(
        "help",
        "escape,question_mark,q",
        "close",
        "Close",
        "Close the help",
        palette=False,
        display="esc / ? / q",
    ),
)


def keys_in(scope: str) -> list[Key]:
    return [k for k in KEYS if k.scope == scope]


def bindings(scope: str, widget: str = "") -> list[BindingType]:
    """The Binding list for a class's BINDINGS (the screen's, or one widget's of the scope)."""
    return [k.binding() for k in keys_in(scope) if k.bind and k.widget == widget]


def split_action(action: str) -> tuple[str, str]:
    """'app.quit' -> ('app', 'quit'); "focus_pane('x')" -> ('', 'focus_pane')."""
    name = action.split("(")[0]
    namespace, _, name = name.rpartition(".")
    return namespace, name


def display_key(key: str) -> str:
    """How a key looks to a person: 'ctrl+z', '?', 'enter / space'."""
    names = {"question_mark": "?", "escape": "esc"}
    return " / ".join(names.get(k, k) for k in key.split(","))
