"""Navigation items and home-page widgets, contributed by each domain's routes module at import.

    from elearn.main.registry import nav_item, home_widget
    nav_item("courses.catalogue", _l("Courses"), roles=("learner",), order=10, icon="book")
    home_widget("courses/_home_widget.html", roles=("learner",), order=10, context=my_courses_context)

`roles` are matched with User.has_role, so admins see everything. A widget's `context(user, now)` returns
the template variables it needs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object
    roles: tuple[str, ...]
    order: int
    icon: str


@dataclass(frozen=True)
class Widget:
    template: str
    roles: tuple[str, ...]
    order: int
    context: Callable | None


_NAV: dict[str, NavItem] = {}
_NAV_BY_ROLE: dict[str, tuple[NavItem, ...]] = {}  # nav_for's answers, emptied by nav_item
_WIDGETS: dict[str, Widget] = {}


def nav_item(endpoint: str, label, roles=("learner",), order: int = 50, icon: str = "circle") -> None:
    _NAV[endpoint] = NavItem(endpoint, label, tuple(roles), order, icon)
    _NAV_BY_ROLE.clear()


def home_widget(template: str, roles=("learner",), order: int = 50, context: Callable | None = None) -> None:
    _WIDGETS[template] = Widget(template, tuple(roles), order, context)


def _visible(roles: tuple[str, ...], user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(*roles))


def nav_for(user) -> tuple[NavItem, ...]:
    """Nav items the user may see, in order (every page's layout asks, so the list is kept per role)."""
    if not (user and user.is_authenticated):
        return ()
    items = _NAV_BY_ROLE.get(user.role)
    if items is None:
        items = _NAV_BY_ROLE[user.role] = tuple(
            sorted((i for i in _NAV.values() if _visible(i.roles, user)), key=lambda i: (i.order, i.endpoint))
        )
    return items


def widgets_for(user) -> list[Widget]:
    """Home widgets for the user, in order."""
    return sorted((w for w in _WIDGETS.values() if _visible(w.roles, user)), key=lambda w: (w.order, w.template))
