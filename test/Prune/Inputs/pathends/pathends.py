from torch import nn


class NeedsInput(nn.Module):
    def __init__(self, hidden_size=64):
        super().__init__()
        self.proj = nn.Linear(hidden_size, hidden_size)

    def forward(self, hidden_states=None):
        if hidden_states is None:
            raise ValueError("You have to specify hidden_states")
        return self.proj(hidden_states)


class Wrapper(nn.Module):
    def __init__(self):
        super().__init__()
        self.inner = NeedsInput()

    def forward(self, hidden_states):
        return self.inner()


class CaughtRaise(nn.Module):
    def __init__(self, hidden_size=64):
        super().__init__()
        self.proj = nn.Linear(hidden_size, hidden_size)

    def forward(self, hidden_states):
        try:
            raise ImportError("no fused kernel")
        except ImportError:
            hidden_states = hidden_states * 2
        return self.proj(hidden_states)


def _grow(n):
    if n == 0:
        return 0
    return _grow(n - 1) + _grow(n - 1) + _grow(n - 1) + _grow(n - 1) + _grow(n - 1) + _grow(n - 1)


class Runaway(nn.Module):
    def __init__(self, hidden_size=64):
        super().__init__()
        self.depth = _grow(7)
        self.proj = nn.Linear(hidden_size, hidden_size)

    def forward(self, hidden_states):
        return self.proj(hidden_states)


class NeedsOneOf(nn.Module):
    def __init__(self, hidden_size=64):
        super().__init__()
        self.proj = nn.Linear(hidden_size, hidden_size)

    def forward(self, features=None, embeds=None):
        if features is None and embeds is None:
            raise ValueError("You have to specify features or embeds")
        return self.proj(features if features is not None else embeds)


class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed_tokens = nn.Embedding(100, 8)

    def forward(self, input_ids=None, inputs_embeds=None):
        if (input_ids is None) ^ (inputs_embeds is not None):
            raise ValueError("You must specify exactly one of input_ids or inputs_embeds")
        if inputs_embeds is None:
            inputs_embeds = self.embed_tokens(input_ids)
        return inputs_embeds * 2


class Seq2Seq(nn.Module):
    def __init__(self):
        super().__init__()
        self.decoder = Decoder()

    def forward(self, input_ids=None, decoder_input_ids=None, decoder_inputs_embeds=None):
        return self.decoder(input_ids=decoder_input_ids, inputs_embeds=decoder_inputs_embeds)


class Seq2SeqWithLabels(nn.Module):
    def __init__(self):
        super().__init__()
        self.model = Seq2Seq()

    def forward(self, input_ids=None, decoder_input_ids=None, labels=None):
        if labels is not None and decoder_input_ids is None:
            decoder_input_ids = labels
        return self.model(input_ids, decoder_input_ids=decoder_input_ids)
