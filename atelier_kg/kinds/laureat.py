"""A laureate territory and what it holds: who leads it and what it covers (each established or to
be confirmed), its ambitions (with the sectors they concern) and its multidisciplinary team, whose
members (like those of governance bodies) are memberships with a role and disciplines.
"""

from __future__ import annotations

from collections.abc import Callable

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, SKOS

from .. import labels as naming
from ..namespaces import ATD, ID, IGEO
from .common import EDITORIAL_NOTE, IN_LAUREATE, LABEL, NOTE, PAGE_TEXT, SOURCES, WITH_HOLDER
from .model import (
    CONCEPT,
    RECORD,
    RECORDS,
    REF,
    STRING,
    TEXT,
    Column,
    Diff,
    Excluded,
    Extract,
    Field,
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
    page=Page("CreativeWork", "AmbitionShape", 4),
    template=IN_LAUREATE,
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
       fr="mandataire, pilote ou membre (par défaut)", en="mandataire, pilote or membre (the default)"),
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
    page=Page("OrganizationRole", "MembershipShape", 6),
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
    page=Page("Organization", "EquipeShape", 5),
    template=IN_LAUREATE,
)


# -- who leads the laureate, and what it covers: each fact established (with its source) or to be
# confirmed (with a note), never half of each.

STATUS = f("status", CONCEPT, ATD.statut, "statuts",
           fr="etabli (une source le dit : sources) ou a-confirmer (déduit : note)",
           en="etabli (a source states it: sources) or a-confirmer (inferred: note)")
STATUS_NOTE = f("note", TEXT, SKOS.editorialNote, fr="d'où on le déduit, ce qui reste à confirmer",
                en="what it is inferred from, what is still to be confirmed")
ESTABLISHED = ID + "statuts/etabli"
_ENTITY_KEYS = ("organisation", "epci", "department", "commune")


def _entity_fields() -> tuple[Field, ...]:
    """One key names the entity: an organisation of the registry or a territory of the reference."""
    return (f("organisation", REF, ATD.entite, "organisation",
              fr="une organisation de data/organisations.yaml (syndicat mixte, PNR, pays ou PETR, "
                 "préfecture, DDT…)",
              en="an organisation of data/organisations.yaml (syndicat mixte, regional park, pays or "
                 "PETR, prefecture, DDT…)"),
            f("epci", REF, ATD.entite, "epci", fr="un EPCI, par son SIREN (entre guillemets)",
              en="an EPCI, by its SIREN (in quotes)"),
            f("department", REF, ATD.entite, "departement", fr="un département, par son code INSEE",
              en="a department, by its INSEE code"),
            f("commune", REF, ATD.entite, "commune", fr="une commune, par son code INSEE",
              en="a commune, by its INSEE code"))


def _entity_name(graph: Graph, node: URIRef, lang: str = "fr") -> str:
    return naming.label(graph, graph.value(node, ATD.entite), lang)


def _entity_nature(graph: Graph, node: URIRef) -> str:
    """What the entity is: an EPCI's legal form (CC, CA…), an organisation's kind, or its class."""
    entity = graph.value(node, ATD.entite)
    legal_form = graph.value(entity, ATD.natureJuridique)
    if legal_form is not None:
        return f"EPCI ({legal_form})"
    kind = graph.value(entity, DCTERMS.type)
    if kind is not None:
        return naming.label(graph, kind)
    for cls, name in ((IGEO.Departement, "département"), (IGEO.Commune, "commune"), (IGEO.Region, "région")):
        if (entity, RDF.type, cls) in graph:
            return name
    return ""


def _entity_code(graph: Graph, node: URIRef) -> str:
    entity = graph.value(node, ATD.entite)
    for code in (ATD.siren, IGEO.codeCommune, IGEO.codeDepartement):
        found = graph.value(entity, code)
        if found is not None:
            return str(found)
    return ""


def _established(graph: Graph, node: URIRef) -> bool:
    return str(graph.value(node, ATD.statut)) == ESTABLISHED


def _summaries(predicate: URIRef) -> Extract:
    """"CC des Coëvrons (porteur, à confirmer)": the lead bodies (or parts of the territory), in the diff."""
    return lambda graph, node: "; ".join(sorted(naming.label(graph, o)
                                                for o in graph.objects(node, predicate)))


def _entities(predicate: URIRef, established: bool, role: str | None = None,
              show: Callable[[Graph, URIRef], str] = _entity_name) -> Extract:
    """The lead bodies (or parts of the territory) with that status (and role), joined."""

    def extract(graph: Graph, node: URIRef) -> str:
        found = [o for o in graph.objects(node, predicate)
                 if _established(graph, o) == established
                 and (role is None or str(graph.value(o, ATD.rolePortage)) == ID + "roles-portage/" + role)]
        return ";".join(sorted(v for o in found if (v := show(graph, o))))

    return extract


def _siren_of_epci(graph: Graph, node: URIRef) -> str:
    entity = graph.value(node, ATD.entite)
    if (entity, RDF.type, IGEO.Intercommunalite) not in graph:
        return ""
    return str(graph.value(entity, ATD.siren) or "")


def _qualified_columns(holder: URIRef) -> tuple[Column, ...]:
    return (Column("id", "identifiant (IRI)", "identifier (IRI)", iri(), required=True),
            Column("laureat", "lauréat (IRI)", "laureate (IRI)", linked(holder, inverse=True), required=True),
            Column("entite", "entité (IRI)", "entity (IRI)", linked(ATD.entite), required=True),
            Column("entite_nom", "nom de l'entité", "entity's name", _entity_name),
            Column("nature", "nature", "kind", _entity_nature),
            Column("code", "SIREN ou code INSEE", "SIREN or INSEE code", _entity_code))


