"""Questionnaires before visits (issue 21)."""
