"""The backend's imports, read from its source: no import circle between its modules, no
module using another module's `_private` name, and the parts that stand alone importing only
what docs/design.md, "Boundaries" lets them.

Every import counts, those inside a function too (a lazy import still ties two modules
together), except those under `if TYPE_CHECKING:`. Naming one's own parent package
(`from .. import __version__`) is no circle: Python imports a package before its modules.
"""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "backend"

# Violations let stand while their fix is under way (none now: issue #28 removed the last), each
# with why; test_the_allow_lists_hold_only_what_is_still_there says to delete a line once fixed.
ALLOWED_CIRCLE_EDGES = {}
ALLOWED_PRIVATE_NAMES = {}

# docs/design.md, "Boundaries": what each part that stands alone may import from the backend.
MAY_IMPORT = {
    "backend.analysis": ("backend.analysis", "backend.memory"),
    "backend.export": ("backend.export", "backend.analysis.decode"),
    "backend.tips": ("backend.tips",),
    "backend.store": (),
    "backend.tokens": ("backend.store",),
    "backend.config": (),
    "backend.failures": ("backend.store",),
    "backend.audits": ("backend.store", "backend.around"),
}


def modules(root, package):
    """{dotted module name: its file} for every module of `package` under `root`."""
    found = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def is_private(name):
    return name.startswith("_") and not name.startswith("__")


