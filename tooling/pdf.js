// The course's pages as one print document (tooling/pdf.py): run in the
// print document, which holds the cover and an empty table of contents.
// Returns the problems found (none when the document is whole) and, for the
// bookmarks, each chapter's key, title and section.
async (plan) => {
  const problems = [];
  const contents = [];  // what the bookmarks need: each chapter's key, title and section
  const parser = new DOMParser();
  const keyOf = new Map();  // a page's path on the site -> its key in the document
  for (const chapter of plan.chapters) keyOf.set(new URL(chapter.url, plan.root).pathname, chapter.key);

  const texts = await Promise.all(plan.chapters.map(async (chapter) => {
    const response = await fetch(new URL(chapter.url, plan.root));
    if (!response.ok) problems.push(`${new URL(chapter.url, plan.root).pathname}: HTTP ${response.status}`);
    return response.text();
  }));

  const pages = texts.map((text) => parser.parseFromString(text, 'text/html'));

  // The pages' stylesheets first (the site's, and the lessons' notebook one, which their
  // articles link), loaded before the pages' content comes in: the document is then
  // styled and laid out once, not again when each stylesheet arrives.
  const stylesheets = [];
  const printStyle = document.getElementById('pdf-print');
  pages.forEach((page, index) => {
    const pageUrl = new URL(plan.chapters[index].url, plan.root);
    for (const link of page.querySelectorAll('head link[rel="stylesheet"], article link[rel="stylesheet"]')) {
      const href = new URL(link.getAttribute('href'), pageUrl).href;
      if (!stylesheets.includes(href)) stylesheets.push(href);
      if (link.closest('article')) link.remove();
    }
  });
  await Promise.all(stylesheets.map((href) => new Promise((resolve) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    link.addEventListener('load', resolve);
    link.addEventListener('error', () => { problems.push(`stylesheet does not load: ${href}`); resolve(); });
    document.head.insertBefore(link, printStyle);  // the print stylesheet stays last, and wins
  })));

  // The page an href leads to, as [key, id] ([key, ''] for the page itself), or null.
  const inDocument = (target) => {
    let path = target.pathname;
    if (path.endsWith('/index.html')) path = path.slice(0, -'index.html'.length);
    const key = keyOf.get(path);
    return key === undefined ? null : [key, decodeURIComponent(target.hash.slice(1))];
  };
  const unwrap = (element) => element.replaceWith(...element.childNodes);

  const assembled = document.createDocumentFragment();  // into the document at once, at the end
  const toc = document.querySelector('.pdf-toc-list');
  let sectionList = null, currentSection = null;
  plan.chapters.forEach((chapter, index) => {
    const pageUrl = new URL(chapter.url, plan.root);
    const page = pages[index];
    const article = page.querySelector('article.md-content__inner');
    if (!article) { problems.push(`${pageUrl.pathname}: no <article> in the page`); return; }
    if (index === 0) {
      for (const name of page.body.getAttributeNames()) {
        if (name.startsWith('data-md-color-')) document.body.setAttribute(name, page.body.getAttribute(name));
      }
      document.body.dir = page.body.dir || 'ltr';
    }

    // What belongs to the website, not to the course: buttons, permalinks, scripts, the PDF's own link.
    article.querySelectorAll('.md-content__button, a.headerlink, a.anchor-link, script, clipboard-copy, .md-clipboard, .course-pdf, .md-source-file')
      .forEach((element) => element.remove());
    // Collapsed blocks (??? in the Markdown) print open.
    article.querySelectorAll('details').forEach((element) => { element.open = true; });
    // Glossary tooltips: the definitions are in the glossary chapter.
    article.querySelectorAll('abbr').forEach(unwrap);

    const prefix = `${chapter.key}:`;
    article.querySelectorAll('[id]').forEach((element) => { element.id = prefix + element.id; });
    article.querySelectorAll('a[name]').forEach((element) => { element.name = prefix + element.name; });
    article.querySelectorAll('label[for]').forEach((element) => { element.htmlFor = prefix + element.htmlFor; });
    article.querySelectorAll('input[name]').forEach((element) => { element.name = prefix + element.name; });
    for (const attribute of ['aria-controls', 'aria-labelledby', 'aria-describedby']) {
      article.querySelectorAll(`[${attribute}]`).forEach((element) => {
        element.setAttribute(attribute, element.getAttribute(attribute).split(/\s+/).map((id) => prefix + id).join(' '));
      });
    }

    for (const link of article.querySelectorAll('a[href]')) {
      const href = link.getAttribute('href');
      if (href.startsWith('#')) { link.setAttribute('href', `#${prefix}${decodeURIComponent(href.slice(1))}`); continue; }
      const target = new URL(href, pageUrl);
      if (target.origin !== location.origin) continue;  // another site: kept as it is
      const found = inDocument(target);
      if (found) {
        link.setAttribute('href', found[1] ? `#${found[0]}:${found[1]}` : `#${found[0]}`);
      } else if (plan.published) {  // a file of the site, or a page of another language: online
        link.setAttribute('href', new URL(target.pathname.slice(new URL(plan.site).pathname.length) + target.hash, plan.published).href);
      } else {
        link.removeAttribute('href');
      }
    }
    for (const element of article.querySelectorAll('img[src], source[src], video[src]')) {
      element.setAttribute('src', new URL(element.getAttribute('src'), pageUrl).href);
      element.loading = 'eager';
    }

    const section = document.createElement('section');
    section.className = 'pdf-chapter';
    section.id = chapter.key;
    section.dataset.url = pageUrl.pathname;  // where the page is in the site: /en/layers/
    section.append(...article.childNodes);
    assembled.append(section);

    const heading = section.querySelector('h1');
    if (!heading) problems.push(`${pageUrl.pathname}: no <h1> title`);
    // An entry of the contents: the title and, once printed, its page (tooling/pdf.py
    // writes the numbers where "000" keeps their room, so the layout does not change).
    const entry = document.createElement('li');
    const link = document.createElement('a');
    link.href = `#${chapter.key}`;
    const title = document.createElement('span');
    title.textContent = heading ? heading.textContent.trim() : chapter.url;
    const number = document.createElement('span');
    number.className = 'pdf-toc-page';
    number.dataset.key = chapter.key;
    number.textContent = '000';
    link.append(title, number);
    contents.push({ key: chapter.key, url: chapter.url, title: title.textContent, section: chapter.section });
    entry.append(link);
    if (chapter.section) {
      if (chapter.section !== currentSection) {
        currentSection = chapter.section;
        const item = document.createElement('li');
        item.className = 'pdf-toc-section';
        const name = document.createElement('span');
        name.textContent = chapter.section;
        sectionList = document.createElement('ol');
        item.append(name, sectionList);
        toc.append(item);
      }
      sectionList.append(entry);
    } else {
      currentSection = null;
      toc.append(entry);
    }
  });

  document.querySelector('.pdf-chapters').append(assembled);

  // Every link inside the document leads somewhere in it.
  for (const link of document.querySelectorAll('a[href^="#"]')) {
    const id = decodeURIComponent(link.getAttribute('href').slice(1));
    if (id && !document.getElementById(id)) {
      const chapter = link.closest('.pdf-chapter');
      problems.push(`${chapter ? chapter.dataset.url : 'contents'}: link "${link.textContent.trim().slice(0, 60)}" to #${id} leads nowhere in the PDF`);
    }
  }

  // Everything loaded before printing: images (the lessons' figures are lazy on the site) and fonts.
  for (const image of document.images) image.loading = 'eager';
  await Promise.all([...document.images].map((image) => image.decode().catch(() => {
    const chapter = image.closest('.pdf-chapter');
    problems.push(`${chapter ? chapter.dataset.url : 'cover'}: image does not load: ${image.src}`);
  })));
  await document.fonts.ready;
  return { problems, contents };
}
