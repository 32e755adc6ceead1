//===- ModelConfig.h - From a config.json to the class it names -*- C++ -*-===//
///
/// \file
/// `--config` points at a model rather than a class: a `config.json`, a
/// directory holding one, or a model id (`meta-llama/Llama-2-7b-hf`) found
/// in the local Hugging Face cache without any network access. The class
/// analyzed is `architectures[0]`, found the way transformers finds it:
/// through `model_type` (`transformers.models.<type>.modeling_<type>`), or
/// through the auto-mapping tables of `models/auto/modeling_auto.py` read
/// from the source; a snapshot that carries its own `modeling_*.py`
/// (`auto_map`, remote code) is a source root of its own
/// (docs/CommandGuide.md).
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_FRONTEND_MODELCONFIG_H
#define MODCOST_FRONTEND_MODELCONFIG_H

#include "modcost/Frontend/SourceRoots.h"

#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace modcost {

/// Where `--config` led.
struct ConfigLocation {
  /// The config.json file.
  std::string File;
  /// The snapshot directory when it holds Python modules of its own
  /// (`auto_map`), to be added as a source root; empty otherwise.
  std::string CodeRoot;
  /// How it was found (for diagnostics and reports).
  std::string Trace;
};

/// The Hugging Face cache's hub directory: `$HF_HUB_CACHE`, else
/// `$HF_HOME/hub`, else `~/.cache/huggingface/hub`.
std::string huggingFaceHubCache();

/// Resolves \p Arg: an existing file, a directory with a config.json, or a
/// model id (`org/name`) under the hub cache's
/// `models--org--name/snapshots/*/config.json` (the snapshot `refs/main`
/// names, else the only or newest one). Fails with a message saying where
/// it looked.
llvm::Expected<ConfigLocation> resolveConfigArgument(llvm::StringRef Arg);

/// The qualified class name of `architectures[0]` of \p Config, found
/// through `auto_map`, `model_type` or the auto-mapping tables in the
/// source under \p Loader's roots; \p Trace receives each step.
llvm::Expected<std::string>
resolveArchitecture(const ConfigLocation &Config, ModuleLoader &Loader,
                    std::vector<std::string> &Trace);

} // namespace modcost

#endif // MODCOST_FRONTEND_MODELCONFIG_H
