"""Routing: travel models and the solver that turns a problem into a plan."""
