"""Scheduling on plain values: card states, FSRS answers and replays, settings and the learner's day.

Nothing here knows the database: the store keeps these values and the collection passes them in.
"""
