"""The programme and its national sessions, with what a session holds: its call (AMI) and its
objectives, its period, its capitalisation, its governance bodies, its pictures and the
discrepancies between sources.
"""

from __future__ import annotations

from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, RDF, SKOS

from ..namespaces import ATD
from .common import DESCRIPTION, FACT_SOURCES, IN_SESSION, LABEL, PAGE_TEXT, SOURCES, WITH_SESSION
from .model import (
    CONCEPT,
    DECIMAL,
    INTEGER,
    RECORD,
    RECORDS,
    REF,
    STRING,
    TEXT,
    TEXTS,
    URL,
    YEAR,
    Column,
    Diff,
    Excluded,
    Kind,
    Page,
    Table,
    Template,
    count,
    f,
    iri,
    label,
    linked,
    number,
    slug,
    text,
    value,
)

PROGRAMME = Kind(
    "programme", (ATD.Programme,),
    (LABEL, DESCRIPTION,
     f("organisation_model", TEXT, ATD.modeDOrganisation, fr="qui fait quoi dans le programme",
       en="who does what in the programme"),
     f("organisation_model_sources", REF, DCTERMS.source, "document", many=True, in_template=False),
     f("pilot", REF, ATD.pilotePar, "organisation", fr="organisation qui pilote",
       en="steering organisation"),
     SOURCES),
    name_fr="programmes", name_en="programmes", registry="data/programme.yaml",
    top_level=("programme", False), page=Page("GovernmentService"),
    template=Excluded("there is one programme, in data/programme.yaml"),
    tables=Excluded("one programme, described by the release catalog"),
    diff=Excluded("one programme: its text follows its sources"),
)

PERIOD = Kind(
    "periode", (DCTERMS.PeriodOfTime,),
    (f("start", YEAR, DCAT.startDate, fr="année de début", en="start year"),
     f("end", YEAR, DCAT.endDate, fr="année de fin", en="end year")),
    slug_key=None, name_fr="périodes", name_en="periods", page=Page("Thing"),
    template=IN_SESSION, tables=WITH_SESSION, diff=WITH_SESSION,
)

OBJECTIVE = Kind(
    "objectif", (ATD.Objectif,),
    (f("text", TEXT, DCTERMS.description, fr="texte de l'objectif", en="text of the objective"),
     SOURCES),
    scoped=True, name_fr="objectifs", name_en="objectives", page=Page("CreativeWork"),
    template=IN_SESSION, tables=WITH_SESSION, diff=WITH_SESSION,
)

CALL = Kind(
    "ami", (ATD.AppelAManifestationDInteret,),
    (LABEL, DESCRIPTION,
     f("purpose", TEXT, ATD.finalite, fr="finalité de l'appel", en="purpose of the call"),
     f("context", TEXT, ATD.contexte, fr="contexte", en="context"),
     f("launched", YEAR, DCTERMS.issued, fr="année de lancement", en="launch year"),
     f("launch_note", TEXT, SKOS.note, in_template=False),
     f("budget_eur", DECIMAL, ATD.enveloppeBudgetaireEUR, fr="enveloppe budgétaire en euros",
       en="budget envelope in euros"),
     f("budget_note", TEXT, SKOS.note, in_template=False),
     f("eligibility", TEXT, ATD.eligibilite, fr="territoires éligibles", en="eligible territories"),
     f("selection", TEXT, ATD.modeDeSelection, fr="mode de sélection des lauréats",
       en="how the laureates were selected"),
     f("demonstrators", TEXT, ATD.vocationDesDemonstrateurs,
       fr="vocation des projets démonstrateurs", en="what the demonstrator projects are for"),
     f("engineering_per_laureate_eur", DECIMAL, ATD.ingenierieParLaureatEUR,
       fr="appui en ingénierie par lauréat, en euros", en="engineering support per laureate, in euros"),
     f("engineering_note", TEXT, SKOS.note, in_template=False),
     FACT_SOURCES,
     f("objectives", RECORDS, ATD.objectif, "objectif", fr="objectifs opérationnels",
       en="operational objectives", placeholder="objectif-1"),
     SOURCES),
    name_fr="appels à manifestation d'intérêt", name_en="calls for expressions of interest",
    title_fr="Appels à manifestation d'intérêt", title_en="Calls for expressions of interest",
    page=Page("Grant", "AppelShape", 10),
    template=IN_SESSION, tables=WITH_SESSION, diff=WITH_SESSION,
)

STAGE = Kind(
    "etape", (ATD.EtapeDeCapitalisation,), (LABEL, DESCRIPTION),
    scoped=True, name_fr="étapes", name_en="stages", page=Page("Thing"),
    template=IN_SESSION, tables=WITH_SESSION, diff=WITH_SESSION,
)

