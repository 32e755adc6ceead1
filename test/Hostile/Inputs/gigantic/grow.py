# Arithmetic that makes symbolic formulas explode, and integers past int64.
from torch import nn


class ManyTerms(nn.Module):
    # (b + s + h + 1)^(2^k): the number of terms grows without bound.
    def forward(self, hidden_states):
        b, s, h = hidden_states.shape
        n = b + s + h + 1
        n = n * n
        n = n * n
        n = n * n
        n = n * n
        n = n * n
        n = n * n
        n = n * n
        n = n * n
        n = n * n
        n = n * n
        return hidden_states.reshape(n, -1)


class HighDegree(nn.Module):
    # One term, but the degree doubles each line.
    def forward(self, hidden_states):
        b, s, h = hidden_states.shape
        n = b
        for_sure = n * n
        for_sure = for_sure * for_sure
        for_sure = for_sure * for_sure
        for_sure = for_sure * for_sure
        for_sure = for_sure * for_sure
        for_sure = for_sure * for_sure
        for_sure = for_sure * for_sure
        for_sure = for_sure * for_sure
        return hidden_states.reshape(for_sure, -1) * 2


class BigIntegers(nn.Module):
    # Python integers do not overflow; neither does modcost.
    def forward(self, hidden_states):
        big = 3037000500 * 3037000500
        bigger = 7 ** 40
        return hidden_states.new_zeros(big, bigger)
