r"""AST mutation operators: plausible wrong versions of a correct program.

A *mutant* is the program with one small, typical bug put in: a flipped comparison, a ``<`` that
should be ``<=``, an off-by-one constant or range bound, a swapped arithmetic or boolean operator,
a wrong return value, a dropped branch, a negated condition, swapped slice bounds... Three parts
of o1coder use them: the candidate proposer (wrong code steps for the Choice env and the
``candidates`` generator), the TCG's mutation score (good tests kill mutants) and the sandbox's
tests.

Guarantees of :func:`generate_mutants`:

* every mutant compiles (``compile(code, ..., "exec")``) and differs from the original after
  normalisation (``ast.unparse(ast.parse(...))``); no two mutants normalise to the same program;
* the source outside the mutated spot keeps its formatting and comments (the edit is spliced into
  the original text); in the rare case where a splice would not reproduce the mutated tree the
  whole module is rendered with :func:`ast.unparse` instead, so the mutant is always exactly the
  one intended;
* the result is a pure function of ``(code, max_mutants, seed, fold)``.

Folds split a program's mutants into disjoint parts by a hash of each mutant's normalised code
(:func:`mutant_fold`), so one part can *guide* test generation while another *judges* the tests:
a held-out check that the tests kill bugs they were not chosen for.

Code that does not parse yields an empty list (not an error): callers feed model output and
outside benchmark code through this module, and "no mutants" is the useful answer for them.

Example:
    >>> ms = generate_mutants("def f(a, b):\n    return a < b\n")
    >>> sorted({m.operator for m in ms})
    ['boundary_shift', 'comparison_flip', 'wrong_return']
"""

from __future__ import annotations

import ast
import copy
import hashlib
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

__all__ = ["OPERATORS", "Mutant", "check_fold", "generate_mutants", "mutant_fold"]


@dataclass(frozen=True)
class Mutant:
    """One mutant program.

    Attributes:
        code: The whole mutated program.
        operator: The operator's name (one of :data:`OPERATORS`).
        line: 1-based line of the original program where the change was made.
        description: What changed, for people (e.g. ``"line 3: '<' -> '<='"``).
    """

    code: str
    operator: str
    line: int
    description: str


#: Every operator, in the order their mutants are listed when ``max_mutants`` is ``None``.
OPERATORS: tuple[str, ...] = (
    "comparison_flip",  # a < b -> a >= b, == -> !=, in -> not in, is -> is not
    "boundary_shift",  # < <-> <=, > <-> >=
    "off_by_one",  # an integer constant n -> n + 1 and n - 1
    "range_bound",  # range(..., x) -> range(..., x + 1) / x - 1 for non-constant bounds
    "arithmetic_swap",  # + <-> -, * -> +, / <-> //, % -> //, ** -> *, bit operators
    "boolean_swap",  # and <-> or
    "wrong_return",  # return x -> return None / return <first argument>
    "dropped_branch",  # if body -> pass
    "dropped_else",  # else / elif branch removed
    "negated_condition",  # if c -> if not c (also while and conditional expressions)
    "slice_swap",  # a[i:j] -> a[j:i], a[i:] -> a[:i]
    "unary_drop",  # -x -> x, not x -> x, ~x -> x
    "bool_flip",  # True <-> False
)

# --- operator tables ------------------------------------------------------------------------------

_NEGATED_CMP: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Lt: ast.GtE, ast.GtE: ast.Lt,
    ast.Gt: ast.LtE, ast.LtE: ast.Gt, ast.In: ast.NotIn, ast.NotIn: ast.In,
    ast.Is: ast.IsNot, ast.IsNot: ast.Is,
}
_BOUNDARY_CMP: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
}
_ARITH_SWAP: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Add, ast.Div: ast.FloorDiv,
    ast.FloorDiv: ast.Div, ast.Mod: ast.FloorDiv, ast.Pow: ast.Mult, ast.LShift: ast.RShift,
    ast.RShift: ast.LShift, ast.BitAnd: ast.BitOr, ast.BitOr: ast.BitAnd, ast.BitXor: ast.BitOr,
    ast.MatMult: ast.Mult,
}
_SYMBOL: dict[type[ast.AST], str] = {
    ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
    ast.In: "in", ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not",
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%",
    ast.Pow: "**", ast.LShift: "<<", ast.RShift: ">>", ast.BitAnd: "&", ast.BitOr: "|",
    ast.BitXor: "^", ast.MatMult: "@", ast.And: "and", ast.Or: "or",
    ast.USub: "-", ast.Not: "not", ast.Invert: "~", ast.UAdd: "+",
}

