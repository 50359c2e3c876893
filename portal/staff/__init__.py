"""The staff workspace: the frame where staff work for their unit."""
