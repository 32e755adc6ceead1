#!/usr/bin/python3
"""Differential test: modcost's static numbers against the real module running.

Runs each case's module from the installed PyTorch / torchvision / torchaudio
on random inputs under a TorchDispatchMode counter that applies modcost's
conventions per aten op (matrix products 2*M*N*K, convolutions 2 * output *
C_in/groups * kernel, torch's fused attention kernel as modcost prices it;
bytes = tensor inputs read + outputs written, views (also in-place
ones such as `as_strided_`) free; an embedding (and an embedding bag)
reads the rows it selects, and a bag writes only its bags; a bias add that aten runs apart from its matrix
product, as F.linear does on inputs of rank > 3, is counted fused into it:
only the bias is read, and the line reports those bytes), and compares with
`modcost-opt -passes=locate,prune,cost,expand` evaluated with the same
constructor arguments and input shapes.

It also compares the shape modcost derives for forward()'s return value
(print<shape>) with the shape the real module returns.

Usage: oracle.py [--modcost PATH] [--only NAME] [--tolerance 0.005]
                 [--models[=NAMES]] [--real] [--by-line]
Prints one line per case and `oracle: N passed, M failed`; exits non-zero
if a case's matrix FLOPs differ by more than the tolerance (0.5%). With
--by-line, each case is followed by the source lines whose bytes differ,
the counter's by aten op (utils/oracle_lines.py).
"""
import argparse
import functools
import json
import math
import pathlib
import subprocess
import sys
import tempfile
import time

import torch
from torch._subclasses.fake_tensor import FakeTensorMode
from torch.overrides import TorchFunctionMode
from torch.utils._python_dispatch import TorchDispatchMode

from oracle_audio import (audio_model_cases, input_flags, input_tensor,
                          needs_real_tensors, same_output_shape)
import oracle_lines

aten = torch.ops.aten

# The first four blocks of torchvision's mobilenet_v3_small at width 0.5.
MOBILENETV3_SMALL_4 = [
    "InvertedResidualConfig(16, 3, 16, 16, True, 'RE', 2, 1, 0.5)",
    "InvertedResidualConfig(16, 3, 72, 24, False, 'RE', 2, 1, 0.5)",
    "InvertedResidualConfig(24, 3, 88, 24, False, 'RE', 1, 1, 0.5)",
    "InvertedResidualConfig(24, 5, 96, 40, True, 'HS', 2, 1, 0.5)",
]

