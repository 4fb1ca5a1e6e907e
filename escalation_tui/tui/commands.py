"""Command palette (ctrl+p): every action of the registry that applies where the user is."""

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode

from .keys import KEYS, Key, display_key, split_action


class EscalationCommands(Provider):
    def targets(self) -> dict[str, DOMNode]:
        """Scope -> the node its actions run on: the app, the screen, and the pane on show."""
        screen = self.screen
        found: dict[str, DOMNode] = {"app": self.app, getattr(screen, "KEY_SCOPE", ""): screen}
        active_pane = getattr(screen, "active_pane_widget", None)
        if active_pane is not None:
            found[active_pane.pane_id] = active_pane
        return found

    def applicable(self) -> list[tuple[Key, DOMNode]]:
        """Keys whose action applies right now, each with the node it runs on."""
        targets = self.targets()
        found = []
        for key in KEYS:
            if not key.palette or key.scope not in targets:
                continue
            namespace, name = split_action(key.action)
            if key.widget and not namespace:  # an inner widget's own action (the walkthrough's input)
                continue
            target = {"app": self.app, "screen": self.screen}.get(namespace, targets[key.scope])
            if target.check_action(name, ()) is False:
                continue
            found.append((key, targets[key.scope]))
        return found

    def title(self, key: Key) -> str:
        return f"{key.help}  ({key.display or display_key(key.key)})"

    def command(self, key: Key, target: DOMNode):
        return partial(self.app.run_action, key.action, target)

    async def discover(self) -> Hits:
        for key, target in self.applicable():
            yield DiscoveryHit(self.title(key), self.command(key, target), help=None)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for key, target in self.applicable():
            title = self.title(key)
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), self.command(key, target))
