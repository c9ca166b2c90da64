"""Interest between a project and an organisation."""
