// The juror's item score sheet (A8, competition/juror.html): one box per item, each with
// its maximum; the total is added up as the juror types. It is only a help: the server
// checks every item against its maximum and computes the total itself. Sending is
// juror-offline.js's: it asks ``CadrexSheet.confirmed`` first.
(function () {
  "use strict";

  var NUMBER = /^\d{1,3}(\.\d{1,2})?$/;

  // A Chinese input method types full-width digits and point (８５．５): read them as 85.5,
  // as the server does.
  function halfWidth(text) {
    return text.replace(/[\uFF10-\uFF19\uFF0E]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    });
  }

  function boxes(form) {
    return Array.prototype.slice.call(form.querySelectorAll("input.sheet-item"));
  }

  // The problem with one box ("" when there is none), in the words the server uses.
  function itemProblem(input) {
    var text = halfWidth(input.value.trim());
    var name = input.dataset.name, top = input.dataset.max;
    if (text === "") return "请填写“" + name + "”的得分（0～" + top + "分）。";
    if (!NUMBER.test(text)) return "“" + name + "”的得分请填写数字，最多两位小数。";
    if (parseFloat(text) > parseFloat(top)) {
      return "“" + name + "”的得分“" + text + "”超出0～" + top + "分的范围。";
    }
    return "";
  }

  // Hundredths as integers: 28.5 + 19.75 adds up exactly.
  function cents(text) {
    var parts = text.split(".");
    var fraction = ((parts[1] || "") + "00").slice(0, 2);
    return parseInt(parts[0], 10) * 100 + parseInt(fraction, 10);
  }

  function show(form) {
    var total = 0, complete = true, over = false;
    boxes(form).forEach(function (input) {
      var text = halfWidth(input.value.trim());
      var problem = itemProblem(input);
      if (text !== "" && !problem) total += cents(text);
      else complete = false;
      if (text !== "" && problem) over = true;
    });
    var out = form.querySelector("[data-sheet-total]");
    if (!out) return;
    var whole = Math.floor(total / 100), rest = total % 100;
    var shown = rest ? whole + "." + (rest < 10 ? "0" : "") + rest : String(whole);
    var note = over ? "（有分项填写有误，见各项提示）" : complete ? "" : "（未填完）";
    out.textContent = shown.replace(/(\.\d)0$/, "$1") + note;
  }

  function say(form, input, message) {
    var beside = form.querySelector('[data-item-error="' + input.name + '"]');
    if (beside) beside.textContent = message;
    input.setCustomValidity(message);
  }

  function confirmed(form) {
    var first = null;
    boxes(form).forEach(function (input) {
      var problem = itemProblem(input);
      say(form, input, problem);
      if (problem && !first) first = input;
    });
    if (first) {
      first.reportValidity();
      return false;
    }
    var parts = boxes(form).map(function (input) {
      return input.dataset.name + " " + input.value.trim();
    });
    var total = form.querySelector("[data-sheet-total]").textContent;
    return window.confirm(
      "确认提交：" + parts.join("，") + "，合计 " + total + " 分？提交后不能修改。"
    );
  }

  document.addEventListener("input", function (evt) {
    var input = evt.target;
    if (!input.classList || !input.classList.contains("sheet-item")) return;
    var form = input.closest("form");
    say(form, input, input.value.trim() === "" ? "" : itemProblem(input));
    show(form);
  });

  // A refused sheet comes back with the typed values: show their total at once.
  function showAll() {
    Array.prototype.forEach.call(document.querySelectorAll("form.sheet-form"), show);
  }
  document.addEventListener("DOMContentLoaded", showAll);
  document.addEventListener("htmx:afterSwap", showAll);

  // The phone's outbox (juror-offline.js) asks here before it keeps and sends a sheet.
  window.CadrexSheet = { confirmed: confirmed, showAll: showAll };
})();