# A planned edit: mutate the node (found at the same walk index in a fresh copy of the tree, which
# is passed too) in place and return the node whose source span is re-rendered, or an explicit
# (start, end, text) splice for edits that ast.unparse of one node cannot express.
_Span = tuple[tuple[int, int], tuple[int, int], str]
_Edit = Callable[[ast.AST, ast.Module], "ast.AST | _Span"]


@dataclass(frozen=True)
class _Site:
    operator: str
    index: int  # position of the target node in ast.walk order
    line: int
    description: str
    edit: _Edit


def _sym(op: ast.AST | type[ast.AST]) -> str:
    kind = op if isinstance(op, type) else type(op)
    return _SYMBOL.get(kind, kind.__name__)


# --- site discovery -------------------------------------------------------------------------------


def _first_args(tree: ast.AST) -> dict[int, str]:
    """Map id() of each Return node to the first parameter of its innermost enclosing function."""
    out: dict[int, str] = {}

    def visit(node: ast.AST, first: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                params = [*child.args.posonlyargs, *child.args.args]
                names = [p.arg for p in params if p.arg not in ("self", "cls")]
                visit(child, names[0] if names else None)
            else:
                if isinstance(child, ast.Return) and first is not None:
                    out[id(child)] = first
                visit(child, first)

    visit(tree, None)
    return out


def _sites(tree: ast.Module, lines: list[bytes]) -> Iterator[_Site]:
    first_arg = _first_args(tree)
    nodes = list(ast.walk(tree))
    for index, node in enumerate(nodes):
        yield from _node_sites(index, node, first_arg, lines)


def _node_sites(
    index: int, node: ast.AST, first_arg: dict[int, str], lines: list[bytes]
) -> Iterator[_Site]:
    """Yield every mutation site of one node (one branch per node type)."""
    line = getattr(node, "lineno", 0)
    if isinstance(node, ast.Compare):
        for pos, op in enumerate(node.ops):
            for operator, table in (("comparison_flip", _NEGATED_CMP),
                                    ("boundary_shift", _BOUNDARY_CMP)):
                new = table.get(type(op))
                if new is not None:
                    yield _Site(operator, index, line,
                                f"line {line}: '{_sym(op)}' -> '{_sym(new)}'",
                                _set_cmp(pos, new))
    elif isinstance(node, ast.Constant) and type(node.value) is int:
        for delta in (1, -1):
            yield _Site("off_by_one", index, line,
                        f"line {line}: {node.value} -> {node.value + delta}",
                        _shift_constant(delta))
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
            and node.func.id == "range" and not node.keywords:
        for pos, arg in enumerate(node.args[:2]):
            if isinstance(arg, (ast.Constant, ast.Starred)):
                continue  # constants are off_by_one's job
            shifts: tuple[tuple[type[ast.operator], str], ...] = ((ast.Add, "+"), (ast.Sub, "-"))
            for shift, sign in shifts:
                yield _Site("range_bound", index, line,
                            f"line {line}: range bound {ast.unparse(arg)} -> "
                            f"{ast.unparse(arg)} {sign} 1",
                            _shift_range_arg(pos, shift))
    elif isinstance(node, (ast.BinOp, ast.AugAssign)):
        new_op = _ARITH_SWAP.get(type(node.op))
        if new_op is not None:
            yield _Site("arithmetic_swap", index, line,
                        f"line {line}: '{_sym(node.op)}' -> '{_sym(new_op)}'", _set_op(new_op))
    elif isinstance(node, ast.BoolOp):
        new_bool = ast.Or if isinstance(node.op, ast.And) else ast.And
        yield _Site("boolean_swap", index, line,
                    f"line {line}: '{_sym(node.op)}' -> '{_sym(new_bool)}'", _set_op(new_bool))
    elif isinstance(node, ast.Return) and node.value is not None:
        if not (isinstance(node.value, ast.Constant) and node.value.value is None):
            yield _Site("wrong_return", index, line, f"line {line}: return None",
                        _set_return(ast.Constant(value=None)))
        name = first_arg.get(id(node))
        if name is not None and not (isinstance(node.value, ast.Name) and node.value.id == name):
            yield _Site("wrong_return", index, line, f"line {line}: return {name}",
                        _set_return(ast.Name(id=name, ctx=ast.Load())))
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.Not, ast.Invert)):
        yield _Site("unary_drop", index, line, f"line {line}: dropped '{_sym(node.op)}'",
                    _drop_unary)
    elif isinstance(node, ast.Constant) and type(node.value) is bool:
        yield _Site("bool_flip", index, line, f"line {line}: {node.value} -> {not node.value}",
                    _flip_bool)
    elif isinstance(node, ast.Slice) and (node.lower is not None or node.upper is not None):
        yield _Site("slice_swap", index, line, f"line {line}: slice bounds swapped", _swap_slice)
    if isinstance(node, ast.If):
        if not (len(node.body) == 1 and isinstance(node.body[0], ast.Pass)):
            yield _Site("dropped_branch", index, line, f"line {line}: if-body replaced by pass",
                        _drop_body)
        if node.orelse:
            yield _Site("dropped_else", index, line,
                        f"line {line}: else/elif branch removed", _drop_else())
    if isinstance(node, (ast.If, ast.While, ast.IfExp)):
        yield _Site("negated_condition", index, line, f"line {line}: condition negated",
                    _negate_test)


