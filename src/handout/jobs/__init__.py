"""Jobs on top of the stages: one handout (build) and many (batch)."""
