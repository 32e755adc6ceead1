WIDTHS = {"narrow": 4, "wide": 16}
