() => {
  // Filled in by web.py: Gradio's module that sets its language, and the words to replace.
  const GRADIO_CORE = "__GRADIO_CORE__";
  const FIXED_WORDS = __FIXED_WORDS__;
  const MESSAGE_LABELS = __MESSAGE_LABELS__;

  // Gradio's own words in Swedish whatever the browser's language: its locale, set as its settings page
  // would set it (Gradio otherwise follows the browser).
  document.documentElement.lang = "sv";
  const entry = document.querySelector('script[src*="/assets/index-"]');
  if (entry && GRADIO_CORE) {
    import(new URL(GRADIO_CORE, entry.src).href).then((core) => core.changeLocale("sv")).catch(() => {});
  }

  // Words Gradio writes without translating them: labels, titles and toast titles.
  function translateLabel(element, name) {
    const value = element.getAttribute(name);
    const message = value.match(/^(\w+)'s message: /);
    const fixed = message ? MESSAGE_LABELS[message[1]] : FIXED_WORDS[value];
    if (fixed && fixed !== value) element.setAttribute(name, fixed);
  }
  function translate() {
    for (const element of document.querySelectorAll("[aria-label]")) translateLabel(element, "aria-label");
    for (const element of document.querySelectorAll("[title]")) translateLabel(element, "title");
    // A toast's header is a button holding the close button (nested controls, WCAG 4.1.2): the close
    // button stays the toast's control.
    for (const header of document.querySelectorAll(".toast-header[role=button]")) {
      header.removeAttribute("role");
      header.removeAttribute("tabindex");
    }
    // Toast titles, and the status Gradio announces to screen readers (said in the browser's language
    // when an event starts before the page has switched Gradio to Swedish).
    for (const title of document.querySelectorAll(".toast-title, .sr-only[role=status]")) {
      const walker = document.createTreeWalker(title, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const word = node.textContent.trim();
        if (FIXED_WORDS[word]) node.textContent = node.textContent.replace(word, FIXED_WORDS[word]);
      }
    }
  }

  // A new answer scrolls into view from its first line (with the question above it when both fit), and
  // the page keeps the answer's first line and the question field in view.
  let answersSeen = 0;
  function scrollParent(element) {
    for (let node = element.parentElement; node; node = node.parentElement) {
      const overflow = getComputedStyle(node).overflowY;
      if ((overflow === "auto" || overflow === "scroll") && node.scrollHeight > node.clientHeight) return node;
    }
    return null;
  }
  function inView(element) {
    const box = element.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight;
  }
  function showNewAnswer() {
    const answers = document.querySelectorAll("#chat .answer");
    const grown = answers.length > answersSeen;
    answersSeen = answers.length;
    if (!grown) return;
    const answer = answers[answers.length - 1];
    const rows = [...document.querySelectorAll("#chat .message-row")];
    const row = answer.closest(".message-row");
    const question = rows.slice(0, rows.indexOf(row)).reverse().find((r) => r.classList.contains("user-row"));
    const scroller = scrollParent(answer);
    if (scroller) {
      const top = (el) => el.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
      let target = top(answer);
      if (question && target - top(question) < scroller.clientHeight / 3) target = top(question);
      scroller.scrollTop = Math.max(0, target - 8);
    }
    const field = document.querySelector("#question textarea");
    const firstLine = answer.querySelector("p") || answer;
    if (!inView(firstLine) || (field && !inView(field))) {
      document.querySelector("#chat").scrollIntoView({ block: "start" });
    }
  }

  let pending = false;
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      translate();
      showNewAnswer();
    });
  }).observe(document.body, {
    subtree: true, childList: true, characterData: true, attributes: true,
    attributeFilter: ["aria-label", "title", "role"],
  });
  translate();
}
