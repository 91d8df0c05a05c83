"""Support text nobody here wrote the rules on: e-mail threads with signatures, quoted
and forwarded headers, chat logs with handles, call-centre shorthand and pasted forms in
ten languages, labelled by construction (``python -m bench.eval_support`` scores it)."""
