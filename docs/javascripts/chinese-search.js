/*
 * Chinese search: cut what the visitor types into the words of the search index, add
 * the record words for everyday ones, and put the section that answers first.
 *
 * At build time the search index stores Chinese text cut into words (jieba). A visitor
 * types without spaces, and the theme's search worker guesses the words itself. This
 * script stands between the theme and its worker:
 *
 * - Queries. Every run of Chinese characters is cut into the longest words the index
 *   knows (or that synonyms.js lists); all words are required (AND). A word with
 *   synonyms is tried in each of its forms (孩子, 儿童), one query per form, and the
 *   results merged. If nothing matches, the words are tried as alternatives (OR).
 *   Backslashes between characters keep the worker from cutting words again.
 * - Results. The theme groups results by page and shows each page's top first. Here the
 *   matching sections and pages are ranked again (a short section that holds the words
 *   beats the long page or the list that contains it); a group led by a section opens on
 *   that section, with the page's title above it. Previews leave out the hidden alias
 *   line, citation lines and table headers.
 * - Nothing found. The result list then says so and links to the site's sections and years.
 *
 * The theme's worker is kept as the theme's partner but never given the index; a second
 * copy of the same worker does the searching, and its answers reach the theme rewritten,
 * as messages on the theme's worker. Queries without Chinese are only re-ranked.
 */
