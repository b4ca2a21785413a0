"""Exports for other tools: networks for Gephi and Cytoscape, query results as CSV, rankings as Excel."""
