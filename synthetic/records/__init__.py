"""Record sources built on the firm universe (synthetic.firms): CNIPA patent exports, B2B
platform member lists, ICP filings and WHOIS lookups, the enterprise credit registry and the
foreign-trade operator registry. Start with `writer` (what is written) and `params` (what is
planted)."""
