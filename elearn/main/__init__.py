"""Home page, health check, language switch; the registries domains use to add nav items and home widgets."""
