"""The package shows its pipeline: every module imports only its own stage or a lower one, and no circle."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "audit"

# Lowest first. A module may import its own stage or any earlier one, never a later one.
STAGES = [
    {"audit", "audit.types", "audit.errors", "audit.config", "audit.fingerprint"},
    {"audit.ingest"},
    {"audit.segment"},
    {"audit.model_files", "audit.vector_cache"},
    {"audit.embed", "audit.onnx_encoder", "audit.use_encoder", "audit.static_model"},
    {"audit.align"},
    {"audit.score"},
    {"audit.checks"},
    {"audit.pipeline", "audit.pairs"},
    {"audit.report"},
    {"audit.baseline", "audit.workflow"},
    {"audit.batch"},
    {"audit.cli", "audit.__main__"},
]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage_of(module: str) -> int:
    for rank, group in reversed(list(enumerate(STAGES))):
        if any(module == g or module.startswith(g + ".") for g in group if g != "audit") or module in group:
            return rank
    raise AssertionError(f"{module} belongs to no stage; add it to STAGES")


def imports(path: Path) -> set[str]:
    """Every audit module this file imports, lazily inside functions too (relative imports resolved)."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rsplit(".", 1)[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("audit"):
                # from . import clauses imports the module audit.checks.clauses, not the package
                mods = {f"{target}.{a.name}" for a in node.names
                        if (PACKAGE.parent / f"{target}.{a.name}".replace(".", "/")).with_suffix(".py").exists()}
                out |= mods or {target}
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("audit")}
    return out - {here}


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports(p) for p in PACKAGE.rglob("*.py")}


def test_every_module_imports_only_its_own_stage_or_a_lower_one():
    bad = [f"{m} (stage {stage_of(m)}) imports {t} (stage {stage_of(t)})"
           for m, targets in graph().items() for t in targets
           if t != "audit" and stage_of(t) > stage_of(m)]
    assert not bad, "\n".join(bad)


def test_no_import_circle():
    g = graph()
    modules = set(g)

    def resolve(t: str) -> str:
        return t if t in modules else t.rsplit(".", 1)[0]

    state: dict[str, int] = {}

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for t in sorted({resolve(x) for x in g.get(m, ())} & modules):
            if t.startswith(m + ".") or m == "audit":  # a package re-exporting its own modules
                continue
            if state.get(t) == 1 and not m.startswith(t + "."):
                raise AssertionError("import circle: " + " -> ".join(path + [t]))
            if t not in state:
                visit(t, path + [t])
        state[m] = 2

    for m in sorted(modules):
        if m not in state:
            visit(m, [m])
