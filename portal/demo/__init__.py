"""Demo data: the personas of shared/PERSONAS.md and a synthetic population."""
