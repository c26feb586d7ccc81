"""One small exception hierarchy.

Every message says what was wrong, the offending value, and how to fix it, so
the CLI can print it as a single line and exit 2.
"""
from __future__ import annotations


class AuditError(Exception):
    """Base class for every error the library raises on purpose."""


class InputError(AuditError):
    """A file is missing, empty, binary, undecodable or otherwise unusable."""


class ModelError(AuditError):
    """The embedding model cannot be found, loaded or verified."""


class ConfigError(AuditError):
    """An option or configuration value is invalid."""


class OutputError(AuditError):
    """A report cannot be written."""
