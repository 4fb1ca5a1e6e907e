"""The post-mortem's pictures of the response as Mermaid gantt charts (picture.py decides what).

A short response gets the first hour alone; a longer one the whole response, then the first
hour on its own scale. Milestones, stakeholder updates, findings and decisions are marks;
marks too close to tell apart are one mark naming them all. The axis shows the day as well
once a picture crosses midnight. GitHub, GitLab and most wikis render it.

User text is reduced to letters, digits, spaces and a little harmless punctuation: Mermaid
reads `:` `;` `#` `%%` quotes, brackets and newlines as syntax, and a task name that starts
with a keyword would become a statement. Every label starts with a word of ours.
Times are written without a zone, in UTC, so every reader's axis shows UTC.
"""

import re
import unicodedata
from datetime import UTC, datetime

from ..domain.models import Incident
from .picture import FIRST_HOUR, SECTIONS, Group, Picture, plan

__all__ = ["FIRST_HOUR", "diagram", "first_hour_diagram", "group_label", "mermaid_text"]

LABEL_MAX = 48
GIST_MAX = 32
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


def group_label(group: Group) -> str:
    """One mark: its name and the gist of its text; several: every name (no gist fits)."""
    if len(group.marks) > 1:
        return ", ".join(mark.name for mark in group.marks)
    mark = group.marks[0]
    gist = mermaid_text(mark.gist.splitlines()[0] if mark.gist else "", GIST_MAX)
    return mark.name + (f" - {gist}" if gist else "")


def diagram(incident: Incident, picture: Picture, alone: bool = True) -> str:
    """One picture's diagram source (without the code fence); `alone`: the only picture."""
    title = mermaid_text(incident.title) or "untitled incident"
    if alone:
        heading = "Response to"
    else:
        heading = "First hour of" if picture.name == "first hour" else "Whole response to"
    lines = [
        "gantt",
        f"    title {heading} {title} (UTC)",
        "    dateFormat YYYY-MM-DD HH:mm:ss",
        f"    axisFormat {'%d %b %H:%M' if picture.crosses_midnight else '%H:%M'}",
        "    todayMarker off",
        "    section " + ("First hour" if picture.name == "first hour" else "Response"),
    ]
    for n, (label, start, end) in enumerate(picture.bars, start=1):
        minutes = max(1, round((end - start).total_seconds() / 60))
        lines.append(f"    {label} :active, bar{n}, {_at(start)}, {minutes}m")
    n = 0
    for section in SECTIONS:
        groups = [g for g in picture.groups if g.section == section]
        if groups:
            lines.append(f"    section {section}")
        for group in groups:
            n += 1
            lines.append(f"    {group_label(group)} :milestone, k{n}, {_at(group.at)}, 0m")
    return "\n".join(lines)


def first_hour_diagram(incident: Incident) -> str:
    """The first hour's diagram (the only one of a response that ended within it)."""
    pictures = plan(incident).pictures
    return diagram(incident, pictures[-1], alone=len(pictures) == 1)
