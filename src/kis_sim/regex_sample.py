"""A string matching a spec `pattern`, for example requests and generated data.

Covers what request patterns use (literals, escapes, classes, groups, alternation and
quantifiers); the result is always checked with re.fullmatch, so an unsupported pattern fails
loudly instead of producing a value the server would refuse.
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Callable

_ESCAPES = {"d": string.digits, "w": string.ascii_letters + string.digits + "_", "s": " "}
_MAX_OPEN_REPEAT = 3  # * and + repeat at most this often


class UnsupportedPattern(ValueError):
    pass


def sample(pattern: str, rng: random.Random) -> str:
    text = _Sampler(pattern, rng).alternation()
    if not re.fullmatch(pattern, text):
        raise UnsupportedPattern(f"cannot produce a value matching {pattern!r}")
    return text


class _Sampler:
    def __init__(self, pattern: str, rng: random.Random) -> None:
        self.p, self.i, self.rng = pattern, 0, rng

    def peek(self) -> str:
        return self.p[self.i] if self.i < len(self.p) else ""

    def take(self) -> str:
        char = self.peek()
        self.i += 1
        return char

    def alternation(self) -> str:
        options = [self.sequence()]
        while self.peek() == "|":
            self.take()
            options.append(self.sequence())
        return self.rng.choice(options)

    def sequence(self) -> str:
        out: list[str] = []
        while self.peek() not in ("", "|", ")"):
            atom = self.atom()
            low, high = self.quantifier()
            out.extend(atom() for _ in range(self.rng.randint(low, high)))
        return "".join(out)

    def atom(self) -> Callable[[], str]:
        char = self.take()
        if char == "(":
            if self.p.startswith("?:", self.i):
                self.i += 2
            start = self.i
            self.alternation()  # parse once to find the end; re-sampled per repetition below
            end = self.i
            if self.take() != ")":
                raise UnsupportedPattern(f"unbalanced group in {self.p!r}")
            group = self.p[start:end]
            return lambda: _Sampler(group, self.rng).alternation()
        if char == "[":
            chars = self.char_class()
            return lambda: self.rng.choice(chars)
        if char == "\\":
            escaped = self.take()
            chars = _ESCAPES.get(escaped, escaped)
            return lambda: self.rng.choice(chars)
        if char in ("^", "$"):
            return lambda: ""
        if char == ".":
            return lambda: self.rng.choice(string.ascii_uppercase)
        return lambda: char

    def char_class(self) -> str:
        if self.peek() == "^":
            raise UnsupportedPattern(f"negated classes are not supported: {self.p!r}")
        chars: list[str] = []
        while self.peek() not in ("]", ""):
            char = self.take()
            if char == "\\":
                chars.extend(_ESCAPES.get(self.peek(), self.peek()))
                self.take()
            elif self.peek() == "-" and self.p[self.i + 1 : self.i + 2] not in ("]", ""):
                self.take()
                last = self.take()
                chars.extend(chr(c) for c in range(ord(char), ord(last) + 1))
            else:
                chars.append(char)
        self.take()
        return "".join(chars)

    def quantifier(self) -> tuple[int, int]:
        char = self.peek()
        if char == "?":
            self.take()
            return 0, 1
        if char in ("*", "+"):
            self.take()
            return (0 if char == "*" else 1), _MAX_OPEN_REPEAT
        if char == "{":
            end = self.p.index("}", self.i)
            low, _, high = self.p[self.i + 1 : end].partition(",")
            self.i = end + 1
            if not _:
                return int(low), int(low)
            return int(low or 0), int(high) if high else int(low or 0) + _MAX_OPEN_REPEAT
        return 1, 1