_STATUS_COLUMNS = (
    Column("statut", "statut", "status", linked_slug(ATD.statut), required=True,
           description_fr="etabli (une source l'énonce) ou a-confirmer (voir la note)",
           description_en="etabli (a source states it) or a-confirmer (see the note)"),
    Column("note", "note", "note", text(SKOS.editorialNote)),
    Column("sources", "sources (;)", "sources (;)", joined(PROV.wasDerivedFrom)))

LEAD_BODY = Kind(
    "porteur", (ATD.Portage,),
    (*_entity_fields(),
     f("role", CONCEPT, ATD.rolePortage, "roles-portage", default="porteur",
       fr="porteur (par défaut) ou co-porteur", en="porteur (the default) or co-porteur"),
     STATUS, STATUS_NOTE, SOURCES),
    slug_key=None, slug_from=_ENTITY_KEYS, scoped=True,
    name_fr="porteurs", name_en="lead bodies", title_fr="Porteurs des lauréats",
    title_en="Laureates' lead bodies",
    template=IN_LAUREATE, diff=WITH_HOLDER,
    tables=(Table("porteurs", "Porteurs des territoires lauréats", "Lead bodies of the laureate territories",
                  (*_qualified_columns(ATD.portage),
                   Column("role", "rôle", "role", linked_slug(ATD.rolePortage), required=True),
                   *_STATUS_COLUMNS)),),
    page=Page("OrganizationRole", "PortageShape", 2),
)

TERRITORY_PART = Kind(
    "territoire", (ATD.ElementDuTerritoire,),
    (*_entity_fields()[1:], STATUS, STATUS_NOTE, SOURCES),
    slug_key=None, slug_from=_ENTITY_KEYS[1:], scoped=True,
    name_fr="territoires couverts", name_en="territories covered", title_fr="Territoires des lauréats",
    title_en="Laureates' territories",
    template=IN_LAUREATE, diff=WITH_HOLDER,
    tables=(Table("territoires", "Territoires couverts par les lauréats", "Territories the laureates cover",
                  (*_qualified_columns(ATD.territoire), *_STATUS_COLUMNS)),),
    page=Page("AdministrativeArea", "ElementDuTerritoireShape", 3),
)


def _team_size(graph: Graph, node: URIRef) -> int:
    team = graph.value(node, ATD.equipe)
    return len(list(graph.subjects(ORG.organization, team))) if team is not None else 0


def _shorts(predicate: URIRef):  # type: ignore[no-untyped-def]
    return joined(predicate, separator=", ", show=naming.short)


LAUREATE = Kind(
    "laureat", (ATD.TerritoireLaureat,),
    (f("session", REF, ATD.session, "session", fr="session (ex. 2023-2025)", en="session (e.g. 2023-2025)"),
     LABEL, EDITORIAL_NOTE,
     f("lead_bodies", RECORDS, ATD.portage, "porteur", placeholder="porteur",
       fr="qui porte le lauréat (porteur, co-porteurs), chacun établi ou à confirmer",
       en="who leads the laureate (lead, co-leads), each established or to be confirmed"),
     f("territory", RECORDS, ATD.territoire, "territoire",
       fr="EPCI, communes ou départements couverts, chacun établi ou à confirmer",
       en="EPCIs, communes or departments covered, each established or to be confirmed"),
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
     f("cross_region_note", TEXT, ATD.noteTerritoriale,
       fr="si une commune de son territoire est hors de ses régions : pourquoi",
       en="if a commune of its territory lies outside its regions: why"),
     f("state_services_text", STRING, ATD.texteDeLaSource, in_template=False),
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
         Column("porteurs", "porteurs établis (;)", "established lead bodies (;)",
                _entities(ATD.portage, True, "porteur")),
         Column("co_porteurs", "co-porteurs établis (;)", "established co-leads (;)",
                _entities(ATD.portage, True, "co-porteur")),
         Column("porteurs_a_confirmer", "porteurs ou co-porteurs à confirmer (;)",
                "lead bodies or co-leads to be confirmed (;)", _entities(ATD.portage, False)),
         Column("epci", "SIREN des EPCI établis (;)", "SIREN of the established EPCIs (;)",
                _entities(ATD.territoire, True, show=_siren_of_epci)),
         Column("epci_a_confirmer", "SIREN des EPCI à confirmer (;)",
                "SIREN of the EPCIs to be confirmed (;)",
                _entities(ATD.territoire, False, show=_siren_of_epci)),
         Column("sites_demonstrateurs", "sites démonstrateurs (;)", "demonstrator sites (;)",
                joined(ATD.siteDemonstrateur)),
         Column("nombre_ambitions", "nombre d'ambitions", "number of ambitions", count(ATD.ambition),
                "integer"),
         Column("taille_equipe", "membres de l'équipe", "team members", _team_size, "integer"))),),
    diff=Diff(
        (Column("label", "nom", "name", text(SKOS.prefLabel)),
         Column("objective", "objectif principal", "headline objective", text(ATD.objectifPrincipal)),
         Column("session", "session", "session", _shorts(ATD.session)),
         Column("lead_bodies", "porteurs", "lead bodies", _summaries(ATD.portage)),
         Column("territory", "territoire", "territory", _summaries(ATD.territoire)),
         Column("ddts", "DDT", "DDTs", _shorts(ATD.ddt)),
         Column("departments", "départements", "departments", _shorts(ATD.departement)),
         Column("regions", "régions", "regions", _shorts(ATD.region)))),
    page=Page("Place", "LaureatShape", 1),
)

KINDS = (SECTOR_EXAMPLE, SECTOR_GROUP, AMBITION, LEAD_BODY, TERRITORY_PART, MEMBERSHIP, TEAM, LAUREATE)
