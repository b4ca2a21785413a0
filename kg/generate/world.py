"""The generated world: sources, places, policies and the city rankings.

Written first, kept small (it grows slowly with the target size), and
remembered in the context's registry for the parks that refer to it.
"""

from __future__ import annotations

import itertools

from kg.generate.context import SOURCES_GRAPH, Context, labels
from kg.generate.names import synthetic_name
from kg.generate.vocabulary import CONCEPT, DIMENSIONS, C, T, entity, graph
from kg.generate.writer import decimal, integer, lang

__all__ = ["write_catalogue", "write_places", "write_policies", "write_rankings"]

_TYPE = T.rdf_type
_KEY = T.ik_key
_SOURCE = T.prov_wasDerivedFrom
_EXACT = CONCEPT["qualifier"]["exact"]
_QB = "http://purl.org/linked-data/cube#"
#: The Data Cube components of ontology/innokg.ttl every index's structure lists.
_COMPONENTS = ("editionComponent", "dimensionComponent", "cityComponent", "rankComponent", "boundComponent")

# Name kinds: offsets that keep the names of different kinds of things apart.
KIND_REGION, KIND_COUNTRY, KIND_CITY, KIND_PERSON, KIND_ORG, KIND_FIRM, KIND_INDEX = range(7)


def _thing(subject: str, cls: str, zh: str, en: str, *facts: tuple[str, str]) -> str:
    """The lines that type ``subject`` as ``cls``, label it and state ``facts`` (property, object) of it."""
    return (f"{subject} {_TYPE} {cls} .\n" + labels(subject, zh, en)
            + "".join(f"{subject} {prop} {value} .\n" for prop, value in facts))


def _keyed(kind: str, key: str, cls: str, zh: str, en: str, *facts: tuple[str, str]) -> tuple[str, str]:
    """A new thing ``kind/key``: its IRI and the lines of :func:`_thing` with its key first among the facts."""
    subject = entity(kind, key)
    return subject, _thing(subject, cls, zh, en, (_KEY, lang_free(key)), *facts)


def lang_free(text: str) -> str:
    """Write a plain string literal (``lang_free("a")`` is ``'"a"'``)."""
    return f'"{text}"'


def person_labels(number: int) -> tuple[str, str, str]:
    """Return a person's key, Chinese name and English name (``Lan Mingzhi``)."""
    name = synthetic_name(number, KIND_PERSON)
    syllables = name.key.split("-")
    english = f"{syllables[0].capitalize()} {''.join(syllables[1:]).capitalize()}"
    return name.key, name.zh, english


def write_catalogue(ctx: Context) -> None:
    """Write the curators, the catalogue and gazetteer sources, media and journalists."""
    out, registry = ctx.out, ctx.registry
    curators, body = _keyed("org", "generated-ecosystem-curators", C.Curator, "合成生态数据整理组",
                            "Synthetic ecosystem curators")
    catalogue = entity("source", "generated-catalogue")
    gazetteer = entity("source", "generated-gazetteer")
    for subject, zh, en in ((catalogue, "合成创新生态名录", f"Synthetic innovation ecosystem catalogue (seed {ctx.seed})"),
                            (gazetteer, "合成参考地名表", f"Synthetic reference gazetteer (seed {ctx.seed})")):
        body += _thing(subject, C.ReferenceDataset, zh, en, (T.dcterms_publisher, curators))
    media, journalists = [], []
    for number in range(3):
        name = synthetic_name(number, KIND_ORG)
        org, text = _keyed("org", f"{name.key}-daily", C.MediaOrganization, f"{name.zh}日报", f"{name.en} Daily")
        media.append(org)
        body += text
    for number in range(10):
        key, zh, en = person_labels(number)
        person, text = _keyed("person", key, C.Journalist, zh, en)
        journalists.append(person)
        body += text
    out.emit(SOURCES_GRAPH, body)
    ctx.fact_graph(SOURCES_GRAPH, "合成来源元数据", "generated source metadata", catalogue, "reference", curators)
    registry.update(curators=curators, catalogue=catalogue, gazetteer=gazetteer, media=media,
                    journalists=journalists, people=10)


