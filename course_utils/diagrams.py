"""Draws the course's diagrams into images/ (``python3 course.py images``).

Each diagram is a function returning a matplotlib figure, registered with @diagram("name.png").
"""
from __future__ import annotations

from pathlib import Path

import matplotlib
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch
from matplotlib.path import Path as MplPath

from .plots import COLORS

DIAGRAMS: dict = {}


def diagram(filename: str):
    """Register a figure-making function as the source of images/<filename>."""
    def register(fn):
        DIAGRAMS[filename] = fn
        return fn
    return register


def save(fig, path: Path) -> Path:
    # No software/date metadata, so redrawing an unchanged diagram gives the same bytes.
    fig.savefig(path, dpi=110, bbox_inches="tight", metadata={"Software": None},
                facecolor="white")
    return path


def draw_all(outdir) -> list[Path]:
    """Draw every registered diagram into ``outdir``; returns the paths written."""
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for filename, make in sorted(DIAGRAMS.items()):
        fig = make()
        written.append(save(fig, outdir / filename))
        plt.close(fig)
    return written


@diagram("rnn_unrolled.png")
def rnn_unrolled():
    """Lesson 02: the RNN folded (one cell with a loop) = unrolled into a chain of
    feed-forward networks that pass h_t along, with the same weights at every step; each
    step's output y^_t is compared with its target y_t in a loss J_t."""
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(12.5, 5.3))
    ax.set(xlim=(-2.4, 14.9), ylim=(-1.3, 5.9), aspect="equal")
    ax.axis("off")
    # light fills for the values, strong colours for the weights that connect them
    col = {"x": COLORS["sky"], "h": COLORS["orange"], "y": COLORS["green"],
           "J": "white", "W_hx": COLORS["blue"], "W_hh": COLORS["vermillion"], "W_s": COLORS["green"]}
    ys = {"x": 0.3, "h": 2.0, "y": 3.7, "J": 5.2}

    def node(x, level, text):
        ax.add_patch(FancyBboxPatch((x - 0.36, ys[level] - 0.3), 0.72, 0.6, alpha=0.55,
                                    boxstyle="round,pad=0.08,rounding_size=0.15",
                                    fc=col[level], ec="black", lw=1.2))
        ax.text(x, ys[level], text, ha="center", va="center", fontsize=14)

    def arrow(p, q, weight, label_at=None, ha="left"):
        ax.add_patch(FancyArrowPatch(p, q, arrowstyle="-|>", mutation_scale=16, lw=2,
                                     color=col[weight], shrinkA=0, shrinkB=0))
        if label_at is not None:
            ax.text(*label_at, rf"$W_{{{weight[2:]}}}$", color=col[weight], fontsize=13,
                    ha=ha, va="center")

    def column(x, t):
        node(x, "x", rf"$x_{{{t}}}$")
        node(x, "h", rf"$h_{{{t}}}$")
        node(x, "y", rf"$\hat y_{{{t}}}$")
        arrow((x, ys["x"] + 0.38), (x, ys["h"] - 0.38), "W_hx", (x + 0.08, 1.15))
        arrow((x, ys["h"] + 0.38), (x, ys["y"] - 0.38), "W_s", (x + 0.08, 2.85))
        # the loss: prediction y^_t from below, target y_t from the left
        node(x, "J", rf"$J_{{{t}}}$")
        for p in ((x, ys["y"] + 0.38), (x - 0.95, ys["J"])):
            q = (x, ys["J"] - 0.38) if p[0] == x else (x - 0.45, ys["J"])
            ax.add_patch(FancyArrowPatch(p, q, arrowstyle="-|>", mutation_scale=12, lw=1.2,
                                         color="0.35", shrinkA=0, shrinkB=0))
        ax.text(x - 1.0, ys["J"], rf"$y_{{{t}}}$", fontsize=13, ha="right", va="center")

    # folded: one cell whose hidden state feeds back into itself
    column(0.0, "t")
    loop = MplPath([(-0.46, 2.15), (-1.5, 3.0), (-1.5, 1.0), (-0.46, 1.85)],
                   [MplPath.MOVETO] + [MplPath.CURVE4] * 3)
    ax.add_patch(FancyArrowPatch(path=loop, arrowstyle="-|>", mutation_scale=16, lw=2,
                                 color=col["W_hh"]))
    ax.text(-1.4, 2.0, r"$W_{hh}$", color=col["W_hh"], fontsize=13, ha="right", va="center")
    ax.text(1.05, 2.0, "=", fontsize=30, ha="center", va="center")

    # unrolled: h_0 -> h_1 -> h_2 -> h_3 ... -> h_T
    ax.text(2.0, ys["h"], r"$h_0$", fontsize=14, ha="center", va="center")
    prev = 2.3
    for x, t in zip([4.0, 6.4, 8.8, 12.0], ["1", "2", "3", "T"]):
        column(x, t)
        ax.add_patch(FancyBboxPatch((x - 0.72, -0.1), 1.44, 4.15, fc="none", ec="0.55", lw=1,
                                    ls="--", boxstyle="round,pad=0,rounding_size=0.2"))
        if t == "T":
            ax.text(10.15, ys["h"], r"$\cdots$", fontsize=20, ha="center", va="center")
            arrow((prev, ys["h"]), (9.85, ys["h"]), "W_hh")
            prev = 10.45
        arrow((prev, ys["h"]), (x - 0.45, ys["h"]), "W_hh",
              ((prev + x - 0.72) / 2, ys["h"] + 0.24), ha="center")
        prev = x + 0.45
    for level, name in (("J", "losses\n(target $y_t$)"), ("y", "outputs"), ("h", "hidden states"),
                        ("x", "inputs")):
        ax.text(12.9, ys[level], name, fontsize=12, ha="left", va="center")
    ax.text(0.0, 5.8, "folded", ha="center", fontsize=12, style="italic")
    ax.text(8.0, 5.8, "unrolled in time", ha="center", fontsize=12, style="italic")
    ax.text(8.0, -0.8, "each dashed column is a small feed-forward network; all of them use\n"
            r"the same $W_{hx}$, $W_{hh}$, $W_s$ (and biases): one set of weights for every step "
            r"$t = 1, \dots, T$" "\n"
            r"the loss $J_t$ compares $\hat y_t$ with the target $y_t$; the sequence's loss is the mean "
            r"of $J_1, \dots, J_T$", ha="center", va="center", fontsize=12)
    return fig


