"""Lesson 2: outputs versus outcomes (measures) and the language checks later lessons share."""
