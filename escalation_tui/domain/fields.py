"""Validated field types shared by the models: cleaned text with limits, UTC datetimes, ids."""

import secrets
from datetime import datetime, timezone
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, ValidationError

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


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("must include a timezone")
    return value.astimezone(timezone.utc)


Title = Annotated[str, _text(TITLE_MAX, multiline=False, required=True)]
Line = Annotated[str, _text(LINE_MAX, multiline=False, required=True)]
Name = Annotated[str, _text(NAME_MAX, multiline=False, required=False)]
RequiredName = Annotated[str, _text(NAME_MAX, multiline=False, required=True)]
LongText = Annotated[str, _text(LONG_MAX, multiline=True, required=False)]
RequiredLongText = Annotated[str, _text(LONG_MAX, multiline=True, required=True)]
UtcDatetime = Annotated[datetime, AfterValidator(_utc)]


def describe_error(error: ValidationError) -> str:
    """One readable line from a pydantic error: 'title: must not be empty'."""
    parts = []
    for item in error.errors():
        where = " ".join(str(p).replace("_", " ") for p in item["loc"] if not isinstance(p, int))
        ctx_error = item.get("ctx", {}).get("error")
        message = str(ctx_error) if ctx_error else item["msg"]
        parts.append(f"{where}: {message}" if where else message)
    return "; ".join(parts)
