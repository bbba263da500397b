"""Commented YAML templates for new entries, generated from the kinds' descriptions.

A template loads as it is: empty values are "not filled in yet", which `atelier-kg validate`
then lists, line by line, as what remains to do.
"""

from __future__ import annotations

from . import kinds as k


def template_kinds() -> list[str]:
    """The kinds `atelier-kg new` can write."""
    return [kind.kind for kind in k.with_template()]


def default_path(kind: str, slug: str) -> str | None:
    template = _template(kind)
    return template.path.format(slug=slug) if template.path else None


def render(kind: str, slug: str) -> str:
    spec = k.get(kind)
    template = _template(kind)
    top_key, many = spec.top_level or (kind, False)
    where = template.path.format(slug=slug) if template.path else spec.registry
    lines = [f"# {template.title_fr} — {template.title_en}",
             f"# Remplissez chaque valeur vide, puis : atelier-kg validate {where}",
             f"# Fill in each empty value, then: atelier-kg validate {where}",
             "# Les textes en français sont ceux de la source, mot pour mot.",
             "",
             "# documents d'où vient l'entrée (voir data/sources.yaml) / documents the entry comes from",
             "sources: []",
             "",
             f"{top_key}:"]
    if many:
        lines.append(f"  - {spec.slug_key}: {slug}")
        lines += _fields(spec, slug, indent="    ")
    else:
        lines.append(f"  {spec.slug_key}: {slug}")
        lines += _fields(spec, slug, indent="  ")
    return "\n".join(lines) + "\n"


def _template(kind: str) -> k.Template:
    template = k.get(kind).template
    if not isinstance(template, k.Template):
        raise KeyError(kind)
    return template


def _fields(spec: k.Kind, slug: str, indent: str) -> list[str]:
    lines: list[str] = []
    for field in spec.fields:
        if not field.in_template or not field.yaml or field.key in ("sources", spec.slug_key):
            continue
        help_text = " / ".join(x for x in (field.help_fr, field.help_en) if x)
        if help_text:
            lines.append(f"{indent}# {help_text}")
        lines += _value(field, slug, indent)
    return lines


def _value(field: k.Field, slug: str, indent: str) -> list[str]:
    key = field.key
    if field.kind == k.TEXT:
        return [f'{indent}{key}: {{fr: "", en: ""}}']
    if field.kind == k.TEXTS:
        return [f"{indent}{key}: []"]
    if field.kind in (k.REF, k.CONCEPT):
        if field.default is not None:
            return [f"{indent}{key}: {field.default}"]
        return [f"{indent}{key}: []" if field.many else f'{indent}{key}: ""']
    if field.kind == k.GROUP:
        lines = [f"{indent}{key}:"]
        for sub in field.fields:
            if sub.in_template:
                lines += _value(sub, slug, indent + "  ")
        return lines
    if field.kind == k.RECORD:
        child = k.get(field.target or "")
        lines = [f"{indent}{key}:"]
        if child.slug_key:
            lines.append(f"{indent}  {child.slug_key}: {(field.nested_slug or key).format(slug=slug)}")
        return lines + _fields(child, slug, indent + "  ")
    if field.kind == k.RECORDS:
        child = k.get(field.target or "")
        if field.placeholder and child.slug_key:
            body = _fields(child, slug, indent + "    ")
            return [f"{indent}{key}:", f"{indent}  - {child.slug_key}: {field.placeholder}", *body]
        if child.slug_from:
            return [f"{indent}{key}: []", *_example(child, indent)]
        return [f"{indent}{key}: []"]
    return [f"{indent}{key}:"]  # numbers, years, booleans, URLs: empty until filled in


def _example(child: k.Kind, indent: str) -> list[str]:
    """A commented item of a list whose entries are named by one of several keys (a member, a lead
    body): which keys name it, then its other keys with what they take."""
    lines = [f"{indent}# ex. / e.g.:  - {' | '.join(child.slug_from)}: …"]
    for field in child.fields:
        if field.yaml and field.in_template and field.key not in child.slug_from:
            lines.append(f"{indent}#                {field.key}: {field.help_fr or '…'}")
    return lines
