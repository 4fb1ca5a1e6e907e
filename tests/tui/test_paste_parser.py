"""The terminal parser hands a bracketed paste over whole, as text (tui/paste_parser.py), and
the key gate cleans it (tui/keygate.py): bytes as a terminal sends them, fed as its input
thread feeds them, in pieces cut anywhere."""

import pytest
from textual import events
from textual._xterm_parser import XTermParser
from textual.drivers import headless_driver, linux_driver
from textual.drivers.headless_driver import HeadlessDriver

from escalation_tui.tui.app import EscalationApp
from escalation_tui.tui.keygate import one_line, pasted_text
from escalation_tui.tui.paste_parser import PasteSafeParser

START, END = "\x1b[200~", "\x1b[201~"
LOG = "see log \x1b[0m\rR\r\x1b]0;title\x07\x1b[2J\x1b[31mred\x1b[0m\tend\r\n\x1b"


def parse(*chunks: str, parser_class: type[XTermParser] = PasteSafeParser) -> list:
    parser = parser_class()
    found = []
    for chunk in chunks:
        found.extend(parser.feed(chunk))
    return found


def keys(found: list) -> list[str]:
    return [event.key for event in found if isinstance(event, events.Key)]


def pastes(found: list) -> list[str]:
    return [event.text for event in found if isinstance(event, events.Paste)]


def test_textuals_parser_runs_what_follows_an_esc_in_a_paste_as_keys():
    """The upstream behaviour paste_parser.py works around, while it lasts."""
    if "R" not in keys(parse(START + LOG + END, parser_class=XTermParser)):
        pytest.skip("Textual no longer runs pasted bytes as keys: paste_parser.py may go")


def test_a_paste_is_one_event_holding_every_byte_and_no_key_runs():
    found = parse("a" + START + LOG + END + "b")
    assert keys(found) == ["a", "b"]
    assert pastes(found) == [LOG]


@pytest.mark.parametrize("size", [1, 2, 3, 5, 7, 4096])
def test_a_paste_cut_into_pieces_anywhere_is_the_same_paste(size):
    data = "x" + START + LOG * 3 + END + START + "second\x1b[201" + END + "\x1b[A"
    found = parse(*(data[i : i + size] for i in range(0, len(data), size)))
    assert pastes(found) == [LOG * 3, "second\x1b[201"]
    assert keys(found) == ["x", "up"]


def test_keys_outside_a_paste_are_read_as_before():
    data = "q\x1b[B\x1b[1;5Cz\r"
    assert (
        keys(parse(data))
        == keys(parse(data, parser_class=XTermParser))
        == ["q", "down", "ctrl+right", "z", "enter"]
    )


def test_a_paste_the_input_ends_inside_is_still_text():
    found = parse(START + "half a log \x1bR", "")
    assert keys(found) == [] and pastes(found) == ["half a log \x1bR"]


def test_an_empty_paste():
    assert pastes(parse(START + END)) == [""]


def test_the_app_has_its_driver_read_input_with_it(monkeypatch, service):
    monkeypatch.setattr(linux_driver, "XTermParser", XTermParser)
    monkeypatch.setattr(EscalationApp, "get_driver_class", lambda app: linux_driver.LinuxDriver)
    EscalationApp(service)
    assert linux_driver.XTermParser is PasteSafeParser


def test_a_driver_without_the_parser_is_left_alone(monkeypatch, service):
    monkeypatch.setattr(EscalationApp, "get_driver_class", lambda app: HeadlessDriver)
    EscalationApp(service)
    assert not hasattr(headless_driver, "XTermParser")


# -- what the gate makes of a paste ------------------------------------------------------
def test_escape_sequences_and_control_characters_are_dropped_line_ends_kept():
    assert pasted_text(LOG) == "see log \nR\nred\tend\n"
    assert pasted_text("a\x00b\x7fc\x9b31md\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\") == "abcdlink"
    assert pasted_text("an OSC left open\x1b]0;title\nnext line") == "an OSC left open\nnext line"
    assert pasted_text("plain words") == "plain words"


def test_a_one_line_field_gets_every_line_joined():
    assert one_line('Traceback:\n  File "x.py", line 1\n\n\tValueError: boom\n') == (
        'Traceback: File "x.py", line 1 ValueError: boom'
    )
    assert one_line("one line") == "one line"


def test_escape_joined_to_b_or_f_is_given_back_as_the_alt_key_it_was():
    """Textual reads ESC b / ESC f (Escape and a letter sent together under tmux's escape-time)
    as iTerm's word keys; the app needs the alt key to take it as Escape then the letter."""
    assert keys(parse("\x1bb", parser_class=XTermParser)) == ["ctrl+left"]  # upstream, while it lasts
    found = parse("\x1bb\x1bf")
    assert keys(found) == ["alt+b", "alt+f"]
    assert [e.character for e in found] == ["b", "f"]
    assert keys(parse("\x1b[1;5D\x1b[1;5C")) == ["ctrl+left", "ctrl+right"]  # the real word keys stay
