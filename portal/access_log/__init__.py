"""Innsyn i logg: the person reads who has seen their health data."""
