import sys

from samen_data.cli.main import main

sys.exit(main())
