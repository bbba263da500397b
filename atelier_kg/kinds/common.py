"""Fields many kinds share: their label, description, notes and sources."""

from __future__ import annotations

from rdflib.namespace import DCTERMS, PROV, SKOS

from ..namespaces import ATD
from .model import REF, STRING, TEXT, Excluded, f

SOURCES = f("sources", REF, PROV.wasDerivedFrom, "document", many=True,
            fr="documents d'où vient l'entrée (par défaut ceux du fichier)",
            en="documents the entry comes from (by default the file's)")
FACT_SOURCES = f("facts_sources", REF, PROV.wasDerivedFrom, "document", many=True, in_template=False,
                 fr="autres documents d'où viennent des faits de l'entrée (les entrées qu'elle contient "
                    "n'en héritent pas)",
                 en="further documents some of the entry's facts come from (the entries it holds do not "
                    "inherit them)")
LABEL = f("label", TEXT, SKOS.prefLabel, fr="nom, en français (fr) et en anglais (en)",
          en="name, in French (fr) and English (en)")
DESCRIPTION = f("description", TEXT, DCTERMS.description, fr="description", en="description")
NOTE = f("note", TEXT, SKOS.note, fr="remarque", en="note")
EDITORIAL_NOTE = f("editorial_note", TEXT, SKOS.editorialNote,
                   fr="note éditoriale (ce qui reste à vérifier ou compléter)",
                   en="editorial note (what is still to check or complete)")
PAGE_TEXT = f("page_text", STRING, ATD.texteDeLaSource, in_template=False,
              fr="la ligne telle que la page source l'écrit", en="the line as the source page writes it")

# Why a kind is left out of an output (every kind says it for every output: kinds/model.py).
IN_SESSION = Excluded("entered inside its session (atelier-kg new session)")
IN_LAUREATE = Excluded("entered inside its laureate (atelier-kg new laureat)")
WITH_SESSION = Excluded("published and compared with the session that holds it")
WITH_HOLDER = Excluded("published and compared with the entry that holds it")
VOCABULARY = Excluded("vocabularies are curated by the programme team, published in the graph (SKOS)")
