"""MkDocs hook: every lesson in examples/<lang>/ becomes a notebook page of that language.

Why a hook: mkdocs-static-i18n 1.3.1 recreates every File in its own on_files
(priority -100) and drops mkdocs-jupyter's notebook wrapper, so notebooks
placed in docs/ were copied raw (ultrabug/mkdocs-static-i18n#198). The
executed notebooks are therefore added here, after i18n, as pages of the
language being built; mkdocs-jupyter then renders them (execute: false, the
outputs come from tooling.examples, which runs each example's code once).

The hook also makes notebook pages light and private (on_page_content):
mkdocs-jupyter inlines about 600 KB of the same CSS into every notebook page,
embeds figures as base64, and adds a MathJax script with an empty URL and a
mermaid loader from cdnjs. Here the CSS becomes one cached file shared by all
notebook pages, figures become image files with alt text in the page's
language, and the two scripts go (the lessons use neither LaTeX nor mermaid;
tests/test_browser.py fails on any request to another host).

And keyboard-friendly: nbconvert makes every cell and every output a tab stop
(two or three per cell, with no name, scrolling or not); here they are not,
and overrides/assets/javascripts/course.js makes focusable, with a name, the
cells and outputs that scroll at the reader's width. The copy button of code
cells and the permalink of headings get names in the page's language.
"""

from __future__ import annotations

import base64
import hashlib
import re
import sys
from html import escape
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for `tooling`, wherever mkdocs runs from

from tooling.examples import ExampleError, execute_all, find_examples, localized_notebook, write_if_changed  # noqa: E402
from tooling.figures import served_figure  # noqa: E402
from tooling.highlighting import without_plain_spans  # noqa: E402
from tooling.languages import course_of  # noqa: E402

STYLE = re.compile(r"<style[^>]*>(.*?)</style>\s*", re.DOTALL)
EMPTY_MATHJAX = re.compile(
    r'<script src="">\s*</script>\s*<script type="text/x-mathjax-config">.*?</script>\s*', re.DOTALL
)
CDN_MERMAID = re.compile(
    r'<script type="module">(?:(?!</script>).)*https://cdnjs(?:(?!</script>).)*</script>\s*', re.DOTALL
)
FIGURE = re.compile(
    r'<img alt="No description has been provided for this image"([^>]*?) '
    r'src="data:image/(png|jpeg|svg\+xml);base64,([^"]+)"'
)
NOTEBOOK_CSS = "assets/stylesheets/notebook-{digest}.css"
CELL_TAB_STOP = re.compile(
    r'(<div class="[^"]*\b(?:jp-Cell-inputWrapper|jp-OutputArea-output)\b[^"]*"[^>]*?) tabindex="0"'
)
ANCHOR_LINK = re.compile(r'<a class="anchor-link" href="#[^"]*">')  # a heading's "¶", unnamed
COPY_BUTTON = re.compile(r'<clipboard-copy [^>]*?\bfor="(?P<cell>[^"]+)"[^>]*>')
# nbconvert gives each heading an id slugged from its text, and our explicit
# anchor follows as <a id> (tooling.examples.anchors_as_html).
NOTEBOOK_HEADING = re.compile(
    r'<h(?P<level>[1-6]) id="(?P<generated>[^"]*)"(?P<attributes>[^>]*)>(?P<title>.*?)\s*'
    r'<a id="(?P<anchor>[^"]+)"></a><a class="anchor-link" href="#(?P=generated)">'
)


class NotebookPage(File):
    """An executed notebook shown as a documentation page."""

    def is_documentation_page(self) -> bool:
        return True


def _rendered_folder(config) -> Path:
    """Executed .ipynb per language, in the course's cache: what the pages render and readers download."""
    return course_of(config).root / ".cache" / "course" / "notebooks"


def _rendered(config, language: str, name: str) -> Path:
    return _rendered_folder(config) / language / "examples" / f"{name}.ipynb"


def _i18n(config):
    return config.plugins["i18n"]


def _page_for(config, language: str, name: str) -> File:
    """The page File of an example, at the URL i18n gives pages of that language."""
    default = _i18n(config).default_language
    prefix = "" if language == default else f"{language}/"
    return NotebookPage(
        f"{language}/examples/{name}.ipynb",
        str(_rendered_folder(config)),
        config.site_dir,
        config.use_directory_urls,
        dest_uri=f"{prefix}examples/{name}/index.html",
    )


@event_priority(-200)  # after mkdocs-static-i18n's on_files (-100)
def on_files(files: Files, config) -> Files:
    i18n = _i18n(config)
    language = i18n.current_language
    languages = [lang for lang in i18n.all_languages if lang in i18n.build_languages]
    examples = find_examples(language, course_of(config).root / "examples")
    try:
        execute_all(examples)  # the lessons not run yet, on every core; every language then reuses their outputs
    except ExampleError as error:
        raise PluginError(str(error)) from None
    for example in examples:
        try:
            notebook = localized_notebook(example, course=course_of(config))
        except ExampleError as error:
            raise PluginError(str(error)) from None
        write_if_changed(notebook, _rendered(config, language, example.name))
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
        for example in find_examples(language, course_of(config).root / "examples"):
            notebook = _rendered(config, language, example.name)
            if not notebook.exists():
                continue
            key = _compute_cache_key(str(notebook), jupyter.config, jupyter.config["execute"])
            jupyter._used_cache_paths.add(_get_cache_path(jupyter.config["cache_dir"], key))


