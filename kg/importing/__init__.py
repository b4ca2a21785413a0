"""Bring your own data: import tables (CSV, Excel) and RDF files into named graphs.

Every import is checked (cells, names, SHACL shapes, hygiene checks) before
anything is written, and lands in one named graph with its provenance: the
file, its checksum, the time and the cited source. See
:func:`kg.importing.loader.import_table` and :func:`kg.importing.rdf_in.import_rdf`.
"""
