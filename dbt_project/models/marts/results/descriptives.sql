-- Descriptive-statistics tables of every study: study x table x variable x statistic.
select * from {{ source('results', 'descriptives') }}
