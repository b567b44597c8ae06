"""Build every spec in directives/ into out/ (same as `vanban build directives -o out`)."""

import sys

from vanban.cli import main

if __name__ == "__main__":
    sys.exit(main(["build", "directives", "-o", "out", *sys.argv[1:]]))
