"""Reading the bundled extension health file (``data/extensions.json``).

Nothing is read at import; `load_extension_health` reads the file through
`importlib.resources` (zip-safe) each time it is called.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from .._errors import DataError
from ..model.extension_health import ExtensionHealth, ExtensionUse, MaintainerStatement, Repository
from .extension_status import _normalise, run_from_dict

__all__ = [
    "FILE",
    "bundled_index",
    "health_from_dict",
    "load_extension_health",
    "parse_extension_health",
    "statuses_by_distribution",
    "statuses_from_health",
]

FILE = "extensions.json"
"""The bundled file's name, inside ``fwcompare/data``."""


def _date(value: Any) -> datetime.date | None:
    return None if value is None else datetime.date.fromisoformat(str(value))


def health_from_dict(item: dict[str, Any], checked: datetime.date) -> ExtensionHealth:
    """One extension entry of the file as an `ExtensionHealth`.

    *checked* is the document's date, for an entry that does not give its own.
    """
    checked = _date(item.get("checked")) or checked
    uses = tuple(
        ExtensionUse(
            framework=str(u["framework"]),
            criterion=str(u["criterion"]),
            framework_pypi=str(u["framework_pypi"]),
            checked_version=str(u["checked_version"]),
            admits=u.get("admits"),
            requirement=u.get("requirement"),
        )
        for u in item.get("uses", ())
    )
    runs = tuple(run_from_dict(r, checked) for r in item.get("runs", ()))
    repository = item.get("repository")
    statement = item.get("statement")
    return ExtensionHealth(
        pypi=str(item["pypi"]),
        name=str(item["name"]),
        checked=checked,
        source=str(item["source"]),
        latest_version=str(item["latest_version"]),
        latest_upload=_date(item.get("latest_upload")),
        releases=int(item["releases"]),
        requires_python=item.get("requires_python"),
        development_status=item.get("development_status"),
        yanked=bool(item.get("yanked", False)),
        project_status=item.get("project_status"),
        metadata_source=str(item.get("metadata_source", "")),
        import_names=tuple(item.get("import_names", ())),
        uses=uses,
        runs=runs,
        repository=None
        if not repository
        else Repository(
            url=str(repository["url"]),
            last_commit=_date(repository.get("last_commit")),
            read=_date(repository["read"]) or checked,
            how=str(repository["how"]),
            archived=repository.get("archived"),
        ),
        statement=None
        if not statement
        else MaintainerStatement(
            text=str(statement["text"]), url=str(statement["url"]), read=_date(statement["read"]) or checked
        ),
    )


def parse_extension_health(document: dict[str, Any], name: str = FILE) -> dict[str, ExtensionHealth]:
    """The entries of a health document, by lower-case PyPI name (normalised, PEP 503)."""
    try:
        checked = datetime.date.fromisoformat(str(document["checked"]))
        return {_normalise(e["pypi"]): health_from_dict(e, checked) for e in document["extensions"]}
    except (KeyError, TypeError, ValueError) as exc:
        raise DataError(name, "extensions", f"not an extension health document ({exc!r})") from None


def load_extension_health() -> dict[str, ExtensionHealth]:
    """The bundled health data, by normalised PyPI name.

    >>> health = load_extension_health()
    >>> health["flask-sqlalchemy"].pypi
    'Flask-SQLAlchemy'
    """
    from importlib.resources import files

    with files("fwcompare").joinpath("data", FILE).open("rb") as handle:
        document = json.load(handle)
    return parse_extension_health(document)


_INDEX: dict[str, ExtensionHealth] | None = None


def bundled_index() -> dict[str, ExtensionHealth]:
    """`load_extension_health`, read once per process (the records are immutable)."""
    global _INDEX
    if _INDEX is None:
        _INDEX = load_extension_health()
    return _INDEX


def statuses_from_health(document: dict[str, Any]) -> dict[str, dict[str, list[Any]]]:
    """{framework slug: {normalised PyPI name: [status, why with the date, runs]}} for a health document.

    The runs are the recorded run dicts with that framework (current release and matrix).

    What ``tasks/compile_data.py`` writes to ``compiled/extension-statuses.json``.
    """
    statuses: dict[str, dict[str, list[Any]]] = {}
    raw = {_normalise(e["pypi"]): e for e in document["extensions"]}
    for key, health in parse_extension_health(document).items():
        for framework in health.frameworks:
            status, why = health.status_for(framework)
            runs = [r for r in raw[key].get("runs", ()) if r["framework"] == framework]
            statuses.setdefault(framework, {})[key] = [status.value, f"{status}: {why}", runs]
    return statuses


def statuses_by_distribution(document: dict[str, Any]) -> dict[str, list[str]]:
    """{normalised PyPI name: [status, why]} for a health document: each package's own status.

    What an extension named by a user's file or a plugin gets (see `ExtensionHealth.summary`);
    ``tasks/compile_data.py`` writes it beside the per-framework table.
    """
    found: dict[str, list[str]] = {}
    for key, health in parse_extension_health(document).items():
        status, why = health.summary()
        found[key] = [status.value, f"{status}: {why}"]
    return found
