"""Stage 6, checks: aligned, scored beads -> ``Finding`` records."""
