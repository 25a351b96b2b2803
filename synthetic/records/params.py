"""Planted parameters of the record sources (patents, web presence, registries).

Counts and adoption years come from the firm universe (synthetic.firms): a firm-year's digital
invention applications are its latent `digital_patents`, its platform / homepage adoption years
are `pit_year`, `pdo_year`, `icp_year`. What is set here is how those facts are *recorded*:
co-applicants, grant outcomes, dates, formats, the share of records from outside the universe,
and the planted mess. Everything is written to truth.json (studies["firm_records"]).
"""
from __future__ import annotations

# --- snapshots: when each list was exported or crawled ----------------------------------------
PATENT_EXPORT_DATE = "2017-06-30"     # legal status as of this date
CRAWL_YEAR = 2016                     # alibaba.com, made-in-china.com, 1688, ICP, WHOIS crawls
REGISTRY_YEAR = 2023                  # enterprise credit registry export
OPERATOR_YEAR = 2016                  # foreign-trade operator registry download
ICP_REGIME_START = 2005               # MIIT non-commercial ICP filing (备案) since March 2005
OPERATOR_REGIME_START = 2004          # 对外贸易经营者备案登记 since July 2004
USCC_YEAR = 2015                      # unified social credit codes for firms alive in Oct 2015

# --- patents -----------------------------------------------------------------------------------
PART_ROWS = 250_000                   # an export holds at most this many records (more = parts)
JOINT_UNIVERSE_SHARE = 0.04           # patents merged pairwise with another universe firm's patent
UNIVERSITY_SHARE = {"invention": 0.08, "utility_model": 0.03, "design": 0.0}
INDIVIDUAL_SHARE = 0.04               # co-applicant: a person (typically the owner)
OUTSIDE_FIRM_SHARE = 0.03             # co-applicant: a firm outside the universe
CO_FIRST_SHARE = 0.4                  # the co-applicant is listed first
OUTSIDE_PATENT_SHARE = 0.10           # extra patents of firms outside the universe
OUTSIDE_DIGITAL_SHARE = 0.15          # ... of which digital inventions
DIGITAL_MAIN_SHARE = 0.75             # a digital invention's main IPC is digital (else a secondary)
UTILITY_DIGITAL_SHARE = 0.25          # utility models with a digital IPC (not inventions: not counted)
PCT_SHARE_FOREIGN = 0.10              # foreign firms' inventions entering via PCT (type digit 8)
GRANT_SHARE = {2012: 0.55, 2013: 0.45, 2014: 0.35, 2015: 0.20}   # inventions; <= 2012: 0.55
PENDING_SHARE = {2012: 0.02, 2013: 0.15, 2014: 0.35, 2015: 0.60}
LAPSE_SHARE = 0.35                    # granted rights that lapsed (专利权的终止) by the export
DUPLICATE_JOINT_SHARE = 0.3           # joint patents exported twice (once per applicant query)
# planted mess per patent file (at least one of each where the file is big enough)
BAD_DATE_RATE = 0.0004                # unparseable 申请日 (row rejected)
BAD_PUB_DATE_RATE = 0.0002            # unparseable 公开（公告）日 (row rejected)
BAD_CHECK_RATE = 0.0002               # wrong check character (row rejected)
NO_CHECK_RATE = 0.005                 # check character left out (staged, check computed)
FULLWIDTH_RATE = 0.01                 # full-width digits / letters in numbers, codes, names
NO_TYPE_RATE = 0.02                   # 专利类型 empty (derived from the application number)
DOCDB_IPC_RATE = 0.02                 # IPC in the 14-character DOCDB form (G06F0017300000)

# --- web presence ------------------------------------------------------------------------------
PIT_BOTH_SHARE = 0.2                  # pit adopters on both alibaba.com and made-in-china.com
PIT_ALIBABA_SHARE = 0.5               # ... on alibaba.com only (the rest: made-in-china.com only)
OUTSIDE_MEMBER_SHARE = 0.3            # list rows of members outside the universe (per list)
SECOND_SITE_SHARE = 0.15              # firms with a second filed website
REREGISTERED_SHARE = 0.1              # the domain lapsed and was re-registered (WHOIS after filing)
WHOIS_MISSING_SHARE = 0.05            # WHOIS lookup returns nothing (start = filing date)
LATE_FILER_SHARE = 0.03               # non-adopters that filed in the crawl year (after 2015)
DUPLICATE_MEMBER_RATE = 0.002         # crawl pages overlap: the same member twice
BAD_WEB_DATE_RATE = 0.001             # unparseable member-since / filing / creation dates

# --- registries --------------------------------------------------------------------------------
OUTSIDE_REGISTRY_SHARE = 0.2          # registry rows of firms outside the universe
PRODUCER_AS_WHOLESALE = 0.03          # producers registered under 批发业 (mis-classified)
INTERMEDIARY_INDUSTRY = {"批发业": 0.85, "零售业": 0.05, "商务服务业": 0.10}
NO_ENGLISH_NAME_RATE = 0.05           # operator registry rows without an English name
BAD_REGISTRY_RATE = 0.001             # unparseable dates / malformed codes
