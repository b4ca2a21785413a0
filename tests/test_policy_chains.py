"""Technology-transfer chains on the seed graph: exact paths, steps, stages, dates and sources."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build import build
from kg.policy.chains import chain_rows, find_chains, firms, transfer_graph
from kg.policy.lookup import NotFound

from policy_helpers import iri

STORY = "Doers: Huanshangda Science Park and technology manager Li Yuyang"
SHU, PARK, PANXIN = "上海大学", "环上大科技园", "泮芯科技(上海)有限公司"
OPERATOR, MANAGER, NTIC = "上海环上大科技发展有限公司", "李宇阳", "长三角国家技术创新中心"
NUSP = "上海大学国家大学科技园"

#: Every chain from Shanghai University, best first: those reaching the firm by a grant; those the story links
#: before role bridges (Li Yuyang reached as general manager of the national science park, acting for the
#: Huanshangda park team: the science park takes no part in his acts); full routes before shortcuts (whose
#: nodes lie, in order, inside a longer chain); fewer inferred steps, shorter, recent.
SHU_CHAINS = [
    f"{SHU} —共建→ {PARK} —由其运营→ {OPERATOR} —总经理为→ {MANAGER} —对接→ {NTIC} —经渠道（先投后股）资助→ {PANXIN}",
    f"{SHU} —共建→ {PARK} —总经理、技术经理人为→ {MANAGER} —促成（先投后股）资助→ {PANXIN}",
    f"{SHU} —共建→ {PARK} —总经理、技术经理人为→ {MANAGER} —对接→ {NTIC} —经渠道（先投后股）资助→ {PANXIN}",
    f"{SHU} —共建→ {OPERATOR} —总经理为→ {MANAGER} —对接→ {NTIC} —经渠道（先投后股）资助→ {PANXIN}",
    f"{SHU} —下设→ {NUSP} —总经理为→ {MANAGER} —对接→ {NTIC} —经渠道（先投后股）资助→ {PANXIN}",
    f"{SHU} —下设→ {NUSP} —总经理为→ {MANAGER} —促成（先投后股）资助→ {PANXIN}",
    f"{SHU} —共建→ {OPERATOR} —总经理为→ {MANAGER} —促成（先投后股）资助→ {PANXIN}",
    f"{SHU} —共建→ {PARK} —由其运营→ {OPERATOR} —总经理为→ {MANAGER} —促成（先投后股）资助→ {PANXIN}",
    f"{SHU} —共建→ {PARK} —落地企业→ {PANXIN}",
    f"{SHU} —共建→ {PARK} —总经理、技术经理人为→ {MANAGER} —服务→ {PANXIN}",
    f"{SHU} —共建→ {PARK} —孵化→ {PANXIN}",
    f"{SHU} —共建→ {OPERATOR} —总经理为→ {MANAGER} —服务→ {PANXIN}",
    f"{SHU} —共建→ {PARK} —由其运营→ {OPERATOR} —总经理为→ {MANAGER} —服务→ {PANXIN}",
    f"{SHU} —下设→ {NUSP} —总经理为→ {MANAGER} —服务→ {PANXIN}",
]
#: The chain of the done-when: through the park, its operator, its general manager and the grant via the NTIC.
FULL_CHAIN = SHU_CHAINS[0]


def test_every_chain_from_shanghai_university_in_rank_order(seed_store):
    chains = find_chains(seed_store, "上海大学")
    assert [chain.text() for chain in chains] == SHU_CHAINS
    assert [chain.rank for chain in chains] == list(range(1, 15))
    assert [(c.funded, c.role_bridges, c.shortcut, c.length, c.inferred_steps, c.latest_date) for c in chains] == [
        (True, 0, False, 5, 2, "2025-01"), (True, 0, True, 3, 0, "2025-01"), (True, 0, True, 4, 1, "2025-01"),
        (True, 0, True, 4, 2, "2025-01"), (True, 1, False, 4, 1, "2025-01"), (True, 1, True, 3, 0, "2025-01"),
        (True, 1, True, 3, 1, "2025-01"), (True, 1, True, 4, 1, "2025-01"),
        (False, 0, True, 2, 0, "2023-05"), (False, 0, True, 3, 0, "2020-06-22"), (False, 0, True, 2, 1, "2020-06-22"),
        (False, 0, True, 3, 1, ""), (False, 0, True, 4, 1, "2020-06-22"), (False, 1, True, 3, 0, ""),
    ]


def test_a_chain_through_a_persons_other_role_ranks_below_the_chains_the_story_links(seed_store):
    chains = find_chains(seed_store, "上海大学")
    through_nusp = [chain for chain in chains if NUSP in chain.text()]
    # 李宇阳 is general manager of the national science park too, but the science park takes part in
    # none of his acts (the referral's providers are he and the park's operator; the firm was founded
    # in 环上大科技园): every chain through it is a role bridge, after every funded chain the story links
    assert [chain.role_bridges for chain in through_nusp] == [1, 1, 1]
    assert min(chain.rank for chain in through_nusp if chain.funded) > max(
        chain.rank for chain in chains if chain.funded and not chain.role_bridges)
    assert chains[0].text() == FULL_CHAIN and chains[0].role_bridges == 0


def test_the_full_chain_step_by_step_with_stage_date_and_source(seed_store):
    chain = find_chains(seed_store, "上海大学")[0]
    assert chain.text() == FULL_CHAIN
    assert [label.zh for label in chain.intermediaries] == [PARK, OPERATOR, MANAGER, NTIC]
    steps = [(s.source.zh, s.relation, s.relation_en, s.target.zh, s.date, s.date_inferred,
              [(src.graph.rsplit("/", 1)[1], src.mode, [label for _, label in src.sections]) for src in s.sources])
             for s in chain.steps]
    assert steps == [
        (SHU, "co-builds", "co-builds", PARK, "2020-06-22", False, [("huanshangda-story", "stated", [STORY])]),
        (PARK, "operated-by", "is operated by", OPERATOR, "", False, [("huanshangda-inferred", "inferred", [STORY])]),
        (OPERATOR, "has-role", "has as general manager", MANAGER, "", False, [("huanshangda-story", "stated", [STORY])]),
        (MANAGER, "brokers-with", "brokers with", NTIC, "", False, [("huanshangda-story", "stated", [STORY])]),
        # the centre as the grant's channel is the curators' inference (the story names no channel)
        (NTIC, "grant-through", "grant through channel (invest first, convert to equity later) to", PANXIN,
         "2025-01", True, [("huanshangda-inferred", "inferred", [STORY])]),
    ]
    grant = chain.steps[-1]
    assert grant.fact == iri("funding/panxin-invest-first-grant")
    assert [label.zh for label in grant.details] == ["先投后股"]
    assert chain.inferred_steps == 2 and chain.steps[1].inferred and chain.steps[4].inferred


def test_incubation_steps_carry_the_stage_the_relation_implies(seed_store):
    best = find_chains(seed_store, "上海大学", max_steps=2)[0]
    assert [(s.relation, [x.en for x in s.stages], s.stage_basis) for s in best.steps] == [
        ("co-builds", [], ""), ("hosts-founding", ["industrial incubation"], "implied by the relation")]


def test_the_actor_is_found_by_zh_en_alias_prefixed_name_and_iri(seed_store):
    expected = [chain.text() for chain in find_chains(seed_store, "上海大学", max_steps=3)]
    for name in ("Shanghai University", "shanghai university", "SHU", "id:org/shanghai-university",
                 iri("org/shanghai-university")):
        assert [chain.text() for chain in find_chains(seed_store, name, max_steps=3)] == expected


def test_to_max_steps_and_limit(seed_store):
    to_ntic = find_chains(seed_store, "环上大科技园", to="Yangtze River Delta National Technology Innovation Center")
    # the route through the operator names every intermediary; the direct one is its shortcut
    assert [(c.text(), c.shortcut) for c in to_ntic] == [
        (f"{PARK} —由其运营→ {OPERATOR} —总经理为→ {MANAGER} —对接→ {NTIC}", False),
        (f"{PARK} —总经理、技术经理人为→ {MANAGER} —对接→ {NTIC}", True),
    ]
    # within two steps neither chain is a shortcut of another found with it, nor funded: the stated one first
    assert [(c.text(), c.shortcut) for c in find_chains(seed_store, "上海大学", max_steps=2)] == [
        (SHU_CHAINS[8], False), (SHU_CHAINS[10], False)]
    assert [c.text() for c in find_chains(seed_store, "上海大学", limit=2)] == SHU_CHAINS[:2]
    assert find_chains(seed_store, "泮芯科技") == []  # a firm reaches no other firm


def test_unknown_or_ambiguous_names_raise(seed_store):
    with pytest.raises(NotFound, match="no actor is labelled 'Atlantis'"):
        find_chains(seed_store, "Atlantis")
    with pytest.raises(NotFound, match="the graph says nothing about"):
        find_chains(seed_store, "https://example.org/nobody")


def test_the_transfer_graph_and_firms(seed_store):
    graph = transfer_graph(seed_store)
    park, operator = iri("org/huanshangda-science-park"), iri("org/shanghai-huanshangda-technology-development")
    # ik:operatedBy and ik:operates state the same link: one edge, one graph
    assert list(graph.get_edge_data(park, operator)) == ["operated-by"]
    assert graph.edges[park, operator, "operated-by"]["graphs"] == {"https://w3id.org/innokg/graph/huanshangda-inferred"}
    assert firms(seed_store) == {iri("org/panxin-technology")}


def test_chain_rows_are_one_row_per_step(seed_store):
    rows = chain_rows(find_chains(seed_store, "上海大学", max_steps=2, limit=1))
    assert rows == [
        ["1", "1", SHU, "共建", PARK, "", "2020-06-22", "stated", f"{STORY} (stated)"],
        ["1", "2", PARK, "落地企业", PANXIN, "产业孵化", "2023-05", "stated", f"{STORY} (stated)"],
    ]


@pytest.fixture(scope="module")
def built_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("policy") / "store"
    build(path)
    return path


def _innokg(store: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "INNOKG_STORE": str(store)}
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, env=env, timeout=120)


def test_the_real_cli_shows_the_full_chain_every_step_sourced(built_store):
    done = _innokg(built_store, "chains", "--from", "上海大学")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    block = done.stdout.split("chain 1: ")[1]
    assert block.startswith("5 steps, 2 inferred, latest 2025-01, reaches the firm by a grant\n  " + FULL_CHAIN + "\n")
    assert "chain 2: 3 steps, 0 inferred, latest 2025-01, reaches the firm by a grant, a shortcut\n" in done.stdout
    step_lines = block.splitlines()[4:9]
    expected = [(SHU, "共建", PARK, "stated"), (PARK, "由其运营", OPERATOR, "inferred"),
                (OPERATOR, "总经理为", MANAGER, "stated"), (MANAGER, "对接", NTIC, "stated"),
                (NTIC, "经渠道（先投后股）资助", PANXIN, "inferred")]
    for number, (line, (source, relation, target, mode)) in enumerate(zip(step_lines, expected), 1):
        cells = line.split()
        assert cells[:4] == [str(number), source, relation, target], line
        assert line.endswith(f"{STORY} ({mode})"), line
    assert "2025-01 (inferred)" in step_lines[4]
    assert done.stdout.rstrip().endswith("(14 chains)")


def test_the_cli_writes_json_and_fails_in_one_line(built_store):
    done = _innokg(built_store, "chains", "--from", "Shanghai University", "--to", "泮芯科技", "--limit", "2", "-f", "json")
    payload = json.loads(done.stdout)
    assert [(c["rank"], c["to"]["en"], c["funded"], c["shortcut"], [s["relation"] for s in c["steps"]])
            for c in payload] == [
        (1, "Panxin Technology (Shanghai) Co., Ltd.", True, False,
         ["co-builds", "operated-by", "has-role", "brokers-with", "grant-through"]),
        (2, "Panxin Technology (Shanghai) Co., Ltd.", True, True, ["co-builds", "has-role", "facilitates-grant"])]
    assert [s["sources"][0]["mode"] for s in payload[0]["steps"]] == ["stated", "inferred", "stated", "stated", "inferred"]
    assert [c["role_bridges"] for c in payload] == [0, 0]
    # 宝山区 is the district's label and the government's alias: the label wins, and a district funds nobody
    quiet = _innokg(built_store, "chains", "--from", "宝山区")
    assert (quiet.returncode, quiet.stdout) == (0, "no chain from 宝山区 to a firm\n")
    failed = _innokg(built_store, "chains", "--from", "Atlantis")
    assert (failed.returncode, failed.stdout, failed.stderr) == (2, "", "innokg: error: no actor is labelled 'Atlantis'\n")