PUBLICATION = Kind(
    "publication", (ATD.Publication,),
    (f("title", TEXT, DCTERMS.title, fr="titre", en="title"),
     f("url", URL, FOAF.page, fr="adresse web", en="web address"),
     f("issued", YEAR, DCTERMS.issued, fr="année de publication", en="year of publication"),
     DESCRIPTION, SOURCES),
    scoped=True, name_fr="publications", name_en="publications", page=Page("CreativeWork"),
    template=IN_SESSION, tables=WITH_SESSION, diff=WITH_SESSION,
)

CAPITALISATION = Kind(
    "capitalisation", (ATD.ProcessusDeCapitalisation,),
    (LABEL, DESCRIPTION,
     f("pilot", REF, ATD.pilotePar, "organisation"),
     f("formats", TEXTS, ATD.forme, fr="formes prises (suivi, séminaires…)",
       en="forms taken (monitoring, seminars…)"),
     f("stages_note", TEXT, SKOS.editorialNote, in_template=False),
     f("stages", RECORDS, ATD.etape, "etape", fr="étapes", en="stages"),
     f("publications", RECORDS, ATD.publication, "publication", fr="publications", en="publications"),
     SOURCES),
    name_fr="processus de capitalisation", name_en="capitalisation processes", page=Page("Thing"),
    template=IN_SESSION, tables=WITH_SESSION, diff=WITH_SESSION,
)

GOVERNANCE = Kind(
    "gouvernance", (ATD.InstanceDeGouvernance, ORG.Organization),
    (LABEL, DESCRIPTION,
     f("kinds", CONCEPT, DCTERMS.type, "types-instance", many=True, term="category"),
     f("pilot", REF, ATD.pilotePar, "organisation"),
     f("members", RECORDS, ORG.organization, "adhesion", inverse=True,
       fr="organisations membres", en="member organisations"),
     SOURCES),
    name_fr="instances de gouvernance", name_en="governance bodies", page=Page("Organization"),
    template=IN_SESSION, tables=WITH_SESSION, diff=WITH_SESSION,
)

ILLUSTRATION = Kind(
    "illustration", (ATD.Illustration,),
    (f("caption", TEXT, DCTERMS.title, fr="légende", en="caption"),
     f("credit", STRING, DCTERMS.rights, fr="crédit", en="credit"),
     f("creator", REF, DCTERMS.creator, "agent", fr="auteur (organisation ou personne)",
       en="author (organisation or person)"),
     PAGE_TEXT, SOURCES),
    name_fr="illustrations", name_en="illustrations", page=Page("ImageObject"),
    template=IN_SESSION, tables=WITH_SESSION, diff=WITH_SESSION,
)

VARIANT = Kind(
    "variante", (ATD.Variante,),
    (f("value", STRING, RDF.value, fr="ce que dit la source", en="what the source says"),
     f("location", TEXT, ATD.emplacement, fr="où", en="where"),
     f("source", REF, DCTERMS.source, "document")),
    scoped=True, name_fr="variantes", name_en="variants", page=Page("Thing"),
    template=IN_SESSION, tables=WITH_SESSION, diff=WITH_SESSION,
)

DISCREPANCY = Kind(
    "divergence", (ATD.Divergence,),
    (LABEL, DESCRIPTION, f("variants", RECORDS, ATD.variante, "variante")),
    name_fr="divergences entre sources", name_en="discrepancies between sources",
    title_fr="Divergences entre sources", title_en="Discrepancies between sources", page=Page("Thing"),
    template=IN_SESSION, tables=WITH_SESSION, diff=WITH_SESSION,
)


def _period(bound: object) -> object:
    return lambda graph, node: str(graph.value(graph.value(node, DCTERMS.temporal), bound) or "")


