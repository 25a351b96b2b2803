"""Firm identity and matching (docs/matching.md): the name key on real-looking spellings, every
link type's precision and recall against the tiny universe's answer key (the acceptance
thresholds), intermediary lists, cleaning filters, diagnostics that reconcile, marts without
identities, the answer key read by the evaluation only, and bad input landing in the
ambiguity table."""
from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import make_paths

PRECISION_MIN, RECALL_MIN = 0.995, 0.97          # the acceptance, not loosened
LINK_TYPES = {"survey_years", "customs_survey", "customs_firm", "registry_firm", "trade_operator_firm",
              "patent_applicant", "web_1688", "web_icp", "web_alibaba", "web_made_in_china"}
# the platforms' English member names reach a firm only through the foreign-trade operator
# registry, which lists direct exporters only: for other members the data carry no trace
ENGLISH_LISTS = {"web_alibaba", "web_made_in_china"}
# identities that must stay in staging and the link tables
IDENTITY_COLUMN = re.compile(r"(^|_)(firm_name|name_key|name_core|name_raw|legal_code(_key)?|firm_code|"
                             r"customs_code|phone|phone7|phone_local|zip|uscc|address|domain|"
                             r"organization_code|filing_number|enterprise_key|company_name|"
                             r"organiser_name|applicant_name|english_name|unit_key)($|_)")
MARTS = ("dim_firm", "dim_firm_year", "rpt_firm_matching", "rpt_firm_match_ambiguities", "rpt_match_truth",
         "rpt_firm_intermediaries", "rpt_asif_filters", "rpt_customs_collapse")


# --------------------------------------------------------------------------- the name key
NAME_CASES = [
    # (written, name key, core without the province)
    ("杭州新达电子有限公司", "杭州新达电子有限公司", "杭州新达电子有限公司"),
    ("杭州新达电子有限责任公司", "杭州新达电子有限公司", "杭州新达电子有限公司"),
    ("杭州新达电子有限公司  ", "杭州新达电子有限公司", "杭州新达电子有限公司"),        # trailing spaces
    ("杭州 新达电子有限公司", "杭州新达电子有限公司", "杭州新达电子有限公司"),          # a stray space
    ("杭州　新达电子有限公司", "杭州新达电子有限公司", "杭州新达电子有限公司"),          # ideographic space
    ("杭州市新达电子有限公司", "杭州新达电子有限公司", "杭州新达电子有限公司"),          # 市 after the city
    ("浙江省杭州新达电子有限公司", "浙江省杭州新达电子有限公司", "杭州新达电子有限公司"),  # province prefix
    ("浙江杭州市新达电子有限公司", "浙江杭州新达电子有限公司", "杭州新达电子有限公司"),
    ("广西壮族自治区南宁兴业贸易有限公司", "广西壮族自治区南宁兴业贸易有限公司", "南宁兴业贸易有限公司"),
    ("南通和群机电（中国）有限公司", "南通和群机电中国有限公司", "南通和群机电中国有限公司"),  # full-width brackets
    ("南通和群机电(中国)有限公司", "南通和群机电中国有限公司", "南通和群机电中国有限公司"),
    ("南通和群機電【中國】有限公司", "南通和群机电中国有限公司", "南通和群机电中国有限公司"),   # traditional
    ("深圳華強電子實業有限公司", "深圳华强电子实业有限公司", "深圳华强电子实业有限公司"),
    ("ＴＣＬ通讯（惠州）有限公司", "TCL通讯惠州有限公司", "TCL通讯惠州有限公司"),          # full-width Latin
    ("tcl通讯(惠州)有限公司", "TCL通讯惠州有限公司", "TCL通讯惠州有限公司"),
    ("Hangzhou Xinda Electronics Co., Ltd.", "HANGZHOUXINDAELECTRONICSCOLTD", "HANGZHOUXINDAELECTRONICSCOLTD"),
    ("HANGZHOU XINDA ELECTRONICS COMPANY LIMITED", "HANGZHOUXINDAELECTRONICSCOLTD", "HANGZHOUXINDAELECTRONICSCOLTD"),
    ("Hangzhou Xinda Electronics Co.,Ltd", "HANGZHOUXINDAELECTRONICSCOLTD", "HANGZHOUXINDAELECTRONICSCOLTD"),
    ("Ningbo Huatai Import & Export Corporation", "NINGBOHUATAIIMPORTANDEXPORTCORP", "NINGBOHUATAIIMPORTANDEXPORTCORP"),
    ("NINGBO HUATAI IMPORT AND EXPORT CORP.", "NINGBOHUATAIIMPORTANDEXPORTCORP", "NINGBOHUATAIIMPORTANDEXPORTCORP"),
    ("", None, None),
    ("　 ", None, None),
]
LEGAL_CASES = [("41877928-5", "418779285"), ("41877928x", "41877928X"), ("  418779285 ", "418779285"),
               ("913706825580670608", "558067060"),      # a unified social credit code
               ("00000000-0", None), ("1234", None), ("", None)]


