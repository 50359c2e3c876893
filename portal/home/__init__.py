"""The citizen's home page: a greeting and cards that the features fill."""
