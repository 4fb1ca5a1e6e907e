"""Sub-commands for a shift change and for memory: link, handoff, search."""

import argparse
import sys
from pathlib import Path

from ..domain.confidential import require_consent, searchable
from ..domain.search import SearchHit, clean_query, search
from ..domain.summary import Listed
from ..domain.text import shown_path
from ..domain.times import parse_time
from ..errors import InvalidInput
from ..export.handoff import render_handoff
from ..service import IncidentService
from ..service.user_files import write_user_file
from .already import link_already, link_already_gone
from .output import note_left_out, print_json, print_problems
from .subcommand import JSON_HELP, add_at, add_command, add_confidential_ok, add_id, completes_files, when

HITS_SHOWN = 5  # per incident in the text output; --json has them all


def add_parsers(commands: argparse._SubParsersAction) -> None:
    link = add_command(
        commands,
        "link",
        "add or change a link (bridge, channel, dashboard, runbook); --remove LABEL takes one off",
        "escalation-tui link k3f9 bridge https://meet.example.com/inc-42",
        "escalation-tui link k3f9 bridge --remove",
    )
    add_id(link)
    link.add_argument("label", help='a short name, e.g. "bridge" or "dashboard"')
    link.add_argument(
        "url",
        nargs="?",
        help="https://…, ssh://…, tel:…, slack://… or plain text such as '#inc-42 on Slack'",
    )
    link.add_argument("--remove", action="store_true", help="remove the link with this label")
    add_at(link)

    handoff = add_command(
        commands,
        "handoff",
        "a shift-change summary (Markdown); recorded on the timeline",
        "escalation-tui handoff k3f9 -o handoff.md",
        "escalation-tui handoff k3f9 --since 02:00 --no-record",
    )
    add_id(handoff)
    completes_files(
        handoff.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    )
    handoff.add_argument("--force", action="store_true", help="replace FILE if it is a regular file")
    handoff.add_argument(
        "--since",
        metavar="TIME",
        help="what changed since TIME (HH:MM local or ISO 8601; default: the last handoff, else 8 hours)",
    )
    handoff.add_argument(
        "--no-record", action="store_true", help="only show the summary; leave the timeline as it is"
    )
    add_confidential_ok(handoff, "hand over a confidential incident")

    finder = add_command(
        commands,
        "search",
        "find text in every incident: titles, write-ups, notes, updates, whys, actions, lessons, links",
        'escalation-tui search "connection pool"',
        "escalation-tui search canary --json",
    )
    finder.add_argument("text", help="plain text, matched anywhere, ignoring case (not a pattern)")
    finder.add_argument("--json", action="store_true", help=JSON_HELP)
    add_confidential_ok(finder, "show what matched in confidential incidents")


def link(service: IncidentService, args: argparse.Namespace) -> int:
    session = service.open(args.id)
    # For a confidential incident, "already so" answers as a change would (cli/already.py).
    if args.remove:
        if args.url is not None:
            raise InvalidInput("--remove takes only the label: link ID LABEL --remove")
        if not link_already_gone(session.incident, args.label):
            session.remove_link(args.label, at=when(service, args))
    elif args.url is None:
        raise InvalidInput("give the address after the label: link ID LABEL URL (or --remove LABEL)")
    elif not link_already(session.incident, args.label, args.url):
        session.set_link(args.label, args.url, at=when(service, args))
    return 0


def handoff(service: IncidentService, args: argparse.Namespace) -> int:
    session = service.open(args.id)
    require_consent(session.incident, args.confidential_ok, "hand it over")
    since = parse_time(args.since, service.clock.now()) if args.since else None
    summary = session.handoff(since)
    text = render_handoff(summary)
    to_file = bool(args.output and args.output != "-")
    if args.no_record:
        if to_file:
            write_user_file(Path(args.output), text, overwrite=args.force)
    elif to_file:  # written first: a refused write records nothing
        session.record_handoff(summary, Path(args.output), text, overwrite=args.force)
    if to_file:
        print(f"wrote {shown_path(args.output)}", file=sys.stderr)
    else:
        sys.stdout.write(text)
        if not args.no_record:
            session.record_handoff(summary)
    return 0


def search_(service: IncidentService, args: argparse.Namespace) -> int:
    try:
        query = clean_query(args.text)
    except ValueError as error:
        raise InvalidInput(str(error)) from None
    listed, problems = service.summaries(include_closed=True, parts=("texts",))
    # Confidential ones are not searched at all without consent: a "1 match" would be an oracle.
    incidents, left_out = searchable(listed, args.confidential_ok)
    hits = search(incidents, query)
    by_incident: dict[str, list[SearchHit]] = {}
    for hit in hits:
        by_incident.setdefault(hit.incident.id, []).append(hit)
    if args.json:
        print_json([_hit_json(hit) for hit in hits])
    elif hits:
        print("\n".join(line for group in by_incident.values() for line in _hit_lines(group)))
    else:
        print(f"no matches for {query!r}")
    note_left_out(left_out, "search")
    print_problems(problems)
    return 1 if problems else 0


def _hit_json(hit: SearchHit) -> dict:
    return {
        "incident": hit.incident.id,
        "title": hit.incident.title,
        "confidential": hit.incident.confidential,
        "status": hit.incident.status,
        "field": hit.field,
        "snippet": hit.snippet,
    }


def _hit_lines(group: list[SearchHit]) -> list[str]:
    incident: Listed = group[0].incident
    head = f"{incident.id}  {incident.severity.value}  {incident.status}"
    mark = "[confidential] " if incident.confidential else ""
    lines = [f"{head}  {mark}{incident.title}"]
    lines += [f"  {hit.field}: {hit.snippet}" for hit in group[:HITS_SHOWN]]
    if len(group) > HITS_SHOWN:
        lines.append(f"  … and {len(group) - HITS_SHOWN} more (--json lists them all)")
    return lines


HANDLERS = {"link": link, "handoff": handoff, "search": search_}
