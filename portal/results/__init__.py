"""Lab results: the test catalogue, classification, colour codes and trends."""