@diagram("architectures.png")
def architectures():
    """Lesson 04: one recurrent cell, four ways to wire inputs and outputs."""
    import matplotlib.pyplot as plt
    fig = plt.figure(figsize=(16, 8.4))
    grid = fig.add_gridspec(2, 3)
    axes = [fig.add_subplot(grid[0, i]) for i in range(3)] + [fig.add_subplot(grid[1, :])]
    col = {"x": COLORS["sky"], "h": COLORS["orange"], "y": COLORS["green"],
           "enc": COLORS["purple"], "fed": "white"}
    Y = {"x": 0.0, "h": 1.5, "y": 3.0}

    def box(ax, x, level, text, kind=None, dashed=False):
        ax.add_patch(FancyBboxPatch((x - 0.6, Y[level] - 0.3), 1.2, 0.6, alpha=0.6,
                                    boxstyle="round,pad=0.05,rounding_size=0.12",
                                    fc=col[kind or level], ec="black", lw=1.1,
                                    ls="--" if dashed else "-"))
        ax.text(x, Y[level], text, ha="center", va="center", fontsize=11)

    def arrow(ax, p, q, color="black", style="-|>", rad=0.0, ls="-"):
        ax.add_patch(FancyArrowPatch(p, q, arrowstyle=style, mutation_scale=13, lw=1.6,
                                     color=color, ls=ls, connectionstyle=f"arc3,rad={rad}"))

    def panel(ax, title, subtitle, xs, ys, kinds=None, feed_back=False):
        """xs, ys: the input and output text per step (None: none at that step)."""
        n = len(xs)
        kinds = kinds or ["h"] * n
        ax.set(xlim=(-1.2, 2 * n - 0.3), ylim=(-0.9, 4.1), aspect="equal")
        ax.axis("off")
        ax.set_title(title, fontsize=13, fontweight="bold", loc="left")
        ax.text(-1.1, 3.85, subtitle, fontsize=11, style="italic", va="center")
        for t in range(n):
            x = 2 * t
            box(ax, x, "h", "RNN", kinds[t])
            if t:
                arrow(ax, (x - 1.38, Y["h"]), (x - 0.62, Y["h"]), COLORS["vermillion"])
            if xs[t] is not None:
                fed = feed_back and t > 0 and ys[t - 1] is not None and xs[t] == ys[t - 1]
                box(ax, x, "x", xs[t], "fed" if fed else "x", dashed=fed)
                arrow(ax, (x, Y["x"] + 0.33), (x, Y["h"] - 0.33), COLORS["blue"])
                if fed:   # the previous output becomes this input
                    arrow(ax, (x - 1.4, Y["y"] - 0.2), (x - 0.55, Y["x"] + 0.25), "0.35",
                          rad=0.0, ls="--")
            if ys[t] is not None:
                box(ax, x, "y", ys[t])
                arrow(ax, (x, Y["h"] + 0.33), (x, Y["y"] - 0.33), COLORS["green"])

    panel(axes[0], "many-to-one", "sentiment: read a sentence, answer once",
          ["not", "bad", "at", "all"], [None, None, None, "positive"])
    panel(axes[1], "one-to-many", "generation: one start token unrolls\ninto a sentence",
          ["<pos>", "a", "great", "film"], ["a", "great", "film", "<end>"], feed_back=True)
    panel(axes[2], "many-to-many, synchronous",
          "forecasting (or tagging): one output\nper input, at every step",
          ["$x_1$", "$x_2$", "$x_3$", "$x_4$"], [r"$\hat x_2$", r"$\hat x_3$", r"$\hat x_4$", r"$\hat x_5$"])
    panel(axes[3], "many-to-many, encoder-decoder",
          "translation: read the whole sentence, then write one of another length",
          ["the", "film", "was", "good", "<go>", "le", "film", "était", "bon"],
          [None, None, None, None, "le", "film", "était", "bon", "<end>"],
          kinds=["enc"] * 4 + ["h"] * 5, feed_back=True)
    ax = axes[3]
    ax.text(3.0, -0.75, "encoder: an RNN that only reads (its own weights)", ha="center",
            fontsize=11)
    ax.text(12.0, -0.75, "decoder: an RNN that writes, one word at a time", ha="center",
            fontsize=11)
    ax.annotate("context: the encoder's last state\nstarts the decoder", xy=(7.0, Y["h"] + 0.08),
                xytext=(5.0, 3.0), fontsize=11, ha="center",
                arrowprops=dict(arrowstyle="->", color="0.3"))
    fig.text(0.5, 0.015, "blue arrow: input into the cell ($W_{hx}$)    orange-red arrow: state passed to "
             "the next step ($W_{hh}$)    green arrow: output ($W_s$)    dashed box: the previous output "
             "fed back in as the next input", ha="center", fontsize=11)
    fig.tight_layout(rect=(0, 0.04, 1, 1), h_pad=0.5)
    return fig