@pytest.fixture(scope="module")
def keyed(tmp_path_factory):
    """The project's macros compiled by dbt (`dbt compile --inline`) and run on the cases."""
    from tradewh.dbt_runner import run_dbt

    base = tmp_path_factory.mktemp("macros")
    paths = make_paths(base, base / "raw")
    lines: list[str] = []
    sql = ("select x, {{ firm_name_key('x') }} as k, {{ firm_name_core(firm_name_key('x')) }} as c, "
           "{{ legal_code_key('x') }} as l from cases")
    run_dbt(paths, ["compile", "--quiet", "--inline", sql], progress=lines.append, lock=False)
    compiled = "\n".join(lines)
    con = duckdb.connect()
    values = [c[0] for c in NAME_CASES] + [c[0] for c in LEGAL_CASES]
    con.execute("create table cases (x varchar)")
    con.executemany("insert into cases values (?)", [[v] for v in values])
    out = con.execute(compiled[compiled.index("select"):]).fetchall()
    return {x: (k, c, ln) for x, k, c, ln in out}


@pytest.mark.parametrize("written,key,core", NAME_CASES)
def test_name_key_folds_real_spellings(keyed, written, key, core):
    assert keyed[written][0] == key
    assert keyed[written][1] == core


@pytest.mark.parametrize("written,code", LEGAL_CASES)
def test_legal_code_key(keyed, written, code):
    assert keyed[written][2] == code


# --------------------------------------------------------------------------- against the truth
@pytest.fixture(scope="module")
def truth(con) -> pd.DataFrame:
    return con.execute("select * from marts.rpt_match_truth").df()


def test_every_link_type_meets_the_acceptance_on_tiny(truth):
    total = truth[truth.match_rule == "all"].set_index("link_type")
    assert set(total.index) == LINK_TYPES
    assert (total.n_links > 0).all() and (total.n_true_links > 0).all()
    bad = total[total.precision < PRECISION_MIN]
    assert bad.empty, bad[["n_links", "n_wrong", "precision"]]
    bad = total[total.recall_traceable < RECALL_MIN]
    assert bad.empty, bad[["n_true_traceable", "recall_traceable"]]
    others = total.drop(index=list(ENGLISH_LISTS))
    bad = others[others.recall < RECALL_MIN]
    assert bad.empty, bad[["n_true_links", "n_found", "recall", "untraceable_share"]]
    # where the data carry no trace, the truth says so: recall over all links is the traceable share
    for lt in ENGLISH_LISTS:
        assert total.loc[lt, "untraceable_share"] > 0
        assert total.loc[lt, "recall"] == pytest.approx(
            total.loc[lt, "recall_traceable"] * (1 - total.loc[lt, "untraceable_share"]), abs=1e-9)


