"""Input-output tables of the synthetic universe (paper 001's For / Back linkages): writer.py."""
