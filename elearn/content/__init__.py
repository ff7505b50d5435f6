"""`flask content check / load / export`: every domain's content kind, run in order, all or nothing."""
