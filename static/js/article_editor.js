/*
 * The article form (issue 18): nothing lost in the editor, and one word for one thing.
 * - A copy of the unsaved text (title, lead, body, cover texts) is kept in this browser's localStorage while the
 *   editor types; after a crash or a closed tab the form offers it back. It is dropped once a save went through.
 * - CKEditor's picture dialog: the alt text is "Mô tả ảnh cho người khiếm thị", the caption "Chú thích ảnh".
 * - The editing area is Vietnamese (lang="vi") with the browser's spell checker on.
 */
(function () {
  "use strict";

  var FIELDS = ["title", "lead", "cover_alt", "cover_caption", "source", "edit_note"];
  var PREFIX = "toasoan:ban-chua-luu:";

  function storage() {
    try {
      var probe = PREFIX + "probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (error) {
      return null; // private browsing or storage refused: the form works as before
    }
  }

  function articleKey() {
    var match = window.location.pathname.match(/\/article\/(\d+)\/change\/$/);
    return PREFIX + (match ? match[1] : "moi");
  }

  function loadedVersion(form) {
    var input = form.querySelector("input[name=loaded_version]");
    return input ? parseInt(input.value || "0", 10) : 0;
  }

  function read(store, key) {
    try {
      return JSON.parse(store.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }

  function snapshot(form, editor) {
    var fields = {};
    FIELDS.forEach(function (name) {
      var input = form.elements[name];
      if (input && input.value !== undefined) fields[name] = input.value;
    });
    fields.body = editor ? editor.getData() : (form.elements.body || {}).value || "";
    return fields;
  }

  function sameText(a, b) {
    return Object.keys(a).every(function (name) {
      return (a[name] || "").trim() === ((b || {})[name] || "").trim();
    });
  }

  function when(time) {
    var d = new Date(time);
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return two(d.getDate()) + "/" + two(d.getMonth() + 1) + "/" + d.getFullYear() + " " + two(d.getHours()) + ":" + two(d.getMinutes());
  }

  function offer(form, editor, store, key, saved) {
    var box = document.createElement("div");
    box.className = "messagelist unsaved-copy";
    box.setAttribute("role", "alert");
    box.innerHTML =
      '<p class="warning">Trình duyệt này còn giữ một bản <strong>chưa lưu</strong> của bài, gõ lúc ' + when(saved.savedAt) +
      ' (có thể do trang bị đóng hoặc trình duyệt gặp sự cố). ' +
      '<button type="button" class="button" data-restore>Khôi phục bản chưa lưu</button> ' +
      '<button type="button" class="button" data-discard>Bỏ bản đó</button></p>';
    form.parentNode.insertBefore(box, form);
    box.querySelector("[data-restore]").addEventListener("click", function () {
      FIELDS.forEach(function (name) {
        var input = form.elements[name];
        if (input && saved.fields[name] !== undefined) input.value = saved.fields[name];
      });
      if (editor) editor.setData(saved.fields.body || "");
      box.remove();
    });
    box.querySelector("[data-discard]").addEventListener("click", function () {
      store.removeItem(key);
      box.remove();
    });
  }

  function keepCopies(form, editor) {
    var store = storage();
    if (!store) return;
    var key = articleKey();
    var version = loadedVersion(form);
    var saved = read(store, key);
    var current = snapshot(form, editor);
    if (saved && saved.submitted && (version > saved.version || sameText(saved.fields, current))) {
      store.removeItem(key); // that save went through (or its text is in the form again)
      saved = null;
    }
    if (key !== PREFIX + "moi") {
      var fresh = read(store, PREFIX + "moi");
      if (fresh && fresh.submitted && sameText({title: fresh.fields.title}, {title: current.title})) store.removeItem(PREFIX + "moi");
    }
    if (saved && !sameText(saved.fields, current)) offer(form, editor, store, key, saved);

    var timer = null;
    function save(submitted) {
      window.clearTimeout(timer);
      var fields = snapshot(form, editor);
      var previous = read(store, key);
      if (!submitted && !previous && sameText(fields, current)) return; // nothing typed yet
      try {
        store.setItem(key, JSON.stringify({savedAt: Date.now(), version: version, submitted: !!submitted, fields: fields}));
      } catch (error) { /* storage full: the form still works */ }
    }
    function soon() {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { save(false); }, 800);
    }
    form.addEventListener("input", soon);
    if (editor) {
      editor.on("change", soon);
      editor.on("key", soon);
    }
    form.addEventListener("submit", function () { save(true); });
    window.addEventListener("pagehide", function () { if (timer) save(false); });
  }

  function vietnameseEditingArea(editor) {
    var editable = editor.editable();
    editable.setAttribute("lang", "vi");
    editable.setAttribute("spellcheck", "true");
  }

  function start() {
    var form = document.getElementById("article_form");
    if (!window.CKEDITOR) {
      if (form) keepCopies(form, null);
      return;
    }
    CKEDITOR.on("dialogDefinition", function (event) {
      if (event.data.name !== "image2") return;
      var info = event.data.definition.getContents("info");
      var alt = info && info.get("alt");
      if (alt) alt.label = "Mô tả ảnh cho người khiếm thị";
      var caption = info && info.get("hasCaption");
      if (caption) caption.label = "Có chú thích ảnh (gõ dưới ảnh)";
    });
    var started = false;
    // CKEditor 4's Vietnamese leaves these in English.
    var VIETNAMESE = {
      uploadwidget: {
        abort: "Bạn đã hủy việc tải lên.",
        doneOne: "Đã tải ảnh lên.",
        doneMany: "Đã tải lên %1 ảnh.",
        uploadOne: "Đang tải ảnh lên ({percentage}%)…",
        uploadMany: "Đang tải ảnh lên: xong {current}/{max} ({percentage}%)…"
      },
      notification: {closed: "Đã đóng thông báo."},
      widget: {label: "%1"},
      clipboard: {
        pasteNotification: "Bấm %1 để dán: trình duyệt không cho dán bằng nút trên thanh công cụ hay trình đơn.",
        pasteMsg: "Dán nội dung vào ô dưới đây rồi bấm Đồng ý.",
        fileFormatNotSupportedNotification: "Không dán được tệp dạng ${formats}."
      },
      image2: {captionPlaceholder: "Chú thích ảnh"}
    };
    function ready(editor) {
      Object.keys(VIETNAMESE).forEach(function (part) {
        if (editor.lang[part]) Object.assign(editor.lang[part], VIETNAMESE[part]);
      });
      vietnameseEditingArea(editor);
      editor.on("contentDom", function () { vietnameseEditingArea(editor); });
      if (form && editor.name === "id_body" && !started) {
        started = true;
        keepCopies(form, editor);
      }
    }
    Object.keys(CKEDITOR.instances).forEach(function (name) {
      var editor = CKEDITOR.instances[name];
      if (editor.status === "ready") ready(editor);
    });
    CKEDITOR.on("instanceReady", function (event) { ready(event.editor); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
