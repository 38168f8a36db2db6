from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "cadrex.home"
    verbose_name = "首页与待办"

    def ready(self):
        from cadrex.accounts.roles import role_source_register
        from cadrex.home.roles import juror_roles

        # A juror seat naming a login gives that person the juror role (ADR 0014).
        role_source_register(juror_roles)
