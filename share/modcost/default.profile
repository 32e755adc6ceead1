# modcost's built-in inference profile: the facts `prune` uses to decide
# branches on the default inference path. Override per run with
# --profile=FILE (same format) and -D NAME=VALUE (or -D SECTION.NAME=VALUE).
# Values are Python literals: True, False, None, integers, floats, 'strings'.
# docs/InferenceProfile.md documents every entry and the choice rules.

[facts]
# Names that decide branches wherever they are read: a forward() parameter,
# an attribute of self (`self.training`), or of a config object
# (`self.config.use_cache`, `config.output_attentions`).
training = False
use_cache = True
output_attentions = False
output_hidden_states = False
output_router_logits = False
gradient_checkpointing = False
return_dict = True
return_loss = False
pretraining_tp = 1
is_decoder = False
add_cross_attention = False
attn_implementation = 'sdpa'
experts_implementation = 'grouped_mm'
phase = 'prefill'
# Routing of mixture-of-experts layers: 'uniform' means every expert is hit
# and receives batch_size * seq_len * top_k / num_experts tokens.
routing = 'uniform'
need_weights = False

[config]
# Config attributes that config.json leaves out and the config class does
# not default in a class-level field: what transformers' PreTrainedConfig
# derives itself (configuration_utils.py standardizes a missing
# `rope_parameters` to the default RoPE). `--config` entries override
# these; sizes (integers) are never set here: they stay symbols.
rope_parameters.rope_type = 'default'
rope_parameters.rope_theta = 10000.0

[config_defaults]
# Config fields no config class declares and config.json does not set:
# what reading one gives. A class's own default wins (BERT's and I-BERT's
# `hidden_act = 'gelu'`, Llama's 'silu'); so does config.json.
hidden_act = 'silu'

[config_sizes]
# Size hints (docs/InferenceProfile.md, "Size hints") of config attributes
# that the base class PreTrainedConfig derives: the attribute stays a
# symbol in the formulas, the hint decides comparisons. `__post_init__`
# sets `num_labels = 2` when config.json has no `id2label`.
num_labels = 2

[input_sizes]
# Size hints of the inputs' free sizes: the symbols stay in the formulas,
# the number only decides comparisons (docs/InferenceProfile.md, "Size
# hints"), after --set and the config's own (a transformers config's
# `image_size`). Images are ImageNet's 224 x 224 crop, the size every
# torchvision classification model is trained and evaluated at: Swin's
# `window_size[0] >= pad_H` (is the feature map smaller than a window?)
# is then decided at each stage. Another size: -D input_sizes.height=N.
height = 224
# A prompt of 1,024 tokens: whether it is longer than a sliding window
# (Gemma-2's 4,096, ModernBERT's 128) or BigBird's block-sparse threshold.
# A decision must hold for 1,023 and 1,025 tokens too, so whether 1,024
# is a multiple of a chunk stays open; the tokens fitting the model's
# positions (CLIP's 77) comes first.
seq_len = 1024
width = 224

[layer_index]
# A layer (decoder layer, attention, MLP) analyzed on its own whose
# constructor takes its index in the model's stack, without a default or
# with None (`layer_idx: int`, `layer_idx: int | None = None`): nothing
# builds it, so this binds the index. The first layer (0): it is the one
# every model has, whatever num_hidden_layers is, and the index that
# decides `config.layer_types[layer_idx]`, `layer_idx >=
# config.first_k_dense_replace` the same way for every model size. The
# report states it; `--set layer_idx=N` (or -D layer_index.layer_idx=N)
# prices the layer at index N. Inside a model the index it passes is used.
layer_idx = 0
layer_id = 0
layer_index = 0
layer_number = 0

