"""Stage 4, align: sentence vectors (never a model) -> ``Bead`` records, and what they say of the pair."""
from .dp import AlignParams, align, order_beads

__all__ = ["AlignParams", "align", "order_beads"]
