"""Stage 2, segment: a ``Document`` -> sentences (``Segment``), boilerplate marked."""
from .sentences import segment

__all__ = ["segment"]
