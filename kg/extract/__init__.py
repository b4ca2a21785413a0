"""Turn a report's text into candidate facts for review: ``innokg extract``.

:func:`kg.extract.reading.read_document` reads the text (plain, Markdown,
HTML, PDF); :func:`kg.extract.pipeline.extract` finds ranks, bounds,
changes, aggregates, counts, amounts, dates, organizations, people and
roles, each a :class:`kg.extract.candidates.Candidate` quoting its exact
place in the text; :mod:`kg.extract.outputs` writes them for review;
:mod:`kg.extract.to_rdf` imports the accepted ones with their quotes.
"""

from kg.extract.candidates import Candidate
from kg.extract.gazetteer import Gazetteer
from kg.extract.pipeline import extract
from kg.extract.reading import Document, read_document

__all__ = ["Candidate", "Document", "Gazetteer", "extract", "read_document"]
