"""The ``audit`` command: a thin layer over the library (the only code that prints or exits)."""
from .main import app

__all__ = ["app"]
