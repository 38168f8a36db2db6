// The juror's phone (A8, competition/juror.html): a confirmed score survives a dropped Wi-Fi.
//
// The score form's submit is taken here: the juror confirms, the submission is kept in this
// phone's localStorage with a submission key (a random UUID made now), the page says
// 已保存，待发送 for that contestant, and it is sent — at once, again whenever the network
// comes back (the "online" event), every few seconds while any is waiting, and when the page
// is loaded again. The key makes the server land it once however often it arrives; the
// answer's X-Score-Outcome header says how it went and the item leaves the outbox:
// accepted / duplicate → 已提交; closed → 评分已结束，未能提交; refused → the server's reason,
// and its page shows it beside the box. No answer (no network, a server error) → kept.
// Without JavaScript (or without fetch) the form posts as a plain form, as it always did.
// Why localStorage and not a service worker: see ADR 0003.
(function () {
  "use strict";

  var RETRY_MS = 5000; // while something waits: try again this often
  var TIMEOUT_MS = 15000; // a request the network swallowed counts as failed after this
  var KEEP_NOTES = 3; // results shown in the outbox (the latest first)

  var main = document.querySelector("main.hearing-juror");
  var panel = document.getElementById("panel");
  var outbox = document.getElementById("outbox");
  if (!main || !panel || !outbox) return;

  var STORE = "cadrex-juror-outbox:" + location.pathname;
  var durable = (function () {
    try {
      localStorage.setItem(STORE + ":probe", "1");
      localStorage.removeItem(STORE + ":probe");
      return true;
    } catch (e) {
      return false; // private browsing with no storage: kept while this page stays open
    }
  })();
  var memory = [];
  var notes = [];
  var sending = false;
  var lastPoll = null;

  // ------------------------------------------------------------------ the outbox's store

  function load() {
    if (!durable) return memory.slice();
    try {
      var items = JSON.parse(localStorage.getItem(STORE) || "[]");
      return Array.isArray(items) ? items : [];
    } catch (e) {
      return [];
    }
  }

  function save(items) {
    memory = items.slice();
    if (!durable) return;
    try {
      if (items.length) localStorage.setItem(STORE, JSON.stringify(items));
      else localStorage.removeItem(STORE);
    } catch (e) {
      durable = false; // storage full: keep it in this page at least
    }
  }

  function drop(key) {
    save(load().filter(function (item) { return item.key !== key; }));
  }

  function uuid() {
    var c = window.crypto;
    if (c && c.randomUUID) return c.randomUUID(); // secure contexts only (https, localhost)
    var b = new Uint8Array(16);
    c.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) {
      return (x + 0x100).toString(16).slice(1);
    }).join("");
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
  }

  // ------------------------------------------------------------------ the one-box score

  // A Chinese input method types full-width digits and point (８５．５): read them as 85.5.
  function halfWidth(text) {
    return text.replace(/[\uFF10-\uFF19\uFF0E]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    });
  }

  // A value that is no score ("abc", 101) is pointed out at the box instead of asked about;
  // the server refuses it too.
  function scoreProblem(form) {
    var text = halfWidth(form.querySelector("input[name=value]").value.trim());
    var min = parseFloat(form.dataset.min), max = parseFloat(form.dataset.max);
    if (!/^\d{1,3}(\.\d{1,2})?$/.test(text)) return "请填写数字分数，最多两位小数。";
    var value = parseFloat(text);
    if (value < min || value > max) {
      return "分数须在 " + form.dataset.min + "～" + form.dataset.max + " 分之间。";
    }
    return "";
  }

  // Confirm before a score goes in: it cannot be changed afterwards.
  function valueConfirmed(form) {
    var input = form.querySelector("input[name=value]");
    var problem = scoreProblem(form);
    input.setCustomValidity(problem);
    if (problem) {
      input.reportValidity();
      return false;
    }
    return window.confirm("确认提交 " + input.value.trim() + " 分？提交后不能修改。");
  }

  document.addEventListener("input", function (evt) {
    if (evt.target.name === "value") evt.target.setCustomValidity("");
  });

  function isScoreForm(form) {
    return !!(form && form.classList &&
      (form.classList.contains("score-form") || form.classList.contains("sheet-form")));
  }

  function confirmed(form) {
    if (form.classList.contains("sheet-form")) {
      return window.CadrexSheet ? window.CadrexSheet.confirmed(form) : true;
    }
    return valueConfirmed(form);
  }

  function summary(form) {
    var total = form.querySelector("[data-sheet-total]");
    var value = form.querySelector("input[name=value]");
    var text = total ? total.textContent : value ? halfWidth(value.value.trim()) : "";
    return text ? text + " 分" : "";
  }

  // ------------------------------------------------------------------ what the page shows

  function line(className, state, text) {
    var p = document.createElement("p");
    p.className = className;
    p.dataset.state = state;
    p.textContent = text;
    return p;
  }

  function what(item) {
    return (item.label + " " + item.summary).trim();
  }

  function render() {
    var shown = [];
    load().forEach(function (item) {
      shown.push(line("card", "pending", "已保存，待发送：" + what(item) +
        "。网络恢复后本页自动发送，请勿清除浏览器数据。"));
    });
    notes.forEach(function (note) { shown.push(note); });
    // Replace only when the words change: a live region repeats what is put into it.
    var before = Array.prototype.map.call(outbox.children, function (p) {
      return p.dataset.state + p.textContent;
    }).join("\n");
    var after = shown.map(function (p) { return p.dataset.state + p.textContent; }).join("\n");
    if (before === after) return;
    outbox.textContent = "";
    shown.forEach(function (p) { outbox.appendChild(p); });
  }

  function note(className, state, text) {
    notes.unshift(line(className, state, text));
    notes = notes.slice(0, KEEP_NOTES);
  }

  // A form for a contestant whose score waits in the outbox is not offered again: the
  // juror sees 已保存，待发送 in its place (after a reload, or a poll that came in between).
  function hidePending() {
    var waiting = {};
    load().forEach(function (item) { waiting[item.contestant] = item; });
    Array.prototype.forEach.call(panel.querySelectorAll("form"), function (form) {
      if (!isScoreForm(form) || !form.elements.contestant) return;
      var item = waiting[form.elements.contestant.value];
      if (!item) return;
      var card = form.closest("section") || form;
      var box = document.createElement("div");
      box.className = "card";
      box.setAttribute("data-testid", "juror-pending");
      var tag = document.createElement("span");
      tag.className = "tag upcoming";
      tag.textContent = "已保存，待发送";
      box.appendChild(tag);
      box.appendChild(document.createTextNode(" " + what(item) + "：网络恢复后自动发送，送达后显示“已提交”。"));
      card.parentNode.replaceChild(box, card);
    });
  }

  function swapPanel(html) {
    panel.innerHTML = html;
    lastPoll = null;
    if (window.htmx) window.htmx.process(panel);
    if (window.CadrexSheet) window.CadrexSheet.showAll();
    hidePending();
  }

  // The server's reason, as its page says it (beside a box, above the sheet, or refused).
  function reason(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var found = doc.querySelector("[data-testid=item-error], [data-testid=juror-error], " +
      "[data-testid=juror-refused]");
    return found ? found.textContent.trim() : "";
  }

  // ------------------------------------------------------------------ sending

  function send(item) {
    var token = main.dataset.csrf || "";
    var body = new URLSearchParams();
    item.fields.forEach(function (pair) {
      if (pair[0] === "key") return;
      body.append(pair[0], pair[0] === "csrfmiddlewaretoken" && token ? token : pair[1]);
    });
    body.append("key", item.key);
    var options = {
      method: "POST",
      body: body,
      credentials: "same-origin",
      cache: "no-store",
      headers: { "HX-Request": "true", "X-CSRFToken": token },
    };
    var timer = null;
    if (window.AbortController) {
      var abort = new AbortController();
      options.signal = abort.signal;
      timer = setTimeout(function () { abort.abort(); }, TIMEOUT_MS);
    }
    return fetch(item.url, options).then(function (response) {
      clearTimeout(timer);
      var outcome = response.headers.get("X-Score-Outcome");
      if (!outcome) return null; // a proxy's page, a server error: not an answer, try again
      return response.text().then(function (html) {
        return { outcome: outcome, status: response.status, html: html };
      });
    }).catch(function () {
      clearTimeout(timer);
      return null; // no network, or the answer cut off half-way
    });
  }

  function settle(item, answer) {
    drop(item.key);
    if (answer.outcome === "accepted" || answer.outcome === "duplicate") {
      note("ok-box", "sent", "已提交：" + what(item) + "。");
    } else if (answer.outcome === "closed") {
      note("errors-box", "closed", "评分已结束，未能提交：" + what(item) + "。");
    } else {
      var why = reason(answer.html);
      note("errors-box", "refused", "未能提交：" + what(item) + (why ? "。" + why : "。"));
    }
    if (answer.status === 200) swapPanel(answer.html);
  }

  function flush() {
    if (sending) return;
    var item = load()[0];
    if (!item) {
      render();
      return;
    }
    sending = true;
    var sent;
    try {
      sent = send(item);
    } catch (e) {
      sending = false; // an item this page cannot read (storage edited by hand): let it go
      drop(item.key);
      render();
      return;
    }
    sent.then(function (answer) {
      sending = false;
      if (answer) {
        settle(item, answer);
        flush(); // the next one, if any
      } else {
        render();
      }
    });
  }

  document.addEventListener("submit", function (evt) {
    var form = evt.target;
    if (!isScoreForm(form)) return;
    if (!window.fetch || !window.URLSearchParams) {
      if (!confirmed(form)) evt.preventDefault(); // an old browser: the plain form
      return;
    }
    evt.preventDefault();
    if (!confirmed(form)) return; // 取消 sends nothing
    var fields = [];
    new FormData(form).forEach(function (value, name) { fields.push([name, String(value)]); });
    var items = load();
    items.push({
      key: uuid(),
      url: form.getAttribute("action") || location.pathname,
      contestant: form.elements.contestant ? form.elements.contestant.value : "",
      fields: fields,
      label: form.dataset.label || "",
      summary: summary(form),
      saved: Date.now(),
    });
    save(items);
    render();
    hidePending();
    flush();
  });

  // The panel's own polling: while a score waits, send it instead (its answer is the panel),
  // and an answer that says what the panel already says is not swapped in again.
  document.addEventListener("htmx:beforeRequest", function (evt) {
    if (evt.detail.elt !== panel) return;
    if (load().length) {
      evt.preventDefault();
      flush();
    }
  });
  document.addEventListener("htmx:beforeSwap", function (evt) {
    if (evt.detail.elt !== panel || !evt.detail.xhr) return;
    var html = evt.detail.xhr.responseText;
    if (html === lastPoll) evt.detail.shouldSwap = false;
    lastPoll = html;
  });
  document.addEventListener("htmx:afterSwap", function (evt) {
    if (evt.detail.elt === panel) hidePending();
  });

  window.addEventListener("online", flush);
  setInterval(function () {
    if (load().length) flush();
  }, RETRY_MS);
  render();
  hidePending();
  flush();
})();
