-- Trade intermediaries' share of China's imports by HS1996 product x year x regime (Ahn,
-- Khandelwal & Wei 2011; Upward, Wang & Zheng 2013): imports of the customs codes flagged as
-- intermediaries (int_firm__intermediary_flags, var firm_intermediary_rule / _keywords) over
-- all imports of the product in the regime. Regimes: ordinary (一般贸易) and processing
-- (进料加工, 来料加工 and the 2007-2011 加工贸易 label; equipment imported for processing
-- excluded). Re-imports are already out of the flows. A producer's "actual" imports are its
-- direct imports / (1 - share) (int_dvar__firm_trade).
with flows as (
    select f.year, coalesce(f.hs6_base, f.hs6) as hs6,
           case when f.trade_mode = 'ordinary' then 'ordinary'
                when f.trade_mode_coarse = 'processing' and f.trade_mode <> 'processing_equipment' then 'processing'
           end as regime,
           coalesce(i.is_intermediary, false) as via_intermediary,
           f.value_usd
    from {{ ref('int_customs__flows_annual') }} f
    left join {{ ref('int_firm__intermediary_flags') }} i on f.firm_code = i.firm_code
    where f.flow = 'import'
)

select
    year, hs6, regime,
    sum(value_usd) as imports_usd,
    sum(case when via_intermediary then value_usd else 0 end) as intermediary_imports_usd,
    sum(case when via_intermediary then value_usd else 0 end) / nullif(sum(value_usd), 0) as intermediary_share
from flows
where regime is not null
group by year, hs6, regime