# name, constructor (evaluated with torch, torchvision, torchaudio in scope),
# modcost name, --set constructor arguments, inputs {param: spec}, passed
# positionally in this order; a spec is a shape (a float tensor from randn),
# ("int64", shape, high) (integer ids from randint in [0, high)) or None
# (the argument is passed as None; modcost gets -Dinputs.param=None).
CASES = [
    ("linear", "torch.nn.Linear(64, 32)", "torch.nn.Linear",
     {"in_features": 64, "out_features": 32}, {"input": [2, 16, 64]}),
    ("linear-nobias", "torch.nn.Linear(64, 48, bias=False)", "torch.nn.Linear",
     {"in_features": 64, "out_features": 48, "bias": "False"}, {"input": [2, 16, 64]}),
    ("conv2d-strided-padded", "torch.nn.Conv2d(3, 8, 3, stride=2, padding=1)",
     "torch.nn.Conv2d",
     {"in_channels": 3, "out_channels": 8, "kernel_size": 3, "stride": 2, "padding": 1},
     {"input": [2, 3, 32, 32]}),
    ("conv2d-grouped", "torch.nn.Conv2d(8, 8, 3, padding=1, groups=4)", "torch.nn.Conv2d",
     {"in_channels": 8, "out_channels": 8, "kernel_size": 3, "padding": 1, "groups": 4},
     {"input": [2, 8, 16, 16]}),
    ("conv1d", "torch.nn.Conv1d(16, 32, 5, padding=2)", "torch.nn.Conv1d",
     {"in_channels": 16, "out_channels": 32, "kernel_size": 5, "padding": 2},
     {"input": [2, 16, 40]}),
    ("multihead-attention", "torch.nn.MultiheadAttention(64, 4)",
     "torch.nn.MultiheadAttention", {"embed_dim": 64, "num_heads": 4},
     {"query": [16, 2, 64], "key": [16, 2, 64], "value": [16, 2, 64]}),
    # Loops inside composites: nn.Transformer calls its TransformerEncoder
    # and TransformerDecoder, each looping over cloned layers.
    ("transformer-2x2-layers",
     "torch.nn.Transformer(64, 4, num_encoder_layers=2, num_decoder_layers=2, dim_feedforward=128, dropout=0.0)",
     "torch.nn.modules.transformer.Transformer",
     {"d_model": 64, "nhead": 4, "num_encoder_layers": 2, "num_decoder_layers": 2,
      "dim_feedforward": 128, "dropout": "0.0"},
     {"src": [16, 2, 64], "tgt": [12, 2, 64]}),
    ("transformer-encoder-layer",
     "torch.nn.TransformerEncoderLayer(64, 4, dim_feedforward=128, dropout=0.0)",
     "torch.nn.modules.transformer.TransformerEncoderLayer",
     {"d_model": 64, "nhead": 4, "dim_feedforward": 128, "dropout": "0.0"},
     {"src": [16, 2, 64]}),
    ("vit-encoder-block",
     "torchvision.models.vision_transformer.EncoderBlock(4, 64, 128, 0.0, 0.0)",
     "torchvision.models.vision_transformer.EncoderBlock",
     {"num_heads": 4, "hidden_dim": 64, "mlp_dim": 128, "dropout": "0.0",
      "attention_dropout": "0.0"}, {"input": [2, 16, 64]}),
    ("vit-mlp-block", "torchvision.models.vision_transformer.MLPBlock(64, 128, 0.0)",
     "torchvision.models.vision_transformer.MLPBlock",
     {"in_dim": 64, "mlp_dim": 128, "dropout": "0.0"}, {"input": [2, 16, 64]}),
    ("resnet-basic-block", "torchvision.models.resnet.BasicBlock(16, 16)",
     "torchvision.models.resnet.BasicBlock", {"inplanes": 16, "planes": 16},
     {"x": [2, 16, 8, 8]}),
    ("resnet-bottleneck", "torchvision.models.resnet.Bottleneck(64, 16)",
     "torchvision.models.resnet.Bottleneck", {"inplanes": 64, "planes": 16},
     {"x": [2, 64, 8, 8]}),
    ("wav2vec2-self-attention",
     "torchaudio.models.wav2vec2.components.SelfAttention(64, 4)",
     "torchaudio.models.wav2vec2.components.SelfAttention",
     {"embed_dim": 64, "num_heads": 4}, {"x": [2, 16, 64]}),
    ("wav2vec2-feed-forward",
     "torchaudio.models.wav2vec2.components.FeedForward(64, 128, 0.0, 0.0)",
     "torchaudio.models.wav2vec2.components.FeedForward",
     {"io_features": 64, "intermediate_features": 128, "intermediate_dropout": "0.0",
      "output_dropout": "0.0"}, {"x": [2, 16, 64]}),
    ("swin-window-attention",
     "torchvision.models.swin_transformer.ShiftedWindowAttention(96, [7, 7], [3, 3], 3)",
     "torchvision.models.swin_transformer.ShiftedWindowAttention",
     {"dim": 96, "window_size": "[7, 7]", "shift_size": "[3, 3]", "num_heads": 3},
     {"x": [2, 56, 56, 96]}),
    ("layer-norm", "torch.nn.LayerNorm(64)", "torch.nn.LayerNorm",
     {"normalized_shape": 64}, {"input": [2, 16, 64]}),
    # One recurrent step: the cells' projections (aten's lstm_cell and
    # gru_cell run two linear calls) and their element-wise kernels.
    ("lstm-cell", "torch.nn.LSTMCell(32, 64)", "torch.nn.LSTMCell",
     {"input_size": 32, "hidden_size": 64}, {"input": [4, 32]}),
    ("gru-cell", "torch.nn.GRUCell(32, 48)", "torch.nn.GRUCell",
     {"input_size": 32, "hidden_size": 48}, {"input": [4, 32]}),
    ("rnn-cell", "torch.nn.RNNCell(32, 16)", "torch.nn.RNNCell",
     {"input_size": 32, "hidden_size": 16}, {"input": [4, 32]}),
    # Rows gathered into bags (F.embedding_bag flattens the 2-D input and
    # makes its offsets), and max pooling's scatter back.
    ("embedding-bag", "torch.nn.EmbeddingBag(100, 32, mode='sum')",
     "torch.nn.EmbeddingBag",
     {"num_embeddings": 100, "embedding_dim": 32, "mode": "'sum'"},
     {"input": ("int64", [4, 6], 100)}),
    ("pairwise-distance", "torch.nn.PairwiseDistance()",
     "torch.nn.PairwiseDistance", {}, {"x1": [8, 32], "x2": [8, 32]}),
    ("fold", "torch.nn.Fold((4, 5), (2, 2))", "torch.nn.Fold",
     {"output_size": "(4, 5)", "kernel_size": "(2, 2)"}, {"input": [2, 12, 12]}),
    ("local-response-norm", "torch.nn.LocalResponseNorm(5)",
     "torch.nn.LocalResponseNorm", {"size": 5}, {"input": [2, 16, 8, 8]}),
    ("max-unpool2d", "torch.nn.MaxUnpool2d(2)", "torch.nn.MaxUnpool2d",
     {"kernel_size": 2},
     {"input": [2, 3, 5, 7], "indices": ("int64", [2, 3, 5, 7], 140)}),
    ("embedding", "torch.nn.Embedding(100, 32)", "torch.nn.Embedding",
     {"num_embeddings": 100, "embedding_dim": 32}, {"input": ("int64", [2, 16], 100)}),
    ("transformer-decoder-layer",
     "torch.nn.TransformerDecoderLayer(64, 4, dim_feedforward=128, dropout=0.0)",
     "torch.nn.modules.transformer.TransformerDecoderLayer",
     {"d_model": 64, "nhead": 4, "dim_feedforward": 128, "dropout": "0.0"},
     {"tgt": [12, 2, 64], "memory": [16, 2, 64]}),
    ("convnext-block", "torchvision.models.convnext.CNBlock(64, 1e-6, 0.0)",
     "torchvision.models.convnext.CNBlock",
     {"dim": 64, "layer_scale": "1e-6", "stochastic_depth_prob": "0.0"},
     {"input": [2, 64, 14, 14]}),
    ("conformer-layer",
     "torchaudio.models.conformer.ConformerLayer(64, 128, 4, 31)",
     "torchaudio.models.conformer.ConformerLayer",
     {"input_dim": 64, "ffn_dim": 128, "num_attention_heads": 4,
      "depthwise_conv_kernel_size": 31},
     {"input": [40, 2, 64], "key_padding_mask": None}),
    # Resampling (F.interpolate, docs/CostModel.md): bilinear upsampling
    # reads the input and writes the output, as aten's upsample_bilinear2d.
    ("upsample-bilinear", "torch.nn.Upsample(scale_factor=2, mode='bilinear')",
     "torch.nn.Upsample", {"scale_factor": 2, "mode": "'bilinear'"},
     {"input": [2, 3, 8, 8]}),
    ("upsample-nearest", "torch.nn.Upsample(size=(12, 10))", "torch.nn.Upsample",
     {"size": "(12, 10)"}, {"input": [2, 3, 8, 8]}),
    # Casts and data: mu-law encoding builds torch.tensor(mu) (a 0-d tensor
    # of x's dtype), runs log1p, and casts with .to(torch.int64) (reads 4,
    # writes 8 bytes per element); decoding casts its int64 input to float.
    ("mu-law-encoding", "torchaudio.transforms.MuLawEncoding(256)",
     "torchaudio.transforms._transforms.MuLawEncoding",
     {"quantization_channels": 256}, {"x": [2, 100]}),
    ("mu-law-decoding", "torchaudio.transforms.MuLawDecoding(256)",
     "torchaudio.transforms._transforms.MuLawDecoding",
     {"quantization_channels": 256}, {"x_mu": ("int64", [2, 100], 256)}),
    # Spectral transforms on the waveform convention [batch_size,
    # num_samples]: torch.stft's reflection pad and real FFTs, the power,
    # the mel filterbank (a matmul), amplitude to dB and the DCT (a matmul).
    ("spectrogram", "torchaudio.transforms.Spectrogram()",
     "torchaudio.transforms._transforms.Spectrogram", {}, {"waveform": [2, 16000]}),
    ("mel-spectrogram", "torchaudio.transforms.MelSpectrogram()",
     "torchaudio.transforms._transforms.MelSpectrogram", {}, {"waveform": [2, 16000]}),
    ("mfcc", "torchaudio.transforms.MFCC()",
     "torchaudio.transforms._transforms.MFCC", {}, {"waveform": [2, 16000]}),
    # Mobile blocks: Conv2dNormActivation (padding from the kernel size),
    # depthwise convolutions, eval-mode BatchNorm, ReLU6 (hardtanh).
    ("mobilenetv2-block-residual",
     "torchvision.models.mobilenetv2.InvertedResidual(32, 32, 1, 6)",
     "torchvision.models.mobilenetv2.InvertedResidual",
     {"inp": 32, "oup": 32, "stride": 1, "expand_ratio": 6}, {"x": [2, 32, 14, 14]}),
    ("mobilenetv2-block-stride2",
     "torchvision.models.mobilenetv2.InvertedResidual(24, 32, 2, 6)",
     "torchvision.models.mobilenetv2.InvertedResidual",
     {"inp": 24, "oup": 32, "stride": 2, "expand_ratio": 6}, {"x": [2, 24, 15, 15]}),
    # MobileNetV3's block takes an InvertedResidualConfig object: --set
    # passes the same constructor call, evaluated in the block's module.
    # Squeeze-excitation (adaptive pooling, 1x1 convolutions, hardsigmoid),
    # hardswish, channels through _make_divisible.
    ("mobilenetv3-block-se-stride2",
     "torchvision.models.mobilenetv3.InvertedResidual("
     "torchvision.models.mobilenetv3.InvertedResidualConfig(16, 3, 72, 24, True, 'HS', 2, 1, 1.0), "
     "functools.partial(torch.nn.BatchNorm2d, eps=0.001, momentum=0.01))",
     "torchvision.models.mobilenetv3.InvertedResidual",
     {"cnf": "InvertedResidualConfig(16, 3, 72, 24, True, 'HS', 2, 1, 1.0)",
      "norm_layer": "partial(nn.BatchNorm2d, eps=0.001, momentum=0.01)"},
     {"input": [2, 16, 15, 15]}),
    ("mobilenetv3-block-residual",
     "torchvision.models.mobilenetv3.InvertedResidual("
     "torchvision.models.mobilenetv3.InvertedResidualConfig(40, 5, 240, 40, True, 'HS', 1, 1, 0.75), "
     "torch.nn.BatchNorm2d)",
     "torchvision.models.mobilenetv3.InvertedResidual",
     {"cnf": "InvertedResidualConfig(40, 5, 240, 40, True, 'HS', 1, 1, 0.75)",
      "norm_layer": "nn.BatchNorm2d"},
     {"input": [2, 32, 14, 14]}),
    # EfficientNet's MBConv takes an MBConvConfig (a @dataclass base whose
    # generated __init__ the config's own __init__ calls through super());
    # SiLU, squeeze-excitation, StochasticDepth (the identity in eval mode).
    ("efficientnet-mbconv-residual",
     "torchvision.models.efficientnet.MBConv("
     "torchvision.models.efficientnet.MBConvConfig(6, 3, 1, 24, 24, 2), 0.2, torch.nn.BatchNorm2d)",
     "torchvision.models.efficientnet.MBConv",
     {"cnf": "MBConvConfig(6, 3, 1, 24, 24, 2)", "stochastic_depth_prob": "0.2",
      "norm_layer": "nn.BatchNorm2d"},
     {"input": [2, 24, 14, 14]}),
    ("efficientnet-mbconv-stride2",
     "torchvision.models.efficientnet.MBConv("
     "torchvision.models.efficientnet.MBConvConfig(4, 5, 2, 40, 80, 3, 1.1), 0.0, "
     "functools.partial(torch.nn.BatchNorm2d, eps=1e-3))",
     "torchvision.models.efficientnet.MBConv",
     {"cnf": "MBConvConfig(4, 5, 2, 40, 80, 3, 1.1)", "stochastic_depth_prob": "0.0",
      "norm_layer": "partial(nn.BatchNorm2d, eps=1e-3)"},
     {"input": [2, 48, 15, 15]}),
    # A whole network: MobileNetV2 at width 0.25 (channels through
    # _make_divisible, 17 blocks built in nested loops, nn.Sequential of 19
    # modules, adaptive pooling, the classifier).
    ("mobilenetv2-width-0.25",
     "torchvision.models.mobilenetv2.MobileNetV2(num_classes=10, width_mult=0.25)",
     "torchvision.models.mobilenetv2.MobileNetV2",
     {"num_classes": 10, "width_mult": "0.25"}, {"x": [2, 3, 32, 32]}),
    # A whole MobileNetV3 (the first four blocks of mobilenet_v3_small at
    # width 0.5): its constructor takes a list of InvertedResidualConfig,
    # given to modcost as the same list expression.
    ("mobilenetv3-small-4-blocks",
     "torchvision.models.mobilenetv3.MobileNetV3([" + ", ".join(
         "torchvision.models.mobilenetv3." + c for c in MOBILENETV3_SMALL_4) +
     "], 256, num_classes=10)",
     "torchvision.models.mobilenetv3.MobileNetV3",
     {"inverted_residual_setting": "[" + ", ".join(MOBILENETV3_SMALL_4) + "]",
      "last_channel": 256, "num_classes": 10},
     {"x": [2, 3, 32, 32]}),
]


