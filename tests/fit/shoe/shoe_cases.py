"""Option choices per style for the shoe tests (one of each look)."""

OPTIONS = {"oxford": {"leather": "calf-dark-brown", "sole": "leather"},
           "derby": {"leather": "grain-tan", "sole": "dainite"},
           "chelsea": {"leather": "suede-snuff", "sole": "commando"},
           "sneaker": {"leather": "nappa-white", "sole": "rubber-cup"}}

#: Every shoe the ``shoes`` fixture builds: one per style, and the big right sneaker.
ALL = list(OPTIONS) + ["big-right"]
