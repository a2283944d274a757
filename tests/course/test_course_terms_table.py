"""The style guides' table of preferred terms is the one docs/glossary.yml gives."""

from tooling.terms_table import COMMAND, updated_guides


def test_the_guides_table_of_terms_matches_the_glossary():
    _, stale = updated_guides()
    assert not stale, "\n".join(map(str, stale)) + f"\n(`{COMMAND}` rewrites the tables)"
