"""Pydantic models of every file format (the edges of the pipeline)."""
