"""Thin ipywidgets views over cxkit's models. Only this subpackage imports ipywidgets."""
