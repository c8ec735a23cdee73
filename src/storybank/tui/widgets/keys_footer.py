"""The footer of every screen: Textual's, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.widgets import Footer


class KeysFooter(Footer):
    """Textual's footer, rebuilt only when the keys it would show are not those it shows.

    Textual rebuilds the footer whenever a screen's bindings may have changed
    (focus moved, a binding was refreshed): every key widget is made again and
    styled twice, which on a screen with a dozen keys is much of the time the
    screen takes to open. What the footer draws follows from the screen's active
    bindings alone, so a rebuild that would draw the same keys is skipped.
    """

    _drawn: tuple[object, ...] | None = None

    def _keys(self) -> tuple[object, ...]:
        """Everything the footer's keys are drawn from."""
        return (
            self.show_command_palette,
            self.compact,
            tuple(
                (
                    key,
                    binding.action,
                    binding.description,
                    binding.show,
                    binding.key_display,
                    binding.group,
                    enabled,
                    tooltip,
                )
                for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
            ),
        )

    async def recompose(self) -> None:
        if not self._bindings_ready or not self.is_attached:
            await super().recompose()
            return
        keys = self._keys()
        if keys == self._drawn:
            return
        self._drawn = keys
        await super().recompose()
