-- Coverage of the official reference tables (empty without TRADEWH_REFERENCE_DIR): per file,
-- links, codes mapped one-to-one, split, merged, many-to-many and unmapped.
select * from {{ source('reference', 'coverage') }}
