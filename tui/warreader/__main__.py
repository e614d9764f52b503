from warreader.cli import main

raise SystemExit(main())
