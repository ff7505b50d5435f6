"""The department tree lists numbered teams by number (HR files name them 1组 ... 20组)."""

from elearn.auth.models import Department
from elearn.employees.services import department_tree, natural_key
from elearn.extensions import db


def test_natural_key_orders_numbers_by_value():
    assert sorted(["11组", "A组", "2组", "1组", "10组"], key=natural_key) == ["1组", "2组", "10组", "11组", "A组"]


def test_tree_lists_siblings_in_natural_order(app):
    centre = Department(code="c", name="中心", level="centre")
    db.session.add(centre)
    db.session.add_all([Department(code=f"t{n}", name=f"{n}组", parent=centre, level="team") for n in (11, 2, 1, 10)])
    db.session.commit()
    assert [node.department.name for node in department_tree()] == ["中心", "1组", "2组", "10组", "11组"]
