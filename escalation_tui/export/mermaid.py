"""The post-mortem's picture of the response: a Mermaid gantt chart of the first hour.

Impact start, the declaration, the milestones and every stakeholder update sit on one time
axis, with the first 60 minutes after the declaration drawn as a bar (the article's "timeline
graphic of the first 60 minutes"). GitHub, GitLab and most wikis render it.

User text is reduced to letters, digits, spaces and a little harmless punctuation: Mermaid
reads `:` `;` `#` `%%` quotes, brackets and newlines as syntax, and a task name that starts
with a keyword would become a statement. Every label starts with a word of ours.
Times are written without a zone, in UTC, so every reader's axis shows UTC.
"""

import re
import unicodedata
from datetime import UTC, datetime, timedelta

from ..domain.enums import Milestone
from ..domain.models import Incident

FIRST_HOUR = timedelta(minutes=60)
LABEL_MAX = 48
_KEEP_PUNCTUATION = set(".,'!?-_/+@()")
_SPACES = re.compile(r"\s+")


def mermaid_text(text: str, max_len: int = LABEL_MAX) -> str:
    """text with everything Mermaid could read as syntax turned into spaces, shortened."""
    kept = "".join(
        ch if ch.isalnum() or ch in _KEEP_PUNCTUATION or ch == " " else " "
        for ch in unicodedata.normalize("NFKC", text)
    )
    kept = _SPACES.sub(" ", kept).strip()
    if len(kept) > max_len:
        cut = kept[: max_len - 3]
        if kept[len(cut)] != " " and " " in cut[max_len // 2 :]:  # end on a whole word when one is near
            cut = cut.rsplit(" ", 1)[0]
        kept = cut.rstrip() + "..."
    return kept


def _at(at: datetime) -> str:
    return f"{at.astimezone(UTC):%Y-%m-%d %H:%M:%S}"


def first_hour_diagram(incident: Incident) -> str:
    """The diagram source (without the code fence)."""
    m = incident.milestones
    title = mermaid_text(incident.title) or "untitled incident"
    lines = [
        "gantt",
        f"    title Response to {title} (UTC)",
        "    dateFormat YYYY-MM-DD HH:mm:ss",
        "    axisFormat %H:%M",
        "    section First hour",
        f"    First 60 minutes after declaration :active, window, {_at(m.declared)}, 60m",
        "    section Milestones",
    ]
    for n, milestone in enumerate(Milestone):
        at = m.get(milestone)
        if at is not None:
            lines.append(f"    {milestone.label} :milestone, m{n}, {_at(at)}, 0m")
    updates = sorted(incident.updates, key=lambda u: u.sent_at)
    if updates:
        lines.append("    section Updates")
    for n, update in enumerate(updates, start=1):
        gist = mermaid_text(update.text.splitlines()[0] if update.text else "", 32)
        label = f"Update {n} {update.audience.value}" + (f" - {gist}" if gist else "")
        lines.append(f"    {label} :milestone, u{n}, {_at(update.sent_at)}, 0m")
    return "\n".join(lines)
