"""Hypothesis strategies for hostile data: odd values, and valid documents broken in a few places."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

from factories import framework_doc

VALID = framework_doc()
"""The document `mutated_documents` breaks unless given another."""

odd_text = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1),
    st.just("\u202e\u0000\ud7ff\U0010ffff"),
    st.just("x" * 100_000),
    st.just("https://"),
    st.just("http://example.org"),
    st.just("1" * 5000),  # a version past int()'s digit limit
    st.just("2020-02-30"),
)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), odd_text)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)


def paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside *doc*."""
    found = [prefix] if prefix else []
    if isinstance(doc, dict):
        for key, value in doc.items():
            found += paths(value, (*prefix, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            found += paths(value, (*prefix, i))
    return found


def _at(doc: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        doc = doc[part]
    return doc


def _nested(depth: int) -> Any:
    value: Any = "deep"
    for _ in range(depth):
        value = [value]
    return value


def mutated_documents(base: dict[str, Any] | None = None) -> st.SearchStrategy[dict[str, Any]]:
    """Copies of *base* (default `VALID`, JSON-able) with one to three values set, deleted, added or nested."""
    text = json.dumps(VALID if base is None else base)
    original = json.loads(text)
    where = paths(original)
    # The document's own field names and scalars, so that a mutation can also be
    # plausible: a field where it does not belong, a value from another field.
    names = sorted({part for path in where for part in path if isinstance(part, str)})
    scalars_of_doc = sorted({_at(original, path) for path in where if isinstance(_at(original, path), str)})
    keys = st.text(min_size=1, max_size=10) | st.sampled_from(names)
    new_values = values | st.sampled_from(scalars_of_doc)

    @st.composite
    def mutate(draw: st.DrawFn) -> dict[str, Any]:
        doc: dict[str, Any] = json.loads(text)
        for _ in range(draw(st.integers(1, 3))):
            path = draw(st.sampled_from(where))
            target = doc
            try:
                for part in path[:-1]:
                    target = target[part]
                action = draw(st.sampled_from(["set", "delete", "extra", "nest"]))
                if action == "set":
                    target[path[-1]] = draw(new_values)
                elif action == "delete":
                    del target[path[-1]]
                elif action == "extra" and isinstance(target, dict):
                    target[draw(keys)] = draw(new_values)
                elif action == "nest":
                    target[path[-1]] = _nested(draw(st.integers(1, 50)))
            except (KeyError, IndexError, TypeError):
                pass  # an earlier mutation removed the way there
        return doc

    return mutate()
