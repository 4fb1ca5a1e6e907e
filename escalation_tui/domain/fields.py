"""Validated field types shared by the models: cleaned text with limits, UTC datetimes, ids."""

import re
import secrets
from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, StrictStr, StringConstraints, ValidationError

from .text import clean_text

TITLE_MAX = 200
NAME_MAX = 80
LINE_MAX = 500
LONG_MAX = 20_000

_ID_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0/o, 1/l/i: ids are read aloud


def new_id(length: int = 8) -> str:
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(length))


def _text(max_len: int, *, multiline: bool, required: bool):
    def check(value: object) -> str:
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise ValueError("must be text")
        text = clean_text(value, multiline=multiline)
        if required and not text:
            raise ValueError("must not be empty")
        if len(text) > max_len:
            raise ValueError(f"is too long ({len(text):,} characters; the limit is {max_len:,})")
        return text

    return BeforeValidator(check)


# Times and dates every time zone can show: converting a year-1 or year-9999 time to local
# time overflows in some zones, and adding a cadence to it overflows in all of them.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2999, 12, 31, 23, 59, 59, tzinfo=UTC)
_RANGE = f"between {EARLIEST.year} and {LATEST.year}"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _exact_datetime(value: object) -> object:
    # Lax pydantic would take 12345 as seconds since 1970: a number is not a time here.
    if not isinstance(value, (str, datetime)):
        raise ValueError("must be a date and time (ISO 8601 text with a timezone)")
    return value


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("must include a timezone")
    try:
        value = value.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"must be {_RANGE}") from None
    if not EARLIEST <= value <= LATEST:
        raise ValueError(f"must be {_RANGE}")
    return value


def _exact_date(value: object) -> object:
    if isinstance(value, datetime) or not isinstance(value, (str, date)):
        raise ValueError("must be a date (YYYY-MM-DD)")
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise ValueError("must be a date (YYYY-MM-DD)")
    return value


def _date_in_range(value: date) -> date:
    if not EARLIEST.date() <= value <= LATEST.date():
        raise ValueError(f"must be {_RANGE}")
    return value


Title = Annotated[str, _text(TITLE_MAX, multiline=False, required=True)]
Line = Annotated[str, _text(LINE_MAX, multiline=False, required=True)]
Name = Annotated[str, _text(NAME_MAX, multiline=False, required=False)]
RequiredName = Annotated[str, _text(NAME_MAX, multiline=False, required=True)]
LongText = Annotated[str, _text(LONG_MAX, multiline=True, required=False)]
RequiredLongText = Annotated[str, _text(LONG_MAX, multiline=True, required=True)]
UtcDatetime = Annotated[datetime, BeforeValidator(_exact_datetime), AfterValidator(_utc)]
Day = Annotated[date, BeforeValidator(_exact_date), AfterValidator(_date_in_range)]
# Ids of the items inside an incident: what new_id makes, and room for other tools' ids;
# never anything a terminal or a Markdown renderer would act on.
ItemId = Annotated[StrictStr, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]

MAX_ERRORS_SHOWN = 3


def _place(part: object) -> str:
    # A key the model does not know comes from the input: quote it, never show it raw.
    text = str(part)
    return text.replace("_", " ") if text.isidentifier() and text.isascii() else repr(text)


def describe_error(error: ValidationError) -> str:
    """One readable line from a pydantic error: 'title: must not be empty'.

    The first few problems are named; the rest are counted.
    """
    parts = []
    items = error.errors()
    for item in items[:MAX_ERRORS_SHOWN]:
        loc = [p for p in item["loc"] if not isinstance(p, int)]
        ctx_error = item.get("ctx", {}).get("error")
        message = str(ctx_error) if ctx_error else item["msg"]
        if item["type"] == "extra_forbidden" and loc:  # the key came from the input: quoted
            message = f"unknown field {str(loc.pop())!r}"
        where = " ".join(_place(p) for p in loc)
        parts.append(f"{where}: {message}" if where else message)
    if len(items) > MAX_ERRORS_SHOWN:
        parts.append(f"and {len(items) - MAX_ERRORS_SHOWN} more problems")
    return "; ".join(parts)
