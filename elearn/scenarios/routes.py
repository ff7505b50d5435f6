"""Scenario pages. Learners: list, intro, the call player, debrief, own history.
Trainers: scenario list, YAML editor with validation and tests, graph preview, analytics, transcripts."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required

from elearn.audit import services as audit
from elearn.auth.permissions import can_view_learning_record, role_required
from elearn.core.clock import now
from elearn.core.i18n import current_language
from elearn.extensions import db, limiter
from elearn.main.registry import home_widget, nav_item
from elearn.scenarios import debrief, services
from elearn.scenarios.analytics import RunFacts, summarise
from elearn.scenarios.engine import ChoiceError, available
from elearn.scenarios.forms import ActionForm, EditForm, TurnForm
from elearn.scenarios.graph import render_svg
from elearn.scenarios.labels import OUTCOME_LABELS, labels
from elearn.scenarios.models import MODES, ScenarioRun
from elearn.scenarios.trainer import check_source, save_source

bp = Blueprint("scenarios", __name__, url_prefix="/scenarios", template_folder="templates")

nav_item("scenarios.index", _l("Call practice"), roles=("learner",), order=20, icon="headset")
nav_item("scenarios.manage", _l("Scenarios"), roles=("trainer",), order=45, icon="diagram-3")


def _home_context(user, moment):
    """Up to four scenarios, those not yet passed in assessment first."""
    best = services.best_results(user)
    open_ids = services.open_run_ids(user)
    items = [{"row": row, "passed": bool(best.get(row.id, {}).get("assessment")), "open": row.id in open_ids}
             for row in services.published()]
    return {"calls": sorted(items, key=lambda item: item["passed"])[:4]}


home_widget("scenarios/_home_widget.html", roles=("learner",), order=20, context=_home_context)


@bp.app_context_processor
def scenario_labels():
    return labels() if request.blueprint == "scenarios" else {}


def _scenario_or_404(course: str, slug: str):
    scenario = services.find(course, slug)
    if scenario is None or scenario.current_version is None:
        abort(404)
    return scenario


def _own_run_or_404(run_id: int) -> ScenarioRun:
    run = db.session.get(ScenarioRun, run_id)
    if run is None or run.user_id != current_user.id:
        abort(404)
    return run


def _course_info(course_slug: str, scenario_slug: str | None = None) -> dict:
    """The course's title (its slug when not published) and whether the scenario counts for its certificate."""
    from elearn.courses.services import published_course

    course = published_course(course_slug)
    if course is None:
        return {"title": course_slug, "required": False}
    version = course.current_version
    required = scenario_slug in ((version.certification or {}).get("scenarios") or [])
    return {"title": version.title, "required": required}


@bp.get("/")
@login_required
def index():
    rows = services.published()
    specs = {row.id: services.load_version(row.current_version)[0] for row in rows}
    courses = {slug: _course_info(slug) for slug in {row.course_slug for row in rows}}
    return render_template("scenarios/index.html", rows=rows, specs=specs, courses=courses,
                           best=services.best_results(current_user))


@bp.get("/<course>/<slug>/")
@login_required
def intro(course: str, slug: str):
    scenario = _scenario_or_404(course, slug)
    spec, _rules = services.load_version(scenario.current_version)
    open_runs = {mode: services.open_run(current_user, scenario, mode) for mode in MODES}
    return render_template("scenarios/intro.html", scenario=scenario, spec=spec, open_runs=open_runs,
                           form=ActionForm(), course=_course_info(course, slug))


@bp.post("/<course>/<slug>/start/<mode>")
@login_required
def start(course: str, slug: str, mode: str):
    scenario = _scenario_or_404(course, slug)
    if mode not in MODES or not ActionForm().validate_on_submit():
        abort(400)
    run = services.start_run(current_user, scenario, mode, now())
    db.session.commit()
    return redirect(url_for("scenarios.run", run_id=run.id))


def _player_context(run: ScenarioRun, result: services.Play | None = None) -> dict:
    """The player's template context; ``result`` is the run as just played, else it is replayed."""
    result = result if result is not None else services.play(run)
    lang = current_language()
    return {
        "run": run, "play": result, "spec": result.spec, "entries": debrief.entries(result, lang),
        "line": debrief.current_line(result, lang), "node": result.spec.nodes[result.state.node],
        "options": available(result.spec, result.state), "form": TurnForm(formdata=None),
        "action_form": ActionForm(),
        "can_back": services.can_step_back(run), "opening": debrief.opening_notes(result, lang),
    }  # fmt: skip


