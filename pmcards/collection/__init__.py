"""The API layer: a `Collection` over one database, with its parts (configuration, queue,
answers, history, progress, sync) each in a module of its own."""

from pmcards.collection.collection import Collection, open_collection

__all__ = ["Collection", "open_collection"]
