# Environment facts of the inference profile: installed packages and their
# versions (importlib, packaging), a padding mask of ones, and parameters
# that are a dtype or a device rather than tensors.
import importlib.metadata
import importlib.util

import torch
from packaging import version
from torch import nn

PACKAGE_DISTRIBUTION_MAPPING = importlib.metadata.packages_distributions()


def _is_package_available(pkg_name, return_version=False):
    spec = importlib.util.find_spec(pkg_name)
    package_exists = spec is not None
    package_version = "N/A"
    if package_exists and return_version:
        distributions = PACKAGE_DISTRIBUTION_MAPPING[pkg_name]
        package_version = importlib.metadata.version(distributions[0])
    return package_exists, package_version


def is_torch_greater_or_equal(library_version):
    available, torch_version = _is_package_available("torch", return_version=True)
    if not available:
        return False
    base = version.parse(torch_version).base_version
    return version.parse(base) >= version.parse(library_version)


def is_fast_kernel_available():
    return _is_package_available("fast_kernel")[0]


class Block(nn.Module):
    def __init__(self, hidden_size):
        super().__init__()
        self.proj = nn.Linear(hidden_size, hidden_size)

    def forward(self, hidden_states, attention_mask):
        if is_fast_kernel_available():
            hidden_states = fast_kernel_forward(hidden_states)
        if is_torch_greater_or_equal("2.6"):
            hidden_states = self.proj(hidden_states)
        else:
            hidden_states = self.proj(hidden_states).float()
        padding_mask = attention_mask[:, 0, 0, :].to(dtype=torch.bool)
        if not padding_mask.all():
            hidden_states = hidden_states * padding_mask[:, :, None]
        return hidden_states


class PositionEmbedding(nn.Module):
    def forward(self, hidden_states, device, dtype: torch.dtype):
        if dtype == torch.float16:
            hidden_states = hidden_states.clamp(-65504, 65504)
        positions = torch.arange(hidden_states.shape[1], device=device)
        return hidden_states + positions[None, :, None].to(dtype)


class VersionOrder(nn.Module):
    def forward(self, hidden_states):
        dev, alpha, rc = version.parse("2.7.0.dev1"), version.parse("2.7.0a1"), version.parse("2.7.0rc1")
        if dev < alpha < rc < version.parse("2.7") < version.parse("2.7.0.post1") < version.parse("2.10"):
            hidden_states = hidden_states * 2
        if version.parse("2.10.0").minor == 10:
            hidden_states = hidden_states + 1
        return hidden_states
