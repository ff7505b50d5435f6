"""The report tests share the HR fixtures (courses, progress, certificates, a team) of tests/employees."""

from employees.conftest import certify, history, make_course, progress, team  # noqa: F401
