"""Courses: law glossary, course files and versions, lessons, progress, search and the trainer editor."""
