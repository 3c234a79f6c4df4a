"""``python -m codegen`` runs the ``nnderive`` command."""

from codegen.cli import main

raise SystemExit(main())