# Whole models built by torchvision's classification factories (--models).
def vision_models():
    """Every classification factory of the installed torchvision, with the
    side of its standard input (batch 1, 3 channels): 299 for inception_v3,
    224 otherwise. modcost analyzes the factory by its name."""
    families = {
        "resnet": ["18", "34", "50", "101", "152"],
        "resnext": ["50_32x4d", "101_32x8d", "101_64x4d"],
        "wide_resnet": ["50_2", "101_2"],
        "vgg": [d + bn for d in ("11", "13", "16", "19") for bn in ("", "_bn")],
        "alexnet": [""], "squeezenet": ["1_0", "1_1"],
        "densenet": ["121", "161", "169", "201"],
        "inception_v3": [""], "googlenet": [""], "mobilenet_v2": [""],
        "mobilenet_v3_": ["small", "large"],
        "mnasnet": ["0_5", "0_75", "1_0", "1_3"],
        "shufflenet_v2_": ["x0_5", "x1_0", "x1_5", "x2_0"],
        "efficientnet_": ["b%d" % i for i in range(8)] + ["v2_s", "v2_m", "v2_l"],
        "regnet_": [k + s for k in ("y_", "x_") for s in
                    ("400mf", "800mf", "1_6gf", "3_2gf", "8gf", "16gf", "32gf")]
                   + ["y_128gf"],
        "vit_": ["b_16", "b_32", "l_16", "l_32", "h_14"],
        "swin_": ["t", "s", "b", "v2_t", "v2_s", "v2_b"],
        "convnext_": ["tiny", "small", "base", "large"],
        "maxvit_t": [""],
    }
    return [(f + s, 299 if f == "inception_v3" else 224)
            for f, sizes in families.items() for s in sizes]


