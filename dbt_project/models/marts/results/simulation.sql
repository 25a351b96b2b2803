-- Monte Carlo check of every planted cell (`tradewh simulate`): per study x table x column x
-- term the bias, RMSE, mean SE against the sampling SD and the coverage of the 95% interval
-- over many synthetic universes, with the verdict (analysis/reporting/simulation.py).
select * from {{ source('results', 'simulation') }}
