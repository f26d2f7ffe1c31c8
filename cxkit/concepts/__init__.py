"""The course's ideas as pure models: plain Python and pandas, no widgets, no figures."""
