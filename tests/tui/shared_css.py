"""Parse each stylesheet once per test process, not once per app.

Every test starts an app, and each app parses the same .tcss files and widget CSS again
(about a sixth of mounting the war room). The parsed rules depend only on the CSS text, where
it came from and the theme's variables, so they are shared between apps keyed on all of
those. Textual keeps such a cache itself, per app; this makes it per process. What the app
does with the rules is unchanged, and a CSS error still fails the test that loads it.
"""

from textual.css import stylesheet
from textual.css.stylesheet import Stylesheet

_RULES: dict[tuple, list] = {}
_TOKENS: dict[frozenset, dict] = {}


def share_parsed_css() -> None:
    parse_rules = Stylesheet._parse_rules
    tokenize_values = stylesheet.tokenize_values

    def shared_rules(self: Stylesheet, css: str, read_from, is_default_rules=False, tie_breaker=0, scope=""):
        key = (frozenset(self._variables.items()), css, read_from, is_default_rules, tie_breaker, scope)
        if key not in _RULES:
            _RULES[key] = parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
        return _RULES[key]

    def shared_tokens(values: dict[str, str]) -> dict:
        key = frozenset(values.items())
        if key not in _TOKENS:
            _TOKENS[key] = tokenize_values(values)
        return _TOKENS[key]

    Stylesheet._parse_rules = shared_rules  # type: ignore[method-assign]
    stylesheet.tokenize_values = shared_tokens  # type: ignore[assignment]
