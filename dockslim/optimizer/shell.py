"""The shell view of a RUN body: simple commands, their words, and the operators between them.

Built on tree-sitter-bash, a real shell parser. Everything here is read-only and
exact: every span is a pair of ``str`` offsets into the script, so a pass can turn
what it finds into text edits (``script[start:end]`` is always the text of the
thing).

The parse tree of tree-sitter-bash is not a faithful shell AST in a few places;
this module normalises them so callers never see the quirks:

* a redirection after the last command of a list or pipeline (``a && b > f``)
  is attached by the grammar to the whole list; bash attaches it to ``b``;
* a here-document operator swallows the rest of its line (``cat <<EOF | tee f
  && x`` puts ``| tee f && x`` *inside* the redirect node); those commands are
  put back in the list they belong to;
* words after a redirection target (``cmd > f arg``) are parsed as extra
  targets; they are arguments of the command;
* ``foo\\<newline>bar`` is parsed as two words; bash reads one word ``foobar``;
* newlines between commands are not tokens in the tree; they are reported
  here as ``'\\n'`` operators.

Some inputs make tree-sitter-bash report errors although bash accepts them
(for example ``cat <<EOF; echo x`` or a ``;&`` case terminator); ``Script.ok``
is then False and callers should leave the RUN alone.
"""


import re
import threading
from collections.abc import Iterable
from functools import cached_property
from typing import Any, NamedTuple

__all__ = [
    "Command",
    "Operator",
    "Redirect",
    "Script",
    "Word",
    "parse_shell",
]


# --------------------------------------------------------------------------
# Public data model
# --------------------------------------------------------------------------


class Word(NamedTuple):
    """One shell word.

    ``text`` is the word as written (quotes, escapes and line continuations
    included) and equals ``script[start:end]``. ``value`` is the word after
    quote removal when the word is a plain literal (no expansion of any kind:
    no ``$``, no command substitution, no brace expansion, no leading ``~``);
    glob characters are kept as literal text. Otherwise ``value`` is None.
    """

    text: str
    value: str | None
    start: int
    end: int


class Redirect(NamedTuple):
    """One redirection, e.g. ``> /dev/null``, ``2>&1``, ``<<'EOF'``, ``<<< "$x"``.

    ``text`` equals ``script[start:end]``; for a here-document this is only the
    operator and delimiter (``<<EOF``); the body and closing delimiter line are
    ``script[body_start:body_end]``.
    """

    text: str
    start: int
    end: int
    op: str = ""  # '>', '>>', '<', '>&', '&>', '>|', '<<', '<<-', '<<<', ...
    fd: str | None = None  # explicit descriptor: '2' in '2>&1'
    target: Word | None = None  # file / descriptor / here-doc delimiter / here-string
    body_start: int | None = None  # here-documents only
    body_end: int | None = None  # just after the closing delimiter


class Operator(NamedTuple):
    """A list operator: '&&', '||', ';', '&', '|', '|&' or '\\n' (a newline that
    separates two commands). ``depth``/``context`` describe the list it joins:
    ``|`` in ``a | b`` at the top of the script has depth 0."""

    kind: str
    start: int
    end: int
    depth: int
    context: tuple[str, ...] = ()


class _CommandFields(NamedTuple):
    """The value of a Command (see Command)."""

    words: tuple[Word, ...]
    assignments: tuple[Word, ...]
    argv: tuple[Word, ...]
    redirects: tuple[Redirect, ...]
    start: int
    end: int
    op_before: str | None
    op_after: str | None
    context: tuple[str, ...]
    depth: int


