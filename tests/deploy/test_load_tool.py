"""bench/load.py's own rules, without a server: loopback only, and its figures computed as they say."""

import collections

import pytest

from tests.deploy.servers import load_tool

load = load_tool()

pytestmark = pytest.mark.deploy


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000", "http://localhost:8000/", "http://[::1]:8000",
                                 "http://127.0.0.2:9000"])
def test_the_loopback_may_be_loaded(url):
    assert load.check_loopback(url).port


@pytest.mark.parametrize("url", ["http://10.0.0.5:8000", "http://xm.example.gov.cn", "http://0.0.0.0:8000"])
def test_no_other_address_may_be_loaded(url):
    with pytest.raises(ValueError, match="压力测试只允许回环地址"):
        load.check_loopback(url)


def test_only_plain_http_urls_are_understood():
    with pytest.raises(ValueError, match="只支持"):
        load.check_loopback("https://127.0.0.1:8443")


def test_the_summary_counts_acknowledgements_per_second_and_nearest_rank_percentiles():
    result = load.Result(clients=2, seconds=4.0, acknowledged=[{"report": n} for n in range(10)],
                         latencies=[n / 10 for n in range(1, 11)],  # 0.1 … 1.0 s
                         errors=collections.Counter({"HTTP 500": 1, "ConnectionRefusedError": 2}))
    summary = result.summary()
    assert summary["acknowledged"] == 10 and summary["per_second"] == 2.5
    # p50 over 10 samples: rank round(0.5 × 9) = 4 (0-based) → 0.5 s; p95: round(0.95 × 9) = 9 → 1.0 s.
    assert summary["p50_ms"] == 500.0 and summary["p95_ms"] == 1000.0
    assert summary["errors"] == 3 and summary["errors_by_kind"] == {"HTTP 500": 1, "ConnectionRefusedError": 2}


def test_a_run_without_projects_is_refused():
    with pytest.raises(ValueError, match="计划中没有可报送的项目"):
        load.run("http://127.0.0.1:9", {"assignments": []}, clients=1, seconds=0.1)
