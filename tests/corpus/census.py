#!/usr/bin/env python3
"""Construct census of the tutorial corpus: which Python, numpy, pandas, scikit-learn,
matplotlib and Keras constructs the programs in this directory use, and in how many files.

Reads every NN_*.py here with CPython's ast module (nothing is run) and prints a Markdown table
sorted by the number of files using each construct. Library names are resolved through the
file's own imports, so `np.zeros`, `numpy.zeros` and `from numpy import zeros` all count as
`numpy.zeros`; `tensorflow.keras.X` and `tensorflow.contrib.keras.X` count as `keras.X`.
Calls on objects the imports do not name (model.fit, x.reshape) count as methods: `.fit()`.

Usage: python3 tests/corpus/census.py    (prints the table that README.md includes)
"""
import ast
import collections
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
KERAS_PREFIXES = ("tensorflow.contrib.keras", "tensorflow.keras", "tensorflow.python.keras")
# Keyword arguments whose string values are worth counting (Keras configuration by name).
VALUE_KEYWORDS = {"loss", "activation", "optimizer", "metrics", "kernel_initializer", "monitor"}
BUILTINS = set(dir(__import__("builtins")))
BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//",
          ast.Mod: "%", ast.Pow: "**", ast.MatMult: "@"}


def qualify(name):
    """Canonical library path: tf.keras / tf.contrib.keras spellings become keras."""
    for prefix in KERAS_PREFIXES:
        if name == prefix or name.startswith(prefix + "."):
            return "keras" + name[len(prefix):]
    return name