def test_rules_add_up_to_the_link_type(truth):
    for lt, g in truth.groupby("link_type"):
        rules, total = g[g.match_rule != "all"], g[g.match_rule == "all"].iloc[0]
        assert rules.n_links.sum() == total.n_links, lt
        assert rules.n_correct.sum() == total.n_correct, lt
        assert rules.n_found.sum() <= total.n_found, lt
        assert (rules.n_wrong == rules.n_links - rules.n_correct).all()


def test_intermediary_lists_have_precision_and_recall(con):
    df = con.execute("select * from marts.rpt_firm_intermediaries").df().set_index("flag")
    assert {"name_akw5", "name_akw7", "name_broad16", "registry_wholesale_retail", "is_intermediary"} <= set(df.index)
    assert (df.n_true_intermediaries > 0).all()
    assert df.precision.between(0, 1).all() and df.recall.between(0, 1).all()
    assert df.loc["is_intermediary", "n_flagged"] == df.loc["name_akw5", "n_flagged"]   # default var: akw5 keywords


# --------------------------------------------------------------------------- diagnostics
def test_cleaning_filter_counts_reconcile(con):
    df = con.execute("select * from marts.rpt_asif_filters order by year, filter_order").df()
    staged = con.execute("select year, count(*) as n from staging.stg_asif__firms group by year").df()
    for year, g in df.groupby("year"):
        n = int(staged.loc[staged.year == year, "n"].iloc[0])
        assert (g.n_records == n).all()
        last = g[g.filter_name == "passes_all"].iloc[0]
        assert n == g.n_dropped.sum() + last.n_remaining
        assert (g.n_failing >= g.n_dropped).all()
        assert g.n_remaining.is_monotonic_decreasing
    assert df.n_dropped.sum() > 0
    passing = con.execute("select count(*) from marts.dim_firm_year where passes_filters").fetchone()[0]
    assert passing == int(df[df.filter_name == "passes_all"].n_remaining.sum())


def test_every_unit_has_exactly_one_outcome(con):
    df = con.execute("""select link_type, year, sum(share_of_units) as s, sum(n_units) as n
                        from marts.rpt_firm_matching group by all""").df()
    assert ((df.s - 1).abs() < 1e-9).all()
    n_survey = con.execute("select count(*) from staging.stg_asif__firms").fetchone()[0]
    assert df[df.link_type == "survey_years"].n.sum() == n_survey
    n_chained = con.execute("select count(*) from intermediate.int_firm__survey_chains").fetchone()[0]
    assert n_chained == n_survey                       # every survey record has a firm
    n_codes = con.execute("select count(*) from intermediate.int_customs__firms").fetchone()[0]
    assert df[df.link_type == "customs_firm"].n.sum() == n_codes
    recon = con.execute("select bool_and(reconciles) from marts.rpt_customs_collapse").fetchone()[0]
    assert recon


def test_marts_carry_firm_id_not_identities(con):
    for mart in MARTS:
        cols = [r[0] for r in con.execute(f"describe marts.{mart}").fetchall()]
        leaked = [c for c in cols if IDENTITY_COLUMN.search(c)]
        assert not leaked, (mart, leaked)
    ids = con.execute("""
        select count(*) from marts.dim_firm d
        where d.firm_id in (select firm_code from intermediate.int_customs__firms)
           or d.firm_id in (select legal_code_key from intermediate.int_firm__survey_records)""").fetchone()[0]
    assert ids == 0
    dup = con.execute("select count(*) - count(distinct firm_id) from marts.dim_firm").fetchone()[0]
    assert dup == 0