# --- edits (each mutates a node of a fresh copy in place) -----------------------------------------


def _set_cmp(pos: int, new: type[ast.cmpop]) -> _Edit:
    def edit(node: ast.AST, tree: ast.Module) -> ast.AST:
        assert isinstance(node, ast.Compare)
        node.ops[pos] = new()
        return node
    return edit


def _shift_constant(delta: int) -> _Edit:
    def edit(node: ast.AST, tree: ast.Module) -> ast.AST:
        assert isinstance(node, ast.Constant) and type(node.value) is int
        node.value = int(node.value) + delta
        return node
    return edit


def _shift_range_arg(pos: int, op: type[ast.operator]) -> _Edit:
    def edit(node: ast.AST, tree: ast.Module) -> ast.AST:
        assert isinstance(node, ast.Call)
        node.args[pos] = ast.BinOp(left=node.args[pos], op=op(), right=ast.Constant(value=1))
        return node
    return edit


def _set_op(new: type[ast.AST]) -> _Edit:
    def edit(node: ast.AST, tree: ast.Module) -> ast.AST:
        node.op = new()  # type: ignore[attr-defined]
        return node
    return edit


def _set_return(value: ast.expr) -> _Edit:
    def edit(node: ast.AST, tree: ast.Module) -> ast.AST:
        assert isinstance(node, ast.Return)
        node.value = copy.deepcopy(value)
        return node
    return edit


def _drop_unary(node: ast.AST, tree: ast.Module) -> ast.AST | _Span:
    assert isinstance(node, ast.UnaryOp)
    # The operand takes the UnaryOp's place in its parent; its text goes over the UnaryOp's span.
    start, end = _span(node)
    _replace_child(tree, node, node.operand)
    return (start, end, ast.unparse(node.operand))


def _flip_bool(node: ast.AST, tree: ast.Module) -> ast.AST:
    assert isinstance(node, ast.Constant)
    node.value = not node.value
    return node


