"""What happens on the ground: a laureate's demonstrator sites and the events of its process (or
of a session), each in its own file, pointing to the laureate it belongs to.
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS

from .. import labels as naming
from ..namespaces import ATD, ID, IGEO, SCHEMA
from .common import DESCRIPTION, LABEL, SOURCES, identity_columns, sources_column
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
    linked,
    linked_slug,
    number,
    text,
    value,
)


def _codes(predicate: URIRef, cls: URIRef, code: URIRef) -> Extract:
    """The codes (INSEE code, SIREN) of the linked territories of one class, sorted and joined."""

    def extract(graph: Graph, node: URIRef) -> str:
        return ";".join(sorted(str(graph.value(o, code) or naming.slug(o))
                               for o in graph.objects(node, predicate) if (o, RDF.type, cls) in graph))

    return extract


def _where_columns(predicate: URIRef, of_fr: str, of_en: str, examples: tuple[str, str, str],
                   after: bool = False) -> tuple[Column, ...]:
    """Where a site is or an event took place: the place as the source names it, the communes and
    EPCIs (of_en comes before "communes", or after it)."""
    place, commune, epci = examples
    communes_en = f"the communes {of_en}" if after else f"{of_en} communes"
    epcis_en = f"the EPCIs {of_en}" if after else f"{of_en} EPCIs"
    return (
        Column("lieu", "lieu", "place", text(ATD.lieu),
               description_fr="Le lieu, tel que la source le nomme, en français.",
               description_en="The place, as the source names it, in French.", example=place),
        Column("communes", "codes INSEE des communes (;)", "INSEE codes of the communes (;)",
               _codes(predicate, IGEO.Commune, IGEO.codeCommune),
               description_fr=f"Codes INSEE des communes {of_fr}, séparés par « ; ».",
               description_en=f"INSEE codes of {communes_en}, separated by \";\".", example=commune),
        Column("epci", "SIREN des EPCI (;)", "SIREN of the EPCIs (;)",
               _codes(predicate, IGEO.Intercommunalite, ATD.siren),
               description_fr=f"Numéros SIREN des EPCI {of_fr}, séparés par « ; ».",
               description_en=f"SIREN numbers of {epcis_en}, separated by \";\".", example=epci),
    )


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
        (*identity_columns("site", "du site démonstrateur", "of the demonstrator site", "inspira",
                           "Zone industrialo-portuaire INSPIRA", "INSPIRA industrial and port zone"),
         Column("laureat", "lauréat (IRI)", "laureate (IRI)", linked(ATD.siteDemonstrateur, inverse=True),
                required=True,
                description_fr="IRI du territoire lauréat dont c'est un site démonstrateur.",
                description_en="IRI of the laureate territory it is a demonstrator site of.",
                example=f"{ID}laureat/ardeche-isere"),
         *_where_columns(DCTERMS.spatial, "du site", "the site's", ("Salaise-Sablons", "38468", "200085751")),
         Column("description", "description", "description", text(DCTERMS.description),
                description_fr="Description du site, en français, quand elle est donnée.",
                description_en="Description of the site, in French, when given.",
                example="Zone industrielle et portuaire au bord du Rhône"),
         sources_column("le site", "the site", "communique-prefecture-isere-rives-du-rhone"))),),
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
        (*identity_columns("evenement", "de l'événement", "of the event", "lancement-rives-du-rhone",
                           "Lancement de l'Atelier des territoires Rives-du-Rhône",
                           "Launch of the Atelier des territoires Rives-du-Rhône"),
         Column("type", "type", "kind", linked_slug(DCTERMS.type), required=True,
                description_fr="Type de l'événement : lancement, atelier, seminaire ou restitution.",
                description_en="Kind of event: lancement, atelier, seminaire or restitution.",
                example="lancement"),
         Column("date", "date", "date", value(SCHEMA.startDate), "date", True,
                description_fr="Jour de l'événement (AAAA-MM-JJ).",
                description_en="Day of the event (YYYY-MM-DD).",
                example="2024-02-12"),
         Column("de", "lauréat ou session (IRI)", "laureate or session (IRI)",
                linked(ATD.evenement, inverse=True), required=True,
                description_fr="IRI du territoire lauréat, ou de la session, dont c'est un événement.",
                description_en="IRI of the laureate territory, or of the session, whose event it is.",
                example=f"{ID}laureat/ardeche-isere"),
         *_where_columns(PROV.atLocation, "où l'événement a eu lieu", "where the event took place",
                         ("Champagne (Ardèche)", "07051", "200072015"), after=True),
         Column("participants", "participants", "participants", text(ATD.participants),
                description_fr="Qui a participé, tel que la source le dit, en français.",
                description_en="Who took part, as the source says it, in French.",
                example="plus de soixante acteurs locaux"),
         Column("nombre_participants", "nombre de participants", "number of participants",
                number(ATD.nombreDeParticipants), "integer",
                description_fr="Nombre exact de participants, quand la source en donne un.",
                description_en="Exact number of participants, when the source gives one.", example="62"),
         Column("description", "description", "description", text(DCTERMS.description),
                description_fr="Ce que l'événement visait, en français, d'après la source.",
                description_en="What the event aimed at, in French, from the source.",
                example="Co-construire un projet de développement économique et industriel"),
         sources_column("l'événement", "the event", "communique-prefecture-isere-rives-du-rhone"))),),
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
