/* After something happened (booked, cancelled, posted), focus goes to the banner that says so
 * (frontend/includes/banners.html), so screen readers read it and everyone sees it first.
 * The banner has autofocus, but when the address has a #part browsers skip autofocus, and
 * Chromium clears focus as it scrolls to the part: focus the banner here, and again once the
 * page has loaded. Another focus the page chose (an error summary, say) is left alone. Once focus
 * moves on to something else, the banner leaves the focus order, as in the GOV.UK banner. */
(function () {
  "use strict";
  var banner = document.querySelector("[data-banner]");
  if (!banner) {
    return;
  }

  function focusBanner() {
    var focused = document.activeElement;
    if (!focused || focused === document.body || focused.id === "main") {
      banner.focus();
    }
  }

  banner.addEventListener("blur", function (event) {
    if (event.relatedTarget) {
      banner.removeAttribute("tabindex");
    }
  });
  focusBanner();
  if (window.location.hash) {
    window.addEventListener("load", function () {
      window.setTimeout(focusBanner, 0);
    });
  }
})();