def _swap_slice(node: ast.AST, tree: ast.Module) -> ast.AST:
    assert isinstance(node, ast.Slice)
    node.lower, node.upper = node.upper, node.lower
    return node


def _drop_body(node: ast.AST, tree: ast.Module) -> _Span:
    assert isinstance(node, ast.If)
    start, end = _span(node.body[0])[0], _span(node.body[-1])[1]
    node.body = [ast.Pass()]
    return (start, end, "pass")


def _drop_else() -> _Edit:
    def edit(node: ast.AST, tree: ast.Module) -> _Span:
        assert isinstance(node, ast.If)
        body_end = _span(node.body[-1])[1]
        else_end = _span(node.orelse[-1])[1]
        node.orelse = []
        # Remove from the end of the body to the end of the else branch: the 'else:' / 'elif'
        # header and everything under it.
        return (body_end, else_end, "")
    return edit


def _negate_test(node: ast.AST, tree: ast.Module) -> ast.AST | _Span:
    assert isinstance(node, (ast.If, ast.While, ast.IfExp))
    old = node.test
    if isinstance(old, ast.UnaryOp) and isinstance(old.op, ast.Not):
        node.test = old.operand
    else:
        node.test = ast.UnaryOp(op=ast.Not(), operand=old)
    start, end = _span(old)
    return (start, end, ast.unparse(node.test))


def _span(node: ast.AST) -> tuple[tuple[int, int], tuple[int, int]]:
    return (node.lineno, node.col_offset), (node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]


# --- applying a site ------------------------------------------------------------------------------


def _replace_child(tree: ast.AST, old: ast.AST, new: ast.AST) -> None:
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if value is old:
                setattr(parent, field, new)
                return
            if isinstance(value, list):
                for i, item in enumerate(value):
                    if item is old:
                        value[i] = new
                        return


def _splice(lines: list[bytes], start: tuple[int, int], end: tuple[int, int], text: str) -> str:
    """Replace the (1-based line, byte column) range ``start..end`` of the source by ``text``."""
    (l0, c0), (l1, c1) = start, end
    before = b"".join(lines[: l0 - 1]) + lines[l0 - 1][:c0]
    after = lines[l1 - 1][c1:] + b"".join(lines[l1:])
    return (before + text.encode() + after).decode()


def _apply(tree: ast.Module, lines: list[bytes], site: _Site) -> str | None:
    mutated = copy.deepcopy(tree)
    target = next(n for i, n in enumerate(ast.walk(mutated)) if i == site.index)
    result = site.edit(target, mutated)
    expected = ast.dump(mutated)
    if isinstance(result, tuple):
        start, end, text = result
        candidates = [text, f"({text})"] if text else [text]
    else:
        start, end = _span(result)
        text = ast.unparse(result)
        candidates = [text, f"({text})"]
    for replacement in candidates:
        try:
            source = _splice(lines, start, end, replacement)
            if ast.dump(ast.parse(source)) == expected:
                return source
        except (SyntaxError, ValueError, UnicodeDecodeError):
            continue
    try:  # the splice did not reproduce the tree: render the whole module instead
        return ast.unparse(ast.fix_missing_locations(mutated)) + "\n"
    except Exception:  # an unrenderable mutant is simply skipped
        return None


# --- public API -----------------------------------------------------------------------------------


def mutant_fold(code: str, folds: int) -> int:
    """The fold (``0 .. folds-1``) a mutant program belongs to: a stable hash of its AST.

    Formatting and comments do not change the fold (the hash is over ``ast.unparse``), and the
    value is the same in every process and Python version (SHA-256, not ``hash()``).

    Raises:
        ValueError: If ``folds < 1`` or ``code`` does not parse.
    """
    if folds < 1:
        raise ValueError(f"folds must be >= 1, got {folds}")
    try:
        normal = ast.unparse(ast.parse(code))
    except (SyntaxError, ValueError) as exc:
        raise ValueError(f"mutant_fold needs a program that parses: {exc}") from exc
    return _fold_of_normal(normal, folds)


