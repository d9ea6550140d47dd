"""Documents made from the engine's results: pure renderers and readers, no database.

Assessment reports (HTML, PDF), certificates with verification codes and QR codes, the offline
self-assessment workbook (write and read back), OSCAL assessment-results JSON and the board's
CSV and Parquet exports. The service layer gathers the data and applies the access rules.
"""
