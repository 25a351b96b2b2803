"""Published trade elasticities of the synthetic universe (Soderbery 2018, importer x HS4)."""
