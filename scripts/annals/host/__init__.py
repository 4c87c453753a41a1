"""Serving the outputs: hosting.yml, nginx configuration, test certificate, users, publishing."""
