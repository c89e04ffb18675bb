"""What an edit of the kit returns: the edits, or why it cannot be made."""


from typing import NamedTuple

from ..findings import Edit

Edits = tuple[Edit, ...]


class Refusal(NamedTuple):  # a named tuple: a dataclass costs every start a millisecond
    """Why an edit cannot be made; false in a test, like an empty result."""

    why: str

    def __bool__(self) -> bool:
        return False
