"""Realistic synthetic programme data, as YAML files the loader reads like the shipped ones.

Sessions, calls, laureates with ambitions and teams, and a registry of organisations (firms,
DDTs for every department) at any scale; deterministic for a given seed.
    python3 benchmarks/synthetic.py OUT_DIR --laureates 6000
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
REGISTRY_CHUNK = 250  # organisations per data file (the loader takes at most 300 entries a file)
WORDS = [
    "aménagement",
    "sobriété",
    "foncier",
    "eau",
    "industrie",
    "emploi",
    "mobilité",
    "friche",
    "paysage",
    "agriculture",
    "commerce",
    "logistique",
    "énergie",
    "forêt",
    "tourisme",
    "habitat",
    "coopération",
    "formation",
    "innovation",
    "résilience",
    "climat",
    "patrimoine",
    "zone",
    "activité",
    "centre-bourg",
    "filière",
    "ressource",
    "biodiversité",
    "économie",
    "circulaire",
]
FIRM_WORDS = [
    "Atelier",
    "Agence",
    "Bureau",
    "Studio",
    "Collectif",
    "Cabinet",
    "Fabrique",
    "Laboratoire",
    "Groupe",
    "Coopérative",
]
NAMES = [
    "Aubépine",
    "Basalte",
    "Cèdre",
    "Delta",
    "Écluse",
    "Faubourg",
    "Granit",
    "Horizon",
    "Iris",
    "Jonc",
    "Kaolin",
    "Lisière",
    "Méandre",
    "Noria",
    "Orée",
    "Parvis",
    "Quai",
    "Rive",
    "Sillon",
    "Talus",
    "Ubac",
    "Verger",
    "Yeuse",
    "Zénith",
]


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:]


def generate(out: Path, laureates: int, seed: int = 1) -> Path:
    """Write a data folder under out/ with about 80 triples per laureate; return its path."""
    rng = random.Random(seed)
    data = out / "data"
    if data.exists():
        shutil.rmtree(data)
    for sub in ("concepts", "reference", "sessions", "laureats"):
        (data / sub).mkdir(parents=True, exist_ok=True)
    for name in ("sources.yaml", "programme.yaml"):
        shutil.copy(ROOT / "data" / name, data / name)
    shutil.copytree(ROOT / "data" / "concepts", data / "concepts", dirs_exist_ok=True)
    shutil.copytree(ROOT / "data" / "reference", data / "reference", dirs_exist_ok=True)
    departments = json.loads((ROOT / "data" / "reference" / "departements.json").read_text("utf-8"))
    departments = [d for d in departments if not d["code"].startswith("97")]
    original = yaml.safe_load((ROOT / "data" / "organisations.yaml").read_text("utf-8"))
    firms = [
        {
            "slug": f"firme-{i}",
            "label": {
                "fr": f"{rng.choice(FIRM_WORDS)} {rng.choice(NAMES)} {i}",
                "en": f"{rng.choice(FIRM_WORDS)} {rng.choice(NAMES)} {i}",
            },
            "type": "prestataire",
        }
        for i in range(max(40, laureates // 3))
    ]
    ddts = [
        {
            "slug": f"ddt-synthetique-{d['code'].lower()}",
            "label": {
                "fr": f"Direction départementale des territoires — {d['nom']}",
                "en": f"Departmental Directorate of the Territories — {d['nom']}",
            },
            "type": "service-deconcentre",
            "department": d["code"],
        }
        for d in departments
    ]
    # A data file describes at most MAX_RECORDS_PER_FILE entries (builder.py): the registry is split.
    organisations = original["organisations"] + firms + ddts
    chunks = [organisations[i:i + REGISTRY_CHUNK] for i in range(0, len(organisations), REGISTRY_CHUNK)]
    _dump(data / "organisations.yaml", {"sources": ["page-session-2023-2025"], "organisations": chunks[0],
                                        "people": original["people"]})
    for number, chunk in enumerate(chunks[1:], start=2):
        (data / "organisations").mkdir(exist_ok=True)
        _dump(data / "organisations" / f"{number:03d}.yaml",
              {"sources": ["page-session-2023-2025"], "organisations": chunk})
    sessions = max(1, laureates // 500)
    for s in range(sessions):
        start = 2000 + 2 * s
        _dump(
            data / "sessions" / f"s{s}.yaml",
            {
                "sources": ["page-session-2023-2025"],
                "session": {
                    "slug": f"{start}-{start + 2}",
                    "programme": "atelier-des-territoires",
                    "label": {"fr": f"Session {start}-{start + 2}", "en": f"{start}-{start + 2} session"},
                    "theme": {"fr": sentence(rng, 6), "en": sentence(rng, 6)},
                    "period": {"start": start, "end": start + 2},
                    "ami": {
                        "slug": f"ami-{start}",
                        "label": {"fr": f"AMI {start}", "en": f"Call {start}"},
                        "description": {"fr": sentence(rng, 20), "en": sentence(rng, 20)},
                        "launched": start,
                        "objectives": [
                            {
                                "slug": f"objectif-{k}",
                                "text": {"fr": sentence(rng, 12), "en": sentence(rng, 12)},
                            }
                            for k in range(3)
                        ],
                    },
                    "governance": [
                        {
                            "slug": f"jury-{start}",
                            "label": {"fr": f"Jury {start}", "en": f"Jury {start}"},
                            "kinds": ["jury"],
                            "pilot": "dgaln",
                            "members": [{"organisation": o} for o in ("dge", "anct", "cerema", "cnoa")],
                        }
                    ],
                },
            },
        )
    for n in range(laureates):
        department = rng.choice(departments)
        start = 2000 + 2 * (n % sessions)
        members = rng.sample(firms, rng.randint(3, 6))
        _dump(
            data / "laureats" / f"l{n}.yaml",
            {
                "sources": ["page-session-2023-2025"],
                "laureat": {
                    "slug": f"laureat-{n}",
                    "session": f"{start}-{start + 2}",
                    "label": {
                        "fr": f"Lauréat {department['nom']} {n}",
                        "en": f"{department['nom']} laureate {n}",
                    },
                    "lead_bodies": [{"department": department["code"], "status": "etabli"}],
                    "objective": {"fr": sentence(rng, 18), "en": sentence(rng, 18)},
                    "ambitions": [
                        {"slug": f"a{k}", "text": {"fr": sentence(rng, 25), "en": sentence(rng, 25)}}
                        for k in range(rng.randint(3, 5))
                    ],
                    "ddts": [f"ddt-synthetique-{department['code'].lower()}"],
                    "departments": [department["code"]],
                    "regions": [department["region"]],
                    "team": {
                        "members": [
                            {
                                "organisation": m["slug"],
                                "role": "mandataire" if k == 0 else "membre",
                                "disciplines": rng.sample(
                                    [
                                        "urbanisme",
                                        "paysage",
                                        "architecture",
                                        "foncier",
                                        "mobilite",
                                        "sociologie",
                                    ],
                                    2,
                                ),
                            }
                            for k, m in enumerate(members)
                        ]
                    },
                },
            },
        )
    return data


def _dump(path: Path, document: dict) -> None:  # type: ignore[type-arg]
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(document, Dumper=dumper, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--laureates", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(generate(args.out, args.laureates, args.seed))


if __name__ == "__main__":
    main()
