"""The edits passes make, each written once (as ruff's fix/edits.rs does for its rules): run
commands after, before or in front of a script's statements, group a script, remove a
statement or a word, add a flag or a mount, delete or merge instructions. Every function keeps
which failure stops the build and follows the user's layout (style.py reads it); it returns
the edits, or a `Refusal` saying why it cannot be done, so a pass reports the finding without
a fix rather than guessing."""

from .instructions import (
    Join,
    add_cache_mount,
    add_flag,
    add_mount,
    add_operands,
    comment_lines,
    comments_of,
    delete_instruction,
    delete_lines,
    merge_runs,
    move_comments_above,
    replace_word,
)
from .removal import (
    cut_pipeline,
    has_comment_line,
    remove_leading,
    remove_statement,
    remove_trailing,
    remove_word,
    remove_words,
)
from .result import Edits, Refusal
from .statements import append, close_group, first_statement, group, insert_before, prepend

__all__ = [
    "Edits", "Join", "Refusal", "add_cache_mount", "add_flag", "add_mount", "add_operands", "append", "close_group",
    "comment_lines", "comments_of", "cut_pipeline", "delete_instruction", "delete_lines", "first_statement", "group",
    "has_comment_line", "insert_before", "merge_runs", "move_comments_above", "prepend", "remove_leading",
    "remove_statement", "remove_trailing", "remove_word", "remove_words", "replace_word",
]
