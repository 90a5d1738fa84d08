"""`python -m bench`: run main() of every benchmark module present (analysis, hard, body,
crawler, workshop_load, scale_out)."""
import importlib
import importlib.util

MODULES = ("bench.analysis", "bench.hard", "bench.body", "bench.crawler", "bench.workshop_load", "bench.scale_out")


def main():
    """Run each benchmark that exists, one after the other."""
    for name in MODULES:
        if importlib.util.find_spec(name) is None:
            continue
        print(f"== {name}")
        importlib.import_module(name).main()


if __name__ == "__main__":
    main()
