"""Lesson 08's translator: pick or type a source sentence, see its translation, probability and
attention map (translator.translate_sentence, drawn by figures/translation.translation_view)."""
from __future__ import annotations

import html

import ipywidgets as widgets

from ..data.translation import SOURCE_VOCAB, SPECIALS
from ..figures.translation import draw_translation, translation_view
from ..translator import translate_sentence
from .live import LiveFigure

HELP = ("<small>Words it knows: {words}.<br>Above: the translation and its probability p, then "
        "how much each output word (left) attends to each source word (below); circles mark "
        "where the grammar puts each source word's translation.</small>")


def translation_explorer(params, sentences, *, max_len=20):
    """A menu of example sentences and a text box over an attention model's translations.
    sentences: source sentences (strings) for the menu; the first is shown. Returns the box."""
    sentences = list(sentences)
    result = translate_sentence(params, sentences[0], max_len=max_len)
    fig, arts = translation_view(result)
    live = LiveFigure(fig)
    menu = widgets.Dropdown(options=sentences, value=sentences[0], description="sentence",
                            layout=widgets.Layout(width="560px"))
    text = widgets.Text(value=sentences[0], description="or type", continuous_update=False,
                        layout=widgets.Layout(width="560px"))
    words = html.escape(", ".join(SOURCE_VOCAB[len(SPECIALS):]))
    status = widgets.HTML(HELP.format(words=words))

    def update(change=None):
        try:
            r = translate_sentence(params, text.value, max_len=max_len)
            draw_translation(arts, r)
        except ValueError as err:        # an unknown word, an empty box, a very long sentence
            status.value = f"<b>{html.escape(str(err))}</b>"
            return
        status.value = HELP.format(words=words)
        live.redraw()

    def pick(change):
        text.value = change["new"]       # the text box's observer translates it (once)

    text.observe(update, names="value")
    menu.observe(pick, names="value")
    live.redraw()
    box = widgets.VBox([menu, text, live.image, status])
    box.live, box.arts, box.menu, box.text, box.status = live, arts, menu, text, status   # for tests
    return box
