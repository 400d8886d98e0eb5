"""plots.plain_log_ticks: plain-number labels at 1, 2, 5 x 10^k on a log axis."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from course_utils.plots import plain_log_ticks  # noqa: E402


def test_labels_are_plain_numbers():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 50])
    ax.set_yscale("log")
    plain_log_ticks(ax.yaxis)
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert {"1", "2", "5", "10", "20", "50"} <= set(labels)
    assert not any("times" in s or "^" in s for s in labels)