def video_models():
    """The video classification factories of the installed torchvision
    (3-D convolutions), with their standard clip: 16 frames of 112x112."""
    return ["r3d_18", "mc3_18", "r2plus1d_18"]


def model_cases():
    return ([(name, f"torchvision.models.{name}()", f"torchvision.models.{name}", {},
              {"x": [1, 3, side, side]}) for name, side in vision_models()]
            + [(name, f"torchvision.models.video.{name}()",
                f"torchvision.models.video.{name}", {}, {"x": [1, 3, 16, 112, 112]})
               for name in video_models()]
            + audio_model_cases())


def prod(xs):
    return math.prod(int(x) for x in xs)


VIEWS = {"view", "_unsafe_view", "t", "transpose", "permute", "expand", "unsqueeze",
         "squeeze", "slice", "select", "as_strided", "detach", "alias", "reshape",
         "_reshape_alias", "unbind", "split", "chunk", "split_with_sizes", "unflatten",
         "view_as", "expand_as", "lift_fresh", "empty", "empty_like", "_to_copy_noop",
         "unsafe_split", "unsafe_chunk", "transpose_", "view_as_real",
         "view_as_complex"}


def is_inplace_view(func):
    """An aten op torch tags `inplace_view` (`as_strided_`, `transpose_`,
    `squeeze_`, ...): it rewrites the tensor's sizes, strides or offset and
    moves no data. adaptive_avg_pool2d to 1x1 of a channels-last input runs
    `mean` and then restrides the result with `as_strided_`
    (AdaptiveAveragePooling.cpp in torch 1.13): the same storage."""
    return torch.Tag.inplace_view in func.tags


