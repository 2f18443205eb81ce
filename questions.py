#!/usr/bin/env python3
"""Show where the answers in QUESTIONS.md stand, or check that the file is well formed.

    python3 questions.py [FILE]               status: open blocking questions, answers, assumptions
    python3 questions.py --check [FILE]       validate only; one line per problem
    python3 questions.py apply REPLY [FILE]   fold the answers in a reply (a mail, a copy) into FILE
    python3 questions.py form [FILE] [-o OUT] an offline HTML page on which the owner answers

Exit codes: 0 clean, 1 problems found in the file, 2 the file cannot be read at all.
Standard library only; Python 3.9 or newer. The code lives in qtool/, one module a job.
"""

import os
import sys

from qtool.cli import main

if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # a reader such as `head` stopped early: no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
