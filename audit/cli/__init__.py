"""The ``audit`` command: a thin layer over the library (the only code that prints or exits).

``main`` holds the app, the error handling and the options the commands share;
each command has its own module, imported here so that it registers on the app.
"""
# Imported in the order --help lists them; each module registers its command on the app.
from . import run, check, batch, match, config_cmd, align, pairs, cache_cmd  # noqa: F401,I001
from .main import app

__all__ = ["app"]
