"""``python -m fwcompare``: the command-line interface."""

from fwcompare._cli import main

raise SystemExit(main())
