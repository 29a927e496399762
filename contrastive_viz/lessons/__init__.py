"""The lessons that ship with the app: scene files (format version 2) with a lesson.

Package data only; read them with :func:`contrastive_viz.core.lesson.builtin_lessons`.
"""
