# A small auto-class machinery in the style of transformers' models/auto:
# name tables extended after they are built, a lazy mapping keyed by config
# classes, and an auto class that builds the model of a config.
import importlib
from collections import OrderedDict

CONFIG_NAMES = OrderedDict([("tiny", "TinyConfig"), ("wide", "WideConfig")])

CONFIG_NAMES.update({"extra": "ExtraConfig"})

CONFIG_NAMES = OrderedDict(**{"tiny-alias": "TinyConfig"}, **CONFIG_NAMES)

MODEL_NAMES = OrderedDict([("tiny", "TinyModel"), ("wide", "WideModel")])


class LazyAutoMapping(OrderedDict):
    def __init__(self, config_mapping, model_mapping):
        self._config_mapping = config_mapping
        self._reverse_config_mapping = {v: k for k, v in config_mapping.items()}
        self._model_mapping = model_mapping
        self._extra_content = {}

    def __contains__(self, item):
        if item in self._extra_content:
            return True
        if not hasattr(item, "__name__") or item.__name__ not in self._reverse_config_mapping:
            return False
        return self._reverse_config_mapping[item.__name__] in self._model_mapping

    def __getitem__(self, key):
        model_type = self._reverse_config_mapping[key.__name__]
        module = importlib.import_module(f".{model_type}", "automap")
        return getattr(module, self._model_mapping[model_type])


MODEL_MAPPING = LazyAutoMapping(CONFIG_NAMES, MODEL_NAMES)


class AutoModel:
    _model_mapping = MODEL_MAPPING

    @classmethod
    def from_config(cls, config):
        if type(config) in cls._model_mapping:
            model_class = cls._model_mapping[type(config)]
            return model_class(config)
        raise ValueError(f"no model for {type(config)}")
