"""`serve`: the read-only stakeholder page, and its access tokens (`serve token new|list|revoke`).

The web code is imported only when a `serve` command runs: it needs the `[web]` extra.
"""

import argparse

from ..domain.enums import Audience
from ..domain.text import for_terminal
from ..errors import InvalidInput
from ..locations import config_dir
from ..service import IncidentService
from .subcommand import add_command, completes_files

AUDIENCES = [a.value for a in Audience]
WEB_MISSING = "serve needs the web extra: pip install 'escalation-tui[web]'"


def add_parsers(commands: argparse._SubParsersAction) -> None:
    serve = add_command(
        commands,
        "serve",
        "a read-only, live status page of the open incidents for stakeholders (needs a token to view)",
        "escalation-tui serve token new --audience executive",
        "escalation-tui serve --port 8765",
        "escalation-tui serve --host 0.0.0.0 --certfile cert.pem --keyfile key.pem --root-path /status",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8765, help="port to listen on (default: 8765)")
    serve.add_argument(
        "--audience", choices=AUDIENCES, help="serve only this audience's page (default: each token's own)"
    )
    serve.add_argument(
        "--root-path", default="", metavar="PATH", help="the path a reverse proxy serves the page under"
    )
    completes_files(serve.add_argument("--certfile", metavar="FILE", help="TLS certificate (PEM)"))
    completes_files(serve.add_argument("--keyfile", metavar="FILE", help="TLS private key (PEM)"))
    actions = serve.add_subparsers(dest="serve_command", metavar="ACTION")
    token = add_command(actions, "token", "access tokens", "escalation-tui serve token list")
    token_actions = token.add_subparsers(dest="token_command", metavar="ACTION", required=True)
    new = add_command(
        token_actions,
        "new",
        "make a token for one audience; it is printed once, only its hash is kept",
        "escalation-tui serve token new --audience executive",
    )
    new.add_argument("--audience", choices=AUDIENCES, required=True, help="who the token is for")
    add_command(
        token_actions,
        "list",
        "list the tokens (ids and audiences, never the tokens)",
        "escalation-tui serve token list",
    )
    revoke = add_command(
        token_actions, "revoke", "revoke a token by its id", "escalation-tui serve token revoke 3fa9c2"
    )
    revoke.add_argument("token_id", metavar="ID", help="the token's id, as `serve token list` shows it")


def serve(service: IncidentService, args: argparse.Namespace) -> int:
    try:
        from ..web import server, tokens
    except ImportError:
        raise InvalidInput(WEB_MISSING) from None
    if args.serve_command == "token":
        return _token(tokens.TokenFile(config_dir()), args)
    if not 0 < args.port < 65536:
        raise InvalidInput(f"--port must be 1-65535, not {args.port}")
    return server.serve(
        service,
        config_dir(),
        args.host,
        args.port,
        args.audience,
        args.root_path,
        args.certfile,
        args.keyfile,
    )


def _token(file, args: argparse.Namespace) -> int:
    if args.token_command == "new":
        entry, token = file.new(args.audience)
        print(f"token {entry.id} for the {entry.audience} page (shown once; only its hash is kept):")
        print(token)
        print("give readers: http://HOST:PORT/?token=" + token)
    elif args.token_command == "list":
        entries = file.entries()
        if not entries:
            print("no tokens (make one: escalation-tui serve token new --audience executive)")
        for entry in entries:
            print(f"{entry.id}  {entry.audience.value:<9}  made {for_terminal(entry.created, one_line=True)}")
    else:
        entry = file.revoke(args.token_id)
        print(f"revoked token {entry.id} ({entry.audience})")
    return 0


HANDLERS = {"serve": serve}