def dotted(node):
    """'a.b.c' for a chain of attributes on a name, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


class Census(ast.NodeVisitor):
    """Collects the constructs of one file into self.found (a set of (category, name))."""

    def __init__(self):
        self.aliases = {}  # local name -> qualified library path
        self.found = set()

    def add(self, category, name):
        self.found.add((category, name))

    def resolve(self, node):
        """Qualified library name of an expression, or None when it is not an import."""
        name = dotted(node)
        if name is None:
            return None
        root, _, rest = name.partition(".")
        if root not in self.aliases:
            return None
        return qualify(self.aliases[root] + ("." + rest if rest else ""))

    @staticmethod
    def library(qualified):
        return {"numpy": "numpy", "pandas": "pandas", "sklearn": "sklearn",
                "matplotlib": "matplotlib", "keras": "keras", "tensorflow": "tensorflow",
                "seaborn": "seaborn"}.get(qualified.split(".")[0], "python stdlib/other")

    # Imports --------------------------------------------------------------------------
    def visit_Import(self, node):
        for a in node.names:
            self.aliases[(a.asname or a.name).split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
            self.add("import", "import " + qualify(a.name) + (" as " + a.asname if a.asname else ""))

    def visit_ImportFrom(self, node):
        module = node.module or ""
        for a in node.names:
            self.aliases[a.asname or a.name] = module + "." + a.name
            self.add("import", "from " + qualify(module) + " import " + a.name)

    # Calls, attributes, names ---------------------------------------------------------
    def visit_Call(self, node):
        q = self.resolve(node.func)
        if q is not None:
            self.add(self.library(q), q + "()")
            if q.startswith("keras."):
                self.add("keras, any spelling", q.split(".")[-1] + "()")
        elif isinstance(node.func, ast.Attribute):
            self.add("method", "." + node.func.attr + "()")
        elif isinstance(node.func, ast.Name):
            if node.func.id in BUILTINS:
                self.add("python builtin", node.func.id + "()")
            else:
                self.add("local function", "call of a local def/class")
        for kw in node.keywords:
            if kw.arg is None:
                self.add("python", "call with **kwargs")
                continue
            name = (q.split(".")[-1] if q else getattr(node.func, "attr", getattr(node.func, "id", "?")))
            self.add("keyword argument", name + "(" + kw.arg + "=)")
            for value in (kw.value.elts if isinstance(kw.value, (ast.List, ast.Tuple)) else [kw.value]):
                if kw.arg in VALUE_KEYWORDS and isinstance(value, ast.Constant) and isinstance(value.value, str):
                    self.add("keras by name", kw.arg + "='" + value.value + "'")
        if any(isinstance(a, ast.Starred) for a in node.args):
            self.add("python", "call with *args")
        if isinstance(node.func, ast.Attribute) and node.func.attr == "format" and isinstance(node.func.value, ast.Constant):
            self.add("text", "str.format")
        # A method call is counted once, as a call: visit the receiver, not the attribute.
        if q is None and isinstance(node.func, ast.Attribute):
            self.visit(node.func.value)
            for child in node.args + node.keywords:
                self.visit(child)
        else:
            self.generic_visit(node)

    def visit_Attribute(self, node):
        q = self.resolve(node)
        if q is None and isinstance(node.ctx, ast.Load):
            self.add("attribute", "." + node.attr)
        elif q is None and isinstance(node.ctx, ast.Store):
            self.add("attribute", "." + node.attr + " = (attribute assignment)")
        self.generic_visit(node)

    # Indexing ---------------------------------------------------------------------------
    def visit_Subscript(self, node):
        index = node.slice
        if isinstance(node.value, ast.Attribute) and node.value.attr == "shape":
            self.add("indexing", "x.shape[i]")
        if isinstance(index, ast.Slice):
            self.add("indexing", "slice a[i:j]" + (" with step" if index.step else ""))
        elif isinstance(index, ast.Tuple):
            kinds = {type(e).__name__ for e in index.elts}
            self.add("indexing", "multi-axis index a[:, j] / a[i, j]" if "Slice" in kinds else "tuple index a[i, j]")
        elif isinstance(index, ast.Constant) and isinstance(index.value, str):
            self.add("indexing", "string key d['k']")
        elif isinstance(index, ast.UnaryOp) and isinstance(index.op, ast.USub):
            self.add("indexing", "negative index a[-1]")
        elif isinstance(index, ast.Constant) and isinstance(index.value, int):
            self.add("indexing", "integer index a[0]")
        elif isinstance(index, ast.Compare):
            self.add("indexing", "boolean mask a[y == 0]")
        elif isinstance(index, ast.List):
            self.add("indexing", "list of keys a[['x', 'y']]")
        else:
            self.add("indexing", "variable/expression index a[i]")
        if isinstance(node.value, ast.Subscript):
            self.add("indexing", "chained indexing a[i][j]")
        self.generic_visit(node)

    # Operators ------------------------------------------------------------------------
    def visit_BinOp(self, node):
        op = BINOPS.get(type(node.op), type(node.op).__name__)
        if op == "%" and isinstance(node.left, ast.Constant) and isinstance(node.left.value, str):
            self.add("text", "% formatting")
        else:
            self.add("operator", "binary " + op)
        self.generic_visit(node)

    def visit_AugAssign(self, node):
        self.add("operator", "augmented " + BINOPS.get(type(node.op), "?") + "=")
        self.generic_visit(node)

    def visit_UnaryOp(self, node):
        self.add("operator", {ast.USub: "unary -", ast.Not: "not", ast.UAdd: "unary +",
                              ast.Invert: "~"}[type(node.op)])
        self.generic_visit(node)

    def visit_BoolOp(self, node):
        self.add("operator", "and" if isinstance(node.op, ast.And) else "or")
        self.generic_visit(node)

    def visit_Compare(self, node):
        for op in node.ops:
            self.add("operator", "comparison " + {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<",
                     ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Is: "is", ast.IsNot: "is not",
                     ast.In: "in", ast.NotIn: "not in"}[type(op)])
        if len(node.ops) > 1:
            self.add("operator", "chained comparison a < b < c")
        self.generic_visit(node)

    # Text -------------------------------------------------------------------------------
    def visit_JoinedStr(self, node):
        self.add("text", "f-string")
        for v in node.values:
            if isinstance(v, ast.FormattedValue) and v.format_spec is not None:
                spec = "".join(c.value for c in v.format_spec.values if isinstance(c, ast.Constant))
                self.add("text", "f-string format spec {x:" + spec + "}")
        self.generic_visit(node)

    # Statements -------------------------------------------------------------------------
    def visit_Expr(self, node):
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            self.add("python", "docstring / bare string statement")
        elif not isinstance(node.value, (ast.Call, ast.Await, ast.Yield)):
            self.add("python", "bare expression statement (notebook display)")
        self.generic_visit(node)

    def visit_Assign(self, node):
        for t in node.targets:
            if isinstance(t, (ast.Tuple, ast.List)):
                nested = any(isinstance(e, (ast.Tuple, ast.List)) for e in t.elts)
                self.add("python", "nested tuple unpacking (a, b), (c, d) = ..." if nested
                         else "tuple unpacking a, b = ...")
                if any(isinstance(e, ast.Name) and e.id == "_" for e in t.elts):
                    self.add("python", "_ placeholder in unpacking")
        if len(node.targets) > 1:
            self.add("python", "chained assignment a = b = ...")
        self.generic_visit(node)

    def visit_FunctionDef(self, node):
        self.add("python", "def")
        if node.args.defaults or node.args.kw_defaults:
            self.add("python", "default argument values")
        if node.args.vararg or node.args.kwarg:
            self.add("python", "def with *args/**kwargs")
        if ast.get_docstring(node):
            self.add("python", "function docstring")
        self.generic_visit(node)

    def visit_ClassDef(self, node):
        bases = [self.resolve(b) or dotted(b) or "?" for b in node.bases]
        self.add("python", "class")
        for b in bases:
            self.add("keras" if b.startswith("keras") else "python", "class inheriting " + b)
        self.generic_visit(node)

    def visit_For(self, node):
        it = node.iter
        kind = "other iterable"
        if isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id in ("range", "enumerate", "zip"):
            kind = it.func.id + "()"
        elif isinstance(it, ast.Call) and isinstance(it.func, ast.Attribute) and it.func.attr == "items":
            kind = "dict.items()"
        self.add("python", "for over " + kind)
        if isinstance(node.target, ast.Tuple):
            self.add("python", "for with tuple target")
        self.generic_visit(node)

    def generic_visit(self, node):
        simple = {ast.If: "if", ast.While: "while", ast.With: "with", ast.Try: "try/except",
                  ast.Assert: "assert", ast.Return: "return", ast.Lambda: "lambda",
                  ast.ListComp: "list comprehension", ast.DictComp: "dict comprehension",
                  ast.GeneratorExp: "generator expression", ast.IfExp: "conditional expression",
                  ast.Global: "global", ast.Delete: "del", ast.Break: "break",
                  ast.Continue: "continue", ast.Pass: "pass", ast.Starred: "starred expression",
                  ast.Dict: "dict literal", ast.Set: "set literal", ast.Raise: "raise"}
        kind = simple.get(type(node))
        if kind:
            self.add("python", kind)
        if isinstance(node, ast.If) and node.orelse:
            self.add("python", "elif" if isinstance(node.orelse[0], ast.If) and len(node.orelse) == 1 else "else")
        super().generic_visit(node)


def corpus_files():
    return sorted(p for p in HERE.glob("[0-9][0-9]_*.py"))


def main():
    files = corpus_files()
    users = collections.defaultdict(set)
    for path in files:
        census = Census()
        census.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        for key in census.found:
            users[key].add(path.name[:2])
    rows = sorted(users.items(), key=lambda kv: (-len(kv[1]), kv[0][0], kv[0][1]))
    print("| construct | kind | files | which |")
    print("|---|---|---:|---|")
    for (category, name), who in rows:
        shown = name.replace("|", "\\|")
        print(f"| `{shown}` | {category} | {len(who)} | {' '.join(sorted(who))} |")
    print(f"\n{len(files)} files, {len(rows)} distinct constructs.")


if __name__ == "__main__":
    main()