@bp.get("/runs/<int:run_id>")
@login_required
def run(run_id: int):
    run = _own_run_or_404(run_id)
    if run.finished:
        return redirect(url_for("scenarios.report", run_id=run.id))
    return render_template("scenarios/play.html", **_player_context(run))


def _after_turn(run: ScenarioRun, result: services.Play):
    """JSON for the enhanced player (the new call panel, or where to go), else a redirect.

    ``result`` is what the action returned; the panel is built from it rather than replaying the run again.
    """
    target = url_for("scenarios.report" if run.finished else "scenarios.run", run_id=run.id)
    if request.headers.get("X-Requested-With") != "fetch":
        return redirect(target)
    if run.finished:
        return jsonify(redirect=target)
    return jsonify(html=render_template("scenarios/_call.html", **_player_context(run, result)))


def _seen() -> int | None:
    """The run revision the form was rendered at (None when the form did not say)."""
    value = request.form.get("at", "")
    return int(value) if value.isdigit() else None


def _refuse(run: ScenarioRun, message: str, status: int = 400):
    if request.headers.get("X-Requested-With") == "fetch":
        return jsonify(error=message), status
    flash(message, "warning")
    return redirect(url_for("scenarios.run", run_id=run.id))


def _current_panel(run: ScenarioRun, message: str, status: int):
    """For the enhanced player: the call as it stands now with ``message`` above it (or the debrief)."""
    if run.finished:
        return jsonify(redirect=url_for("scenarios.report", run_id=run.id))
    html = render_template("scenarios/_call.html", notice=message, **_player_context(run))
    return jsonify(error=message, html=html), status


def _moved_on(run: ScenarioRun):
    """Another request changed the call first: apply nothing, show where it stands."""
    db.session.rollback()
    message = _("The call had already moved on; here is where it stands.")
    if request.headers.get("X-Requested-With") == "fetch":
        return _current_panel(run, message, 409)
    return _refuse(run, message, 409)


def _turn_limit() -> str:
    return current_app.config.get("SCENARIO_TURN_RATE_LIMIT", "60 per minute")


def _per_user() -> str:
    return f"user:{current_user.id}" if current_user.is_authenticated else get_remote_address()


@bp.errorhandler(429)
def too_fast(_exc):
    """A turn over the per-user limit: the player says so instead of showing an error page."""
    message = _("That was faster than any real call. Please wait a moment and try again.")
    run_id = (request.view_args or {}).get("run_id")
    if run_id is None:
        return jsonify(error=message), 429
    if request.headers.get("X-Requested-With") == "fetch":
        return _current_panel(_own_run_or_404(run_id), message, 429)
    flash(message, "warning")
    return redirect(url_for("scenarios.run", run_id=run_id))


turn_limit = limiter.shared_limit(_turn_limit, scope="scenario-turn", key_func=_per_user)


@bp.post("/runs/<int:run_id>/turn")
@turn_limit
@login_required
def turn(run_id: int):
    run = _own_run_or_404(run_id)
    form = TurnForm()
    if not form.validate_on_submit():
        return _refuse(run, _("Your reply is too long or the form has expired. Please try again."))
    try:
        choice = services.clean_choice(request.form.get("option"), form.text.data)
        result = services.take_turn(run, choice, current_user, now(), seen=_seen())
    except services.RunMovedOn:
        return _moved_on(run)
    except ChoiceError:
        return _refuse(run, _("Choose one of the options or type a reply."))
    db.session.commit()
    return _after_turn(run, result)


@bp.post("/runs/<int:run_id>/back")
@turn_limit
@login_required
def back(run_id: int):
    return _act(run_id, services.step_back, _("You can step back once, in practice mode only."))


@bp.post("/runs/<int:run_id>/hang-up")
@login_required
def hang_up(run_id: int):
    return _act(run_id, services.hang_up, _("This call has already ended."))


