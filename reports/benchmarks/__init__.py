"""Benchmarks of the reports app that `manage.py benchmark` runs after the pages."""
