"""A bracketed paste is text, whatever bytes it holds: the one place that wraps Textual's
terminal parser (its private names come through textual_internals.py).

Works around Textual 8.2.8's XTermParser, which reads an ESC inside a paste as the start of an
escape sequence and sends what follows as key presses: a pasted coloured log (`ESC[0m`, a
newline, `R`) ran "resolve" in the war room. Here Textual's parser still reads everything
outside pastes; once it has read a paste's opening bracket, this wrapper takes every byte
itself up to the closing bracket and sends it as one Paste event. What is in it is cleaned
where it is handed to a widget (keygate.py), never run. It also gives back Escape joined to b
or f as the alt key it was (escape_joined), which Textual reads as iTerm's word keys.
"""

import sys
from collections.abc import Generator

from textual import events
from textual.app import App
from textual.message import Message

from .textual_internals import (
    BRACKETED_PASTE_END,
    BRACKETED_PASTE_START,
    ParseEOF,
    ParseError,
    Peek1,
    Read1,
    TokenCallback,
    XTermParser,
)

READ = Read1()  # a character, however long it takes: a paste ends only at its closing bracket


# Escape then b or f, arriving together (tmux's escape-time, a slow link): Textual's table reads
# them as iTerm's word-left and word-right keys. As alt+b and alt+f, the app takes them as
# Escape then the letter when nothing is bound to them (app.escape_joined).
JOINED_WORD_KEYS = {"\x1bb": ("ctrl+left", "alt+b", "b"), "\x1bf": ("ctrl+right", "alt+f", "f")}


def escape_joined(token: Message, recent: str) -> Message:
    """The key Textual made of an ESC joined to b or f, given back as that alt key."""
    if isinstance(token, events.Key) and token.character is None:
        for sequence, (read_as, key, letter) in JOINED_WORD_KEYS.items():
            if token.key == read_as and recent.endswith(sequence):
                return events.Key(key, letter)
    return token


class PasteSafeParser(XTermParser):
    """Textual's parser, with bracketed pastes taken out of its hands."""

    def parse(self, token_callback: TokenCallback) -> Generator[Read1 | Peek1, str, None]:
        recent = ""  # the last characters Textual's parser read: has it just read an opening bracket?

        def not_a_paste(token: Message) -> None:
            # Its own Paste would hold what is left of ours (an empty one, after the closing
            # bracket it is fed below): every paste is sent from here.
            if not isinstance(token, events.Paste):
                token_callback(escape_joined(token, recent))

        inner = super().parse(not_a_paste)
        request = next(inner)
        while True:
            try:
                character = yield request
            except ParseError as error:  # a timeout or the end: Textual's parser decides
                try:
                    request = inner.throw(error)
                except StopIteration:
                    return
                continue
            recent = (recent + character)[-len(BRACKETED_PASTE_START) :]
            try:
                request = inner.send(character)
            except StopIteration:
                return
            if recent != BRACKETED_PASTE_START:
                continue
            recent = ""
            pasted, ended = yield from self._read_paste()
            token_callback(events.Paste(pasted))
            if not ended:
                return
            try:  # Textual's parser saw the opening bracket: let it see the closing one
                for character in BRACKETED_PASTE_END:
                    request = inner.send(character)
            except StopIteration:
                return

    def _read_paste(self) -> Generator[Read1, str, tuple[str, bool]]:
        """Every character up to the closing bracket (not included); False if input ended first."""
        chunks: list[str] = []
        end = BRACKETED_PASTE_END
        tail = ""  # a possible start of the closing bracket, not yet known to be text
        while True:
            try:
                character = yield READ
            except ParseEOF:
                chunks.append(tail)
                return "".join(chunks), False
            except ParseError:  # a timeout armed before the paste: a paste has none
                continue
            tail += character
            if tail == end:
                return "".join(chunks), True
            if not end.startswith(tail):
                # Not the closing bracket: keep what cannot start it, look again from the next ESC.
                cut = tail.find(end[0], 1)
                if cut == -1:
                    chunks.append(tail)
                    tail = ""
                else:
                    chunks.append(tail[:cut])
                    tail = tail[cut:]


def install(app: App) -> None:
    """Have the app's terminal driver read input with PasteSafeParser (drivers build their parser
    by this module-level name when their input thread starts)."""
    driver_module = sys.modules.get(app.driver_class.__module__)
    if driver_module is not None and getattr(driver_module, "XTermParser", None) is XTermParser:
        driver_module.XTermParser = PasteSafeParser  # type: ignore[attr-defined]
