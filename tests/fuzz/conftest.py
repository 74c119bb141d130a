"""Fuzzing (issue 7, "Nothing lost"): hypothesis over the import parser and the rules, schemathesis over the API.

Example counts stay modest so the whole suite stays fast (each test file sets its own, from
WUMEI_FUZZ_EXAMPLES); raise them for a long run: `WUMEI_FUZZ_EXAMPLES=2000 pytest tests/fuzz`.
"""
