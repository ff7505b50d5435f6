"""The load-test mix for `bench/bench_load.py` (locust, headless): learners and HR on the site as on a workday.

Learners (`load0001`...): most arrive already signed in this morning (a session cookie minted by the bench);
LOGIN_SHARE of them sign in through the form now. Each reads lessons and marks them done, takes the sample quiz
(which issues the certificate), plays a practice call to its end and reads the debrief, and downloads the
certificate PDF. HR (`loadhr1`...) sign in, open the compliance matrix and the dashboard, and export the CSV.
Think times are those of people reading: LOAD_WAIT_MIN..LOAD_WAIT_MAX seconds (10-30) between tasks, and
LOAD_STEP_MIN..LOAD_STEP_MAX (3-10) between the steps of one task (reading a question, choosing a reply in a call).
Every user starts with a pause, so the 500 are on the site together rather than arriving in the same second.

The site runs in production configuration as behind nginx: requests carry the proxy's X-Forwarded-Proto and
X-Forwarded-For (one address per person), a same-origin Referer (CSRF's strict referrer check), and the Secure
cookies are kept on this plain-HTTP hop.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from pathlib import Path

from locust import HttpUser, between, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "")
SESSIONS = json.loads(Path(os.environ["LOAD_SESSIONS"]).read_text()) if os.environ.get("LOAD_SESSIONS") else {}
LOGIN_SHARE = float(os.environ.get("LOAD_LOGIN_SHARE", "0.1"))
ARRIVAL = float(os.environ.get("LOAD_ARRIVAL", "45"))  # seconds over which the signing-in learners arrive
WAIT = (float(os.environ.get("LOAD_WAIT_MIN", "10")), float(os.environ.get("LOAD_WAIT_MAX", "30")))
STEP = (float(os.environ.get("LOAD_STEP_MIN", "3")), float(os.environ.get("LOAD_STEP_MAX", "10")))
CORRECT = {"q-sq-001": "0", "q-sq-002": "false", "q-sq-003": "民法典"}
CALL = [{"option": "identify"}, {"text": "为了确认是您本人，请问您卡号后四位是多少？"}, {"option": "state-facts"},
        {"option": "acknowledge"}, {"option": "confirm-official"}]
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
LEARNERS = itertools.count(1)
HRS = itertools.count(1)
DESKS = itertools.count(1)


class Visitor(HttpUser):
    abstract = True
    wait_time = between(*WAIT)

    def on_start(self):
        host = self.host.split("://", 1)[1]
        # Connection: close: gunicorn drops idle keep-alive connections after 5 s, and a request sent on one in that
        # instant fails in this client (browsers and nginx retry it); a fresh loopback connection costs ~0.1 ms.
        desk = next(DESKS)  # each person at their own desk: nginx forwards the address (ELEARN_PROXY_COUNT=1)
        address = f"10.20.{desk // 250}.{desk % 250 + 1}"
        self.client.headers.update({"X-Forwarded-Proto": "https", "X-Forwarded-For": address,
                                    "Referer": f"https://{host}/", "Accept-Language": "zh-CN", "Connection": "close"})
        self.token = None

    def unsecure(self) -> None:
        """Keep the Secure cookies on this plain-HTTP hop: the browser reached the proxy over HTTPS."""
        for cookie in self.client.cookies:
            cookie.secure = False

    def get(self, path: str, name: str):
        response = self.client.get(path, name=name)
        self.unsecure()
        return response

    def sign_in(self, username: str) -> None:
        page = self.get("/auth/login", name="GET /auth/login").text
        with self.client.post("/auth/login", data={"username": username, "password": PASSWORD,
                                                   "csrf_token": TOKEN.search(page).group(1)},
                              name="POST /auth/login", allow_redirects=False, catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"sign-in refused: {response.status_code}")
        self.unsecure()

    def page(self, path: str, name: str | None = None) -> str:
        text = self.get(path, name=name or path).text
        found = TOKEN.search(text)
        if found:
            self.token = found.group(1)
        return text

    @staticmethod
    def think() -> None:
        time.sleep(random.uniform(*STEP))

    def post(self, path: str, data: dict | None = None, name: str | None = None):
        with self.client.post(path, data={**(data or {}), "csrf_token": self.token}, name=name or path,
                              allow_redirects=False, catch_response=True) as response:
            if response.status_code not in (200, 302, 303):
                response.failure(f"{response.status_code} {response.error or response.text[:300]!r}")
        self.unsecure()
        return response


class Learner(Visitor):
    weight = 99

    def on_start(self):
        super().on_start()
        self.username = f"load{next(LEARNERS):04d}"
        self.lessons: list[str] = []
        self.passed = False
        cookie = SESSIONS.get(self.username)
        if cookie and random.random() >= LOGIN_SHARE:
            host = self.host.split("://", 1)[1].split(":")[0]
            self.client.cookies.set("session", cookie, domain=host, path="/")
            time.sleep(random.uniform(0, WAIT[1]))  # already on the site, somewhere in a lesson
        else:  # arrives during the run, not all at the same second
            time.sleep(random.uniform(0, ARRIVAL))
            self.sign_in(self.username)
            self.page("/", name="home")

    def course(self) -> None:
        self.lessons = re.findall(r'href="(/courses/sample-course/lessons/[^"/]+)"',
                                  self.page("/courses/sample-course", name="course"))

    @task(6)
    def read_a_lesson(self):
        if not self.lessons:
            self.course()
        if not self.lessons:
            return
        lesson = random.choice(self.lessons)
        self.page(lesson, name="lesson")
        self.think()
        self.post(f"{lesson}/complete", name="lesson complete")

    @task(2)
    def browse(self):
        self.page(random.choice(["/", "/courses/", "/courses/sample-course", "/scenarios/", "/certificates/"]),
                  name="browse")

    @task(1)
    def take_the_quiz(self):
        if self.passed:
            return
        self.page("/quizzes/sample-quiz", name="quiz")
        self.think()
        started = self.post("/quizzes/sample-quiz/start", name="quiz start")
        attempt = re.search(r"/quizzes/attempt/\d+", started.headers.get("Location", ""))
        if not attempt:
            return
        self.page(attempt.group(0), name="quiz attempt")
        self.think()
        self.post(f"{attempt.group(0)}/save", {"q-sq-001": "0"}, name="quiz save")
        self.think()
        self.post(f"{attempt.group(0)}/submit", CORRECT, name="quiz submit")
        self.page(f"{attempt.group(0)}/review", name="quiz review")
        self.passed = True

    @task(2)
    def play_a_call(self):
        self.page("/scenarios/compliant-conduct/first-contact/", name="scenario intro")
        self.think()
        started = self.post("/scenarios/compliant-conduct/first-contact/start/practice", name="scenario start")
        run = re.search(r"/scenarios/runs/\d+", started.headers.get("Location", ""))
        if not run:
            return
        self.page(run.group(0), name="scenario player")
        for turn in CALL:
            self.think()
            self.post(f"{run.group(0)}/turn", turn, name="scenario turn")
        self.page(f"{run.group(0)}/debrief", name="scenario debrief")

    @task(1)
    def download_the_certificate(self):
        listing = self.page("/certificates/", name="certificates")
        self.think()
        found = re.search(r'/certificates/(\d+)/pdf', listing)
        if found:
            with self.client.get(found.group(0), name="certificate pdf", catch_response=True) as response:
                if not response.content.startswith(b"%PDF"):
                    response.failure("not a PDF")
            self.unsecure()


class HR(Visitor):
    weight = 1

    def on_start(self):
        super().on_start()
        time.sleep(random.uniform(0, ARRIVAL))
        self.sign_in(f"loadhr{next(HRS)}")

    @task(2)
    def matrix(self):
        self.page("/reports/", name="hr matrix")

    @task(1)
    def dashboard(self):
        self.page("/reports/dashboard", name="hr dashboard")

    @task(1)
    def export(self):
        with self.client.get("/reports/export?format=csv", name="hr export csv", catch_response=True) as response:
            if response.status_code != 200 or "text/csv" not in response.headers.get("Content-Type", ""):
                response.failure(f"export: {response.status_code} {response.headers.get('Content-Type')}")
        self.unsecure()


class Probe(HttpUser):
    """One monitor calling /healthz every second: the trivial route's latency is the run's floor (how much of
    the latency is the machine's, not the pages')."""

    fixed_count = 1
    wait_time = between(1, 1)

    @task
    def health(self):
        self.client.get("/healthz", name="healthz (floor)", headers={"Connection": "close"})
