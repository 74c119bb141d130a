#!/usr/bin/env python
from wumei.__main__ import main

if __name__ == "__main__":
    main()
