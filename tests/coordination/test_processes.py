"""Four processes on one app key through one real Redis: the rate limit holds at send time across
them, and starting together they cause one token issuance."""

from __future__ import annotations

from pathlib import Path

from redis_support import RedisServer, busiest_window, run_workers, sustained_rate


def test_four_processes_share_the_rate_counted_at_send_time(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    # The full figure (4 x 250 calls) takes 50 s: make bench runs it. Here 4 x 20 calls at
    # 20/s: four windows' worth, the same assertions.
    rate = 20
    results = run_workers(redis_server, tmp_path, processes=4, calls=20, rate=rate)
    sent = [t for r in results for t in r["sent"]]
    assert len(sent) == 80
    assert busiest_window(sent) <= rate
    assert sustained_rate(sent, rate) >= 0.95 * rate
    # Every process took part (no one starved), and one token served them all.
    assert all(len(r["sent"]) == 20 for r in results)
    assert sum(len(r["issued"]) for r in results) == 1


def test_four_processes_starting_together_issue_one_token(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    # A slow issuance (0.3 s) widens the window in which a second one could start.
    results = run_workers(redis_server, tmp_path, processes=4, calls=1, rate=100, delay=0.3)
    issued = [t for r in results for t in r["issued"]]
    assert issued == ["token-1"]
    assert [r["used"] for r in results] == [["token-1"]] * 4
