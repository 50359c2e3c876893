"""Secure messages between citizens and care teams."""
