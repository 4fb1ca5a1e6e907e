"""Check an action item's fields with the model itself before the dialog closes.

The service validates the same way; checking first lets the dialog keep what was typed
and say what is wrong inline, instead of closing and reporting it in a toast.
"""

from pydantic import ValidationError

from ....domain.fields import describe_error
from ....domain.models import ActionItem
from ....errors import InvalidInput


def check_action_fields(fields: dict) -> ActionItem:
    try:
        return ActionItem.model_validate(fields)
    except ValidationError as error:
        raise InvalidInput(describe_error(error)) from None
