"""schemathesis against a real ``innokg serve``: every operation of ``/openapi.json``, valid and invalid data.

A bounded budget (:data:`EXAMPLES` cases per operation and mode, no
shrinking), run through schemathesis's Python API: the schema is loaded with
:func:`schemathesis.openapi.from_url`, each operation's cases come from
``operation.as_strategy()`` and each answer is checked with
``case.validate_response()`` (status codes, content types, response schemas,
headers, negative data rejected…). Every finding is collected: none may be a
5xx, and the findings left must be exactly the explained ones.
"""

from __future__ import annotations

import html
import re

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.core.failures import Failure, FailureGroup

from http_server import running_server, seed_store  # noqa: F401  (fixture)

#: Cases per operation and generation mode.
EXAMPLES = 6

#: Findings that are right as they are: (operation, finding) -> why. Each is shown exactly in
#: :func:`test_the_explained_findings_are_what_the_server_should_answer`.
EXPLAINED = {
    ("GET /sparql", "Schema-valid request rejected"):
        "a random string is not SPARQL: the grammar of a query cannot be written as a JSON Schema pattern",
    ("POST /sparql", "Schema-valid request rejected"):
        "the same for a query in a form or in the body; and a form may not hold both query= and update=",
    ("GET /query.{format}", "Schema-valid request rejected"): "a random string is not a SPARQL query either",
    ("GET /query", "Schema-valid request rejected"):
        "nor on the query page, which answers a syntax error with its status, 400 (issue 17)",
    ("GET /views/{kind}", "Schema-valid request rejected"):
        "the ego view needs entity=, which only that kind of view requires (OpenAPI cannot say so)",
}


@pytest.fixture(scope="module")
def server(seed_store, tmp_path_factory):  # noqa: F811
    with running_server(seed_store, "--timeout", "60", log_dir=tmp_path_factory.mktemp("schemathesis")) as running:
        yield running


def _explore(server, operation, mode) -> tuple[list[int], list[tuple[str, str, str]]]:
    statuses, findings = [], []

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(operation.as_strategy(mode))
    def run(case):
        response = case.call(base_url=server.url, timeout=60)
        statuses.append(response.status_code)
        try:
            case.validate_response(response)
        except FailureGroup as group:
            findings.extend((operation.label, type(f).__name__, f.title) for f in group.exceptions)
        except Failure as failure:
            findings.append((operation.label, type(failure).__name__, failure.title))

    try:
        run()
    except Unsatisfiable:  # no invalid request can be made for an operation without parameters
        assert mode == schemathesis.GenerationMode.NEGATIVE and not statuses, operation.label
    return statuses, findings


def test_schemathesis_finds_no_5xx_and_only_explained_findings(server):
    schema = schemathesis.openapi.from_url(server.url + "/openapi.json")
    statuses, findings = [], []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):
            answered, found = _explore(server, operation, mode)
            statuses += answered
            findings += [(mode.value, *finding) for finding in found]
    assert [status for status in statuses if status >= 500] == []
    assert len(statuses) > 200
    unexplained = sorted({(operation, title) for _, operation, _, title in findings} - set(EXPLAINED))
    assert unexplained == []


@pytest.mark.parametrize("method, path, form, status, message", [
    ("GET", "/sparql?query=%F0%9F%91%8D", None, 400, "SPARQL syntax error at line 1, column 2: expected [_]"),
    ("POST", "/sparql", {"query": "ASK {}", "update": "CLEAR ALL"}, 400, "send either query= or update=, not both"),
    ("GET", "/query.csv?query=0", None, 400, "SPARQL syntax error at line 1, column 2: expected [_]"),
    ("GET", "/views/ego", None, 400, "the ego view needs ?entity=ID or IRI"),
])
def test_the_explained_findings_are_what_the_server_should_answer(server, method, path, form, status, message):
    answer = httpx.request(method, server.url + path, data=form, timeout=30)
    text = answer.text.strip()
    if answer.headers["content-type"].startswith("text/html"):
        text = html.unescape(re.search(r'<p class="error">(.*?)</p>', answer.text).group(1))
    assert (answer.status_code, text) == (status, message)
