"""A change to a confidential incident that finds it already made answers as if it made it.

`role ID scribe bob` answering "the roles are already as given" would confirm, to anyone who
may write into the incident without --confidential-ok (an alert hook), who its scribe is;
`link ID LABEL --remove` answering "no link labelled …" would tell its link labels. For a
confidential incident such a change succeeds silently: what was asked for holds either way,
so the answer is the same whatever the incident contains. Other incidents keep the message.
"""

from pydantic import ValidationError

from ..domain.links import same_label
from ..domain.models import Incident, Link, Roles
from ..domain.text import clean_text


def role_already(incident: Incident, role: str, name: str) -> bool:
    try:
        wanted = Roles.model_validate({role: name})
    except ValidationError:
        return False  # the service gives the error, the same for every incident
    return incident.confidential and getattr(incident.roles, role) == getattr(wanted, role)


def link_already(incident: Incident, label: str, url: str) -> bool:
    try:
        wanted = Link(label=label, url=url)
    except ValidationError:
        return False
    return incident.confidential and wanted in incident.links


def link_already_gone(incident: Incident, label: str) -> bool:
    wanted = clean_text(label, multiline=False)
    if not wanted:
        return False
    return incident.confidential and not any(same_label(link.label, wanted) for link in incident.links)
