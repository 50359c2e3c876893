"""The insight dashboard (styringsdata) for a municipality's leaders (issue 18)."""
