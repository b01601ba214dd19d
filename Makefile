# Every target installs what it needs first, once: the Debian/Ubuntu packages
# (scripts/system-packages.sh, which lists them), then .venv (again when
# pyproject.toml or that list changes). A fresh clone needs only `make parse` /
# `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Every install takes the exact releases of constraints.txt: the committed
# parsed/ is what those releases produce (OCR's text moves with OpenCV's).
PIP := $(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt
SYSTEM := sh scripts/system-packages.sh
# The pipeline's modules compiled ahead, before every target that runs it:
# Python reads a fresh .pyc even under PYTHONDONTWRITEBYTECODE, which
# otherwise has every run compile them from source again (about 35 ms of a
# 0.8 s run on the fixtures). A .pyc whose source has changed since is ignored,
# and the next target compiles it again (checking them takes a few ms).
COMPILE := $(PY) -m compileall -q pipeline
# The scoring cases live outside the repository; `make eval` says so when absent.
DEV_EVAL ?= ../shared/dev-eval

.PHONY: parse review serve test test-slow lint bench bench-cluster eval fixtures fuzz roundtrip corpus-sample constraints clean

# python3-venv before `-m venv`; bin/pip, not bin/python, tells a finished venv
# (a venv made without python3-venv has python but no pip).
$(STAMP): pyproject.toml constraints.txt scripts/system-packages.sh
	@$(SYSTEM) parse
	test -x $(VENV)/bin/pip || $(PYTHON) -m venv $(VENV)
	$(PIP) -e '.[dev]'
	touch $(STAMP)

# Dask (the cluster extra) only for --cluster and the tests: a local parse never imports it.
CLUSTER_STAMP := $(VENV)/.cluster
$(CLUSTER_STAMP): $(STAMP)
	$(PIP) -e '.[dev,cluster]'
	touch $(CLUSTER_STAMP)

# CLUSTER=local:2 (Dask worker processes here) or CLUSTER=tcp://HOST:PORT (a scheduler): docs/cluster.md
parse: $(STAMP) $(if $(CLUSTER),$(CLUSTER_STAMP))  ## raw_docs/*.pdf -> parsed/ (JSON, CSV, datapackage.json; CLUSTER=local:2 on Dask)
	@$(COMPILE)
	$(PY) -m pipeline parse raw_docs --out parsed $(if $(CLUSTER),--cluster $(CLUSTER))

# From parsed/json and the PDFs they name; run `make parse` first after changing raw_docs/.
review: $(STAMP)  ## parsed/review/<doc_id>.html: each value's box drawn over its page (open index.html)
	@$(COMPILE)
	$(PY) -m pipeline review parsed

# Datasette (the serve extra) only for make serve and the tests.
SERVE := $(VENV)/.serve
$(SERVE): $(STAMP)
	$(PIP) -e '.[dev,serve]'
	touch $(SERVE)

# A fresh clone has no plans.db (it is not committed): make parse builds it.
serve: $(SERVE)  ## browse and search parsed/plans.db in Datasette on http://127.0.0.1:8001/ (PORT=8001)
	@test -f parsed/plans.db || $(MAKE) parse
	$(PY) -m pipeline serve parsed $(if $(PORT),--port $(PORT))

# -rs: a skipped test says why (OCR models or ../shared/ absent) in one line;
# -n auto: one pytest-xdist worker per core (tests/conftest.py shares the
# long runs and the OCR'd pages between them).
test: $(SERVE) $(CLUSTER_STAMP)  ## the test suite but its slow families (chromium and its driver too, for the browser tests)
	@$(SYSTEM) test
	@$(COMPILE)
	$(PY) -m pytest -q -rs -n auto -m "not slow"

test-slow: $(SERVE) $(CLUSTER_STAMP)  ## the slow families: fuzzing at 300 cases, the 14-, 7- and 4-page scanned twins
	@$(SYSTEM) test
	@$(COMPILE)
	$(PY) -m pytest -q -rs -m slow

lint: $(STAMP)  ## ruff
	$(PY) -m ruff check pipeline tests

bench: $(STAMP)  ## pipeline/reading ratio, pages/s, peak memory, 450-page linearity, per-stage times
	@$(COMPILE)
	$(PY) tests/bench.py

# The generated corpus (500 PDFs, a tenth scanned) is made once into .bench-corpus/.
bench-cluster: $(CORPUS) $(CLUSTER_STAMP)  ## --jobs 1/2 against --cluster local:1/2 on 500 generated PDFs: pages/s, scaling
	@$(SYSTEM) typeset
	@$(COMPILE)
	$(PY) tests/bench_cluster.py

ifeq ($(wildcard $(DEV_EVAL)/score.py),)
eval:  ## score on ../shared/dev-eval (when it is there)
	@echo "make eval: skipped, $(DEV_EVAL)/ is not here (the scoring cases are kept outside the repository)"
else
eval: $(STAMP)  ## score on ../shared/dev-eval (when it is there)
	@$(COMPILE)
	$(PYTHON) $(DEV_EVAL)/score.py --repo .
endif

fixtures: $(STAMP)  ## typeset raw_docs/ again (needs fonts-noto-cjk, installed here)
	@$(SYSTEM) fixtures
	$(PIP) 'fonttools>=4.40,<5'
	$(PY) tests/fixtures/typeset/typeset.py

CORPUS := $(VENV)/.corpus
$(CORPUS): $(STAMP)
	$(PIP) -e '.[dev,corpus]'
	touch $(CORPUS)

# SCAN=200,300: each producer's scanned families (docx-scan200 ...) instead of its printed PDFs.
roundtrip: $(CORPUS)  ## N generated documents per producer, printed, parsed, scored (N=100 PRODUCERS=typeset,docx,html SCAN=200,300)
	@$(SYSTEM) roundtrip
	$(PY) tests/corpus/roundtrip.py --n $(or $(N),100) $(if $(PRODUCERS),--producers $(PRODUCERS)) $(if $(SCAN),--scan $(SCAN)) $(if $(SEED),--seed $(SEED))

SAMPLE_SEEDS := 14,20,29,35
corpus-sample: $(CORPUS)  ## print again the fixed sample of generated documents that make test parses
	@$(SYSTEM) roundtrip
	rm -rf tests/fixtures/corpus
	$(PY) tests/corpus/roundtrip.py --sample $(SAMPLE_SEEDS) --out tests/fixtures/corpus

fuzz: $(STAMP)  ## mutate fixture PDFs: every case must end parsed or with one clean error
	$(PY) tests/fuzz.py $(or $(CASES),2000)

# The newest releases pyproject.toml admits, in a throwaway venv, written to
# constraints.txt above its comment. Then `make parse test` and review parsed/.
constraints:  ## pin the newest releases pyproject.toml admits (then make parse test, review parsed/)
	rm -rf .venv-constraints
	$(PYTHON) -m venv .venv-constraints
	.venv-constraints/bin/python -m pip install --quiet --disable-pip-version-check -e '.[dev,corpus,cluster]'
	{ sed -n '/^#/p' constraints.txt; .venv-constraints/bin/python -m pip freeze --exclude-editable; } > constraints.txt.new
	mv constraints.txt.new constraints.txt
	rm -rf .venv-constraints

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
