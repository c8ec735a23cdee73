"""``storybank questions``: list, add and remove questions in the question bank."""

from __future__ import annotations

import argparse

from storybank.cli.context import open_bank
from storybank.cli.terminal import json_text, one_line, table
from storybank.core.models import Question, slugify
from storybank.errors import EXIT_OK, StorybankError
from storybank.storage.repository import Bank


def cmd_questions(args: argparse.Namespace) -> int:
    """List, add or remove questions."""
    handlers = {"list": _questions_list, "add": _questions_add, "rm": _questions_rm}
    return handlers[args.action](args)


def _questions_list(args: argparse.Namespace) -> int:
    with open_bank(args) as bank:
        framework = bank.frameworks.get(bank.settings.framework)
        questions = bank.questions() if args.mine else bank.all_questions()
    if args.competency:
        if framework.get(args.competency) is None:
            raise StorybankError(
                f"{args.competency!r} is not a competency of {framework.id!r}",
                hint=f"use one of: {', '.join(framework.ids)}",
            )
        questions = [
            q for q in questions if args.competency in q.competencies.get(framework.id, [])
        ]
    if args.json:
        print(json_text([q.model_dump(mode="json") for q in questions]))
        return EXIT_OK
    if not questions:
        print('No questions yet. Add one with `storybank questions add "..."`.')
        return EXIT_OK
    rows = [
        [
            q.id,
            "mine" if q.source == "user" else "built-in",
            one_line(q.text, 70),
            ", ".join(q.competencies.get(framework.id, [])),
        ]
        for q in questions
    ]
    print(table(rows, ["ID", "SOURCE", "QUESTION", framework.id.upper()]))
    return EXIT_OK


def _parse_tags(bank: Bank, specs: list[str]) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}
    for spec in specs:
        fw_id, sep, refs = spec.partition(":")
        if not sep or not refs.strip():
            raise StorybankError(
                f"cannot read --tag {spec!r}", field="--tag", hint="write it as FRAMEWORK:ID,ID"
            )
        framework = bank.frameworks.get(fw_id.strip())
        for ref in refs.split(","):
            competency = framework.resolve(ref)
            if competency is None:
                raise StorybankError(
                    f"{ref.strip()!r} is not a competency of {framework.id!r}",
                    field="--tag",
                    hint=f"use one of: {', '.join(framework.ids)}",
                )
            tags.setdefault(framework.id, []).append(competency.id)
    return tags


def _suggested_tags(bank: Bank, text: str) -> dict[str, list[str]]:
    """Tags for a new question in every framework, from the matcher."""
    from storybank.matching import Matcher

    questions = bank.all_questions()
    tags: dict[str, list[str]] = {}
    for framework in bank.frameworks:
        # Competencies only: the matcher needs no stories for that.
        ranked = Matcher(framework, questions=questions).competencies_for(text, top=2)
        if ranked:
            best = ranked[0].score
            tags[framework.id] = [c.id for c in ranked if c.score >= max(30, best * 0.75)]
    return {fw: ids for fw, ids in tags.items() if ids}


def _questions_add(args: argparse.Namespace) -> int:
    text = " ".join(args.text.split())
    if not text:
        raise StorybankError(
            "the question is empty",
            field="text",
            hint='write it in quotes: storybank questions add "Tell me about a time you…"',
        )
    with open_bank(args, write=True) as bank:
        taken = {q.id for q in bank.all_questions()}
        if args.id:
            if args.id in taken:
                raise StorybankError(f"a question with id {args.id!r} already exists", field="--id")
            qid = args.id
        else:
            base = slugify(text)
            qid, n = base, 2
            while qid in taken:
                qid, n = f"{base}-{n}", n + 1
        tags = _parse_tags(bank, args.tag) if args.tag else _suggested_tags(bank, text)
        from storybank.core.validation import build

        question = build(
            Question,
            {"id": qid, "text": text, "competencies": tags, "source": "user"},
            what="question",
            names={"text": "the question"},
        )
        bank.save_question(question)
    described = "; ".join(f"{fw}: {', '.join(ids)}" for fw, ids in tags.items()) or "untagged"
    how = "" if args.tag else " (suggested; change with --tag)"
    print(f"Added {qid} — {described}{how}")
    return EXIT_OK


def _questions_rm(args: argparse.Namespace) -> int:
    from storybank.core.questions import builtin_questions

    if any(q.id == args.id for q in builtin_questions()):
        raise StorybankError(
            f"{args.id!r} is a built-in question and cannot be removed",
            hint="`storybank questions list --mine` shows the ones you added",
        )
    with open_bank(args, write=True) as bank:
        question = bank.delete_question(args.id)
    print(f"Removed {question.id}.")
    return EXIT_OK
