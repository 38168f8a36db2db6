"""cadrex: a city's cadre-exchange campaign, end to end."""
