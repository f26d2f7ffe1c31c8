"""What the coach hands out: participant pages, the cohort page, LMS tables."""
