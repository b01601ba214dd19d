"""Tables -> records: a joined Table in, contract records out (Kpi, KeyPlan, Risk).

Columns are mapped to fields by their header text, matched fuzzily (rapidfuzz)
against the wording the Executive Yuan template uses across years and
agencies, so a damaged or reworded header still finds its field. A merged goal
or work-plan cell applies to every row it spans; a row cut by a page break is
merged back into one record. Columns no label names may take a field by
what they hold (a number column, a key plan's work plan, items, category, a
risk's figures); the rest are kept as the record's `extra`.

One module per step:

    header      a table's kind and each field's columns (by label, then by
                content); every other printed column as `extra.<label>`
    assessment  a risk table's impact, likelihood, score, level, scenario and
                residual score columns, by label and figures together
    rows        the records of a table: merged cells filled down, cut rows joined
    numbers     leading numbers, numbers alone in a cell, targets
    records     contract records and the grid's notes
    riskmap     a risk map's grid read, and its figures given to the risks
"""

from .header import SCHEMAS, Header, match_field, read_header
from .numbers import bare_number, leading_number, split_number, split_target
from .records import grid_notes, key_plan_records, kpi_records, risk_records, split_measures, split_owners
from .rows import FieldValue, is_cut_row

__all__ = [
    "SCHEMAS",
    "FieldValue",
    "Header",
    "bare_number",
    "grid_notes",
    "is_cut_row",
    "key_plan_records",
    "kpi_records",
    "leading_number",
    "match_field",
    "read_header",
    "risk_records",
    "split_measures",
    "split_number",
    "split_owners",
    "split_target",
]
