"""The tool behind questions.py: model (parser and checks), status, cli."""
