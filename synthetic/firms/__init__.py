"""Firm-level sources of the synthetic universe and the firm universe they share.

  universe.py   FirmUniverse: the public API (firms, names per year, codes, latent attributes)
  dynamics.py   one year of the universe (FirmYear)
  params.py     sizes per scale and every planted parameter
  writer.py     this family: customs transactions and the industrial-firm survey, 2000-2015

A new firm-level family (patents, web presence, registries) builds FirmUniverse(scale, seed),
walks u.years() and writes its own files from its own named random streams; registered in
synthetic.generate.FAMILIES, it leaves this family's files byte-identical.
"""
from synthetic.firms.universe import FirmUniverse

__all__ = ["FirmUniverse"]
