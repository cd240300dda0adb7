"""``python -m scoring`` runs the command line."""

from .cli import main

main()
