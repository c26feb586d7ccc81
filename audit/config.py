"""The one configuration object, with named defaults.

Thresholds live here and nowhere else, so that a report's signature can list
every value that shaped it.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace

from .errors import ConfigError

DEFAULT_MODEL = "all-MiniLM-L6-v2"
FAIL_ON_CHOICES = ("error", "warning", "info", "never")
MIN_SENTENCE_CHARS = 50  # shorter pieces would cut ordinary sentences apart


@dataclass(frozen=True)
class AuditConfig:
    # --- embedding ---
    model: str = DEFAULT_MODEL
    batch_size: int = 32

    # --- alignment ---
    max_merge: int = 5  # beads up to 5-1 / 1-5 (and 2-2 ... 3-3 / 4-2)
    anchor_min_similarity: float = 0.5  # a 1-1 pair must reach this to anchor a block
    match_min_similarity: float = 0.5  # below this a bead is not a match (news reposts drop and add a lot)
    rescue_min_similarity: float = 0.7  # pair leftovers across blocks (moved content)

    # --- checks ---
    drift_threshold: float = 0.75  # semantic_drift below this cosine for a matched 1-1 bead
    drift_surface_min_chrf: float = 35.0  # ... while the words still look alike
    name_min_doc_similarity: float = 0.75  # below this mean cosine a repost is "related", not a copy...
    name_min_doc_coverage: float = 0.5  # ...and so it is when it matches less than this share of the reference
    fact_min_similarity: float = 0.35  # unpaired sentences this close may retell one counted fact
    omitted_severity: str = "error"
    added_severity: str = "warning"
    clause_min_words: int = 3  # shortest clause reported as dropped
    clause_max_similarity: float = 0.55  # clause-vs-repost cosine below this = dropped
    clause_max_coverage: float = 0.5  # content-word coverage below this = dropped
    clause_gone_coverage: float = 0.15  # ...and at or below this, dropped whatever the cosine...
    clause_gone_min_words: int = 6  # ...if the clause has at least this many content words
    clause_min_gain: float = 0.0  # ...and only if the reference without it reads closer to the repost
    word_min_gain: float = 0.3  # a missing word is dropped when cutting it closes this share of the cosine gap
    word_min_similarity: float = 0.6  # ...tested only in pairs at least this close (loose ones differ everywhere)

    # --- size guards ---
    # Largest input, in millions of characters of decoded text (about MB for English); a bigger
    # file is refused before any work (split it, or raise this). 5 is ~100 times a long article.
    max_input_mb: int = 5
    # Longer segments are split at clause, else word boundaries: MiniLM reads 256 tokens (254 of
    # text) and silently drops the rest; 900 characters fit in 99% of news/novel text (>=3.6 chars a token).
    max_sentence_chars: int = 900

    # --- verdict ---
    fail_on: str = "error"
    # (finding kind, severity) pairs that replace a kind's severity (config file [severity] table)
    severity_overrides: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if self.fail_on not in FAIL_ON_CHOICES:
            raise ConfigError(
                f"fail-on must be one of {', '.join(FAIL_ON_CHOICES)}, got {self.fail_on!r}; "
                "pass e.g. --fail-on warning"
            )
        if self.max_merge < 1:
            raise ConfigError(f"max_merge must be at least 1, got {self.max_merge}; use 5")
        if self.max_sentence_chars < MIN_SENTENCE_CHARS:
            raise ConfigError(f"max-sentence-chars must be at least {MIN_SENTENCE_CHARS}, got "
                              f"{self.max_sentence_chars}; use 900 (what the bundled model reads whole)")
        for kind, sev in self.severity_overrides:
            if sev not in FAIL_ON_CHOICES[:3]:
                raise ConfigError(f"severity of {kind} must be error, warning or info, got {sev!r}; "
                                  f'write e.g. {kind} = "warning" under [severity]')
        for f in fields(self):
            v = getattr(self, f.name)
            if isinstance(v, float) and not (0.0 <= v <= 100.0):
                raise ConfigError(f"{f.name} must be between 0 and 1 (chrF: 0-100), got {v}")

    def with_(self, **changes: object) -> "AuditConfig":
        return replace(self, **changes)

    def thresholds(self) -> dict[str, object]:
        # max_input_mb only decides whether a run happens, never what it finds.
        return {k: v for k, v in asdict(self).items() if k not in ("model", "batch_size", "max_input_mb")}
