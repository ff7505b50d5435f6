"""Signals between domains, so that they do not import each other's internals.

`learning_progress` is sent (inside the request's transaction) when a learner completes a lesson, has a quiz
attempt graded or finishes an assessment call; receivers get `user`, `course_slug` and `now`.
"""

from blinker import Namespace

signals = Namespace()
learning_progress = signals.signal("learning-progress")
course_published = signals.signal("course-published")  # a new course version: course_slug, version, now
