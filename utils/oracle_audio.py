"""Whole audio models and torch.nn.Transformer for `oracle.py --models`.

Each entry is a case of oracle.py's form (name, constructor, modcost name,
--set arguments, inputs): the model builders of the installed torchaudio
with their defaults, its model classes built from their docs' example
arguments, and torch.nn.Transformer with its defaults. The waveform models
get one second of 16 kHz audio, batch 1; the others their natural inputs.

An input spec is a shape (a float tensor from randn), ("int64", shape,
high) (integer ids from randint in [0, high)), ("full", shape, value) (an
int64 tensor every element of which is `value`: the lengths of a batch
whose sequences all fill the time axis; modcost gets the same value with
--input-value), or None (passed as None).
"""

SAMPLES = 16000  # one second at 16 kHz
FRAMES = 100  # one second of 10 ms feature frames

# Conformer's docs example.
CONFORMER = {"input_dim": 80, "num_heads": 4, "ffn_dim": 128, "num_layers": 4,
             "depthwise_conv_kernel_size": 31}
# WaveRNN's docs example; the spectrogram's 84 frames give (84 - 5 + 1) *
# 200 = 16000 samples.
WAVERNN = {"upsample_scales": "[5, 5, 8]", "n_classes": 512, "hop_length": 200}
# DeepSpeech has no docs example: its only required argument, 80 features.
DEEPSPEECH = {"n_feature": 80}


# One second of audio and a label id per feature frame (49), audio_lengths
# None; hubert_pretrain_* default to num_classes=100.
HUBERT_PRETRAIN = {"waveforms": [1, SAMPLES], "labels": ("int64", [1, 49], 100),
                   "audio_lengths": None}


def _ctor(path, sets):
    args = ", ".join(f"{k}={v}" for k, v in sets.items())
    return f"{path}({args})"


def _builder(name, sets=None, inputs=None):
    sets = sets or {}
    return (name, _ctor(f"torchaudio.models.{name}", sets),
            f"torchaudio.models.{name}", sets,
            inputs or {"waveforms": [1, SAMPLES], "lengths": None})


def _class(case, path, sets, inputs):
    return (case, _ctor(path, sets), path, sets, inputs)


AUDIO_MODELS = [
    _builder("wav2vec2_base"),
    _builder("wav2vec2_large"),
    _builder("wav2vec2_large_lv60k"),
    _builder("hubert_base"),
    _builder("hubert_large"),
    _builder("hubert_xlarge"),
    # HuBERT's pre-training models: forward(waveforms, labels,
    # audio_lengths) masks frames at random (mask_prob 0.8, spans of 10)
    # even in eval mode and returns the logits of the masked and the
    # unmasked frames against the 100 label embeddings; the labels are one
    # id per frame (49 frames for one second). Real tensors: the masking
    # reads random values.
    _builder("hubert_pretrain_base", inputs=HUBERT_PRETRAIN),
    _builder("hubert_pretrain_large", inputs=HUBERT_PRETRAIN),
    _builder("hubert_pretrain_xlarge", inputs=HUBERT_PRETRAIN),
    _builder("conv_tasnet_base", inputs={"input": [1, 1, SAMPLES]}),
    _builder("hdemucs_low", {"sources": "['drums', 'bass', 'other', 'vocals']"},
             {"input": [1, 2, SAMPLES]}),
    _builder("hdemucs_medium", {"sources": "['drums', 'bass', 'other', 'vocals']"},
             {"input": [1, 2, SAMPLES]}),
    _builder("hdemucs_high", {"sources": "['drums', 'bass', 'other', 'vocals']"},
             {"input": [1, 2, SAMPLES]}),
    _builder("emformer_rnnt_base", {"num_symbols": 4097},
             {"sources": [1, FRAMES, 80], "source_lengths": ("full", [1], FRAMES),
              "targets": ("int64", [1, 20], 4097),
              "target_lengths": ("full", [1], 20)}),
    _class("Conformer", "torchaudio.models.Conformer", CONFORMER,
           {"input": [1, FRAMES, 80], "lengths": ("full", [1], FRAMES)}),
    _class("DeepSpeech", "torchaudio.models.DeepSpeech", DEEPSPEECH,
           {"x": [1, 1, FRAMES, 80]}),
    _class("Wav2Letter", "torchaudio.models.Wav2Letter", {},
           {"x": [1, 1, SAMPLES]}),
    _class("WaveRNN", "torchaudio.models.WaveRNN", WAVERNN,
           {"waveform": [1, 1, SAMPLES], "specgram": [1, 1, 128, 84]}),
    # The same at 8 spectrogram frames, (8 - 5 + 1) * 200 = 800 samples:
    # every op of the full run, its recurrent steps 20 times fewer, so its
    # torch run takes seconds instead of minutes (CI runs this one).
    _class("WaveRNN-short", "torchaudio.models.WaveRNN", WAVERNN,
           {"waveform": [1, 1, 800], "specgram": [1, 1, 128, 8]}),
    _class("Transformer", "torch.nn.Transformer", {},
           {"src": [10, 1, 512], "tgt": [20, 1, 512]}),
]


