"""Links on an incident: the bridge, the channel, dashboards, runbooks.

A link is a label and an address. The address is either a URL with a scheme people use
during an incident (web, ssh, mail, phone, chat and meeting apps), or plain text with no
scheme at all ("#inc-checkout on Slack", "+1 555 0100 PIN 4242", "go/runbook-checkout").
Any other scheme is refused: `javascript:`, `data:` or `file:` have no business in a war
room, and a post-mortem read in a browser must not carry one. Addresses are shown as
text everywhere (the TUI, the CLI, the post-mortem's code spans), never as live markup.
"""

import re

from .text import clean_text

LABEL_MAX = 80
ADDRESS_MAX = 2048  # dashboards with their queries run long; browsers cope with ~2,000
MAX_LINKS = 50

ALLOWED_SCHEMES = (
    "http",
    "https",
    "ssh",
    "mailto",
    "tel",
    "sip",
    "slack",
    "msteams",
    "zoommtg",
    "webex",
)
# "scheme:" followed directly by something other than a space: "https://x", "tel:+1",
# "javascript:alert(1)". "Bridge: +1 555" (a space after the colon) is plain text.
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):(?=\S)")


def clean_label(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("must be text")
    label = clean_text(value, multiline=False)
    if not label:
        raise ValueError("must not be empty")
    if len(label) > LABEL_MAX:
        raise ValueError(f"is too long ({len(label):,} characters; the limit is {LABEL_MAX})")
    return label


def clean_address(value: object) -> str:
    """The address cleaned of control characters, with its scheme checked (see above)."""
    if not isinstance(value, str):
        raise ValueError("must be text")
    address = clean_text(value, multiline=False)
    if not address:
        raise ValueError("must not be empty")
    if len(address) > ADDRESS_MAX:
        raise ValueError(f"is too long ({len(address):,} characters; the limit is {ADDRESS_MAX:,})")
    match = _SCHEME.match(address)
    if match:
        scheme = match.group(1).lower()
        if scheme not in ALLOWED_SCHEMES:
            raise ValueError(
                f"scheme {scheme!r} is not allowed; use {', '.join(ALLOWED_SCHEMES)} or plain text"
            )
        if any(char.isspace() for char in address):
            raise ValueError("a URL cannot contain spaces (write them as %20)")
    return address


def same_label(a: str, b: str) -> bool:
    """Labels name links case-insensitively: "Bridge" and "bridge" are one link."""
    return a.casefold() == b.casefold()
