-- Foreign-trade operator registry (对外贸易经营者备案登记), one row per filing: Chinese name and
-- English name, each normalised beside the raw text (the bridge from Chinese names to the
-- platforms' English names), organisation code (9 characters), 进出口企业代码, operator type,
-- address, filing date.
select
    filing_number, filing_date, firm_name, firm_name_raw, english_name, english_name_raw,
    organization_code, trade_code, operator_type, address, export_year, source_file, source_row
from {{ ref('stg_registry__trade_operators_checked') }}
where reason is null
