"""Science parks and everything around them: the bulk of a generated ecosystem.

One park is one story: a news article section is its source and names one
named graph of stated facts; what the curators infer (who operates the park,
which firms it incubated) goes into a second graph marked as inferred. A
park comes with its co-builders (a district government and a university),
its operating company, a proof-of-concept centre and sometimes an
engineering institute covering the pipeline stages, its general manager and
technology managers, and a heavy-tailed number of incubated firms. Each firm
has founders and heavy-tailed funding from several instruments and channels;
invest-first-convert-later grants come with their arrangement, some
converted to equity, and some funding was brokered by a technology manager.
"""

from __future__ import annotations

import bisect

from kg.generate.context import SOURCES_GRAPH, Context, labels
from kg.generate.names import synthetic_name
from kg.generate.vocabulary import CONCEPT, C, T, entity, graph
from kg.generate.world import person_labels
from kg.generate.writer import integer, lang

__all__ = ["write_park"]

_KIND_PARK, _KIND_UNIVERSITY, _KIND_FIRM = 10, 11, 12
_MAX_FIRMS = 2_000
_TRIPLES_A_FIRM = 20  # a firm with its funding and people, on average (2,000 firms: about 39k triples)

_TYPE, _KEY, _SOURCE = T.rdf_type, T.ik_key, T.prov_wasDerivedFrom
# Activities (services, conversions) are not prov:Entities: they cite with ik:statedIn.
_STATED_IN = T.ik_statedIn
_MEMBER, _ORGANIZATION, _ROLE = T.org_member, T.org_organization, T.org_role
_STAGE, _ROLES, _STATUS, _QUALIFIER = CONCEPT["stage"], CONCEPT["role"], CONCEPT["status"], CONCEPT["qualifier"]
_FIELDS = list(CONCEPT["field"].values())
_PARK_ROLES = list(CONCEPT["park-role"].values())
_ROLE_NAMES = {"general-manager": ("总经理", "general manager"), "technology-manager": ("技术经理人", "technology manager"),
               "founder": ("创始人", "founder"), "co-founder": ("联合创始人", "co-founder")}
_STATUS_NAMES = {"applied": ("申请", "applied for"), "approved": ("获批", "approved"),
                 "disbursed": ("已拨付", "disbursed")}
_INSTRUMENT_NAMES = {"convertible-grant": ("“先投后股”资金", "invest-first-convert-later grant"),
                     "grant": ("专项资助", "grant"), "equity-investment": ("股权投资", "equity investment"),
                     "loan": ("科技贷款", "loan"), "tax-incentive": ("税收优惠", "tax incentive")}


def _key(subject: str, key: str) -> str:
    return f'{subject} {_KEY} "{key}" .\n'


def _role(person: str, person_key: str, person_zh: str, person_en: str, role: str,
          org: str, org_key: str, org_zh: str, org_en: str, source: str) -> str:
    """A role assignment: one person, one organization, one role, with its source."""
    zh, en = _ROLE_NAMES[role]
    membership = entity("membership", f"{person_key}-{role}-{org_key}")
    return (f"{membership} {_TYPE} {C.RoleAssignment} .\n"
            + labels(membership, f"{person_zh}（{org_zh}{zh}）", f"{person_en}, {en}, {org_en}")
            + f"{membership} {_MEMBER} {person} .\n{membership} {_ORGANIZATION} {org} .\n"
            f"{membership} {_ROLE} {_ROLES[role]} .\n{membership} {_SOURCE} {source} .\n")


def _new_person(ctx: Context, kind) -> tuple[str, str, str, str, str]:
    number = ctx.registry["people"]
    ctx.registry["people"] = number + 1
    key, zh, en = person_labels(number)
    person = entity("person", key)
    return person, key, zh, en, f"{person} {_TYPE} {kind} .\n" + labels(person, zh, en) + _key(person, key)


