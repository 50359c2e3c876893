"""Visit types, schedules, slots and appointments."""
