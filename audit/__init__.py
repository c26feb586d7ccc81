"""Audit reposted and machine-translated news against a reference article."""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
