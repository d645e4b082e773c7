"""Pilot tests of the research workflow: history and saved searches, related articles and
shared passages, who said what, concordance, explain, and the live folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from index import Config, SearchRequest, load_config
from tests.app_fixtures import (
    SEEDS,
    app_config,
    build_index,
    make_app,
    seed_app_index,
    settle,
    wait_for_palette,
    wait_until,
)
from tui.app import DatelineApp
from tui.palette.saved import saved_with_news
from tui.screens import search_memory
from tui.screens.bookmark_form import BookmarkForm
from tui.screens.concordance import ConcordanceScreen, CooccurList, KwicList
from tui.screens.explain import ExplainScreen
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.related import RelatedScreen, passage_side
from tui.screens.save_search import SaveSearchForm
from tui.screens.speakers import SpeakersScreen
from tui.widgets.article_view import ArticleView
from tui.widgets.entity_sidebar import EntityList, EntitySidebar
from tui.widgets.quote_list import QuoteList
from tui.widgets.results_list import ResultsList
from tui.widgets.speaker_list import SpeakerList

__all__ = ["app_config", "seed_app_index"]

A001 = "001_084ad907f89998d3.txt"
A003 = "003_811ac41d5cd2d2bd.txt"
KIM = "Kim Yong-beom"


async def search(pilot: Pilot[int], app: DatelineApp, text: str) -> None:
    await pilot.press("slash")
    app.main_screen.query_one("#search", Input).value = ""
    await pilot.press(*text)
    await settle(pilot, app)


async def open_article(pilot: Pilot[int], app: DatelineApp, article_id: str) -> None:
    app.main_screen.open_article(article_id, focus=True)
    await settle(pilot, app)
    view = app.main_screen.query_one(ArticleView)
    assert view.article is not None and view.article.id == article_id


def static_text(widget: Static) -> str:
    return str(widget.render())


# -- related articles ----------------------------------------------------------------------


async def test_related_lists_003_for_001_with_shared_passages(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await open_article(pilot, app, A001)
        await pilot.press("o")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, RelatedScreen)
        assert screen.related and screen.related[0].id == A003
        first = screen.related[0]
        assert first.passages and first.shared_phrases > 0
        rows = list(screen.query(".passage-row"))
        assert len(rows) == len(first.passages)
        left = static_text(rows[0].query_one(".passage-left", Static))
        right = static_text(rows[0].query_one(".passage-right", Static))
        assert " ".join(first.passages[0].text.split())[:30] in " ".join(left.split())
        assert " ".join(first.passages[0].other_text.split())[:30] in " ".join(right.split())
        await pilot.press("tab")
        assert screen.query_one("#passages").has_focus
        await pilot.press("tab", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)
        view = app.main_screen.query_one(ArticleView)
        assert view.article is not None and view.article.id == A003
        assert view.anchor_span == (first.passages[0].other_start, first.passages[0].other_end)


async def test_related_key_needs_an_open_article(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        app.main_screen.query_one(ResultsList).focus()
        await pilot.press("o")
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)
        app.main_screen.action_related()  # the palette command explains instead
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)


# -- who said what -------------------------------------------------------------------------


async def open_speakers(pilot: Pilot[int], app: DatelineApp) -> SpeakersScreen:
    app.main_screen.query_one(ResultsList).focus()
    await pilot.press("W")
    await settle(pilot, app)
    assert isinstance(app.screen, SpeakersScreen)
    return app.screen


async def choose_speaker(pilot: Pilot[int], screen: SpeakersScreen, name: str) -> None:
    speakers = screen.query_one(SpeakerList)

    def listed() -> list[int]:
        prompts = (
            str(speakers.get_option_at_index(i).prompt) for i in range(speakers.option_count)
        )
        return [i for i, prompt in enumerate(prompts) if prompt.startswith(name)]

    # rows are cut to the list's width, so the full name shows once the list is laid out
    assert await wait_until(pilot, lambda: bool(listed())), f"{name} never listed"
    index = listed()[0]
    speakers.focus()
    speakers.highlighted = index
    await pilot.pause()
    await pilot.pause()


async def test_who_said_what_lists_kim_in_date_order_with_grouped_remark(
    app_config: Config,
) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = await open_speakers(pilot, app)
        await choose_speaker(pilot, screen, KIM)
        assert screen.speaker == KIM
        records = screen.shown_records
        assert {r.quote.speaker for r in records} == {KIM}
        assert {r.article_id[:3] for r in records} == {"000", "001", "003", "004"}
        groups = screen.visible_groups()

        def key(date: str | None) -> str:
            return date or "9999"

        firsts = [key(g[0].date) for g in groups]
        assert firsts == sorted(firsts)
        for group in groups:
            dates = [key(r.date) for r in group]
            assert dates == sorted(dates)
        sufficient = [g for g in groups if any("sufficient" in r.quote.text for r in g)]
        assert len(sufficient) == 1 and len(sufficient[0]) == 2
        assert {r.article_id[:3] for r in sufficient[0]} == {"000", "001"}
        quotes = screen.query_one(QuoteList)
        prompts = [str(quotes.get_option_at_index(i).prompt) for i in range(quotes.option_count)]
        assert any("same remark, worded 2 ways" in p for p in prompts)

        # filter by words: the group stays whole when one wording matches
        await pilot.press("slash", *"productive")
        await pilot.pause()
        groups = screen.visible_groups()
        assert len(groups) == 1 and len(groups[0]) == 2
        await pilot.press("enter")  # filter -> quotes
        assert isinstance(app.focused, QuoteList)
        target = screen.current
        assert target is not None
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)
        view = app.main_screen.query_one(ArticleView)
        assert view.article is not None and view.article.id == target.article_id
        assert view.anchor_span == (target.quote.start, target.quote.end)


async def test_who_said_what_bookmarks_a_quote_with_context(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = await open_speakers(pilot, app)
        await choose_speaker(pilot, screen, KIM)
        await pilot.press("tab")
        assert isinstance(app.focused, QuoteList)
        record = screen.current
        assert record is not None
        await pilot.press("b")
        await settle(pilot, app)
        assert isinstance(app.screen, BookmarkForm)
        await pilot.press(*"grouped remark", "enter")  # enter in the note saves
        await settle(pilot, app)
        assert isinstance(app.screen, SpeakersScreen)
        assert app.library is not None
        saved = app.library.bookmarks.list("")
        assert len(saved) == 1
        b = saved[0]
        assert b.speaker == KIM and b.article_id == record.article_id
        assert b.quote == record.quote.text and b.note == "grouped remark"
        assert b.context_before or b.context_after
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)
        assert app.main_screen.bookmark_count == 1


# -- concordance ---------------------------------------------------------------------------


async def test_concordance_for_the_focused_entity(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        sidebar = app.main_screen.query_one(EntitySidebar)
        entity_list = app.main_screen.query_one(EntityList)
        entity_list.focus()
        index = next(
            i
            for i in range(entity_list.option_count)
            if str(entity_list.get_option_at_index(i).prompt).startswith(KIM)
        )
        entity_list.highlighted = index
        await pilot.pause()
        assert sidebar.highlighted_entity is not None and sidebar.highlighted_entity.name == KIM
        await pilot.press("c")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, ConcordanceScreen)
        assert screen.mentions
        assert {m.article_id[:3] for m in screen.mentions} >= {"000", "001", "003", "004"}
        assert all(m.match for m in screen.mentions)
        assert "Kim" in screen.mentions[0].match
        assert screen.cooccurring and all(e.name != KIM for e in screen.cooccurring)
        head = static_text(screen.query_one("#concordance-what", Static))
        assert KIM in head and "mentions in" in head
        line = screen.current_line
        assert line is not None
        # follow a co-occurring entity, then come back
        await pilot.press("tab")
        assert isinstance(app.focused, CooccurList)
        other = screen.cooccurring[0]
        await pilot.press("enter")
        await settle(pilot, app)
        assert screen.term == other.name
        await pilot.press("backspace")
        await settle(pilot, app)
        assert screen.term == KIM
        assert isinstance(app.focused, KwicList)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)
        view = app.main_screen.query_one(ArticleView)
        assert view.article is not None and view.article.id == line.article_id
        assert view.anchor_span == (line.start, line.end)


async def test_concordance_for_a_word_from_the_palette(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Concordance for tariff")
        await settle(pilot, app)
        prompts = await wait_for_palette(pilot, app, "Concordance for", top=False)
        palette = app.screen.query_one("CommandList", OptionList)
        wanted = next(i for i, p in enumerate(prompts) if p.startswith("Concordance for"))
        palette.highlighted = wanted
        await pilot.press("enter")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, ConcordanceScreen)
        assert screen.entity_type is None
        assert screen.mentions and all("tarif" in m.match.lower() for m in screen.mentions)
        assert screen.cooccurring


# -- explain -------------------------------------------------------------------------------


async def test_explain_shows_how_the_query_was_parsed(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        app.main_screen.add_filter("PERSON", KIM)
        await search(pilot, app, "lutnick talks negotiat")
        await pilot.press("enter")  # search box -> results
        await pilot.press("X")
        await settle(pilot, app)
        assert isinstance(app.screen, ExplainScreen)
        text = static_text(app.screen.query_one("#explain-text", Static))
        assert "Understood as" in text
        assert "talks" in text  # the stem shown as the word typed, not "talk"
        assert "negotiations" in text  # the prefix expansion
        assert f"only person: {KIM}" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


# -- history and saved searches ------------------------------------------------------------


async def test_history_up_down_recall_with_filters(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        main = app.main_screen
        await search(pilot, app, "lutnick")
        await pilot.press("enter")  # enter records at once
        main.add_filter("PERSON", KIM)
        await search(pilot, app, "swap")
        main.record_search()
        await settle(pilot, app)
        await search(pilot, app, "tariff")
        box = main.query_one("#search", Input)
        await pilot.press("up")
        await settle(pilot, app)
        assert box.value == "swap" and main.query_text == "swap"
        assert [f.value for f in main.filters] == [KIM]
        await pilot.press("up")
        await settle(pilot, app)
        assert box.value == "lutnick" and main.filters == ()
        await pilot.press("down", "down")
        await settle(pilot, app)
        assert box.value == "tariff"  # back to what was being typed
        assert app.history is not None
        assert app.history.recent(5)[0].query == "swap"


async def test_typing_records_only_after_a_pause(
    app_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The pause is stretched, then shrunk, so neither half depends on how busy the machine is.
    monkeypatch.setattr(search_memory, "RECORD_AFTER", 3600.0)
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await search(pilot, app, "kor")
        assert app.history is not None and app.history.recent(5) == []  # still typing
        monkeypatch.setattr(search_memory, "RECORD_AFTER", 0.05)
        await pilot.press("e")
        assert await wait_until(pilot, lambda: bool(app.history and app.history.recent(5)))
        assert [r.query for r in app.history.recent(5)] == ["kore"]


async def test_saved_search_survives_restart_and_runs_from_palette(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        app.main_screen.add_filter("PERSON", KIM)
        await search(pilot, app, "talks")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SaveSearchForm)
        app.screen.query_one("#save-name", Input).value = "zq kim talks"
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)
        assert app.history is not None
        assert [s.name for s in app.history.saved()] == ["zq kim talks"]
        expected = app.main_screen.results
        assert expected is not None
    app2 = make_app(app_config)
    async with app2.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app2)
        assert app2.history is not None and app2.library is not None
        saved = app2.history.saved()
        assert [s.name for s in saved] == ["zq kim talks"]
        assert saved[0].request.query == "talks"
        assert len(saved[0].seen) == expected.total
        # pretend it was last opened before one of its articles existed: "1 new"
        app2.history.mark_opened(saved[0].name, set(sorted(saved[0].seen)[1:]))
        news = saved_with_news(app2.library, app2.history, app2.history_lock)
        assert news[0][1] == 1
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"zq kim")
        await settle(pilot, app2)
        prompts = await wait_for_palette(pilot, app2, "Saved search: zq kim")
        assert prompts[0].startswith("Saved search: zq kim talks") and "1 new" in prompts[0]
        await pilot.press("enter")
        await settle(pilot, app2)
        main = app2.main_screen
        assert main.query_text == "talks" and [f.value for f in main.filters] == [KIM]
        assert main.query_one("#search", Input).value == "talks"
        assert main.results is not None and main.results.total == expected.total
        # opening it marks what it matched: nothing new any more
        assert saved_with_news(app2.library, app2.history, app2.history_lock)[0][1] == 0


async def test_a_cut_short_saved_search_does_not_forget_what_was_new(
    app_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert app.history is not None and app.library is not None
        request = SearchRequest("talks")
        total = app.library.search(request).total
        assert total > 1
        app.history.save("zq talks", request, set())  # saved before any of them existed
        # Only one hit comes back (as if capped or timed out): nothing may be marked seen.
        monkeypatch.setattr("index.corpus.matching.MATCH_ALL", 1)
        app.main_screen.run_saved_search(app.history.saved()[0])
        await settle(pilot, app)
        assert app.history.saved()[0].seen == frozenset()
        news = saved_with_news(app.library, app.history, app.history_lock)
        assert news[0][1] >= 1
        # With every match in hand, opening it marks them all seen.
        monkeypatch.setattr("index.corpus.matching.MATCH_ALL", 100_000)
        app.main_screen.run_saved_search(app.history.saved()[0])
        await settle(pilot, app)
        assert len(app.history.saved()[0].seen) == total


async def test_save_search_needs_a_search(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await search(pilot, app, "swap")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SaveSearchForm)
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)
        assert app.history is not None and app.history.saved() == []


async def test_help_lists_the_new_keys(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        app.main_screen.query_one(ResultsList).focus()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = static_text(app.screen.query_one("#help-text", Static))
        for binding_id in (
            "related",
            "who_said_what",
            "explain",
            "save_search",
            "entity_concordance",
            "search.history_older",
            "speakers.bookmark",
            "concordance.back",
        ):
            assert binding_id in text


async def test_research_screens_at_80x24(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await open_article(pilot, app, A001)
        await pilot.press("o")
        await settle(pilot, app)
        assert isinstance(app.screen, RelatedScreen)
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("W")
        await settle(pilot, app)
        assert isinstance(app.screen, SpeakersScreen)
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)


# -- live folder ---------------------------------------------------------------------------

NEW_ARTICLE = """Xylophonist joins trade delegation in Seoul

