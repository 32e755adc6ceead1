# modcost library model for transformers.utils.generic (docs/Models.md).
#
# A ModelOutput is a dataclass and an OrderedDict whose items are its fields
# that are not None, in field order: `outputs[0]` is the first field set,
# `outputs[:2]` the first two, `outputs["logits"]` the field. The real class
# builds those items in __post_init__ through pytree registration,
# dataclasses.fields, is_tensor and __setitem__/__setattr__ hooks; this model
# indexes the fields directly. It computes nothing. `keys()` is what `**outputs`
# reads (the mapping protocol): the names of the fields that are set.
from collections import OrderedDict
from dataclasses import fields


class ModelOutput(OrderedDict):
    def __getitem__(self, k):
        if isinstance(k, str):
            return getattr(self, k)
        return self.to_tuple()[k]

    def keys(self):
        names = []
        for field in fields(self):
            if getattr(self, field.name) is not None:
                names.append(field.name)
        return names

    def to_tuple(self):
        items = []
        for field in fields(self):
            value = getattr(self, field.name)
            if value is not None:
                items.append(value)
        return tuple(items)
