# elearn: the two commands are `make run` and `make test` (see README.md).
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app app
PORT ?= 5000
export FLASK_APP = app

.PHONY: setup run test bench lint translations venv system-deps db content demo clean

setup: system-deps venv translations db content demo ## idempotent: everything `make run` needs

system-deps:
	@scripts/system-deps.sh runtime

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -d $(VENV) || python3 -m venv $(VENV)
	@$(VENV)/bin/pip install -q --upgrade pip
	@$(VENV)/bin/pip install -q -r requirements-dev.txt
	@touch $@

translations: venv
	@$(PY) scripts/i18n.py compile

db: venv
	@$(FLASK) db upgrade heads

content: db
	@$(FLASK) content load

demo: content
	@if [ "$$ELEARN_NO_DEMO" != "1" ]; then $(FLASK) demo seed; fi

run: setup ## serve the site on http://127.0.0.1:$(PORT)
	@$(PY) scripts/serve.py --port $(PORT)

test: venv translations ## the whole suite, browser tests included
	@scripts/system-deps.sh test
	@$(PY) -m pytest -q $(PYTEST_ARGS) || [ $$? -eq 5 ]

lint: venv
	@$(VENV)/bin/ruff check .

bench: setup ## benchmarks under bench/, results in bench/results.md
	@$(PY) bench/run.py

clean:
	rm -rf instance/elearn.db* bench/.tmp test-artifacts
