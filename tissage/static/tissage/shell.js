// On a phone the main menu starts folded; on a wide screen it stays open.
(function () {
  var menu = document.querySelector(".main-nav details");
  if (menu && window.matchMedia("(max-width: 40rem)").matches) {
    menu.removeAttribute("open");
  }
})();
