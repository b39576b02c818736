"""The public API over the bundled data: lookups, facts, version bounds, comparisons."""

from __future__ import annotations

from typing import Any, cast

import attrs
import pytest

import fwcompare
from fwcompare import SupportLevel


def test_get_is_case_insensitive_and_accepts_slug_and_name() -> None:
    assert fwcompare.get("django") is fwcompare.get("Django") is fwcompare.get("DJANGO")
    assert fwcompare.get("flask").name == "Flask"


def test_every_alias_finds_its_framework() -> None:
    for framework in fwcompare.frameworks():
        for alias in framework.aliases:
            assert fwcompare.get(alias) is framework
            assert fwcompare.get(alias.upper()) is framework


def test_unknown_name_raises_lookup_error_with_suggestions() -> None:
    with pytest.raises(LookupError) as info:
        fwcompare.get("flsk")
    error = info.value
    assert isinstance(error, fwcompare.UnknownFrameworkError)
    assert "flask" in error.suggestions
    assert "did you mean 'flask'" in str(error)


def test_unknown_name_without_close_match_has_no_suggestion() -> None:
    with pytest.raises(fwcompare.UnknownFrameworkError) as info:
        fwcompare.get("zzzzzzzz")
    assert info.value.suggestions == ()
    assert str(info.value) == "unknown framework 'zzzzzzzz'"


def test_get_rejects_non_strings_with_type_error() -> None:
    with pytest.raises(TypeError):
        fwcompare.get(42)  # type: ignore[arg-type]


def test_frameworks_are_in_a_stable_name_order() -> None:
    names = [f.name.casefold() for f in fwcompare.frameworks()]
    assert names == sorted(names)
    assert {"django", "flask"} <= {f.slug for f in fwcompare.frameworks()}


def test_criteria_are_in_catalogue_order_and_include_the_required_keys() -> None:
    keys = [c.key for c in fwcompare.criteria()]
    required = [
        "interface",
        "async_views",
        "websockets",
        "orm",
        "migrations",
        "admin",
        "templating",
        "template_autoescape",
        "forms",
        "auth",
        "csrf",
        "sessions",
        "i18n",
        "caching",
        "sitemaps",
        "syndication",
        "openapi",
        "dependency_injection",
        "test_client",
        "cli",
        "routing",
        "background_tasks",
    ]
    assert set(required) <= set(keys)
    assert keys[0] == "interface"
    assert len(keys) == len(set(keys))


def test_every_framework_has_a_fact_for_every_criterion() -> None:
    keys = {c.key for c in fwcompare.criteria()}
    for framework in fwcompare.frameworks():
        assert set(framework.facts) == keys, framework.slug


def test_fact_for_unknown_criterion_suggests_keys() -> None:
    with pytest.raises(fwcompare.UnknownCriterionError) as info:
        fwcompare.get("django").fact("asyncviews")
    assert "async_views" in info.value.suggestions


def test_flask_async_views_arrived_in_2_0() -> None:
    flask = fwcompare.get("flask")
    fact = flask.fact("async_views")
    assert str(fact.since) == "2.0"
    assert flask.supports("async_views") is True
    assert flask.supports("async_views", "2.0") is True
    assert flask.supports("async_views", "2.0.1") is True
    assert flask.supports("async_views", "1.1.4") is False
    assert fact.support_at("1.1") is SupportLevel.ABSENT


def test_django_async_views_arrived_in_3_1() -> None:
    django = fwcompare.get("django")
    assert str(django.fact("async_views").since) == "3.1"
    assert django.supports("async_views", "3.0") is False
    assert django.supports("async_views", "3.1") is True


def test_supports_is_false_for_extensions_and_true_for_built_in() -> None:
    flask = fwcompare.get("flask")
    assert flask.fact("orm").support is SupportLevel.EXTENSION
    assert flask.supports("orm") is False
    assert fwcompare.get("django").supports("admin") is True


def test_objects_are_frozen_and_facts_read_only() -> None:
    django = fwcompare.get("django")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        django.name = "Other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        django.facts["admin"] = django.facts["orm"]  # type: ignore[index]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        django.fact("admin").support = SupportLevel.ABSENT  # type: ignore[misc]


def test_reprs_are_short_and_say_what_the_object_is() -> None:
    django = fwcompare.get("django")
    assert repr(django).startswith("<Framework 'django': Django, full-stack, ")
    assert repr(django.fact("async_views")).startswith("Fact('async_views', built-in, since=3.1")
    comparison = fwcompare.compare("django", "flask")
    assert repr(comparison).startswith("<Comparison of django, flask: ")


def test_compare_has_one_row_per_criterion_aligned_with_frameworks() -> None:
    comparison = fwcompare.compare("django", fwcompare.get("flask"))
    assert [f.slug for f in comparison.frameworks] == ["django", "flask"]
    assert [r.criterion for r in comparison.rows] == list(fwcompare.criteria())
    admin = comparison.row("admin")
    assert admin.facts[0] is fwcompare.get("django").fact("admin")
    assert admin.facts[1] is fwcompare.get("flask").fact("admin")


