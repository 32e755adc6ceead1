# modcost library model for collections.abc (docs/Models.md).
#
# Python's standard library is not on the source roots (they are the
# package directories: site-packages, dist-packages, --source-root), and
# its collections.abc classes are built by the ABCMeta machinery of
# _collections_abc. transformers' registries (AttentionInterface, the
# mask registry: GeneralInterface) derive from MutableMapping and rely on
# the methods it provides: `ALL_ATTENTION_FUNCTIONS.get_interface("eager",
# eager_attention_forward)` returns `Mapping.get`'s default because the
# registry's __getitem__ raises KeyError. The methods below are the
# standard library's own code for them; they compute nothing.


class Mapping:
    def __getitem__(self, key):
        raise KeyError

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key):
        try:
            self[key]
        except KeyError:
            return False
        else:
            return True


class MutableMapping(Mapping):
    def pop(self, key, default=None):
        try:
            value = self[key]
        except KeyError:
            return default
        else:
            del self[key]
            return value

    def setdefault(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            self[key] = default
        return default
