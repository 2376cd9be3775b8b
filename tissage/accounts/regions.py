"""Québec's 17 administrative regions, by their official number."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    BAS_SAINT_LAURENT = "01", "Bas-Saint-Laurent"
    SAGUENAY = "02", "Saguenay–Lac-Saint-Jean"
    CAPITALE_NATIONALE = "03", _("Capitale-Nationale")
    MAURICIE = "04", "Mauricie"
    ESTRIE = "05", "Estrie"
    MONTREAL = "06", "Montréal"
    OUTAOUAIS = "07", "Outaouais"
    ABITIBI = "08", "Abitibi-Témiscamingue"
    COTE_NORD = "09", _("Côte-Nord")
    NORD_DU_QUEBEC = "10", _("Nord-du-Québec")
    GASPESIE = "11", _("Gaspésie–Îles-de-la-Madeleine")
    CHAUDIERE_APPALACHES = "12", "Chaudière-Appalaches"
    LAVAL = "13", "Laval"
    LANAUDIERE = "14", "Lanaudière"
    LAURENTIDES = "15", "Laurentides"
    MONTEREGIE = "16", "Montérégie"
    CENTRE_DU_QUEBEC = "17", _("Centre-du-Québec")