SEOUL, Oct. 28 (Dateline Test) – A xylophonist performed for the trade delegation on Tuesday.
"The music was sufficient for two hours," the xylophonist said after the talks.
"""


def live_config(tmp_path: Path) -> Config:
    articles = tmp_path / "articles"
    shutil.copytree(SEEDS, articles)
    config = build_index(tmp_path, articles)
    text = (tmp_path / "config.yaml").read_text(encoding="utf-8")
    (tmp_path / "config.yaml").write_text(
        text.replace("watch: false", "watch: true"), encoding="utf-8"
    )
    config = load_config(str(tmp_path / "config.yaml"))
    assert config.watch
    return config


async def test_new_file_in_the_folder_becomes_searchable_without_a_key(tmp_path: Path) -> None:
    config = live_config(tmp_path)
    app = DatelineApp(config, watch_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        main = app.main_screen
        assert await wait_until(pilot, lambda: main.status is not None and main.status.ready)
        main.query_one("#search", Input).focus()
        await pilot.press(*"xylophonist")
        assert await wait_until(
            pilot, lambda: main.results is not None and main.results.request.query == "xylophonist"
        )
        assert main.results is not None and main.results.total == 0
        assert app.history is not None and app.library is not None
        app.history.save("xylo", SearchRequest("xylophonist"), set())
        (tmp_path / "articles" / "005_live.txt").write_text(NEW_ARTICLE, encoding="utf-8")
        # no key pressed from here: the watcher updates the index and the screen searches again
        assert await wait_until(
            pilot, lambda: main.results is not None and main.results.total == 1
        ), "the new article never showed up"
        assert main.status is not None and main.status.articles == 6
        news = saved_with_news(app.library, app.history, app.history_lock)
        assert news[0][0].name == "xylo" and news[0][1] == 1


def test_shared_passage_context_keeps_the_text_spacing() -> None:
    text = "He said. “We hope the US will reflect our position as much as it can.” While"
    start = text.index("as much")
    end = text.index(".”")
    shown = passage_side(text, start, end, "as much as it can").plain
    assert "it can.”" in shown and "it can ." not in shown
    assert "our position as much" in shown


async def test_the_palette_answers_keys_typed_while_its_saved_searches_load(
    app_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keys typed before a slow provider start-up ends cancel the searches waiting for it;
    the start-up must survive that, or the palette stays on stale hits for good."""
    import threading

    release = threading.Event()

    def slow_saved(*args: object) -> list[object]:
        release.wait(30)
        return []

    monkeypatch.setattr("tui.palette.saved.saved_with_news", slow_saved)
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        for key in "help":  # each key cancels the search before it
            await pilot.press(key)
            await pilot.pause(0.05)
        release.set()
        await wait_for_palette(pilot, app, "Help")
        await pilot.press("backspace", "backspace", "backspace", "backspace", *"who said")
        await wait_for_palette(pilot, app, "Who said what")


