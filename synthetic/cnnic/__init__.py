"""CNNIC provincial internet statistics of the synthetic universe (paper 004's INT)."""