(() => {
  "use strict";

  /* Message types of the theme's search worker */
  const SETUP = 0;
  const QUERY = 2;
  const RESULT = 3;

  const HAN = /\p{sc=Han}/u;
  const HAN_RUNS = /\p{sc=Han}+|[^\p{sc=Han}]+/gu;
  const NOT_A_WORD = /[^\p{L}\p{N}.]+|(?<!\p{N})\.|\.(?!\p{N})/u; /* 689.9 stays one word */
  const LONGEST_WORD = 16;
  const MOST_FORMS = 8;            /* queries tried for one visitor query, at most */
  /* Question and function words: a visitor asks 家暴怎么办, the records say 家暴 */
  const QUESTION_WORDS = ["怎么办", "怎么样", "怎么", "如何", "多少", "几个", "有没有", "是什么", "什么",
    "哪里", "哪儿", "在哪", "为什么", "吗", "呢", "吧", "啊", "了", "的", "谁"];

  /* Ranking */
  const LONG_PAGE_SECTIONS = 8;    /* a page with this many sections is a container (a year, a list) */
  const CONTAINER_TOP = 0.3;       /* weight of a container page's own top */
  const NAMED = 0.8;               /* ... unless the query makes up this share of its title */
  const LIST_SECTION = 0.5;        /* weight of a section that is mostly a list of links */
  const FIGURES_BONUS = 1.5;       /* weight of a section that holds a table of figures */
  const TITLE_BONUS = 2;           /* weight of a title made of the query's words alone */
  const EXACT_BONUS = 2;           /* weight of a text holding the query exactly as typed (60万) */
  const TAGS_BOOST = 1;            /* the theme weighs tags a million times: every section of a
                                      year page carries its page's tags, and would outrank all */
  const LENGTH_NORM = 0.5;         /* how much a long text is held against its score */
  /* Pages drawn from other pages (an indicator repeats the figures of the year's work items):
     they rank after the place the figure was reported, unless the visitor named them */
  const DERIVED_PAGES = /^statistics\//;
  const DERIVED = 0.5;
  const SHOWN_SECTIONS = 3;        /* sections shown under one page; the rest fold away */
  const SHOWN_SHARE = 0.5;         /* ... if they score at least this share of the group's best */
  const FULL_PREVIEW = 400;        /* a section this short is previewed whole (summary and figures);
                                      a longer one by the theme's excerpt around the matches */

  /* Texts that are page furniture rather than content, as they appear in the index */
  const ALIAS_LABEL = "别名：";
  const BOILERPLATE = ["引用格式", "资料来源："];
  const TABLE_HEADERS = ["年份 工作事项 统计内容 数字 指标", "主题 工作 统计内容 数字 指标", "年份 原文写法 修饰 折合数值 较上年 出处",
    "指标 最新数字 历年趋势 年份数", "统计内容 数字 说明", "统计内容 数字", "项目 内容"];
  const FIGURES_MARK = "统计内容";

  const send = Worker.prototype.postMessage;
  let theme = null;      /* the theme's worker: hears only what this script tells it */
  let engine = null;     /* the worker that searches */
  let setup = null;      /* the index: config and documents */
  let facts = null;      /* what is known of each page and document, for ranking (built at the first query) */
  let words = null;      /* promise of the index's Chinese words */
  const waiting = [];    /* callbacks for the engine's results, oldest first */
  let latest = 0;        /* number of the latest query */
  let chain = Promise.resolve();

  const synonyms = () => window.annalsSynonyms || {};

  /* ------------------------------------------------------------------ words */

  /* The index's Chinese words, sorted, from the documents the worker indexes */
  function wordList(docs, separator) {
    const split = new RegExp(separator, "g");
    const found = new Set();
    for (const doc of docs)
      for (const field of [doc.title, doc.text])
        for (const token of (field || "").replace(/<[^>]*>/g, " ").split(split))
          if (token.length > 0 && token.length <= LONGEST_WORD && !/\P{sc=Han}/u.test(token))
            found.add(token);
    return listed(found, [...found].sort());
  }

  function listed(found, sorted) {
    return { has: word => found.has(word), sorted };
  }

  /* The word list, built once: from the worker's setup message, or loaded as the theme does.
     The offline archive's index script brings it ready-made (scripts/annals/archive/search_index.py). */
  function indexWords() {
    if (!words)
      words = Array.isArray(window.annalsIndexWords)
        ? Promise.resolve(listed(new Set(window.annalsIndexWords), window.annalsIndexWords))
        : loadIndex().then(index => wordList(index.docs, index.config.separator));
    return words;
  }

  function loadIndex() {
    if (setup)
      return Promise.resolve(setup);
    if (typeof __index !== "undefined")
      return Promise.resolve(__index); // eslint-disable-line no-undef
    return fetch(new URL("search/search_index.json", siteBase())).then(response => response.json());
  }

  function siteConfig() {
    return JSON.parse(document.getElementById("__config").textContent);
  }

  function siteBase() {
    return new URL(`${siteConfig().base}/`, location.href);
  }

  /* True when some index word starts with the text (the visitor is still typing) */
  function startsWord(list, text) {
    let low = 0;
    let high = list.sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (list.sorted[middle] < text) low = middle + 1;
      else high = middle;
    }
    return low < list.sorted.length && list.sorted[low].startsWith(text);
  }

  /* Cut a run of Chinese characters into words: fewest unknown characters, then fewest words */
  function cut(list, run, extra) {
    const best = [{ unknown: 0, pieces: [] }];
    for (let end = 1; end <= run.length; end++) {
      for (let start = Math.max(0, end - LONGEST_WORD); start < end; start++) {
        const before = best[start];
        const piece = run.slice(start, end);
        const filler = QUESTION_WORDS.includes(piece);
        const known = filler || list.has(piece) || extra.has(piece) || (end === run.length && startsWord(list, piece));
        if (!before || (!known && end - start > 1))
          continue;
        const candidate = {
          unknown: before.unknown + (known ? 0 : 1),
          pieces: [...before.pieces, { text: piece, known, filler }]
        };
        const current = best[end];
        if (!current || candidate.unknown < current.unknown ||
            (candidate.unknown === current.unknown && candidate.pieces.length < current.pieces.length))
          best[end] = candidate;
      }
    }
    return best[run.length].pieces;
  }

  /* A Chinese word as a query term the worker will not cut again: 维\权\站 */
  function term(text) {
    return [...text].map((char, i) => (i > 0 ? `\\${char}` : char)).join("");
  }

  /* The forms of one piece: itself (if the index knows it) and its record words, each as index words */
  function forms(list, piece, table) {
    const targets = table[piece.text];
    if (!targets)
      return [[piece]];
    const found = list.has(piece.text) ? [[piece]] : [];
    for (const target of targets)
      found.push(cut(list, target, new Set()));
    return found;
  }

  /* Words of a chunk, each a list of alternative forms; a form is a list of pieces */
  function chunkWords(list, chunk, table) {
    const result = [];
    for (const part of chunk.match(HAN_RUNS)) {
      if (!HAN.test(part)) {
        for (const text of part.split(NOT_A_WORD).filter(Boolean))
          result.push([[{ text, known: true, plain: true }]]);
        continue;
      }
      const pieces = cut(list, part, new Set(Object.keys(table))).filter(piece => !piece.filler);
      const unknown = pieces.filter(piece => !piece.known).length;
      if (unknown * 2 > pieces.reduce((sum, piece) => sum + piece.text.length, 0))
        return null; /* mostly characters the site never uses: nothing here answers it */
      for (const piece of pieces)
        result.push(forms(list, piece, table));
    }
    return result;
  }

  /* Every combination of forms, at most MOST_FORMS, the visitor's own words first */
  function combinations(slots) {
    let done = [[]];
    for (const slot of slots) {
      const next = [];
      for (const form of slot)
        for (const start of done)
          if (next.length < MOST_FORMS)
            next.push([...start, ...form]);
      done = next;
    }
    return done;
  }

  function queryTerm({ text, known, plain }, required) {
    const shown = plain ? text : term(text);
    return known && required ? `+${shown}*` : shown;
  }

  /* The queries to run: each combination with every word required, then all words as alternatives */
  function plan(list, query) {
    const table = synonyms();
    const fixed = [];
    const slots = [];
    for (const chunk of query.trim().split(/\s+/).filter(Boolean)) {
      if (!HAN.test(chunk) || /^[+-]/.test(chunk) || /[:~^*]/.test(chunk))
        fixed.push(chunk);
      else {
        const words = chunkWords(list, chunk, table);
        if (!words)
          return { strict: [], loose: null };
        slots.push(...words);
      }
    }
    const strict = new Map();
    for (const pieces of combinations(slots)) {
      const text = [...fixed, ...pieces.map(piece => queryTerm(piece, true))].join(" ");
      strict.set(text, pieces.filter(piece => piece.known).map(piece => piece.text.toLowerCase()));
    }
    const loose = [...fixed, ...new Set(slots.flat(2).map(piece => queryTerm(piece, false)))].join(" ");
    return { strict: [...strict], loose: strict.has(loose) ? null : loose };
  }

  /* ------------------------------------------------------------------ ranking */

  function plainText(html) {
    return (html || "").replace(/<[^>]*>/g, "").replace(/\u200b/g, "");
  }

  /* Section counts and titles of pages, and the average text length, from the index */
  function describe(docs) {
    const pages = new Map();
    const texts = new Map();
    let total = 0;
    for (const doc of docs) {
      const [path] = doc.location.split("#");
      const page = pages.get(path) || { title: null, sections: 0 };
      if (doc.location.includes("#")) page.sections++;
      else page.title = doc.title;
      pages.set(path, page);
      total += plainText(doc.text).length;
      texts.set(doc.location, doc.text || "");
    }
    /* A page that other pages sit under is an index of them (a section's first page) */
    const paths = [...pages.keys()].sort();
    for (let i = 0; i + 1 < paths.length; i++)
      if (paths[i + 1].startsWith(paths[i]) && /(^|\/)$/.test(paths[i]))
        pages.get(paths[i]).index = true;
    return { pages, texts, averageLength: Math.max(total / Math.max(docs.length, 1), 1) };
  }

  function known() {
    if (!facts)
      facts = describe(setup.docs);
    return facts;
  }

  /* Share of a text inside list items */
  function listShare(html) {
    const inLists = (html.match(/<li>[\s\S]*?<\/li>/g) || []).reduce((sum, item) => sum + plainText(item).length, 0);
    return inLists / Math.max(plainText(html).length, 1);
  }

  /* Our score for one result: the words' weight without the theme's bonus for page tops,
     evened out for length, and weighed by what kind of place it is */
  function rescore(item, query) {
    const terms = Object.values(item.terms || {});
    const coverage = terms.length ? terms.filter(Boolean).length / terms.length : 0;
    const top = !item.location.includes("#");
    const words = item.score / (1 + ((top ? 1 : 0) + coverage) ** 2);
    const length = plainText(item.text).length;
    let weight = coverage ** 2 / (1 - LENGTH_NORM + LENGTH_NORM * length / known().averageLength);
    const page = known().pages.get(item.location.split("#")[0]);
    const named = titleShare(item);
    const container = page && (page.sections >= LONG_PAGE_SECTIONS || page.index);
    if (top && container && named < NAMED)
      weight *= CONTAINER_TOP; /* unless the visitor typed the page's own name */
    if (DERIVED_PAGES.test(item.location) && named < NAMED)
      weight *= DERIVED;
    if (!top && listShare(item.text || "") > 0.6)
      weight *= LIST_SECTION;
    if (plainText(item.text).includes(FIGURES_MARK))
      weight *= FIGURES_BONUS;
    if (query.length > 1 && squeezed(item).includes(query))
      weight *= EXACT_BONUS;
    return words * weight * (1 + (TITLE_BONUS - 1) * named);
  }

  function squeezed(item) {
    return plainText(`${item.title} ${item.text}`).replace(/\s+/g, "");
  }

  /* How much of a result's title the query's words make up (a named record: most of it) */
  function titleShare(item) {
    const title = plainText(item.title);
    const found = Object.keys(item.terms || {}).filter(word => word && title.includes(word));
    return Math.min(found.reduce((sum, word) => sum + word.length, 0) / Math.max(title.length, 1), 1);
  }

  /* True when a result holds every word its query required (the engine lets some through) */
  function holdsAll(item, required) {
    const found = new Set(Object.entries(item.terms || {}).filter(([, hit]) => hit).map(([word]) => word.toLowerCase()));
    return required.every(word => found.has(word));
  }

  /* All results of several queries, each place once with its best score */
  function merge(results, query) {
    const best = new Map();
    for (const { items, required } of results)
      for (const group of items)
        for (const item of group) {
          if (!(item.score > 0) || !holdsAll(item, required))
            continue; /* the theme adds a page's top to its group even when it did not match */
          const scored = { ...item, score: rescore(item, query) };
          const current = best.get(item.location);
          if (!current || scored.score > current.score)
            best.set(item.location, scored);
        }
    return [...best.values()].sort((a, b) => b.score - a.score || (a.location < b.location ? -1 : 1));
  }

  /* Results grouped by page, best group first; a group led by a section opens on it */
  function regroup(items) {
    const groups = new Map();
    for (const item of items) {
      const [path] = item.location.split("#");
      if (!groups.has(path)) groups.set(path, []);
      groups.get(path).push(clean(item));
    }
    return [...groups.entries()].map(([path, group]) => arrange(path, group));
  }

  /* One group as the theme draws it: its page-top (or a header standing for it) and sections */
  function arrange(path, group) {
    const [lead] = group;
    const sections = group.filter(item => item.location.includes("#"));
    const shown = sections.filter((item, i) =>
      i < SHOWN_SECTIONS && (item === lead || item.score >= lead.score * SHOWN_SHARE));
    const folded = sections.filter(item => !shown.includes(item));
    const score = lead.score;
    const visible = shown.map(item => ({ ...item, score }));
    const hidden = folded.map(item => ({ ...item, score: Math.min(item.score, score / 2) }));
    if (!lead.location.includes("#"))
      return [{ ...lead, score }, ...visible, ...hidden];
    /* Led by a section: the theme takes the last entry without an address of its own as
       the heading, so a copy of the section, titled with its page, goes last */
    const page = known().pages.get(path);
    const header = { location: lead.location, title: page && page.title ? page.title : lead.title, text: "", score: 0, terms: {} };
    return [...visible, ...hidden, header];
  }

  /* A result's preview without the alias line, citation lines and table headers; a short
     section whole, so that its figures show (the theme keeps two matching paragraphs) */
  function clean(item) {
    const tags = item.location.includes("#") ? undefined : item.tags;
    const whole = known().texts.get(item.location) || "";
    const text = plainText(whole).length <= FULL_PREVIEW ? marked(whole, item.terms) : item.text || "";
    return { ...item, text: preview(text), tags };
  }

  /* The words a result matched, marked in its text (outside tags) as the theme marks them */
  function marked(html, terms) {
    const found = Object.keys(terms || {}).filter(word => terms[word] && word.length > 0);
    if (found.length === 0)
      return html;
    const escaped = found.sort((a, b) => b.length - a.length).map(word => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    const pattern = new RegExp(escaped.join("|"), "gi");
    return html.split(/(<[^>]*>)/).map(part => (part.startsWith("<") ? part : part.replace(pattern, "<mark>$&</mark>"))).join("");
  }

  function preview(html) {
    return html
      .replace(/<p>((?:(?!<\/p>)[\s\S])*)<\/p>/g, (paragraph, inner) => {
        const text = plainText(inner).trim();
        return text.startsWith(ALIAS_LABEL) || BOILERPLATE.some(label => text.startsWith(label)) ? "" : paragraph;
      })
      .replace(tableHeaders(), "")
      .trim();
  }

  let headersPattern = null;
  function tableHeaders() {
    if (!headersPattern) {
      const loose = text => [...text].map(char => (char === " " ? "\\s+" : char)).join("(?:\\u200b)*");
      headersPattern = new RegExp(TABLE_HEADERS.map(loose).join("|"), "g");
    }
    return headersPattern;
  }

  /* ------------------------------------------------------------------ nothing found */

  /* Links to the top-level sections of the navigation and to the year pages of the index */
  function helpLinks() {
    const sections = [];
    for (const item of document.querySelectorAll(".md-nav--primary > .md-nav__list > .md-nav__item")) {
      const link = item.querySelector(":scope > a.md-nav__link, :scope > .md-nav__container > a.md-nav__link");
      if (link) sections.push({ href: link.href, title: link.textContent.trim() });
    }
    const base = siteBase();
    const years = (setup ? setup.docs : [])
      .filter(doc => !doc.location.includes("#") && /(^|\/)\d{4}(\/|\.html|\/index\.html)$/.test(doc.location))
      .map(doc => ({ href: `${new URL(doc.location, base)}`, title: plainText(doc.title) }))
      .sort((a, b) => (a.title < b.title ? 1 : -1));
    return { sections, years };
  }

  function linkList(links) {
    const list = document.createElement("ul");
    for (const { href, title } of links) {
      const item = document.createElement("li");
      const anchor = document.createElement("a");
      anchor.href = href;
      anchor.textContent = title;
      item.appendChild(anchor);
      list.appendChild(item);
    }
    return list;
  }

  /* Under the theme's "nothing found": what the site has, to browse instead */
  function showHelp(query) {
    const list = document.querySelector(".md-search-result__list");
    if (!list || list.children.length > 0)
      return;
    const { sections, years } = helpLinks();
    const help = document.createElement("li");
    help.className = "annals-search-help md-typeset";
    help.style.padding = "0 0.8rem 0.6rem";
    const intro = document.createElement("p");
    intro.textContent = `本站没有找到与“${query.trim()}”相关的内容。可以换一个说法（例如用更短的词），或者从这里浏览：`;
    help.appendChild(intro);
    help.appendChild(linkList(sections));
    if (years.length) {
      const label = document.createElement("p");
      label.textContent = "按年度查看工作：";
      help.appendChild(label);
      help.appendChild(linkList(years));
    }
    list.appendChild(help);
  }

  /* ------------------------------------------------------------------ messages */

  /* One query to the engine; its result, with the words it required */
  function ask([text, required]) {
    return new Promise(resolve => {
      waiting.push(data => resolve({ ...data, required }));
      engine.postMessage({ type: QUERY, data: text });
    });
  }

  function askAll(queries) {
    return Promise.all(queries.map(ask));
  }

  /* Run the planned queries and hand the theme one merged, re-ranked result */
  function search(query, number) {
    const typed = query.replace(/\s+/g, "");
    if (number !== latest)
      return Promise.resolve(); /* typed over before its turn came */
    return (HAN.test(query) ? indexWords() : Promise.resolve(null))
      .then(list => {
        const { strict, loose } = list ? plan(list, query) : { strict: [[query, []]], loose: null };
        return askAll(strict).then(results =>
          merge(results, typed).length || !loose ? results : askAll([[loose, []]]));
      })
      .then(results => {
        if (number !== latest)
          return; /* a newer query is on its way */
        const items = typed ? regroup(merge(results, typed)) : [];
        tell({ type: RESULT, data: { items } });
        if (items.length === 0 && typed)
          showHelp(query);
      });
  }

  function tell(data) {
    theme.dispatchEvent(new MessageEvent("message", { data }));
  }

  function onEngineMessage(event) {
    const message = event.data;
    if (message && message.type === RESULT) {
      const resolve = waiting.shift();
      if (resolve) resolve(message.data);
      return;
    }
    tell(message);
  }

  /* From file://, the theme's worker is an iframe on the page's thread (iframe-worker), and building
     the index there holds the page up. The offline archive's index script brings the worker's source
     (scripts/annals/archive/search_index.py): started from a blob: URL with the browser's own Worker
     (taken from an empty frame, since iframe-worker replaces this page's), it builds the index on a
     thread of its own. Null when that is not possible: the theme's way is used. */
  function ownThread() {
    if (typeof window.annalsEngineSource !== "string")
      return null;
    try {
      const frame = document.createElement("iframe");
      frame.hidden = true;
      frame.title = "搜索";
      frame.tabIndex = -1;
      document.body.appendChild(frame);
      const realm = frame.contentWindow;
      const source = new realm.Blob([window.annalsEngineSource], { type: "text/javascript" });
      return new realm.Worker(realm.URL.createObjectURL(source));
    } catch (error) {
      return null;
    }
  }

  /* The theme's index goes to a worker of our own, which then answers through the theme's */
  function start(worker, message) {
    theme = worker;
    setup = message.data;
    try {
      engine = ownThread() || new Worker(siteConfig().search);
    } catch (error) {
      console.warn("搜索结果无法重新排序，按原样显示：", error);
      engine = null;
      return send.call(worker, message);
    }
    engine.addEventListener("message", onEngineMessage);
    engine.postMessage({ ...message, data: weighed(setup) });
    if ("requestIdleCallback" in window)
      requestIdleCallback(() => { indexWords(); known(); });
  }

  /* The index as the engine gets it: tags weighed like text, and kept on page tops only
     (the theme copies a page's tags onto each of its sections) */
  function weighed({ config, docs, ...rest }) {
    const fields = { ...config.fields };
    if (fields.tags)
      fields.tags = { ...fields.tags, boost: TAGS_BOOST };
    const own = docs.map(doc => (doc.tags && doc.location.includes("#") ? { ...doc, tags: undefined } : doc));
    return { ...rest, config: { ...config, fields }, docs: own };
  }

  function query(message) {
    const number = ++latest;
    if (!message.data.trim()) {
      /* An emptied box clears the list at once, as the theme's own search does */
      Promise.resolve().then(() => number === latest && tell({ type: RESULT, data: { items: [] } }));
      return;
    }
    chain = chain
      .then(() => search(message.data, number))
      .catch(error => {
        console.warn("中文分词不可用，按原样搜索：", error);
        return ask([message.data, []]).then(({ items }) => number === latest && tell({ type: RESULT, data: { items } }));
      });
  }

  Worker.prototype.postMessage = function (message, ...rest) {
    if (this !== engine && message && message.type === SETUP && message.data && message.data.docs && !theme)
      return start(this, message);
    if (this === theme && engine && message && message.type === QUERY && typeof message.data === "string")
      return query(message);
    return send.call(this, message, ...rest);
  };
})();