def test_differences_and_common_partition_the_rows() -> None:
    comparison = fwcompare.compare("django", "flask")
    differences, common = comparison.differences(), comparison.common()
    assert len(differences) + len(common) == len(comparison.rows)
    assert comparison.row("admin") in differences
    for row in common:
        assert len({(f.support, f.value) for f in row.facts}) == 1


def test_compare_with_chosen_criteria_keeps_their_order() -> None:
    comparison = fwcompare.compare("flask", "django", criteria=["orm", "async_views"])
    assert [c.key for c in comparison.criteria] == ["orm", "async_views"]


@pytest.mark.parametrize(
    ("args", "kwargs", "error"),
    [
        (("django",), {}, fwcompare.ComparisonError),
        ((), {}, fwcompare.ComparisonError),
        (("django", "Django"), {}, fwcompare.ComparisonError),
        (("django", "nope"), {}, fwcompare.UnknownFrameworkError),
        (("django", "flask"), {"criteria": ["nope"]}, fwcompare.UnknownCriterionError),
        (("django", "flask"), {"criteria": ["orm", "orm"]}, fwcompare.ComparisonError),
    ],
)
def test_compare_rejects_bad_requests(args: tuple[str, ...], kwargs: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        fwcompare.compare(*args, **kwargs)  # type: ignore[arg-type]


def test_comparison_row_unknown_key() -> None:
    with pytest.raises(fwcompare.UnknownCriterionError):
        fwcompare.compare("django", "flask").row("admn")


def test_module_functions_use_the_default_registry() -> None:
    registry = fwcompare.default_registry()
    assert fwcompare.frameworks() == registry.frameworks()
    assert len(registry) == len(fwcompare.frameworks())
    assert list(registry) == list(fwcompare.frameworks())
    assert "Flask" in registry
    assert "nope" not in registry
    assert 3 not in registry


MODEL_CLASSES = [
    fwcompare.Source,
    fwcompare.Extension,
    fwcompare.Milestone,
    fwcompare.Fact,
    fwcompare.Criterion,
    fwcompare.Attribution,
    fwcompare.Opinion,
    fwcompare.Relationship,
    fwcompare.FirstRelease,
    fwcompare.CheckedAgainst,
    fwcompare.Framework,
    fwcompare.Row,
    fwcompare.Comparison,
]


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
def test_model_classes_are_attrs_classes_with_value_semantics(cls: type) -> None:
    # Their __eq__, __hash__ and __repr__ are written once (fwcompare.model.base), not generated:
    # they must still behave as attrs' would, field by field.
    assert attrs.has(cls)
    django, flask = fwcompare.get("django"), fwcompare.get("flask")
    comparison = fwcompare.compare(django, flask)
    samples: dict[type, object] = {
        fwcompare.Framework: django,
        fwcompare.Fact: django.fact("admin"),
        fwcompare.Source: django.fact("admin").sources[0],
        fwcompare.Extension: flask.fact("admin").extensions[0],
        fwcompare.Milestone: next(f.history[0] for f in django.facts.values() if f.history),
        fwcompare.Criterion: fwcompare.criteria()[0],
        fwcompare.Attribution: django.opinions[0].by,
        fwcompare.Opinion: django.opinions[0],
        fwcompare.Relationship: fwcompare.get("fastapi").built_on[0],
        fwcompare.FirstRelease: django.first_release,
        fwcompare.CheckedAgainst: django.checked,
        fwcompare.Row: comparison.rows[0],
        fwcompare.Comparison: comparison,
    }
    obj: Any = samples[cls]
    assert obj.__class__ is cls
    names = [a.name for a in attrs.fields(cls)]
    copy = cls(**{n: getattr(obj, n) for n in names})
    assert copy == obj
    assert (copy != obj) is False
    assert hash(copy) == hash(obj)
    assert obj != object()
    assert (obj == object()) is False
    changed = attrs.evolve(cast("Any", obj), **{names[0]: "other" if isinstance(getattr(obj, names[0]), str) else None})
    assert changed != obj
    assert attrs.asdict(obj, recurse=False).keys() == set(names)


def test_model_repr_lists_the_fields_as_attrs_would() -> None:
    import datetime

    source = fwcompare.Source("https://example.org/", "Example", datetime.date(2026, 11, 24))
    assert repr(source) == ("Source(url='https://example.org/', title='Example', read=datetime.date(2026, 11, 24))")


def test_framework_hash_leaves_the_facts_mapping_out() -> None:
    django = fwcompare.get("django")
    # The facts mapping is not hashable; the framework still is, and equal copies hash equal.
    assert hash(django) == hash(attrs.evolve(django))
    assert django == attrs.evolve(django)
    assert django != attrs.evolve(django, facts={})
