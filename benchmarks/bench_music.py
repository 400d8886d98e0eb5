"""Music you can hear (lesson 04b): is the lesson feasible, and what does it print?

Runs what the lesson will run, in order, on ONE BLAS thread, and prints:
1. the data set: sizes, the token scheme's numbers, the three measures of the training tunes;
2. training the next-note RNN: wall and CPU time, cost per step;
3. held-out loss per note (nats and bits) of the RNN, the unigram and the bigram;
4. the three measures for tunes sampled from the RNN and from the bigram, at each temperature,
   for several sampling seeds (the spread between seeds is the sampling noise);
5. the tune maker's answer: one new tune sampled, its piano-roll data, the roll blitted to PNG,
   then the waveform and its WAV (the widget shows the picture first), and the audio's size;
6. with --gru, a GRU (course_utils.gated) trained for the same CPU time, for comparison.

With --raw, the numbers are printed unrounded too, to compare runs under different numerical
environments (OPENBLAS_CORETYPE, NPY_DISABLE_CPU_FEATURES).

    .venv/bin/python benchmarks/bench_music.py [--steps 600] [--hidden 64] [--gru] [--raw]
"""
from __future__ import annotations

import time

_START = time.perf_counter(), time.process_time()   # before the imports: they count too

import argparse  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"      # before NumPy is imported: its BLAS reads these once
os.environ.setdefault("MPLBACKEND", "Agg")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))   # course_utils from this checkout

import numpy as np  # noqa: E402

from course_utils import audio, melody, musicmodel  # noqa: E402
from course_utils.data import music  # noqa: E402
from course_utils.figures import music as pianoroll  # noqa: E402
from course_utils.musicmodel import new_tune  # noqa: E402

N_TRAIN, N_HELD_OUT = 2000, 200
TEMPERATURES = (1.0, 0.8)
SEEDS = (1, 2, 3)
N_SAMPLES = 200                         # tunes per measure: 50 in each of the 4 keys


def clock(fn, *args, **kwargs):
    """(result, wall seconds, CPU seconds) of one call."""
    w, c = time.perf_counter(), time.process_time()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - w, time.process_time() - c


def show(label, values: dict, raw: bool) -> None:
    text = ", ".join(f"{k} {v:.3f}" for k, v in values.items())
    print(f"  {label:<34} {text}")
    if raw:
        print(f"  {'':<34} raw: " + ", ".join(f"{k} {v!r}" for k, v in values.items()))


def data_section(raw):
    (data, wall, cpu) = clock(music.melody_data, N_TRAIN, N_HELD_OUT, seed=0)
    train, held = list(data.train), list(data.held_out)
    ids = np.concatenate([music.encode(t) for t in train])
    print(f"1. data: {len(train)} training + {len(held)} held-out tunes in {wall:.2f} s "
          f"(CPU {cpu:.2f} s); {music.N_BARS} bars, {len(train[0].notes)} notes, "
          f"{music.encode(train[0]).size} tokens a tune")
    print(f"  vocabulary {music.VOCAB_SIZE} tokens ({music.N_NOTE_TOKENS} notes = {music.N_PITCHES} "
          f"pitches x {len(music.DURATIONS)} durations, 1 bar line, {len(music.KEYS)} keys); "
          f"{np.unique(ids).size} occur in training; input features {music.N_FEATURES}")
    print(f"  distinct first-bar motifs in training: {len({melody.bar_pattern(t.bars[0]) for t in train})}")
    show("training tunes", melody.melody_measures(train), raw)
    show("  returning, >= 2 bars apart", {"returning motifs": melody.returning_motif_share(
        train, min_distance=2)}, raw)
    return train, held