# Queries a FakeTensor dispatches that a real tensor answers without aten.
FAKE_QUERIES = {"device"}


def tensor_bytes(x):
    if isinstance(x, torch.Tensor):
        return x.numel() * x.element_size()
    if isinstance(x, (list, tuple)):
        return sum(tensor_bytes(e) for e in x)
    return 0


class Counter(TorchDispatchMode):
    """Counts matrix-product FLOPs and bytes per aten op with modcost's
    conventions (bytes: tensor inputs read + outputs written; views and
    in-place views free)."""

    def __init__(self):
        super().__init__()
        self.matmul = 0
        self.bytes = 0
        self.ops = {}
        self.product = []  # the last mm/bmm result and its views
        self.fused_bias = 0  # bytes of separate bias adds counted as fused

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        name = func.overloadpacket.__name__
        if name == "_native_multi_head_attention" and is_fake(args[0]):
            # No meta kernel in torch 1.13: its output is the query's shape
            # (need_weights=False, as nn.MultiheadAttention's fast path
            # calls it), the weights empty.
            out = fast_attention_shapes(args)
        else:
            if name == "full" and "dtype" not in kwargs and isinstance(args[1], bool):
                # `torch.full(shape, False)` reaches the mode without its
                # dtype, and torch 1.13 redispatches the bool fill as an
                # int64 one: the dtype Python's call inferred, restated.
                kwargs = dict(kwargs, dtype=torch.bool)
            out = func(*args, **kwargs)
        if name in FAKE_QUERIES:
            return out
        self.ops[name] = self.ops.get(name, 0) + 1
        flops = 0
        if name == "mm":
            a, b = args[0], args[1]
            flops = 2 * a.shape[0] * a.shape[1] * b.shape[1]
        elif name == "addmm":
            a, b = args[1], args[2]
            flops = 2 * a.shape[0] * a.shape[1] * b.shape[1]
        elif name == "bmm":
            a, b = args[0], args[1]
            flops = 2 * a.shape[0] * a.shape[1] * a.shape[2] * b.shape[2]
        elif name == "baddbmm":
            a, b = args[1], args[2]
            flops = 2 * a.shape[0] * a.shape[1] * a.shape[2] * b.shape[2]
        elif name in ("convolution", "_convolution", "cudnn_convolution", "mkldnn_convolution"):
            w = args[1]
            # A transposed convolution (args[6]) meets C_out/groups * kernel
            # weights per input element, not per output element.
            transposed = len(args) > 6 and args[6] is True
            flops = 2 * (args[0] if transposed else out).numel() * prod(w.shape[1:])
        elif name == "_native_multi_head_attention":
            q = args[0]
            rows, seq, e = q.shape[0] * q.shape[1], q.shape[1], q.shape[2]
            flops = 8 * rows * e * e + 4 * rows * seq * e
        self.matmul += flops
        if name in VIEWS or is_inplace_view(func):
            if args and any(args[0] is p for p in self.product):
                self.product.append(out)
            return out
        if name in ("mm", "bmm", "matmul"):
            self.product = [out]
        if name in ("add", "add_") and self.is_bias_of_product(args):
            # F.linear on an input of rank > 3 (or not contiguous): aten
            # runs mm, then adds the bias in a separate kernel. modcost
            # prices the bias fused into the product (docs/CostModel.md),
            # so only the bias is read here.
            self.fused_bias += tensor_bytes(list(args)) + tensor_bytes(out) \
                - tensor_bytes(args[1])
            self.bytes += tensor_bytes(args[1])
            return out
        if name == "embedding":
            # A gather reads the selected rows of the table (modcost's
            # convention), not the whole table.
            weight, indices = args[0], args[1]
            self.bytes += out.numel() * weight.element_size() + tensor_bytes(indices)
            self.bytes += tensor_bytes(out)
            return out
        if name == "_embedding_bag":
            # Bags gather the rows their indices select (as embedding);
            # only the bags are counted written, not aten's bookkeeping
            # outputs (offset2bag, bag_size, max_indices).
            weight, indices = args[0], args[1]
            rows = indices.numel() * weight.shape[1] * weight.element_size()
            self.bytes += rows + tensor_bytes([a for a in args[1:] if
                                               isinstance(a, torch.Tensor)])
            self.bytes += tensor_bytes(out[0])
            return out
        if name == "native_batch_norm" and not args[5]:
            # Eval mode: aten's CPU kernel returns empty saved mean and
            # invstd (a fake or meta run shapes them [C]); only the
            # normalized output is written.
            self.bytes += tensor_bytes(list(args)) + tensor_bytes(out[0])
            return out
        if name in ("new_zeros", "new_ones", "new_empty", "new_full", "zeros_like",
                    "ones_like", "full_like", "rand_like", "randn_like"):
            # Only the shape, dtype and device of `self` are used: nothing
            # is read.
            self.bytes += tensor_bytes(out)
            return out
        self.bytes += tensor_bytes(list(args)) + tensor_bytes(list(kwargs.values()))
        self.bytes += tensor_bytes(out)
        return out

    def is_bias_of_product(self, args):
        """`add(P, b)` where P is (a view of) the last matrix product's
        result and b a 1-D bias of P's last extent."""
        if len(args) < 2 or not any(args[0] is p for p in self.product):
            return False
        a, b = args[0], args[1]
        return (isinstance(b, torch.Tensor) and b.dim() == 1
                and b.shape[0] == a.shape[-1])