def _act(run_id: int, action, refusal: str):
    """Step back or hang up: the same checks, answers and single commit as a turn."""
    run = _own_run_or_404(run_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        result = action(run, current_user, now(), seen=_seen())
    except services.RunMovedOn:
        return _moved_on(run)
    except ChoiceError:
        return _refuse(run, refusal)
    db.session.commit()
    return _after_turn(run, result)


@bp.get("/runs/<int:run_id>/debrief")
@login_required
def report(run_id: int):
    run = db.session.get(ScenarioRun, run_id)
    if run is None or not can_view_learning_record(current_user, run.user):
        abort(404)
    if run.user_id == current_user.id and not run.finished and run.mode == "assessment":
        return redirect(url_for("scenarios.run", run_id=run.id))  # no feedback before an assessment ends
    if run.user_id != current_user.id:
        audit.record(current_user, "scenario.transcript.view", f"scenario_run:{run.id}",
                     {"learner_id": run.user_id, "scenario": f"{run.scenario.course_slug}/{run.scenario.slug}"},
                     now())  # fmt: skip
        db.session.commit()
    result = services.play(run)
    lang = current_language()
    return render_template("scenarios/debrief.html", run=run, play=result, spec=result.spec,
                           entries=debrief.entries(result, lang), opening=debrief.opening_notes(result, lang),
                           summary=debrief.violations_summary(result, lang))  # fmt: skip


@bp.get("/mine")
@login_required
def mine():
    return render_template("scenarios/mine.html", runs=services.runs_of_user(current_user), person=None)


@bp.get("/people/<int:user_id>")
@login_required
def person(user_id: int):
    """A learner's calls, for trainers and HR (and the learner)."""
    from elearn.auth.models import User

    user = db.session.get(User, user_id)
    if user is None or not can_view_learning_record(current_user, user):
        abort(404)
    return render_template("scenarios/mine.html", runs=services.runs_of_user(user), person=user)


# --- trainers --------------------------------------------------------------------------------


@bp.get("/manage")
@role_required("trainer")
def manage():
    rows = services.published()
    specs = {row.id: services.load_version(row.current_version)[0] for row in rows}
    return render_template("scenarios/manage.html", rows=rows, specs=specs)


@bp.route("/<course>/<slug>/edit", methods=["GET", "POST"])
@role_required("trainer")
def edit(course: str, slug: str):
    scenario = _scenario_or_404(course, slug)
    form = EditForm()
    problems, results = [], None
    if request.method == "GET":
        form.source.data = scenario.current_version.source
    elif form.validate_on_submit():
        if request.form.get("action") == "save":
            version, problems = save_source(scenario, form.source.data, current_user, now())
            if version is not None:
                audit.record(current_user, "scenario.publish", f"scenario:{course}/{slug}",
                             {"version": version.version, "origin": "editor"}, now())
                db.session.commit()
                flash(_("Saved as version %(number)s.", number=version.version), "success")
                return redirect(url_for("scenarios.edit", course=course, slug=slug))
            if not problems:
                flash(_("Nothing changed: the text is the same as the current version."), "info")
        else:
            problems, results = check_source(scenario, form.source.data)
    return render_template("scenarios/edit.html", scenario=scenario, form=form, problems=problems,
                           results=results, spec=services.load_version(scenario.current_version)[0])


@bp.get("/<course>/<slug>/graph")
@role_required("trainer")
def graph(course: str, slug: str):
    scenario = _scenario_or_404(course, slug)
    spec, _rules = services.load_version(scenario.current_version)
    captions = {"free_text": _("free text"), "options": _("%(num)s options", num="{n}"),
                "outcomes": OUTCOME_LABELS}
    svg = render_svg(spec, spec.title.pick(current_language()), captions)
    return render_template("scenarios/graph.html", scenario=scenario, spec=spec, svg=svg)


@bp.get("/<course>/<slug>/analytics")
@role_required("trainer")
def analytics(course: str, slug: str):
    scenario = _scenario_or_404(course, slug)
    spec, rules = services.load_version(scenario.current_version)
    runs = [r for r in services.runs_of_scenario(scenario, limit=5000) if r.version_id == scenario.current_version.id]
    facts = [RunFacts(tuple((s[0], s[1], tuple(s[2])) for s in r.steps), r.finished, r.passed, r.ending, r.outcome)
             for r in runs]  # fmt: skip
    stats = summarise(spec, facts, current_language())
    return render_template("scenarios/analytics.html", scenario=scenario, spec=spec, stats=stats, rules=rules)


@bp.get("/<course>/<slug>/runs")
@role_required("trainer")
def runs(course: str, slug: str):
    scenario = _scenario_or_404(course, slug)
    spec, _rules = services.load_version(scenario.current_version)
    return render_template("scenarios/runs.html", scenario=scenario, spec=spec,
                           runs=services.runs_of_scenario(scenario))
