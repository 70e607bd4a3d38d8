"""Development tooling: benchmarks, soak and load runs, backing services, the test kit.

Nothing here is installed in the production image or reachable from production URLs.
"""
