"""`python -m escalation_tui` is the same as the escalation-tui command."""

import sys

from .command import main

sys.exit(main())
