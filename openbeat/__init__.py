"""Open Beat's core: the content model, the type table, checks, paths and writers.

Pelican plugins (plugins/ob_*) and scripts (scripts/) import this package and
nothing of each other. DEVELOPERS.md maps the modules.
"""