def write_places(ctx: Context) -> None:
    """Write world regions, countries and cities (with coordinates) into the reference graph."""
    plan, rng, registry = ctx.plan, ctx.rng, ctx.registry
    reference = graph("generated-reference")
    regions = []
    body = ""
    for number in range(4):
        name = synthetic_name(number, KIND_REGION)
        region, text = _keyed("region", f"{name.key}-region", C.WorldRegion, f"{name.zh}地区", f"{name.en} Region")
        regions.append(region)
        body += text
    countries = []
    for number in range(plan.countries):
        name = synthetic_name(number, KIND_COUNTRY)
        country, text = _keyed("country", name.key, C.Country, f"{name.zh}国", f"{name.en}land",
                               (T.ik_inRegion, regions[number % 4]))
        countries.append((country, name))
        body += text
    cities, weights = [], []
    for number in range(plan.cities):
        name = synthetic_name(number, KIND_CITY)
        # a few countries hold most cities (Zipf), as in the real rankings
        country, _ = countries[min(int(rng.paretovariate(1.2)) - 1, plan.countries - 1)]
        weights.append(rng.lognormvariate(0, 1))
        city, text = _keyed("city", name.key, C.City, name.zh, name.en, (T.ik_country, country),
                            (T.geo_lat, decimal(rng.uniform(-60, 70))), (T.geo_long, decimal(rng.uniform(-180, 180))))
        cities.append((city, name, country))
        body += text
    # the divide that ontology/schemes.ttl refers to, described as the seed describes it
    body += _keyed("place", "hu-huanyong-line", C.GeographicDivide, "胡焕庸线", "Hu Huanyong line")[1]
    ctx.out.emit(reference, body)
    ctx.fact_graph(reference, "合成参考地名数据", "generated reference gazetteer", registry["gazetteer"], "reference",
                   registry["curators"])
    registry.update(countries=countries, cities=cities, city_strength=weights,
                    city_cumulative=list(itertools.accumulate(weights)))


def write_policies(ctx: Context) -> None:
    """Write funders (government bodies), their instruments and pilots, and the channels."""
    plan, rng, registry = ctx.plan, ctx.rng, ctx.registry
    policy = graph("generated-policy")
    cities = registry["cities"]
    body = ""
    national = []
    for number, (zh, en, key) in enumerate((("国家科技主管部门", "National Science Ministry", "national-science-ministry"),
                                            ("国家发展规划部门", "National Planning Commission", "national-planning-commission"))):
        body_org, text = _keyed("org", f"generated-{key}", C.GovernmentBody, zh, en)
        national.append(body_org)
        body += text
    funders, instruments = [], []
    kinds = ("grant", "equity-investment", "loan", "tax-incentive")
    kinds_zh = {"grant": "科技专项资助", "equity-investment": "引导基金投资", "loan": "科技贷款",
                "tax-incentive": "研发税收优惠"}
    for number in range(plan.funders):
        city, name, _ = cities[number % len(cities)]
        funder, text = _keyed("org", f"{name.key}-science-commission", C.GovernmentBody,
                              f"{name.zh}市科学技术委员会", f"{name.en} Science and Technology Commission",
                              (T.ik_jurisdiction, city))
        funders.append(funder)
        convertible, convertible_text = _keyed(
            "policy", f"{name.key}-invest-first-equity-later", C.PolicyInstrument, f"{name.zh}“先投后股”",
            f"{name.en} invest first, convert to equity later", (T.ik_instrumentType, CONCEPT["itype"]["convertible-grant"]))
        instruments.append((convertible, "convertible-grant", funder))
        kind = kinds[number % len(kinds)]
        other, other_text = _keyed("policy", f"{name.key}-{kind}", C.PolicyInstrument, f"{name.zh}{kinds_zh[kind]}",
                                   f"{name.en} {kind.replace('-', ' ')}", (T.ik_instrumentType, CONCEPT["itype"][kind]))
        instruments.append((other, kind, funder))
        pilot, pilot_text = _keyed("policy", f"{name.key}-invest-first-pilot", C.PilotProgramme,
                                   f"{name.zh}“先投后股”试点", f"{name.en} invest-first-convert-later pilot",
                                   (T.ik_implementsInstrument, convertible), (T.ik_pilotArea, city),
                                   (T.ik_designationLevel, CONCEPT["level"]["municipal"]))
        body += text + convertible_text + other_text + pilot_text
        if rng.random() < 0.5:
            designation = entity("policy", f"{name.key}-invest-first-national-designation")
            body += _thing(designation, C.PilotDesignation, f"{name.zh}“先投后股”入选全国试点",
                           f"{name.en} invest-first pilot selected as a national pilot",
                           (T.ik_designatedBy, national[number % 2]), (T.ik_designatedProgramme, pilot),
                           (T.ik_designationLevel, CONCEPT["level"]["national"]),
                           (T.ik_statedIn, registry["catalogue"]))  # an activity: not prov:wasDerivedFrom
    channels = []
    for number in range(plan.channels):
        name = synthetic_name(number + 50, KIND_ORG)
        channel, text = _keyed("org", f"{name.key}-ntic", C.NationalTechnologyInnovationCentre,
                               f"{name.zh}国家技术创新中心", f"{name.en} National Technology Innovation Center")
        channels.append(channel)
        body += text
    ctx.out.emit(policy, body)
    ctx.fact_graph(policy, "合成政策与资助机构名录", "generated policies and funders", registry["catalogue"], "reference",
                   registry["curators"])
    registry.update(funders=funders, instruments=instruments, channels=channels)


