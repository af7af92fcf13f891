"""``python -m tacitus.cli``: the ``tacitus`` command."""
from . import main

main()
