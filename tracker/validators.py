"""Rules for every text the record stores, whichever way it arrives (the admin, the API,
imports, accepted drafts): no control characters, and a bound on long text.

The middleware refuses control characters in forms and URLs; JSON bodies, files and
management commands reach the models without passing it, so the models' fields carry the
rule themselves (``full_clean``, which every service runs)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

# C0 controls and DEL; tab, line feed and carriage return are text.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MESSAGE = "Control characters (such as NUL) are not allowed."

# The longest summary, note, excerpt or description (characters): far beyond a real one,
# small enough for the search index and a page.
TEXT_LIMIT = 20_000


def no_control_characters(value: Any) -> None:
    if isinstance(value, str) and CONTROL.search(value):
        raise ValidationError(MESSAGE, code="control")


PLAIN: list[Callable[[Any], None]] = [no_control_characters]
LONG_TEXT: list[Callable[[Any], None]] = [no_control_characters, MaxLengthValidator(TEXT_LIMIT)]
