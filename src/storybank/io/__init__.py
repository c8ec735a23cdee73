"""Import and export: stories as Markdown, the whole bank as JSON, import planning.

Both formats round-trip losslessly: exporting, importing into an empty bank
and exporting again gives the same bytes. Nothing in this package writes to
the bank; callers apply an :class:`ImportPlan` in one write.
"""

from storybank.io.importer import (
    ImportPlan,
    ImportSource,
    plan_import,
    read_import_file,
    read_import_text,
)
from storybank.io.json_format import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MAX_BYTES,
    BankDocument,
    dump_bank,
    load_bank,
)
from storybank.io.markdown import (
    ParsedStory,
    parse_markdown,
    stories_to_markdown,
    story_template,
    story_to_markdown,
)

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "MAX_BYTES",
    "BankDocument",
    "ImportPlan",
    "ImportSource",
    "ParsedStory",
    "dump_bank",
    "load_bank",
    "parse_markdown",
    "plan_import",
    "read_import_file",
    "read_import_text",
    "stories_to_markdown",
    "story_template",
    "story_to_markdown",
]
