"""The review page /extract in Chromium (issue 16) against a real ``innokg serve --allow-update``.

A text written for the test is pasted, its candidates drawn at their offsets; two are accepted (one
edited), one rejected, the rest left undecided; the import lands exactly the accepted facts, with
their quotes, in the text's named graph, and the same review again changes nothing. A read-only
server refuses the page and its writes; a wrong token is refused. No console error, no policy
violation, no request leaves the host, and a hostile text is shown as text.
"""

from __future__ import annotations

import hashlib
import json
import urllib.error
import urllib.parse
import urllib.request

import pytest
from http_server import TOKEN, running_server
from test_pages_browser import SCREENSHOTS, browser, hostile_store_path, server, watched  # noqa: F401

from kg.build import build

ID = "https://w3id.org/innokg/id/"
IK = "https://w3id.org/innokg/ont#"
OA = "http://www.w3.org/ns/oa#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
HOSTILE = "<img src=x onerror=alert(1)>"
TEXT = ("《全球科技创新中心100强(2025)》快评\n\n武汉综合排名位列全球第45，较上年提升3位。\n"
        f"在综合排名前30强中，中国占据5席。\n青年报记者 刘昕璐报道。{HOSTILE}\n")
SHA = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
GRAPH = f"https://w3id.org/innokg/graph/import/text-{SHA[:16]}"
SOURCE = f"{ID}source/text-{SHA[:16]}"


@pytest.fixture(scope="module")
def update_server(tmp_path_factory):
    """``innokg serve --allow-update --token`` over a fresh copy of the seed store."""
    path = tmp_path_factory.mktemp("extract-page") / "store"
    build(path)
    with running_server(path, "--allow-update", "--token", TOKEN, log_dir=path.parent) as running:
        yield running.url


