/* Bulk photo upload of the archive: files go one by one, each with its own result.
   Without this script the form posts all files at once and the server reports per file. */
(function () {
  "use strict";
  var form = document.getElementById("archive-upload-form");
  if (!form || !window.fetch || !window.FormData) { return; }
  var input = form.querySelector("input[type=file]");
  var box = document.getElementById("archive-upload-progress");
  var bar = document.getElementById("archive-upload-bar");
  var status = document.getElementById("archive-upload-status");
  var list = document.getElementById("archive-upload-results");
  var grid = document.getElementById("album-items");
  var button = form.querySelector("button[type=submit]");

  function addResult(result) {
    var li = document.createElement("li");
    li.className = result.ok ? "text-success" : "text-danger";
    li.textContent = (result.ok ? "✓ " : "✗ ") + result.name + ": " + result.message;
    list.appendChild(li);
  }

  function addThumbnail(result) {
    var empty = document.getElementById("album-empty");
    if (empty) { empty.remove(); }
    var col = document.createElement("div");
    col.className = "col";
    if (result.thumbnail) {
      var img = document.createElement("img");
      img.src = result.thumbnail;
      img.alt = result.name;
      img.className = "img-fluid rounded archive-thumb archive-new";
      col.appendChild(img);
    } else {
      var wait = document.createElement("div");
      wait.className = "archive-thumb archive-processing rounded";
      wait.textContent = "Обрабатывается…";
      col.appendChild(wait);
    }
    grid.appendChild(col);
  }

  function sendOne(file) {
    var data = new FormData(form);
    data.delete(input.name);
    data.append(input.name, file, file.name);
    return fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json().catch(function () {
        return { ok: false, name: file.name, message: "Ошибка сервера (" + response.status + ")" };
      });
    }).catch(function () {
      return { ok: false, name: file.name, message: "Нет связи с сервером" };
    });
  }

  form.addEventListener("submit", function (event) {
    var files = Array.prototype.slice.call(input.files || []);
    if (!files.length) { return; }  // the server explains what is missing
    event.preventDefault();
    button.disabled = true;
    box.hidden = false;
    list.textContent = "";
    var done = 0, added = 0;
    function update() {
      var percent = Math.round(100 * done / files.length);
      bar.style.width = percent + "%";
      bar.textContent = percent + "%";
      status.textContent = "Обработано " + done + " из " + files.length +
        ", добавлено " + added + ", отклонено " + (done - added);
    }
    update();
    files.reduce(function (chain, file) {
      return chain.then(function () {
        return sendOne(file).then(function (result) {
          result.name = result.name || file.name;
          done += 1;
          if (result.ok) { added += 1; addThumbnail(result); }
          addResult(result);
          update();
        });
      });
    }, Promise.resolve()).then(function () {
      button.disabled = false;
      input.value = "";
      status.textContent += ". Готово.";
    });
  });
})();
