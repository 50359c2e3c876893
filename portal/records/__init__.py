"""My journal: visit summaries, notes, letters, medicines, problems, vaccinations, plans, growth."""
