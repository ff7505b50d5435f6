"""A trainer writes a course in the browser, publishes it, edits it into version 2 and reads the diff."""

import io

from sqlalchemy import select

from elearn.courses.models import CourseDraft, CourseVersion
from elearn.courses.services import published_course
from elearn.extensions import db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _new_course(client):
    return client.post(
        "/courses/manage/new",
        data={"slug": "debt-basics", "title_zh": "债务基础", "title_en": "Debt basics", "category": "contract"},
    )


def _save_lesson(client, body, filename="01-intro.md", title="开篇"):
    return client.post(
        f"/courses/manage/debt-basics/lessons/{filename}",
        data={"title_zh": title, "minutes": "12", "objectives": "目标一\n目标二", "body": body, "action": "save"},
    )


def test_learners_cannot_author(client, make_user, login):
    login(make_user())
    assert client.get("/courses/manage").status_code == 403
    assert _new_course(client).status_code == 403


def test_write_publish_edit_diff(client, make_user, login, sample):
    login(make_user("trainer"))
    assert _new_course(client).status_code == 302
    _save_lesson(client, "## 一、违约\n\n逾期是违约 [[law:civil-code-577]]。\n")
    response = client.post("/courses/manage/debt-basics/publish", data={"change_note": "首次发布"})
    assert response.status_code == 302
    version = published_course("debt-basics").current_version
    assert (version.version, version.source, version.change_note) == (1, "editor", "首次发布")
    assert "law-chip" in version.lessons[0].body_html

    client.post("/courses/manage/debt-basics/open")
    _save_lesson(client, "## 一、违约\n\n逾期未还款是违约 [[law:civil-code-577]]。\n")
    client.post("/courses/manage/debt-basics/publish", data={"change_note": "措辞更准确"})
    assert published_course("debt-basics").current_version.version == 2
    assert db.session.scalars(select(CourseDraft)).first() is None

    page = client.get("/courses/debt-basics/diff?a=1&b=2").get_data(as_text=True)
    assert "逾期是违约" in page and "逾期未还款是违约" in page and "diff-removed" in page and "diff-added" in page
    history = client.get("/courses/debt-basics/versions").get_data(as_text=True)
    assert "措辞更准确" in history and "首次发布" in history


def test_publish_refuses_unknown_citation_and_changes_nothing(client, make_user, login, sample):
    login(make_user("trainer"))
    _new_course(client)
    _save_lesson(client, "引用 [[law:contract-law]] 和 [[law:no-such-law]]\n")
    page = client.get("/courses/manage/debt-basics").get_data(as_text=True)
    assert "cites a repealed law as current" in page and "unknown law reference [[law:no-such-law]]" in page
    client.post("/courses/manage/debt-basics/publish", data={"change_note": "试试"})
    assert published_course("debt-basics") is None
    assert db.session.scalars(select(CourseDraft).where(CourseDraft.slug == "debt-basics")).first() is not None


def test_publish_needs_change_note(client, make_user, login, sample):
    login(make_user("trainer"))
    _new_course(client)
    _save_lesson(client, "正文\n")
    client.post("/courses/manage/debt-basics/publish", data={"change_note": ""})
    assert published_course("debt-basics") is None


def test_image_upload_checks_type_and_is_usable(client, make_user, login, sample):
    login(make_user("trainer"))
    _new_course(client)
    bad = client.post(
        "/courses/manage/debt-basics/media",
        data={"image": (io.BytesIO(b"<svg onload=alert(1)>"), "x.png")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "只能上传 PNG、JPEG、GIF 或 WebP 图片" in bad.get_data(as_text=True)
    client.post(
        "/courses/manage/debt-basics/media",
        data={"image": (io.BytesIO(PNG), "流程 Flow.PNG")},
        content_type="multipart/form-data",
    )
    draft = db.session.scalars(select(CourseDraft)).one()
    assert [m.name for m in draft.media] == ["flow.png"]
    _save_lesson(client, "![流程](media/flow.png)\n")
    client.post("/courses/manage/debt-basics/publish", data={"change_note": "配图"})
    html = published_course("debt-basics").current_version.lessons[0].body_html
    assert 'src="/courses/debt-basics/media/1/flow.png"' in html
    assert client.get("/courses/debt-basics/media/1/flow.png").data == PNG


def test_preview_uses_the_same_pipeline(client, make_user, login, sample):
    login(make_user("trainer"))
    _new_course(client)
    response = client.post(
        "/courses/manage/debt-basics/preview", data={"body": "违约 [[law:civil-code-577]]<script>x</script>"}
    )
    assert "民法典 第五百七十七条" in response.json["html"] and "<script" not in response.json["html"]


def test_file_edit_without_version_bump_is_an_error(tmp_path, app, load_content, sample):
    import shutil

    from elearn.courses.kinds import KIND, REFERENCES_KIND

    root = tmp_path / "content"
    shutil.copytree(app.config["CONTENT_ROOT"], root)
    lesson = root / "courses/sample-course/02-quiet-life.md"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("礼貌", "文明"), encoding="utf-8")
    ctx: dict = {}
    REFERENCES_KIND.check(root, ctx)
    KIND.check(root, ctx)
    assert [str(p) for p in KIND.cross_check(ctx)] == [
        "courses/sample-course/course.yml: the course changed but version is still 1: bump version"
    ]
    course_yml = root / "courses/sample-course/course.yml"
    course_yml.write_text(course_yml.read_text(encoding="utf-8").replace("version: 1", "version: 2"), encoding="utf-8")
    assert load_content(root) == ["published course sample-course v2"]
    versions = db.session.scalars(select(CourseVersion).order_by(CourseVersion.version)).all()
    assert [v.version for v in versions] == [1, 2]
    assert "礼貌" in versions[0].lessons[1].body_html and "文明" in versions[1].lessons[1].body_html


def test_reorder_lessons_in_the_draft(client, make_user, login, sample):
    login(make_user("trainer"))
    client.post("/courses/manage/sample-course/open")
    client.post("/courses/manage/sample-course/lessons/02-quiet-life.md/move", data={"direction": "up"})
    client.post("/courses/manage/sample-course/publish", data={"change_note": "调整顺序"})
    version = published_course("sample-course").current_version
    assert [lesson.slug for lesson in version.lessons] == ["02-quiet-life", "01-breach"]


def test_oversized_image_and_bad_slug_are_refused(client, make_user, login, sample):
    login(make_user("trainer"))
    response = client.post("/courses/manage/new", data={"slug": "Bad Slug", "title_zh": "课", "category": "contract"})
    assert response.status_code == 400 and "只能使用小写字母、数字和连字符" in response.get_data(as_text=True)
    response = client.post(
        "/courses/manage/new", data={"slug": "sample-course", "title_zh": "课", "category": "contract"}
    )
    assert response.status_code == 400 and "已存在使用该标识的课程" in response.get_data(as_text=True)
    _new_course(client)
    big = PNG + b"\0" * (5 * 1024 * 1024)
    page = client.post(
        "/courses/manage/debt-basics/media",
        data={"image": (io.BytesIO(big), "big.png")},
        content_type="multipart/form-data",
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "图片超过 5 MB" in page
    assert db.session.scalars(select(CourseDraft)).one().media == []
