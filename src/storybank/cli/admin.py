"""``init``, ``doctor`` and ``config``."""

from __future__ import annotations

import argparse
from pathlib import Path

from storybank.cli.context import bank_path, confirm, open_bank
from storybank.cli.terminal import inert
from storybank.core.models import Settings
from storybank.errors import EXIT_BAD_INPUT, EXIT_OK, StorybankError
from storybank.storage.repository import Bank


def load_sample(bank: Bank) -> int:
    """Fill ``bank`` with the bundled sample stories; returns how many."""
    from storybank.io.markdown import parse_markdown
    from storybank.resources import sample_data_dir

    source = sample_data_dir() / "stories.md"
    parsed = parse_markdown(
        source.read_text(encoding="utf-8"),
        bank.frameworks,
        file=str(source),
        default_framework=bank.settings.framework,
    )
    bank.save_stories([p.story for p in parsed])
    return len(parsed)


def create_bank(path: Path, *, sample: bool, force: bool) -> int:
    """Create a bank at ``path`` (with the sample stories if asked); returns the story count."""
    with Bank.create(path, force=force) as bank:
        return load_sample(bank) if sample else 0


def cmd_init(args: argparse.Namespace) -> int:
    """Create the bank file."""
    path = bank_path(args)
    count = create_bank(path, sample=args.sample, force=args.force)
    print(f"Created {path}" + (f" with {count} sample stories." if args.sample else "."))
    print("Next: `storybank` opens the app; `storybank new` writes a story in $EDITOR.")
    return EXIT_OK


def cmd_doctor(args: argparse.Namespace) -> int:
    """Verify the bank, list its backups, and restore one on request."""
    from storybank.scheduling.store import check_review_log
    from storybank.storage import doctor

    path = bank_path(args)
    if args.restore and args.repair:
        raise StorybankError("give --restore N or --repair, not both")
    if args.restore:
        from storybank.storage.lock import BankLock

        chosen = doctor.find(path, args.restore)
        # A bank open in another storybank cannot be restored: say so before asking.
        with BankLock(path):
            pass
        question = f"Replace {path} with the backup {chosen.name}? (the current file is kept too)"
        if not args.yes and not confirm(question):
            raise StorybankError("not restored", hint="answer y, or pass --yes")
        doctor.restore(path, args.restore)
        print(f"Restored {chosen.name} into {path}. The previous file was backed up first.")
        return EXIT_OK
    if args.repair:
        return _repair(path, ask=not args.yes)
    report = doctor.diagnose(path, checks=[check_review_log])
    print(f"Bank: {path}")
    for fact in report.facts:
        print(f"  ok  {fact}")
    for problem in report.problems:
        print(f"  ✗   {inert(problem)}")
    if report.backups:
        print(f"\nBackups in {report.backups[0].path.parent} (newest first):")
        for number, backup in enumerate(report.backups, start=1):
            taken = backup.taken.astimezone().strftime("%Y-%m-%d %H:%M:%S")
            print(f"  {number:>2}  {taken}  {backup.describe():<14} {backup.name}")
        print("\nRestore one with `storybank doctor --restore N`.")
    else:
        print("\nNo backups yet (one is taken before a change when the last is half an hour old).")
    if report.ok:
        print("\nThe bank is healthy.")
        return EXIT_OK
    if report.repairable:
        print("\n`storybank doctor --repair` fixes what is marked repairable (after a backup).")
    return EXIT_BAD_INPUT


def _repair(path: Path, *, ask: bool) -> int:
    """``doctor --repair``: say what will be fixed, ask, fix it after a backup."""
    from storybank.storage import doctor

    plan = doctor.plan_repair(path)
    if not plan:
        print(f"Nothing to repair in {path}.")
        return EXIT_OK
    print(f"Repairs for {path}:")
    for line in plan:
        print(f"  - {line}")
    if ask and not confirm("Make these repairs? (a backup is taken first)"):
        raise StorybankError("not repaired", hint="answer y, or pass --yes")
    done = doctor.repair(path)
    if done.removed_bom:
        print("Removed the byte-order mark.")
    for table, old, new in done.renamed:
        kind = "story" if table == "stories" else "question"
        print(f"A {kind} that shared the id {old!r} now has the id {new!r}.")
    print("A backup of the bank as it was is kept: `storybank doctor` lists it.")
    return EXIT_OK


# Settings as the user types them; values are validated by the Settings model.
CONFIG_KEYS: dict[str, str] = {
    "framework": "framework",
    "desired-retention": "desired_retention",
    "new-cards-per-day": "new_cards_per_day",
    "maximum-interval": "maximum_interval",
    "drill-timer": "drill_timer",
    "rollover-hour": "rollover_hour",
    "theme": "theme",
}

CONFIG_HELP: dict[str, str] = {
    "framework": "active competency framework",
    "desired-retention": "target recall probability for drills, 0.70-0.99",
    "new-cards-per-day": "new drill cards introduced per day, 0-200",
    "maximum-interval": "longest gap between drills, in days, 1-36500",
    "drill-timer": "seconds on the drill countdown, 15-1800",
    "rollover-hour": "local hour at which a new drill day starts, 0-23",
    "theme": "colour theme of the app",
}


def set_config_value(bank: Bank, key: str, raw: str) -> Settings:
    """Validate and store one setting; returns the new settings.

    Raises:
        StorybankError: unknown key or invalid value, listing what is allowed.
    """
    from pydantic import ValidationError

    from storybank.core.validation import describe
    from storybank.theme_catalog import theme_names

    field = CONFIG_KEYS.get(key)
    if field is None:
        raise StorybankError(
            f"unknown setting {key!r}", hint=f"use one of: {', '.join(CONFIG_KEYS)}"
        )
    if field == "framework" and raw not in bank.frameworks:
        raise StorybankError(
            f"unknown framework {raw!r}",
            field=key,
            hint=f"use one of: {', '.join(bank.frameworks.ids)}",
        )
    if field == "theme":
        names = theme_names(bank.path)
        if raw not in names:
            raise StorybankError(
                f"unknown theme {raw!r}", field=key, hint=f"use one of: {', '.join(names)}"
            )
    try:
        settings = bank.settings.model_copy()
        settings = Settings.model_validate({**settings.model_dump(), field: raw})
    except ValidationError as exc:
        _, message = describe(exc)
        raise StorybankError(
            f"invalid value {raw!r}: {message}", field=key, hint=f"{key} is the {CONFIG_HELP[key]}"
        ) from None
    bank.save_settings(settings)
    return settings


def cmd_config(args: argparse.Namespace) -> int:
    """List, read or change settings."""
    if args.key is not None and args.key not in CONFIG_KEYS:
        raise StorybankError(
            f"unknown setting {args.key!r}", hint=f"use one of: {', '.join(CONFIG_KEYS)}"
        )
    if args.value is None:
        with open_bank(args) as bank:
            values = bank.settings.model_dump()
        keys = [args.key] if args.key else list(CONFIG_KEYS)
        for key in keys:
            value = values[CONFIG_KEYS[key]]
            print(f"{key} = {value}" if args.key is None else value)
        return EXIT_OK
    with open_bank(args, write=True) as bank:
        settings = set_config_value(bank, args.key, args.value)
    print(f"{args.key} = {settings.model_dump()[CONFIG_KEYS[args.key]]}")
    return EXIT_OK
