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
    # an unquoted "Nhãn: nội dung" line is read by YAML as a one-key mapping; vanban takes it as the line (#14)
    WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1},
                              {"type": "array", "items": {"anyOf": [
                                  {"type": "string", "minLength": 1},
                                  {"type": "object", "minProperties": 1, "maxProperties": 1,
                                   "additionalProperties": {"type": ["string", "number", "null"]}}]}}]}),
]
