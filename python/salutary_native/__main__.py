"""``python -m salutary_native`` runs the command line (see :mod:`salutary_native.cli`)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
