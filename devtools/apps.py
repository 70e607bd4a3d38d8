from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """The benchmark, soak and catalogue-building commands; never installed in production."""

    name = "devtools"
    verbose_name = "Development tooling"
