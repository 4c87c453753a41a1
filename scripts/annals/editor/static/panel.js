/* The editor's own part of the page: ids for new records, the check after each save, accepting drafts. */
(function () {
  "use strict";
  var panel = document.getElementById("annals-panel");
  var statusLine = document.getElementById("annals-status");
  var list = document.getElementById("annals-problems");
  var details = document.getElementById("annals-details");
  var toggle = document.getElementById("annals-toggle");
  var message = document.getElementById("annals-message");
  var accept = document.getElementById("annals-accept");
  var previewLink = document.getElementById("annals-preview");
  var split = document.getElementById("annals-split");
  var frame = document.getElementById("annals-frame");
  var nameFields = {};

  function post(url, data) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(data),
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) { throw new Error(body.error || "请求失败"); }
        return body;
      });
    });
  }

  function showDetails(open) {
    details.hidden = !open;
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    toggle.textContent = open ? "收起" : "显示问题";
  }

  function show(status) {
    if (!status || !status.summary) { return; }
    var lines = (status.problems || []).concat((status.draft_problems || []).map(function (line) { return "草稿：" + line; }));
    panel.classList.toggle("annals-bad", lines.length > 0);
    panel.classList.toggle("annals-good", lines.length === 0);
    statusLine.textContent = status.summary + (status.draft_problems && status.draft_problems.length ? "（草稿另有 " + status.draft_problems.length + " 个问题）" : "");
    list.textContent = "";
    lines.forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line;
      list.appendChild(item);
    });
    toggle.hidden = lines.length === 0 && !message.textContent;
    if (lines.length) { showDetails(true); }
  }

  function say(text) {
    message.textContent = text;
    toggle.hidden = false;
    showDetails(true);
  }

  function refresh() {
    return fetch("/editor/api/status").then(function (r) { return r.json(); }).then(show);
  }

  /* The record open in the editor, from Decap's address: #/collections/NAME/entries/SLUG */
  function currentEntry() {
    var match = /^#\/collections\/([^/]+)\/entries\/([^/?]+)/.exec(location.hash);
    if (!match) { return null; }
    var collection = decodeURIComponent(match[1]);
    var slug = decodeURIComponent(match[2]);
    if (collection.indexOf("drafts-") === 0) {
      return { draft: true, path: "drafts/" + collection.slice(7) + "/" + slug + ".yml" };
    }
    return { draft: false, path: "records/" + collection + "/" + slug + ".yml" };
  }

  function updateAccept() {
    var entry = currentEntry();
    accept.hidden = !(entry && entry.draft);
  }

  accept.addEventListener("click", function () {
    var entry = currentEntry();
    if (!entry) { return; }
    accept.disabled = true;
    post("/editor/api/accept", { path: entry.path }).then(function (body) {
      sessionStorage.setItem("annals-message", body.message);
      location.hash = "#/collections/" + entry.path.split("/")[1];
      location.reload();
    }).catch(function (error) {
      say(error.message);
    }).then(function () { accept.disabled = false; });
  });

  /* Decap's list controls are icons only: give them names a screen reader (and a test) can use. */
  function nameControls(root) {
    root.querySelectorAll("[class*='StyledListItemTopBar']").forEach(function (bar) {
      var label = bar.nextElementSibling && /NestedObjectLabel/.test(bar.nextElementSibling.className)
        ? bar.nextElementSibling.textContent.trim() : "";
      var what = label ? "“" + label + "”" : "这一项";
      var buttons = bar.querySelectorAll(":scope > button");
      if (buttons.length >= 1 && !buttons[0].getAttribute("aria-label")) {
        buttons[0].setAttribute("aria-label", "展开或收起" + what);
      }
      if (buttons.length >= 2) {
        buttons[buttons.length - 1].setAttribute("aria-label", "删除" + what);
      }
      bar.querySelectorAll("[aria-roledescription='sortable']").forEach(function (handle) {
        handle.setAttribute("aria-label", "拖动以调整" + what + "的顺序");
      });
    });
  }
  /* Decap shows each field's hint under it but does not tie it to the control, nor mark required fields. */
  function describeFields(root) {
    root.querySelectorAll("label[for]").forEach(function (label) {
      var control = document.getElementById(label.getAttribute("for"));
      if (!control || control.dataset.annalsDescribed) { return; }
      control.dataset.annalsDescribed = "1";
      var container = label.closest("[class*='ControlContainer']");
      var hint = container && container.querySelector("[class*='Hint']");
      if (hint) {
        hint.id = hint.id || control.id + "-hint";
        var described = (control.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
        if (described.indexOf(hint.id) < 0) { described.push(hint.id); }
        control.setAttribute("aria-describedby", described.join(" "));
      }
      if (!/可选/.test(label.textContent) && /^(INPUT|TEXTAREA|SELECT)$/.test(control.tagName)) {
        control.setAttribute("aria-required", "true");
      }
    });
    root.querySelectorAll("[aria-label='Account options dropdown']").forEach(function (element) {
      element.setAttribute("aria-label", "账户选项");
    });
  }

  new MutationObserver(function () { nameControls(document); describeFields(document); }).observe(document.body, { childList: true, subtree: true });

  /* The preview beside the forms: the site as it is now, reloaded by the preview server after each good save. */
  function showSplit(open, address) {
    if (open && !frame.getAttribute("src")) { frame.setAttribute("src", address); }
    frame.hidden = !open;
    document.body.classList.toggle("annals-split", open);
    split.setAttribute("aria-pressed", open ? "true" : "false");
    split.textContent = open ? "收起网站预览" : "在旁边显示网站预览";
    sessionStorage.setItem("annals-split", open ? "1" : "0");
  }

  toggle.addEventListener("click", function () { showDetails(details.hidden); });
  window.addEventListener("hashchange", updateAccept);

  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var entry = event.entry;
      var data = entry.get("data");
      if (!entry.get("newRecord")) { return data; }
      var collection = entry.get("collection");
      var name = data.get(nameFields[collection] || "name");
      return post("/editor/api/new-id", { collection: collection, name: name || "" }).then(function (body) {
        say("新记录的编号：" + body.id + "（由名称的拼音生成，文件为 records/" + collection + "/" + body.id + ".yml，以后保持不变）");
        return data.set("record_id", body.id);
      }).catch(function (error) {
        say(error.message);
        throw error;
      });
    },
  });
  CMS.registerEventListener({ name: "postSave", handler: function () { return refresh(); } });

  fetch("/editor/api/info").then(function (r) { return r.json(); }).then(function (info) {
    nameFields = info.name_fields || {};
    if (info.preview) {
      previewLink.href = info.preview;
      previewLink.hidden = false;
      split.hidden = false;
      if (sessionStorage.getItem("annals-split") === "1") { showSplit(true, info.preview); }
      split.addEventListener("click", function () { showSplit(frame.hidden, info.preview); });
    }
  });
  var remembered = sessionStorage.getItem("annals-message");
  if (remembered) {
    sessionStorage.removeItem("annals-message");
    say(remembered);
  }
  updateAccept();
  refresh();
  CMS.init();
})();