def on_page_context(context, page, config, nav):
    """Notebook pages: "edit" opens the lesson's .py source; Colab opens the published .ipynb."""
    if isinstance(page.file, NotebookPage) and config.repo_url:
        repository = config.repo_url.rstrip("/")
        name = Path(page.file.src_uri).stem
        page.edit_url = f"{repository}/edit/main/examples/{page.file.locale}/{name}.py"
        notebook = f"{Path(page.file.dest_uri).parent.as_posix()}/{name}.ipynb"
        owner_and_name = repository.removeprefix("https://github.com/")
        branch = config.extra.get("published_branch", "gh-pages")
        page.colab_url = f"https://colab.research.google.com/github/{owner_and_name}/blob/{branch}/{notebook}"
    return context


def on_page_content(html: str, page, config, files) -> str:
    if not isinstance(page.file, NotebookPage):
        return html
    figure_alt = course_of(config).strings(page.file.locale)["figure_alt"]
    site = Path(config.site_dir)
    html = EMPTY_MATHJAX.sub("", html)
    html = CDN_MERMAID.sub("", html)
    html = without_plain_spans(html)  # as on the Markdown pages: lighter cells, the same on screen
    html = _explicit_heading_ids(html, page)
    html = CELL_TAB_STOP.sub(r"\1", html)
    copy = escape(config.extra["copy_to_clipboard"], quote=True)
    permalink = escape(config.extra["permalink"], quote=True)
    html = ANCHOR_LINK.sub(lambda match: f'{match[0][:-1]} title="{permalink}" aria-label="{permalink}">', html)
    html = COPY_BUTTON.sub(
        lambda match: f'<clipboard-copy for="{match["cell"]}" aria-label="{copy}" title="{copy}">', html
    )

    styles = "\n".join(dict.fromkeys(match.group(1).strip() for match in STYLE.finditer(html)))
    stylesheet = NOTEBOOK_CSS.format(digest=_digest(styles.encode()))
    _write_once(site / stylesheet, styles.encode())
    link = f'<link rel="stylesheet" href="{get_relative_url(stylesheet, page.url)}">\n'
    html = link + STYLE.sub("", html)

    figures = course_of(config).root / ".cache" / "course" / "figures"

    def figure_file(match: re.Match) -> str:
        attributes, kind, data = match.groups()
        figure = served_figure(kind, base64.b64decode(data), figures)
        name = f"figure-{_digest(figure.content)}.{figure.suffix}"
        _write_once(site / Path(page.file.dest_uri).parent / name, figure.content)
        size = f' width="{figure.width}" height="{figure.height}"' if figure.width else ""
        # Below the fold, most of them: fetched when the reader gets near, decoded off the main thread.
        return f'<img alt="{figure_alt}"{attributes}{size} loading="lazy" decoding="async" src="{name}"'

    return _out_of_search(FIGURE.sub(figure_file, html))


# Code cells and their outputs stay out of the search index (Material skips an
# element that carries data-search-exclude): readers search the lessons' prose,
# and the code and outputs were most of each lesson's entries. Material ends the
# exclusion at the first closing tag of the same name, so it goes on elements
# with no element of their own kind inside: the <pre> of code and outputs, the
# hidden copy of a cell's code, the "In [1]:" prompts.
SEARCH_EXCLUDED = re.compile(
    r'<pre(?=[\s>])|<div class="(?:clipboard-copy-txt|jp-(?:Input|Output)Prompt [^"]*)"|<span class="notice"'
)


def _out_of_search(html: str) -> str:
    return SEARCH_EXCLUDED.sub(lambda match: f"{match[0]} data-search-exclude", html)


def _explicit_heading_ids(html: str, page) -> str:
    """Headings take the lesson's explicit anchors as their ids, as on Markdown pages.

    Otherwise a heading had two ids (the same twice when the English title
    slugged to the anchor: invalid HTML), and the table of contents, which
    mkdocs-jupyter slugs on its own (dropping inline code), could point to
    neither: "Por qué escribir `get_config`..." got #por-que-escribir-en-un-modelo.
    """
    anchors = []

    def explicit(match: re.Match) -> str:
        anchors.append(match["anchor"])
        return (
            f'<h{match["level"]} id="{match["anchor"]}"{match["attributes"]}>{match["title"]} '
            f'<a class="anchor-link" href="#{match["anchor"]}">'
        )

    html = NOTEBOOK_HEADING.sub(explicit, html)
    entries = _flatten(page.toc)
    if len(entries) == len(anchors):  # the same headings, in the same order
        for entry, anchor in zip(entries, anchors, strict=True):
            entry.id = anchor
    return html


def _flatten(toc) -> list:
    return [entry for item in toc for entry in (item, *_flatten(item.children))]


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()[:12]


def _write_once(path: Path, content: bytes) -> None:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
