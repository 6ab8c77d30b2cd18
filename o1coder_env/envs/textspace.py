"""The text spaces of the text envs: a charset that covers code and prose, and fitting to it.

Gymnasium's :class:`~gymnasium.spaces.Text` defaults to letters and digits, and checks both the
length and every character of a string. Problems and steps are code and prose, so the envs use
:data:`CHARSET`: printable ASCII plus tab, newline and carriage return, plus the Unicode blocks
from Latin-1 to box drawing (U+00A0..U+257F: accented letters, Greek, Cyrillic, general
punctuation such as dashes and quotes, arrows, math operators). :func:`fit_text` makes any
string a member of a Text space of that charset: characters outside it become
:data:`REPLACEMENT` (``"?"``), and text longer than the space's ``max_length`` is cut, ending in
:data:`TRUNCATION_MARKER`. The envs always keep the untouched text in ``info`` (``steps``, and
``problem`` at reset).
"""

from __future__ import annotations

import string

from gymnasium import spaces

__all__ = ["CHARSET", "REPLACEMENT", "TRUNCATION_MARKER", "fit_text", "text_space"]

#: Every character a text observation or action may hold.
CHARSET: frozenset[str] = frozenset(
    [chr(c) for c in range(32, 127)]
    + ["\t", "\n", "\r"]
    + [chr(c) for c in range(0xA0, 0x2580)]
)
assert set(string.ascii_letters + string.digits + string.punctuation) <= CHARSET

#: What a character outside :data:`CHARSET` becomes in an observation.
REPLACEMENT = "?"

#: The end of a text cut to fit its space's ``max_length``.
TRUNCATION_MARKER = "\n...[truncated]"


def text_space(max_length: int, *, min_length: int = 0) -> spaces.Text:
    """A :class:`~gymnasium.spaces.Text` space over :data:`CHARSET`."""
    return spaces.Text(max_length=max_length, min_length=min_length, charset=CHARSET)


def fit_text(text: str, max_length: int) -> tuple[str, bool]:
    """Make ``text`` a member of a ``text_space(max_length)``.

    Args:
        text: Any string.
        max_length: The space's maximum length (> ``len(TRUNCATION_MARKER)``).

    Returns:
        The fitted text, and whether it was changed (characters replaced or text cut).
    """
    fitted = text
    if not all(c in CHARSET for c in text):
        fitted = "".join(c if c in CHARSET else REPLACEMENT for c in text)
    if len(fitted) > max_length:
        fitted = fitted[: max_length - len(TRUNCATION_MARKER)] + TRUNCATION_MARKER
    return fitted, fitted is not text
