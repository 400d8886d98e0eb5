"""course_utils: the NumPy library under the course "Recurrent Neural Networks, from the training
loop to vanishing gradients". One module per idea; layers from the bottom up, and a module imports
only modules listed above it (within a layer, lessons in order), so every import points down.

shared numerics and argument checks
    validation      argument checks: check_scalar, check_seed, check_array, check_choice, ...
    numerics        activations and their slopes, softmax, log-softmax, random orthogonal matrices
models: a forward returning (out, cache), a backward mirroring it
    layers          the input and output layers every recurrent network shares, and their checks
    mlp             lesson 01: the two-layer network of the training loop
    rnn             lessons 02-03: the vanilla RNN; init_params, forward, loss_and_grads (BPTT)
    gated           lesson 07: LSTM and GRU cells
    gated_step      lesson 07: one LSTM or GRU step by itself, and its exact Jacobian split by route
    attention       lesson 08: multiplicative attention over the encoder's states
    decoding        lesson 08: greedy and beam search over any next-word model
    seq2seq         lesson 08: the GRU encoder-decoder, plain or with attention; translate
gradients, training, data
    gradients       gradient checks (compare_gradients) and every probe of gradient flow in time
    train           optimisers, gradient clipping, the training loop, early stopping
    parallel        runs that share nothing side by side, one process per core; one run in the background
    data/           the data sets: generated, written for the course, or read from the install
the lessons' experiments: pure functions, no plots, no widgets
    environment     lesson 00: are the packages the course needs installed?
    training_loop   lesson 01: a network trained a few steps at a time (the widget's model)
    stepper         lesson 02: a word read one step at a time, every state kept
    charmodel       lesson 03: a character-level language model with truncated BPTT
    sourcecode      lesson 03: the library's own source, read line by line beside the maths
    ngram           lesson 03b: character n-gram baselines (add-k, Kneser-Ney) in bits per character
    code_properties  lesson 03b: what a reader of Python source knows after each character
    code_model      lesson 03b: a character LSTM trained on real code, with snapshots; sampling it
    hidden_units    lesson 03b: reading a text with a model; units correlated with properties
    baselines       lessons 04-05: what an RNN must beat (bag of words, bigrams, forecasts)
    architectures   lessons 04-05: one RNN wired many-to-one, one-to-many, many-to-many
    melody          lesson 04b: three measures of a set of tunes, what a piano roll shows
    audio           lesson 04b: tunes synthesised in NumPy, a WAV, IPython's player
    musicmodel      lesson 04b: a next-note RNN of tunes, unigram and bigram, a sampler
    recall          lessons 05-07: remember the first token, trained at a chosen length, and how
                    much gradient reaches step 1 (recall_gradient_ratio)
    jacobians       lesson 06: one step's Jacobian with numbers, what a matrix does to the circle
    vanishing       lesson 06: the Pascanu bound, the measured regime, the explorer's data
    cliff           lesson 07: the loss cliff of a one-unit RNN and a clipped step from it
    translator      lesson 08: translation models trained and scored, and the lesson's experiments
plots and figures
    plots           colour-blind-safe colours and the course's figure style
    figures/        the lessons' static figures, and the pictures the widgets redraw
    diagrams        the code that draws images/ (python3 course.py images)
widgets
    widgets/        ipywidgets controls, thin over the functions and figures above
exercise checkers
    exercises/      one module of checkers per lesson, answering with a Feedback

Names: ``check_*`` raises on bad input. Outside exercises/ it is an argument check: it returns the
value checked, or raises TypeError or ValueError naming the argument, the value and what was
expected. In exercises/, ``check_*`` are the lessons' exercise checkers (the lessons call them by
these names): a learner's answer is never bad input there, it is what they judge, so a checker
returns a Feedback (PASS or FAIL with the reason, truthy on PASS) and never raises for an answer.
A function that reports rather than checks is named for what it returns (compare_gradients,
environment_report).
"""
__version__ = "0.1.0"
