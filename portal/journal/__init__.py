"""The shared journal: people, units, staff and what is written about a person."""
