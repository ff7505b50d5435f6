"""Quizzes: question banks, attempts, pure grading, Moodle GIFT interchange and item analysis."""
