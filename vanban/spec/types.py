"""Value types shared by the pydantic models of specs, forms and registries."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field, WithJsonSchema


def as_list(value: Any) -> Any:
    """Allow one string where a list of strings is expected."""
    return [value] if isinstance(value, str) else value


#: One line of text, or the lines as the clerk wants them broken.
Lines = Annotated[
    list[Annotated[str, Field(min_length=1)]],
    BeforeValidator(as_list),
    WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1},
                              {"type": "array", "items": {"type": "string", "minLength": 1}}]}),
]
