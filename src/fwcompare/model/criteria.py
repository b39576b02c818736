"""Criteria: the questions fwcompare answers for every framework."""

from __future__ import annotations

import attrs

from .._vocab import ValueKind
from .base import Model

__all__ = ["Criterion"]


@attrs.frozen(repr=False, eq=False)
class Criterion(Model):
    """One thing frameworks are compared on, such as ``async_views`` or ``orm``.

    ``group`` is the key of the group it is shown under and ``group_label``
    that group's name; ``kind`` says what a fact's value holds and
    ``choices`` the allowed values for `ValueKind.CHOICE` and `ValueKind.TAGS`.
    """

    key: str
    label: str
    group: str
    group_label: str
    kind: ValueKind
    description: str
    choices: tuple[str, ...] = ()