class ImportReader(ast.NodeVisitor):
    """One module's imports of the package's modules, and its uses of their private names."""

    def __init__(self, name, path, known):
        self.name, self.known = name, known
        self.own_package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        self.edges = {}  # imported module -> first line
        self.private = {}  # (module, private name) -> first line
        self.aliases = {}  # local name -> the module it is bound to

    def visit_If(self, node):
        test = node.test
        if (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
                isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"):
            for child in node.orelse:
                self.visit(child)
            return
        self.generic_visit(node)

    def visit_Import(self, node):
        for alias in node.names:
            if alias.name.split(".")[0] == PACKAGE:
                self._edge(self._longest_known(alias.name), node.lineno)
                bound = alias.name if alias.asname else alias.name.split(".")[0]
                self.aliases[alias.asname or bound] = bound

    def visit_ImportFrom(self, node):
        base = self._absolute(node)
        if base.split(".")[0] != PACKAGE:
            return
        for alias in node.names:
            submodule = f"{base}.{alias.name}"
            if submodule in self.known:
                self._edge(submodule, node.lineno)
                self.aliases[alias.asname or alias.name] = submodule
                if is_private(alias.name):
                    self._private(base, alias.name, node.lineno)
            else:
                self._edge(self._longest_known(base), node.lineno)
                if is_private(alias.name):
                    self._private(self._longest_known(base), alias.name, node.lineno)

    def visit_Attribute(self, node):
        chain = dotted(node.value)
        if is_private(node.attr) and chain and chain[0] in self.aliases:
            target = ".".join([self.aliases[chain[0]], *chain[1:]])
            if target in self.known:
                self._private(target, node.attr, node.lineno)
        self.generic_visit(node)

    def _absolute(self, node):
        if not node.level:
            return node.module or ""
        parts = self.own_package.split(".")
        base = parts[:len(parts) - node.level + 1]
        return ".".join(base + ([node.module] if node.module else []))

    def _longest_known(self, dotted_name):
        parts = dotted_name.split(".")
        while parts and ".".join(parts) not in self.known:
            parts.pop()
        return ".".join(parts)

    def _edge(self, target, line):
        # A module's parent packages are imported before it whatever it says: no edge.
        if target and target != self.name and not self.name.startswith(target + "."):
            self.edges.setdefault(target, line)

    def _private(self, module, name, line):
        if module != self.name:
            self.private.setdefault((module, name), line)


def dotted(node):
    """["a", "b", "c"] for the expression a.b.c, else None."""
    names = []
    while isinstance(node, ast.Attribute):
        names.append(node.attr)
        node = node.value
    return [node.id, *reversed(names)] if isinstance(node, ast.Name) else None


def read_imports(root=ROOT):
    """Every module's ImportReader, by module name."""
    known = modules(root, PACKAGE)
    readers = {}
    for name, path in known.items():
        reader = ImportReader(name, path, known)
        reader.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        readers[name] = reader
    return readers


def circles(graph):
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while not component or component[-1] != node:
                component.append(stack.pop())
                on_stack.discard(component[-1])
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def path_between(graph, start, goal):
    """One chain of imports from `start` to `goal`, or None."""
    seen, frontier = {start: None}, [start]
    while frontier:
        node = frontier.pop(0)
        if node == goal:
            chain = [node]
            while seen[chain[-1]] is not None:
                chain.append(seen[chain[-1]])
            return chain[::-1]
        for target in sorted(graph.get(node, ())):
            if target not in seen:
                seen[target] = node
                frontier.append(target)
    return None


def graph_of(readers, leave_out=()):
    return {name: {t for t in reader.edges if (name, t) not in leave_out} for name, reader in readers.items()}


def describe_circle(readers, graph, component):
    """"a:12 -> b:30 -> a" for one circle of the component."""
    start = component[0]
    back = next(t for t in sorted(graph[start]) if t in component and path_between(graph, t, start))
    chain = [start, *path_between(graph, back, start)]
    return " -> ".join(f"{a} (line {readers[a].edges[b]})" for a, b in zip(chain, chain[1:])) + f" -> {start}"


def private_uses(readers):
    return {(name, module, private): line
            for name, reader in readers.items() for (module, private), line in reader.private.items()}


@pytest.fixture(scope="module")
def readers():
    return read_imports()


def test_no_import_circle_in_the_backend(readers):
    graph = graph_of(readers, leave_out=ALLOWED_CIRCLE_EDGES)
    found = [describe_circle(readers, graph, component) for component in circles(graph)]
    assert not found, "import circles (move the shared part into a module both can import):\n" + "\n".join(found)


def test_no_module_imports_another_modules_private_name(readers):
    found = [f"{user} (line {line}) uses {module}.{name}"
             for (user, module, name), line in sorted(private_uses(readers).items())
             if (user, module, name) not in ALLOWED_PRIVATE_NAMES]
    assert not found, "private names used from outside their module (make them public, or move the code):\n" + \
        "\n".join(found)


def test_the_allow_lists_hold_only_what_is_still_there(readers):
    graph = graph_of(readers)
    stale = [f"{a} -> {b}" for a, b in ALLOWED_CIRCLE_EDGES
             if b not in graph.get(a, ()) or not path_between(graph, b, a)]
    uses = private_uses(readers)
    stale += [f"{user} uses {module}.{name}" for user, module, name in ALLOWED_PRIVATE_NAMES
              if (user, module, name) not in uses]
    assert not stale, "fixed, so delete from this test's allow-lists:\n" + "\n".join(stale)


def within(name, prefix):
    return name == prefix or name.startswith(prefix + ".")


def test_the_parts_that_stand_alone_import_only_what_the_design_lets_them(readers):
    found = [f"{name} (line {line}) imports {target}"
             for part, allowed in MAY_IMPORT.items()
             for name, reader in sorted(readers.items()) if within(name, part)
             for target, line in reader.edges.items() if not any(within(target, a) for a in allowed)]
    assert not found, 'against docs/design.md, "Boundaries" (change the code, or the design and this test):\n' + \
        "\n".join(found)


def test_the_crawler_imports_nothing_of_the_backend():
    found = []
    for path in sorted((ROOT / "crawler").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
            found += [f"{path.relative_to(ROOT)}:{node.lineno} imports {name}"
                      for name in names if name.split(".")[0] in (PACKAGE, "flask")]
    assert not found, "the crawler knows nothing of the backend or Flask:\n" + "\n".join(found)


def test_the_reader_finds_a_lazy_circle_and_private_names(tmp_path):
    """The checks above are only as good as the reader: a made-up package with each fault."""
    package = tmp_path / PACKAGE
    (package / "sub").mkdir(parents=True)
    files = {
        "__init__.py": "from .a import public\n",
        "a.py": "from . import b\npublic = 1\n_hidden = 2\n",
        "b.py": "def later():\n    from .sub.c import _secret\n    return _secret\n",
        "sub/__init__.py": "",
        "sub/c.py": "import backend.a\nfrom .. import a, public\nVALUE = backend.a._hidden + a._hidden\n_secret = 3\n",
        "typed.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import a\n",
    }
    for name, text in files.items():
        (package / name).write_text(text)
    found = read_imports(tmp_path)
    graph = graph_of(found)
    assert circles(graph) == [["backend.a", "backend.b", "backend.sub.c"]]
    assert set(private_uses(found)) == {("backend.b", "backend.sub.c", "_secret"),
                                        ("backend.sub.c", "backend.a", "_hidden")}
    assert "backend" not in graph["backend.sub.c"] and graph["backend.typed"] == set()
    assert circles(graph_of(found, leave_out={("backend.b", "backend.sub.c")})) == []
