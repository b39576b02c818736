"""Plugins and user files survive the bundled catalogue's growth; plugin data cannot override silently."""

from __future__ import annotations

import copy
import warnings
from pathlib import Path
from typing import Any

import pytest

import fwcompare
from factories import framework_doc, write_json
from fwcompare import PluginData, PluginWarning, Registry
from fwcompare.store.assembly import assemble, bundled_source, directory_source


def test_a_user_file_without_a_bundled_criterion_gets_no_data_for_it(tmp_path: Path) -> None:
    doc = framework_doc()
    del doc["facts"]["orm"]
    write_json(tmp_path, "acme.json", doc)
    framework = Registry([tmp_path]).get("acme")
    assert framework.facts["orm"].support is fwcompare.SupportLevel.UNKNOWN
    assert "does not cover" in framework.facts["orm"].note


def test_a_plugin_written_before_a_new_bundled_criterion_still_loads(tmp_path: Path) -> None:
    # The plugin's file covers today's catalogue; the catalogue then grows by one criterion.
    write_json(tmp_path, "acme.json", framework_doc())
    bundled = bundled_source()
    grown = fwcompare.Criterion(
        key="new_in_a_minor_release",
        label="New in a minor release",
        group="features",
        group_label="Built-in features",
        kind=fwcompare.ValueKind.SUPPORT,
        description="A criterion the plugin's authors never heard of.",
    )
    bundled.criteria = (grown,)  # as if the next release's catalogue had it
    loaded = assemble([bundled, directory_source(str(tmp_path))], [], strict=True)
    acme = loaded.makers["acme"]()
    assert acme.facts["new_in_a_minor_release"].support is fwcompare.SupportLevel.UNKNOWN
    assert acme.facts["orm"].support is not fwcompare.SupportLevel.UNKNOWN


def test_bundled_files_must_still_cover_every_bundled_criterion() -> None:
    from fwcompare.store.loading import load_framework
    from fwcompare.store.resources import bundled, read_document

    doc: dict[str, Any] = copy.deepcopy(read_document(bundled().joinpath("frameworks", "flask.toml"), "flask.toml"))
    del doc["facts"]["orm"]
    criteria = {c.key: c for c in fwcompare.criteria()}
    with pytest.raises(fwcompare.DataError, match="orm"):
        load_framework(doc, "frameworks/flask.toml", criteria, slug="flask", required=frozenset(criteria))


def _plugin_registry(monkeypatch: pytest.MonkeyPatch, data: PluginData) -> Registry:
    from fwcompare.store import entry_points

    def discover(*args: object, **kwargs: object) -> list[tuple[str, str, str | None, Any]]:
        return [("acme", "acme:plugin", "acme", lambda: data)]

    monkeypatch.setattr(entry_points, "discover", discover)
    return Registry()


def test_override_inside_plugin_data_is_refused_unless_the_plugin_lists_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = framework_doc("flask")
    doc["name"] = "Not Flask"
    doc["override"] = True
    write_json(tmp_path, "flask.json", doc)
    registry = _plugin_registry(monkeypatch, PluginData(data=tmp_path))
    with pytest.warns(PluginWarning) as caught:
        assert registry.get("flask").name == "Flask"
    messages = [str(w.message) for w in caught]
    assert any("sets override = true for 'flask', but the plugin does not list it" in m for m in messages), messages


def test_override_inside_plugin_data_that_the_plugin_lists_replaces_the_framework(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = framework_doc("flask")
    doc["name"] = "Not Flask"
    doc["override"] = True
    write_json(tmp_path, "flask.json", doc)
    registry = _plugin_registry(monkeypatch, PluginData(data=tmp_path, overrides=frozenset({"flask"})))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert registry.get("flask").name == "Not Flask"
