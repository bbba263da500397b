"""Reading entries: files, YAML, keys, values, identifiers and references."""

MESSAGES: dict[str, dict[str, str]] = {
    "not_utf8": {
        "fr": "le fichier n'est pas en UTF-8 (octet {byte} en colonne {column}) : "
              "réenregistrez-le en UTF-8",
        "en": "the file is not UTF-8 (byte {byte} at column {column}): save it again as UTF-8",
    },
    "too_large": {
        "fr": "le fichier dépasse la limite de {limit} octets : découpez-le en plusieurs "
              "fichiers",
        "en": "the file is larger than the limit of {limit} bytes: split it into several files",
    },
    "yaml_syntax": {
        "fr": "YAML invalide : {problem} ; vérifiez l'indentation, les deux-points et les "
              "guillemets",
        "en": "invalid YAML: {problem}; check the indentation, colons and quotes",
    },
    "yaml_alias": {
        "fr": "les ancres et alias YAML (&, *) ne sont pas acceptés : recopiez la valeur",
        "en": "YAML anchors and aliases (&, *) are not accepted: write the value out",
    },
    "yaml_tag": {
        "fr": "l'étiquette YAML {tag} n'est pas acceptée : retirez-la",
        "en": "the YAML tag {tag} is not accepted: remove it",
    },
    "yaml_too_deep": {
        "fr": "imbrication trop profonde (plus de {limit} niveaux) : simplifiez la structure",
        "en": "nesting too deep (more than {limit} levels): simplify the structure",
    },
    "duplicate_key": {
        "fr": "la clé « {key} » apparaît deux fois (aussi ligne {other}) : n'en gardez qu'une",
        "en": "the key \"{key}\" appears twice (also line {other}): keep only one",
    },
    "empty_file": {
        "fr": "le fichier est vide : il doit contenir une entrée",
        "en": "the file is empty: it must hold an entry",
    },
    "unreadable": {
        "fr": "impossible de lire le fichier : {problem}",
        "en": "cannot read the file: {problem}",
    },
    "unknown_key": {
        "fr": "clé inconnue « {key} » dans {where}{hint} ; clés possibles : {allowed}",
        "en": "unknown key \"{key}\" in {where}{hint}; possible keys: {allowed}",
    },
    "did_you_mean": {
        "fr": " (vouliez-vous dire « {suggestion} » ?)",
        "en": " (did you mean \"{suggestion}\"?)",
    },
    "no_entry": {
        "fr": "aucune entrée reconnue : le fichier doit commencer par l'une des clés {allowed}",
        "en": "no entry recognised: the file must start with one of the keys {allowed}",
    },
    "expected_mapping": {
        "fr": "« {key} » doit être une liste de clés (clé: valeur), pas {got}",
        "en": "\"{key}\" must be a set of keys (key: value), not {got}",
    },
    "expected_list": {
        "fr": "« {key} » doit être une liste (lignes commençant par « - »), pas {got}",
        "en": "\"{key}\" must be a list (lines starting with \"- \"), not {got}",
    },
    "expected_text": {
        "fr": "« {key} » doit être un texte, pas {got}",
        "en": "\"{key}\" must be a text, not {got}",
    },
    "expected_integer": {
        "fr": "« {key} » doit être un nombre entier écrit en chiffres, sans zéro en tête, au "
              "plus 18 chiffres (ex. 42 ou -3), pas « {value} »",
        "en": "\"{key}\" must be a whole number written in digits, without leading zeros, at most "
              "18 digits (e.g. 42 or -3), not \"{value}\"",
    },
    "expected_number": {
        "fr": "« {key} » doit être un nombre écrit en chiffres, avec un point pour les "
              "décimales, sans zéro en tête ni exposant, au plus 18 chiffres avant le point et "
              "9 après (ex. 1000000 ou 1.5), pas « {value} »",
        "en": "\"{key}\" must be a number written in digits, with a point for decimals, without "
              "leading zeros or exponent, at most 18 digits before the point and 9 after (e.g. "
              "1000000 or 1.5), not \"{value}\"",
    },
    "expected_year": {
        "fr": "« {key} » doit être une année écrite avec quatre chiffres (ex. 2023), pas « "
              "{value} »",
        "en": "\"{key}\" must be a year written with four digits (e.g. 2023), not \"{value}\"",
    },
    "expected_boolean": {
        "fr": "« {key} » doit valoir true ou false (en minuscules), pas « {value} »",
        "en": "\"{key}\" must be true or false (in lower case), not \"{value}\"",
    },
    "unknown_language": {
        "fr": "langue « {language} » non prise en charge dans « {key} » : utilisez fr ou en",
        "en": "language \"{language}\" not supported in \"{key}\": use fr or en",
    },
    "bad_code": {
        "fr": "« {value} » n'est pas un code INSEE valide pour « {key} » : chiffres et lettres, entre "
              "guillemets (ex. « 07 », « 2A », « 974 », « 34172 »)",
        "en": "\"{value}\" is not a valid INSEE code for \"{key}\": digits and letters, in quotes "
              "(e.g. \"07\", \"2A\", \"974\", \"34172\")",
    },
    "bad_slug": {
        "fr": "« {value} » n'est pas un identifiant valide pour « {key} » : minuscules sans "
              "accents, chiffres et tirets simples (ex. « ddt-jura »)",
        "en": "\"{value}\" is not a valid identifier for \"{key}\": lower-case letters without "
              "accents, digits and single hyphens (e.g. \"ddt-jura\")",
    },
    "missing_slug": {
        "fr": "{where} n'a pas de « {key} » : c'est l'identifiant stable de l'entrée, "
              "ajoutez-le (ex. « {key}: mon-entree »)",
        "en": "{where} has no \"{key}\": it is the entry's stable identifier, add it (e.g. "
              "\"{key}: my-entry\")",
    },
    "duplicate_slug": {
        "fr": "l'identifiant « {slug} » ({kind}) est déjà utilisé en {other} : choisissez-en un "
              "autre",
        "en": "the identifier \"{slug}\" ({kind}) is already used at {other}: choose another",
    },
    "unknown_reference": {
        "fr": "« {key} » renvoie à « {slug} », qui n'existe pas parmi les {kind}{hint} ; "
              "ajoutez l'entrée à {registry} ou corrigez l'identifiant",
        "en": "\"{key}\" refers to \"{slug}\", which does not exist among the {kind}{hint}; add the "
              "entry to {registry} or correct the identifier",
    },
    "needs_one_of": {
        "fr": "une entrée « {where} » nomme ce qu'elle désigne par une et une seule de ces clés : {keys}",
        "en": "a \"{where}\" entry names what it is about with exactly one of these keys: {keys}",
    },
    "no_data": {
        "fr": "aucun fichier de données dans {folder} : lancez la commande depuis le dossier du "
              "projet ou indiquez --data",
        "en": "no data files in {folder}: run the command from the project folder or pass "
              "--data",
    },
    "no_shapes": {
        "fr": "aucune forme SHACL (*.ttl) dans {folder} : lancez la commande depuis le dossier "
              "du projet ou indiquez --shapes",
        "en": "no SHACL shapes (*.ttl) in {folder}: run the command from the project folder or "
              "pass --shapes",
    },
    "too_many_shape_triples": {
        "fr": "plus de {limit} triplets dans les formes SHACL : ce ne sont pas des formes ; "
              "vérifiez le dossier --shapes",
        "en": "more than {limit} triples in the SHACL shapes: these are not shapes; check the --shapes "
              "folder",
    },
    "bad_graph_file": {
        "fr": "fichier RDF illisible : {problem} ; corrigez sa syntaxe (Turtle, N-Triples, "
              "JSON-LD ou RDF/XML)",
        "en": "unreadable RDF file: {problem}; correct its syntax (Turtle, N-Triples, JSON-LD "
              "or RDF/XML)",
    },
    "xml_doctype": {
        "fr": "le RDF/XML déclare un DOCTYPE ou des entités, refusés (ils pourraient lire des "
              "fichiers ou exploser en mémoire) : retirez la déclaration <!DOCTYPE …>",
        "en": "the RDF/XML declares a DOCTYPE or entities, which are refused (they could read "
              "files or blow up in memory): remove the <!DOCTYPE …> declaration",
    },
    "remote_context": {
        "fr": "le contexte JSON-LD « {value} » serait téléchargé ou lu sur le disque, ce qui "
              "est refusé : écrivez le contexte dans le fichier (\"@context\": {{…}})",
        "en": "the JSON-LD context \"{value}\" would be fetched or read from disk, which is "
              "refused: write the context inline (\"@context\": {{…}})",
    },
    "outside_data": {
        "fr": "ce fichier est un lien vers {target}, hors du dossier de données : copiez le "
              "fichier dans data/ ou retirez le lien",
        "en": "this file links to {target}, outside the data folder: copy the file into data/ "
              "or remove the link",
    },
    "unsupported_entry": {
        "fr": "format d'entrée inconnu « {suffix} » : donnez un fichier .yaml, ou du RDF en "
              ".ttl, .nt, .jsonld ou .rdf",
        "en": "unknown entry format \"{suffix}\": give a .yaml file, or RDF as .ttl, .nt, .jsonld "
              "or .rdf",
    },
    "control_character": {
        "fr": "caractère de contrôle {char} dans le texte : retirez-le (il ne s'affiche pas et "
              "casse les exports)",
        "en": "control character {char} in the text: remove it (it does not display and breaks "
              "exports)",
    },
    "bad_url": {
        "fr": "« {value} » n'est pas une adresse web valide pour « {key} » (https://…)",
        "en": "\"{value}\" is not a valid web address for \"{key}\" (https://…)",
    },
    "not_regular_file": {
        "fr": "ce n'est pas un fichier ordinaire mais {kind} : donnez le chemin d'un fichier de "
              "données",
        "en": "this is not a regular file but {kind}: give the path of a data file",
    },
    "link_loop": {
        "fr": "ce lien symbolique mène à une boucle de liens : retirez-le ou faites-le pointer "
              "vers un fichier",
        "en": "this symbolic link leads to a loop of links: remove it or point it to a file",
    },
    "scalar_too_long": {
        "fr": "« {value} » se lit comme un nombre ou une date de plus de {limit} caractères : "
              "écrivez une valeur plus courte, ou mettez le texte entre guillemets",
        "en": "\"{value}\" reads as a number or a date of more than {limit} characters: write a "
              "shorter value, or put the text in quotes",
    },
    "bad_date": {
        "fr": "« {value} » n'est pas une date qui existe : corrigez-la (AAAA-MM-JJ, heure de "
              "00:00:00 à 23:59:59), ou mettez le texte entre guillemets",
        "en": "\"{value}\" is not a date that exists: correct it (YYYY-MM-DD, time from 00:00:00 "
              "to 23:59:59), or put the text in quotes",
    },
    "bad_scalar": {
        "fr": "« {value} » ne se lit pas comme un nombre : corrigez-le (ex. 42 ou 1.5), ou "
              "mettez le texte entre guillemets",
        "en": "\"{value}\" cannot be read as a number: correct it (e.g. 42 or 1.5), or put the "
              "text in quotes",
    },
    "folder_link": {
        "fr": "ce lien mène à un dossier du dossier de données, dont les fichiers seraient lus "
              "deux fois (ou sans fin) : retirez le lien",
        "en": "this link leads to a folder of the data folder, whose files would be read twice "
              "(or forever): remove the link",
    },
    "too_many_values": {
        "fr": "le fichier contient plus de {limit} valeurs : découpez-le en plusieurs fichiers",
        "en": "the file holds more than {limit} values: split it into several files",
    },
    "too_many_records": {
        "fr": "le fichier décrit plus de {limit} entrées (lauréat, ambitions, membres, "
              "organisations…) : découpez-le en plusieurs fichiers",
        "en": "the file describes more than {limit} entries (laureate, ambitions, members, "
              "organisations…): split it into several files",
    },
    "endpoint_failed": {
        "fr": "le point d'accès SPARQL n'a pas répondu à une requête de validation : {reason}",
        "en": "the SPARQL endpoint did not answer a validation query: {reason}",
    },
    "shacl_unsupported": {
        "fr": "cette forme utilise {feature}, que le moteur SHACL natif n'évalue pas : rien n'a été "
              "validé ; relancez avec --engine pyshacl",
        "en": "this shape uses {feature}, which the native SHACL engine does not evaluate: nothing was "
              "validated; run again with --engine pyshacl",
    },
    "shacl_failed": {
        "fr": "pySHACL n'a pas pu appliquer les formes ({problem}) : rien n'a été validé ; corrigez "
              "la forme en cause",
        "en": "pySHACL could not apply the shapes ({problem}): nothing was validated; fix the shape "
              "it names",
    },
    "chain_too_long": {
        "fr": "par « {key} », cette entrée relève, directement ou non, de plus de {limit} "
              "autres : raccourcissez la chaîne",
        "en": "through \"{key}\", this entry belongs, directly or not, to more than {limit} "
              "others: shorten the chain",
    },
    "bad_graph_number": {
        "fr": "« {value} » n'est pas écrit comme un nombre de type {datatype} (chiffres, un point, sans "
              "exposant pour un décimal ; 40 chiffres au plus) : corrigez-le",
        "en": "\"{value}\" is not written as a {datatype} number (digits, a point, no exponent for a "
              "decimal; at most 40 digits): correct it",
    },
    "too_many_problems": {
        "fr": "plus de {limit} problèmes : la lecture s'arrête ici ; corrigez ceux-ci d'abord",
        "en": "more than {limit} problems: reading stops here; fix these first",
    },
    "no_entries_in_folder": {
        "fr": "ce dossier ne contient aucune entrée (.yaml, .yml, .ttl, .nt, .jsonld, .rdf) : donnez un "
              "fichier ou un dossier d'entrées",
        "en": "this folder holds no entry (.yaml, .yml, .ttl, .nt, .jsonld, .rdf): give a file or a "
              "folder of entries",
    },
    "expected_date": {
        "fr": "« {key} » doit être une date qui existe, écrite AAAA-MM-JJ (ex. 2024-02-12), pas « {value} »",
        "en": "\"{key}\" must be a date that exists, written YYYY-MM-DD (e.g. 2024-02-12), not \"{value}\"",
    },
}
