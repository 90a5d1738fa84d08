"""`python -m bench`: run main() of every benchmark module present (analysis, hard, identity,
body, crawler, real_pages, report, workshop_load, scale_out, export, crawl_memory, around)."""
import importlib
import importlib.util

MODULES = ("bench.analysis", "bench.hard", "bench.identity", "bench.body", "bench.crawler", "bench.real_pages",
           "bench.report", "bench.workshop_load", "bench.scale_out", "bench.export", "bench.crawl_memory",
           "bench.around")


def main():
    """Run each benchmark that exists, one after the other."""
    for name in MODULES:
        if importlib.util.find_spec(name) is None:
            continue
        print(f"== {name}")
        importlib.import_module(name).main()


if __name__ == "__main__":
    main()
