"""Stage 7, report: an ``AuditResult`` -> CSV, JSON, HTML (and the terminal), written as one set."""
