"""torch's exported nn.MultiheadAttention as one MultiHeadAttention node (being written)."""


def prepare(m, b, ix) -> None:
    return None