def write_park(ctx: Context, number: int) -> None:
    """Write park ``number`` with its organizations, people, firms and their funding."""
    rng, registry, out = ctx.rng, ctx.registry, ctx.out
    cumulative = registry["city_cumulative"]
    city, city_name, _ = registry["cities"][bisect.bisect(cumulative, rng.random() * cumulative[-1])
                                            if cumulative[-1] else 0]
    name = synthetic_name(number, _KIND_PARK)
    park_key = f"{name.key}-science-park"
    park, stated, inferred = entity("org", park_key), graph(f"park-{name.key}"), graph(f"park-{name.key}-inferred")
    park_zh, park_en = f"{name.zh}科技园", f"{name.en} Science Park"
    article, section = entity("source", f"{name.key}-park-story"), entity("source", f"{name.key}-park-story-section")
    opened_year = rng.randint(2008, 2023)

    # --- the story, its source and the two fact graphs ------------------------------
    released, released_body = ctx.instant(str(min(2025, opened_year + rng.randint(1, 5))), "gYear")
    out.emit(SOURCES_GRAPH,
             f"{article} {_TYPE} {C.NewsArticle} .\n"
             + labels(article, f"{park_zh}的创新生态", f"The innovation ecosystem of {park_en}")
             + f"{article} {T.dcterms_title} {lang(f'{park_zh}的创新生态', 'zh-Hans')} .\n"
             + f"{article} {T.dcterms_publisher} {registry['media'][number % len(registry['media'])]} .\n"
             + f"{article} {T.dcterms_creator} {registry['journalists'][number % len(registry['journalists'])]} .\n"
             + f"{article} {T.ik_section} {section} .\n{article} {T.ik_released} {released} .\n" + released_body
             + f"{section} {_TYPE} {C.ArticleSection} .\n" + labels(section, f"{park_zh}报道", f"Story: {park_en}")
             + f"{section} {T.dcterms_isPartOf} {article} .\n{section} {T.ik_sectionOrder} {integer(0)} .\n")
    ctx.fact_graph(stated, f"{park_zh}报道", f"{park_en} story", section, "stated")
    ctx.fact_graph(inferred, f"{park_zh}报道·整理推断的事实", f"{park_en} story: facts inferred by the curators",
                   section, "inferred", registry["curators"])

    # --- co-builders, park, operator, platforms ---------------------------------------
    body = ""
    if number % 3 == 0:  # a university co-builds up to three parks
        uni_name = synthetic_name(number // 3, _KIND_UNIVERSITY)
        university = entity("org", f"{uni_name.key}-university")
        registry["university"] = university
        body += (f"{university} {_TYPE} {C.University} .\n"
                 + labels(university, f"{uni_name.zh}大学", f"{uni_name.en} University")
                 + _key(university, f"{uni_name.key}-university") + f"{university} {T.ik_headquarteredAt} {city} .\n")
    university = registry["university"]
    government, operator = entity("org", f"{name.key}-district-government"), entity("org", f"{name.key}-park-operator")
    # heavy-tailed, but no park much larger than what is left of the target size
    left = max(1, (ctx.plan.triples - ctx.out.triples) // _TRIPLES_A_FIRM)
    n_firms = min(_MAX_FIRMS, int(rng.paretovariate(1.25) * 5), left)
    opened, opened_body = ctx.instant(f"{opened_year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
    indicator = entity("indicator-value", f"{name.key}-incubated-firms")
    park_class = C.NationalUniversitySciencePark if rng.random() < 0.2 else C.SciencePark
    body += (f"{government} {_TYPE} {C.GovernmentBody} .\n"
             + labels(government, f"{name.zh}区政府", f"{name.en} District Government")
             + _key(government, f"{name.key}-district-government") + f"{government} {T.ik_jurisdiction} {city} .\n"
             + f"{park} {_TYPE} {park_class} .\n" + labels(park, park_zh, park_en) + _key(park, park_key)
             + f"{park} {T.ik_coBuiltBy} {government} .\n{park} {T.ik_coBuiltBy} {university} .\n"
             + f"{park} {T.ik_opened} {opened} .\n" + opened_body + f"{park} {T.ik_locatedIn} {city} .\n"
             + f"{park} {T.ik_positionedAs} {rng.choice(_PARK_ROLES)} .\n"
             + f"{park} {T.ik_coversStage} {_STAGE['industrial-incubation']} .\n{park} {T.ik_indicator} {indicator} .\n"
             + f"{indicator} {_TYPE} {C.IndicatorValue} .\n"
             + labels(indicator, f"{park_zh}累计孵化企业{n_firms}家", f"{park_en}: {n_firms} firms incubated")
             + f"{indicator} {T.ik_measures} {CONCEPT['indicator']['incubated-firms']} .\n"
             + f"{indicator} {T.schema_value} {integer(n_firms)} .\n"
             + f"{indicator} {T.ik_valueQualifier} {_QUALIFIER['exact']} .\n{indicator} {_SOURCE} {section} .\n"
             + f"{operator} {_TYPE} {C.ParkOperatingCompany} .\n"
             + labels(operator, f"{name.zh}科技发展有限公司", f"{name.en} Technology Development Co., Ltd.")
             + _key(operator, f"{name.key}-park-operator"))
    manager, manager_key, manager_zh, manager_en, manager_body = _new_person(ctx, C.TechnologyManager)
    body += manager_body
    body += _role(manager, manager_key, manager_zh, manager_en, "general-manager", operator, f"{name.key}-park-operator",
                  f"{name.zh}科技发展有限公司", f"{name.en} Technology Development", section)
    body += _role(manager, manager_key, manager_zh, manager_en, "general-manager", park, park_key, park_zh, park_en,
                  section)
    managers = [(manager, manager_key, manager_zh, manager_en)]
    for _ in range(rng.randint(0, 2)):
        other, other_key, other_zh, other_en, other_body = _new_person(ctx, C.TechnologyManager)
        managers.append((other, other_key, other_zh, other_en))
        body += other_body
    for person, person_key, person_zh, person_en in managers:
        body += _role(person, person_key, person_zh, person_en, "technology-manager", park, park_key, park_zh,
                      park_en, section)
    inferred_body = (f"{park} {T.ik_operatedBy} {operator} .\n{operator} {T.ik_operates} {park} .\n"
                     f"{operator} {T.ik_coBuiltBy} {government} .\n{operator} {T.ik_coBuiltBy} {university} .\n")
    platforms = [(entity("org", f"{name.key}-proof-of-concept-centre"), C.ProofOfConceptCentre,
                  f"{name.zh}概念验证中心", f"{name.en} Proof-of-Concept Centre", f"{name.key}-proof-of-concept-centre",
                  ("proof-of-concept",))]
    if rng.random() < 0.5:
        platforms.append((entity("org", f"{name.key}-engineering-institute"), C.EngineeringInstitute,
                          f"{name.zh}产业创新工程院", f"{name.en} Industry Innovation Engineering Institute",
                          f"{name.key}-engineering-institute",
                          ("proof-of-concept", "pilot-scale-maturation", "industrial-incubation")))
    for platform, cls, zh, en, key, stages in platforms:
        body += (f"{platform} {_TYPE} {cls} .\n" + labels(platform, zh, en) + _key(platform, key)
                 + f"{platform} {T.ik_ledBy} {manager} .\n"
                 + "".join(f"{platform} {T.ik_coversStage} {_STAGE[stage]} .\n" for stage in stages))
        inferred_body += f"{platform} {T.ik_affiliatedWith} {park} .\n"
    out.emit(stated, body)

    # --- the firms --------------------------------------------------------------------
    for _ in range(n_firms):
        firm_body, firm_inferred = _firm(ctx, park, section, [person for person, *_ in managers])
        out.emit(stated, firm_body)
        inferred_body += firm_inferred
    out.emit(inferred, inferred_body)


def _firm(ctx: Context, park: str, source: str, managers: list[str]) -> tuple[str, str]:
    """One incubated firm, its founders and its funding: (stated triples, inferred triples)."""
    rng, registry = ctx.rng, ctx.registry
    number = registry["firms"] = registry.get("firms", 0) + 1
    name = synthetic_name(number - 1, _KIND_FIRM)
    firm_key = f"{name.key}-technology"
    firm = entity("org", firm_key)
    firm_zh, firm_en = f"{name.zh}科技有限公司", f"{name.en} Technology Co., Ltd."
    founded_year = rng.randint(2010, 2025)
    founded, founded_body = ctx.instant(f"{founded_year}-{rng.randint(1, 12):02d}", "gYearMonth")
    body = (f"{firm} {_TYPE} {C.TechnologyFirm} .\n" + labels(firm, firm_zh, firm_en) + _key(firm, firm_key)
            + f"{firm} {T.ik_founded} {founded} .\n" + founded_body
            + f"{firm} {T.ik_industryField} {rng.choice(_FIELDS)} .\n{firm} {T.ik_establishedIn} {park} .\n")
    if rng.random() < 0.3:
        body += f"{firm} {T.ik_foundingTeamProfile} {CONCEPT['profile']['research-background']} .\n"
    for role in ("founder", "co-founder") if rng.random() < 0.4 else ("founder",):
        person, person_key, person_zh, person_en, person_body = _new_person(ctx, C.Entrepreneur)
        body += person_body + _role(person, person_key, person_zh, person_en, role, firm, firm_key,
                                    f"{name.zh}科技", f"{name.en} Technology", source)
    flows = 0 if rng.random() < 0.25 else min(12, int(rng.paretovariate(1.5)))
    instruments, channels = registry["instruments"], registry["channels"]
    for flow_number in range(flows):
        instrument, kind, funder = instruments[rng.randrange(len(instruments))]
        flow_key = f"{firm_key}-funding-{flow_number + 1}"
        flow = entity("funding", flow_key)
        convertible = kind == "convertible-grant"
        status = rng.choice(("approved", "disbursed") if convertible else ("applied", "approved", "disbursed"))
        kind_zh, kind_en = _INSTRUMENT_NAMES[kind]
        status_zh, status_en = _STATUS_NAMES[status]
        year = rng.randint(max(founded_year, 2012), 2025)
        date, date_body = ctx.instant(f"{year}-{rng.randint(1, 12):02d}", "gYearMonth")
        body += (f"{flow} {_TYPE} {C.GrantAward if kind in ('convertible-grant', 'grant') else C.FundingFlow} .\n"
                 + labels(flow, f"{name.zh}科技{kind_zh}{status_zh}", f"{name.en} Technology's {kind_en} {status_en}")
                 + f"{flow} {T.ik_recipient} {firm} .\n{flow} {T.ik_instrument} {instrument} .\n"
                 + f"{flow} {T.ik_status} {_STATUS[status]} .\n{flow} {T.ik_date} {date} .\n" + date_body
                 + f"{flow} {_SOURCE} {source} .\n")
        if rng.random() < 0.7:
            body += f"{flow} {T.ik_funder} {funder} .\n"
        channel = channels[rng.randrange(len(channels))] if rng.random() < 0.5 else None
        if channel:
            body += f"{flow} {T.ik_channel} {channel} .\n"
        if rng.random() < 0.85:
            body += _amount(flow, flow_key, name, source, rng)
        if convertible:
            arrangement = entity("funding", f"{flow_key}-arrangement")
            converted = status == "disbursed" and rng.random() < 0.4
            body += (f"{flow} {T.ik_arrangement} {arrangement} .\n"
                     f"{arrangement} {_TYPE} {C.ConvertibleGrantArrangement} .\n"
                     + labels(arrangement, f"{name.zh}科技“先投后股”安排", f"{name.en} Technology's invest-first-convert-later arrangement")
                     + f"{arrangement} {T.ik_instrument} {instrument} .\n{arrangement} {T.ik_grantEvent} {flow} .\n"
                     + f"{arrangement} {_SOURCE} {source} .\n")
            if converted:
                conversion = entity("event", f"{flow_key}-conversion")
                when, when_body = ctx.instant(f"{min(2025, year + rng.randint(1, 3))}-{rng.randint(1, 12):02d}",
                                              "gYearMonth")
                body += (f"{arrangement} {T.ik_status} {_STATUS['converted']} .\n"
                         f"{arrangement} {T.ik_conversionEvent} {conversion} .\n"
                         f"{conversion} {_TYPE} {C.EquityConversion} .\n"
                         + labels(conversion, f"{name.zh}科技“先投后股”资金转为股权", f"{name.en} Technology's grant converted to equity")
                         + f"{conversion} {T.ik_date} {when} .\n" + when_body + f"{conversion} {_STATED_IN} {source} .\n")
            else:
                body += f"{arrangement} {T.ik_status} {_STATUS['grant-approved-conversion-not-reported']} .\n"
        if rng.random() < 0.4:
            manager = managers[rng.randrange(len(managers))]
            service = entity("service", f"{flow_key}-referral")
            body += (f"{flow} {T.ik_facilitatedBy} {manager} .\n"
                     f"{service} {_TYPE} {C.TransferService} .\n"
                     + labels(service, f"技术经理人为{name.zh}科技引荐资金并申报项目",
                              f"A technology manager brokered {name.en} Technology's {kind_en}")
                     + f"{service} {T.ik_provider} {manager} .\n{service} {T.ik_beneficiary} {firm} .\n"
                     + f"{service} {T.ik_serviceType} {CONCEPT['stype']['referral']} .\n"
                     + f"{service} {T.ik_serviceType} {CONCEPT['stype']['application-support']} .\n"
                     + f"{service} {T.ik_resultedIn} {flow} .\n{service} {_STATED_IN} {source} .\n")
            if channel:
                body += f"{service} {T.ik_counterpart} {channel} .\n"
    inferred = f"{firm} {_TYPE} {C.IncubatedFirm} .\n{firm} {T.ik_incubatedBy} {park} .\n"
    return body, inferred


def _amount(flow: str, flow_key: str, name, source: str, rng) -> str:
    """A heavy-tailed amount in yuan (Pareto, the 80/20 law), exact or stated as 'over X'."""
    yuan = min(5_000_000_000, int(rng.paretovariate(1.16) * 20) * 10_000)
    value = entity("indicator-value", f"{flow_key}-amount")
    bound = rng.random() < 0.2
    wan = yuan // 10_000
    text_zh, text_en = (f"超{wan}万元", f"over {yuan:,} yuan") if bound else (f"{wan}万元", f"{yuan:,} yuan")
    return (f"{flow} {T.ik_amount} {value} .\n{value} {_TYPE} {C.MonetaryValue} .\n"
            + labels(value, f"{name.zh}科技获得资金{text_zh}", text_en)
            + f"{value} {T.ik_measures} {CONCEPT['indicator']['funding-amount']} .\n"
            + f"{value} {T.schema_minValue if bound else T.schema_value} {integer(yuan)} .\n"
            + f'{value} {T.schema_currency} "CNY" .\n'
            + f"{value} {T.ik_valueQualifier} {_QUALIFIER['lower-bound' if bound else 'exact']} .\n"
            + f"{value} {_SOURCE} {source} .\n")
