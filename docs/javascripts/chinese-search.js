/*
 * Chinese search: cut what the visitor types into the words of the search index.
 *
 * At build time the search index stores Chinese text cut into words (jieba). A
 * visitor types without spaces, and the theme's search worker guesses the words
 * itself, dropping the last character and anything it cannot match. This script
 * rewrites each query before it reaches the worker: every run of Chinese
 * characters is cut into the longest words the index knows, all words are
 * required (AND); if that finds nothing, the same words are tried as
 * alternatives (OR). Backslashes between characters keep the worker from
 * cutting the words again. Queries without Chinese pass through unchanged.
 */
(() => {
  "use strict";

  /* Message types of the theme's search worker */
  const SETUP = 0;
  const QUERY = 2;
  const RESULT = 3;

  const HAN = /\p{sc=Han}/u;
  const HAN_RUNS = /\p{sc=Han}+|[^\p{sc=Han}]+/gu;
  const NOT_A_WORD = /[^\p{L}\p{N}]+/u;
  const LONGEST_WORD = 16;

  const send = Worker.prototype.postMessage;
  const watched = new WeakSet();
  const sent = [];       /* queries in the worker, oldest first: their OR form, if any */
  let source = null;     /* documents from the worker's setup message */
  let words = null;      /* promise of the index's Chinese words */
  let chain = Promise.resolve();

  /* The index's Chinese words, sorted, from the documents the worker indexes */
  function wordList(docs, separator) {
    const split = new RegExp(separator, "g");
    const found = new Set();
    for (const doc of docs)
      for (const field of [doc.title, doc.text])
        for (const token of (field || "").replace(/<[^>]*>/g, " ").split(split))
          if (token.length > 0 && token.length <= LONGEST_WORD && !/\P{sc=Han}/u.test(token))
            found.add(token);
    return { has: word => found.has(word), sorted: [...found].sort() };
  }

  /* The word list, built once: from the worker's setup message, or loaded as the theme does */
  function indexWords() {
    if (!words)
      words = loadIndex().then(index => wordList(index.docs, index.config.separator));
    return words;
  }

  function loadIndex() {
    if (source)
      return Promise.resolve(source);
    if (typeof __index !== "undefined")
      return Promise.resolve(__index); // eslint-disable-line no-undef
    const config = JSON.parse(document.getElementById("__config").textContent);
    const base = new URL(`${config.base}/`, location.href);
    return fetch(new URL("search/search_index.json", base)).then(response => response.json());
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

  /* Cut a run of Chinese characters into index words: fewest unknown characters, then fewest words */
  function cut(list, run) {
    const best = [{ unknown: 0, pieces: [] }];
    for (let end = 1; end <= run.length; end++) {
      for (let start = Math.max(0, end - LONGEST_WORD); start < end; start++) {
        const before = best[start];
        const piece = run.slice(start, end);
        const known = list.has(piece) || (end === run.length && startsWord(list, piece));
        if (!before || (!known && end - start > 1))
          continue;
        const candidate = {
          unknown: before.unknown + (known ? 0 : 1),
          pieces: [...before.pieces, { text: piece, known }]
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

  /* Words of a run: index words for Chinese, letters and digits for the rest */
  function pieces(list, part) {
    if (HAN.test(part))
      return cut(list, part).map(({ text, known }) => ({ text: term(text), known }));
    return part.split(NOT_A_WORD).filter(Boolean).map(text => ({ text, known: true }));
  }

  /* The query in two forms: every word required, and the same words as alternatives */
  function rewrite(list, query) {
    const all = [];
    const any = [];
    for (const chunk of query.trim().split(/\s+/)) {
      if (!HAN.test(chunk) || /^[+-]/.test(chunk) || /[:~^*]/.test(chunk)) {
        all.push(chunk);
        any.push(chunk);
        continue;
      }
      for (const part of chunk.match(HAN_RUNS))
        for (const { text, known } of pieces(list, part)) {
          all.push(known ? `+${text}*` : text);
          any.push(text);
        }
    }
    return { all: all.join(" "), any: any.join(" ") };
  }

  /* When the AND form of the latest query finds nothing, ask again with the OR form */
  function watch(worker) {
    if (watched.has(worker))
      return;
    watched.add(worker);
    worker.addEventListener("message", event => {
      if (!event.data || event.data.type !== RESULT)
        return;
      const fallback = sent.shift();
      if (fallback && sent.length === 0 && event.data.data.items.length === 0) {
        sent.push(null);
        send.call(worker, { type: QUERY, data: fallback });
      }
    });
  }

  /* Rewrite and send queries in the order the theme asked for them */
  function query(worker, message) {
    watch(worker);
    chain = chain
      .then(() => (HAN.test(message.data) ? indexWords() : null))
      .then(list => {
        if (!list)
          return forward(worker, message, null);
        const { all, any } = rewrite(list, message.data);
        forward(worker, { ...message, data: all }, any !== all ? any : null);
      })
      .catch(error => {
        console.warn("中文分词不可用，按原样搜索：", error);
        forward(worker, message, null);
      });
  }

  function forward(worker, message, fallback) {
    sent.push(fallback);
    send.call(worker, message);
  }

  Worker.prototype.postMessage = function (message, ...rest) {
    if (message && message.type === SETUP && message.data && message.data.docs) {
      source = message.data;
      if ("requestIdleCallback" in window)
        requestIdleCallback(() => indexWords());
    }
    if (message && message.type === QUERY && typeof message.data === "string")
      return query(this, message);
    return send.call(this, message, ...rest);
  };
})();
