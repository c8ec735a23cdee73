"""Daily drills: the FSRS wrapper, the daily queue, interviews and statistics.

Nothing here imports Textual. The modules are:

* :mod:`~storybank.scheduling.clock` — an injectable clock and the local drill day;
* :mod:`~storybank.scheduling.models` — what is stored: cards, interviews, flags, log entries;
* :mod:`~storybank.scheduling.cards` — card ids, syncing cards with stories, question choice;
* :mod:`~storybank.scheduling.queue` — the daily queue (due, cram, new, sibling burial);
* :mod:`~storybank.scheduling.recall` — key facts of a story and grading a typed recall;
* :mod:`~storybank.scheduling.stats` — pure statistics for the stats screen and CLI;
* :mod:`~storybank.scheduling.service` — :class:`Drills`, the one object screens talk to;
* :mod:`~storybank.scheduling.session` — a drill session and its summary.
"""