class Command(_CommandFields):
    """One simple command (also ``[ ... ]``/``[[ ... ]]`` tests, ``export``-style
    declarations and bare ``VAR=value`` assignments).

    ``start``/``end`` span the command on its line: assignments, words and
    redirections, but not a here-document body (see ``full_end``).

    ``op_before``/``op_after`` are the operators joining the command (or the
    pipeline/compound construct it starts or ends) to its neighbours in the
    same list. ``op_after`` is also set for a terminating ``;`` or ``&`` with
    nothing after it; a ``'\\n'`` is only reported between two commands.

    ``context`` lists the enclosing constructs, outermost first: 'if',
    'while', 'until', 'for', 'select', 'case', 'group' (``{ }``), 'subshell',
    'function', 'pipeline', 'negated' (``! cmd``), 'command_substitution'
    (``$( )`` and backticks), 'process_substitution'.
    """

    # A subclass with a __dict__: the analysis below is worked out once, on first use, and is
    # not part of the value (equal commands are equal whether or not it was asked for).

    # -- wrappers and program ------------------------------------------------

    @cached_property
    def _analysis(self) -> "_Analysis":
        return _analyse(self.argv)

    @property
    def program(self) -> str | None:
        """The program run, without directory, after skipping wrappers such as
        ``sudo -E``, ``env A=1``, ``nohup``, ``time``; None if not a literal."""
        return self._analysis.program

    @property
    def program_word(self) -> Word | None:
        a = self._analysis
        return self.argv[a.prog_index] if a.prog_index is not None else None

    @property
    def wrappers(self) -> tuple[Word, ...]:
        """The wrapper words skipped before the program (with their options)."""
        a = self._analysis
        end = a.prog_index if a.prog_index is not None else len(self.argv)
        return self.argv[:end]

    @property
    def args(self) -> tuple[Word, ...]:
        """The words after the program."""
        a = self._analysis
        return self.argv[a.prog_index + 1 :] if a.prog_index is not None else ()

    @property
    def python_module(self) -> str | None:
        """'pip' for ``python -m pip``, ``python3.11 -m pip`` ... else None."""
        return self._analysis.module

    @property
    def tool(self) -> str | None:
        """The module for ``python -m MODULE``, else the program."""
        a = self._analysis
        return a.module or a.program

    @property
    def tool_args(self) -> tuple[Word, ...]:
        """Arguments of the tool: after ``-m MODULE`` for ``python -m``, else ``args``."""
        a = self._analysis
        return self.argv[a.tool_args_index :] if a.tool_args_index is not None else ()

    # -- options, subcommand and operands -------------------------------------

    def _options(self) -> "_OptionScan":
        a = self._analysis
        if a.options is None:
            a.options = _scan_options(self.tool_args, _family(a.module or a.program))
        return a.options

    @property
    def subcommand(self) -> Word | None:
        """The first argument of the tool that is not an option nor an option's
        value: 'install' in ``apt-get -y install x`` and ``python -m pip install x``."""
        ops = self._options().operands
        return ops[0] if ops else None

    def has_option(self, *names: str) -> bool:
        """True if any of the options is given: ``-y``, ``--yes``; understands
        clusters (``-qqy`` has ``-q``, ``-qq`` and ``-y``), ``--opt=value`` and
        option values (``-o X`` is not the flag ``-X``). Looks at the tool's
        arguments (after ``-m MODULE`` for ``python -m``), before and after the
        subcommand, up to ``--``."""
        scan = self._options()
        for name in names:
            if name in scan.names:
                return True
            if len(name) > 2 and name[0] == "-" and name[1] != "-":
                letters = name[1:]
                if all(scan.short_counts.get(ch, 0) >= letters.count(ch) for ch in letters):
                    return True
        return False

    def option_words(self, *names: str) -> tuple[Word, ...]:
        """The words carrying any of these options (not their separate values)."""
        wanted = set(names)
        return tuple(o.word for o in self._options().options if wanted.intersection(o.names))

    def option_value(self, *names: str) -> str | None:
        """The value of the last of these options given (``-o X``, ``--opt=X``, ``-oX``)."""
        wanted = set(names)
        found: str | None = None
        for o in self._options().options:
            if wanted.intersection(o.names) and o.value is not None:
                found = o.value
        return found

    def operands(self, after_subcommand: bool = True) -> tuple[Word, ...]:
        """Non-option arguments of the tool after the subcommand (the package
        names of ``apt-get install -y a b``); all of them if ``after_subcommand``
        is False (for commands without subcommands, like ``rm -rf a b``)."""
        ops = self._options().operands
        return ops[1:] if after_subcommand else ops  # already a tuple

    # -- spans ------------------------------------------------------------------

    @property
    def full_end(self) -> int:
        """End of the command including its here-document bodies."""
        end = self.end
        for r in self.redirects:
            if r.body_end is not None and r.body_end > end:
                end = r.body_end
        return end


class Script(NamedTuple):
    """A parsed RUN body.

    ``commands``: every simple command in source order, nested ones included.
    ``top_level``: the commands that run unconditionally in the script's own
    list, i.e. whose context is empty or just ``('pipeline',)``.
    ``operators``: every list operator (with synthesised ``'\\n'`` ones).
    ``ok``: False when the parser reported an error or a missing token.
    ``end_of_last_command``: offset just after the last top-level statement
    (a simple command or a compound one such as ``if ... fi``), before a
    trailing ``;``/``&``, whitespace or comments; for a command with a
    here-document, the end of its line (where `` && more`` can be inserted).
    """

    text: str
    commands: tuple[Command, ...]
    top_level: tuple[Command, ...]
    operators: tuple[Operator, ...]
    ok: bool
    end_of_last_command: int

    def find(
        self, program: str | Iterable[str], subcommand: str | Iterable[str] | None = None
    ) -> tuple[Command, ...]:
        """Commands whose program (or ``python -m`` module) is ``program`` and,
        if given, whose subcommand value is ``subcommand``; either may be a
        collection of names."""
        progs = {program} if isinstance(program, str) else set(program)
        subs = None if subcommand is None else ({subcommand} if isinstance(subcommand, str) else set(subcommand))
        out = []
        for c in self.commands:
            if c.program in progs or (c.python_module is not None and c.python_module in progs):
                if subs is not None:
                    sc = c.subcommand
                    if sc is None or sc.value not in subs:
                        continue
                out.append(c)
        return tuple(out)

    def has_top_level(self, op: str) -> bool:
        """True if the operator joins statements of the script's own list (depth 0)."""
        return any(o.kind == op and o.depth == 0 for o in self.operators)

    def operators_between(self, start: int, end: int) -> tuple[Operator, ...]:
        """The operators lying within text[start:end]."""
        return tuple(o for o in self.operators if start <= o.start and o.end <= end)


def parse_shell(script: str) -> Script:
    """Parse a RUN body (shell text, line continuations may still be in it)."""
    tree = _get_parser().parse(_ascii_stand_in(script))
    root = tree.root_node
    b = _Builder(script)
    root_items = b.level(root.children, ())
    commands = sorted(b.commands, key=lambda c: (c.start, c.depth))
    operators = sorted(b.operators, key=lambda o: o.start)
    top = tuple(c for c in commands if not c.context or c.context == ("pipeline",))
    last = root_items[-1].end if root_items else 0
    return Script(
        text=script,
        commands=tuple(commands),
        top_level=top,
        operators=tuple(operators),
        ok=not root.has_error,
        end_of_last_command=last,
    )


# --------------------------------------------------------------------------
# Parser and offsets
# --------------------------------------------------------------------------

