"""Records of the Jining Municipal Women's Federation, turned into a site and an archive."""
