"""Open Referral HSDS 3.0 exchange: the JSON API, the tabular data package and HSDS JSON.

`tables` describes the 21 HSDS tables and how their columns map onto the directory's models;
`serialize` turns records into HSDS objects (flat rows and nested "full" objects);
`load` validates and writes incoming rows (shared by `tabular` and `jsonio`);
`validate` checks JSON against the HSDS JSON Schemas; `report` lists what went wrong, row by
row. See docs/hsds.md.
"""

HSDS_VERSION = "3.0"