# The counter class the runs use (oracle_lines.line_counter with --by-line).
COUNTER = [Counter]


def is_fake(t):
    return isinstance(t, torch.Tensor) and type(t).__name__ == "FakeTensor"


def fast_attention_shapes(args):
    """Empty tensors shaped as `_native_multi_head_attention`'s results:
    the output as the query, the weights [B, L, S] averaged over heads,
    [B, H, L, S] not averaged, empty when need_weights is False."""
    q, k, heads = args[0], args[1], args[4]
    need, average = (list(args[10:12]) + [True, True])[:2]
    b, l, s = q.shape[0], q.shape[1], k.shape[1]
    weights = [] if not need else [b, l, s] if average else [b, heads, l, s]
    return q.new_empty(q.shape), q.new_empty(weights if need else [0])


def modcost_command(modcost, passes, name, sets, inputs, out):
    """modcost-opt with the case's constructor arguments and input shapes;
    optional inputs the oracle does not pass are not passed to modcost
    either."""
    cmd = [modcost, "-o", out, "--format=json", f"-passes={passes}",
           "--a-bytes=4", "--w-bytes=4"]
    cmd += [f"-Dinputs.{p}=None" for p in NOT_PASSED if p not in inputs]
    for k, v in sets.items():
        cmd.append(f"--set={k}={v}")
    for k, spec in inputs.items():
        cmd += input_flags(k, spec)
    cmd.append(name)
    return cmd


