"""What the tests share: builders of catalogue data and helpers that start real processes.

Importable modules, never collected; conftest files hold only fixtures that call them.
"""