_LANGUAGE: Any = None
_LOCAL = threading.local()  # a tree-sitter Parser must not be shared between threads


def _get_parser() -> Any:
    """The bash parser of this thread, created on first use."""
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        global _LANGUAGE
        from tree_sitter import Language, Parser

        if _LANGUAGE is None:
            _LANGUAGE = Language(_bash_grammar())
        parser = _LOCAL.parser = Parser(_LANGUAGE)
    return parser


def _bash_grammar() -> Any:
    """tree-sitter-bash's grammar from its compiled binding alone: the package's __init__
    imports importlib.resources (for highlight queries dockslim never reads), which costs a
    cold start more than the grammar itself."""
    import importlib.machinery
    import importlib.util
    import os

    spec = importlib.util.find_spec("tree_sitter_bash")  # finds the package, runs nothing
    for folder in (spec and spec.submodule_search_locations) or ():
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = os.path.join(folder, "_binding" + suffix)
            if os.path.isfile(path):
                binding = importlib.util.spec_from_file_location("tree_sitter_bash._binding", path)
                module = importlib.util.module_from_spec(binding)
                binding.loader.exec_module(module)
                return module.language()
    import tree_sitter_bash  # laid out otherwise: the ordinary way

    return tree_sitter_bash.language()


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _ascii_stand_in(text: str) -> bytes:
    """The script with every non-ASCII character replaced by one ASCII letter.

    Bash reads bytes above 0x7f as ordinary word characters, so a letter in their place
    parses the same; and byte offsets are then str offsets. It also keeps tree-sitter-bash
    away from its scanner's crashes on some non-ASCII input (seen: a segmentation fault).
    """
    if text.isascii():
        return text.encode("ascii")
    return _NON_ASCII.sub("x", text).encode("ascii")


# --------------------------------------------------------------------------
# Tree walking
# --------------------------------------------------------------------------

_LIST_OPS = frozenset({"&&", "||", ";", "&", "|", "|&"})
_REDIRECTS = frozenset({"file_redirect", "heredoc_redirect", "herestring_redirect"})
_SIMPLE = frozenset(
    {"command", "declaration_command", "unset_command", "test_command", "variable_assignment", "variable_assignments"}
)
_COMPOUND = frozenset(
    {
        "if_statement",
        "while_statement",
        "for_statement",
        "c_style_for_statement",
        "case_statement",
        "subshell",
        "compound_statement",
        "function_definition",
    }
)
_STRUCTURAL = frozenset({"do_group", "elif_clause", "else_clause", "case_item"})
_EXPR_FIELDS = frozenset({"value", "variable", "name", "initializer", "update"})
_SUBST = frozenset({"command_substitution", "process_substitution"})


class _Item:
    """One statement of a list while the list is being assembled."""

    __slots__ = (
        "node",
        "redirects",
        "extra_words",
        "scan_nodes",
        "extra_ctx",
        "pipe",
        "op_before",
        "op_after",
        "start",
        "end",
        "full_end",
        "words",
    )

    def __init__(self, node: Any) -> None:
        self.node = node
        self.redirects: list[Redirect] = []
        self.extra_words: list[Any] = []
        self.scan_nodes: list[Any] = []
        self.extra_ctx: tuple[str, ...] = ()
        self.pipe = False
        self.op_before: str | None = None
        self.op_after: str | None = None
        self.start = 0
        self.end = 0
        self.full_end = 0
        self.words: list[tuple[Word, list[Any]]] | None = None


