"""Fields many kinds share: their label, description, notes and sources."""

from __future__ import annotations

from rdflib.namespace import DCTERMS, PROV, SKOS

from ..namespaces import ATD, ID
from .model import REF, STRING, TEXT, Column, Excluded, f, iri, joined, label, slug, text

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


def identity_columns(kind: str, of_fr: str, of_en: str, example_slug: str, example_name: str,
                     example_name_en: str) -> tuple[Column, ...]:
    """The first columns of a kind's table: its IRI, its short identifier, its names in French and
    English ("de l'organisation", "of the organisation")."""
    return (
        Column("id", "identifiant (IRI)", "identifier (IRI)", iri(), required=True,
               description_fr=f"Identifiant pérenne {of_fr} (IRI) : son adresse sur le web.",
               description_en=f"Persistent identifier {of_en} (IRI): its address on the web.",
               example=f"{ID}{kind}/{example_slug}"),
        Column("slug", "identifiant court", "short identifier", slug(), required=True,
               description_fr=f"Identifiant court {of_fr} : le dernier segment de son IRI.",
               description_en=f"Short identifier {of_en}: the last segment of its IRI.",
               example=example_slug),
        Column("nom", "nom", "name", label("fr"), required=True,
               description_fr=f"Nom {of_fr}, en français.", description_en=f"Name {of_en}, in French.",
               example=example_name),
        Column("nom_en", "nom en anglais", "English name", text(SKOS.prefLabel, "en"),
               description_fr=f"Nom {of_fr} en anglais, quand il est donné.",
               description_en=f"Name {of_en} in English, when given.", example=example_name_en),
    )


def sources_column(of_fr: str, of_en: str, example: str) -> Column:
    return Column("sources", "sources (;)", "sources (;)", joined(PROV.wasDerivedFrom),
                  description_fr=f"Identifiants courts des documents d'où vient {of_fr} (catalogue de la "
                                 "publication), séparés par « ; ».",
                  description_en=f"Short identifiers of the documents {of_en} comes from (the release's "
                                 "catalog), separated by \";\".",
                  example=example)