def test_the_palette_reads_the_word_after_concordance_or_its_start() -> None:
    from tui.palette.commands import concordance_word

    assert concordance_word("conc blair") == "blair"
    assert concordance_word("Concordance for tariff") == "tariff"
    assert concordance_word('concordance of "the deal"') == "the deal"
    assert concordance_word("concordance for") == ""
    assert concordance_word("conc") == ""
    assert concordance_word("con blair") == "con blair"  # too short to be the command
    assert concordance_word("blair") == "blair"


async def test_related_lists_articles_before_their_passages_are_found(
    app_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from index import Library, RelatedArticle

    release = threading.Event()
    real = Library.shared_passages

    def held(self: Library, article_id: str, ranked: list[RelatedArticle]) -> list[RelatedArticle]:
        release.wait(30)
        return real(self, article_id, ranked)

    monkeypatch.setattr(Library, "shared_passages", held)
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await open_article(pilot, app, A001)
        await pilot.press("o")
        assert await wait_until(pilot, lambda: isinstance(app.screen, RelatedScreen))
        screen = app.screen
        assert isinstance(screen, RelatedScreen)
        assert await wait_until(pilot, lambda: bool(screen.related))
        assert screen.related is not None and screen.related[0].id == A003
        assert not screen.passages_found and not screen.related[0].passages
        head = static_text(screen.query_one("#passages-head", Static))
        assert "Finding the shared passages" in head
        count = len(screen.related)
        if count > 1:
            await pilot.press("j")  # the cursor stays where it is when the passages land
        release.set()
        assert await wait_until(pilot, lambda: screen.passages_found)
        await pilot.pause()
        assert screen.related and screen.related[0].passages
        listing = screen.query_one("#related-list", OptionList)
        assert listing.highlighted == (1 if count > 1 else 0)
        assert screen.query(".passage-row")
