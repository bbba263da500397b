"""SPARQL queries: refusals, time and size limits, parameters and the saved-query library."""

MESSAGES: dict[str, dict[str, str]] = {
    "query_update": {
        "fr": "les mises à jour (INSERT, DELETE, LOAD, CLEAR…) sont refusées : "
              "le graphe est en lecture seule",
        "en": "updates (INSERT, DELETE, LOAD, CLEAR…) are refused: the graph is read-only",
    },
    "query_service": {
        "fr": "SERVICE est refusé : les requêtes ne sortent pas du graphe local",
        "en": "SERVICE is refused: queries do not leave the local graph",
    },
    "query_service_tried": {
        "fr": "la requête a tenté de sortir du graphe local (SERVICE), ce qui est refusé",
        "en": "the query tried to leave the local graph (SERVICE), which is refused",
    },
    "query_from": {
        "fr": "FROM et FROM NAMED sont refusés : la requête porte sur le graphe local",
        "en": "FROM and FROM NAMED are refused: the query runs on the local graph",
    },
    "query_too_long": {
        "fr": "requête trop longue (plus de {limit} octets) : raccourcissez-la",
        "en": "query too long (over {limit} bytes): shorten it",
    },
    "query_too_deep": {
        "fr": "requête trop imbriquée (plus de {limit} niveaux de parenthèses, accolades ou crochets) : "
              "simplifiez-la",
        "en": "query nested too deeply (over {limit} levels of parentheses, braces or brackets): simplify it",
    },
    "query_too_complex": {
        "fr": "requête trop complexe (plus de {limit} éléments) : simplifiez-la",
        "en": "query too complex (over {limit} tokens): simplify it",
    },
    "query_busy": {
        "fr": "trop de requêtes en attente : réessayez dans un instant",
        "en": "too many queries waiting: try again in a moment",
    },
    "query_closed": {
        "fr": "le moteur de requête s'arrête : réessayez dans un instant",
        "en": "the query engine is stopping: try again in a moment",
    },
    "query_timeout": {
        "fr": "la requête a dépassé {timeout:g} s et a été arrêtée ; simplifiez-la ou augmentez --timeout",
        "en": "the query ran past {timeout:g} s and was stopped; simplify it or raise --timeout",
    },
    "query_timeout_queued": {
        "fr": "la requête a dépassé {timeout:g} s (en attente d'un moteur libre) et a été arrêtée ; "
              "simplifiez-la ou augmentez --timeout",
        "en": "the query ran past {timeout:g} s (waiting for a free worker) and was stopped; simplify it or "
              "raise --timeout",
    },
    "query_syntax": {
        "fr": "requête SPARQL invalide : {detail}",
        "en": "invalid SPARQL query: {detail}",
    },
    "query_too_large": {
        "fr": "la réponse dépasse {limit} Mio : ajoutez LIMIT ou restreignez la requête",
        "en": "the answer is over {limit} MiB: add LIMIT or narrow the query",
    },
    "query_memory": {
        "fr": "la requête demande plus de {limit} Mio de mémoire et a été arrêtée : restreignez-la",
        "en": "the query needs more than {limit} MiB of memory and was stopped: narrow it",
    },
    "query_crashed": {
        "fr": "le moteur de requête s'est arrêté sur cette requête (trop complexe ?) : simplifiez-la",
        "en": "the query engine stopped on this query (too complex?): simplify it",
    },
    "query_sandbox": {
        "fr": "le moteur de requête ne peut pas être isolé du réseau : {detail}",
        "en": "the query engine cannot be cut off from the network: {detail}",
    },
    "query_engine": {
        "fr": "la requête n'a pas pu s'exécuter : {detail}",
        "en": "the query could not run: {detail}",
    },
    "query_bad_header": {
        "fr": "{query} : ligne de paramètre invalide « {line} » (attendu : nom | type | défaut | "
              "description fr | description en)",
        "en": "{query}: invalid parameter line \"{line}\" (expected: name | type | default | French "
              "description | English description)",
    },
    "query_unknown_query": {
        "fr": "requête inconnue « {name} »{hint} ; « atelier-kg query --list » montre la bibliothèque",
        "en": "unknown query \"{name}\"{hint}; \"atelier-kg query --list\" shows the library",
    },
    "query_unknown_param": {
        "fr": "paramètre inconnu « {name} » pour {query} ; paramètres possibles : {allowed}",
        "en": "unknown parameter \"{name}\" for {query}; possible parameters: {allowed}",
    },
    "query_missing_param": {
        "fr": "le paramètre « {name} » est requis (--param {name}=…)",
        "en": "the parameter \"{name}\" is required (--param {name}=…)",
    },
    "query_bad_param": {
        "fr": "« {value} » n'est pas une valeur de type {kind} pour {name}",
        "en": "\"{value}\" is not a {kind} value for {name}",
    },
    "query_graph_format": {
        "fr": "ce format est pour les requêtes CONSTRUCT/DESCRIBE ; prenez table, csv, tsv, json, xml, md",
        "en": "that format is for CONSTRUCT/DESCRIBE queries; use table, csv, tsv, json, xml or md",
    },
}
