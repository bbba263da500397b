"""France's territories from the official reference (INSEE's COG): regions, departments, EPCIs,
communes and their outlines. The reference data writes them (reference.py); entries refer to them
by their INSEE code or SIREN number. Their properties are listed here so that every output knows
them (the JSON-LD context among them).
"""

from __future__ import annotations

from rdflib.namespace import DCTERMS, SKOS

from ..namespaces import ATD, GEO, IGEO
from .common import LABEL
from .model import INTEGER, REF, STRING, YEAR, Excluded, Kind, Page, f

_REFERENCE = "data/reference/ (scripts/refresh_reference.py)"
_FROM_THE_REFERENCE = Excluded("written by the official reference, not by people")
_OFFICIAL = Excluded("the official geography (INSEE's COG), published by INSEE")
_POPULATION = (f("population", INTEGER, ATD.population, yaml=False),
               f("population_year", YEAR, ATD.anneePopulation, yaml=False),
               f("geometry", REF, GEO.hasGeometry, "geometrie", yaml=False))

REGION = Kind(
    "region", (IGEO.Region,),
    (f("code", STRING, fr="code INSEE de la région", en="INSEE code of the region"),
     LABEL,
     f("acronym", STRING, SKOS.altLabel, fr="sigle", en="acronym"),
     f("page_label", STRING, SKOS.hiddenLabel, fr="graphie de la page source",
       en="spelling on the source page"),
     f("subdivision", REF, IGEO.subdivisionDirecte, "departement", yaml=False),
     *_POPULATION),
    name_fr="régions", name_en="regions", registry=_REFERENCE, top_level=("regions", True),
    slug_key="code", slug_predicate=IGEO.codeRegion,
    page=Page("AdministrativeArea"), template=_FROM_THE_REFERENCE,
    tables=_OFFICIAL, diff=_OFFICIAL,
)

DEPARTMENT = Kind(
    "departement", (IGEO.Departement,),
    (f("code", STRING, fr="code INSEE du département", en="INSEE code of the department"),
     LABEL,
     f("region", REF, IGEO.subdivisionDirecte, "region", inverse=True,
       fr="code INSEE de sa région", en="INSEE code of its region"),
     f("page_label", STRING, SKOS.hiddenLabel, fr="graphie de la page source",
       en="spelling on the source page"),
     f("communes", INTEGER, ATD.nombreDeCommunes, yaml=False),
     *_POPULATION),
    name_fr="départements", name_en="departments", registry=_REFERENCE, top_level=("departments", True),
    slug_key="code", slug_predicate=IGEO.codeDepartement,
    page=Page("AdministrativeArea"), template=_FROM_THE_REFERENCE,
    tables=_OFFICIAL, diff=_OFFICIAL,
)

EPCI = Kind(
    "epci", (IGEO.Intercommunalite,),
    (f("siren", STRING, ATD.siren, yaml=False),
     f("legal_form", STRING, ATD.natureJuridique, yaml=False),
     f("communes", INTEGER, ATD.nombreDeCommunes, yaml=False),
     f("members", REF, DCTERMS.hasPart, "commune", many=True, yaml=False),
     *_POPULATION),
    name_fr="EPCI (par numéro SIREN)", name_en="EPCIs (by SIREN number)", title_fr="Intercommunalités",
    title_en="Inter-municipal bodies", registry="data/reference/epci.json.gz (scripts/refresh_reference.py)",
    page=Page("AdministrativeArea"), template=_FROM_THE_REFERENCE,
    tables=_OFFICIAL, diff=_OFFICIAL,
)

COMMUNE = Kind(
    "commune", (IGEO.Commune,),
    (f("code", STRING, IGEO.codeCommune, yaml=False),
     f("siren", STRING, ATD.siren, yaml=False),
     f("department", REF, DCTERMS.isPartOf, "departement", yaml=False),
     *_POPULATION),
    name_fr="communes", name_en="communes", registry=_REFERENCE,
    page=Page("AdministrativeArea"), template=_FROM_THE_REFERENCE,
    tables=_OFFICIAL, diff=_OFFICIAL,
)

GEOMETRY = Kind(
    "geometrie", (GEO.Geometry,),
    (f("wkt", STRING, GEO.asWKT, yaml=False, datatype=GEO.wktLiteral),),
    name_fr="contours", name_en="outlines", registry=_REFERENCE,
    page=Page("GeoShape"), template=_FROM_THE_REFERENCE,
    tables=_OFFICIAL, diff=_OFFICIAL,
)

KINDS = (REGION, DEPARTMENT, EPCI, COMMUNE, GEOMETRY)
