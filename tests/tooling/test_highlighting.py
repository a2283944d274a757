"""Highlighted code without the spans that change nothing on screen (tooling/highlighting.py)."""

from tooling.highlighting import without_plain_spans

BLOCK = (
    '<div class="language-python highlight"><pre><span></span><code>'
    '<span class="k">def</span><span class="w"> </span><span class="nf">f</span><span class="p">(</span>'
    '<span class="n">x</span><span class="p">):</span>\n'
    '    <span class="k">return</span> <span class="n">x</span> <span class="o">*</span> <span class="mi">2</span>\n'
    "</code></pre></div>"
)


def test_name_and_whitespace_spans_lose_their_tags_and_keep_their_text():
    assert without_plain_spans(BLOCK) == (
        '<div class="language-python highlight"><pre><code>'
        '<span class="k">def</span> <span class="nf">f</span><span class="p">(</span>'
        'x<span class="p">):</span>\n'
        '    <span class="k">return</span> x <span class="o">*</span> <span class="mi">2</span>\n'
        "</code></pre></div>"
    )


def test_outside_highlighted_blocks_nothing_changes():
    page = '<p><span class="n">x</span> and <span></span></p><pre><code><span class="n">y</span></code></pre>'
    assert without_plain_spans(page) == page


def test_spans_with_other_classes_or_attributes_stay():
    block = (
        '<div class="highlight"><pre><code><span class="n nb">len</span><span class="n" id="a">x</span>'
        '<span class="hll"><span class="n">y</span></span></code></pre></div>'
    )
    assert without_plain_spans(block) == (
        '<div class="highlight"><pre><code><span class="n nb">len</span><span class="n" id="a">x</span>'
        '<span class="hll">y</span></code></pre></div>'
    )


def test_console_sessions_keep_prompts_and_outputs():
    block = (
        '<div class="language-pycon highlight" data-copy="x + 1"><pre><span></span><code>'
        '<span class="gp">&gt;&gt;&gt; </span><span class="n">x</span> '
        '<span class="o">+</span> <span class="mi">1</span>\n'
        '<span class="go">2</span>\n</code></pre></div><p>After.</p>'
    )
    assert without_plain_spans(block) == block.replace("<span></span>", "").replace('<span class="n">x</span>', "x")


def test_the_text_of_the_page_is_unchanged():
    import re

    def text(html):
        return re.sub(r"<[^>]+>", "", html)

    assert text(without_plain_spans(BLOCK)) == text(BLOCK)
