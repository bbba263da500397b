"""What the data files may contain: one RecordSpec per kind of entry, one Field per key.

The loader, the templates of `atelier-kg new` and the "did you mean" hints all read this
table, so a key is declared once. Business rules (what is required, cardinalities,
cross-entity constraints) live in the SHACL shapes, not here: the loader only needs to
know how a key becomes triples.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, PROV, RDF, SKOS, XSD

from .namespaces import ATD, IGEO

# Field kinds
TEXT = "text"  # language map {fr: ..., en: ...} or a plain string (French)
TEXTS = "texts"  # a list of language maps
STRING = "string"  # a literal without language (names, codes, verbatim lines of the page)
INTEGER = "integer"
DECIMAL = "decimal"
YEAR = "year"
BOOLEAN = "boolean"
URL = "url"  # an IRI written as text
REF = "ref"  # the slug of another entry (target = kind, or "agent" for organisation|person)
CONCEPT = "concept"  # the slug of a concept of a SKOS scheme (target = scheme slug)
RECORD = "record"  # one nested entry (target = kind)
RECORDS = "records"  # a list of nested entries (target = kind)
GROUP = "group"  # a nested mapping whose keys describe the same entry


@dataclass(frozen=True)
class Field:
    key: str
    kind: str
    predicate: URIRef | None = None
    target: str | None = None
    many: bool = False
    inverse: bool = False  # for nested entries: child --predicate--> parent
    default: str | None = None
    fields: tuple[Field, ...] = ()  # for GROUP
    help_fr: str = ""
    help_en: str = ""


@dataclass(frozen=True)
class RecordSpec:
    kind: str
    classes: tuple[URIRef, ...]
    fields: tuple[Field, ...]
    slug_key: str | None = "slug"  # None: the slug is the parent's (a team, a period)
    slug_from: tuple[str, ...] = ()  # the slug is the value of one of these keys
    scoped: bool = False  # the IRI joins the parent's slug path and the entry's slug
    concept_scheme: bool = False  # the entries nested in it are its concepts
    slug_predicate: URIRef | None = None  # where the slug is also written (INSEE codes)
    label_from_parent: tuple[str, str] | None = None  # (fr prefix, en prefix) + parent label
    name_fr: str = ""
    name_en: str = ""
    registry: str = ""  # where a missing reference should be added

    def field(self, key: str) -> Field | None:
        return next((f for f in self.fields if f.key == key), None)


def _f(key: str, kind: str, predicate: URIRef | None = None, target: str | None = None,
       fr: str = "", en: str = "", **options: object) -> Field:
    return Field(key, kind, predicate, target, help_fr=fr, help_en=en, **options)  # type: ignore[arg-type]


SOURCES = _f("sources", REF, PROV.wasDerivedFrom, "document", many=True,
             fr="documents d'où vient l'entrée (par défaut ceux du fichier)",
             en="documents the entry comes from (by default the file's)")
LABEL = _f("label", TEXT, SKOS.prefLabel, fr="nom, en français (fr) et en anglais (en)",
           en="name, in French (fr) and English (en)")
DESCRIPTION = _f("description", TEXT, DCTERMS.description, fr="description", en="description")
NOTE = _f("note", TEXT, SKOS.note, fr="remarque", en="note")
EDITORIAL_NOTE = _f("editorial_note", TEXT, SKOS.editorialNote,
                    fr="note éditoriale (ce qui reste à vérifier ou compléter)",
                    en="editorial note (what is still to check or complete)")
PAGE_TEXT = _f("page_text", STRING, ATD.texteDeLaSource,
               fr="la ligne telle que la page source l'écrit", en="the line as the source page writes it")

SPECS: dict[str, RecordSpec] = {}


def _spec(spec: RecordSpec) -> RecordSpec:
    SPECS[spec.kind] = spec
    return spec


_spec(RecordSpec(
    "document", (FOAF.Document, PROV.Entity),
    (LABEL, DESCRIPTION,
     _f("publisher", REF, DCTERMS.publisher, "organisation", fr="éditeur", en="publisher"),
     _f("url", URL, FOAF.page, fr="adresse web", en="web address"),
     _f("local_copy", STRING, ATD.copieLocale, fr="copie dans data/", en="copy under data/")),
    name_fr="documents", name_en="documents", registry="data/sources.yaml"))

_spec(RecordSpec(
    "region", (IGEO.Region,),
    (_f("code", STRING, fr="code INSEE de la région", en="INSEE code of the region"),
     LABEL,
     _f("acronym", STRING, SKOS.altLabel, fr="sigle", en="acronym"),
     _f("page_label", STRING, SKOS.hiddenLabel, fr="graphie de la page source",
        en="spelling on the source page")),
    slug_key="code", slug_predicate=IGEO.codeRegion,
    name_fr="régions", name_en="regions", registry="data/reference/ (scripts/refresh_reference.py)"))

_spec(RecordSpec(
    "departement", (IGEO.Departement,),
    (_f("code", STRING, fr="code INSEE du département", en="INSEE code of the department"),
     LABEL,
     _f("region", REF, IGEO.subdivisionDirecte, "region", inverse=True,
        fr="code INSEE de sa région", en="INSEE code of its region"),
     _f("page_label", STRING, SKOS.hiddenLabel, fr="graphie de la page source",
        en="spelling on the source page")),
    slug_key="code", slug_predicate=IGEO.codeDepartement,
    name_fr="départements", name_en="departments",
    registry="data/reference/ (scripts/refresh_reference.py)"))

_spec(RecordSpec(
    "scheme", (SKOS.ConceptScheme,),
    (LABEL, _f("definition", TEXT, SKOS.definition, fr="définition", en="definition")),
    concept_scheme=True, name_fr="schémas de concepts", name_en="concept schemes",
    registry="data/concepts/"))

_spec(RecordSpec(
    "concept", (SKOS.Concept,),
    (LABEL, _f("definition", TEXT, SKOS.definition, fr="définition", en="definition")),
    name_fr="concepts", name_en="concepts", registry="data/concepts/"))

_spec(RecordSpec(
    "organisation", (ORG.Organization,),
    (LABEL,
     _f("acronym", STRING, SKOS.altLabel, fr="sigle", en="acronym"),
     _f("type", CONCEPT, DCTERMS.type, "types-organisation", fr="type d'organisation",
        en="kind of organisation"),
     _f("siren", STRING, ATD.siren, fr="numéro SIREN (9 chiffres, entre guillemets)",
        en="SIREN number (9 digits, in quotes)"),
     _f("part_of", REF, ORG.subOrganizationOf, "organisation",
        fr="organisation dont elle relève", en="organisation it belongs to"),
     _f("department", REF, DCTERMS.spatial, "departement", fr="département de compétence",
        en="department it covers"),
     _f("region", REF, DCTERMS.spatial, "region", fr="région de compétence",
        en="region it covers"),
     _f("page_label", STRING, SKOS.hiddenLabel, fr="graphie de la page source",
        en="spelling on the source page"),
     NOTE, SOURCES),
    name_fr="organisations", name_en="organisations", registry="data/organisations.yaml"))

_spec(RecordSpec(
    "personne", (FOAF.Person,),
    (_f("name", STRING, FOAF.name, fr="prénom et nom", en="first and last name"),
     _f("affiliation", REF, ORG.memberOf, "organisation", fr="organisation de rattachement",
        en="organisation the person belongs to"),
     NOTE, SOURCES),
    name_fr="personnes", name_en="people", registry="data/organisations.yaml"))

_spec(RecordSpec(
    "programme", (ATD.Programme,),
    (LABEL, DESCRIPTION,
     _f("organisation_model", TEXT, ATD.modeDOrganisation, fr="qui fait quoi dans le programme",
        en="who does what in the programme"),
     _f("organisation_model_sources", REF, DCTERMS.source, "document", many=True),
     _f("pilot", REF, ATD.pilotePar, "organisation", fr="organisation qui pilote",
        en="steering organisation"),
     SOURCES),
    name_fr="programmes", name_en="programmes", registry="data/programme.yaml"))

_spec(RecordSpec(
    "periode", (DCTERMS.PeriodOfTime,),
    (_f("start", YEAR, DCAT.startDate, fr="année de début", en="start year"),
     _f("end", YEAR, DCAT.endDate, fr="année de fin", en="end year")),
    slug_key=None, name_fr="périodes", name_en="periods"))

_spec(RecordSpec(
    "objectif", (ATD.Objectif,),
    (_f("text", TEXT, DCTERMS.description, fr="texte de l'objectif", en="text of the objective"),
     SOURCES),
    scoped=True, name_fr="objectifs", name_en="objectives"))

_spec(RecordSpec(
    "ami", (ATD.AppelAManifestationDInteret,),
    (LABEL, DESCRIPTION,
     _f("purpose", TEXT, ATD.finalite, fr="finalité de l'appel", en="purpose of the call"),
     _f("context", TEXT, ATD.contexte, fr="contexte", en="context"),
     _f("launched", YEAR, DCTERMS.issued, fr="année de lancement", en="launch year"),
     _f("launch_note", TEXT, SKOS.note),
     _f("budget_eur", DECIMAL, ATD.enveloppeBudgetaireEUR, fr="enveloppe budgétaire en euros",
        en="budget envelope in euros"),
     _f("budget_note", TEXT, SKOS.note),
     _f("eligibility", TEXT, ATD.eligibilite, fr="territoires éligibles",
        en="eligible territories"),
     _f("selection", TEXT, ATD.modeDeSelection, fr="mode de sélection des lauréats",
        en="how the laureates were selected"),
     _f("demonstrators", TEXT, ATD.vocationDesDemonstrateurs,
        fr="vocation des projets démonstrateurs", en="what the demonstrator projects are for"),
     _f("facts_sources", REF, DCTERMS.source, "document", many=True),
     _f("objectives", RECORDS, ATD.objectif, "objectif", fr="objectifs opérationnels",
        en="operational objectives"),
     SOURCES),
    name_fr="appels à manifestation d'intérêt", name_en="calls for expressions of interest"))

_spec(RecordSpec(
    "exemple-de-secteur", (SKOS.Concept,),
    (LABEL,),
    scoped=True, name_fr="exemples de secteurs", name_en="sector examples"))

_spec(RecordSpec(
    "groupe-de-secteurs", (ATD.GroupeDeSecteurs,),
    (LABEL,
     _f("examples", RECORDS, SKOS.broader, "exemple-de-secteur", inverse=True,
        fr="exemples cités", en="examples given")),
    scoped=True, name_fr="groupes de secteurs", name_en="sector groups"))

_spec(RecordSpec(
    "ambition", (ATD.Ambition,),
    (_f("text", TEXT, DCTERMS.description, fr="texte de l'ambition, mot pour mot",
        en="text of the ambition, word for word"),
     _f("sectors_intro", TEXT, ATD.texteIntroductif),
     _f("sector_groups", RECORDS, ATD.secteursConcernes, "groupe-de-secteurs",
        fr="groupes de secteurs de l'économie concernés", en="groups of economic sectors"),
     _f("approach", TEXT, ATD.approche, fr="approche", en="approach"),
     EDITORIAL_NOTE, SOURCES),
    scoped=True, name_fr="ambitions", name_en="ambitions"))

_spec(RecordSpec(
    "etape", (ATD.EtapeDeCapitalisation,),
    (LABEL, DESCRIPTION),
    scoped=True, name_fr="étapes", name_en="stages"))

_spec(RecordSpec(
    "publication", (ATD.Publication,),
    (_f("title", TEXT, DCTERMS.title, fr="titre", en="title"),
     _f("url", URL, FOAF.page, fr="adresse web", en="web address"),
     _f("issued", YEAR, DCTERMS.issued, fr="année de publication", en="year of publication"),
     DESCRIPTION, SOURCES),
    scoped=True, name_fr="publications", name_en="publications"))

_spec(RecordSpec(
    "site-demonstrateur", (ATD.SiteDemonstrateur,),
    (LABEL, DESCRIPTION, SOURCES),
    scoped=True, name_fr="sites démonstrateurs", name_en="demonstrator sites"))

_spec(RecordSpec(
    "capitalisation", (ATD.ProcessusDeCapitalisation,),
    (LABEL, DESCRIPTION,
     _f("pilot", REF, ATD.pilotePar, "organisation"),
     _f("formats", TEXTS, ATD.forme, fr="formes prises (suivi, séminaires…)",
        en="forms taken (monitoring, seminars…)"),
     _f("stages_note", TEXT, SKOS.editorialNote),
     _f("stages", RECORDS, ATD.etape, "etape", fr="étapes", en="stages"),
     _f("publications", RECORDS, ATD.publication, "publication", fr="publications",
        en="publications"),
     SOURCES),
    name_fr="processus de capitalisation", name_en="capitalisation processes"))

_spec(RecordSpec(
    "adhesion", (ORG.Membership,),
    (_f("organisation", REF, ORG.member, "organisation", fr="organisation membre",
        en="member organisation"),
     _f("person", REF, ORG.member, "personne", fr="personne membre", en="member person"),
     _f("role", CONCEPT, ORG.role, "roles", default="membre",
        fr="rôle : mandataire, pilote ou membre", en="role: mandataire, pilote or membre"),
     _f("disciplines", CONCEPT, ATD.discipline, "disciplines", many=True,
        fr="disciplines apportées", en="disciplines brought"),
     PAGE_TEXT, NOTE),
    slug_key=None, slug_from=("organisation", "person"), scoped=True,
    name_fr="adhésions", name_en="memberships"))

_spec(RecordSpec(
    "gouvernance", (ATD.InstanceDeGouvernance, ORG.Organization),
    (LABEL, DESCRIPTION,
     _f("kinds", CONCEPT, DCTERMS.type, "types-instance", many=True),
     _f("pilot", REF, ATD.pilotePar, "organisation"),
     _f("members", RECORDS, ORG.organization, "adhesion", inverse=True,
        fr="organisations membres", en="member organisations"),
     SOURCES),
    name_fr="instances de gouvernance", name_en="governance bodies"))

_spec(RecordSpec(
    "illustration", (ATD.Illustration,),
    (_f("caption", TEXT, DCTERMS.title, fr="légende", en="caption"),
     _f("credit", STRING, DCTERMS.rights, fr="crédit", en="credit"),
     _f("creator", REF, DCTERMS.creator, "agent", fr="auteur (organisation ou personne)",
        en="author (organisation or person)"),
     PAGE_TEXT, SOURCES),
    name_fr="illustrations", name_en="illustrations"))

_spec(RecordSpec(
    "variante", (ATD.Variante,),
    (_f("value", STRING, RDF.value, fr="ce que dit la source", en="what the source says"),
     _f("location", TEXT, ATD.emplacement, fr="où", en="where"),
     _f("source", REF, DCTERMS.source, "document")),
    scoped=True, name_fr="variantes", name_en="variants"))

_spec(RecordSpec(
    "divergence", (ATD.Divergence,),
    (LABEL, DESCRIPTION,
     _f("variants", RECORDS, ATD.variante, "variante")),
    name_fr="divergences entre sources", name_en="discrepancies between sources"))

_spec(RecordSpec(
    "session", (ATD.Session,),
    (_f("programme", REF, DCTERMS.isPartOf, "programme", fr="programme", en="programme"),
     LABEL,
     _f("theme", TEXT, ATD.theme, fr="thème de la session", en="theme of the session"),
     _f("abstract", TEXT, DCTERMS.abstract, fr="résumé", en="abstract"),
     DESCRIPTION,
     _f("period", RECORD, DCTERMS.temporal, "periode", fr="période (start, end)",
        en="period (start, end)"),
     _f("ami", RECORD, ATD.appel, "ami", fr="l'appel à manifestation d'intérêt",
        en="the call for expressions of interest"),
     _f("strategic_ambition", RECORD, ATD.ambition, "ambition",
        fr="ambition stratégique", en="strategic ambition"),
     _f("capitalisation", RECORD, ATD.capitalisation, "capitalisation"),
     _f("governance", RECORDS, ATD.gouvernance, "gouvernance"),
     _f("illustrations", RECORDS, FOAF.depiction, "illustration"),
     _f("discrepancies", RECORDS, ATD.divergence, "divergence"),
     SOURCES),
    name_fr="sessions", name_en="sessions", registry="data/sessions/"))

_spec(RecordSpec(
    "equipe", (ATD.Equipe, ORG.Organization),
    (PAGE_TEXT,
     _f("members", RECORDS, ORG.organization, "adhesion", inverse=True,
        fr="membres de l'équipe, dans l'ordre de la page", en="team members, in the page's order")),
    slug_key=None, label_from_parent=("Équipe pluridisciplinaire — ", "Multidisciplinary team — "),
    name_fr="équipes", name_en="teams"))

_spec(RecordSpec(
    "laureat", (ATD.TerritoireLaureat,),
    (_f("session", REF, ATD.session, "session", fr="session (ex. 2023-2025)",
        en="session (e.g. 2023-2025)"),
     LABEL, EDITORIAL_NOTE,
     _f("collectivity", GROUP, fields=(
         _f("name", STRING, ATD.nomDeLaCollectivite, fr="nom de la collectivité",
            en="name of the local authority"),
         _f("to_confirm", BOOLEAN, ATD.identificationAConfirmer),
         _f("epci", REF, ATD.epciAConfirmer, "epci", fr="SIREN de l'EPCI supposé, à confirmer",
            en="SIREN of the presumed EPCI, to be confirmed"),
         _f("note", TEXT, SKOS.editorialNote),
         _f("sources", REF, DCTERMS.source, "document", many=True)),
        fr="collectivité lauréate, quand une source l'établit",
        en="laureate authority, when a source establishes it"),
     _f("objective", TEXT, ATD.objectifPrincipal, fr="objectif principal, mot pour mot",
        en="headline objective, word for word"),
     _f("ambitions", RECORDS, ATD.ambition, "ambition", fr="ambitions, mot pour mot",
        en="ambitions, word for word"),
     _f("ddts", REF, ATD.ddt, "organisation", many=True,
        fr="directions départementales des territoires qui accompagnent (ddt-<département> : "
           "DDT, DDTM, DEAL… de data/reference/services.json)",
        en="departmental directorates of the territories that support it (ddt-<department>: "
           "DDT, DDTM, DEAL… of data/reference/services.json)"),
     _f("departments", REF, ATD.departement, "departement", many=True,
        fr="codes INSEE des départements", en="INSEE codes of the departments"),
     _f("regions", REF, ATD.region, "region", many=True, fr="codes INSEE des régions",
        en="INSEE codes of the regions"),
     _f("epcis", REF, ATD.epci, "epci", many=True,
        fr="SIREN des EPCI de la collectivité lauréate, quand une source l'établit",
        en="SIREN of the laureate authority's EPCIs, when a source establishes it"),
     _f("cross_region_note", TEXT, ATD.noteTerritoriale,
        fr="si une commune de ses EPCI est hors de ses régions : pourquoi",
        en="if a commune of its EPCIs lies outside its regions: why"),
     _f("state_services_text", STRING, ATD.texteDeLaSource),
     _f("demonstrator_sites", RECORDS, ATD.siteDemonstrateur, "site-demonstrateur",
        fr="sites démonstrateurs, quand ils sont nommés", en="demonstrator sites, once named"),
     _f("team", RECORD, ATD.equipe, "equipe", fr="équipe pluridisciplinaire",
        en="multidisciplinary team"),
     SOURCES),
    name_fr="territoires lauréats", name_en="laureate territories", registry="data/laureats/"))

_spec(RecordSpec(
    "epci", (IGEO.Intercommunalite,), (),
    name_fr="EPCI (par numéro SIREN)", name_en="EPCIs (by SIREN number)",
    registry="data/reference/epci.json.gz (scripts/refresh_reference.py)"))

# The top-level keys a data file may hold, and the kind of entry each introduces.
TOP_LEVEL: dict[str, tuple[str, bool]] = {
    "documents": ("document", True),
    "regions": ("region", True),
    "departments": ("departement", True),
    "scheme": ("scheme", False),
    "concepts": ("concept", True),
    "organisations": ("organisation", True),
    "people": ("personne", True),
    "programme": ("programme", False),
    "session": ("session", False),
    "laureat": ("laureat", False),
}
FILE_SOURCES_KEY = "sources"

# An "agent" reference may name an organisation or a person.
AGENT_KINDS = ("organisation", "personne")
XSD_FOR = {INTEGER: XSD.integer, DECIMAL: XSD.decimal, YEAR: XSD.gYear, BOOLEAN: XSD.boolean}
