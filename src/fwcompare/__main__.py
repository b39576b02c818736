"""``python -m fwcompare``: the command-line interface."""

from fwcompare.cli import main

raise SystemExit(main())
