"""A laureate territory and what it holds: its ambitions (with the sectors they concern), its
demonstrator sites and its multidisciplinary team, whose members (like those of governance
bodies) are memberships with a role and disciplines.
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, SKOS

from .. import labels as naming
from ..namespaces import ATD, IGEO
from .common import DESCRIPTION, EDITORIAL_NOTE, IN_LAUREATE, LABEL, NOTE, PAGE_TEXT, SOURCES, WITH_HOLDER
from .model import (
    BOOLEAN,
    CONCEPT,
    GROUP,
    RECORD,
    RECORDS,
    REF,
    STRING,
    TEXT,
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
    joined,
    joined_labels,
    label,
    linked,
    linked_label,
    linked_slug,
    number,
    slug,
    text,
    value,
)

SECTOR_EXAMPLE = Kind(
    "exemple-de-secteur", (SKOS.Concept,), (LABEL,),
    scoped=True, name_fr="exemples de secteurs", name_en="sector examples", page=Page("DefinedTerm"),
    template=IN_LAUREATE, tables=WITH_HOLDER, diff=WITH_HOLDER,
)

SECTOR_GROUP = Kind(
    "groupe-de-secteurs", (ATD.GroupeDeSecteurs,),
    (LABEL, f("examples", RECORDS, SKOS.broader, "exemple-de-secteur", inverse=True,
              fr="exemples cités", en="examples given")),
    scoped=True, name_fr="groupes de secteurs", name_en="sector groups", page=Page("DefinedTerm"),
    template=IN_LAUREATE, tables=WITH_HOLDER, diff=WITH_HOLDER,
)


def _carrier_name(graph: Graph, node: URIRef) -> str:
    carrier = graph.value(None, ATD.ambition, node)
    words = naming.text(graph, node, DCTERMS.description, "fr")
    words = words if len(words) <= 70 else words[:69] + "…"
    return f"{naming.label(graph, carrier)} #{graph.value(node, ATD.rang) or '?'} : {words}"


AMBITION = Kind(
    "ambition", (ATD.Ambition,),
    (f("text", TEXT, DCTERMS.description, fr="texte de l'ambition, mot pour mot",
       en="text of the ambition, word for word"),
     f("sectors_intro", TEXT, ATD.texteIntroductif, in_template=False),
     f("sector_groups", RECORDS, ATD.secteursConcernes, "groupe-de-secteurs", in_template=False,
       fr="groupes de secteurs de l'économie concernés", en="groups of economic sectors"),
     f("approach", TEXT, ATD.approche, in_template=False, fr="approche", en="approach"),
     EDITORIAL_NOTE, SOURCES),
    scoped=True, name_fr="ambitions", name_en="ambitions",
    tables=(Table(
        "ambitions", "Ambitions", "Ambitions",
        (Column("id", "identifiant (IRI)", "identifier (IRI)", iri(), required=True),
         Column("porteur", "lauréat ou session (IRI)", "laureate or session (IRI)",
                linked(ATD.ambition, inverse=True), required=True),
         Column("rang", "rang", "rank", number(ATD.rang), "integer", True),
         Column("texte", "texte", "text", text(DCTERMS.description), required=True),
         Column("texte_en", "texte en anglais", "English text", text(DCTERMS.description, "en")))),),
    diff=Diff(
        (Column("text", "texte", "text", text(DCTERMS.description)),
         Column("rank", "rang", "rank", value(ATD.rang))),
        name=_carrier_name),
    page=Page("CreativeWork", "AmbitionShape", 2),
    template=IN_LAUREATE,
)

DEMONSTRATOR_SITE = Kind(
    "site-demonstrateur", (ATD.SiteDemonstrateur,), (LABEL, DESCRIPTION, SOURCES),
    scoped=True, name_fr="sites démonstrateurs", name_en="demonstrator sites", page=Page("Place"),
    template=IN_LAUREATE, tables=WITH_HOLDER, diff=WITH_HOLDER,
)


def _team_laureate(graph: Graph, node: URIRef) -> str:
    return str(graph.value(None, ATD.equipe, graph.value(node, ORG.organization)) or "")


def _in(body_class: URIRef):  # type: ignore[no-untyped-def]
    return lambda graph, node: (graph.value(node, ORG.organization), RDF.type, body_class) in graph


def _membership_columns(body: str, title_fr: str, title_en: str,
                        extra: tuple[Column, ...], tail: tuple[Column, ...]) -> tuple[Column, ...]:
    return (Column("id", "identifiant (IRI)", "identifier (IRI)", iri(), required=True),
            Column(body, title_fr, title_en, linked(ORG.organization), required=True),
            *extra,
            Column("rang", "rang", "rank", number(ATD.rang), "integer", True),
            Column("membre", "membre (IRI)", "member (IRI)", linked(ORG.member), required=True),
            Column("membre_nom", "nom du membre", "member's name", linked_label(ORG.member)),
            Column("role", "rôle", "role", linked_label(ORG.role)),
            *tail)


MEMBERSHIP = Kind(
    "adhesion", (ORG.Membership,),
    (f("organisation", REF, ORG.member, "organisation", fr="organisation membre", en="member organisation"),
     f("person", REF, ORG.member, "personne", fr="personne membre", en="member person"),
     f("role", CONCEPT, ORG.role, "roles", default="membre",
       fr="rôle : mandataire, pilote ou membre", en="role: mandataire, pilote or membre"),
     f("disciplines", CONCEPT, ATD.discipline, "disciplines", many=True,
       fr="disciplines apportées", en="disciplines brought"),
     PAGE_TEXT, NOTE),
    slug_key=None, slug_from=("organisation", "person"), scoped=True,
    name_fr="adhésions", name_en="memberships", title_fr="Adhésions (équipes et instances)",
    title_en="Memberships (teams and bodies)",
    tables=(
        Table("adhesions-equipes", "Membres des équipes pluridisciplinaires",
              "Members of the multidisciplinary teams",
              _membership_columns(
                  "equipe", "équipe (IRI)", "team (IRI)",
                  (Column("laureat", "lauréat (IRI)", "laureate (IRI)", _team_laureate),),
                  (Column("disciplines", "disciplines (;)", "disciplines (;)",
                          joined_labels(ATD.discipline)),)),
              keep=_in(ATD.Equipe)),
        Table("adhesions-gouvernance", "Membres des instances de gouvernance",
              "Members of the governance bodies",
              _membership_columns(
                  "instance", "instance (IRI)", "body (IRI)", (),
                  (Column("texte_source", "texte de la source", "source text", value(ATD.texteDeLaSource)),)),
              keep=_in(ATD.InstanceDeGouvernance)),
    ),
    diff=Diff(
        (Column("role", "rôle", "role", linked_label(ORG.role)),
         Column("disciplines", "disciplines", "disciplines", joined_labels(ATD.discipline, ", "))),
        name=lambda graph, node: naming.label(graph, node)),
    page=Page("OrganizationRole", "MembershipShape", 4),
    template=IN_LAUREATE,
)

TEAM = Kind(
    "equipe", (ATD.Equipe, ORG.Organization),
    (PAGE_TEXT,
     f("members", RECORDS, ORG.organization, "adhesion", inverse=True,
       fr="membres de l'équipe, dans l'ordre de la page", en="team members, in the page's order")),
    slug_key=None, label_from_parent=("Équipe pluridisciplinaire — ", "Multidisciplinary team — "),
    name_fr="équipes", name_en="teams", title_fr="Équipes pluridisciplinaires",
    title_en="Multidisciplinary teams",
    tables=Excluded("a team is its members: see the adhesions-equipes table"),
    diff=Excluded("a team changes through its memberships"),
    page=Page("Organization", "EquipeShape", 3),
    template=IN_LAUREATE,
)


def _to_confirm(graph: Graph, node: URIRef) -> str:
    flag = graph.value(node, ATD.identificationAConfirmer)
    return "" if flag is None else str(flag.toPython()).lower()


def _team_size(graph: Graph, node: URIRef) -> int:
    team = graph.value(node, ATD.equipe)
    return len(list(graph.subjects(ORG.organization, team))) if team is not None else 0


def _shorts(predicate: URIRef):  # type: ignore[no-untyped-def]
    return joined(predicate, separator=", ", show=naming.short)


LAUREATE = Kind(
    "laureat", (ATD.TerritoireLaureat,),
    (f("session", REF, ATD.session, "session", fr="session (ex. 2023-2025)", en="session (e.g. 2023-2025)"),
     LABEL, EDITORIAL_NOTE,
     f("collectivity", GROUP, fields=(
         f("name", STRING, ATD.nomDeLaCollectivite, fr="nom de la collectivité",
           en="name of the local authority"),
         f("to_confirm", BOOLEAN, ATD.identificationAConfirmer),
         f("epci", REF, ATD.epciAConfirmer, "epci", fr="SIREN de l'EPCI supposé, à confirmer",
           en="SIREN of the presumed EPCI, to be confirmed"),
         f("note", TEXT, SKOS.editorialNote),
         f("sources", REF, DCTERMS.source, "document", many=True)),
       fr="collectivité lauréate, quand une source l'établit",
       en="laureate authority, when a source establishes it"),
     f("objective", TEXT, ATD.objectifPrincipal, fr="objectif principal, mot pour mot",
       en="headline objective, word for word"),
     f("ambitions", RECORDS, ATD.ambition, "ambition", fr="ambitions, mot pour mot",
       en="ambitions, word for word", placeholder="ambition-1"),
     f("ddts", REF, ATD.ddt, "organisation", many=True,
       fr="directions départementales des territoires qui accompagnent (ddt-<département> : "
          "DDT, DDTM, DEAL… de data/reference/services.json)",
       en="departmental directorates of the territories that support it (ddt-<department>: "
          "DDT, DDTM, DEAL… of data/reference/services.json)"),
     f("departments", REF, ATD.departement, "departement", many=True,
       fr="codes INSEE des départements", en="INSEE codes of the departments"),
     f("regions", REF, ATD.region, "region", many=True, fr="codes INSEE des régions",
       en="INSEE codes of the regions"),
     f("epcis", REF, ATD.epci, "epci", many=True,
       fr="SIREN des EPCI de la collectivité lauréate, quand une source l'établit",
       en="SIREN of the laureate authority's EPCIs, when a source establishes it"),
     f("cross_region_note", TEXT, ATD.noteTerritoriale,
       fr="si une commune de ses EPCI est hors de ses régions : pourquoi",
       en="if a commune of its EPCIs lies outside its regions: why"),
     f("state_services_text", STRING, ATD.texteDeLaSource, in_template=False),
     f("demonstrator_sites", RECORDS, ATD.siteDemonstrateur, "site-demonstrateur",
       fr="sites démonstrateurs, quand ils sont nommés", en="demonstrator sites, once named"),
     f("team", RECORD, ATD.equipe, "equipe", fr="équipe pluridisciplinaire", en="multidisciplinary team"),
     SOURCES),
    name_fr="territoires lauréats", name_en="laureate territories", title_fr="Lauréats",
    title_en="Laureates", registry="data/laureats/", top_level=("laureat", False),
    template=Template("data/laureats/{slug}.yaml", "Nouveau territoire lauréat", "New laureate territory"),
    tables=(Table(
        "laureats", "Territoires lauréats", "Laureate territories",
        (Column("id", "identifiant (IRI)", "identifier (IRI)", iri(), required=True),
         Column("slug", "identifiant court", "short identifier", slug(), required=True),
         Column("nom", "nom", "name", label("fr"), required=True),
         Column("nom_en", "nom en anglais", "English name", text(SKOS.prefLabel, "en")),
         Column("session", "session", "session", linked_slug(ATD.session)),
         Column("objectif_principal", "objectif principal", "headline objective",
                text(ATD.objectifPrincipal)),
         Column("departements", "codes INSEE des départements (;)", "INSEE codes of the departments (;)",
                joined(ATD.departement, IGEO.codeDepartement)),
         Column("regions", "codes INSEE des régions (;)", "INSEE codes of the regions (;)",
                joined(ATD.region, IGEO.codeRegion)),
         Column("ddt", "DDT (;)", "DDTs (;)", joined(ATD.ddt)),
         Column("collectivite", "collectivité", "local authority", value(ATD.nomDeLaCollectivite)),
         Column("collectivite_a_confirmer", "collectivité à confirmer", "authority to be confirmed",
                _to_confirm, "boolean"),
         Column("epci", "SIREN des EPCI (;)", "SIREN of the EPCIs (;)", joined(ATD.epci)),
         Column("epci_a_confirmer", "SIREN de l'EPCI à confirmer", "SIREN of the EPCI to be confirmed",
                joined(ATD.epciAConfirmer)),
         Column("nombre_ambitions", "nombre d'ambitions", "number of ambitions", count(ATD.ambition),
                "integer"),
         Column("taille_equipe", "membres de l'équipe", "team members", _team_size, "integer"))),),
    diff=Diff(
        (Column("label", "nom", "name", text(SKOS.prefLabel)),
         Column("objective", "objectif principal", "headline objective", text(ATD.objectifPrincipal)),
         Column("session", "session", "session", _shorts(ATD.session)),
         Column("ddts", "DDT", "DDTs", _shorts(ATD.ddt)),
         Column("departments", "départements", "departments", _shorts(ATD.departement)),
         Column("regions", "régions", "regions", _shorts(ATD.region)),
         Column("epcis", "EPCI", "EPCIs", _shorts(ATD.epci)),
         Column("collectivity", "collectivité", "local authority", value(ATD.nomDeLaCollectivite)))),
    page=Page("Place", "LaureatShape", 1),
)

KINDS = (SECTOR_EXAMPLE, SECTOR_GROUP, AMBITION, DEMONSTRATOR_SITE, MEMBERSHIP, TEAM, LAUREATE)
