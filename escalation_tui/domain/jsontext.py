"""Parsing JSON from outside (imports, store files) with every failure as one line."""

import json


def load_json(text: str | bytes) -> object:
    """json.loads, with every way it can fail as a ValueError of one line.

    Beyond syntax errors (and bytes that are not UTF-8): nesting deep enough to exhaust
    the stack, and integers too long to convert (Python refuses more than 4,300 digits).
    """
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        return json.loads(text)
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise ValueError(
            f"not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})"
        ) from None
    except RecursionError:
        raise ValueError("not valid JSON for escalation-tui (nested too deeply)") from None
    except ValueError:
        raise ValueError("not valid JSON for escalation-tui (a number with too many digits)") from None
