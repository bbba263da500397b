"""Who leads a laureate and what it covers: qualified relations (atd:Portage, atd:ElementDuTerritoire)
to an organisation of the registry or a territory of the reference, each fact established (with its
source) or to be confirmed (with a note), never half of each.
"""

from __future__ import annotations

from collections.abc import Callable

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS

from .. import labels as naming
from ..namespaces import ATD, ID, IGEO
from .common import IN_LAUREATE, SOURCES, WITH_HOLDER
from .model import (
    CONCEPT,
    REF,
    TEXT,
    Column,
    Extract,
    Field,
    Kind,
    Page,
    Table,
    f,
    iri,
    joined,
    linked,
    linked_slug,
    text,
)

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


def summaries(predicate: URIRef) -> Extract:
    """"CC des Coëvrons (porteur, à confirmer)": the lead bodies (or parts of the territory), in the diff."""
    return lambda graph, node: "; ".join(sorted(naming.label(graph, o)
                                                for o in graph.objects(node, predicate)))


def entities(predicate: URIRef, established: bool, role: str | None = None,
              show: Callable[[Graph, URIRef], str] = _entity_name) -> Extract:
    """The lead bodies (or parts of the territory) with that status (and role), joined."""

    def extract(graph: Graph, node: URIRef) -> str:
        found = [o for o in graph.objects(node, predicate)
                 if _established(graph, o) == established
                 and (role is None or str(graph.value(o, ATD.rolePortage)) == ID + "roles-portage/" + role)]
        return ";".join(sorted(v for o in found if (v := show(graph, o))))

    return extract


def siren_of_epci(graph: Graph, node: URIRef) -> str:
    entity = graph.value(node, ATD.entite)
    if (entity, RDF.type, IGEO.Intercommunalite) not in graph:
        return ""
    return str(graph.value(entity, ATD.siren) or "")


def _qualified_columns(kind: str, holder: URIRef, of_fr: str, of_en: str,
                       entity_fr: str, entity_en: str) -> tuple[Column, ...]:
    return (Column("id", "identifiant (IRI)", "identifier (IRI)", iri(), required=True,
                   description_fr=f"Identifiant pérenne {of_fr} (IRI) : son adresse sur le web.",
                   description_en=f"Persistent identifier {of_en} (IRI): its address on the web.",
                   example=f"{ID}{kind}/mayenne--200033298"),
            Column("laureat", "lauréat (IRI)", "laureate (IRI)", linked(holder, inverse=True),
                   required=True, description_fr="IRI du territoire lauréat.",
                   description_en="IRI of the laureate territory.", example=f"{ID}laureat/mayenne"),
            Column("entite", "entité (IRI)", "entity (IRI)", linked(ATD.entite), required=True,
                   description_fr=f"IRI de l'entité : {entity_fr}.",
                   description_en=f"IRI of the entity: {entity_en}.", example=f"{ID}epci/200033298"),
            Column("entite_nom", "nom de l'entité", "entity's name", _entity_name,
                   description_fr="Nom de l'entité, en français.",
                   description_en="Name of the entity, in French.", example="CC des Coëvrons"),
            Column("nature", "nature", "kind", _entity_nature,
                   description_fr="Ce qu'est l'entité : EPCI (et sa forme, CC, CA, CU, METRO), type "
                                  "d'organisation, département ou commune.",
                   description_en="What the entity is: EPCI (with its form, CC, CA, CU, METRO), kind of "
                                  "organisation, department or commune.", example="EPCI (CC)"),
            Column("code", "SIREN ou code INSEE", "SIREN or INSEE code", _entity_code,
                   description_fr="SIREN de l'entité quand il est connu, sinon son code INSEE (commune, "
                                  "département).",
                   description_en="The entity's SIREN when known, otherwise its INSEE code (commune, "
                                  "department).", example="200033298"))


_STATUS_COLUMNS = (
    Column("statut", "statut", "status", linked_slug(ATD.statut), required=True,
           description_fr="etabli (une source citée l'énonce) ou a-confirmer (déduit : voir la note).",
           description_en="etabli (a cited source states it) or a-confirmer (inferred: see the note).",
           example="a-confirmer"),
    Column("note", "note", "note", text(SKOS.editorialNote),
           description_fr="D'où le fait est déduit et ce qui reste à confirmer, en français.",
           description_en="What the fact is inferred from and what is still to be confirmed, in French.",
           example="Déduit du crédit de la photographie d'en-tête de la page."),
    Column("note_en", "note en anglais", "English note", text(SKOS.editorialNote, "en"),
           description_fr="La note, en anglais, quand elle est traduite.",
           description_en="The note, in English, when translated.",
           example="Inferred from the credit of the page's header photograph."),
    Column("sources", "sources (;)", "sources (;)", joined(PROV.wasDerivedFrom),
           description_fr="Identifiants courts des documents d'où vient le fait (catalogue de la "
                          "publication), séparés par « ; ».",
           description_en="Short identifiers of the documents the fact comes from (the release's "
                          "catalog), separated by \";\".", example="page-session-2023-2025"))

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
                  (*_qualified_columns("porteur", ATD.portage, "du portage", "of the lead role",
                                       "l'organisation, l'EPCI, le département ou la commune qui porte",
                                       "the organisation, EPCI, department or commune that leads"),
                   Column("role", "rôle", "role", linked_slug(ATD.rolePortage), required=True,
                          description_fr="porteur, ou co-porteur (une préfecture, un service de l'État, une "
                                         "autre collectivité).",
                          description_en="porteur (lead), or co-porteur (a prefecture, a State service, "
                                         "another authority).", example="porteur"),
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
                  (*_qualified_columns("territoire", ATD.territoire, "de l'élément du territoire",
                                       "of the part of the territory",
                                       "l'EPCI, la commune ou le département couvert",
                                       "the EPCI, commune or department covered"),
                   *_STATUS_COLUMNS)),),
    page=Page("AdministrativeArea", "ElementDuTerritoireShape", 3),
)
