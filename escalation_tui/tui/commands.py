"""Command palette (ctrl+p): every action of the registry that applies on the current screen."""

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from .keys import KEYS, Key, display_key, split_action


class EscalationCommands(Provider):
    def applicable(self) -> list[Key]:
        """Keys of the app and of the calling screen's scope whose action applies right now."""
        screen = self.screen
        scopes = {"app", getattr(screen, "KEY_SCOPE", "")}
        found = []
        for key in KEYS:
            if not key.palette or key.scope not in scopes:
                continue
            namespace, name = split_action(key.action)
            target = self.app if namespace == "app" else screen
            if target.check_action(name, ()) is False:
                continue
            found.append(key)
        return found

    def title(self, key: Key) -> str:
        return f"{key.help}  ({key.display or display_key(key.key)})"

    async def discover(self) -> Hits:
        for key in self.applicable():
            yield DiscoveryHit(self.title(key), partial(self.screen.run_action, key.action), help=None)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for key in self.applicable():
            title = self.title(key)
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self.screen.run_action, key.action))