[calls]
# Results of calls that only ask about the runtime environment.
torch.jit.is_scripting = False
torch.jit.is_tracing = False
torch._C._get_tracing_state = None
torch.compiler.is_compiling = False
torch._dynamo.is_compiling = False
is_torchdynamo_compiling = False
is_torch_fx_proxy = False
is_tracing = False
torch.is_autocast_enabled = False
torch.is_grad_enabled = False
torch.overrides.has_torch_function = False
torch.overrides.has_torch_function_unary = False
torch.overrides.has_torch_function_variadic = False
has_torch_function = False
has_torch_function_unary = False
has_torch_function_variadic = False
torch._C._is_any_autocast_enabled = False
# The tensors are on a CUDA device (tensors.is_cuda).
torch.cuda.is_available = True
torch.xpu.is_available = False
# torch is built with torch.distributed (every Linux and macOS wheel is):
# transformers' `is_torch_distributed_available()` is true. Whether a
# process group is initialized is a separate question (not asked here).
torch.distributed.is_available = True
# One process on one device: no process group is initialized.
torch.distributed.is_initialized = False
# torchvision's C++ operators (deform_conv2d, roi_align, nms, ...) are
# loaded: its wheels ship them, and extension.py redefines `_has_ops` to
# return True once they load (its first definition returns False).
torchvision.extension._has_ops = True
# torch 2's runtime checks (`torch._check(cond)` and kin) return None when
# the check passes, as on a run that returns; they compute nothing. torch
# 1.13's source has no definition of them.
torch._check = None
torch._check_with = None
torch._check_tensor_all = None
torch._check_tensor_all_with = None
torch._check_is_size = None
torch._check_value = None
torch._check_type = None
torch._check_index = None

[packages]
# The Python environment the analyzed code runs in: the installed packages
# with their versions, as `importlib.util.find_spec`,
# `importlib.metadata.version` and `packaging.version` report them to
# transformers' `is_*_available()` checks (Packages.cpp). A package not
# listed here is not installed: optional kernel packages (flash_attn,
# mamba_ssm, causal_conv1d, kernels, peft, ...) are absent, so the code
# takes its PyTorch reference path, which modcost prices line by line.
# State yours with -D packages.NAME='VERSION' (or = None to remove one).
torch = '2.10.0'
torchvision = '0.25.0'
torchaudio = '2.10.0'

[inputs]
# forward() parameters: `passed` (a tensor is given), `cache` (a key/value
# cache object, a DynamicCache), None (not given), or the name of another
# parameter this one is the same object as.
# A parameter not listed here takes its default if it has one (it is not
# passed), and is a tensor otherwise.
attention_mask = passed
position_ids = passed
past_key_values = cache
cache_position = passed
position_embeddings = passed
input_ids = passed
inputs_embeds = None
labels = None
encoder_hidden_states = None
encoder_attention_mask = None
# T5's attention is a cross attention only when it is given the encoder's
# states; a cross-attention layer whose forward requires them is given them.
key_value_states = None
head_mask = None
cross_attn_head_mask = None
key = query
value = query

[input_value]
# No padding: every token of every sequence is attended, so the padding
# mask is all ones (`padding_mask.all()` is true and sdpa takes its causal
# fast path without a mask). State padding with -D input_value.attention_mask=0.
attention_mask = 1
# Packed sequences (see `cu_seqlens` in [input_shape]): the cumulative
# lengths of one sequence holding all seq_len tokens, [0, seq_len]; a
# list of formulas, one per element. State others with -D, e.g.
# -D "input_value.cu_seqlens='0, 256, 512'" (two sequences of 256).
cu_seqlens = '0, seq_len'
# A vision encoder of packed patches (Qwen2-VL, Qwen2.5-VL, Qwen3-VL,
# GLM-4V, PaddleOCR-VL): `grid_thw` holds one row [t, h, w] per image, its
# frames and patch rows and columns. One image of grid_h x grid_w patches
# (see `hidden_states&grid_thw` in [input_shape]); state others with -D,
# e.g. -D "input_value.grid_thw='1, 32, 32, 1, 16, 16'" (two images).
grid_thw = '1, grid_h, grid_w'

[input_rank]
# Number of dimensions of tensor inputs by parameter name.
hidden_states = 3
inputs_embeds = 3
input_ids = 2
attention_mask = 4
position_ids = 2
src = 3
tgt = 3
memory = 3
query = 3
key = 3
value = 3
pixel_values = 4
img = 4