class _Builder:
    """Builds commands and operators from the tree; byte offsets equal str offsets
    because the tree was parsed from an ASCII stand-in of the text."""

    __slots__ = ("text", "commands", "operators")

    def __init__(self, text: str) -> None:
        self.text = text
        self.commands: list[Command] = []
        self.operators: list[Operator] = []

    # -- offsets ----------------------------------------------------------------

    def s(self, b: int) -> int:
        return b

    def raw(self, n: Any) -> str:
        return self.text[n.start_byte : n.end_byte]

    # -- lists --------------------------------------------------------------------

    def level(self, nodes: Iterable[Any], ctx: tuple[str, ...]) -> list[_Item]:
        """Process one statement list; returns its items (statements)."""
        seq: list[Any] = []
        for n in nodes:
            self.flatten(n, seq)
        items = [e for e in seq if type(e) is _Item]
        if not items:
            return items
        for it in items:
            self.measure(it)
        self.link(seq, ctx)
        # the newline op_after of a statement is only known once its successor is seen
        for a, b in zip(items, items[1:]):
            if a.op_after is None:
                a.op_after = b.op_before
        for it in items:
            ictx = ctx + ("pipeline",) if it.pipe else ctx
            self.emit(it, ictx + it.extra_ctx)
        return items

    def link(self, seq: list[Any], ctx: tuple[str, ...]) -> None:
        """Record the operators of a flattened list and tell each statement the operator
        before and after it; statements joined by `|` or `|&` are marked as a pipeline."""
        depth = len(ctx)
        prev: _Item | None = None
        pending: str | None = None
        run_end = -1
        for e in seq:
            if type(e) is not _Item:
                kind, start, end = e
                self.operators.append(Operator(kind, start, end, depth, ctx))
                if prev is not None and pending is None:
                    prev.op_after = kind
                pending = kind
                continue
            if prev is not None:
                if pending is None:
                    pending = self.newline_operator(run_end, e.start, ctx)
                e.op_before = pending
                if pending == "|" or pending == "|&":
                    prev.pipe = True
                    e.pipe = True
            pending = None
            prev = e
            if e.full_end > run_end:
                run_end = e.full_end

    def newline_operator(self, a: int, b: int, ctx: tuple[str, ...]) -> str | None:
        """Record the newline separating two statements in text[a:b] as an operator;
        None when there is none (which only happens in error recovery)."""
        pos = self.newline_between(a, b)
        if pos < 0:
            return None
        self.operators.append(Operator("\n", pos, pos + 1, len(ctx), ctx))
        return "\n"

    def list_operator(self, n: Any, seq: list[Any]) -> bool:
        """Append an unnamed node that is a list operator (not a MISSING token) to ``seq``."""
        if n.type in _LIST_OPS and n.end_byte > n.start_byte:
            seq.append((n.type, self.s(n.start_byte), self.s(n.end_byte)))
            return True
        return False

    def flatten(self, n: Any, seq: list[Any]) -> None:
        """Append the statements (as _Item) and list operators (as (kind, start, end))
        below ``n`` to ``seq``, in order."""
        t = n.type
        if not n.is_named:
            self.list_operator(n, seq)
        elif t == "list" or t == "pipeline":
            self.flatten_chain(n, seq)
        elif t == "redirected_statement":
            self.flatten_redirected(n, seq)
        elif t == "negated_command":
            self.flatten_negated(n, seq)
        elif t != "comment":
            it = _Item(n)
            seq.append(it)
            if t in _SIMPLE:
                for c in n.children:
                    if c.type in _REDIRECTS:
                        self.attach(it, c, seq)

    def flatten_chain(self, n: Any, seq: list[Any]) -> None:
        # tree-sitter nests a long chain to the left (((a && b) && c) && d): walk down
        # that spine without recursion, then take each level's right-hand side in order
        spine = [n]
        while spine[-1].children and spine[-1].children[0].type in ("list", "pipeline"):
            spine.append(spine[-1].children[0])
        for depth in range(len(spine) - 1, -1, -1):
            children = spine[depth].children
            for c in children[1:] if depth < len(spine) - 1 else children:
                self.flatten(c, seq)

    def flatten_redirected(self, n: Any, seq: list[Any]) -> None:
        mark = len(seq)
        redirects = []
        for c in n.children:
            if c.type in _REDIRECTS:
                redirects.append(c)
            elif c.is_named and c.type != "comment":
                self.flatten(c, seq)
        target = None
        for e in reversed(seq[mark:]):
            if type(e) is _Item:
                target = e
                break
        if target is None:  # a statement that is only redirections: `> file`
            target = _Item(None)
            seq.append(target)
        for r in redirects:
            self.attach(target, r, seq)

    def flatten_negated(self, n: Any, seq: list[Any]) -> None:
        mark = len(seq)
        for c in n.children:
            if c.is_named:
                self.flatten(c, seq)
        for e in seq[mark:]:
            if type(e) is _Item:
                e.extra_ctx = ("negated",) + e.extra_ctx

    def attach(self, it: _Item, r: Any, seq: list[Any]) -> None:
        """Attach redirection node ``r`` to item ``it``; commands that the grammar
        tucked inside a here-document redirect continue the list in ``seq``."""
        if r.type == "heredoc_redirect":
            self.attach_heredoc(it, r, seq)
            return
        fd = None
        op = ""
        dest = None
        for c in r.children:
            ct = c.type
            if ct == "file_descriptor":
                fd = self.raw(c)
            elif not c.is_named:
                if not op:
                    op = ct
            elif dest is None:
                dest = c
            elif ct != "comment":
                it.extra_words.append(c)  # `cmd > f arg`: arg is an argument of cmd
        start = self.s(r.start_byte)
        if dest is not None:
            it.scan_nodes.append(dest)
            end = self.s(dest.end_byte)
            target = self.word([dest])
        else:
            end = self.s(r.end_byte)
            target = None
        it.redirects.append(Redirect(self.text[start:end], start, end, op, fd, target))

    def attach_heredoc(self, it: _Item, r: Any, seq: list[Any]) -> None:
        op = ""
        start_node = None
        body_start = body_end = None
        for ci, c in enumerate(r.children):
            ct = c.type
            if not c.is_named:
                if not self.list_operator(c, seq) and start_node is None:
                    op = ct
            elif ct == "heredoc_start":
                start_node = c
            elif ct == "heredoc_body":
                body_start = self.s(c.start_byte)
                it.scan_nodes.append(c)
            elif ct == "heredoc_end":
                if body_start is None:
                    body_start = self.s(c.start_byte)
                body_end = self.s(c.end_byte)
            elif ct in _REDIRECTS:
                self.attach(it, c, seq)
            elif ct == "comment":
                pass
            elif r.field_name_for_child(ci) == "argument":
                it.extra_words.append(c)
            else:
                self.flatten(c, seq)
        start = self.s(r.start_byte)
        end = self.s(start_node.end_byte) if start_node is not None else start + len(op)
        target = None
        if start_node is not None:
            delim = self.raw(start_node)
            target = Word(delim, _heredoc_delimiter(delim), self.s(start_node.start_byte), end)
        it.redirects.append(
            Redirect(self.text[start:end], start, end, op, None, target, body_start, body_end)
        )

    def newline_between(self, a: int, b: int) -> int:
        """Offset of the newline separating two statements in text[a:b], or -1."""
        text = self.text
        i = max(a, 0)
        while i < b:
            ch = text[i]
            if ch == "\n":
                return i
            if ch == "\\" and i + 1 < b and text[i + 1] == "\n":
                i += 2
                continue
            if ch == "#":
                return text.find("\n", i, b)
            i += 1
        return -1

    # -- items ----------------------------------------------------------------------

    def measure(self, it: _Item) -> None:
        n = it.node
        if n is None or n.type in _SIMPLE:
            it.words = self.words_of(it)
            starts = [w.start for w, _ in it.words]
            ends = [w.end for w, _ in it.words]
        else:
            starts = [self.s(n.start_byte)]
            ends = [self.s(n.end_byte)]
        starts.extend(r.start for r in it.redirects)
        ends.extend(r.end for r in it.redirects)
        it.start = min(starts) if starts else 0
        it.end = max(ends) if ends else 0
        full = it.end
        for r in it.redirects:
            if r.body_end is not None and r.body_end > full:
                full = r.body_end
        if n is not None and n.type not in _SIMPLE:
            full = max(full, self.s(n.end_byte))
        it.full_end = full

    def emit(self, it: _Item, ctx: tuple[str, ...]) -> None:
        n = it.node
        for sn in it.scan_nodes:
            self.scan(sn, ctx)
        if n is None or n.type in _SIMPLE:
            words = it.words or []
            nassign = 0
            for w, nodes in words:
                if nodes[0].type == "variable_assignment" and n is not None and n.type != "declaration_command":
                    nassign += 1
                else:
                    break
            wtuple = tuple(w for w, _ in words)
            self.commands.append(
                Command(
                    words=wtuple,
                    assignments=wtuple[:nassign],
                    argv=wtuple[nassign:],
                    redirects=tuple(sorted(it.redirects, key=lambda r: r.start)),
                    start=it.start,
                    end=it.end,
                    op_before=it.op_before,
                    op_after=it.op_after,
                    context=ctx,
                    depth=len(ctx),
                )
            )
            for _, nodes in words:
                for wn in nodes:
                    if wn.child_count:
                        self.scan(wn, ctx)
        elif n.type in _COMPOUND:
            self.compound(n, ctx)
        else:
            self.scan(n, ctx)

    def words_of(self, it: _Item) -> "list[tuple[Word, list[Any]]]":
        n = it.node
        nodes: list[Any] = []
        if n is not None:
            t = n.type
            if t == "test_command":
                self.test_leaves(n, nodes)
            elif t == "variable_assignment":
                nodes.append(n)
            elif t == "variable_assignments":
                nodes.extend(c for c in n.children if c.type == "variable_assignment")
            else:
                for c in n.children:
                    ct = c.type
                    if ct in _REDIRECTS or ct == "comment":
                        continue
                    if ct == "command_name":
                        if c.named_child_count == 1:
                            c = c.named_children[0]
                        nodes.append(c)
                    elif ct == "variable_assignments":
                        nodes.extend(c.named_children)
                    else:
                        nodes.append(c)
        nodes.extend(it.extra_words)
        nodes.sort(key=lambda x: x.start_byte)
        # merge nodes that bash reads as one word: no blank between them, or
        # only backslash-newline line continuations
        groups: list[list[Any]] = []
        src_text = self.text
        prev_end = -1
        for wn in nodes:
            sb = wn.start_byte
            if groups and sb >= prev_end:
                gap = src_text[self.s(prev_end) : self.s(sb)]
                if not gap.replace("\\\n", ""):
                    groups[-1].append(wn)
                    prev_end = wn.end_byte
                    continue
            groups.append([wn])
            prev_end = wn.end_byte
        return [(self.word(g), g) for g in groups]

    def test_leaves(self, n: Any, out: list[Any]) -> None:
        for c in n.children:
            ct = c.type
            if ct in ("binary_expression", "unary_expression", "parenthesized_expression", "ternary_expression",
                      "postfix_expression", "negated_expression"):
                self.test_leaves(c, out)
            elif ct != "comment":
                out.append(c)

    # -- words ------------------------------------------------------------------------

    def word(self, nodes: list[Any]) -> Word:
        first = nodes[0]
        start = first.start_byte
        end = nodes[-1].end_byte
        text = self.text[start:end]
        if len(nodes) == 1 and first.type == "word" and text[:1] != "~" and "\\" not in text and "{" not in text:
            return Word(text, text, start, end)  # the common case: a plain unquoted word
        unq: list[str] = []
        parts: list[str] = []
        value: str | None = ""
        for i, wn in enumerate(nodes):
            if i:
                gap = self.text[self.s(nodes[i - 1].end_byte) : self.s(wn.start_byte)]
                if gap:
                    unq.append("\0")
            v = self.lit(wn, unq)
            if v is None:
                value = None
                break
            parts.append(v)
        if value is not None:
            shape = "".join(unq)
            if shape.startswith("~") or _has_brace_expansion(shape):
                value = None
            else:
                value = "".join(parts)
        return Word(text, value, start, end)

    def lit(self, n: Any, unq: list[str]) -> str | None:
        """Literal value of a word node; records unquoted text shape in ``unq``."""
        t = n.type
        if not n.is_named:
            raw = self.raw(n)
            if "$" in raw or "`" in raw:
                return None
            unq.append(raw)
            return raw
        if t == "word" or t == "extglob_pattern":
            raw = self.raw(n)
            if "\\" in raw:
                unq.append(_neutralise_escapes(raw))
                return _unescape(raw)
            unq.append(raw)
            return raw
        if t == "number" or t == "test_operator" or t == "regex" or t == "variable_name":
            raw = self.raw(n)
            unq.append(raw)
            return raw
        if t == "raw_string":
            unq.append("\0")
            return self.raw(n)[1:-1]
        if t == "string":
            return self.lit_string(n, unq)
        if t == "concatenation" or t == "command_name":
            return self.lit_parts(n.children, unq)
        if t == "variable_assignment":
            return self.lit_assignment(n, unq)
        return None

    def lit_string(self, n: Any, unq: list[str]) -> str | None:
        """A double-quoted string is literal when it holds no expansion."""
        out = []
        for c in n.children:
            if c.is_named:
                if c.type != "string_content":
                    return None
                out.append(_unescape_dq(self.raw(c)))
        unq.append("\0")
        return "".join(out)

    def lit_parts(self, nodes: Iterable[Any], unq: list[str]) -> str | None:
        """The literal value of nodes read as one word; None if any part is not literal."""
        out = []
        for c in nodes:
            v = self.lit(c, unq)
            if v is None:
                return None
            out.append(v)
        return "".join(out)

    def lit_assignment(self, n: Any, unq: list[str]) -> str | None:
        """``NAME=value`` is literal when its value is, and does not start with a tilde."""
        children = n.children
        for i, c in enumerate(children):
            if not c.is_named and c.type in ("=", "+="):
                prefix = self.text[self.s(n.start_byte) : self.s(c.end_byte)]
                unq.append(prefix)
                vstart = len(unq)
                value = self.lit_parts(children[i + 1 :], unq)
                if value is None or "".join(unq[vstart:]).startswith("~"):
                    return None
                return prefix + value
        return None

    # -- nested constructs ------------------------------------------------------------

    def scan(self, node: Any, ctx: tuple[str, ...]) -> None:
        """Find command/process substitutions below ``node`` and walk them."""
        stack = [node]
        while stack:
            n = stack.pop()
            t = n.type
            if t in _SUBST:
                self.level(n.children, ctx + (t,))
            elif n.child_count:
                stack.extend(n.children)

    def compound(self, n: Any, ctx: tuple[str, ...]) -> None:
        t = n.type
        children = n.children
        if t == "if_statement":
            name = "if"
        elif t in ("while_statement", "for_statement"):
            name = children[0].type  # while/until, for/select
        elif t == "c_style_for_statement":
            name = "for"
        elif t == "case_statement":
            name = "case"
        elif t == "subshell":
            name = "subshell"
        elif t == "compound_statement":
            if children and children[0].type == "((":  # arithmetic command
                self.scan(n, ctx)
                return
            name = "group"
        else:
            name = "function"
        self.segments(n, ctx + (name,))

    def segments(self, n: Any, ctx: tuple[str, ...]) -> None:
        """Walk the statement lists of a compound construct, split by keywords."""
        t = n.type
        seg: list[Any] = []
        children = n.children
        first = self.case_patterns(n, ctx) if t == "case_item" else 0
        for i in range(first, len(children)):
            c = children[i]
            ct = c.type
            if c.is_named:
                if ct in _STRUCTURAL:
                    if seg:
                        self.level(seg, ctx)
                        seg = []
                    self.segments(c, ctx)
                    continue
                if ct == "comment":
                    continue
                fname = n.field_name_for_child(i)
                if fname in _EXPR_FIELDS or (fname == "condition" and t == "c_style_for_statement"):
                    self.scan(c, ctx)
                elif fname == "body" and t == "function_definition":
                    self.function_body(c, ctx)
                else:
                    seg.append(c)
            elif ct in _LIST_OPS:
                seg.append(c)
            elif seg:  # a keyword ends the current list
                self.level(seg, ctx)
                seg = []
        if seg:
            self.level(seg, ctx)

    def case_patterns(self, item: Any, ctx: tuple[str, ...]) -> int:
        """Scan the patterns of a case item; returns the index of the child after its `)`."""
        children = item.children
        for i, c in enumerate(children):
            if c.type == ")":
                return i + 1
            if c.is_named:
                self.scan(c, ctx)
        return len(children)

    def function_body(self, body: Any, ctx: tuple[str, ...]) -> None:
        if body.type == "compound_statement":
            self.segments(body, ctx)
        elif body.type == "subshell":
            self.segments(body, ctx + ("subshell",))
        else:
            self.level([body], ctx)


