# A small package for the batch-mode tests: complete, undecided,
# unknown-op and failing units, a file that does not parse, a factory.
