"""Prescriptions and renewal requests (issue 20)."""
