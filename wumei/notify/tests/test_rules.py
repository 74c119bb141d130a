from wumei.notify import rules


def test_backoff_doubles_from_the_base_and_stops_at_the_cap():
    assert [rules.backoff_seconds(n, 60, 600) for n in range(1, 7)] == [60, 120, 240, 480, 600, 600]


def test_give_up_after_the_last_attempt():
    assert not rules.should_give_up(7, 8)
    assert rules.should_give_up(8, 8)


def test_links_become_absolute_only_with_a_site_address():
    assert rules.absolute_link("https://wumei.gov.cn/", "/dekad/letters/3/") == "https://wumei.gov.cn/dekad/letters/3/"
    assert rules.absolute_link("", "/dekad/letters/3/") == "/dekad/letters/3/"
    assert rules.absolute_link("https://wumei.gov.cn", "") == ""


def test_wecom_markdown_format():
    assert rules.wecom_payload("函件已回复", "已完成供电接入", "https://w/x") == {
        "msgtype": "markdown", "markdown": {"content": "**函件已回复**\n\n已完成供电接入\n\n[查看详情](https://w/x)"}}


def test_dingtalk_signature_of_a_known_timestamp():
    # base64(HMAC-SHA256(b"secret", b"1700000000000\nsecret")) computed once with openssl:
    # printf '1700000000000\nsecret' | openssl dgst -sha256 -hmac secret -binary | base64
    assert rules.dingtalk_signed_query("secret", 1700000000000) == (
        "timestamp=1700000000000&sign=" + SIGN_1700000000000)


def test_addresses_are_masked_on_the_outbox_page():
    assert rules.mask_address("sms", "13800001111") == "138****1111"
    assert rules.mask_address("email", "liaison@county.example") == "l***@county.example"
    assert rules.mask_address("webhook", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k") == (
        "https://qyapi.weixin.qq.com/…")


SIGN_1700000000000 = "OuzzJR5%2BxZ4%2FEYwqtNt6sMYZQMTa%2FHEGvc9miJe7XzY%3D"  # the openssl output, URL-encoded
