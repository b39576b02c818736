"""Pages from the bundled data: the criteria, every framework, the 2021 article."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from importlib.resources import files

from _pages_markdown import bounds, code, criterion_ref, link, sources, table, text

import fwcompare
from fwcompare.render.cells import value_text

ARTICLE_KEY = "jelvix-2021"
"""The attribution key of the 2021 article in the data files."""
ARTICLE_FRAMEWORKS = ("django", "flask")
"""The frameworks the article compared: their data holds its claims."""


def criteria_page(registry: fwcompare.Registry) -> str:
    criteria = registry.criteria()
    frameworks = registry.frameworks()
    lines = [
        "# Criteria",
        "",
        f"fwcompare compares frameworks on {len(criteria)} criteria, in this order (the order of rows in a",
        "comparison). Each framework has one fact per criterion: a support level (built-in, partial,",
        "extension, absent, unknown), a value where the criterion's kind has one, version bounds, a",
        "note and sources. This page is generated from the criteria catalogue",
        f"({code('src/fwcompare/data/criteria.toml')}); `fwcompare criteria` lists the same.",
        "",
    ]
    group = None
    for criterion in criteria:
        if criterion.group != group:
            group = criterion.group
            lines += [f"## {text(criterion.group_label)}", ""]
        lines += [f"(criterion-{criterion.key})=", f"### {text(criterion.label)}", ""]
        kind = f"kind {code(criterion.kind)}"
        if criterion.choices:
            kind += ", one of " if criterion.kind is fwcompare.ValueKind.CHOICE else ", any of "
            kind += ", ".join(code(c) for c in criterion.choices)
        lines += [f"Key {code(criterion.key)}; {kind}.", "", text(criterion.description), ""]
        lines += _who_has_it(criterion, frameworks)
    return "\n".join(lines)


def _who_has_it(criterion: fwcompare.Criterion, frameworks: Sequence[fwcompare.Framework]) -> list[str]:
    by_level: dict[fwcompare.SupportLevel, list[str]] = {}
    for framework in frameworks:
        fact = framework.facts.get(criterion.key)
        if fact is not None:
            name = f"[{text(framework.name)}](frameworks/{framework.slug}.md)"
            shown = value_text(fact)
            by_level.setdefault(fact.support, []).append(name + (f" ({text(shown)})" if shown else ""))
    parts = [f"{level}: " + ", ".join(by_level[level]) for level in fwcompare.SupportLevel if level in by_level]
    return [f"In the bundled data, {'; '.join(parts)}.", ""] if parts else []


def framework_page(framework: fwcompare.Framework, registry: fwcompare.Registry) -> str:
    f = framework
    lines = [f"# {text(f.name)}", "", text(f.summary), ""]
    first = f.first_release
    first_text = first.when() or "date unknown"
    if first.version:
        first_text += f", version {first.version}"
    if first.note:
        first_text += f" ({text(first.note)})"
    license_text = code(f.license) if f.license else text(f.license_note)
    rows = [
        ("Slug", code(f.slug) + (" (also " + ", ".join(code(a) for a in f.aliases) + ")" if f.aliases else "")),
        ("Classification", code(f.classification)),
        ("License", license_text),
        ("Authors", text(", ".join(f.authors))),
        ("Maintainer", text(f.maintainer)),
        ("First release", first_text),
        ("Data checked against", f"{f.checked.version}, on {f.checked.date.isoformat()}"),
        ("Homepage", f"<{f.homepage}>"),
        ("Repository", f"<{f.repository}>"),
        ("On PyPI", link(f.pypi, f"https://pypi.org/project/{f.pypi}/")),
    ]
    lines += table(("", ""), rows)
    lines += [f"Sources: {sources(f.sources)}.", "", f"First release: {sources(first.sources)}.", ""]
    lines += _lifecycle_section(f)
    if f.built_on:
        lines += ["## Related projects", ""]
        for r in f.built_on:
            name = f"[{text(r.name)}]({r.slug}.md)" if r.slug and r.slug in registry else text(r.name)
            note = f" {text(r.note)}" if r.note else ""
            kind = str(r.kind).replace("-", " ").capitalize()
            lines.append(f"- {kind} {name}.{note} Sources: {sources(r.sources)}.")
        lines.append("")
    lines += [
        "## Facts",
        "",
        f"Each fact as recorded, read at {f.checked.version}; the version bounds say from which",
        "release on it applies. See {doc}`/explanation/versions` for how bounds are read.",
        "",
    ]
    glance = []
    for criterion in registry.criteria():
        fact = f.facts.get(criterion.key)
        if fact is not None:
            glance.append((criterion_ref(criterion), str(fact.support), text(value_text(fact)), bounds(fact)))
    lines += table(("Criterion", "Support", "Value", "Versions"), glance)
    group = None
    for criterion in registry.criteria():
        fact = f.facts.get(criterion.key)
        if fact is None:
            continue
        if criterion.group != group:
            group = criterion.group
            lines += [f"### {text(criterion.group_label)}", ""]
        lines += [_fact_item(criterion, fact), ""]
    if f.opinions:
        lines += [
            "## Attributed opinions",
            "",
            "Claims others made about it (in italics, paraphrased), with fwcompare's verdict against",
            "official sources (see {doc}`/explanation/facts-and-opinions`).",
            "",
        ]
        lines += [_opinion_item(o, registry) + "\n" for o in f.opinions]
    return "\n".join(lines)


def _lifecycle_section(f: fwcompare.Framework) -> list[str]:
    """The latest release, the support policy and its window for the latest series, and when the list was read."""
    lines = ["## Lifecycle", ""]
    listed = None if f.release_data is None else f.release_data.source
    if not f.releases or listed is None:
        return [*lines, "No release list is bundled for it: its releases and support are not known here.", ""]
    figures = f.lifecycle()
    policy = f.support_policy
    rows = [("Figures for", figures.computed_for.isoformat())]
    if figures.latest is not None:
        latest = figures.latest
        rows.append(("Latest release", f"{latest.version}, {latest.date.isoformat()}"))
        try:
            window = f.support_window(latest.version).describe()
        except LookupError as exc:
            window = f"unknown ({exc})"
        rows.append(("Its series", text(window)))
    count = figures.releases_last_year
    rows += [
        ("Final releases in the 12 months before", "unknown" if count is None else str(count)),
        ("Support policy", f"{code(policy.kind)}: {text(policy.summary)}"),
        ("Release list read", f"{listed.read.isoformat()} ({link(listed.title, listed.url)})"),
    ]
    lines += table(("", ""), rows)
    if policy.sources:
        lines += [f"Support policy: {sources(policy.sources)}.", ""]
    lines += ["`fwcompare releases " + f.slug + "` gives the same for any day; see {doc}`/how-to/releases`.", ""]
    return lines


def _fact_item(criterion: fwcompare.Criterion, fact: fwcompare.Fact) -> str:
    head = f"- **{criterion_ref(criterion)}**: {fact.support}"
    shown = value_text(fact)
    if shown:
        head += f", {text(shown)}"
    if bounds(fact):
        head += f", {bounds(fact)}"
    parts = [head + "."]
    if fact.note:
        parts.append(text(fact.note))
    if fact.extensions:
        names = []
        for e in fact.extensions:
            name = link(e.name, e.url) if e.url else text(e.name)
            # The note starts with the status ("quiet: works with flask 3.1.3 ..."): shown as it is.
            health = "; health not checked" if e.status is None else f"; {text(e.status_note or str(e.status))}"
            names.append(f"{name} ({e.party}-party{', PyPI ' + code(e.pypi) if e.pypi else ''}{health})")
        parts.append("Extensions: " + "; ".join(names) + ".")
    for milestone in fact.history:
        parts.append(f"In {milestone.version}: {text(milestone.note)}")
    if fact.sources:
        parts.append(f"Sources: {sources(fact.sources)}.")
    return " ".join(parts)


def _opinion_item(opinion: fwcompare.Opinion, registry: fwcompare.Registry, framework: str = "") -> str:
    """An opinion as a list item; on the article's page (*framework* given) without its attribution."""
    if framework:
        parts = [f"- **{text(framework)}**, {opinion.kind}, on {opinion.topic}: *{text(opinion.claim)}*"]
    else:
        parts = [f"- {opinion.kind}, on {opinion.topic}: *{text(opinion.claim)}* ({text(str(opinion.by))})."]
    parts.append(f"Verdict: **{opinion.verdict}**.")
    if opinion.correction:
        parts.append(text(opinion.correction))
    related = [registry.criterion(k) for k in opinion.criteria if _has_criterion(registry, k)]
    if related:
        parts.append("Criteria: " + ", ".join(criterion_ref(c) for c in related) + ".")
    if opinion.sources:
        parts.append(f"Sources: {sources(opinion.sources)}.")
    return " ".join(parts)


