"""Logging in and out: test login, server-side sessions (ID-porten and HelseID to come)."""
