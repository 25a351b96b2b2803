"""Context sources of paper 002 (digital_patents_quality): CEPII distances, Penn World Table
exchange rates, provincial marketisation and IPR indices, WEF NRI, city statistical yearbooks
(1984 post and telecom base, broadband, GDP, trade) and listed firms' top-5 customers and
suppliers, derived from the same macro and firm universes with their own named streams."""