def test_no_matching_model_reads_the_answer_key(tiny_built):
    from tradewh.settings import dbt_target_dir

    nodes = json.loads((dbt_target_dir() / "manifest.json").read_text())["nodes"]
    children: dict[str, set[str]] = {}
    for uid, node in nodes.items():
        for parent in node.get("depends_on", {}).get("nodes", []):
            children.setdefault(parent, set()).add(uid)
    frontier = [f"source.tradewh.truth.{t}" for t in
                ("firms", "firm_years", "patents", "platform_members", "websites", "registry_records")]
    reached: set[str] = set()
    while frontier:
        for child in children.get(frontier.pop(), ()):
            if child not in reached:
                reached.add(child)
                frontier.append(child)
    models = {nodes[u]["name"] for u in reached if nodes[u]["resource_type"] == "model"}
    assert models, "the evaluation reads the answer key"
    # evaluation reports (paper 004 judges its dig_tr against the answer key)
    allowed = {"rpt_match_truth", "rpt_firm_intermediaries", "rpt_tdq_digitization_truth"}
    assert all(m.startswith(("stg_truth__", "int_firm__truth_")) or m in allowed for m in models), models


def test_truth_landing_writes_empty_tables_without_truth_files(tmp_path):
    from tradewh.landing.truth import TRUTH_TABLES, land_truth

    rows = land_truth(tmp_path / "raw", tmp_path / "landing", progress=lambda _: None)
    assert rows == {t: 0 for t in TRUTH_TABLES}
    for table, (_, columns) in TRUTH_TABLES.items():
        cols = duckdb.sql(f"select * from read_parquet('{tmp_path}/landing/truth/{table}.parquet')").columns
        assert tuple(cols) == columns


# --------------------------------------------------------------------------- bad input
def _rewrite(path: Path, edit) -> None:
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows = edit(rows)
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


NEW_CODE = "0000000001"


@pytest.fixture(scope="module")
def bad_built(tmp_path_factory, tiny_raw, tiny_built):
    """The tiny universe with three kinds of bad input and WITHOUT its answer key, built up to
    the matching marts: a survey year whose legal-code column is blank, a customs code written
    under two names in one year, and two survey firms with one name and phone in a year; and
    a customs code that changes (from 2014 a survey-linked firm trades under a new code)."""
    from orchestration.pipeline import land
    from tradewh.dbt_runner import run_dbt

    base = tmp_path_factory.mktemp("bad_input")
    raw = base / "raw"
    shutil.copytree(tiny_raw, raw, ignore=shutil.ignore_patterns("truth_*", "truth.json"))
    planted: dict = {}

    def blank_legal_code(rows):
        col = rows[0].index("法人代码")
        for r in rows[1:]:
            r[col] = ""
        planted["blank_year_records"] = len(rows) - 1
        return rows
    _rewrite(raw / "asif" / "asif_2005.csv", blank_legal_code)

    def twin(rows):
        h = rows[0]
        src = rows[1]
        copy = list(src)
        copy[h.index("法人代码")] = "12345678X"
        name = src[h.index("企业名称")]
        copy[h.index("企业名称")] = name.replace("有限公司", "有限责任公司") + " "   # same key
        planted["twin_name"] = name
        return rows + [copy]
    _rewrite(raw / "asif" / "asif_2006.csv", twin)

    def two_names(rows):
        h = rows[0]
        code_col, name_col = h.index("企业编码"), h.index("经营单位")
        code = rows[1][code_col]
        hits = [r for r in rows[1:] if r[code_col] == code]
        assert len(hits) >= 2, "the first firm of the file needs two records"
        hits[-1][name_col] = "宁波另名测试贸易有限公司"
        planted["two_name_code"] = code
        return rows
    _rewrite(raw / "customs" / "customs_2013.csv", two_names)

    with duckdb.connect(str(tiny_built.warehouse), read_only=True) as c:
        changed = c.execute("""select firm_code from intermediate.int_firm__assn_customs_survey
                               where year in (2013, 2014) group by firm_code having count(*) = 2
                               order by firm_code limit 1""").fetchone()[0]
    planted["changed_code"] = changed

    def new_code(rows):
        col = rows[0].index("企业编码")
        for r in rows[1:]:
            if r[col] == changed:
                r[col] = NEW_CODE
        return rows
    for year in (2014, 2015):
        _rewrite(raw / "customs" / f"customs_{year}.csv", new_code)

    paths = make_paths(base, raw)
    land(paths, progress=lambda _: None)
    # the matching models and everything they read; dbt tests are the tiny build's business
    run_dbt(paths, ["build", "--select", "+rpt_firm_match_ambiguities +rpt_firm_matching +rpt_match_truth +dim_firm",
                    "--exclude-resource-type", "test", "unit_test"], progress=lambda _: None)
    return paths, planted


