#!/usr/bin/env python
from tissage.cli import main

if __name__ == "__main__":
    main()
