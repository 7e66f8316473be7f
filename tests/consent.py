"""The sandbox's consent page as a browser sees it, for the tests that walk the sign-in."""

from __future__ import annotations

from html.parser import HTMLParser


class ConsentForm(HTMLParser):
    """The consent form's target, its hidden fields and the users it lets a person choose."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.action = ""
        self.hidden: dict[str, str] = {}
        self.user_ids: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.action = a["action"]
        elif tag == "input" and a.get("type") == "hidden":
            self.hidden[a["name"]] = a["value"]
        elif tag == "input" and a.get("type") == "radio":
            self.user_ids.append(a["value"])
