"""Macro (country / product level) sources: BACI, WDI, WITS MFN tariffs, IFR robots."""