def _fold_of_normal(normal: str, folds: int) -> int:
    return int.from_bytes(hashlib.sha256(normal.encode()).digest()[:8], "big") % folds


def check_fold(fold: tuple[int, int] | None) -> None:
    """Check a ``(index, folds)`` pair (``None`` passes).

    Raises:
        ValueError: Unless ``fold`` is two ints with ``0 <= index < folds``.
    """
    if fold is None:
        return
    if (not isinstance(fold, tuple) or len(fold) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in fold)):
        raise ValueError(f"fold must be a (index, folds) pair of ints, got {fold!r}")
    index, folds = fold
    if folds < 1 or not 0 <= index < folds:
        raise ValueError(f"fold must satisfy 0 <= index < folds, got {fold!r}")


def generate_mutants(code: str, *, max_mutants: int | None = None, seed: int = 0,
                     fold: tuple[int, int] | None = None) -> list[Mutant]:
    """Generate single-change mutants of a Python program.

    Args:
        code: Python source (a module, a function, a script).
        max_mutants: Keep at most this many. When set, mutants are picked so that the operators
            are spread evenly: the operators are visited round-robin in an order shuffled by
            ``seed``, each taking its next site from its own ``seed``-shuffled list (sites that
            give no valid new mutant are skipped); the result is in that pick order (so its
            first few are already diverse). ``None`` returns every
            mutant, in source order within :data:`OPERATORS` order.
        seed: Seed of the selection (only used with ``max_mutants``).
        fold: ``(index, folds)``: keep only mutants with ``mutant_fold(code, folds) == index``
            (``max_mutants`` then counts kept mutants). ``None`` keeps all.

    Returns:
        Distinct mutants that compile and differ from ``code`` (empty if ``code`` does not parse).

    Raises:
        ValueError: If ``max_mutants`` is negative or ``fold`` is not a valid pair.
    """
    if max_mutants is not None and max_mutants < 0:
        raise ValueError(f"max_mutants must be >= 0 or None, got {max_mutants}")
    check_fold(fold)
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return []
    lines = code.encode().splitlines(keepends=True)
    original = ast.unparse(tree)
    by_operator: dict[str, list[_Site]] = {name: [] for name in OPERATORS}
    for site in _sites(tree, lines):
        by_operator[site.operator].append(site)
    for sites in by_operator.values():  # ast.walk is breadth-first: list in source order instead
        sites.sort(key=lambda s: (s.line, s.index))

    seen = {original}

    def realise(site: _Site) -> Mutant | None:
        """Apply one site; None when it does not compile or repeats an earlier mutant."""
        source = _apply(tree, lines, site)
        if source is None:
            return None
        try:
            normal = ast.unparse(ast.parse(source))
            compile(source, "<mutant>", "exec")
        except (SyntaxError, ValueError):
            return None
        if normal in seen:
            return None
        seen.add(normal)
        if fold is not None and _fold_of_normal(normal, fold[1]) != fold[0]:
            return None
        return Mutant(source, site.operator, site.line, site.description)

    if max_mutants is None:
        every = (realise(site) for name in OPERATORS for site in by_operator[name])
        return [m for m in every if m is not None]
    # Seeded round-robin over operators; sites are only applied until enough mutants exist
    # (applying is the costly part), so a big program with a small max_mutants stays fast.
    rng = random.Random(seed)
    order = [name for name in OPERATORS if by_operator[name]]
    rng.shuffle(order)
    queues: dict[str, list[_Site]] = {}
    for name in order:
        queue = list(by_operator[name])
        rng.shuffle(queue)
        queues[name] = queue
    picked: list[Mutant] = []
    while len(picked) < max_mutants and any(queues.values()):
        for name in order:
            queue = queues[name]
            while queue and len(picked) < max_mutants:
                mutant = realise(queue.pop(0))
                if mutant is not None:
                    picked.append(mutant)
                    break
    return picked
