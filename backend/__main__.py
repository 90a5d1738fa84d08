from .cli import cli

# The analysis workers start with 'forkserver' and import the main module again.
if __name__ == "__main__":
    cli(prog_name="python -m backend")
