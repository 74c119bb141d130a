def pytest_configure(config):
    config.addinivalue_line("markers", "slow: runs the real commands in subprocesses (tens of seconds); "
                                       "part of the default run")
