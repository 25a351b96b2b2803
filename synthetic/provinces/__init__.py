"""Provincial yearbooks (paper 003): province-year indicators and province x industry exports."""