[input_shape]
# Symbolic shapes of tensor inputs, by parameter name or by `Class.param`
# for one module class (the class's short name). A dimension spelled like a
# constructor parameter of the module (d_model, embed_dim, in_features) is
# that parameter; the others are free symbols (batch_size, seq_len, ...).
# torch's own transformer modules default to batch_first=False. A trailing
# `: int64` (or int32, bool, float32) gives the element type.
hidden_states = batch_size, seq_len, hidden_size
inputs_embeds = batch_size, seq_len, hidden_size
input_ids = batch_size, seq_len
position_ids = batch_size, seq_len
attention_mask = batch_size, 1, seq_len, seq_len
# While decoding, the new tokens attend to the cached ones too: a
# convention for one phase is `NAME@PHASE` and wins in that phase.
attention_mask@decode = batch_size, 1, seq_len, cache_len + seq_len
# Where the code requires a rank other than the convention's (Bloom's
# build_alibi_tensor unpacks `batch_size, seq_length = attention_mask.shape`),
# `NAME:RANK` names the dimensions at that rank: the padding mask over the
# keys, one row per sequence.
attention_mask:2 = batch_size, seq_len
attention_mask:2@decode = batch_size, cache_len + seq_len
# A whole encoder-decoder model (its forward takes `decoder_input_ids`) is
# given the encoder's padding mask; it builds the 4-dimensional masks of
# its layers itself.
attention_mask&decoder_input_ids = batch_size, seq_len
# A cross attention (a forward given `key_value_states`): the queries'
# tokens attend to the encoder's.
attention_mask&key_value_states = batch_size, 1, seq_len, encoder_seq_len
pixel_values = batch_size, num_channels, image_size, image_size
# A speech model's raw waveform (wav2vec2, HuBERT, WavLM, Data2VecAudio):
# one channel of samples per batch element.
input_values = batch_size, num_samples
# torchaudio's transforms take a waveform of shape (..., time): the same
# samples, one channel per batch element.
waveform = batch_size, num_samples
# The encoder's output that a cross attention attends to (BERT's
# `encoder_hidden_states`, T5's `key_value_states`): the encoder's tokens,
# of their own count, in the model width.
encoder_hidden_states = batch_size, encoder_seq_len, hidden_size
key_value_states = batch_size, encoder_seq_len, hidden_size
# The target tokens an encoder-decoder model's decoder reads, of their own
# count. Only where the code cannot run without them (T5, Blenderbot,
# Pegasus raise): a model that derives them when absent (BART shifts its
# input_ids right) still takes that path.
decoder_input_ids = batch_size, decoder_seq_len
# A padding mask over the tokens (DeBERTa-v2's ConvLayer, XLNet), 1 for a
# token that is attended.
input_mask = batch_size, seq_len
# The residual a sublayer adds its output to, in a forward that also takes
# the hidden states (Bloom's and MPT's MLP, Megatron-BERT): their shape.
residual&hidden_states = batch_size, seq_len, hidden_size
# ALiBi position biases, one row of key offsets per head and sequence
# (Bloom's build_alibi_tensor: [batch_size * num_heads, 1, kv_length]).
alibi = batch_size * num_heads, 1, seq_len
alibi@decode = batch_size * num_heads, 1, cache_len + seq_len
# torchvision's transforms take `img`, a batch of images [..., C, H, W].
img = batch_size, num_channels, height, width
# A tuple input: shapes separated by ';' (cos and sin of rotary embeddings).
position_embeddings = batch_size, seq_len, head_dim; batch_size, seq_len, head_dim
# The experts of a mixture-of-experts layer (transformers v5) take the
# flattened tokens and the router's choice for each of them: top_k experts
# per token (config.num_experts_per_tok). `NAME&OTHER` holds for a forward
# that also takes a parameter OTHER, and wins over `NAME`.
hidden_states&top_k_index = batch_size * seq_len, hidden_size
top_k_index = batch_size * seq_len, top_k : int64
top_k_weights = batch_size * seq_len, top_k
# A forward that takes `cu_seqlens` runs on packed sequences, the
# variable-length layout of flash attention that vision and audio encoders
# use: the tokens of all sequences are concatenated along one axis, and
# `cu_seqlens` holds their cumulative lengths (its elements are
# input_value.cu_seqlens, which also gives its length).
hidden_states&cu_seqlens = seq_len, hidden_size
position_embeddings&cu_seqlens = seq_len, head_dim; seq_len, head_dim
cu_seqlens = 2 : int32
# The patches of a packed vision encoder (`grid_thw`, [input_value]): one
# row per patch, each its pixels over temporal_patch_size frames;
# `config.NAME` is the module config's attribute.
hidden_states&grid_thw = grid_h * grid_w, config.in_channels * config.temporal_patch_size * config.patch_size^2
grid_thw = 1, 3 : int64
src = seq_len, batch_size, d_model
tgt = seq_len, batch_size, d_model
memory = seq_len, batch_size, d_model
query = seq_len, batch_size, embed_dim
key = seq_len, batch_size, embed_dim
value = seq_len, batch_size, embed_dim
Linear.input = batch_size, seq_len, in_features
LayerNorm.input = batch_size, seq_len, normalized_shape
RMSNorm.input = batch_size, seq_len, normalized_shape
Embedding.input = batch_size, seq_len : int64
Conv1d.input = batch_size, in_channels, length
Conv2d.input = batch_size, in_channels, height, width
Conv3d.input = batch_size, in_channels, depth, height, width
ConvTranspose1d.input = batch_size, in_channels, length
ConvTranspose2d.input = batch_size, in_channels, height, width
ConvTranspose3d.input = batch_size, in_channels, depth, height, width
BatchNorm2d.input = batch_size, num_features, height, width
GroupNorm.input = batch_size, num_channels, height, width
# torch's pooling layers: their kernels (C++) require a batched input of
# the rank their name says; its channels are not a constructor argument.
MaxPool1d.input = batch_size, num_channels, length
MaxPool2d.input = batch_size, num_channels, height, width
MaxPool3d.input = batch_size, num_channels, depth, height, width
AvgPool1d.input = batch_size, num_channels, length
AvgPool2d.input = batch_size, num_channels, height, width
AvgPool3d.input = batch_size, num_channels, depth, height, width
LPPool1d.input = batch_size, num_channels, length
LPPool2d.input = batch_size, num_channels, height, width
AdaptiveAvgPool1d.input = batch_size, num_channels, length
AdaptiveAvgPool2d.input = batch_size, num_channels, height, width
AdaptiveAvgPool3d.input = batch_size, num_channels, depth, height, width
AdaptiveMaxPool1d.input = batch_size, num_channels, length
AdaptiveMaxPool2d.input = batch_size, num_channels, height, width
AdaptiveMaxPool3d.input = batch_size, num_channels, depth, height, width
MaxUnpool1d.input = batch_size, num_channels, length
MaxUnpool1d.indices = batch_size, num_channels, length : int64
MaxUnpool2d.input = batch_size, num_channels, height, width
MaxUnpool2d.indices = batch_size, num_channels, height, width : int64
MaxUnpool3d.input = batch_size, num_channels, depth, height, width
MaxUnpool3d.indices = batch_size, num_channels, depth, height, width : int64
# torch's recurrent layers (and every subclass: the quantized and
# reference ones) take a batched sequence, batch_first=False by default;
# the cells one batched step. An EmbeddingBag takes a batch of bags of
# equal length (2-D input, no offsets).
RNNBase.input = seq_len, batch_size, input_size
RNNCellBase.input = batch_size, input_size
EmbeddingBag.input = batch_size, bag_size : int64
# transformers' GPT-style Conv1D (pytorch_utils.py) is a Linear with its
# weight transposed: `nx` input features.
Conv1D.x = batch_size, seq_len, nx
BasicBlock.x = batch_size, inplanes, height, width
Bottleneck.x = batch_size, inplanes, height, width
InvertedResidual.x = batch_size, inp, height, width
EncoderBlock.input = batch_size, seq_len, hidden_dim
MLPBlock.input = batch_size, seq_len, in_dim
SelfAttention.x = batch_size, seq_len, embed_dim
FeedForward.x = batch_size, seq_len, io_features
ShiftedWindowAttention.x = batch_size, height, width, dim

[rank_shape]
# The dimensions of an input with no convention whose rank its code reveals
# (`b, n, c = x.shape`, `x.permute(0, 2, 1)`, `x[:, 0, :]`), by rank: the
# dimensions no consumer pins take these names (InputShapeInference.cpp).
1 = seq_len
2 = batch_size, hidden_size
3 = batch_size, seq_len, hidden_size
4 = batch_size, num_channels, height, width
5 = batch_size, num_channels, depth, height, width
# An input whose rank nothing in the code fixes (torch's `(*)`: an
# activation, a quantized ReLU, an observer) and that no consumer or
# partner shapes: the product of its leading dimensions, then its last one.
# Element-wise ops, reductions and ops on the last dimension are priced on
# them; its rank, its shape, an indexing or a reshape of it stay unknown.
free = leading_dims, last_dim

[tensors]
# Properties of every tensor value.
is_nested = False
is_cuda = True
requires_grad = False
is_sparse = False
is_quantized = False
# `x.device.type`: the kind of device every tensor is on.
device_type = 'cuda'
# The activation dtype that `x.dtype == torch.float16` compares (bf16
# inference). Its size stays the symbol a_bytes in the formulas.
dtype = 'bfloat16'
