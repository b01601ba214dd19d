"""`python -m pipeline`: pipeline.cli's main, then a quick exit."""

import gc
import os
import sys

# The imports make a few hundred thousand objects (PyMuPDF's and pdfplumber's
# modules, the pipeline's) that live as long as the run: the cycle collector
# went over them again and again as they came, finding nothing, about 30 ms of
# a run's start. Once they are in, they are frozen (never looked at again)
# and the collector runs as usual on what comes after.
gc.disable()
from .cli import main  # noqa: E402

gc.freeze()
gc.enable()

code = main()
# Every output is written, fsynced and renamed into place by now, and every
# worker has answered: what is left is the interpreter's teardown, which
# collects and frees every module and every document the run held, one object
# at a time (about 0.1 s, a tenth of a run on the small fixtures). Flush what
# was printed and leave. An exception or --help still ends the ordinary way.
sys.stdout.flush()
sys.stderr.flush()
os._exit(code)
