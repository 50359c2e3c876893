"""Acting for others: parents and children by age, powers of attorney."""
