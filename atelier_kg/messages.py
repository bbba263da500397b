"""User-facing messages in French and English, and the one error type that carries a place."""

from __future__ import annotations

import locale
import os
import re

LANGS = ("fr", "en")

MESSAGES: dict[str, dict[str, str]] = {
    # Reading files
    "not_utf8": {
        "fr": "le fichier n'est pas en UTF-8 (octet {byte} en colonne {column}) : "
        "réenregistrez-le en UTF-8",
        "en": "the file is not UTF-8 (byte {byte} at column {column}): save it again as UTF-8",
    },
    "too_large": {
        "fr": "le fichier dépasse la limite de {limit} octets : découpez-le en plusieurs fichiers",
        "en": "the file is larger than the limit of {limit} bytes: split it into several files",
    },
    "yaml_syntax": {
        "fr": "YAML invalide : {problem} ; vérifiez l'indentation, les deux-points et les guillemets",
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
    # Shape of the entries
    "unknown_key": {
        "fr": "clé inconnue « {key} » dans {where}{hint} ; clés possibles : {allowed}",
        "en": "unknown key \"{key}\" in {where}{hint}; possible keys: {allowed}",
    },
    "did_you_mean": {"fr": " (vouliez-vous dire « {suggestion} » ?)",
                     "en": " (did you mean \"{suggestion}\"?)"},
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
        "fr": "« {key} » doit être un nombre entier écrit en chiffres, sans zéro en tête, au plus "
        "18 chiffres (ex. 42 ou -3), pas « {value} »",
        "en": "\"{key}\" must be a whole number written in digits, without leading zeros, at most "
        "18 digits (e.g. 42 or -3), not \"{value}\"",
    },
    "expected_number": {
        "fr": "« {key} » doit être un nombre écrit en chiffres, avec un point pour les décimales, sans "
        "zéro en tête ni exposant, au plus 18 chiffres avant le point et 9 après (ex. 1000000 ou 1.5), "
        "pas « {value} »",
        "en": "\"{key}\" must be a number written in digits, with a point for decimals, without leading "
        "zeros or exponent, at most 18 digits before the point and 9 after (e.g. 1000000 or 1.5), "
        "not \"{value}\"",
    },
    "expected_year": {
        "fr": "« {key} » doit être une année écrite avec quatre chiffres (ex. 2023), pas « {value} »",
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
    "bad_slug": {
        "fr": "« {value} » n'est pas un identifiant valide pour « {key} » : minuscules sans "
        "accents, chiffres et tirets simples (ex. « ddt-jura »)",
        "en": "\"{value}\" is not a valid identifier for \"{key}\": lower-case letters without "
        "accents, digits and single hyphens (e.g. \"ddt-jura\")",
    },
    "missing_slug": {
        "fr": "{where} n'a pas de « {key} » : c'est l'identifiant stable de l'entrée, "
        "ajoutez-le (ex. « {key}: mon-entree »)",
        "en": "{where} has no \"{key}\": it is the entry's stable identifier, add it "
        "(e.g. \"{key}: my-entry\")",
    },
    "duplicate_slug": {
        "fr": "l'identifiant « {slug} » ({kind}) est déjà utilisé en {other} : "
        "choisissez-en un autre",
        "en": "the identifier \"{slug}\" ({kind}) is already used at {other}: choose another",
    },
    "unknown_reference": {
        "fr": "« {key} » renvoie à « {slug} », qui n'existe pas parmi les {kind}{hint} ; "
        "ajoutez l'entrée à {registry} ou corrigez l'identifiant",
        "en": "\"{key}\" refers to \"{slug}\", which does not exist among the {kind}{hint}; "
        "add the entry to {registry} or correct the identifier",
    },
    "member_needs_one": {
        "fr": "un membre doit indiquer soit « organisation », soit « person » (un seul des deux)",
        "en": "a member must give either \"organisation\" or \"person\" (exactly one)",
    },
    "no_data": {
        "fr": "aucun fichier de données dans {folder} : lancez la commande depuis le dossier du "
        "projet ou indiquez --data",
        "en": "no data files in {folder}: run the command from the project folder or pass --data",
    },
    # Output
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
}


def default_lang() -> str:
    """The user's language from the locale; French unless the locale asks for English."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(variable, "")
        if value:
            return "en" if value.lower().startswith("en") else "fr"
    current = locale.getlocale()[0] or ""
    return "en" if current.lower().startswith("en") else "fr"


def message(code: str, lang: str, **params: object) -> str:
    template = MESSAGES[code].get(lang) or MESSAGES[code]["fr"]
    return template.format(**{k: _shown(k, v) if isinstance(v, str) else v for k, v in params.items()})


def phrase(code: str, lang: str, **params: object) -> str:
    """A piece of presentation text (a diff line, a table heading) in the user's language.

    Unlike message(), nothing is cut: these show the data itself, not values quoted from input.
    """
    template = MESSAGES[code].get(lang) or MESSAGES[code]["fr"]
    return template.format(**params)


# A message quotes what it is about, not the file: a value, key or identifier taken from the
# input is cut short (a link to /etc/passwd read as YAML is one long text), and every other
# parameter (a path, a parser's explanation, a list of keys) is bounded too.
QUOTE_LIMIT = 60
PARAM_LIMIT = 300
_QUOTED = frozenset({"value", "key", "slug", "language", "suggestion", "tag", "suffix", "name"})
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    """A value from the input as a message shows it: on one line, at most `limit` characters and "…"."""
    return _visible(text[:limit] + "…" if len(text) > limit else text)


def _shown(name: str, text: str) -> str:
    return quote(text, QUOTE_LIMIT if name in _QUOTED else PARAM_LIMIT)


def _visible(text: str) -> str:
    """A value quoted from the input, on one line and shown as typed: controls become escapes."""
    return _INVISIBLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def inline(text: str, limit: int | None = None) -> str:
    """Text from elsewhere (a server, a parser) made safe for one terminal line, cut at limit."""
    shown = _visible(text)
    return shown if limit is None or len(shown) <= limit else shown[: limit - 1] + "…"


class BilingualError(Exception):
    """An error whose message exists in French and in English; the caller picks the language."""

    def __init__(self, fr: str, en: str) -> None:
        super().__init__(en)
        self.messages = {"fr": fr, "en": en}

    def message(self, lang: str) -> str:
        return self.messages.get(lang, self.messages["fr"])


class EntryError(Exception):
    """An input problem at a place in a file; rendered in the user's language."""

    def __init__(self, path: str, line: int | None, code: str, /, **params: object) -> None:
        self.path = path
        self.line = line
        self.code = code
        self.params = params
        super().__init__(self.render("en"))

    def render(self, lang: str) -> str:
        place = f"{self.path}:{self.line}" if self.line else self.path
        params = {k: (v(lang) if callable(v) else v) for k, v in self.params.items()}
        return f"{place}: {message(self.code, lang, **params)}"

MESSAGES["no_shapes"] = {
    "fr": "aucune forme SHACL (*.ttl) dans {folder} : lancez la commande depuis le dossier du projet "
    "ou indiquez --shapes",
    "en": "no SHACL shapes (*.ttl) in {folder}: run the command from the project folder or pass --shapes",
}
MESSAGES["not_conform"] = {
    "fr": "les données ne sont pas conformes : rien n'a été écrit ; corrigez les erreurs ci-dessus",
    "en": "the data does not conform: nothing was written; fix the violations above",
}
MESSAGES["exists"] = {
    "fr": "{target} existe déjà : choisissez un autre identifiant ou un autre fichier (-o)",
    "en": "{target} already exists: choose another identifier or another file (-o)",
}
MESSAGES["written"] = {
    "fr": "modèle écrit dans {path} : remplissez-le, puis lancez « atelier-kg validate {path} »",
    "en": "template written to {path}: fill it in, then run \"atelier-kg validate {path}\"",
}
MESSAGES["bad_graph_file"] = {
    "fr": "fichier RDF illisible : {problem} ; corrigez sa syntaxe (Turtle, N-Triples, JSON-LD ou RDF/XML)",
    "en": "unreadable RDF file: {problem}; correct its syntax (Turtle, N-Triples, JSON-LD or RDF/XML)",
}
MESSAGES["xml_doctype"] = {
    "fr": "le RDF/XML déclare un DOCTYPE ou des entités, refusés (ils pourraient lire des fichiers ou "
          "exploser en mémoire) : retirez la déclaration <!DOCTYPE …>",
    "en": "the RDF/XML declares a DOCTYPE or entities, which are refused (they could read files or "
          "blow up in memory): remove the <!DOCTYPE …> declaration",
}
MESSAGES["remote_context"] = {
    "fr": "le contexte JSON-LD « {value} » serait téléchargé ou lu sur le disque, ce qui est refusé : "
          "écrivez le contexte dans le fichier (\"@context\": {{…}})",
    "en": "the JSON-LD context \"{value}\" would be fetched or read from disk, which is refused: "
          "write the context inline (\"@context\": {{…}})",
}
MESSAGES["outside_data"] = {
    "fr": "ce fichier est un lien vers {target}, hors du dossier de données : copiez le fichier dans data/ "
          "ou retirez le lien",
    "en": "this file links to {target}, outside the data folder: copy the file into data/ or remove the link",
}
MESSAGES["unsupported_entry"] = {
    "fr": "format d'entrée inconnu « {suffix} » : donnez un fichier .yaml, "
          "ou du RDF en .ttl, .nt, .jsonld ou .rdf",
    "en": "unknown entry format \"{suffix}\": give a .yaml file, or RDF as .ttl, .nt, .jsonld "
          "or .rdf",
}
MESSAGES["control_character"] = {
    "fr": "caractère de contrôle {char} dans le texte : retirez-le "
          "(il ne s'affiche pas et casse les exports)",
    "en": "control character {char} in the text: remove it (it does not display and breaks exports)",
}
MESSAGES["bad_url"] = {
    "fr": "« {value} » n'est pas une adresse web valide pour « {key} » (https://…)",
    "en": "\"{value}\" is not a valid web address for \"{key}\" (https://…)",
}
MESSAGES["folder_is_cwd"] = {
    "fr": "ce dossier est le dossier courant ou le contient : il ne sera pas remplacé ; "
          "choisissez un dossier vide ou dédié (--out)",
    "en": "this folder is the working folder or holds it: it will not be replaced; "
          "choose an empty or dedicated folder (--out)",
}
MESSAGES["folder_holds_inputs"] = {
    "fr": "ce dossier contient les entrées du projet ({inputs}), en fait partie ou les contient : "
          "il ne sera pas remplacé ; choisissez un dossier vide ou dédié (--out)",
    "en": "this folder is, holds or lies inside the project's inputs ({inputs}): it will not be replaced; "
          "choose an empty or dedicated folder (--out)",
}
MESSAGES["folder_not_ours"] = {
    "fr": "ce dossier contient des fichiers que « {command} » n'a pas écrits ({names}) : il ne sera pas "
          "remplacé ; choisissez un dossier vide ou dédié (--out)",
    "en": "this folder holds files \"{command}\" did not write ({names}): it will not be replaced; "
          "choose an empty or dedicated folder (--out)",
}
MESSAGES["not_a_folder"] = {
    "fr": "ce chemin existe et n'est pas un dossier : choisissez un dossier vide ou dédié (--out)",
    "en": "this path exists and is not a folder: choose an empty or dedicated folder (--out)",
}
MESSAGES["file_in_inputs"] = {
    "fr": "ce fichier serait écrit parmi les entrées du projet ({inputs}) : choisissez un fichier "
          "hors de data/, shapes/ et ontology/ (-o)",
    "en": "this file would be written among the project's inputs ({inputs}): choose a file outside "
          "data/, shapes/ and ontology/ (-o)",
}
MESSAGES["unsafe_file_name"] = {
    "fr": "nom de fichier refusé (absolu, avec « .. », vide ou avec un caractère de contrôle) : "
          "rien n'a été écrit",
    "en": "file name refused (absolute, with \"..\", empty or with a control character): "
          "nothing was written",
}
MESSAGES["unsafe_site_path"] = {
    "fr": "cette ressource ne peut pas devenir une page du site (chemin attendu id/TYPE/IDENTIFIANT "
          "en minuscules, chiffres et tirets, distinct des pages d'index) : rien n'a été écrit",
    "en": "this resource cannot become a page of the site (expected path id/KIND/IDENTIFIER in "
          "lower-case letters, digits and hyphens, apart from the index pages): nothing was written",
}
MESSAGES["bad_version"] = {
    "fr": "« {value} » n'est pas un numéro de version : lettres, chiffres, et . - + _ entre eux "
          "(ex. 1.2.0 ou 2025.11.28), sans / ni .. ni point au début",
    "en": "\"{value}\" is not a version: letters, digits, and . - + _ between them "
          "(e.g. 1.2.0 or 2025.11.28), without / or .. or a leading dot",
}
MESSAGES["output_unparsable"] = {
    "fr": "la sortie ne se relit pas ({problem}) : rien n'a été remplacé ; corrigez la valeur en cause "
          "ou signalez le problème",
    "en": "the output does not parse back ({problem}): nothing was replaced; correct the value at fault "
          "or report the problem",
}
MESSAGES["output_incomplete"] = {
    "fr": "la sortie relue contient {found} triplets au lieu de {expected} : rien n'a été remplacé ; "
          "signalez le problème",
    "en": "the output parses back to {found} triples instead of {expected}: nothing was replaced; "
          "report the problem",
}
MESSAGES["io_error"] = {
    "fr": "lecture ou écriture impossible : {problem} ; ce qui était déjà écrit est intact",
    "en": "cannot read or write: {problem}; what was already written is intact",
}
MESSAGES["internal_error"] = {
    "fr": "erreur interne ({kind}) : rien d'incomplet n'a été publié ; signalez-la, avec la trace "
          "obtenue en relançant avec ATELIER_KG_DEBUG=1",
    "en": "internal error ({kind}): nothing incomplete was published; please report it, with the "
          "traceback shown when run again with ATELIER_KG_DEBUG=1",
}
MESSAGES["release_incomplete"] = {
    "fr": "publication incomplète : {missing} manque ; utilisez une copie intacte de la publication",
    "en": "incomplete release: {missing} is missing; use an intact copy of the release",
}
MESSAGES["release_checksum"] = {
    "fr": "publication altérée : ce fichier ne correspond pas à sa somme dans SHA256SUMS ; "
          "utilisez une copie intacte de la publication",
    "en": "damaged release: this file does not match its checksum in SHA256SUMS; "
          "use an intact copy of the release",
}
MESSAGES["release_syntax"] = {
    "fr": "publication altérée : ce n'est pas du {format} valide ; "
          "utilisez une copie intacte de la publication",
    "en": "damaged release: this is not valid {format}; use an intact copy of the release",
}
MESSAGES["release_too_large"] = {
    "fr": "publication altérée : ce fichier fait {size} octets, plus que la limite de {limit}",
    "en": "damaged release: this file is {size} bytes, more than the limit of {limit}",
}
MESSAGES["release_not_regular"] = {
    "fr": "ce fichier de la publication est un lien ou un fichier spécial, jamais lu : une publication "
          "ne contient que ses propres fichiers",
    "en": "this file of the release is a link or a special file, never read: a release holds only "
          "its own files",
}
MESSAGES["password_needed"] = {
    "fr": "mot de passe de « {user} » inconnu : définissez ATELIER_KG_PASSWORD ou lancez la commande "
          "dans un terminal pour le saisir",
    "en": "no password for \"{user}\": set ATELIER_KG_PASSWORD or run the command in a terminal to "
          "type it",
}
MESSAGES["bad_netrc"] = {
    "fr": "fichier netrc illisible : {problem}",
    "en": "unreadable netrc file: {problem}",
}
MESSAGES["push_refused"] = {
    "fr": "le serveur a refusé l'envoi ({status}) : {body}",
    "en": "the server refused the upload ({status}): {body}",
}
MESSAGES["push_unreachable"] = {
    "fr": "serveur injoignable : {reason}",
    "en": "server unreachable: {reason}",
}
MESSAGES["push_bad_address"] = {
    "fr": "adresse invalide « {endpoint} » : http:// ou https:// attendu",
    "en": "invalid address \"{endpoint}\": http:// or https:// expected",
}
MESSAGES["push_clear_text"] = {
    "fr": "attention : identifiants envoyés sans chiffrement (http://) à {host} ; préférez https://",
    "en": "warning: credentials sent unencrypted (http://) to {host}; prefer https://",
}
MESSAGES["not_regular_file"] = {
    "fr": "ce n'est pas un fichier ordinaire mais {kind} : donnez le chemin d'un fichier de données",
    "en": "this is not a regular file but {kind}: give the path of a data file",
}
MESSAGES["link_loop"] = {
    "fr": "ce lien symbolique mène à une boucle de liens : retirez-le ou faites-le pointer vers un fichier",
    "en": "this symbolic link leads to a loop of links: remove it or point it to a file",
}
MESSAGES["scalar_too_long"] = {
    "fr": "« {value} » se lit comme un nombre ou une date de plus de {limit} caractères : écrivez une "
          "valeur plus courte, ou mettez le texte entre guillemets",
    "en": "\"{value}\" reads as a number or a date of more than {limit} characters: write a shorter "
          "value, or put the text in quotes",
}
MESSAGES["bad_date"] = {
    "fr": "« {value} » n'est pas une date qui existe : corrigez-la (AAAA-MM-JJ, heure de 00:00:00 à "
          "23:59:59), ou mettez le texte entre guillemets",
    "en": "\"{value}\" is not a date that exists: correct it (YYYY-MM-DD, time from 00:00:00 to "
          "23:59:59), or put the text in quotes",
}
MESSAGES["bad_scalar"] = {
    "fr": "« {value} » ne se lit pas comme un nombre : corrigez-le (ex. 42 ou 1.5), ou mettez le texte "
          "entre guillemets",
    "en": "\"{value}\" cannot be read as a number: correct it (e.g. 42 or 1.5), or put the text in quotes",
}
MESSAGES["folder_link"] = {
    "fr": "ce lien mène à un dossier du dossier de données, dont les fichiers seraient lus deux fois "
          "(ou sans fin) : retirez le lien",
    "en": "this link leads to a folder of the data folder, whose files would be read twice (or "
          "forever): remove the link",
}
MESSAGES["too_many_values"] = {
    "fr": "le fichier contient plus de {limit} valeurs : découpez-le en plusieurs fichiers",
    "en": "the file holds more than {limit} values: split it into several files",
}
MESSAGES["too_many_records"] = {
    "fr": "le fichier décrit plus de {limit} entrées (lauréat, ambitions, membres, organisations…) : "
          "découpez-le en plusieurs fichiers",
    "en": "the file describes more than {limit} entries (laureate, ambitions, members, organisations…): "
          "split it into several files",
}
MESSAGES["chain_too_long"] = {
    "fr": "par « {key} », cette entrée relève, directement ou non, de plus de {limit} autres : "
          "raccourcissez la chaîne",
    "en": "through \"{key}\", this entry belongs, directly or not, to more than {limit} others: "
          "shorten the chain",
}
MESSAGES["no_change"] = {"fr": "Aucun changement.", "en": "No change."}
MESSAGES["diff_entity"] = {"fr": "{mark} {iri} « {label} »", "en": "{mark} {iri} \"{label}\""}
MESSAGES["diff_field"] = {"fr": "{field} : « {old} » → « {new} »", "en": "{field}: \"{old}\" → \"{new}\""}