# --------------------------------------------------------------------------
# Quote removal helpers
# --------------------------------------------------------------------------


_ESCAPED = re.compile(r"\\(.)", re.DOTALL)
_ESCAPED_IN_DQ = re.compile(r'\\([$`"\\\n])')


def _drop_backslash(m: re.Match) -> str:
    return "" if m.group(1) == "\n" else m.group(1)  # `\<newline>` is a line continuation


def _unescape(raw: str) -> str:
    """Backslash removal in an unquoted word (``\\<newline>`` disappears)."""
    return _ESCAPED.sub(_drop_backslash, raw)


def _neutralise_escapes(raw: str) -> str:
    return _ESCAPED.sub("\0\0", raw)


def _unescape_dq(raw: str) -> str:
    """Backslash removal inside double quotes."""
    return _ESCAPED_IN_DQ.sub(_drop_backslash, raw) if "\\" in raw else raw


def _has_brace_expansion(shape: str) -> bool:
    """``{a,b}`` / ``{1..3}`` in the unquoted parts of a word (quoted parts are \\0)."""
    i = shape.find("{")
    while i >= 0:
        depth = 0
        for j in range(i, len(shape)):
            ch = shape[j]
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    inner = shape[i + 1 : j]
                    if "," in inner or ".." in inner:
                        return True
                    break
        i = shape.find("{", i + 1)
    return False