# Cases whose forward needs real values, not fake tensors: WaveRNN's
# Stretch2d (`repeat_interleave` with a tensor of repeats has an output
# shape that depends on their values); HDemucs' `torch.istft`, which reads
# the window envelope's values (its nonzero-overlap-add check).
DATA_DEPENDENT = {"WaveRNN", "WaveRNN-short", "hdemucs_low", "hdemucs_medium",
                  "hdemucs_high"}


# Cases whose output's leading extent is a random draw: HuBERT's
# pre-training models return the logits of the frames they masked at random
# (torch.rand, torch.randperm; with seed 0 the counter's run masks 27, 33
# and 34 frames), where modcost takes every frame of a mask whose values it
# does not know (docs/Expand.md): that extent is not compared.
RANDOM_LEADING_EXTENT = {"hubert_pretrain_base", "hubert_pretrain_large",
                         "hubert_pretrain_xlarge"}


def same_output_shape(case, static, measured):
    """True if modcost's output shape matches the counter's, but for a
    random leading extent (RANDOM_LEADING_EXTENT)."""
    if case in RANDOM_LEADING_EXTENT and isinstance(static, list) and measured:
        return static[1:] == measured[1:] and len(static) == len(measured)
    return static == measured


def needs_real_tensors(case, inputs):
    """True if the case must run on real tensors: stated input values
    (lengths read with `.item()`), integer ids, or DATA_DEPENDENT."""
    return case in DATA_DEPENDENT or case in RANDOM_LEADING_EXTENT or any(isinstance(s, tuple) for s in inputs.values())


def audio_model_cases():
    return list(AUDIO_MODELS)


def input_tensor(spec):
    """The torch value of an input spec."""
    import torch
    if spec is None:
        return None
    if isinstance(spec, tuple) and spec[0] == "full":
        return torch.full(spec[1], spec[2], dtype=torch.int64)
    if isinstance(spec, tuple):
        return torch.randint(spec[2], spec[1], dtype=getattr(torch, spec[0]))
    return torch.randn(*spec)


def input_flags(name, spec):
    """modcost-opt's options for an input spec."""
    if spec is None:
        return [f"-Dinputs.{name}=None"]
    if isinstance(spec, tuple) and spec[0] == "full":
        _, shape, value = spec
        return [f"--input-shape={name}=" + ",".join(str(d) for d in shape) + ":int64",
                f"-Dinput_value.{name}={value}"]
    if isinstance(spec, tuple):
        dtype, shape, _ = spec
        return [f"--input-shape={name}=" + ",".join(str(d) for d in shape) + f":{dtype}"]
    return [f"--input-shape={name}=" + ",".join(str(d) for d in spec)]
