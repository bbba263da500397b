"""Writing outputs, releases and the index; pushing to a store; what commands report."""

MESSAGES: dict[str, dict[str, str]] = {
    "write_failed": {
        "fr": "écriture impossible : {problem} ; le fichier précédent est intact",
        "en": "cannot write: {problem}; the previous file is intact",
    },
    "indexed": {
        "fr": "Index pour « atelier-kg validate ENTRÉE » : {folder}",
        "en": "Index for \"atelier-kg validate ENTRY\": {folder}",
    },
    "built": {
        "fr": "{triples} triplets, {resources} ressources ; écrit :",
        "en": "{triples} triples, {resources} resources; written:",
    },
    "unknown_format": {
        "fr": "format inconnu « {name} » ; formats possibles : {allowed}",
        "en": "unknown format \"{name}\"; possible formats: {allowed}",
    },
    "not_conform": {
        "fr": "les données ne sont pas conformes : rien n'a été écrit ; corrigez les erreurs "
              "ci-dessus",
        "en": "the data does not conform: nothing was written; fix the violations above",
    },
    "exists": {
        "fr": "{target} existe déjà : choisissez un autre identifiant ou un autre fichier (-o)",
        "en": "{target} already exists: choose another identifier or another file (-o)",
    },
    "written": {
        "fr": "modèle écrit dans {path} : remplissez-le, puis lancez « atelier-kg validate "
              "{path} »",
        "en": "template written to {path}: fill it in, then run \"atelier-kg validate {path}\"",
    },
    "folder_is_cwd": {
        "fr": "ce dossier est le dossier courant ou le contient : il ne sera pas remplacé ; "
              "choisissez un dossier vide ou dédié (--out)",
        "en": "this folder is the working folder or holds it: it will not be replaced; choose "
              "an empty or dedicated folder (--out)",
    },
    "folder_holds_inputs": {
        "fr": "ce dossier contient les entrées du projet ({inputs}), en fait partie ou les "
              "contient : il ne sera pas remplacé ; choisissez un dossier vide ou dédié (--out)",
        "en": "this folder is, holds or lies inside the project's inputs ({inputs}): it will "
              "not be replaced; choose an empty or dedicated folder (--out)",
    },
    "folder_not_ours": {
        "fr": "ce dossier contient des fichiers que « {command} » n'a pas écrits ({names}) : il "
              "ne sera pas remplacé ; choisissez un dossier vide ou dédié (--out)",
        "en": "this folder holds files \"{command}\" did not write ({names}): it will not be "
              "replaced; choose an empty or dedicated folder (--out)",
    },
    "not_a_folder": {
        "fr": "ce chemin existe et n'est pas un dossier : choisissez un dossier vide ou dédié "
              "(--out)",
        "en": "this path exists and is not a folder: choose an empty or dedicated folder "
              "(--out)",
    },
    "file_in_inputs": {
        "fr": "ce fichier serait écrit parmi les entrées du projet ({inputs}) : choisissez un "
              "fichier hors de data/, shapes/ et ontology/ (-o)",
        "en": "this file would be written among the project's inputs ({inputs}): choose a file "
              "outside data/, shapes/ and ontology/ (-o)",
    },
    "unsafe_file_name": {
        "fr": "nom de fichier refusé (absolu, avec « .. », vide ou avec un caractère de "
              "contrôle) : rien n'a été écrit",
        "en": "file name refused (absolute, with \"..\", empty or with a control character): "
              "nothing was written",
    },
    "unsafe_site_path": {
        "fr": "cette ressource ne peut pas devenir une page du site (chemin attendu "
              "id/TYPE/IDENTIFIANT en minuscules, chiffres et tirets, distinct des pages "
              "d'index) : rien n'a été écrit",
        "en": "this resource cannot become a page of the site (expected path id/KIND/IDENTIFIER "
              "in lower-case letters, digits and hyphens, apart from the index pages): nothing "
              "was written",
    },
    "bad_version": {
        "fr": "« {value} » n'est pas un numéro de version : lettres, chiffres, et . - + _ entre "
              "eux (ex. 1.2.0 ou 2025.11.28), sans / ni .. ni point au début",
        "en": "\"{value}\" is not a version: letters, digits, and . - + _ between them (e.g. "
              "1.2.0 or 2025.11.28), without / or .. or a leading dot",
    },
    "output_unparsable": {
        "fr": "la sortie ne se relit pas ({problem}) : rien n'a été remplacé ; corrigez la "
              "valeur en cause ou signalez le problème",
        "en": "the output does not parse back ({problem}): nothing was replaced; correct the "
              "value at fault or report the problem",
    },
    "output_incomplete": {
        "fr": "la sortie relue contient {found} triplets au lieu de {expected} : rien n'a été "
              "remplacé ; signalez le problème",
        "en": "the output parses back to {found} triples instead of {expected}: nothing was "
              "replaced; report the problem",
    },
    "io_error": {
        "fr": "lecture ou écriture impossible : {problem} ; ce qui était déjà écrit est intact",
        "en": "cannot read or write: {problem}; what was already written is intact",
    },
    "internal_error": {
        "fr": "erreur interne ({kind}) : rien d'incomplet n'a été publié ; signalez-la, avec la "
              "trace obtenue en relançant avec ATELIER_KG_DEBUG=1",
        "en": "internal error ({kind}): nothing incomplete was published; please report it, "
              "with the traceback shown when run again with ATELIER_KG_DEBUG=1",
    },
    "release_incomplete": {
        "fr": "publication incomplète : {missing} manque ; utilisez une copie intacte de la "
              "publication",
        "en": "incomplete release: {missing} is missing; use an intact copy of the release",
    },
    "release_checksum": {
        "fr": "publication altérée : ce fichier ne correspond pas à sa somme dans SHA256SUMS ; "
              "utilisez une copie intacte de la publication",
        "en": "damaged release: this file does not match its checksum in SHA256SUMS; use an "
              "intact copy of the release",
    },
    "release_syntax": {
        "fr": "publication altérée : ce n'est pas du {format} valide ; utilisez une copie "
              "intacte de la publication",
        "en": "damaged release: this is not valid {format}; use an intact copy of the release",
    },
    "release_too_large": {
        "fr": "publication altérée : ce fichier fait {size} octets, plus que la limite de "
              "{limit}",
        "en": "damaged release: this file is {size} bytes, more than the limit of {limit}",
    },
    "release_not_regular": {
        "fr": "ce fichier de la publication est un lien ou un fichier spécial, jamais lu : une "
              "publication ne contient que ses propres fichiers",
        "en": "this file of the release is a link or a special file, never read: a release "
              "holds only its own files",
    },
    "password_needed": {
        "fr": "mot de passe de « {user} » inconnu : définissez ATELIER_KG_PASSWORD ou lancez la "
              "commande dans un terminal pour le saisir",
        "en": "no password for \"{user}\": set ATELIER_KG_PASSWORD or run the command in a "
              "terminal to type it",
    },
    "bad_netrc": {
        "fr": "fichier netrc illisible : {problem}",
        "en": "unreadable netrc file: {problem}",
    },
    "push_refused": {
        "fr": "le serveur a refusé l'envoi ({status}) : {body}",
        "en": "the server refused the upload ({status}): {body}",
    },
    "push_unreachable": {
        "fr": "serveur injoignable : {reason}",
        "en": "server unreachable: {reason}",
    },
    "push_bad_address": {
        "fr": "adresse invalide « {endpoint} » : http:// ou https:// attendu",
        "en": "invalid address \"{endpoint}\": http:// or https:// expected",
    },
    "push_clear_text": {
        "fr": "attention : identifiants envoyés sans chiffrement (http://) à {host} ; préférez "
              "https://",
        "en": "warning: credentials sent unencrypted (http://) to {host}; prefer https://",
    },
    "release_exists": {
        "fr": "la publication {target} existe déjà : choisissez une autre version ou ajoutez --force",
        "en": "the release {target} already exists: choose another version or add --force",
    },
    "release_no_date": {
        "fr": "date de publication inconnue : définissez SOURCE_DATE_EPOCH (secondes depuis 1970) ou "
              "publiez depuis un dépôt git",
        "en": "unknown release date: set SOURCE_DATE_EPOCH (seconds since 1970) or release from a git "
              "repository",
    },
    "not_regular_target": {
        "fr": "ce chemin est un lien ou un fichier spécial (périphérique, tube…) : il ne sera pas remplacé ; "
              "donnez le chemin d'un fichier ordinaire (-o)",
        "en": "this path is a link or a special file (device, pipe…): it will not be replaced; give the path "
              "of a regular file (-o)",
    },
    "entry_suffix": {
        "fr": "une entrée s'écrit dans un fichier .yaml : donnez un nom qui finit par .yaml (-o)",
        "en": "an entry is written to a .yaml file: give a name ending in .yaml (-o)",
    },
    "release_bad_epoch": {
        "fr": "SOURCE_DATE_EPOCH vaut « {value} » : donnez un nombre de secondes depuis 1970 "
              "(ex. 1764288000)",
        "en": "SOURCE_DATE_EPOCH is \"{value}\": give a number of seconds since 1970 (e.g. 1764288000)",
    },
    "bad_file_name": {
        "fr": "ce nom de fichier n'est pas du texte lisible (octets hors UTF-8 ou caractères de contrôle) : "
              "renommez le fichier",
        "en": "this file name is not readable text (bytes outside UTF-8 or control characters): "
              "rename the file",
    },

    # -- a release's tables, checked against their Table Schemas (tables.check_table) ---------------
    "output_not_conforming": {
        "fr": "ce tableau ne respecte pas son schéma {schema} ({problem}) : rien n'a été remplacé ; "
              "signalez le problème",
        "en": "this table does not conform to its schema {schema} ({problem}): nothing was replaced; "
              "report the problem",
    },
    "release_model_name": {
        "fr": "ce fichier de formes ne peut pas être publié sous son nom : lettres, chiffres et . _ - "
              "seulement, finissant par .ttl ; renommez-le",
        "en": "this shapes file cannot be published under its name: letters, digits and . _ - only, "
              "ending in .ttl; rename it",
    },
    "table_encoding": {
        "fr": "ce n'est pas de l'UTF-8 valide",
        "en": "this is not valid UTF-8",
    },
    "table_syntax": {
        "fr": "ce n'est pas du CSV valide (un guillemet non fermé ?)",
        "en": "this is not valid CSV (an unclosed quote?)",
    },
    "table_header": {
        "fr": "l'en-tête n'est pas celui du schéma : attendu « {expected} », trouvé « {found} »",
        "en": "the header is not the schema's: expected \"{expected}\", found \"{found}\"",
    },
    "table_width": {
        "fr": "{found} cellules au lieu de {expected}",
        "en": "{found} cells instead of {expected}",
    },
    "table_required": {
        "fr": "{field} : valeur obligatoire manquante",
        "en": "{field}: required value missing",
    },
    "table_type": {
        "fr": "{field} : « {value} » n'est pas du type {type}",
        "en": "{field}: \"{value}\" is not of type {type}",
    },
    "table_constraint": {
        "fr": "{field} : « {value} » ne respecte pas la contrainte {constraint} ({expected})",
        "en": "{field}: \"{value}\" does not meet the constraint {constraint} ({expected})",
    },
    "table_unique": {
        "fr": "{field} : « {value} » figure déjà ligne {first} (valeur unique attendue)",
        "en": "{field}: \"{value}\" already appears on line {first} (unique value expected)",
    },
    "table_primary_key": {
        "fr": "clé primaire ({key}) déjà vue ligne {first}",
        "en": "primary key ({key}) already seen on line {first}",
    },
    "table_primary_key_missing": {
        "fr": "clé primaire ({key}) incomplète",
        "en": "primary key ({key}) incomplete",
    },
    "table_more_problems": {
        "fr": "plus de {limit} problèmes dans ce tableau : les suivants ne sont pas listés",
        "en": "more than {limit} problems in this table: the next ones are not listed",
    },
    # -- atelier-kg validate --release (release/check.py) ---------------------------------------------
    "release_not_a_release": {
        "fr": "ce n'est pas une publication (ni SHA256SUMS ni catalog.ttl) : donnez le dossier d'une "
              "version, ex. releases/1.0",
        "en": "this is not a release (neither SHA256SUMS nor catalog.ttl): give the folder of one "
              "version, e.g. releases/1.0",
    },
    "release_no_standards": {
        "fr": "les formes officielles DCAT-AP 3.0.1 sont introuvables : réinstallez atelier-kg",
        "en": "the official DCAT-AP 3.0.1 shapes cannot be found: reinstall atelier-kg",
    },
    "release_missing_file": {
        "fr": "{name} manque : la publication est incomplète",
        "en": "{name} is missing: the release is incomplete",
    },
    "release_unlisted_file": {
        "fr": "ce fichier n'est pas dans SHA256SUMS : une publication ne contient que les fichiers "
              "qu'elle liste",
        "en": "this file is not in SHA256SUMS: a release holds only the files it lists",
    },
    "release_dcat_ap": {
        "fr": "non conforme à DCAT-AP 3.0.1 : {focus} : {detail}",
        "en": "does not conform to DCAT-AP 3.0.1: {focus}: {detail}",
    },
    "release_bad_distribution": {
        "fr": "la distribution {distribution} n'a pas d'adresse de téléchargement vers un fichier de "
              "la publication",
        "en": "the distribution {distribution} has no download URL to a file of the release",
    },
    "release_missing_distribution": {
        "fr": "le catalogue annonce la distribution {name}, absente de la publication",
        "en": "the catalog announces the distribution {name}, missing from the release",
    },
    "release_distribution_differs": {
        "fr": "ce fichier n'a pas la taille ou la somme SHA-256 que le catalogue lui donne "
              "(catalog.ttl:{at})",
        "en": "this file does not have the size or SHA-256 the catalog gives it (catalog.ttl:{at})",
    },
    "release_not_distributed": {
        "fr": "ce fichier n'est pas une distribution du catalogue (catalog.ttl)",
        "en": "this file is not a distribution of the catalog (catalog.ttl)",
    },
    "release_table_not_packaged": {
        "fr": "ce tableau n'est pas une ressource de datapackage.json",
        "en": "this table is not a resource of datapackage.json",
    },
    "release_bad_resource": {
        "fr": "la ressource « {name} » n'a pas de chemin et de schéma qui soient des fichiers de la "
              "publication",
        "en": "the resource \"{name}\" has no path and schema that are files of the release",
    },
    "release_missing_resource": {
        "fr": "le paquet annonce le tableau {name}, absent de la publication",
        "en": "the package announces the table {name}, missing from the release",
    },
    "release_resource_differs": {
        "fr": "ce tableau n'a pas la taille ou la somme SHA-256 que datapackage.json lui donne",
        "en": "this table does not have the size or SHA-256 that datapackage.json gives it",
    },
    "release_missing_schema": {
        "fr": "son schéma {schema} manque : le tableau ne peut pas être vérifié",
        "en": "its schema {schema} is missing: the table cannot be checked",
    },
    "release_table": {
        "fr": "non conforme à {schema} : {problem}",
        "en": "does not conform to {schema}: {problem}",
    },
    "release_copy_differs": {
        "fr": "ce fichier n'est pas la copie compressée de {reference}",
        "en": "this file is not the compressed copy of {reference}",
    },
    "release_triples": {
        "fr": "{found} triplets au lieu des {expected} de {reference}",
        "en": "{found} triples instead of the {expected} of {reference}",
    },
    "release_no_shapes": {
        "fr": "la publication ne contient pas ses formes ({prefix}*.ttl) : son graphe ne peut pas être "
              "vérifié",
        "en": "the release does not hold its shapes ({prefix}*.ttl): its graph cannot be checked",
    },
    # -- what a release publishes (fixed texts, in both languages) -------------------------------------
    "title_context": {"fr": "Contexte JSON-LD", "en": "JSON-LD context"},
    "title_ontology": {"fr": "Ontologie (vocabulaire atd:)", "en": "Ontology (atd: vocabulary)"},
    "title_shapes": {"fr": "Formes SHACL de validation", "en": "SHACL validation shapes"},
    "title_package": {"fr": "Paquet de données Frictionless (tableaux)",
                      "en": "Frictionless Data Package (tables)"},
    "title_checksums": {"fr": "Sommes de contrôle SHA-256", "en": "SHA-256 checksums"},
    "distribution_title": {"fr": "{title} : {name}", "en": "{title}: {name}"},
    "distribution_description": {"fr": "{title} de la version {version}.",
                                 "en": "{title} of version {version}."},
    "schema_description": {
        "fr": "{title} du programme national Atelier des territoires (DGALN) : une ligne par entrée, "
              "version {version}.",
        "en": "{title} of the national Atelier des territoires programme (DGALN): one row per entry, "
              "version {version}.",
    },
    "package_resource": {
        "fr": "{title} : une ligne par entrée ; le schéma {name}.schema.json décrit chaque champ.",
        "en": "{title}: one row per entry; the schema {name}.schema.json describes each field.",
    },
    "changelog_title": {"fr": "journal des versions", "en": "changelog"},
    "changelog_since": {"fr": "Changements depuis {previous}", "en": "Changes since {previous}"},
    "version_note_first": {"fr": "Première publication.", "en": "First release."},
    "version_note_none": {"fr": "Aucun changement depuis la version {previous}.",
                          "en": "No change since version {previous}."},
    "version_note": {"fr": "Changements depuis la version {previous} : {changes}.",
                     "en": "Changes since version {previous}: {changes}."},
    "version_note_kind": {"fr": "{kind} : {counts}", "en": "{kind}: {counts}"},
    "version_note_added": {"fr": "{count} ajout{s}", "en": "{count} addition{s}"},
    "version_note_removed": {"fr": "{count} retrait{s}", "en": "{count} removal{s}"},
    "version_note_changed": {"fr": "{count} modification{s}", "en": "{count} change{s}"},
    "release_unsafe_shapes": {
        "fr": "ces formes contiennent une requête SPARQL refusée ({problem}) : le graphe n'est pas vérifié "
              "avec elles",
        "en": "these shapes hold a refused SPARQL query ({problem}): the graph is not checked with them",
    },
}