def _heredoc_delimiter(raw: str) -> str | None:
    out = []
    quote = None
    i = 0
    while i < len(raw):
        ch = raw[i]
        if quote:
            if ch == quote:
                quote = None
            else:
                out.append(ch)
        elif ch in "'\"":
            quote = ch
        elif ch == "\\" and i + 1 < len(raw):
            out.append(raw[i + 1])
            i += 1
        else:
            out.append(ch)
        i += 1
    return "".join(out)


# --------------------------------------------------------------------------
# Programs, wrappers and options
# --------------------------------------------------------------------------


class _WrapperSpec:
    """How a wrapper (sudo, env, timeout...) reads its own arguments. The tables below are
    read-only; plain classes, as a dataclass costs a millisecond of start-up each."""

    __slots__ = ("short_values", "long_values", "positionals", "assignments", "query_flags")

    def __init__(self, short_values: str = "", long_values: frozenset[str] = frozenset(), positionals: int = 0,
                 assignments: bool = False, query_flags: frozenset[str] = frozenset()) -> None:
        self.short_values = short_values  # short options that take a value
        self.long_values = long_values
        self.positionals = positionals  # mandatory arguments before the command (timeout DURATION)
        self.assignments = assignments  # accepts NAME=value words before the command
        self.query_flags = query_flags  # flags that mean "no command is run"


