"""What happens on the ground: a laureate's demonstrator sites and the events of its process (or
of a session), each in its own file, pointing to the laureate it belongs to.
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS

from .. import labels as naming
from ..namespaces import ATD, IGEO, SCHEMA
from .common import DESCRIPTION, LABEL, SOURCES
from .model import (
    CONCEPT,
    DATE,
    INTEGER,
    REF,
    TEXT,
    Column,
    Diff,
    Extract,
    Kind,
    Page,
    Table,
    Template,
    f,
    iri,
    joined,
    label,
    linked,
    linked_slug,
    number,
    slug,
    text,
    value,
)


def _codes(predicate: URIRef, cls: URIRef, code: URIRef) -> Extract:
    """The codes (INSEE code, SIREN) of the linked territories of one class, sorted and joined."""

    def extract(graph: Graph, node: URIRef) -> str:
        return ";".join(sorted(str(graph.value(o, code) or naming.slug(o))
                               for o in graph.objects(node, predicate) if (o, RDF.type, cls) in graph))

    return extract


def _names(predicate: URIRef) -> Extract:
    return lambda graph, node: ", ".join(sorted(naming.label(graph, o)
                                                for o in graph.objects(node, predicate)))


def _holder_of(predicate: URIRef) -> Extract:
    """The laureate (or session) that holds the entry, by the link it carries."""
    return lambda graph, node: naming.short(graph.value(None, predicate, node))


def _territory_fields(predicate: URIRef) -> tuple:  # type: ignore[type-arg]
    return (f("communes", REF, predicate, "commune", many=True, fr="codes INSEE des communes",
              en="INSEE codes of the communes"),
            f("epcis", REF, predicate, "epci", many=True, fr="SIREN des EPCI", en="SIREN of the EPCIs"))


SITE = Kind(
    "site", (ATD.SiteDemonstrateur,),
    (f("laureat", REF, ATD.siteDemonstrateur, "laureat", inverse=True,
       fr="le lauréat dont c'est un site démonstrateur", en="the laureate it is a demonstrator site of"),
     LABEL, DESCRIPTION,
     f("place", TEXT, ATD.lieu, fr="le lieu, tel que la source le nomme",
       en="the place, as the source names it"),
     *_territory_fields(DCTERMS.spatial),
     SOURCES),
    name_fr="sites démonstrateurs", name_en="demonstrator sites", title_fr="Sites démonstrateurs",
    title_en="Demonstrator sites", registry="data/sites/", top_level=("site", False),
    template=Template("data/sites/{slug}.yaml", "Nouveau site démonstrateur", "New demonstrator site"),
    tables=(Table(
        "sites-demonstrateurs", "Sites démonstrateurs", "Demonstrator sites",
        (Column("id", "identifiant (IRI)", "identifier (IRI)", iri(), required=True),
         Column("slug", "identifiant court", "short identifier", slug(), required=True),
         Column("nom", "nom", "name", label("fr"), required=True),
         Column("nom_en", "nom en anglais", "English name", text(SKOS.prefLabel, "en")),
         Column("laureat", "lauréat (IRI)", "laureate (IRI)", linked(ATD.siteDemonstrateur, inverse=True),
                required=True),
         Column("lieu", "lieu", "place", text(ATD.lieu)),
         Column("communes", "codes INSEE des communes (;)", "INSEE codes of the communes (;)",
                _codes(DCTERMS.spatial, IGEO.Commune, IGEO.codeCommune)),
         Column("epci", "SIREN des EPCI (;)", "SIREN of the EPCIs (;)",
                _codes(DCTERMS.spatial, IGEO.Intercommunalite, ATD.siren)),
         Column("description", "description", "description", text(DCTERMS.description)),
         Column("sources", "sources (;)", "sources (;)", joined(PROV.wasDerivedFrom)))),),
    diff=Diff(
        (Column("label", "nom", "name", text(SKOS.prefLabel)),
         Column("laureat", "lauréat", "laureate", _holder_of(ATD.siteDemonstrateur)),
         Column("place", "lieu", "place", text(ATD.lieu)),
         Column("territory", "communes et EPCI", "communes and EPCIs", _names(DCTERMS.spatial)),
         Column("description", "description", "description", text(DCTERMS.description)))),
    page=Page("Place", "SiteDemonstrateurShape", 7),
)

EVENT = Kind(
    "evenement", (ATD.Evenement,),
    (f("kind", CONCEPT, DCTERMS.type, "types-evenement", term="category",
       fr="lancement, atelier, seminaire ou restitution", en="lancement, atelier, seminaire or restitution"),
     LABEL,
     f("date", DATE, SCHEMA.startDate, term="dateEvenement", fr="date (AAAA-MM-JJ)", en="date (YYYY-MM-DD)"),
     f("laureat", REF, ATD.evenement, "laureat", inverse=True,
       fr="le lauréat dont c'est un événement (ou session)",
       en="the laureate whose event it is (or session)"),
     f("session", REF, ATD.evenement, "session", inverse=True, in_template=False,
       fr="la session, pour un événement de toute la session", en="the session, for a session-wide event"),
     f("place", TEXT, ATD.lieu, fr="le lieu, tel que la source le nomme",
       en="the place, as the source names it"),
     *_territory_fields(PROV.atLocation),
     f("participants", TEXT, ATD.participants, fr="qui a participé, tel que la source le dit",
       en="who took part, as the source says it"),
     f("participant_count", INTEGER, ATD.nombreDeParticipants, in_template=False,
       fr="nombre de participants, si la source donne un nombre exact",
       en="number of participants, if the source gives an exact number"),
     DESCRIPTION, SOURCES),
    name_fr="événements", name_en="events", registry="data/evenements/", top_level=("evenement", False),
    template=Template("data/evenements/{slug}.yaml", "Nouvel événement", "New event"),
    tables=(Table(
        "evenements", "Événements", "Events",
        (Column("id", "identifiant (IRI)", "identifier (IRI)", iri(), required=True),
         Column("slug", "identifiant court", "short identifier", slug(), required=True),
         Column("nom", "nom", "name", label("fr"), required=True),
         Column("nom_en", "nom en anglais", "English name", text(SKOS.prefLabel, "en")),
         Column("type", "type", "kind", linked_slug(DCTERMS.type), required=True),
         Column("date", "date", "date", value(SCHEMA.startDate), "date", True),
         Column("de", "lauréat ou session (IRI)", "laureate or session (IRI)",
                linked(ATD.evenement, inverse=True), required=True),
         Column("lieu", "lieu", "place", text(ATD.lieu)),
         Column("communes", "codes INSEE des communes (;)", "INSEE codes of the communes (;)",
                _codes(PROV.atLocation, IGEO.Commune, IGEO.codeCommune)),
         Column("epci", "SIREN des EPCI (;)", "SIREN of the EPCIs (;)",
                _codes(PROV.atLocation, IGEO.Intercommunalite, ATD.siren)),
         Column("participants", "participants", "participants", text(ATD.participants)),
         Column("nombre_participants", "nombre de participants", "number of participants",
                number(ATD.nombreDeParticipants), "integer"),
         Column("description", "description", "description", text(DCTERMS.description)),
         Column("sources", "sources (;)", "sources (;)", joined(PROV.wasDerivedFrom)))),),
    diff=Diff(
        (Column("label", "nom", "name", text(SKOS.prefLabel)),
         Column("kind", "type", "kind", linked_slug(DCTERMS.type)),
         Column("date", "date", "date", value(SCHEMA.startDate)),
         Column("of", "lauréat ou session", "laureate or session", _holder_of(ATD.evenement)),
         Column("place", "lieu", "place", text(ATD.lieu)),
         Column("participants", "participants", "participants", text(ATD.participants)),
         Column("description", "description", "description", text(DCTERMS.description)))),
    page=Page("Event", "EvenementShape", 8),
)

KINDS = (SITE, EVENT)