def static_output_shape(modcost, name, sets, inputs, out):
    """The shape modcost derives for forward()'s return value (print<shape>)."""
    r = subprocess.run(modcost_command(modcost, "locate,print<shape>", name, sets,
                                       inputs, out),
                       capture_output=True, text=True)
    for line in r.stdout.splitlines():
        line = line.strip()
        if ": return" in line:
            dims = line.split(" : ", 1)[1].split("]")[0].lstrip("[")
            try:
                return [int(d) for d in dims.split(", ")] if dims else []
            except ValueError:
                return dims  # symbolic or unknown: reported as a mismatch
    return None


def finish_count(counter, start, result):
    """The counter of a run begun at `start`, with its time and the shape of
    the model's (first) output."""
    counter.seconds = time.perf_counter() - start
    first = result[0] if isinstance(result, (tuple, list)) else result
    counter.output_shape = list(first.shape)
    return counter


def run_torch(ctor, inputs):
    import torchvision  # noqa: F401  (used by ctor strings)
    import torchaudio  # noqa: F401
    torch.manual_seed(0)
    start = time.perf_counter()
    module = eval(ctor, {"torch": torch, "torchvision": torchvision, "torchaudio": torchaudio,
                         "functools": functools})
    module.eval()
    args = [input_tensor(spec) for spec in inputs.values()]
    with torch.no_grad(), COUNTER[0]() as counter:
        result = module(*args)
    return finish_count(counter, start, result)


class AllocateOnMeta(TorchFunctionMode):
    """Parameters and buffers allocated while a model is built live on the
    meta device: no memory, no initialization (counts depend on shapes
    only). Tensors built from values (torch.tensor, arange) stay real, so a
    constructor may compute on them (regnet's block widths)."""

    ALLOCATORS = {torch.empty, torch.zeros, torch.ones, torch.full, torch.randn,
                  torch.rand, torch.normal, torch.empty_strided}

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = dict(kwargs or {})
        if func in self.ALLOCATORS and kwargs.get("device") is None:
            kwargs["device"] = "meta"
        if any(on_meta(a) for a in args):
            # A constructor that combines a parameter (on meta) with a
            # tensor built from values (hdemucs' smoothed embedding divides
            # its weight by `arange(...).sqrt()`): the values join it there.
            args = [a.to("meta") if isinstance(a, torch.Tensor) else a for a in args]
        return func(*args, **kwargs)


def on_meta(t):
    return isinstance(t, torch.Tensor) and t.device.type == "meta"


def _weight_norm_interface_meta(v, g, dim=0):
    # The recomputed weight, shaped as v, and the norms, shaped as g.
    return torch.empty_like(v), torch.empty_like(g)


# Meta kernels torch 1.13 lacks for aten ops the models dispatch:
# `_weight_norm_interface`, what `nn.utils.weight_norm`'s pre-hook runs
# before every forward of the module (wav2vec2's positional convolution).
# Kept alive for the whole run.
META_KERNELS = torch.library.Library("aten", "IMPL", "Meta")
META_KERNELS.impl("_weight_norm_interface", _weight_norm_interface_meta)


def run_torch_model(ctor, inputs):
    """Builds the model (`ctor`, as run_torch) and runs it under the counter on
    fake CPU tensors (FakeTensorMode: shapes, dtypes and the aten ops a CPU
    run dispatches, without computing): seconds instead of minutes for
    the large models."""
    import torchvision
    import torchaudio
    start = time.perf_counter()
    with AllocateOnMeta():
        module = eval(ctor, {"torch": torch, "torchvision": torchvision,
                             "torchaudio": torchaudio, "functools": functools})
    fake = FakeTensorMode()
    with fake:
        module._apply(lambda t: torch.empty(t.shape, dtype=t.dtype))
        module.eval()
        args = [input_tensor(spec) for spec in inputs.values()]
        with torch.no_grad(), COUNTER[0]() as counter:
            result = module(*args)
    return finish_count(counter, start, result)