_WRAPPERS: dict[str, _WrapperSpec] = {
    "sudo": _WrapperSpec(
        "ugCDhpRrTt",
        frozenset(
            {"--user", "--group", "--close-from", "--chdir", "--host", "--prompt", "--chroot", "--role",
             "--type", "--command-timeout", "--other-user"}
        ),
        assignments=True,
        query_flags=frozenset({"-l", "--list", "-v", "--validate", "-k", "-K", "--reset-timestamp",
                               "--remove-timestamp", "-V", "--version", "-h", "--help", "-e", "--edit"}),
    ),
    "doas": _WrapperSpec("uC"),
    "env": _WrapperSpec("uCS", frozenset({"--unset", "--chdir", "--split-string"}), assignments=True),
    "command": _WrapperSpec(query_flags=frozenset({"-v", "-V"})),
    "builtin": _WrapperSpec(),
    "exec": _WrapperSpec("a"),
    "nohup": _WrapperSpec(),
    "time": _WrapperSpec("of", frozenset({"--output", "--format"})),
    "nice": _WrapperSpec("n", frozenset({"--adjustment"})),
    "ionice": _WrapperSpec("cnpPu", frozenset({"--class", "--classdata", "--pid", "--pgid", "--uid"})),
    "stdbuf": _WrapperSpec("ioe", frozenset({"--input", "--output", "--error"})),
    "timeout": _WrapperSpec("sk", frozenset({"--signal", "--kill-after"}), positionals=1),
    "eatmydata": _WrapperSpec(),
    "chronic": _WrapperSpec(),
    "gosu": _WrapperSpec(positionals=1),
    "su-exec": _WrapperSpec(positionals=1),
    "chroot": _WrapperSpec(long_values=frozenset({"--userspec", "--groups"}), positionals=1),
}


def _basename(value: str) -> str:
    return value.rsplit("/", 1)[-1] if "/" in value else value


def _is_assignment(value: str) -> bool:
    eq = value.find("=")
    if eq <= 0:
        return False
    name = value[:eq]
    return (name[0].isalpha() or name[0] == "_") and all(ch.isalnum() or ch == "_" for ch in name)


def _skip_wrapper(argv: tuple[Word, ...], i: int, spec: _WrapperSpec) -> int | None:
    """Index of the command after the wrapper at ``argv[i]``; None if the
    wrapper runs no command (or it cannot be told)."""
    n = len(argv)
    i += 1
    positionals = spec.positionals
    while i < n:
        v = argv[i].value
        if v is None:
            return None if positionals else i  # e.g. `sudo "$CMD"`: a command, not literal
        if v == "--":
            i += 1
            break
        if v in spec.query_flags:
            return None
        if v.startswith("--"):
            name = v.split("=", 1)[0]
            if name in spec.query_flags:
                return None
            i += 2 if ("=" not in v and name in spec.long_values) else 1
            continue
        if v.startswith("-") and len(v) > 1:
            cluster = v[1:]
            consumed = 1
            for k, ch in enumerate(cluster):
                if "-" + ch in spec.query_flags:
                    return None
                if ch in spec.short_values:
                    if k == len(cluster) - 1:
                        consumed = 2
                    break
            i += consumed
            continue
        if v == "-" and spec is _WRAPPERS["env"]:
            i += 1
            continue
        if spec.assignments and _is_assignment(v):
            i += 1
            continue
        break
    i += positionals
    return i if i < n else None


_PYTHON_NAMES = ("python", "pypy")


def _is_python(program: str) -> bool:
    for base in _PYTHON_NAMES:
        if program.startswith(base):
            rest = program[len(base) :]
            return all(ch.isdigit() or ch == "." for ch in rest)
    return False


class _Analysis:
    __slots__ = ("program", "prog_index", "module", "tool_args_index", "options")

    def __init__(self) -> None:
        self.program: str | None = None
        self.prog_index: int | None = None
        self.module: str | None = None
        self.tool_args_index: int | None = None
        self.options: _OptionScan | None = None


def _analyse(argv: tuple[Word, ...]) -> _Analysis:
    a = _Analysis()
    i = 0
    n = len(argv)
    while i < n:
        v = argv[i].value
        if v is None:
            a.prog_index = i
            return a
        name = _basename(v)
        spec = _WRAPPERS.get(name)
        if spec is not None:
            nxt = _skip_wrapper(argv, i, spec)
            if nxt is not None:
                i = nxt
                continue
        a.program = name
        a.prog_index = i
        a.tool_args_index = i + 1
        if _is_python(name):
            _python_module(argv, i + 1, a)
        return a
    return a