# ---------------------------------------------------------------- lesson 07: the gated cells

def _cell_canvas(title):
    """A blank canvas for one cell, and the drawing helpers its diagram uses."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(11.5, 6.6))
    ax.set(xlim=(-2.2, 14.2), ylim=(-2.3, 7.4), aspect="equal")
    ax.axis("off")
    ax.set_title(title, fontsize=14, loc="left")
    ax.add_patch(FancyBboxPatch((-0.3, -0.1), 11.0, 6.2, boxstyle="round,pad=0,rounding_size=0.4",
                                fc="#F4F4F4", ec="0.6", lw=1.2, zorder=0))

    def wire(points, colour="0.25", lw=1.8, head=True):
        for p, q in zip(points[:-2], points[1:-1]):
            ax.plot(*zip(p, q), color=colour, lw=lw, solid_capstyle="round", zorder=1)
        ax.add_patch(FancyArrowPatch(points[-2], points[-1], arrowstyle="-|>" if head else "-",
                                     mutation_scale=15, lw=lw, color=colour, shrinkA=0, shrinkB=0,
                                     zorder=1))

    def gate(x, y, symbol, name, colour):
        ax.add_patch(FancyBboxPatch((x - 0.45, y - 0.35), 0.9, 0.7, boxstyle="round,pad=0.05",
                                    fc=colour, ec="black", lw=1.2, alpha=0.9, zorder=3))
        ax.text(x, y, symbol, ha="center", va="center", fontsize=15, zorder=4)
        ax.text(x, y - 0.5, name, ha="center", va="top", fontsize=11, zorder=4,
                bbox=dict(boxstyle="round,pad=0.1", fc="#F4F4F4", ec="none"))

    def op(x, y, symbol, r=0.3):
        ax.add_patch(Circle((x, y), r, fc="white", ec="black", lw=1.3, zorder=3))
        ax.text(x, y, symbol, ha="center", va="center", fontsize=14 if len(symbol) == 1 else 10,
                zorder=4)

    return fig, ax, wire, gate, op


@diagram("lstm_cell.png")
def lstm_cell():
    """Lesson 07: one LSTM step, gate by gate. The cell line along the top is the keeping path:
    multiplied by f_t, added to, never passed through W_hh; the four gates read [x_t, h_{t-1}]."""
    keep = COLORS["blue"]
    fig, ax, wire, gate, op = _cell_canvas("One LSTM step: three gates and a candidate read $x_t$ and $h_{t-1}$; "
                                           "the cell $c$ is kept and added to")
    wire([(-2.0, 5.2), (2.7, 5.2)], keep, 3.2)                      # c_{t-1} -> x f_t
    wire([(3.3, 5.2), (5.7, 5.2)], keep, 3.2)                       # -> + i g
    wire([(6.3, 5.2), (13.0, 5.2)], keep, 3.2)                      # -> c_t
    ax.text(-2.0, 5.5, r"$c_{t-1}$", fontsize=15, color=keep)
    ax.text(12.2, 5.5, r"$c_t$", fontsize=15, color=keep)
    wire([(-2.0, 0.6), (8.4, 0.6)], head=False)                     # the bus [h_{t-1}, x_t]
    ax.text(-2.0, 0.85, r"$h_{t-1}$", fontsize=15)
    wire([(1.0, -1.9), (1.0, 0.6)], head=False)
    ax.text(1.15, -1.75, r"$x_t$", fontsize=15)
    ax.text(8.9, -0.35, r"every box: its own rows of $W_{hx}$, $W_{hh}$ and $b_h$" "\n"
            r"applied to $[x_t, h_{t-1}]$ ($\sigma$: sigmoid, 0 to 1)", fontsize=10.5,
            ha="center", va="top")
    boxes = {"f": (3.0, "forget $f_t$", "σ", COLORS["sky"]),
             "i": (4.8, "input $i_t$", "σ", COLORS["sky"]),
             "g": (6.6, "candidate $g_t$", "tanh", COLORS["yellow"]),
             "o": (8.4, "output $o_t$", "σ", COLORS["sky"])}
    for key, (x, name, symbol, colour) in boxes.items():
        wire([(x, 0.6), (x, 1.85)])
        gate(x, 2.2, symbol if symbol == "σ" else "tanh", name, colour)
    wire([(3.0, 2.55), (3.0, 4.9)])                                 # f_t up to the x on the line
    op(3.0, 5.2, "×")
    wire([(4.8, 2.55), (4.8, 3.7), (5.7, 3.7)])                     # i_t and g_t into their product
    wire([(6.6, 2.55), (6.6, 3.7), (6.3, 3.7)])
    op(6.0, 3.7, "×")
    wire([(6.0, 4.0), (6.0, 4.9)])
    op(6.0, 5.2, "+")
    wire([(9.8, 5.2), (9.8, 4.25)])                                 # tanh(c_t) ...
    op(9.8, 3.9, "tanh", r=0.38)
    wire([(9.8, 3.52), (9.8, 2.5)])
    wire([(8.85, 2.2), (9.5, 2.2)])                                 # ... times o_t
    op(9.8, 2.2, "×")
    wire([(10.1, 2.2), (13.0, 2.2)])
    ax.text(12.2, 2.45, r"$h_t$", fontsize=15)
    ax.text(3.0, 6.55, r"the keeping path: $c_t = f_t \odot c_{t-1} + i_t \odot g_t$ — a product with "
            r"the gate and a sum, no $W_{hh}$", fontsize=11.5, color=keep, ha="left")
    ax.text(-2.0, -2.25, r"backward: $dc_{t-1} = dc_t \odot f_t\ +\ dh_{t-1} \odot o_{t-1} \odot "
            r"(1 - \tanh^2 c_{t-1})$: the keeping path, plus every route through $h_{t-1}$, "
            r"$W_{hh}$ and the gates", fontsize=11, ha="left")
    return fig


@diagram("gru_cell.png")
def gru_cell():
    """Lesson 07: one GRU step, gate by gate. The state line along the top is the keeping path:
    h_{t-1} times z_t, plus (1 - z_t) times the candidate n_t."""
    keep = COLORS["blue"]
    fig, ax, wire, gate, op = _cell_canvas("One GRU step: two gates and a candidate; "
                                           "the state itself is kept and mixed")
    wire([(-2.0, 5.2), (3.7, 5.2)], keep, 3.2)                      # h_{t-1} -> x z_t
    wire([(4.3, 5.2), (7.7, 5.2)], keep, 3.2)                       # -> + (1 - z) n
    wire([(8.3, 5.2), (13.0, 5.2)], keep, 3.2)                      # -> h_t
    ax.text(-2.0, 5.5, r"$h_{t-1}$", fontsize=15, color=keep)
    ax.text(12.2, 5.5, r"$h_t$", fontsize=15, color=keep)
    wire([(0.2, 5.2), (0.2, 0.6), (7.0, 0.6)], head=False)          # h_{t-1} down to the bus
    wire([(1.2, -1.9), (1.2, 0.6)], head=False)
    ax.text(1.35, -1.75, r"$x_t$", fontsize=15)
    ax.text(9.6, -0.35, r"each box: its own rows of $W_{hx}$, $W_{hh}$, $b_h$;" "\n"
            r"$n_t = \tanh(W_{nx} x_t + r_t \odot (W_{nh} h_{t-1}) + b_n)$", fontsize=10.5,
            ha="center", va="top")
    for x, name, symbol, colour in ((4.0, "update $z_t$", "σ", COLORS["sky"]),
                                    (5.6, "reset $r_t$", "σ", COLORS["sky"]),
                                    (8.0, "candidate $n_t$", "tanh", COLORS["yellow"])):
        wire([(x, 0.6), (x, 1.85)])
        gate(x, 2.2, symbol, name, colour)
    wire([(5.6, 0.6), (8.0, 0.6)], head=False)
    wire([(6.05, 2.2), (7.55, 2.2)])                                # r_t into the candidate
    ax.text(6.8, 2.35, "scales\n$W_{nh} h_{t-1}$", fontsize=9.5, ha="center", va="bottom")
    wire([(4.0, 2.55), (4.0, 4.9)])                                 # z_t up to the x on the line
    op(4.0, 5.2, "×")
    wire([(4.0, 3.7), (6.25, 3.7)])                                 # z_t -> 1 - z_t
    op(6.6, 3.7, "1−", r=0.35)
    wire([(6.95, 3.7), (7.7, 3.7)])
    wire([(8.0, 2.55), (8.0, 3.4)])
    op(8.0, 3.7, "×")
    wire([(8.0, 4.0), (8.0, 4.9)])
    op(8.0, 5.2, "+")
    ax.text(2.0, 6.55, r"the keeping path: $h_t = z_t \odot h_{t-1} + (1 - z_t) \odot n_t$ — "
            r"the share $z_t$ of the state is kept, no $W_{hh}$ on the way", fontsize=11.5,
            color=keep, ha="left")
    ax.text(-2.0, -2.25, r"backward: $dh_{t-1} = dh_t \odot z_t\ +$ every route through $W_{hh}$ and the "
            r"gates ($z_t$, $r_t$ and $n_t$ all read $h_{t-1}$)", fontsize=11, ha="left")
    return fig


@diagram("seq2seq.png")
def seq2seq():
    """Lesson 08: the encoder-decoder. The encoder reads the source (each word's embedding is a
    column of its W_hx); its last state h_S starts the decoder (the plain model's only view of the
    sentence); with attention, every decoder step also takes a weighted mean of all of h_1..h_S.
    The decoder is fed <start> and then the previous word (the reference's in training, its own
    when translating) and predicts the next, until <end>."""
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(15.5, 6.2))
    ax.set(xlim=(-1.4, 19.6), ylim=(-1.75, 6.4), aspect="equal")
    ax.axis("off")
    Y = {"x": 0.0, "h": 1.7, "c": 3.3, "y": 4.9}
    enc_x = [0.0, 1.5, 3.0, 4.5, 6.0]
    dec_x = [8.6, 10.4, 12.2, 14.0, 15.8]
    src = ["the", "dog", "sees", "a", "cat"]
    tgt_in = ["<start>", "waku", "ga", "mino", "wo"]
    tgt_out = ["waku", "ga", "mino", "wo", "mek"]

    def box(x, y, text, fc, w=1.05, h=0.6, fontsize=12, ls="-"):
        ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, alpha=0.6, fc=fc, ec="black",
                                    lw=1.1, ls=ls, boxstyle="round,pad=0.05,rounding_size=0.12"))
        ax.text(x, y, text, ha="center", va="center", fontsize=fontsize)

    def arrow(p, q, color="black", lw=1.6, ls="-", rad=0.0, style="-|>"):
        ax.add_patch(FancyArrowPatch(p, q, arrowstyle=style, mutation_scale=14, lw=lw, color=color,
                                     ls=ls, shrinkA=0, shrinkB=0, connectionstyle=f"arc3,rad={rad}"))

    # the encoder: word -> embedding W_hx[:, id] -> GRU state h_j -> h_{j+1}
    for j, (x, w) in enumerate(zip(enc_x, src), start=1):
        box(x, Y["x"], w, COLORS["sky"])
        box(x, Y["h"], f"$h_{{{j if j < 5 else 'S'}}}$", COLORS["purple"])
        arrow((x, Y["x"] + 0.35), (x, Y["h"] - 0.35), COLORS["blue"])
        if j > 1:
            arrow((x - 1.5 + 0.55, Y["h"]), (x - 0.55, Y["h"]), COLORS["vermillion"])
    ax.text(enc_x[0] + 0.1, 0.85, "embedding\n$W_{hx}[:, \\mathrm{id}]$", color=COLORS["blue"],
            fontsize=10, ha="left", va="center")
    # the decoder: previous word -> s_t -> (with c_t) -> softmax -> next word
    for t, (x, w_in, w_out) in enumerate(zip(dec_x, tgt_in, tgt_out), start=1):
        box(x, Y["x"], w_in, "white", ls="--" if t > 1 else "-", w=1.3)
        box(x, Y["h"], f"$s_{{{t}}}$", COLORS["orange"])
        box(x, Y["c"], f"$o_{{{t}}}$", "0.85")
        box(x, Y["y"], w_out, COLORS["green"], w=1.3)
        arrow((x, Y["x"] + 0.35), (x, Y["h"] - 0.35), COLORS["blue"])
        arrow((x, Y["h"] + 0.35), (x, Y["c"] - 0.35), "black")
        arrow((x, Y["c"] + 0.35), (x, Y["y"] - 0.35), COLORS["green"])
        if t > 1:
            arrow((x - 1.8 + 0.55, Y["h"]), (x - 0.55, Y["h"]), COLORS["vermillion"])
            arrow((x - 1.8 + 0.55, Y["y"] - 0.2), (x - 0.65, Y["x"] + 0.3), "0.45", lw=1.2,
                  ls="--")
    ax.text(dec_x[-1] + 0.9, Y["y"], "… <end>", fontsize=12, va="center")
    # the bottleneck: h_S starts the decoder, and is the plain model's context at every step
    arrow((enc_x[-1] + 0.55, Y["h"]), (dec_x[0] - 0.55, Y["h"]), COLORS["black"], lw=3)
    ax.text((enc_x[-1] + dec_x[0]) / 2, Y["h"] - 0.45, "$s_0 = h_S$", ha="center", va="top",
            fontsize=11)
    # attention, drawn for step 1 (every step has its own): a path from every h_j to o_t
    for j, x in enumerate(enc_x, start=1):
        arrow((x, Y["h"] + 0.35), (dec_x[0] - 0.55, Y["c"]), "#A66F00", lw=1.4, ls=":",
              rad=-0.12)
    ax.text(3.0, 4.75, r"attention: $c_t = \sum_j \alpha_{tj} h_j$, a short path from every $h_j$"
            "\n(drawn for step 1; each step has its own weights $\\alpha_{tj}$)",
            color="#A66F00", fontsize=11, ha="center", va="center")
    ax.text(3.0, 5.75, r"plain model: $c_t = h_S$ at every step (the bottleneck)", fontsize=11,
            ha="center", va="center")
    ax.text(dec_x[-1] + 0.75, Y["c"], r"$o_t = \tanh(W_c[c_t; s_t])$", fontsize=11, ha="left",
            va="center")
    ax.text(3.0, -1.0, "encoder: reads the source sentence", ha="center", fontsize=12,
            style="italic")
    ax.text(12.2, -1.0, "decoder: writes the translation, one word at a time; fed the previous "
            "word\n(teacher forcing: the reference's; translating: its own, dashed arrows)",
            ha="center", fontsize=11, style="italic", va="center")
    ax.text(12.2, 5.75, r"$p_t = \mathrm{softmax}(W_s o_t)$: the next word's probabilities",
            ha="center", fontsize=11)
    return fig
