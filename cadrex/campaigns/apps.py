from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "cadrex.campaigns"
    verbose_name = "竞岗交流工作"