def _python_module(argv: tuple[Word, ...], i: int, a: _Analysis) -> None:
    n = len(argv)
    while i < n:
        v = argv[i].value
        if v is None or not v.startswith("-") or v == "-" or v == "--":
            return
        if v.startswith("--"):
            i += 1
            continue
        cluster = v[1:]
        for k, ch in enumerate(cluster):
            rest = cluster[k + 1 :]
            if ch == "c":
                return
            if ch == "m":
                if rest:
                    a.module, a.tool_args_index = rest, i + 1
                elif i + 1 < n and argv[i + 1].value is not None:
                    a.module, a.tool_args_index = argv[i + 1].value, i + 2
                return
            if ch in "WXQ":
                if not rest:
                    i += 1
                break
        i += 1


class _OptionSpec:
    __slots__ = ("short_values", "long_values")

    def __init__(self, short_values: str = "", long_values: frozenset[str] = frozenset()) -> None:
        self.short_values = short_values
        self.long_values = long_values


_APT = _OptionSpec(
    "octa",
    frozenset({"--option", "--config-file", "--target-release", "--default-release", "--host-architecture"}),
)
_APK = _OptionSpec(
    "tXp",
    frozenset(
        {"--virtual", "--repository", "--root", "--keys-dir", "--arch", "--cache-dir", "--repositories-file",
         "--cache-max-age", "--progress-fd", "--wait", "--timeout"}
    ),
)
_PIP = _OptionSpec(
    "rcetifdCb",
    frozenset(
        {"--requirement", "--constraint", "--editable", "--target", "--index-url", "--extra-index-url",
         "--find-links", "--platform", "--python-version", "--implementation", "--abi", "--root", "--prefix",
         "--src", "--upgrade-strategy", "--install-option", "--global-option", "--config-settings",
         "--no-binary", "--only-binary", "--progress-bar", "--root-user-action", "--report", "--cache-dir",
         "--proxy", "--log", "--log-file", "--timeout", "--retries", "--exists-action", "--trusted-host",
         "--cert", "--client-cert", "--python", "--use-feature", "--use-deprecated", "--keyring-provider",
         "--dest", "--build", "--index", "--hash"}
    ),
)
_NPM = _OptionSpec(
    "wC",
    frozenset(
        {"--prefix", "--registry", "--cache", "--userconfig", "--globalconfig", "--loglevel", "--workspace",
         "--tag", "--omit", "--only", "--include", "--access", "--otp", "--install-strategy"}
    ),
)
_YUM = _OptionSpec(
    "cdexR",
    frozenset(
        {"--config", "--installroot", "--releasever", "--enablerepo", "--disablerepo", "--setopt", "--exclude",
         "--repo", "--repoid", "--forcearch", "--repofrompath", "--downloaddir", "--destdir", "--debuglevel",
         "--errorlevel", "--disableplugin", "--enableplugin", "--rpmverbosity", "--color", "--comment",
         "--advisory", "--advisories", "--bz", "--cve", "--sec-severity", "--secseverity", "--setopt"}
    ),
)
_GENERIC = _OptionSpec()

_FAMILIES: dict[str, _OptionSpec] = {
    "apt-get": _APT,
    "apt": _APT,
    "apt-cache": _APT,
    "apt-mark": _APT,
    "aptitude": _APT,
    "apk": _APK,
    "pip": _PIP,
    "npm": _NPM,
    "yum": _YUM,
    "dnf": _YUM,
    "microdnf": _YUM,
    "tdnf": _YUM,
}


def _family(program: str | None) -> _OptionSpec:
    if program is None:
        return _GENERIC
    spec = _FAMILIES.get(program)
    if spec is not None:
        return spec
    if program.startswith("pip") and all(ch.isdigit() or ch == "." for ch in program[3:]):
        return _PIP
    return _GENERIC


class _Option:
    __slots__ = ("word", "names", "value")

    def __init__(self, word: Word, names: tuple[str, ...], value: str | None) -> None:
        self.word, self.names, self.value = word, names, value


class _OptionScan:
    __slots__ = ("options", "operands", "names", "short_counts")

    def __init__(self) -> None:
        self.options: list[_Option] = []
        self.operands: list[Word] = []
        self.names: set[str] = set()
        self.short_counts: dict[str, int] = {}


def _scan_options(args: tuple[Word, ...], spec: _OptionSpec) -> _OptionScan:
    scan = _OptionScan()
    n = len(args)
    i = 0
    while i < n:
        w = args[i]
        v = w.value
        i += 1
        if v is None or not v.startswith("-") or v == "-":
            scan.operands.append(w)
            continue
        if v == "--":
            scan.operands.extend(args[i:])
            break
        if v.startswith("--"):
            name, eq, val = v.partition("=")
            value: str | None = val if eq else None
            if not eq and name in spec.long_values and i < n:
                value = args[i].value
                i += 1
            scan.options.append(_Option(w, (name,), value))
            scan.names.add(name)
            continue
        # short option cluster: -qqy, -oFoo=bar, -q=2
        names = []
        value = None
        cluster = v[1:]
        for k, ch in enumerate(cluster):
            if ch == "=":
                value = cluster[k + 1 :]
                break
            names.append("-" + ch)
            scan.short_counts[ch] = scan.short_counts.get(ch, 0) + 1
            if ch in spec.short_values:
                rest = cluster[k + 1 :]
                if rest:
                    value = rest[1:] if rest.startswith("=") else rest
                elif i < n:
                    value = args[i].value
                    i += 1
                break
        scan.names.update(names)
        scan.names.add(v)
        scan.options.append(_Option(w, tuple(names) + (v,), value))
    scan.operands = tuple(scan.operands)
    return scan