# Optional inputs the oracle does not pass (the profile passes them).
NOT_PASSED = ["attention_mask", "position_ids", "past_key_values"]


def run_modcost(modcost, name, sets, inputs, out):
    start = time.perf_counter()
    r = subprocess.run(modcost_command(modcost, "locate,prune,cost,expand", name, sets,
                                       inputs, out),
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"modcost-opt failed ({r.returncode}): {r.stderr.strip()}")
    data = json.loads(pathlib.Path(out, name + ".json").read_text())
    data["totals"]["seconds"] = time.perf_counter() - start
    return data["totals"]


def main():
    here = pathlib.Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser()
    ap.add_argument("--modcost", default=str(here / "build" / "bin" / "modcost-opt"))
    ap.add_argument("--only")
    ap.add_argument("--tolerance", type=float, default=0.005)
    ap.add_argument("--models", nargs="?", const="all",
                    help="the whole models built by the factories (MODELS) "
                         "instead of the module cases: all, or a "
                         "comma-separated list of factory names")
    ap.add_argument("--real", action="store_true",
                    help="with --models: build and run each model on real "
                         "tensors (for timing) instead of fake ones")
    ap.add_argument("--by-line", action="store_true",
                    help="also print, per source line, the bytes of the counter "
                         "(by aten op) and of modcost where they differ")
    args = ap.parse_args()
    if args.by_line:
        COUNTER[0] = oracle_lines.line_counter(Counter)
    passed = failed = 0
    # Total bytes must stay within 25% of the counter's on a block, 10% on
    # a whole model.
    byte_tolerance = 0.10 if args.models else 0.25
    with tempfile.TemporaryDirectory() as out:
        cases = CASES
        if args.models:
            wanted = None if args.models == "all" else args.models.split(",")
            cases = [c for c in model_cases() if wanted is None or c[0] in wanted]
        for case, ctor, name, sets, inputs in cases:
            if args.only and case != args.only:
                continue
            try:
                # The models run on fake tensors, except the audio models
                # that need real values (oracle_audio.needs_real_tensors).
                fake = (args.models and not args.real
                        and not needs_real_tensors(case, inputs))
                counter = (run_torch_model(ctor, inputs) if fake
                           else run_torch(ctor, inputs))
                totals = run_modcost(args.modcost, name, sets, inputs, out)
                static_lines = (oracle_lines.modcost_lines(out, name)
                                if args.by_line else None)
            except Exception as e:  # a case that cannot run is a failure
                print(f"FAIL {case}: {e}")
                failed += 1
                continue
            static = totals["matmul_flops"]["value"]
            measured = counter.matmul
            if static is None:
                ok, diff = False, "static value unbound: " + totals["matmul_flops"]["formula"]
            else:
                rel = abs(int(static) - measured) / max(measured, 1)
                ok = rel <= args.tolerance
                diff = f"{100 * rel:.3f}%"
            shape = static_output_shape(args.modcost, name, sets, inputs, out)
            shape_ok = same_output_shape(case, shape, counter.output_shape)
            if not shape_ok:
                ok = False
                diff += f"; output shape static {shape} measured {counter.output_shape}"
            sb = totals["read_bytes"]["value"], totals["write_bytes"]["value"]
            static_bytes = None if None in sb else int(sb[0]) + int(sb[1])
            if static_bytes is None and args.models:
                ok = False  # a whole model's bytes must be known
            if static_bytes is not None and counter.bytes and \
                    abs(static_bytes - counter.bytes) > byte_tolerance * counter.bytes:
                ok = False  # bytes beyond the tolerance of the measured traffic
            status = "ok  " if ok else "FAIL"
            bdiff = ("n/a" if static_bytes is None else
                     f"{100 * (static_bytes - counter.bytes) / max(counter.bytes, 1):+.1f}%")
            print(f"{status} {case}: matmul FLOPs static {static} measured {measured} "
                  f"(diff {diff}); total FLOPs static {totals['flops']['value']}; "
                  f"bytes static {static_bytes} measured {counter.bytes} ({bdiff}); "
                  f"output shape {'same' if shape == counter.output_shape else 'DIFFERS' if not shape_ok else 'same but the random leading extent (static ' + str(shape[0]) + ')'} {counter.output_shape}"
                  + (f"; aten's separate bias adds counted fused: {counter.fused_bias} bytes"
                     if counter.fused_bias else "")
                  + (f"; time modcost {totals['seconds']:.2f} s, torch build+run "
                     f"{counter.seconds:.2f} s" if args.models else ""))
            if args.by_line:
                oracle_lines.compare(counter.lines, static_lines)
            passed += ok
            failed += not ok
    print(f"oracle: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
