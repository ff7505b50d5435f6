"""The demo organisation: three departments of a card centre, five demo accounts and about 30 employees."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from elearn.auth import services as accounts
from elearn.auth.models import Department, User
from elearn.extensions import db

DEMO_PASSWORD = "elearn-demo"

DEPARTMENTS = [
    # code, name, English name, level, parent code
    ("CC", "信用卡中心", "Card Centre", "centre", None),
    ("COL1", "催收一部", "Collections Dept. 1", "department", "CC"),
    ("COL2", "催收二部", "Collections Dept. 2", "department", "CC"),
    ("QT", "质检与培训部", "Quality & Training", "department", "CC"),
    ("COL1-A", "早期催收组", "Early-stage team", "team", "COL1"),
    ("COL1-B", "中期催收组", "Mid-stage team", "team", "COL1"),
    ("COL2-A", "分期协商组", "Installment team", "team", "COL2"),
]

ACCOUNTS = [
    # username, employee no, name, role, department, position, hire date
    ("admin", "A0001", "陈立新", "admin", "CC", "系统管理员", date(2019, 3, 1)),
    ("trainer", "T0001", "刘晓燕", "trainer", "QT", "合规培训师", date(2020, 6, 15)),
    ("hr", "H0001", "赵敏", "hr", "CC", "人力资源专员", date(2021, 9, 1)),
    ("learner", "E10001", "王小明", "learner", "COL1-A", "催收专员", date(2026, 9, 1)),
    ("learner2", "E10002", "欧阳娜娜", "learner", "COL2-A", "催收专员", date(2026, 10, 8)),
]

EMPLOYEES = [
    ("E10003", "李建华", "COL1-A", "催收专员", date(2025, 3, 3)),
    ("E10004", "张伟", "COL1-A", "催收专员", date(2024, 7, 1)),
    ("E10005", "刘洋", "COL1-A", "高级催收专员", date(2022, 5, 16)),
    ("E10006", "陈静", "COL1-A", "组长", date(2021, 2, 22)),
    ("E10007", "杨帆", "COL1-B", "催收专员", date(2026, 8, 3)),
    ("E10008", "黄磊", "COL1-B", "催收专员", date(2025, 11, 10)),
    ("E10009", "赵丽颖", "COL1-B", "高级催收专员", date(2023, 4, 17)),
    ("E10010", "周杰", "COL1-B", "组长", date(2020, 10, 12)),
    ("E10011", "吴昊", "COL1-B", "催收专员", date(2026, 10, 20)),
    ("E10012", "徐静蕾", "COL1", "部门经理", date(2018, 8, 1)),
    ("E10013", "孙悦", "COL2-A", "催收专员", date(2025, 6, 9)),
    ("E10014", "马云飞", "COL2-A", "催收专员", date(2024, 12, 2)),
    ("E10015", "朱婷", "COL2-A", "高级催收专员", date(2023, 1, 9)),
    ("E10016", "胡歌", "COL2-A", "组长", date(2021, 7, 5)),
    ("E10017", "郭靖", "COL2", "催收专员", date(2026, 7, 13)),
    ("E10018", "林黛玉", "COL2", "催收专员", date(2025, 9, 22)),
    ("E10019", "何炅", "COL2", "高级催收专员", date(2022, 11, 28)),
    ("E10020", "高圆圆", "COL2", "部门经理", date(2017, 4, 10)),
    ("E10021", "罗志祥", "COL2", "催收专员", date(2026, 11, 2)),
    ("E10022", "梁朝伟", "COL2", "催收专员", date(2025, 2, 17)),
    ("E10023", "宋佳", "QT", "质检专员", date(2022, 3, 14)),
    ("E10024", "郑爽", "QT", "质检专员", date(2024, 5, 20)),
    ("E10025", "谢霆锋", "QT", "合规培训师", date(2021, 8, 30)),
    ("E10026", "韩梅梅", "COL1-A", "催收专员", date(2026, 6, 1)),
    ("E10027", "曹操", "COL1-B", "催收专员", date(2025, 8, 18)),
    ("E10028", "邓超", "COL2-A", "催收专员", date(2024, 10, 8)),
    ("E10029", "王龘", "COL2-A", "催收专员", date(2026, 9, 15)),
    ("E10030", "司马懿", "COL1-A", "高级催收专员", date(2023, 6, 26)),
    ("E10031", "诸葛亮", "COL1", "催收专员", date(2024, 2, 26)),
    ("E10032", "上官婉儿", "COL2", "催收专员", date(2025, 12, 1)),
]


def seed_departments() -> dict[str, Department]:
    """Create the department tree once; return it by code."""
    existing = {d.code: d for d in db.session.scalars(select(Department))}
    for code, name, name_en, level, parent in DEPARTMENTS:
        if code not in existing:
            existing[code] = Department(code=code, name=name, name_en=name_en, level=level,
                                        parent=existing.get(parent))
            db.session.add(existing[code])
    db.session.flush()
    return existing


def seed_people(now: datetime) -> list[User]:
    """Demo accounts (password `elearn-demo`) and employees without a password; skips what exists."""
    departments = seed_departments()
    created = []
    for username, number, name, role, dept, position, hired in ACCOUNTS:
        if accounts.find_user(username) is None:
            created.append(accounts.create_user(
                username=username, employee_no=number, display_name=name, role=role, password=DEMO_PASSWORD,
                department=departments[dept], position=position, hire_date=hired,
                email=f"{username}@example.com", now=now,
            ))
    for number, name, dept, position, hired in EMPLOYEES:
        if accounts.find_user(number) is None:
            created.append(accounts.create_user(
                username=number, employee_no=number, display_name=name, role="learner",
                department=departments[dept], position=position, hire_date=hired, now=now,
            ))
    return created
