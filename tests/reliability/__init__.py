"""The hostile-input and fault matrix of ../shared/RELIABILITY.md, one test (or more) per row."""
