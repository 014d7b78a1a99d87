"""The `kis` command's exit codes: scripts can rely on these (README, `kis --help`)."""

from __future__ import annotations

import enum


class Exit(enum.IntEnum):
    OK = 0
    NO_MATCH = 1  # `kis trs WORDS` found nothing (as grep)
    USAGE = (
        2  # bad command line, unknown TR id or parameter, a value the spec forbids: nothing sent
    )
    CONFIG = 3  # credentials missing or malformed (KIS_APP_KEY, KIS_APP_SECRET, KIS_ENVIRONMENT)
    API = 4  # KIS answered with an error (rt_cd != "0", token endpoint refusals)
    TRANSPORT = 5  # no usable reply: connection, HTTP error, reply off the spec, paging stopped
    UNKNOWN_OUTCOME = 6  # an order was sent and whether KIS executed it is unknown: check first!
    NOT_PLACED = 7  # the order's reply was lost and KIS has no such order: safe to send again
    AMBIGUOUS = 8  # the order's reply was lost and several identical orders match: check them
    INTERRUPTED = 130  # Ctrl-C


HELP = """\
exit codes:
  0    success
  1    `kis trs`: no TR matches the words
  2    usage: bad arguments, unknown TR id or parameter, a value the spec forbids,
       a TR without paper trading on a paper client (nothing was sent)
  3    configuration: KIS_APP_KEY / KIS_APP_SECRET missing, bad KIS_ENVIRONMENT
  4    KIS answered with an error (rt_cd != 0, msg_cd and msg1 printed; token refusals)
  5    no usable reply: connection failure, HTTP error, reply off the spec, paging stopped
  6    an order (POST) was sent and its outcome is unknown: check before retrying
       (reconciling it failed, or the TR has no inquiry to reconcile against)
  7    an order's reply was lost and KIS lists no such order: not placed, safe to resend
  8    an order's reply was lost and several identical orders match: ambiguous, check them
  130  interrupted"""
