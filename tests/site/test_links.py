"""No dead link or anchor anywhere in the built site, notebook pages included
(LinkChecker against the site served on 127.0.0.1; see link_check.py)."""

from link_check import check_links
from site_pages import ALL_URLS, LANGUAGE_PREFIX, LANGUAGES


def test_no_dead_link_or_anchor_in_the_built_site(served_site, tmp_path):
    problems, checked = check_links(served_site, tmp_path)
    unvisited = [
        f"/{LANGUAGE_PREFIX[language]}{url}" for language in LANGUAGES for url in ALL_URLS
        if served_site + LANGUAGE_PREFIX[language] + url not in checked
    ]
    assert not unvisited, f"the crawl did not reach {unvisited}"
    assert not problems, "\n" + "\n".join(problems)
