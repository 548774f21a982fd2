"""`python -m dms_constructs.cli ...`, the same as the `dms-constructs` command."""

from .main import main

raise SystemExit(main())
