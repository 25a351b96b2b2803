"""HS product families of the codes customs records use (tradewh.hs_families): connected
components of the concordance links (int_tariff__hs_concordance) of the vintages customs records
are in, named by their smallest HS1996 code. Links of vintages no record uses (HS2017, HS2022 for
customs ending in 2016) are left out, so they do not merge families. One row per linked HS1996
code, sorted; codes not listed are their own family of one."""
from tradewh.hs_families import hs_families


def model(dbt, session):
    dbt.config(materialized="table")
    vintages = dbt.ref("stg_customs__transactions").project("hs_vintage").distinct()
    links = (dbt.ref("int_tariff__hs_concordance")
             .join(vintages, "from_nomen = hs_vintage")
             .project("from_nomen, from_code, to_code").df())
    return hs_families(links)
