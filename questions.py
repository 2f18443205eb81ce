#!/usr/bin/env python3
"""Show where the answers in QUESTIONS.md stand, or check that the file is well formed.

    python3 questions.py [FILE]           status: open blocking questions, answers, assumptions
    python3 questions.py --check [FILE]   validate only; one line per problem

Exit codes: 0 clean, 1 problems found in the file, 2 the file cannot be read at all.
Standard library only; Python 3.9 or newer. The code lives in qtool/, one module a job.
"""

import sys

from qtool.cli import main

if __name__ == "__main__":
    sys.exit(main())