def write_rankings(ctx: Context) -> None:
    """Write ranking indexes, editions, rank observations (with changes), aggregates and findings."""
    plan, rng, registry = ctx.plan, ctx.rng, ctx.registry
    cities, strength = registry["cities"], registry["city_strength"]
    size = min(plan.list_size, len(cities))
    first_year = 2026 - plan.editions
    for number in range(plan.indexes):
        name = synthetic_name(number, KIND_INDEX)
        uni_name = synthetic_name(number + 100, KIND_ORG)
        index_key = f"{name.key}-{size}"
        university, university_text = _keyed("org", f"{uni_name.key}-university", C.University,
                                              f"{uni_name.zh}大学", f"{uni_name.en} University")
        institute, institute_text = _keyed("org", f"{uni_name.key}-innovation-institute", C.ResearchInstitute,
                                           f"{uni_name.zh}大学创新研究院", f"Innovation Institute, {uni_name.en} University")
        index, index_text = _keyed("index", index_key, C.RankingIndex, f"{name.zh}科技创新中心{size}强",
                                   f"{name.en} Innovation Centres {size}")
        previous: dict[str, dict[str, int]] = {}
        for edition_number in range(plan.editions):
            year = first_year + edition_number
            edition_key = f"{index_key}-{year}"
            edition = entity("edition", edition_key)
            fact_graph = graph(edition_key)
            report = entity("source", f"{edition_key}-report")
            body = ""
            if edition_number == 0:
                body += (university_text + institute_text + f"{institute} {T.org_subOrganizationOf} {university} .\n"
                         + index_text + f"{index} {T.dcterms_publisher} {institute} .\n"
                         + f"{index} {T.ik_listSize} {integer(size)} .\n"
                         + _structure(index, index_key, name, size))
            released, released_body = ctx.instant(f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
            title_zh = f"{name.zh}科技创新中心{size}强({year})"
            body += (_thing(report, C.ResearchReport, title_zh, f"{name.en} Innovation Centres {size} ({year})",
                            (T.dcterms_title, lang(title_zh, "zh-Hans")), (T.dcterms_publisher, institute))
                     + _keyed("edition", edition_key, C.RankingEdition, title_zh, f"{name.en} {size} {year} edition",
                              (T.ik_ofIndex, index), (T.ik_editionYear, integer(year)),
                              (T.ik_editionNumber, integer(edition_number + 1)), (T.ik_reportedIn, report),
                              (T.dcterms_publisher, institute), (T.ik_released, released))[1]
                     + released_body
                     + "".join(f"{edition} {T.ik_dimension} {entity('dimension', key)} .\n"
                               for key, _, _ in DIMENSIONS[1:]))
            current: dict[str, dict[str, int]] = {}
            for dimension_key, dimension_zh, dimension_en in DIMENSIONS:
                dimension = entity("dimension", dimension_key)
                scores = sorted(range(len(cities)), key=lambda i: -strength[i] * rng.lognormvariate(0, 0.3))
                ranked = scores[:size]
                before = previous.get(dimension_key, {})
                now = current[dimension_key] = {}
                for rank, city_number in enumerate(ranked, start=1):
                    city, city_name, _ = cities[city_number]
                    now[city_name.key] = rank
                    obs = entity(f"observation/{edition_key}", f"{dimension_key}-{city_name.key}")
                    body += _thing(obs, C.RankObservation, f"{city_name.zh}·{year}{dimension_zh}排名第{rank}",
                                   f"{city_name.en}: {dimension_en} rank {rank} ({year})", (T.ik_edition, edition),
                                   (T.ik_dimension, dimension), (T.ik_city, city), (T.ik_rank, integer(rank)),
                                   (T.ik_valueQualifier, _EXACT), (_SOURCE, report))
                    if city_name.key in before:
                        prev = before[city_name.key]
                        trend = "rose" if prev > rank else "fell" if prev < rank else "held"
                        body += (f"{obs} {T.ik_previousRank} {integer(prev)} .\n"
                                 f"{obs} {T.ik_rankChange} {integer(prev - rank)} .\n"
                                 f"{obs} {T.ik_trend} {CONCEPT['trend'][trend]} .\n")
            body += _aggregates(registry, edition, edition_key, report, year, size, current["overall"], name)
            ctx.out.emit(fact_graph, body)
            ctx.fact_graph(fact_graph, f"{name.zh}科技创新中心{size}强({year})报告",
                           f"{name.en} Innovation Centres {size} ({year}) report", report, "stated")
            previous = current


def _structure(index: str, index_key: str, name, size: int) -> str:
    """The Data Cube structure of an index's editions (each edition gets it through ik:ofIndex)."""
    structure = entity("structure", index_key)
    return (f"{index} {T.ik_editionStructure} {structure} .\n"
            + _thing(structure, f"<{_QB}DataStructureDefinition>", f"{name.zh}科技创新中心{size}强各版次的数据结构",
                     f"Data structure of the {name.en} Innovation Centres {size} editions",
                     *((f"<{_QB}component>", getattr(T, "ik_" + component)) for component in _COMPONENTS)))


def _aggregates(registry, edition, edition_key, report, year, size, overall, index_name) -> str:
    """Stated counts of cities per country in the overall list, and a finding on the leader."""
    country_of = {name.key: country for _, name, country in registry["cities"]}
    counts: dict[str, int] = {}
    for city_key in overall:
        counts[country_of[city_key]] = counts.get(country_of[city_key], 0) + 1
    labels_of = {country: name for country, name in registry["countries"]}
    body = ""
    for country, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:3]:
        name = labels_of[country]
        aggregate = entity(f"aggregate/{edition_key}", f"top{size}-{name.key}")
        body += _thing(aggregate, C.StatedAggregate, f"{size}强中{name.zh}国城市数：{count}",
                       f"{name.en}land cities in the top {size}: {count}", (T.ik_ofEdition, edition),
                       (T.ik_dimension, entity("dimension", "overall")), (T.ik_topN, integer(size)),
                       (T.ik_groupPlace, country), (T.ik_statedCount, integer(count)),
                       (T.ik_valueQualifier, _EXACT), (_SOURCE, report))
    leader_key = next(iter(overall))
    leader = next(city for city, name, _ in registry["cities"] if name.key == leader_key)
    finding = entity("finding", f"{edition_key}-leader")
    body += _thing(finding, C.Finding, f"{year}年{index_name.zh}榜首城市",
                   f"The leading city of the {index_name.en} {year} edition", (T.ik_ofEdition, edition),
                   (T.ik_aboutEntity, leader), (_SOURCE, report))
    return body


