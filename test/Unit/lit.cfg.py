# Runs the GoogleTest unit-test binaries (build/unittests/*Tests) under lit,
# so check-modcost reports lit tests and unit tests in one summary.
import os

import lit.formats

config.name = "modcost-Unit"
config.suffixes = []
config.test_exec_root = os.path.join(config.modcost_obj_root, "unittests")
config.test_source_root = config.test_exec_root
config.test_format = lit.formats.GoogleTest(".", "Tests")
