# lit configuration for modcost's regression tests.
#
# Tests are `*.test` files; Python inputs live under `Inputs/` folders, which
# lit never treats as tests (so CHECK lines cannot match the analyzed source
# either). Features:
#   torch        - Debian's python3-torch sources are installed
#   torchvision  - likewise python3-torchvision
#   torchaudio   - likewise python3-torchaudio
#   jsonschema   - python3-jsonschema is importable by %python
#   transformers - MODCOST_TRANSFORMERS_DIR points at a transformers src/ tree
import os
import shutil
import subprocess

import lit.formats

config.name = "modcost"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".test"]
config.excludes = ["Inputs", "Unit"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.modcost_obj_root, "test")

path = [config.modcost_tools_dir, config.llvm_tools_dir, config.environment.get("PATH", "")]
config.environment["PATH"] = os.pathsep.join(path)
# Tests must not depend on the caller's environment: the default source
# roots are Debian's dist-packages alone (where apt installs torch), whatever
# python3 is on the caller's PATH.
config.environment["MODCOST_SOURCE_PATH"] = "/usr/lib/python3/dist-packages"
# Nor on the user's parse cache (~/.cache/modcost): the suite shares one in
# the build tree, emptied when lit starts, so most tests read files the
# first test to need them parsed (a check of the cache in itself). Tests of
# the cache set XDG_CACHE_HOME to their own %t.
xdg_cache = os.path.join(config.test_exec_root, "xdg-cache")
shutil.rmtree(xdg_cache, ignore_errors=True)
config.environment["XDG_CACHE_HOME"] = xdg_cache

config.substitutions.append(("%expect_exit", config.python_executable + " " +
                              os.path.join(config.modcost_src_root, "utils", "expect-exit.py")))
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%utils", os.path.join(config.modcost_src_root, "utils")))
config.substitutions.append(("%schema", os.path.join(config.modcost_src_root, "docs", "schema",
                                                     "modcost-analysis.schema.json")))

# Plugins built with the project (examples/, test/Plugins/Inputs/plugins) and
# what the out-of-tree plugin tests build with.
config.substitutions.append(("%plugins_dir", config.plugins_dir))
config.substitutions.append(("%cmake", config.cmake_command))
config.substitutions.append(("%cxx_compiler", config.cxx_compiler))
config.substitutions.append(("%modcost_src", config.modcost_src_root))
config.substitutions.append(("%modcost_obj", config.modcost_obj_root))

dist = "/usr/lib/python3/dist-packages"
config.substitutions.append(("%dist_packages", dist))
for pkg, probe in (("torch", "torch/nn/modules/linear.py"),
                   ("torchvision", "torchvision/models/resnet.py"),
                   ("torchaudio", "torchaudio/models/wav2vec2/components.py")):
    if os.path.exists(os.path.join(dist, probe)):
        config.available_features.add(pkg)

# Sanitizer runtimes replace operator new, so heap is not counted there and
# a unit's memory budget (--unit-memory) cannot run out.
if getattr(config, "sanitizers", "OFF").upper() not in ("ON", "1", "TRUE", "YES"):
    config.available_features.add("memory-budget")

try:
    subprocess.run([config.python_executable, "-c", "import jsonschema"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    config.available_features.add("jsonschema")
except (OSError, subprocess.CalledProcessError):
    pass

# The transformers corpus: MODCOST_TRANSFORMERS_DIR, else the copy CMake
# unpacked into the build tree from ../shared/corpora.
tf = os.environ.get("MODCOST_TRANSFORMERS_DIR") or getattr(config, "transformers_src", "")
if tf and os.path.isdir(os.path.join(tf, "transformers")):
    config.available_features.add("transformers")
    config.substitutions.append(("%transformers_dir", tf))
else:
    lit_config.note("transformers corpus not found (MODCOST_TRANSFORMERS_DIR or "
                    "../shared/corpora): its tests are unsupported")