def _select(url: str, query: str) -> list[dict]:
    request = urllib.request.Request(url + "/sparql?" + urllib.parse.urlencode({"query": query}),
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        rows = json.loads(answer.read())["results"]["bindings"]
    return [{name: term["value"] if term["type"] != "bnode" else "_" for name, term in row.items()} for row in rows]


def _facts_of(url: str, subject: str) -> set[tuple[str, str]]:
    rows = _select(url, f"SELECT ?p ?o WHERE {{ GRAPH <{GRAPH}> {{ <{subject}> ?p ?o }} }}")
    return {(row["p"], row["o"]) for row in rows}


def _post(url: str, path: str, body: dict, token: str | None = TOKEN) -> tuple[int, str]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url + path, data=json.dumps(body).encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _find(page, token: str = TOKEN) -> None:
    page.fill("#extract-token", token)
    page.fill("#extract-title", "晨间快评")
    page.fill("#extract-date", "2025-12-03")
    page.fill("#extract-text", TEXT)
    page.click("#extract-run")


def test_review_accept_edit_reject_and_import(update_server, watched):  # noqa: F811
    SCREENSHOTS.mkdir(exist_ok=True)
    page = watched.page
    page.goto(update_server + "/extract?lang=en")
    assert page.inner_text("h1") == "Facts from a text"
    _find(page)
    page.wait_for_selector("#extract-review:not([hidden])")
    assert page.inner_text("#extract-status") == f"6 candidate facts in {len(TEXT)} characters."
    rows = page.eval_on_selector_all("#extract-candidates tbody tr", "rows => rows.map(r => [r.cells[1].textContent, "
                                     "r.cells[2].querySelector('strong').textContent])")
    assert rows == [["rank", "位列全球第45"], ["change", "提升3位"], ["aggregate", "中国占据5席"],
                    ["role", "青年报记者 刘昕璐"], ["organization", "青年报"], ["person", "刘昕璐"]]
    # the text as the reader sees it, each candidate highlighted at its offsets (the role holds two names)
    assert page.inner_text("#extract-textview") == TEXT
    marks = page.eval_on_selector_all("#extract-textview mark", "ms => ms.map(m => [m.textContent, m.dataset.candidate])")
    assert marks == [["位列全球第45", "0"], ["提升3位", "1"], ["中国占据5席", "2"], ["青年报", "4"], ["记者 ", "3"],
                     ["刘昕璐", "5"]]
    assert page.query_selector("main img") is None  # the hostile text is text
    assert HOSTILE in page.inner_text("#extract-textview")
    page.click("#extract-textview mark[data-candidate='2']")
    assert page.get_attribute("#extract-c-2", "class") == "focused"
    page.check("#extract-accept-0")
    page.fill("#extract-field-0-rank", "44")  # the reviewer corrects a field
    page.check("#extract-accept-2")
    page.check("#extract-reject-3")
    assert page.inner_text("#extract-tally") == "2 accepted, 1 rejected, 3 undecided"
    assert page.get_attribute("#extract-textview mark[data-candidate='0']", "class") == "rank accepted"
    assert page.get_attribute("#extract-textview mark[data-candidate='3']", "class") == "role rejected"
    page.click("#extract-import")
    page.wait_for_selector("#extract-result a.graph")
    assert page.inner_text("#extract-result") == f"Imported 2 facts (77 quads) into {GRAPH}"
    page.screenshot(path=str(SCREENSHOTS / "extract-review.png"), full_page=True)

    rank, aggregate = f"{ID}extracted/{SHA[:12]}/rank-30-37-1", f"{ID}extracted/{SHA[:12]}/aggregate-58-64-2"
    assert TEXT[30:37] == "位列全球第45" and TEXT[58:64] == "中国占据5席"
    assert _facts_of(update_server, rank) == {
        (RDF_TYPE, IK + "RankObservation"), (IK + "edition", ID + "edition/gis100-2025"),
        (IK + "dimension", ID + "dimension/overall"), (IK + "city", ID + "city/wuhan"), (IK + "rank", "44"),
        (IK + "valueQualifier", ID + "qualifier/exact"), (DERIVED, SOURCE),
        (LABEL, "武汉·综合排名第44（摘自文本）"), (LABEL, "Wuhan: overall ranking rank 44 (extracted)")}
    assert {(p, o) for p, o in _facts_of(update_server, aggregate) if p != LABEL} == {
        (RDF_TYPE, IK + "StatedAggregate"), (IK + "ofEdition", ID + "edition/gis100-2025"),
        (IK + "dimension", ID + "dimension/overall"), (IK + "topN", "30"), (IK + "groupPlace", ID + "country/cn"),
        (IK + "statedCount", "5"), (IK + "valueQualifier", ID + "qualifier/exact"), (DERIVED, SOURCE)}
    assert {(p, o) for p, o in _facts_of(update_server, SOURCE) if p != LABEL} == {
        (RDF_TYPE, IK + "Source"), ("http://purl.org/dc/terms/title", "晨间快评"),
        ("http://purl.org/dc/terms/date", "2025-12-03"), ("http://spdx.org/rdf/terms#checksum", "_")}
    quotes = _select(update_server, f"""SELECT ?fact ?exact ?start ?end ?sentence WHERE {{ GRAPH <{GRAPH}> {{
        ?a <{OA}hasBody> ?fact ; <{IK}quotedSentence> ?sentence ; <{OA}hasTarget> [ <{OA}hasSource> <{SOURCE}> ;
           <{OA}hasSelector> [ <{OA}exact> ?exact ] , [ <{OA}start> ?start ; <{OA}end> ?end ] ] }} }} ORDER BY ?start""")
    assert quotes == [
        {"fact": rank, "exact": "位列全球第45", "start": "30", "end": "37", "sentence": "武汉综合排名位列全球第45，较上年提升3位。"},
        {"fact": aggregate, "exact": "中国占据5席", "start": "58", "end": "64", "sentence": "在综合排名前30强中，中国占据5席。"}]
    kinds = _select(update_server, f"SELECT ?type (COUNT(?s) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?s a ?type }} }} "
                                   "GROUP BY ?type ORDER BY ?type")
    assert {row["type"].rsplit("#", 1)[-1].rsplit("/", 1)[-1]: int(row["n"]) for row in kinds} == {
        "FactGraph": 1, "Source": 1, "StatedAggregate": 1, "RankObservation": 1, "Activity": 1, "Entity": 1,
        "Checksum": 2, "Annotation": 2, "SpecificResource": 2, "TextPositionSelector": 2, "TextQuoteSelector": 2}
    assert _select(update_server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}") == [{"n": "77"}]

    page.click("#extract-import")  # the same review again
    page.wait_for_selector("#extract-result:has-text('nothing changed')")
    assert page.inner_text("#extract-result") == f"The graph already holds this review; nothing changed: {GRAPH}"
    assert _select(update_server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}") == [{"n": "77"}]
    watched.check((update_server + "/", "data:"))


def test_a_wrong_token_and_a_name_not_in_the_graph_are_refused(update_server, watched):  # noqa: F811
    page = watched.page
    page.goto(update_server + "/extract?lang=en")
    _find(page, token="not-the-token")
    page.wait_for_selector("#extract-status:has-text('401')")
    assert page.inner_text("#extract-status") == "401: updates need the header Authorization: Bearer <token>"
    status, body = _post(update_server, "/extract/candidates", {"text": TEXT})
    assert status == 200
    found = json.loads(body)
    found["candidates"][0]["accept"] = True
    found["candidates"][0]["matches"]["place"] = "new"
    status, body = _post(update_server, "/extract/import", found)
    assert (status, json.loads(body)["problems"]) == (422, [
        ('row 1, column "place_iri", value "武汉": place \'武汉\' is not in the graph; hint: put the IRI of a thing '
         "the graph describes in the column, or import it first with `innokg template places`")])
    found["candidates"][0]["quote"] = "forged"
    assert _post(update_server, "/extract/import", found) == (
        400, '{"detail":"candidate 1: the quote is not the text at 30–37"}')
    assert _post(update_server, "/extract/import", found, token=None)[0] == 401
    watched.errors[:] = [e for e in watched.errors if "401 (Unauthorized)" not in e]  # the refused fetch itself
    watched.check((update_server + "/", "data:"))


def test_a_read_only_server_refuses_the_page(server, watched):  # noqa: F811
    watched.page.goto(server + "/extract?lang=en")
    assert watched.page.inner_text("main p.error") == (
        "The review page imports facts: it is served only by a server started with --allow-update --token, "
        "and this one is read-only.")
    assert watched.page.query_selector("#extract-form") is None
    assert _post(server, "/extract/candidates", {"text": TEXT}) == (
        403, ('{"detail":"The review page /extract (it imports facts) is disabled on this server '
              '(start it with --allow-update --token)"}'))
    assert _post(server, "/extract/import", {"text": TEXT, "candidates": []})[0] == 403
    watched.errors[:] = [e for e in watched.errors if "403 (Forbidden)" not in e]  # the page's own status
    watched.check((server + "/", "data:"))


def test_an_uploaded_html_file_is_read_as_its_reader_sees_it(update_server, watched, tmp_path):  # noqa: F811
    upload = tmp_path / "快评.html"
    upload.write_text("<html><head><title>全球科技创新中心100强(2025)快评</title></head><body>"
                      "<p>武汉综合排名位列<b>全球第45</b>。</p><script>alert(1)</script></body></html>", encoding="utf-8")
    page = watched.page
    page.goto(update_server + "/extract?lang=en")
    page.fill("#extract-token", TOKEN)
    page.set_input_files("#extract-file", str(upload))
    page.click("#extract-run")
    page.wait_for_selector("#extract-review:not([hidden])")
    assert page.inner_text("#extract-status") == "1 candidate fact in 14 characters."
    assert page.inner_text("#extract-textview") == "武汉综合排名位列全球第45。"
    assert page.eval_on_selector_all("#extract-textview mark", "ms => ms.map(m => m.textContent)") == ["位列全球第45"]
    assert page.input_value("#extract-iri-0-edition") == ID + "edition/gis100-2025"  # the edition from its title
    assert watched.dialogs == []
    watched.check((update_server + "/", "data:"))
