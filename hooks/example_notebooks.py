"""MkDocs hook: every lesson in examples/<lang>/ becomes a notebook page of that language.

Why a hook: mkdocs-static-i18n 1.3.1 recreates every File in its own on_files
(priority -100) and drops mkdocs-jupyter's notebook wrapper, so notebooks
placed in docs/ were copied raw (ultrabug/mkdocs-static-i18n#198). The
executed notebooks are therefore added here, after i18n, as pages of the
language being built; mkdocs-jupyter then renders them (execute: false, the
outputs come from tooling.examples, which runs each example's code once).
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for `tooling`, wherever mkdocs runs from

from tooling.examples import CACHE, ExampleError, find_examples, localized_notebook, write_if_changed  # noqa: E402

RENDERED = CACHE / "notebooks"  # executed .ipynb per language: what the pages render and readers download


class NotebookPage(File):
    """An executed notebook shown as a documentation page."""

    def is_documentation_page(self) -> bool:
        return True


def _rendered(language: str, name: str) -> Path:
    return RENDERED / language / "examples" / f"{name}.ipynb"


def _i18n(config):
    return config.plugins["i18n"]


def _page_for(config, language: str, name: str) -> File:
    """The page File of an example, at the URL i18n gives pages of that language."""
    default = _i18n(config).default_language
    prefix = "" if language == default else f"{language}/"
    return NotebookPage(
        f"{language}/examples/{name}.ipynb",
        str(RENDERED),
        config.site_dir,
        config.use_directory_urls,
        dest_uri=f"{prefix}examples/{name}/index.html",
    )


@event_priority(-200)  # after mkdocs-static-i18n's on_files (-100)
def on_files(files: Files, config) -> Files:
    i18n = _i18n(config)
    language = i18n.current_language
    languages = [lang for lang in i18n.all_languages if lang in i18n.build_languages]
    for example in find_examples(language):
        try:
            notebook = localized_notebook(example)
        except ExampleError as error:
            raise PluginError(str(error)) from None
        write_if_changed(notebook, _rendered(language, example.name))
        page = _page_for(config, language, example.name)
        # What i18n sets on its own files: the language switcher and sitemap read these.
        page.locale = page.localization = page.locale_alternate_of = language
        page.norm_src_uri = f"examples/{example.name}.ipynb"
        page.alternates = {other: _page_for(config, other, example.name) for other in languages}
        files.append(page)
    i18n.i18n_files_per_language[language] = files.documentation_pages()
    return files


@event_priority(10)  # before mkdocs-jupyter's on_post_build, which evicts its cache
def on_post_build(config) -> None:
    # mkdocs-jupyter keeps only the cache entries used by the build that just
    # ended; with one build per language that evicted the other language's
    # pages every time, and a rebuild re-rendered every notebook. Mark the
    # rendered notebooks of every language as used.
    from mkdocs_jupyter.plugin import _compute_cache_key, _get_cache_path

    jupyter = config.plugins["mkdocs-jupyter"]
    if not jupyter.config["cache"]:
        return
    for language in _i18n(config).build_languages:
        for example in find_examples(language):
            notebook = _rendered(language, example.name)
            if not notebook.exists():
                continue
            key = _compute_cache_key(str(notebook), jupyter.config, jupyter.config["execute"])
            jupyter._used_cache_paths.add(_get_cache_path(jupyter.config["cache_dir"], key))
