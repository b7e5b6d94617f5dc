from kh06_desktop.cli import main

raise SystemExit(main())
