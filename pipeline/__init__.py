"""Taiwan government plan PDFs (年度施政計畫, 風險控制措施一覽表) to open data."""

__version__ = "0.1.0"
SCHEMA_VERSION = "1.3"
