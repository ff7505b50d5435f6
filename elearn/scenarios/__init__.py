"""Simulated collection calls: rules, scenarios, the pure engine, runs, player, debrief, analytics."""
