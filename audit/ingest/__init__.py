"""Stage 1, ingest: read a file, decode it, extract HTML, undo hard wraps -> ``Document``."""
from .read import document_from_text, read_document

__all__ = ["document_from_text", "read_document"]
