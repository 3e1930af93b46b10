"""The encodings the legend explains: widths grow with magnitude, colours follow sign."""

from __future__ import annotations

import numpy as np

from graphlab.ui.live import encode


def test_value_width_grows_with_magnitude():
    small = encode.value_pen(encode.stats_of(np.full(8, 0.01)))[0]
    big = encode.value_pen(encode.stats_of(np.full(8, 5.0)))[0]
    assert encode.MIN_WIDTH <= small < big <= encode.MAX_WIDTH


def test_gradient_colour_by_sign_width_by_log_magnitude():
    pos = encode.grad_pen(encode.stats_of(np.full(4, 1e-2)))
    neg = encode.grad_pen(encode.stats_of(np.full(4, -1e-4)))
    assert pos[1].rgb() == encode.GRAD_POS.rgb() and neg[1].rgb() == encode.GRAD_NEG.rgb()
    assert pos[0] > neg[0]
    assert encode.grad_pen(encode.stats_of(np.zeros(4)))[1] == encode.GRAD_NONE
    assert encode.grad_pen(encode.stats_of(np.array([1.0, np.nan])))[1] == encode.NONFINITE


def test_badge_and_tooltip_text():
    s = encode.stats_of(np.array([-8.0]))
    assert encode.value_line(s) == "= -8" and encode.grad_line(s) == "∂L -8"
    s = encode.stats_of(np.arange(10.0))
    assert encode.value_line(s) == "μ 4.5 ± 2.872"
    tip = encode.stats_tooltip('ReLU "r"', s, None)
    assert "samples: 0, 1, 3, 4, 5, 6, 8, 9" in tip and "█" in tip
