"""Serving the store: the SPARQL protocol's work, the query workers and threads, the result cache, and the
guards of a public endpoint (no URL fetched, bounded memory, updates recorded)."""
