"""The one registry of keys: every entry is real, help and palette come from it, no clashes."""

from collections import Counter

import pytest

from escalation_tui.tui.app import EscalationApp
from escalation_tui.tui.controls.links_bar import LinksBar
from escalation_tui.tui.controls.nav import VimDataTable
from escalation_tui.tui.dialogs.base import Dialog
from escalation_tui.tui.dialogs.copy_text import CopyTextDialog
from escalation_tui.tui.keys import KEYS, SCOPES, bindings, split_action
from escalation_tui.tui.panes.actions.actions import ActionsPane
from escalation_tui.tui.panes.checklist.checklist import ChecklistPane
from escalation_tui.tui.panes.update.countdown import CountdownPane
from escalation_tui.tui.panes.update.update_dialog import UpdateDialog
from escalation_tui.tui.panes.whys.whys import WhysPane
from escalation_tui.tui.panes.whys.whys_walk import WhyInput
from escalation_tui.tui.postmortem.blame import BlameList
from escalation_tui.tui.postmortem.lessons import LessonsList
from escalation_tui.tui.postmortem.postmortem import PostMortemScreen
from escalation_tui.tui.screens.follow_ups import FollowUpsScreen, OwnerFilter
from escalation_tui.tui.screens.help import HelpScreen
from escalation_tui.tui.screens.incident_list import IncidentListScreen
from escalation_tui.tui.screens.war_room import WarRoomScreen

# Who binds the keys of each scope (and of a widget within it), and the screen it lives on.
OWNERS = {
    ("app", ""): EscalationApp,
    ("list", ""): IncidentListScreen,
    ("war_room", ""): WarRoomScreen,
    ("follow_ups", ""): FollowUpsScreen,
    ("follow_ups", "filter"): OwnerFilter,
    ("checklist", ""): ChecklistPane,
    ("countdown", ""): CountdownPane,
    ("whys", ""): WhysPane,
    ("whys", "answer"): WhyInput,
    ("actions", ""): ActionsPane,
    ("postmortem", ""): PostMortemScreen,
    ("postmortem", "lessons"): LessonsList,
    ("postmortem", "blame"): BlameList,
    ("nav", ""): VimDataTable,
    ("links", ""): LinksBar,
    ("dialog", ""): Dialog,
    ("update_dialog", ""): UpdateDialog,
    ("copy_dialog", ""): CopyTextDialog,
    ("help", ""): HelpScreen,
}
SCREENS = {
    "list": IncidentListScreen,
    "follow_ups": FollowUpsScreen,
    "postmortem": PostMortemScreen,
    "help": HelpScreen,
}


@pytest.mark.parametrize("key", [k for k in KEYS if k.bind], ids=lambda k: f"{k.scope}:{k.key}:{k.widget}")
def test_every_bound_action_exists(key):
    namespace, name = split_action(key.action)
    if namespace == "app":
        owner = EscalationApp
    elif namespace == "screen":
        owner = SCREENS.get(key.scope, WarRoomScreen)  # panes live on the war room
    else:
        owner = OWNERS[key.scope, key.widget]
    assert callable(getattr(owner, f"action_{name}", None)), f"{owner.__name__} has no action_{name}"


def test_every_scope_is_listed_in_help_and_no_key_is_bound_twice():
    assert {k.scope for k in KEYS} <= set(SCOPES)
    for scope in SCOPES:
        keys = [part for b in bindings(scope) for part in b.key.split(",")]
        assert not [k for k, n in Counter(keys).items() if n > 1], scope


def test_incident_keys_are_uppercase_or_reserved_so_pane_keys_stay_free():
    """Lowercase letters belong to the panes (a, e, d, n, r, space...), except the issue's u, w, x, t."""
    for key in (k for k in KEYS if k.scope == "war_room"):
        if len(key.key) == 1 and key.key.isalpha() and key.key.islower():
            assert key.key in "uwxt", key