@pytest.fixture(scope="module")
def bad_con(bad_built):
    c = duckdb.connect(str(bad_built[0].warehouse), read_only=True)
    yield c
    c.close()


def test_blank_legal_code_year_lands_in_ambiguity_table(bad_con, bad_built):
    df = bad_con.execute("""select * from intermediate.int_firm__match_ambiguities
                            where reason = 'legal_code_missing'""").df()
    assert set(df.year) == {2005}
    assert len(df) == bad_built[1]["blank_year_records"]
    # nothing lost: the records are still chained by the later rules, and every one has a firm
    assert df.is_resolved.mean() > 0.9
    n = bad_con.execute("""select (select count(*) from staging.stg_asif__firms),
                                  (select count(*) from intermediate.int_firm__survey_chains)""").fetchone()
    assert n[0] == n[1]


def test_customs_code_with_two_names_lands_in_ambiguity_table(bad_con, bad_built):
    code = bad_built[1]["two_name_code"]
    df = bad_con.execute("""select * from intermediate.int_firm__match_ambiguities
                            where reason = 'customs_code_several_names_in_year'""").df()
    assert len(df) == 2 and set(df.left_key) == {code} and set(df.year) == {2013}
    assert (df.n_candidates == 2).all()
    names = bad_con.execute(f"select count(*) from intermediate.int_customs__firm_names "
                            f"where firm_code = '{code}' and year = 2013").fetchone()[0]
    assert names == 2                                   # both names take part in the matching


def test_two_survey_firms_with_one_name_and_phone_land_in_ambiguity_table(bad_con):
    df = bad_con.execute("""select * from intermediate.int_firm__match_ambiguities
                            where reason = 'name_not_unique_in_year' and year = 2006""").df()
    assert len(df) == 2 and (df.n_candidates == 2).all()
    ids = ", ".join(df.left_key)
    same = bad_con.execute(f"""select count(distinct name_key), count(distinct phone7), count(distinct firm_id)
                               from intermediate.int_firm__survey_records r
                               join intermediate.int_firm__survey_chains using (survey_record_id)
                               where survey_record_id in ({ids})""").fetchone()
    assert same == (1, 1, 2)                            # one name and phone, two firms: none merged
    counted = bad_con.execute("""select sum(n_rows) from marts.rpt_firm_match_ambiguities
                                 where reason = 'name_not_unique_in_year'""").fetchone()[0]
    assert counted == 2


def test_a_customs_code_that_changes_stays_with_its_survey_firm(bad_con, bad_built):
    old = bad_built[1]["changed_code"]
    df = bad_con.execute(f"""select firm_code, firm_id, assignment from intermediate.int_firm__customs_firm_ids
                             where firm_code in ('{old}', '{NEW_CODE}')""").df()
    assert len(df) == 2 and df.firm_id.nunique() == 1
    assert set(df.assignment) <= {"survey_linked", "survey_name"}
    n = bad_con.execute(f"select n_customs_codes from marts.dim_firm where firm_id = '{df.firm_id[0]}'").fetchone()[0]
    assert n == 2


def test_without_the_answer_key_the_evaluation_is_empty(bad_con):
    assert bad_con.execute("select count(*) from marts.rpt_match_truth").fetchone()[0] == 0
    assert bad_con.execute("select count(*) from intermediate.int_firm__truth_units").fetchone()[0] == 0
    assert bad_con.execute("select count(*) from intermediate.int_firm__assn_survey_years").fetchone()[0] > 0
