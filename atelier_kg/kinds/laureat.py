"""A laureate territory and what it holds: who leads it and what it covers (each established or to
be confirmed), its ambitions (with the sectors they concern) and its multidisciplinary team, whose
members (like those of governance bodies) are memberships with a role and disciplines.
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, SKOS

from .. import labels as naming
from ..namespaces import ATD, ID, IGEO
from .common import (
    EDITORIAL_NOTE,
    IN_LAUREATE,
    LABEL,
    NOTE,
    PAGE_TEXT,
    SOURCES,
    WITH_HOLDER,
    identity_columns,
)
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
    Kind,
    Page,
    Table,
    Template,
    count,
    f,
    iri,
    joined,
    joined_labels,
    linked,
    linked_label,
    linked_slug,
    number,
    text,
    value,
)
from .portage import LEAD_BODY, TERRITORY_PART, entities, siren_of_epci, summaries

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
        (Column("id", "identifiant (IRI)", "identifier (IRI)", iri(), required=True,
                description_fr="Identifiant pérenne de l'ambition (IRI) : son adresse sur le web.",
                description_en="Persistent identifier of the ambition (IRI): its address on the web.",
                example="https://w3id.org/atelier-des-territoires/id/ambition/ardeche-isere--acceptabilite-grands-projets"),
         Column("porteur", "lauréat ou session (IRI)", "laureate or session (IRI)",
                linked(ATD.ambition, inverse=True), required=True,
                description_fr="IRI du territoire lauréat qui porte l'ambition, ou de la session pour "
                               "son ambition stratégique.",
                description_en="IRI of the laureate territory that holds the ambition, or of the session "
                               "for its strategic ambition.",
                example="https://w3id.org/atelier-des-territoires/id/laureat/ardeche-isere"),
         # A laureate's ambitions are a list, each with its rank; a session's strategic ambition
         # is alone, with none: the rank is not required.
         Column("rang", "rang", "rank", number(ATD.rang), "integer",
                description_fr="Rang de l'ambition dans la liste de son lauréat, à partir de 1 ; vide "
                               "pour l'ambition stratégique d'une session, qui est seule.",
                description_en="Rank of the ambition in its laureate's list, from 1; empty for a "
                               "session's strategic ambition, which stands alone.",
                example="1"),
         Column("texte", "texte", "text", text(DCTERMS.description), required=True,
                description_fr="Texte de l'ambition en français, mot pour mot d'après la source.",
                description_en="Text of the ambition in French, word for word from the source.",
                example="Travailler l'acceptabilité de grands projets industriels avec les acteurs de la "
                        "société civile"),
         Column("texte_en", "texte en anglais", "English text", text(DCTERMS.description, "en"),
                description_fr="Traduction anglaise du texte, quand elle est donnée.",
                description_en="English translation of the text, when given.",
                example="Work on the acceptability of large industrial projects with civil-society "
                        "stakeholders"))),),
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


def _membership_columns(body: str, title_fr: str, title_en: str, body_fr: str, body_en: str,
                        examples: tuple[str, str], extra: tuple[Column, ...],
                        tail: tuple[Column, ...]) -> tuple[Column, ...]:
    return (Column("id", "identifiant (IRI)", "identifier (IRI)", iri(), required=True,
                   description_fr="Identifiant pérenne de l'adhésion (IRI) : le lien d'un membre à "
                                  + body_fr + ".",
                   description_en="Persistent identifier of the membership (IRI): a member's link to "
                                  + body_en + ".", example=f"{ID}adhesion/{examples[0]}"),
            Column(body, title_fr, title_en, linked(ORG.organization), required=True,
                   description_fr=f"IRI de {body_fr}.", description_en=f"IRI of {body_en}.",
                   example=f"{ID}{examples[1]}"),
            *extra,
            # Members are a list in every entry: the loader ranks each one, from 1.
            Column("rang", "rang", "rank", number(ATD.rang), "integer", True,
                   description_fr="Rang du membre dans la liste de la source, à partir de 1.",
                   description_en="Rank of the member in the source's list, from 1.", example="1"),
            Column("membre", "membre (IRI)", "member (IRI)", linked(ORG.member), required=True,
                   description_fr="IRI de l'organisation ou de la personne membre.",
                   description_en="IRI of the member organisation or person.",
                   example="https://w3id.org/atelier-des-territoires/id/organisation/anct"),
            Column("membre_nom", "nom du membre", "member's name", linked_label(ORG.member),
                   description_fr="Nom du membre en français, tel que le site et le journal des "
                                  "changements le donnent.",
                   description_en="Name of the member in French, as the site and the changelog give it.",
                   example="Agence nationale de la cohésion des territoires"),
            Column("role", "rôle", "role", linked_label(ORG.role),
                   description_fr="Rôle du membre (mandataire, pilote, membre…), en français.",
                   description_en="Role of the member (mandataire, pilote, membre…), in French.",
                   example="mandataire"),
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
                  "equipe", "équipe (IRI)", "team (IRI)", "l'équipe pluridisciplinaire",
                  "the multidisciplinary team", ("ardeche-isere--atelier-du-rouget", "equipe/ardeche-isere"),
                  (Column("laureat", "lauréat (IRI)", "laureate (IRI)", _team_laureate,
                          description_fr="IRI du territoire lauréat que l'équipe accompagne.",
                          description_en="IRI of the laureate territory the team supports.",
                          example="https://w3id.org/atelier-des-territoires/id/laureat/ardeche-isere"),),
                  (Column("disciplines", "disciplines (;)", "disciplines (;)",
                          joined_labels(ATD.discipline),
                          description_fr="Disciplines que le membre apporte, en français, séparées par "
                                         "« ; ».",
                          description_en="Disciplines the member brings, in French, separated by \";\".",
                          example="architecture;paysage;urbanisme"),)),
              keep=_in(ATD.Equipe)),
        Table("adhesions-gouvernance", "Membres des instances de gouvernance",
              "Members of the governance bodies",
              _membership_columns(
                  "instance", "instance (IRI)", "body (IRI)", "l'instance de gouvernance (jury, comité "
                  "de suivi)", "the governance body (jury, monitoring committee)",
                  ("jury-et-comite-de-suivi-2023-2025--anct",
                   "gouvernance/jury-et-comite-de-suivi-2023-2025"), (),
                  (Column("texte_source", "texte de la source", "source text", value(ATD.texteDeLaSource),
                          description_fr="La ligne telle que la page source l'écrit.",
                          description_en="The line as the source page writes it.",
                          example="L'Agence nationale de la cohésion des territoires (ANCT)"),)),
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
        (*identity_columns("laureat", "du territoire lauréat", "of the laureate territory", "mayenne",
                           "Lauréat Mayenne — coopérations et mixité des quartiers et zones d'activités",
                           "Mayenne laureate — cooperation and mixed uses in neighbourhoods and business "
                           "parks"),
         Column("session", "session", "session", linked_slug(ATD.session),
                description_fr="Identifiant court de la session nationale (colonne slug de la table "
                               "sessions).",
                description_en="Short identifier of the national session (slug column of the sessions "
                               "table).",
                example="2023-2025"),
         Column("objectif_principal", "objectif principal", "headline objective",
                text(ATD.objectifPrincipal),
                description_fr="Objectif principal du lauréat en français, mot pour mot d'après la source.",
                description_en="Headline objective of the laureate in French, word for word from the "
                               "source.",
                example="Réorienter le modèle de développement d'un écosystème industriel en renforçant "
                        "sa résilience, son acceptabilité sociale et la co-construction avec la société "
                        "civile."),
         Column("departements", "codes INSEE des départements (;)", "INSEE codes of the departments (;)",
                joined(ATD.departement, IGEO.codeDepartement),
                description_fr="Codes INSEE des départements du territoire, séparés par « ; ».",
                description_en="INSEE codes of the territory's departments, separated by \";\".",
                example="07;38"),
         Column("regions", "codes INSEE des régions (;)", "INSEE codes of the regions (;)",
                joined(ATD.region, IGEO.codeRegion),
                description_fr="Codes INSEE des régions du territoire, séparés par « ; ».",
                description_en="INSEE codes of the territory's regions, separated by \";\".",
                example="84"),
         Column("ddt", "DDT (;)", "DDTs (;)", joined(ATD.ddt),
                description_fr="Identifiants courts des directions départementales des territoires (DDT, "
                               "DDTM, DEAL…) qui accompagnent le lauréat (colonne slug de la table "
                               "organisations), séparés par « ; ».",
                description_en="Short identifiers of the departmental directorates of the territories "
                               "(DDT, DDTM, DEAL…) that support the laureate (slug column of the "
                               "organisations table), separated by \";\".",
                example="ddt-ardeche;ddt-isere"),
         Column("porteurs", "porteurs établis (;)", "established lead bodies (;)",
                entities(ATD.portage, True, "porteur"),
                description_fr="Noms des entités qui portent le lauréat (rôle porteur), quand une source "
                               "l'établit, séparés par « ; » ; le détail est dans la table porteurs.",
                description_en="Names of the entities that lead the laureate (role porteur), when a "
                               "source establishes it, separated by \";\"; the details are in the "
                               "porteurs table.",
                example="Syndicat mixte des Rives du Rhône"),
         Column("co_porteurs", "co-porteurs établis (;)", "established co-leads (;)",
                entities(ATD.portage, True, "co-porteur"),
                description_fr="Noms des co-porteurs (préfectures, services de l'État, autres "
                               "collectivités), quand une source l'établit, séparés par « ; ».",
                description_en="Names of the co-leads (prefectures, State services, other authorities), "
                               "when a source establishes it, separated by \";\".",
                example="Préfecture de l'Ardèche;Préfecture de l'Isère"),
         Column("porteurs_a_confirmer", "porteurs ou co-porteurs à confirmer (;)",
                "lead bodies or co-leads to be confirmed (;)", entities(ATD.portage, False),
                description_fr="Noms des porteurs ou co-porteurs déduits et encore à confirmer (la note "
                               "qui dit d'où est dans la table porteurs), séparés par « ; ».",
                description_en="Names of the lead bodies or co-leads inferred and still to be confirmed "
                               "(the note saying from what is in the porteurs table), separated by \";\".",
                example="CC des Coëvrons"),
         Column("epci", "SIREN des EPCI établis (;)", "SIREN of the established EPCIs (;)",
                entities(ATD.territoire, True, show=siren_of_epci),
                description_fr="Numéros SIREN des EPCI que le lauréat couvre, quand une source l'établit, "
                               "séparés par « ; » (communes et départements : table territoires).",
                description_en="SIREN numbers of the EPCIs the laureate covers, when a source establishes "
                               "it, separated by \";\" (communes and departments: territoires table).",
                example="243400520"),
         Column("epci_a_confirmer", "SIREN des EPCI à confirmer (;)",
                "SIREN of the EPCIs to be confirmed (;)",
                entities(ATD.territoire, False, show=siren_of_epci),
                description_fr="Numéros SIREN des EPCI que le lauréat couvrirait, encore à confirmer, "
                               "séparés par « ; ».",
                description_en="SIREN numbers of the EPCIs the laureate would cover, still to be "
                               "confirmed, separated by \";\".",
                example="200033298"),
         Column("sites_demonstrateurs", "sites démonstrateurs (;)", "demonstrator sites (;)",
                joined(ATD.siteDemonstrateur),
                description_fr="Identifiants courts des sites démonstrateurs du lauréat (colonne slug de "
                               "la table sites-demonstrateurs), séparés par « ; ».",
                description_en="Short identifiers of the laureate's demonstrator sites (slug column of "
                               "the sites-demonstrateurs table), separated by \";\".",
                example="inspira;parcs-activites-annonay-rhone-agglo"),
         Column("nombre_ambitions", "nombre d'ambitions", "number of ambitions", count(ATD.ambition),
                "integer", True,
                description_fr="Nombre d'ambitions du lauréat (table ambitions).",
                description_en="Number of ambitions of the laureate (ambitions table).",
                example="4"),
         Column("taille_equipe", "membres de l'équipe", "team members", _team_size, "integer", True,
                description_fr="Nombre de membres de son équipe pluridisciplinaire (table "
                               "adhesions-equipes).",
                description_en="Number of members of its multidisciplinary team (adhesions-equipes "
                               "table).",
                example="6"))),),
    diff=Diff(
        (Column("label", "nom", "name", text(SKOS.prefLabel)),
         Column("objective", "objectif principal", "headline objective", text(ATD.objectifPrincipal)),
         Column("session", "session", "session", _shorts(ATD.session)),
         Column("lead_bodies", "porteurs", "lead bodies", summaries(ATD.portage)),
         Column("territory", "territoire", "territory", summaries(ATD.territoire)),
         Column("ddts", "DDT", "DDTs", _shorts(ATD.ddt)),
         Column("departments", "départements", "departments", _shorts(ATD.departement)),
         Column("regions", "régions", "regions", _shorts(ATD.region)))),
    page=Page("Place", "LaureatShape", 1),
)

KINDS = (SECTOR_EXAMPLE, SECTOR_GROUP, AMBITION, LEAD_BODY, TERRITORY_PART, MEMBERSHIP, TEAM, LAUREATE)
