"""`python -m bench`: run main() of every benchmark module listed, one after the other."""
import importlib
import importlib.util

MODULES = (
    "bench.analysis",
    "bench.hard",
    "bench.identity",
    "bench.body",
    "bench.crawler",
    "bench.real_pages",
    "bench.report",
    "bench.report_requests",
    "bench.workshop_load",
    "bench.scale_out",
    "bench.export",
    "bench.export_layouts",
    "bench.crawl_memory",
    "bench.own_profile_memory",
    "bench.around",
    "bench.copies",
)


def main():
    """Run each benchmark that exists, one after the other."""
    for name in MODULES:
        if importlib.util.find_spec(name) is None:
            continue
        print(f"== {name}")
        importlib.import_module(name).main()


if __name__ == "__main__":
    main()
