from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cadrex.accounts"
    verbose_name = "账号与角色"

    def ready(self):
        from django.core import checks

        # Connects the login throttle's signal receivers (failed and successful logins).
        from cadrex.accounts import throttle  # noqa: F401
        from cadrex.web_security import check_proxy_settings

        checks.register(check_proxy_settings, checks.Tags.security, deploy=True)
