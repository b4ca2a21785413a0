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


def _key(subject: str, key: str) -> str:
    return f"{subject} {_KEY} {lang_free(key)} .\n"


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
    curators = entity("org", "generated-ecosystem-curators")
    catalogue = entity("source", "generated-catalogue")
    gazetteer = entity("source", "generated-gazetteer")
    body = (f"{curators} {_TYPE} {C.Curator} .\n"
            + labels(curators, "合成生态数据整理组", "Synthetic ecosystem curators")
            + _key(curators, "generated-ecosystem-curators"))
    for subject, zh, en in ((catalogue, "合成创新生态名录", f"Synthetic innovation ecosystem catalogue (seed {ctx.seed})"),
                            (gazetteer, "合成参考地名表", f"Synthetic reference gazetteer (seed {ctx.seed})")):
        body += (f"{subject} {_TYPE} {C.ReferenceDataset} .\n" + labels(subject, zh, en)
                 + f"{subject} {T.dcterms_publisher} {curators} .\n")
    media, journalists = [], []
    for number in range(3):
        name = synthetic_name(number, KIND_ORG)
        org = entity("org", f"{name.key}-daily")
        media.append(org)
        body += (f"{org} {_TYPE} {C.MediaOrganization} .\n" + labels(org, f"{name.zh}日报", f"{name.en} Daily")
                 + _key(org, f"{name.key}-daily"))
    for number in range(10):
        key, zh, en = person_labels(number)
        person = entity("person", key)
        journalists.append(person)
        body += f"{person} {_TYPE} {C.Journalist} .\n" + labels(person, zh, en) + _key(person, key)
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
        region = entity("region", f"{name.key}-region")
        regions.append(region)
        body += (f"{region} {_TYPE} {C.WorldRegion} .\n" + labels(region, f"{name.zh}地区", f"{name.en} Region")
                 + _key(region, f"{name.key}-region"))
    countries = []
    for number in range(plan.countries):
        name = synthetic_name(number, KIND_COUNTRY)
        country = entity("country", name.key)
        countries.append((country, name))
        body += (f"{country} {_TYPE} {C.Country} .\n" + labels(country, f"{name.zh}国", f"{name.en}land")
                 + _key(country, name.key) + f"{country} {T.ik_inRegion} {regions[number % 4]} .\n")
    cities, weights = [], []
    for number in range(plan.cities):
        name = synthetic_name(number, KIND_CITY)
        city = entity("city", name.key)
        # a few countries hold most cities (Zipf), as in the real rankings
        country, _ = countries[min(int(rng.paretovariate(1.2)) - 1, plan.countries - 1)]
        cities.append((city, name, country))
        weights.append(rng.lognormvariate(0, 1))
        body += (f"{city} {_TYPE} {C.City} .\n" + labels(city, name.zh, name.en) + _key(city, name.key)
                 + f"{city} {T.ik_country} {country} .\n"
                 + f"{city} {T.geo_lat} {decimal(rng.uniform(-60, 70))} .\n"
                 + f"{city} {T.geo_long} {decimal(rng.uniform(-180, 180))} .\n")
    # the divide that ontology/schemes.ttl refers to, described as the seed describes it
    divide = entity("place", "hu-huanyong-line")
    body += (f"{divide} {_TYPE} {C.GeographicDivide} .\n" + labels(divide, "胡焕庸线", "Hu Huanyong line")
             + _key(divide, "hu-huanyong-line"))
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
        body_org = entity("org", f"generated-{key}")
        national.append(body_org)
        body += (f"{body_org} {_TYPE} {C.GovernmentBody} .\n" + labels(body_org, zh, en)
                 + _key(body_org, f"generated-{key}"))
    funders, instruments = [], []
    kinds = ("grant", "equity-investment", "loan", "tax-incentive")
    kinds_zh = {"grant": "科技专项资助", "equity-investment": "引导基金投资", "loan": "科技贷款",
                "tax-incentive": "研发税收优惠"}
    for number in range(plan.funders):
        city, name, _ = cities[number % len(cities)]
        funder = entity("org", f"{name.key}-science-commission")
        funders.append(funder)
        body += (f"{funder} {_TYPE} {C.GovernmentBody} .\n"
                 + labels(funder, f"{name.zh}市科学技术委员会", f"{name.en} Science and Technology Commission")
                 + _key(funder, f"{name.key}-science-commission") + f"{funder} {T.ik_jurisdiction} {city} .\n")
        convertible = entity("policy", f"{name.key}-invest-first-equity-later")
        body += (f"{convertible} {_TYPE} {C.PolicyInstrument} .\n"
                 + labels(convertible, f"{name.zh}“先投后股”", f"{name.en} invest first, convert to equity later")
                 + _key(convertible, f"{name.key}-invest-first-equity-later")
                 + f"{convertible} {T.ik_instrumentType} {CONCEPT['itype']['convertible-grant']} .\n")
        instruments.append((convertible, "convertible-grant", funder))
        kind = kinds[number % len(kinds)]
        other = entity("policy", f"{name.key}-{kind}")
        body += (f"{other} {_TYPE} {C.PolicyInstrument} .\n"
                 + labels(other, f"{name.zh}{kinds_zh[kind]}", f"{name.en} {kind.replace('-', ' ')}")
                 + _key(other, f"{name.key}-{kind}") + f"{other} {T.ik_instrumentType} {CONCEPT['itype'][kind]} .\n")
        instruments.append((other, kind, funder))
        pilot = entity("policy", f"{name.key}-invest-first-pilot")
        body += (f"{pilot} {_TYPE} {C.PilotProgramme} .\n"
                 + labels(pilot, f"{name.zh}“先投后股”试点", f"{name.en} invest-first-convert-later pilot")
                 + _key(pilot, f"{name.key}-invest-first-pilot")
                 + f"{pilot} {T.ik_implementsInstrument} {convertible} .\n{pilot} {T.ik_pilotArea} {city} .\n"
                 + f"{pilot} {T.ik_designationLevel} {CONCEPT['level']['municipal']} .\n")
        if rng.random() < 0.5:
            designation = entity("policy", f"{name.key}-invest-first-national-designation")
            body += (f"{designation} {_TYPE} {C.PilotDesignation} .\n"
                     + labels(designation, f"{name.zh}“先投后股”入选全国试点",
                              f"{name.en} invest-first pilot selected as a national pilot")
                     + f"{designation} {T.ik_designatedBy} {national[number % 2]} .\n"
                     + f"{designation} {T.ik_designatedProgramme} {pilot} .\n"
                     + f"{designation} {T.ik_designationLevel} {CONCEPT['level']['national']} .\n"
                     + f"{designation} {T.ik_statedIn} {registry['catalogue']} .\n")  # an activity: not prov:wasDerivedFrom
    channels = []
    for number in range(plan.channels):
        name = synthetic_name(number + 50, KIND_ORG)
        channel = entity("org", f"{name.key}-ntic")
        channels.append(channel)
        body += (f"{channel} {_TYPE} {C.NationalTechnologyInnovationCentre} .\n"
                 + labels(channel, f"{name.zh}国家技术创新中心", f"{name.en} National Technology Innovation Center")
                 + _key(channel, f"{name.key}-ntic"))
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
        university = entity("org", f"{uni_name.key}-university")
        institute = entity("org", f"{uni_name.key}-innovation-institute")
        index = entity("index", f"{name.key}-{size}")
        index_key = f"{name.key}-{size}"
        previous: dict[str, dict[str, int]] = {}
        for edition_number in range(plan.editions):
            year = first_year + edition_number
            edition_key = f"{index_key}-{year}"
            edition = entity("edition", edition_key)
            fact_graph = graph(edition_key)
            report = entity("source", f"{edition_key}-report")
            body = ""
            if edition_number == 0:
                body += (f"{university} {_TYPE} {C.University} .\n"
                         + labels(university, f"{uni_name.zh}大学", f"{uni_name.en} University")
                         + _key(university, f"{uni_name.key}-university")
                         + f"{institute} {_TYPE} {C.ResearchInstitute} .\n"
                         + labels(institute, f"{uni_name.zh}大学创新研究院", f"Innovation Institute, {uni_name.en} University")
                         + _key(institute, f"{uni_name.key}-innovation-institute")
                         + f"{institute} {T.org_subOrganizationOf} {university} .\n"
                         + f"{index} {_TYPE} {C.RankingIndex} .\n"
                         + labels(index, f"{name.zh}科技创新中心{size}强", f"{name.en} Innovation Centres {size}")
                         + _key(index, index_key) + f"{index} {T.dcterms_publisher} {institute} .\n"
                         + f"{index} {T.ik_listSize} {integer(size)} .\n"
                         + _structure(index, index_key, name, size))
            released, released_body = ctx.instant(f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
            body += (f"{report} {_TYPE} {C.ResearchReport} .\n"
                     + labels(report, f"{name.zh}科技创新中心{size}强({year})", f"{name.en} Innovation Centres {size} ({year})")
                     + f"{report} {T.dcterms_title} {lang(f'{name.zh}科技创新中心{size}强({year})', 'zh-Hans')} .\n"
                     + f"{report} {T.dcterms_publisher} {institute} .\n"
                     + f"{edition} {_TYPE} {C.RankingEdition} .\n"
                     + labels(edition, f"{name.zh}科技创新中心{size}强({year})", f"{name.en} {size} {year} edition")
                     + _key(edition, edition_key) + f"{edition} {T.ik_ofIndex} {index} .\n"
                     + f"{edition} {T.ik_editionYear} {integer(year)} .\n"
                     + f"{edition} {T.ik_editionNumber} {integer(edition_number + 1)} .\n"
                     + f"{edition} {T.ik_reportedIn} {report} .\n{edition} {T.dcterms_publisher} {institute} .\n"
                     + f"{edition} {T.ik_released} {released} .\n" + released_body
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
                    body += (f"{obs} {_TYPE} {C.RankObservation} .\n"
                             + labels(obs, f"{city_name.zh}·{year}{dimension_zh}排名第{rank}",
                                      f"{city_name.en}: {dimension_en} rank {rank} ({year})")
                             + f"{obs} {T.ik_edition} {edition} .\n{obs} {T.ik_dimension} {dimension} .\n"
                             + f"{obs} {T.ik_city} {city} .\n{obs} {T.ik_rank} {integer(rank)} .\n"
                             + f"{obs} {T.ik_valueQualifier} {_EXACT} .\n{obs} {_SOURCE} {report} .\n")
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
            + f"{structure} {_TYPE} <{_QB}DataStructureDefinition> .\n"
            + labels(structure, f"{name.zh}科技创新中心{size}强各版次的数据结构",
                     f"Data structure of the {name.en} Innovation Centres {size} editions")
            + "".join(f"{structure} <{_QB}component> {getattr(T, 'ik_' + component)} .\n" for component in _COMPONENTS))


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
        body += (f"{aggregate} {_TYPE} {C.StatedAggregate} .\n"
                 + labels(aggregate, f"{size}强中{name.zh}国城市数：{count}",
                          f"{name.en}land cities in the top {size}: {count}")
                 + f"{aggregate} {T.ik_ofEdition} {edition} .\n"
                 + f"{aggregate} {T.ik_dimension} {entity('dimension', 'overall')} .\n"
                 + f"{aggregate} {T.ik_topN} {integer(size)} .\n{aggregate} {T.ik_groupPlace} {country} .\n"
                 + f"{aggregate} {T.ik_statedCount} {integer(count)} .\n"
                 + f"{aggregate} {T.ik_valueQualifier} {_EXACT} .\n{aggregate} {_SOURCE} {report} .\n")
    leader_key = next(iter(overall))
    leader = next(city for city, name, _ in registry["cities"] if name.key == leader_key)
    finding = entity("finding", f"{edition_key}-leader")
    body += (f"{finding} {_TYPE} {C.Finding} .\n"
             + labels(finding, f"{year}年{index_name.zh}榜首城市", f"The leading city of the {index_name.en} {year} edition")
             + f"{finding} {T.ik_ofEdition} {edition} .\n{finding} {T.ik_aboutEntity} {leader} .\n"
             + f"{finding} {_SOURCE} {report} .\n")
    return body


