"""The registries entries point to: documents (sources), concept schemes, organisations, people."""

from __future__ import annotations

from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, SKOS

from .. import labels as naming
from ..namespaces import ATD
from .common import DESCRIPTION, LABEL, NOTE, SOURCES, VOCABULARY, identity_columns
from .model import (
    CONCEPT,
    REF,
    STRING,
    TEXT,
    URL,
    Column,
    Diff,
    Excluded,
    Kind,
    Page,
    Table,
    Template,
    f,
    joined,
    text,
    value,
)

DOCUMENT = Kind(
    "document", (FOAF.Document, PROV.Entity),
    (LABEL, DESCRIPTION,
     f("publisher", REF, DCTERMS.publisher, "organisation", fr="éditeur", en="publisher"),
     f("url", URL, FOAF.page, fr="adresse web", en="web address"),
     f("local_copy", STRING, ATD.copieLocale, fr="copie dans data/", en="copy under data/"),
     f("version", STRING, OWL.versionInfo, yaml=False),
     f("date", STRING, DCTERMS.date, yaml=False)),
    name_fr="documents", name_en="documents", title_fr="Sources", title_en="Sources",
    registry="data/sources.yaml", top_level=("documents", True),
    page=Page("CreativeWork"),
    template=Excluded("a source is added to data/sources.yaml"),
    diff=Excluded("sources are provenance, not programme facts"),
    tables=Excluded("the sources of a release are in its catalog's provenance"),
)

SCHEME = Kind(
    "scheme", (SKOS.ConceptScheme,),
    (LABEL, f("definition", TEXT, SKOS.definition, fr="définition", en="definition")),
    name_fr="schémas de concepts", name_en="concept schemes", title_fr="Vocabulaires",
    title_en="Vocabularies", registry="data/concepts/", top_level=("scheme", False),
    concept_scheme=True, page=Page("DefinedTermSet"),
    template=Excluded("vocabularies are curated by the programme team"),
    tables=VOCABULARY, diff=VOCABULARY,
)

CONCEPT_KIND = Kind(
    "concept", (SKOS.Concept,),
    (LABEL, f("definition", TEXT, SKOS.definition, fr="définition", en="definition")),
    name_fr="concepts", name_en="concepts", registry="data/concepts/", top_level=("concepts", True),
    page=Page("DefinedTerm"),
    template=Excluded("concepts are curated with their scheme"),
    tables=VOCABULARY, diff=VOCABULARY,
)

ORGANISATION = Kind(
    "organisation", (ORG.Organization,),
    (LABEL,
     f("acronym", STRING, SKOS.altLabel, fr="sigle", en="acronym"),
     f("type", CONCEPT, DCTERMS.type, "types-organisation", fr="type d'organisation",
       en="kind of organisation", term="category"),
     f("siren", STRING, ATD.siren, fr="numéro SIREN (9 chiffres, entre guillemets)",
       en="SIREN number (9 digits, in quotes)"),
     f("part_of", REF, ORG.subOrganizationOf, "organisation",
       fr="organisation dont elle relève", en="organisation it belongs to"),
     f("department", REF, DCTERMS.spatial, "departement", fr="département de compétence",
       en="department it covers"),
     f("region", REF, DCTERMS.spatial, "region", fr="région de compétence", en="region it covers"),
     f("page_label", STRING, SKOS.hiddenLabel, fr="graphie de la page source",
       en="spelling on the source page"),
     f("service_kind", STRING, ATD.natureDuService, yaml=False),  # DDT, DDTM, DEAL… (the reference)
     NOTE, SOURCES),
    name_fr="organisations", name_en="organisations", registry="data/organisations.yaml",
    top_level=("organisations", True),
    template=Template(None, "Nouvelle organisation (à ajouter à data/organisations.yaml)",
                      "New organisation (to add to data/organisations.yaml)"),
    tables=(Table(
        "organisations", "Organisations", "Organisations",
        (*identity_columns("organisation", "de l'organisation", "of the organisation", "anct",
                           "Agence nationale de la cohésion des territoires",
                           "National Agency for Territorial Cohesion"),
         Column("sigles", "sigles (;)", "acronyms (;)",
                lambda g, n: ";".join(sorted(str(a) for a in g.objects(n, SKOS.altLabel))),
                description_fr="Sigles de l'organisation, séparés par « ; ».",
                description_en="Acronyms of the organisation, separated by \";\".",
                example="ANCT"),
         Column("type", "type", "kind", joined(DCTERMS.type),
                description_fr="Type d'organisation : identifiant court d'un concept du vocabulaire "
                               "« types-organisation ».",
                description_en="Kind of organisation: short identifier of a concept of the "
                               "\"types-organisation\" vocabulary.",
                example="operateur-public"),
         Column("releve_de", "relève de", "part of", joined(ORG.subOrganizationOf),
                description_fr="Identifiants courts des organisations dont elle relève (colonne slug), "
                               "séparés par « ; ».",
                description_en="Short identifiers of the organisations it belongs to (slug column), "
                               "separated by \";\".",
                example="dhup"),
         Column("territoire", "territoire de compétence", "area", joined(DCTERMS.spatial),
                description_fr="Codes INSEE des départements ou régions où elle est compétente, séparés "
                               "par « ; ».",
                description_en="INSEE codes of the departments or regions it covers, separated by \";\".",
                example="07"),
         Column("siren", "SIREN", "SIREN", value(ATD.siren),
                description_fr="Numéro SIREN de l'organisation (9 chiffres), quand il est connu.",
                description_en="SIREN number of the organisation (9 digits), when known.",
                example="200033298")),
        keep=naming.is_plain_organisation),),
    diff=Diff(
        (Column("label", "nom", "name", text(SKOS.prefLabel)),
         Column("type", "type", "kind", joined(DCTERMS.type, separator=", ", show=naming.short)),
         Column("part_of", "relève de", "part of",
                joined(ORG.subOrganizationOf, separator=", ", show=naming.short))),
        keep=naming.is_plain_organisation),
    page=Page("Organization", "OrganisationShape", 11),
)

PERSON = Kind(
    "personne", (FOAF.Person,),
    (f("name", STRING, FOAF.name, fr="prénom et nom", en="first and last name"),
     f("affiliation", REF, ORG.memberOf, "organisation", fr="organisation de rattachement",
       en="organisation the person belongs to"),
     NOTE, SOURCES),
    name_fr="personnes", name_en="people", registry="data/organisations.yaml", top_level=("people", True),
    page=Page("Person", "PersonShape", 12),
    template=Excluded("people are added beside the organisations, in data/organisations.yaml"),
    tables=Excluded("people appear by name in the membership tables"),
    diff=Excluded("people change through their memberships"),
)

KINDS = (DOCUMENT, SCHEME, CONCEPT_KIND, ORGANISATION, PERSON)
