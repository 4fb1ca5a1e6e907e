"""The war room's incident-wide commands (milestones, roles, severity, kind, note, handoff,
links): whatever pane has focus, they act on the whole incident through the session."""

from datetime import datetime
from pathlib import Path

from ...domain.enums import Kind, Milestone, Severity
from ...domain.models import Incident
from ...domain.text import slugify
from ...export.handoff import render_handoff
from ...service import IncidentSession
from ..controls.incident_screen import IncidentScreen
from ..dialogs.choice import ChoiceDialog
from ..dialogs.confirm import ConfirmDialog
from ..dialogs.handoff import HandoffDialog
from ..dialogs.link import LinkDialog
from ..dialogs.milestone_time import MilestoneTimeDialog
from ..dialogs.note import NoteDialog
from ..dialogs.roles import RolesDialog
from ..format import local_time


class IncidentCommands(IncidentScreen):
    """Key actions of the war room that are not about one pane (bound in keys.py's war_room scope)."""

    def action_add_note(self) -> None:
        add_note = self.saving(IncidentSession.add_note, "Added to the timeline")
        self.push_kept("note", lambda: NoteDialog(add_note), NoteDialog.clear)

    def action_advance_phase(self) -> None:
        following = self.session.incident.phase.next()
        label = f"Phase {following.number}: {following.label}" if following else None
        self.apply(IncidentSession.advance_phase, label)

    def record(self, milestone: Milestone, note: str = "") -> None:
        """Ask when it happened (enter: now), then record it."""

        def recorded(at: datetime | None) -> None:
            if at is not None:
                self.notify(f"{milestone.label} at {local_time(at, self.clock.now())}", markup=False)

        dialog = MilestoneTimeDialog(
            milestone, self.clock, self.saving(IncidentSession.record_milestone), note
        )
        self.app.push_screen(dialog, recorded)

    def action_milestone(self) -> None:
        def chosen(milestone: Milestone | None) -> None:
            if milestone is not None:
                self.record(milestone)

        missing = [(m, m.label) for m in Milestone if self.session.incident.milestones.get(m) is None]
        self.app.push_screen(ChoiceDialog("Record which milestone?", missing), chosen)

    def action_edit_roles(self) -> None:
        save = self.saving(IncidentSession.set_roles, "Roles saved")
        self.app.push_screen(RolesDialog(self.session.incident.roles, save))

    def action_acknowledge(self) -> None:
        self.record(Milestone.ACKNOWLEDGED)

    def action_contain(self) -> None:
        self.record(Milestone.CONTAINED)

    def action_resolve(self) -> None:
        self.record(Milestone.RESOLVED, "The update countdown stops and the phase moves on to resolution.")

    def action_change_severity(self) -> None:
        def chosen(severity: Severity | None) -> None:
            if severity is not None and severity != self.session.incident.severity:
                self.apply(lambda s: s.set_severity(severity), f"Severity is now {severity}")

        cadences = self.session.settings.cadences
        choices = [(s, f"{s} · {cadences[s].describe()}") for s in Severity]
        self.app.push_screen(ChoiceDialog("Severity", choices, self.session.incident.severity), chosen)

    def action_change_kind(self) -> None:
        def chosen(kind: Kind | None) -> None:
            if kind is None or kind == self.session.incident.kind:
                return

            def answered(add: bool | None) -> None:
                if add is not None:  # escape cancels the whole change
                    self.apply(lambda s: s.set_kind(kind, add_playbook_items=add), f"Kind is now {kind}")

            question = f"Also add the {kind} playbook's missing checklist items? Progress is kept either way."
            self.app.push_screen(ConfirmDialog(question, yes="Add items", no="Keep checklist"), answered)

        choices = [(k, k.value) for k in Kind]
        self.app.push_screen(ChoiceDialog("Kind of escalation", choices, self.session.incident.kind), chosen)

    def action_handoff(self) -> None:
        """The shift-change summary; handing it over records it (and can save it to a file)."""
        from ..postmortem.save import working_folder  # the post-mortem loads when first used

        session = self.session
        summary = session.handoff()
        text = render_handoff(summary)

        def hand_over(path: Path | None, overwrite: bool) -> Incident:
            return self.commit(lambda s: s.record_handoff(summary, path, text, overwrite))

        def done(incident: Incident | None) -> None:
            if incident is not None:
                self.show_incident()
                self.notify("Handoff recorded on the timeline; the next one starts from here", markup=False)

        incident = session.incident
        suggested = f"handoff-{summary.at:%Y-%m-%d-%H%M}-{slugify(incident.title)}.md"
        dialog = HandoffDialog(text, hand_over, working_folder(), suggested, incident.confidential)
        self.app.push_screen(dialog, done)

    def action_edit_links(self) -> None:
        """Add, change or remove a link (an empty address removes the label's link)."""
        session = self.session

        def save(label: str, url: str) -> Incident:
            if url.strip():
                return self.commit(lambda s: s.set_link(label, url))
            return self.commit(lambda s: s.remove_link(label))

        def done(incident: Incident | None) -> None:
            if incident is not None:
                self.show_incident()
                self.notify("Links saved", markup=False)

        self.app.push_screen(LinkDialog(list(session.incident.links), save), done)
