"""One user of the dashboard without a browser: Streamlit's own websocket protocol, as its frontend speaks it.

The frontend asks GET /_stcore/health and /_stcore/host-config, opens the websocket /_stcore/stream (subprotocol
"streamlit", the cookies of the site on the upgrade request: nginx's sticky cookie) and sends a BackMsg
rerun_script (a ClientState: query string, page script hash or page name, the widget states, the hashes of
the messages it has cached) for every page it opens and every widget a user changes. The server answers with
ForwardMsgs (deltas: the elements, navigation: the pages) until script_finished. A run counts as done at
script_finished FINISHED_SUCCESSFULLY; FINISHED_EARLY_FOR_RERUN (st.rerun) means another run follows.
"""

from __future__ import annotations

import asyncio
import time
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect


@dataclass
class Run:
    """What one script run sent: its time (from the request to script_finished), size and what a user sees."""

    seconds: float = 0.0
    bytes: int = 0
    messages: int = 0
    cached: int = 0  # elements the server sent as a reference to the session's cache (the browser has them)
    titles: list[str] = field(default_factory=list)  # the h1 elements (st.title)
    texts: list[str] = field(default_factory=list)  # markdown and captions, e.g. the scope line under the title
    errors: list[str] = field(default_factory=list)  # exceptions drawn, page not found, compile error
    finished: bool = False
    rerun_after: float | None = None  # seconds from the request to st.rerun() (the sign-in's own part of the run)


class Session:
    """A browser tab on `base` (http://host:port): open(), then page() and choose() like a user."""

    def __init__(self, base: str, timeout: float = 300.0):
        self.base = base.rstrip("/")
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.pages: dict[str, str] = {}  # url path -> page script hash (from the navigation message)
        self.widgets: dict[str, tuple[str, object]] = {}  # label -> (kind, proto) of the last run
        self.states: dict[str, WidgetState] = {}  # widget id -> the value the user gave it
        self.cached: set[str] = set()  # hashes of cacheable messages received (the frontend's message cache)
        self._elements: dict[str, object] = {}  # hash -> cacheable element a reference may stand for
        self.path = ""
        self.ws = None

    def _get(self, path: str) -> None:
        request = urllib.request.Request(self.base + path)
        if self.cookies:
            request.add_header("Cookie", self._cookie_header())
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value

    def _cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    async def open(self, cookies: dict[str, str] | None = None) -> None:
        """What a browser does before the first script run: health, host config, the websocket."""
        self.cookies.update(cookies or {})
        await asyncio.to_thread(self._get, "/_stcore/health")
        await asyncio.to_thread(self._get, "/_stcore/host-config")
        protocols = ["streamlit"]
        if "_streamlit_xsrf" in self.cookies:  # the frontend sends the XSRF token as the second entry
            protocols.append(self.cookies["_streamlit_xsrf"])
        headers = {"Cookie": self._cookie_header()} if self.cookies else {}
        self.ws = await connect(
            "ws" + self.base[4:] + "/_stcore/stream",
            subprotocols=protocols,
            origin=self.base,
            additional_headers=headers,
            max_size=None,
            open_timeout=self.timeout,
            ping_interval=None,
        )

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def page(self, path: str = "", query: str = "") -> Run:
        """Open a page as by its link: the page script hash once the navigation is known, else the URL path."""
        self.path = path
        return await self._rerun(page_name=path, page_hash=self.pages.get(path, ""), query=query)

    async def choose(self, label: str, option: str | None = None, index: int | None = None) -> Run:
        """Pick an option of a select box (by its text or index), as a user in the sidebar; the page reruns."""
        kind, widget = self.widgets[label]
        assert kind == "selectbox", f"{label} is een {kind}"
        state = WidgetState(id=widget.id)
        state.string_value = option if option is not None else widget.options[index]
        self.states[widget.id] = state
        return await self._rerun(page_name=self.path, page_hash=self.pages.get(self.path, ""))

    async def sign_in(self, email: str, password: str) -> Run:
        """The local sign-in form, as a user fills it in and presses Inloggen (the form's submit button)."""
        for label, value in (("E-mailadres", email), ("Wachtwoord", password)):
            kind, widget = self.widgets[label]
            assert kind == "text_input", f"{label} is een {kind}"
            self.states[widget.id] = WidgetState(id=widget.id, string_value=value)
        kind, button = self.widgets["Inloggen"]
        trigger = WidgetState(id=button.id, trigger_value=True)
        self.states[button.id] = trigger
        try:
            return await self._rerun(page_name=self.path, page_hash=self.pages.get(self.path, ""))
        finally:  # a trigger fires once, as in the frontend
            self.states.pop(button.id, None)

    async def _rerun(self, page_name: str, page_hash: str, query: str = "") -> Run:
        msg = BackMsg()
        client = msg.rerun_script
        client.query_string = query
        client.page_script_hash = page_hash
        client.page_name = page_name
        client.widget_states.widgets.extend(self.states.values())
        client.cached_message_hashes.extend(sorted(self.cached))
        client.context_info.timezone = "Europe/Amsterdam"
        client.context_info.locale = "nl-NL"
        client.context_info.url = f"{self.base}/{page_name}" + (f"?{query}" if query else "")
        run = Run()
        started = self._started = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        try:
            await asyncio.wait_for(self._receive(run), self.timeout)
        except TimeoutError:
            run.errors.append(f"geen script_finished binnen {self.timeout:.0f} s")
        run.seconds = time.perf_counter() - started
        return run

    async def _receive(self, run: Run) -> None:
        self.widgets = {}
        while True:
            data = await self.ws.recv()
            run.bytes += len(data)
            run.messages += 1
            msg = ForwardMsg()
            msg.ParseFromString(data)
            if msg.metadata.cacheable and msg.hash:
                self.cached.add(msg.hash)
            kind = msg.WhichOneof("type")
            if kind == "ref_hash":
                run.cached += 1
                if msg.ref_hash in self._elements:
                    self._element(self._elements[msg.ref_hash], run)
            elif kind == "navigation":
                self.pages.update({p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages})
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                if self._element(msg.delta.new_element, run) and msg.metadata.cacheable:
                    self._elements[msg.hash] = msg.delta.new_element
            elif kind == "page_not_found":
                run.errors.append(f"pagina niet gevonden: {msg.page_not_found.page_name}")
            elif kind == "script_finished":
                status = msg.script_finished
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    run.errors.append("compile error")
                    return
                if status in (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
                    run.finished = True
                    # As the frontend: the state of a widget no longer drawn is not sent again.
                    drawn = {widget.id for _, widget in self.widgets.values()}
                    self.states = {k: v for k, v in self.states.items() if k in drawn}
                    return
                # FINISHED_EARLY_FOR_RERUN: st.rerun(); the next run follows on the same socket
                if run.rerun_after is None:
                    run.rerun_after = time.perf_counter() - self._started

    def _element(self, element, run: Run) -> bool:
        """Note what a user would look at; True for an element the client must know again (title, widget)."""
        kind = element.WhichOneof("type")
        if kind == "heading" and element.heading.tag == "h1":
            run.titles.append(element.heading.body)
            return True
        if kind == "markdown":
            run.texts.append(element.markdown.body)
            return False
        if kind == "exception":
            run.errors.append(f"{element.exception.type}: {element.exception.message}"[:300])
            return False
        widget = getattr(element, kind, None) if kind else None
        if str(getattr(widget, "id", "")).startswith("$$ID"):  # every widget proto carries its id
            self.widgets[getattr(widget, "label", widget.id)] = (kind, widget)
            return True
        return False
