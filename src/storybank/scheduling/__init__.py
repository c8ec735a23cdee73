"""Daily drills: the FSRS wrapper, the daily queue, interviews, statistics, and their storage.

Nothing here imports Textual. The app and the CLI come in through
:class:`storybank.scheduling.drills.Drills`. The modules, from the bottom up:

* :mod:`~storybank.scheduling.clock` — an injectable clock and the local drill day;
* :mod:`~storybank.scheduling.models` — what is stored in the bank: cards, interviews, flags;
* :mod:`~storybank.scheduling.log_format` — the review log's lines, written and read;
* :mod:`~storybank.scheduling.review_log` — the append-only review log file beside the bank;
* :mod:`~storybank.scheduling.store` — the drill tables of the bank, and the log's token;
* :mod:`~storybank.scheduling.exchange` — the drills in a JSON export, and merging them on import;
* :mod:`~storybank.scheduling.cards` — card ids, syncing cards with stories, question choice;
* :mod:`~storybank.scheduling.queue` — the daily queue (due, cram, new, sibling burial);
* :mod:`~storybank.scheduling.recall` — key facts of a story and grading a typed recall;
* :mod:`~storybank.scheduling.stats` — pure statistics for the stats screen and CLI;
* :mod:`~storybank.scheduling.deck` — the cards kept in step with the stories, and the queue;
* :mod:`~storybank.scheduling.ledger` — rating, undo, resets and crash repair;
* :mod:`~storybank.scheduling.faces` — what the drill screen shows for a card;
* :mod:`~storybank.scheduling.interviews` — interview rounds, repeat warnings, gaps;
* :mod:`~storybank.scheduling.flags` — stories marked "needs work";
* :mod:`~storybank.scheduling.progress` — gathering and running the statistics;
* :mod:`~storybank.scheduling.session` — a drill session and its summary;
* :mod:`~storybank.scheduling.drills` — :class:`Drills`, the one way in.
"""
