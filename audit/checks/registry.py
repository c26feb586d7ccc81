"""Which checks exist: the built-ins, those registered in code, and plug-ins.

As sacrebleu keeps its metrics by name, checks are kept here by name. A
newsroom adds its own (a style-guide spelling list, say) in a package that
declares an entry point in the group ``audit.checks``::

    [project.entry-points."audit.checks"]
    house-style = "newsroom_checks:HouseStyle"

The object named may be a :class:`~audit.checks.base.Check` subclass or an
instance. ``checks = ["omissions", "names", ...]`` in audit.toml picks which run.
"""
from __future__ import annotations

import difflib
import logging
from collections.abc import Sequence
from importlib.metadata import entry_points

from ..errors import ConfigError
from ..types import FINDING_KINDS
from .base import Check

ENTRY_POINT_GROUP = "audit.checks"
log = logging.getLogger("audit")
_REGISTERED: dict[str, Check] = {}
_plugins_loaded = False


def register(check: Check | type[Check]) -> Check:
    """Add a check (an instance, or a class with no required arguments); later names replace earlier."""
    instance = check() if isinstance(check, type) else check
    if not getattr(instance, "name", "") or not callable(getattr(instance, "run_document", None)):
        raise ConfigError(f"{check!r} is not a check: it needs a name, kinds and run(pair, context); "
                          "subclass audit.checks.base.Check")
    _REGISTERED[instance.name] = instance
    return instance


def _load_plugins() -> None:
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            register(ep.load())
        except ConfigError:
            raise
        except Exception as exc:  # a broken plug-in must say which one, not crash the run
            raise ConfigError(f"check plug-in {ep.name!r} ({ep.value}) failed to load: "
                              f"{type(exc).__name__}: {exc}; fix or uninstall that package") from exc


def available() -> dict[str, Check]:
    """Every check by name: built-ins first, in the order they run, then plug-ins."""
    from .builtin import BUILTIN

    for check in BUILTIN:
        _REGISTERED.setdefault(check.name, check)
    _load_plugins()
    return dict(_REGISTERED)


def select(names: Sequence[str] = ()) -> list[Check]:
    """The checks to run: ``names`` in registry order, or every available check when empty."""
    checks = available()
    unknown = [n for n in names if n not in checks]
    if unknown:
        hint = difflib.get_close_matches(unknown[0], list(checks), n=1)
        fix = f"did you mean {hint[0]!r}?" if hint else f"the checks are {', '.join(checks)}"
        raise ConfigError(f"checks: unknown check {unknown[0]!r}; {fix}")
    return [c for n, c in checks.items() if not names or n in names]


def finding_kinds() -> tuple[str, ...]:
    """The built-in finding kinds, then any new kind a plug-in emits."""
    extra = [k for c in available().values() for k in c.kinds if k not in FINDING_KINDS]
    return (*FINDING_KINDS, *dict.fromkeys(extra))
