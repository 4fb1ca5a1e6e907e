"""Checklists per kind of escalation, one list of steps per phase.

Each kind of escalation (technical, process, people) needs a different response,
so each gets its own playbook. A new incident's checklist is seeded from the
playbook of its kind. Texts are short imperatives meant to be read at 3 a.m. in
a narrow terminal pane: plain text, no markup, one line each.

A few first-phase items gather facts. Their ``captures`` names the Incident
field the answer belongs in ("impact", "affected" or "tried"), so the UI can
prompt for it and store it without retyping.

Pure Python: no Textual, no TinyDB.
"""

from __future__ import annotations

from dataclasses import dataclass

from .enums import Kind, Phase

#: Incident fields a fact-gathering checklist item may fill in.
CAPTURE_FIELDS: tuple[str, ...] = ("impact", "affected", "tried")

#: Longest item text we allow; most stay well under 60 characters.
MAX_ITEM_LENGTH = 90


@dataclass(frozen=True)
class PlaybookItem:
    """One step of a playbook.

    ``text`` is an imperative, one line, plain text. ``captures`` is set only
    on fact-gathering items and names the Incident field to write the answer
    into; it is None otherwise.
    """

    text: str
    captures: str | None = None

    def __post_init__(self) -> None:
        if self.captures is not None and self.captures not in CAPTURE_FIELDS:
            raise ValueError(
                f"captures must be one of {', '.join(CAPTURE_FIELDS)} or None, not {self.captures!r}"
            )


def _items(*texts: str | tuple[str, str]) -> tuple[PlaybookItem, ...]:
    """Build items from plain texts, or (text, captured field) pairs."""
    items = []
    for entry in texts:
        if isinstance(entry, tuple):
            text, captures = entry
            items.append(PlaybookItem(text, captures))
        else:
            items.append(PlaybookItem(entry))
    return tuple(items)


# --------------------------------------------------------------------------
# Technical: outage, bug, performance problem.
# --------------------------------------------------------------------------
_TECHNICAL: dict[Phase, tuple[PlaybookItem, ...]] = {
    Phase.ACKNOWLEDGE: _items(
        "Tell the reporter you have it and are looking now",
        ("Write down the impact: what is broken, how badly", "impact"),
        ("Note who is affected: users, regions, customers", "affected"),
        ("Note what has been tried so far, and by whom", "tried"),
        "Name an incident commander and a comms lead",
        "Open an incident channel or bridge; post the link",
        "Contain it: roll back, turn a flag off, add capacity",
        "Containment is a band-aid, not a cure: note what it hides",
    ),
    Phase.DIAGNOSE: _items(
        "Pull in who you need: dev, ops, QA, product",
        "Check dashboards, logs and recent deploys or config changes",
        "Log each symptom with the time you saw it",
        "Ask why until you reach a cause, not a symptom (5 Whys)",
        "Record findings and decisions as they happen",
        "Test one idea at a time; note what you ruled out",
    ),
    Phase.COMMUNICATE: _items(
        "Agree the update cadence and who gets each update",
        "Send each update on time, even with no news",
        "Give impact and ETA honestly; say what you do not know",
        "If customers are hit, agree the customer message and channel",
        "Keep it short: status, impact, next step, next update time",
    ),
    Phase.RESOLVE: _items(
        "Have a rollback ready before shipping the fix",
        "Roll out the fix in phases, watching key metrics",
        "Verify the fix works and breaks nothing new",
        "Confirm with affected users that it works for them",
        "Remove temporary containment once the fix holds",
        "Record the resolved time and send the all-clear",
    ),
    Phase.POSTMORTEM: _items(
        "Book a blameless post-mortem within a few days",
        "Walk the timeline: what happened, not who did it",
        "Note what went well, what went wrong, where we got lucky",
        "Turn each root cause into an action with owner and date",
        "Follow up until every action item is done or dropped",
    ),
}

