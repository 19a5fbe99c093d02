"""`python -m cseckg` runs the command line."""

from cseckg.cli import main

main()
