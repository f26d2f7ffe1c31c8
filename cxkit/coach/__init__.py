"""The coach's machinery: authoring, collect, grading, the gradebook, the round, the hub."""
