-- Survey records with their firm (survey chain) and the standard cleaning filters of Brandt,
-- Van Biesebroeck and Zhang (2012), each a named flag; the filters in var asif_filters apply
-- in that order and first_failed_filter names the first one a record fails (NULL = passes).
-- Records are flagged, never dropped: rpt_asif_filters counts each filter by year.
--   missing_key_values          a value of var asif_filter_key_values is missing
--   nonpositive_key_values      ... is zero or negative
--   employment_below_min        employment < var asif_filter_min_employment
--   sales_below_threshold       sales < the designated-size threshold of the year
--                               (var asif_filter_sales_threshold_k_rmb: first year -> k RMB)
--   assets_below_fixed_assets   total assets < fixed assets or < net fixed assets (current
--                               assets are not in the survey layout read here)
{%- set filters = var('asif_filters') %}
{%- set keys = var('asif_filter_key_values') %}
{%- set thresholds = var('asif_filter_sales_threshold_k_rmb') %}
{%- set known = ['missing_key_values', 'nonpositive_key_values', 'employment_below_min',
                 'sales_below_threshold', 'assets_below_fixed_assets'] %}
{%- for f in filters %}{% if f not in known %}
{{ exceptions.raise_compiler_error("unknown survey filter '" ~ f ~ "' in var asif_filters; known: " ~ known) }}
{%- endif %}{% endfor %}
with r as (
    select r.*, c.firm_id
    from {{ ref('int_firm__survey_records') }} r
    join {{ ref('int_firm__survey_chains') }} c using (survey_record_id)
),

flagged as (
    select
        r.*,
        (
            {%- for k in keys %}
            {{ k }} is null{{ ' or' if not loop.last }}
            {%- endfor %}
        ) as fails_missing_key_values,
        coalesce(
            {%- for k in keys %}
            {{ k }} <= 0{{ ' or' if not loop.last }}
            {%- endfor %}, false
        ) as fails_nonpositive_key_values,
        coalesce(r.employment < {{ var('asif_filter_min_employment') }}, false) as fails_employment_below_min,
        coalesce(r.sales_k_rmb < case
            {%- for first_year in thresholds.keys() | map('int') | sort(reverse=true) %}
            when r.year >= {{ first_year }}
                then {{ thresholds[first_year] if first_year in thresholds else thresholds[first_year | string] }}
            {%- endfor %}
            end, false) as fails_sales_below_threshold,
        coalesce(r.total_assets_k_rmb < r.fixed_assets_k_rmb, false)
            or coalesce(r.total_assets_k_rmb < r.net_fixed_assets_avg_k_rmb, false) as fails_assets_below_fixed_assets
    from r
)

select
    survey_record_id, firm_id, year, cic_code, cic_version, cic_adj, cic_adj_method,
    province_code, city_code, county_code, registration_type, ownership, founding_year,
    gross_output_k_rmb, sales_k_rmb, export_delivery_k_rmb, employment, fixed_assets_k_rmb,
    total_assets_k_rmb,
    {%- for f in known %}
    fails_{{ f }},
    {%- endfor %}
    {%- if filters | length > 0 %}
    case
        {%- for f in filters %}
        when fails_{{ f }} then '{{ f }}'
        {%- endfor %}
    end as first_failed_filter
    {%- else %}
    cast(null as varchar) as first_failed_filter
    {%- endif %}
from flagged
