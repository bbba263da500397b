"""Commented YAML templates for new entries, generated from the schema table.

A template loads as it is: empty values are "not filled in yet", which `atelier-kg validate`
then lists, line by line, as what remains to do.
"""

from __future__ import annotations

from . import schema as s

# Keys a new entry rarely needs; they stay documented in the schema and the shipped data.
OMITTED = {"page_text", "state_services_text", "facts_sources", "organisation_model_sources",
           "launch_note", "budget_note", "stages_note", "sectors_intro", "approach", "local_copy",
           "sector_groups"}
# Lists that get one placeholder item to fill in, with the slug to start from.
PLACEHOLDER_ITEMS = {"ambitions": "ambition-1", "objectives": "objectif-1", "governance": "jury"}
NESTED_SLUGS = {"ami": "ami-{slug}", "strategic_ambition": "ambition-strategique",
                "capitalisation": "capitalisation-{slug}"}

KINDS = {
    "laureat": ("laureat", "data/laureats/{slug}.yaml", "Nouveau territoire lauréat",
                "New laureate territory"),
    "session": ("session", "data/sessions/{slug}.yaml", "Nouvelle session nationale",
                "New national session"),
    "organisation": ("organisations", None, "Nouvelle organisation (à ajouter à data/organisations.yaml)",
                     "New organisation (to add to data/organisations.yaml)"),
}


def default_path(kind: str, slug: str) -> str | None:
    pattern = KINDS[kind][1]
    return pattern.format(slug=slug) if pattern else None


def render(kind: str, slug: str) -> str:
    top_key, pattern, title_fr, title_en = KINDS[kind]
    path = pattern.format(slug=slug) if pattern else "data/organisations.yaml"
    lines = [f"# {title_fr} — {title_en}",
             f"# Remplissez chaque valeur vide, puis : atelier-kg validate {path}",
             f"# Fill in each empty value, then: atelier-kg validate {path}",
             "# Les textes en français sont ceux de la source, mot pour mot.",
             "",
             "# documents d'où vient l'entrée (voir data/sources.yaml) / documents the entry comes from",
             "sources: []",
             ""]
    spec = s.SPECS["organisation" if kind == "organisation" else kind]
    if kind == "organisation":
        lines.append(f"{top_key}:")
        lines.append(f"  - slug: {slug}")
        lines += _fields(spec, slug, indent="    ")
    else:
        lines.append(f"{top_key}:")
        lines.append(f"  slug: {slug}")
        lines += _fields(spec, slug, indent="  ")
    return "\n".join(lines) + "\n"


def _fields(spec: s.RecordSpec, slug: str, indent: str) -> list[str]:
    lines: list[str] = []
    for field in spec.fields:
        if field.key in OMITTED or field.key == "sources" or field.key == spec.slug_key:
            continue
        help_text = " / ".join(x for x in (field.help_fr, field.help_en) if x)
        if help_text:
            lines.append(f"{indent}# {help_text}")
        lines += _value(field, slug, indent)
    return lines


def _value(field: s.Field, slug: str, indent: str) -> list[str]:
    key = field.key
    if field.kind in (s.TEXT,):
        return [f'{indent}{key}: {{fr: "", en: ""}}']
    if field.kind == s.TEXTS:
        return [f"{indent}{key}: []"]
    if field.kind in (s.REF, s.CONCEPT):
        if field.default is not None:
            return [f"{indent}{key}: {field.default}"]
        return [f"{indent}{key}: []" if field.many else f'{indent}{key}: ""']
    if field.kind == s.GROUP:
        lines = [f"{indent}{key}:"]
        for sub in field.fields:
            if sub.key not in OMITTED:
                lines += _value(sub, slug, indent + "  ")
        return lines
    if field.kind == s.RECORD:
        child = s.SPECS[field.target or ""]
        lines = [f"{indent}{key}:"]
        if child.slug_key:
            lines.append(f"{indent}  {child.slug_key}: {NESTED_SLUGS.get(key, key).format(slug=slug)}")
        return lines + _fields(child, slug, indent + "  ")
    if field.kind == s.RECORDS:
        child = s.SPECS[field.target or ""]
        if key in PLACEHOLDER_ITEMS and child.slug_key:
            body = _fields(child, slug, indent + "    ")
            return [f"{indent}{key}:", f"{indent}  - {child.slug_key}: {PLACEHOLDER_ITEMS[key]}", *body]
        if child.slug_from:
            return [f"{indent}{key}: []",
                    f"{indent}# ex. / e.g.:  - organisation: slug-du-registre",
                    f"{indent}#                role: mandataire | pilote | membre",
                    f"{indent}#                disciplines: [urbanisme, paysage]"]
        return [f"{indent}{key}: []"]
    return [f"{indent}{key}:"]  # numbers, years, booleans, URLs: empty until filled in
