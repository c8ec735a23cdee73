"""Reusable widgets: story table, readiness badge, check list, fields, competency picker."""
