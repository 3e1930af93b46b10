"""graphlab's data files (icons, style sheet, desktop entry), installed as graphlab.assets.

Read them with graphlab.ui.resources, never by a path relative to the source tree.
"""
