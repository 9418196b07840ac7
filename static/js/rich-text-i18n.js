// Russian words of the editor's dialogs (django-prose-editor asks window.gettext for them; the
// site has no JavaScript catalog). A classic script: it runs before the editor's modules.
(function () {
  if (window.gettext) return;
  const words = {
    "URL": "Адрес ссылки",
    "Title": "Подсказка при наведении",
    "Edit Link": "Ссылка",
    "Update": "Сохранить",
    "Insert": "Вставить",
    "Cancel": "Отмена",
    "Toggle fullscreen": "Во весь экран",
    "List properties": "Свойства списка",
    "List type": "Вид списка",
    "Start at": "Начать с",
    "Decimal numbers": "Цифры",
    "Lowercase letters": "Строчные буквы",
    "Uppercase letters": "Прописные буквы",
    "Lowercase Roman numerals": "Строчные римские цифры",
    "Uppercase Roman numerals": "Прописные римские цифры",
    "Bullets": "Маркеры",
  };
  window.gettext = (text) => words[text] || text;
})();
