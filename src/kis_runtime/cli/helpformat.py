"""One --help style for every command of the project (kis, kis-sim, python -m codegen)."""

from __future__ import annotations

import argparse


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions keep their line breaks; each option's help ends with its default, if any.

    argparse's ArgumentDefaultsHelpFormatter also prints "(default: None)" and "(default:
    False)", which say nothing; this one leaves those out.
    """

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        default = action.default
        if (
            "%(default)" in text
            or default is None
            or default is False
            or default == []
            or default is argparse.SUPPRESS
            or not action.option_strings
        ):
            return text
        return f"{text} (default: %(default)s)"