# --------------------------------------------------------------------------
# Process: unrealistic deadline, unclear requirements, blocked dependency,
# missing access.
# --------------------------------------------------------------------------
_PROCESS: dict[Phase, tuple[PlaybookItem, ...]] = {
    Phase.ACKNOWLEDGE: _items(
        "Reply to whoever raised it: heard, and on it",
        "Name the blocker: deadline, unclear ask, dependency, access",
        ("Write down what is at risk and by when", "impact"),
        ("List who is blocked or waiting: teams, customers", "affected"),
        ("Note what was already tried to unblock or renegotiate", "tried"),
        "Find who owns the decision that would unblock this",
        "Pause work that is likely to be thrown away",
        "For missing access, find a safe temporary workaround",
    ),
    Phase.DIAGNOSE: _items(
        "Map the blocking dependency and who can unblock it",
        "Compare the deadline with real estimates and capacity",
        "List the open questions in the requirements",
        "Find where the plan broke: intake, estimate or handoff",
        "Gather data: scope, velocity, dates, cost of delay",
        "Ask the team what they need instead of guessing",
    ),
    Phase.COMMUNICATE: _items(
        "Escalate to the lowest level that can decide",
        "Bring options with data: cut scope, move date, add people",
        "Push back on an unrealistic date; say what it would cost",
        "Tell the team what is being negotiated and when",
        "Update waiting stakeholders on a fixed cadence",
    ),
    Phase.RESOLVE: _items(
        "Agree the plan change in writing with the decision owner",
        "Get the dependency unblocked or a committed date",
        "Confirm access is granted; retire the workaround",
        "Reset team priorities to match the new plan",
        "Check with the team that work is really moving again",
    ),
    Phase.POSTMORTEM: _items(
        "Hold a blameless review of how the plan went wrong",
        "Fix the planning or intake step that let this through",
        "Check dependencies and access needs at kickoff next time",
        "Give each process fix an owner and a due date",
        "Follow up until the process changes are in place",
    ),
}

# --------------------------------------------------------------------------
# People: someone struggling technically, emotionally or professionally.
# Confidential by nature: nothing personal leaves the 1:1.
# --------------------------------------------------------------------------
_PEOPLE: dict[Phase, tuple[PlaybookItem, ...]] = {
    Phase.ACKNOWLEDGE: _items(
        "Talk to them privately, today if you can",
        "Listen first; ask how they are before asking about work",
        "Protect their privacy: need-to-know only",
        "Keep details out of public channels and tickets",
        ("Note the impact on work only: what is slipping", "impact"),
        ("Note who else is affected: team, on-call, deadlines", "affected"),
        ("Note what support has been tried already", "tried"),
        "Take urgent work and on-call shifts off them now",
    ),
    Phase.DIAGNOSE: _items(
        "Learn what kind of struggle: skills, wellbeing, career",
        "Ask what would help most instead of assuming",
        "Look for systemic causes: workload, on-call, unclear goals",
        "Check recent changes: team, project, role, expectations",
        "Keep your notes factual and out of shared documents",
    ),
    Phase.COMMUNICATE: _items(
        "Agree with them what may be shared, and with whom",
        "Tell stakeholders the work impact only, no personal details",
        "Point them to support: EAP, and HR partner if appropriate",
        "Bring in HR only where policy or safety requires it",
        "Keep everything about this escalation confidential",
    ),
    Phase.RESOLVE: _items(
        "Agree a support plan: mentoring, pairing or time off",
        "Set clear, realistic expectations and write them down",
        "Hand work back gradually, as they are ready",
        "Hold regular 1:1 check-ins to see if the plan helps",
        "Adjust the plan if it is not helping",
    ),
    Phase.POSTMORTEM: _items(
        "Review privately with them: what helped, what did not",
        "Fix systemic causes: workload, on-call load, role clarity",
        "Watch the rest of the team for the same warning signs",
        "Record actions without personal details; owner and date",
        "Look after your own wellbeing; ask for support too",
    ),
}

#: The playbook for every kind, every phase present, in phase order.
PLAYBOOKS: dict[Kind, dict[Phase, tuple[PlaybookItem, ...]]] = {
    Kind.TECHNICAL: _TECHNICAL,
    Kind.PROCESS: _PROCESS,
    Kind.PEOPLE: _PEOPLE,
}


Playbooks = dict[Kind, dict[Phase, tuple[PlaybookItem, ...]]]


def playbook_items(kind: Kind, playbooks: Playbooks | None = None) -> list[tuple[Phase, PlaybookItem]]:
    """Every item of ``kind``'s playbook as (phase, item), in phase order.

    ``playbooks`` is the team's set (built-ins merged with their file); default built-ins.
    """
    playbook = (playbooks or PLAYBOOKS)[Kind(kind)]
    return [(phase, item) for phase in Phase for item in playbook.get(phase, ())]