def _has_criterion(registry: fwcompare.Registry, key: str) -> bool:
    return any(c.key == key for c in registry.criteria())


def frameworks_index(registry: fwcompare.Registry) -> str:
    frameworks = registry.frameworks()
    lines = [
        "# Frameworks",
        "",
        f"The {len(frameworks)} frameworks in fwcompare's bundled data, each page generated from its",
        "data file: identity, every fact with its version bounds and sources, and attributed opinions.",
        "",
        "```{toctree}",
        ":hidden:",
        "",
        *(f.slug for f in frameworks),
        "```",
        "",
    ]
    rows = [
        (f"[{text(f.name)}]({f.slug}.md)", code(f.classification), str(f.checked.version), text(f.summary))
        for f in frameworks
    ]
    lines += table(("Framework", "Classification", "Checked against", "Summary"), rows)
    return "\n".join(lines)


def article_page(registry: fwcompare.Registry) -> str:
    attribution, found = _article_opinions(registry)
    verdicts = fwcompare.Verdict
    sections = [
        ("What it got right", (verdicts.ACCURATE,), "Official sources confirm these claims."),
        (
            "What it got partly right",
            (verdicts.PARTLY_ACCURATE,),
            "True in part; the correction says what is missing or overstated.",
        ),
        (
            "What it got wrong",
            (verdicts.WRONG, verdicts.OUTDATED),
            "Wrong when written, or true in 2021 and overtaken since (outdated); each with a correction.",
        ),
        (
            "What cannot be established",
            (verdicts.UNVERIFIED,),
            "Official sources neither confirm nor refute these.",
        ),
        ("Matters of taste", (verdicts.SUBJECTIVE,), "Judgements: neither true nor false, kept as attributed."),
    ]
    lines = [
        "# What the 2021 article got right, and wrong",
        "",
        f"fwcompare began from one article: {text(str(attribution))}. Every claim it made about",
        "Django and Flask is in the data, paraphrased, attributed to it, and given a verdict against",
        "official sources, with a correction where it is wrong. This page is generated from those",
        f"opinions ({code(ARTICLE_KEY)} in the Django and Flask data files), so it changes when the",
        "data does. Each claim is in italics, paraphrased, with its kind (pro, con or assessment)",
        "and its topic.",
        "",
    ]
    lines += table(
        ("Verdict", "Claims"), [(code(v), str(sum(1 for _, o in found if o.verdict is v))) for v in verdicts]
    )
    for title, levels, intro in sections:
        chosen = [(name, o) for name, o in found if o.verdict in levels]
        if not chosen:
            continue
        lines += [f"## {title}", "", intro, ""]
        lines += [_opinion_item(o, registry, framework=name) + "\n" for name, o in chosen]
    return "\n".join(lines)


def _article_opinions(
    registry: fwcompare.Registry,
) -> tuple[fwcompare.Attribution, list[tuple[str, fwcompare.Opinion]]]:
    # Opinions carry their Attribution, not the key the data files give it:
    # find the attribution under that key in the source file, then its claims.
    source = files("fwcompare").joinpath("data", "frameworks", f"{ARTICLE_FRAMEWORKS[0]}.toml")
    with source.open("rb") as stream:
        raw = tomllib.load(stream)["attributions"][ARTICLE_KEY]
    found: list[tuple[str, fwcompare.Opinion]] = []
    attribution = None
    for slug in ARTICLE_FRAMEWORKS:
        framework = registry.get(slug)
        for opinion in framework.opinions:
            by = opinion.by
            if (by.author, by.title, by.date) == (raw["author"], raw["title"], raw["date"]):
                attribution = by
                found.append((framework.name, opinion))
    if attribution is None:
        raise RuntimeError(f"no opinions attributed to {ARTICLE_KEY!r} in {ARTICLE_FRAMEWORKS}")
    return attribution, found