def training_section(train, held, args):
    (params, hist), wall, cpu = clock(musicmodel.train_melody_rnn, train, n_hidden=args.hidden,
                                      steps=args.steps)
    print(f"2. training: H = {args.hidden}, {args.steps} steps of 32 tunes: {wall:.2f} s wall, "
          f"{cpu:.2f} s CPU ({1e3 * cpu / args.steps:.1f} ms CPU a step); last train loss "
          f"{hist.train_loss[-1]:.4f} per token")
    (base, _, bcpu) = clock(musicmodel.baseline_losses, train, held)
    losses = {"rnn": musicmodel.rnn_loss_per_note(params, held), **base}
    print(f"3. held-out loss per note (baselines fitted in {bcpu:.2f} s CPU)")
    show("nats", losses, args.raw)
    show("bits", {k: v / np.log(2) for k, v in losses.items()}, args.raw)
    by_bar = musicmodel.rnn_loss_by_bar(params, held)
    print("  RNN, nats per note in bars 1..8 (form A A B B' A A* C C'): "
          + " ".join(f"{v:.2f}" for v in by_bar))
    return params


def measures_section(params, train, args):
    P = musicmodel.fit_melody_bigram(train)
    prompts = [musicmodel.prompt_ids(k) for k in music.KEYS for _ in range(N_SAMPLES // len(music.KEYS))]
    print(f"4. measures of {len(prompts)} sampled tunes (from the key alone), per sampling seed")
    for temp in TEMPERATURES:
        for name, model in (("rnn", params), ("bigram", P)):
            per_seed = []
            for seed in SEEDS:
                tunes, wall, cpu = clock(musicmodel.sample_tunes, model, prompts, temperature=temp, seed=seed)
                m = melody.melody_measures(tunes)
                m["returning, >= 2 apart"] = melody.returning_motif_share(tunes, min_distance=2)
                per_seed.append(m)
                show(f"{name} T={temp} seed {seed} ({cpu:.2f} s CPU)", m, args.raw)
            spread = {k: max(m[k] for m in per_seed) - min(m[k] for m in per_seed) for k in per_seed[0]}
            show(f"{name} T={temp} spread over seeds", spread, False)
    return P


def widget_section(params, reps=20):
    """One new tune as the tune maker makes it (widgets/music.py), part by part, in CPU time:
    the tune, the blitted piano roll as PNG, then (after the picture) the sound and its WAV."""
    from IPython.core.pylabtools import print_figure
    first = music.motif_bar("C", "arpeggio", (3, 1, 3, 1))
    fig, roll = pianoroll.widget_roll(new_tune(params, first_bar=first)["tune"])
    roll.png()
    times = {k: [] for k in ("sample", "roll data", "move artists", "PNG, blitted", "synthesis",
                             "WAV encoding", "PNG, inline backend (for comparison)")}
    for seed in range(reps):
        prompt = [musicmodel.prompt_ids("C", first)]
        tunes, _, cpu = clock(musicmodel.sample_tunes, params, prompt, temperature=0.8, seed=seed)
        times["sample"].append(cpu)
        data, _, cpu = clock(melody.roll_data, tunes[0])
        times["roll data"].append(cpu)
        times["move artists"].append(clock(roll.show, data)[2])
        png, _, cpu = clock(roll.png)
        times["PNG, blitted"].append(cpu)
        samples, _, cpu = clock(audio.synthesize, tunes[0])
        times["synthesis"].append(cpu)
        wav, _, cpu = clock(audio.wav_data, samples)
        times["WAV encoding"].append(cpu)
        for artist in roll.moving:             # what a full redraw of the same figure would cost
            artist.set_animated(False)
        times["PNG, inline backend (for comparison)"].append(clock(print_figure, fig, "png")[2])
        for artist in roll.moving:
            artist.set_animated(True)
    out = new_tune(params, temperature=0.8, first_bar=first, seed=reps - 1)
    assert out["tune"] == tunes[0]
    ms = {k: 1e3 * statistics.median(v) for k, v in times.items()}
    print(f"5. the tune maker, median CPU ms over {reps} new tunes (temperature 0.8, a first bar given):")
    print("  " + ", ".join(f"{k} {v:.1f}" for k, v in ms.items()))
    picture = ms["sample"] + ms["roll data"] + ms["move artists"] + ms["PNG, blitted"]
    print(f"  picture: {picture:.0f} ms (blitted; {picture - ms['PNG, blitted'] + ms['PNG, inline backend (for comparison)']:.0f} "
          f"with a full inline redraw); then the sound: {ms['synthesis'] + ms['WAV encoding']:.0f} ms "
          f"(synthesis + WAV), PNG {len(png) / 1e3:.0f} kB")
    n = samples.size
    wav, b64 = audio.wav_bytes(n)
    print(f"  audio: {n} samples = {n / audio.RATE:.1f} s at {audio.RATE} Hz, {audio.TEMPO} beats a minute; "
          f"WAV {wav / 1e3:.0f} kB (sent to the widget's player as binary), {b64 / 1e3:.0f} kB of base64 "
          f"in a stored notebook per tune")


def static_figures(params, P):
    """What the lesson shows once: a piano roll and a player for an RNN tune and a bigram tune."""
    import matplotlib.pyplot as plt
    from IPython.core.pylabtools import print_figure
    prompt = [musicmodel.prompt_ids("C", music.motif_bar("C", "arpeggio", (3, 1, 3, 1)))]
    c0 = time.process_time()
    for model in (params, P):
        tune = musicmodel.sample_tunes(model, prompt, seed=0)[0]
        roll = pianoroll.piano_roll(tune)
        print_figure(roll.ax.figure, "png")
        plt.close(roll.ax.figure)
        audio.player(audio.synthesize(tune))._repr_html_()
    return time.process_time() - c0


def gru_section(train, held, cpu_budget):
    """A GRU trained on the same batches until it has used the RNN's CPU time."""
    from course_utils import gated
    from course_utils.numerics import softmax
    from course_utils.train import Adam, clip_by_global_norm
    xs, ys, _ = musicmodel.tune_batch(train)
    hx, hy, _ = musicmodel.tune_batch(held)
    F = musicmodel.FEATURES
    params = gated.init_gru(F.shape[1], 64, music.VOCAB_SIZE, seed=0)
    opt, rng, steps, c0 = Adam(0.01), np.random.default_rng(0), 0, time.process_time()
    while time.process_time() - c0 < cpu_budget:
        idx = rng.choice(xs.shape[1], size=32, replace=False)
        loss, grads = gated.gru_loss_and_grads(params, F[xs[:, idx]], ys[:, idx])
        opt.step(params, clip_by_global_norm(grads, 1.0)[0])
        steps += 1
    hs, _ = gated.gru_forward(params, F[hx])
    logp = np.log(np.take_along_axis(softmax(hs @ params["W_s"].T + params["b_s"]),
                                     hy[..., None], axis=-1))
    print(f"6. GRU, H = 64, same CPU time ({cpu_budget:.1f} s): {steps} steps, held-out "
          f"{-logp.sum() / musicmodel.n_notes(held):.3f} nats per note")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=600)
    ap.add_argument("--hidden", type=int, default=64)
    ap.add_argument("--gru", action="store_true")
    ap.add_argument("--raw", action="store_true")
    ap.add_argument("--no-widget", action="store_true")
    args = ap.parse_args()
    print(f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '')!r} "
          f"NPY_DISABLE_CPU_FEATURES={os.environ.get('NPY_DISABLE_CPU_FEATURES', '')!r}")
    train, held = data_section(args.raw)
    c1 = time.process_time()
    params = training_section(train, held, args)
    train_cpu = time.process_time() - c1
    P = measures_section(params, train, args)
    fig_cpu = static_figures(params, P)
    print(f"  two piano rolls and two players, as the lesson shows them: {fig_cpu:.2f} s CPU")
    print(f"  total from the start of this process (imports included): "
          f"{time.perf_counter() - _START[0]:.1f} s wall, {time.process_time() - _START[1]:.1f} s CPU; "
          f"the measures were sampled {len(TEMPERATURES) * len(SEEDS)} times for each model here, "
          f"a lesson needs one or two")
    if not args.no_widget:
        widget_section(params)
    if args.gru:
        gru_section(train, held, train_cpu)


if __name__ == "__main__":
    main()