SESSION = Kind(
    "session", (ATD.Session,),
    (f("programme", REF, DCTERMS.isPartOf, "programme", fr="programme", en="programme"),
     LABEL,
     f("number", INTEGER, ATD.numeroDeSession,
       fr="rang de la session nationale dans le programme (17 : la 17e)",
       en="rank of the national session in the programme (17: the 17th)"),
     f("web_page", URL, FOAF.page, fr="adresse de la page publique de la session",
       en="address of the session's public page"),
     f("theme", TEXT, ATD.theme, fr="thème de la session", en="theme of the session"),
     f("abstract", TEXT, DCTERMS.abstract, fr="résumé", en="abstract"),
     DESCRIPTION,
     f("period", RECORD, DCTERMS.temporal, "periode", fr="période (start, end)", en="period (start, end)"),
     f("ami", RECORD, ATD.appel, "ami", fr="l'appel à manifestation d'intérêt",
       en="the call for expressions of interest", nested_slug="ami-{slug}"),
     f("strategic_ambition", RECORD, ATD.ambition, "ambition", fr="ambition stratégique",
       en="strategic ambition", nested_slug="ambition-strategique"),
     f("capitalisation", RECORD, ATD.capitalisation, "capitalisation",
       nested_slug="capitalisation-{slug}"),
     f("governance", RECORDS, ATD.gouvernance, "gouvernance", placeholder="jury"),
     f("illustrations", RECORDS, FOAF.depiction, "illustration"),
     f("discrepancies", RECORDS, ATD.divergence, "divergence"),
     FACT_SOURCES, SOURCES),
    name_fr="sessions", name_en="sessions", registry="data/sessions/", top_level=("session", False),
    template=Template("data/sessions/{slug}.yaml", "Nouvelle session nationale", "New national session"),
    tables=(Table(
        "sessions", "Sessions nationales", "National sessions",
        (Column("id", "identifiant (IRI)", "identifier (IRI)", iri(), required=True,
                description_fr="Identifiant pérenne de la session (IRI) : son adresse sur le web.",
                description_en="Persistent identifier of the session (IRI): its address on the web.",
                example="https://w3id.org/atelier-des-territoires/id/session/2023-2025"),
         Column("slug", "identifiant court", "short identifier", slug(), required=True,
                description_fr="Identifiant court de la session : le dernier segment de son IRI.",
                description_en="Short identifier of the session: the last segment of its IRI.",
                example="2023-2025"),
         Column("titre", "titre", "title", label("fr"), required=True,
                description_fr="Titre de la session, en français.",
                description_en="Title of the session, in French.",
                example="Ateliers 2023-2025 : Aménager des territoires productifs, sobres et créateurs "
                        "de valeurs"),
         Column("titre_en", "titre en anglais", "English title", text(SKOS.prefLabel, "en"),
                description_fr="Titre de la session en anglais, quand il est donné.",
                description_en="Title of the session in English, when given.",
                example="2023-2025 workshops: planning productive, frugal and value-creating territories"),
         Column("numero", "numéro de la session", "session number", number(ATD.numeroDeSession), "integer",
                description_fr="Rang de la session nationale dans l'histoire du programme (17 : la 17e).",
                description_en="Rank of the national session in the programme's history (17: the 17th).",
                example="17"),
         Column("theme", "thème", "theme", text(ATD.theme),
                description_fr="Thème de la session, en français.",
                description_en="Theme of the session, in French.",
                example="Aménager les territoires productifs, sobres et créateurs de valeurs"),
         Column("page", "page publique", "public page", value(FOAF.page),
                description_fr="Adresse de la page publique de la session.",
                description_en="Address of the session's public page.",
                example="https://amenagement-durable.ecologie.gouv.fr/ateliers-2023-2025-amenager-territoires-"
                        "productifs-sobres-createurs-valeurs"),
         Column("debut", "année de début", "start year", _period(DCAT.startDate), "year",
                description_fr="Année où la session commence.", description_en="Year the session starts.",
                example="2023"),
         Column("fin", "année de fin", "end year", _period(DCAT.endDate), "year",
                description_fr="Année où la session s'achève.", description_en="Year the session ends.",
                example="2025"),
         Column("ami", "appel (IRI)", "call (IRI)", linked(ATD.appel),
                description_fr="IRI de l'appel à manifestation d'intérêt (AMI) qui a ouvert la session.",
                description_en="IRI of the call for expressions of interest that opened the session.",
                example="https://w3id.org/atelier-des-territoires/id/ami/2023-territoires-productifs"),
         Column("nombre_laureats", "nombre de lauréats", "number of laureates",
                count(ATD.session, inverse=True), "integer", True,
                description_fr="Nombre de territoires lauréats de la session (table laureats).",
                description_en="Number of laureate territories of the session (laureats table).",
                example="6"))),),
    diff=Diff(
        (Column("label", "nom", "name", text(SKOS.prefLabel)),
         Column("number", "numéro", "number", value(ATD.numeroDeSession)),
         Column("theme", "thème", "theme", text(ATD.theme)),
         Column("period", "période", "period",
                lambda g, n: f"{_period(DCAT.startDate)(g, n)}-{_period(DCAT.endDate)(g, n)}"))),
    page=Page("Event", "SessionShape", 9),
)

KINDS = (PROGRAMME, PERIOD, OBJECTIVE, CALL, STAGE, PUBLICATION, CAPITALISATION, GOVERNANCE,
         ILLUSTRATION, VARIANT, DISCREPANCY, SESSION)
