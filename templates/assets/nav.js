// Reading aids that need a script; the pages work without it. A post's permalink gets a
// "Copy link" button, and a pager with gaps a "Go to page" box. Loaded as a file: the pages'
// Content-Security-Policy forbids inline script (src/site/security.ts).

/** A pager shows every page up to this many; with more it has gaps, and a box to jump. */
const JUMP_FROM_PAGES = 9;

function copyButtons() {
  if (!navigator.clipboard) return;
  for (const link of document.querySelectorAll("a.permalink")) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "copy-link";
    button.textContent = "Copy link";
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(link.href);
        button.textContent = "Link copied";
      } catch {
        button.textContent = "Could not copy: use the link";
      }
      setTimeout(() => (button.textContent = "Copy link"), 2500);
    });
    link.after(" ", button);
  }
}

function jumpBoxes() {
  let n = 0;
  for (const pager of document.querySelectorAll("nav.pager[data-pages][data-first]")) {
    const count = Number(pager.getAttribute("data-pages"));
    const first = pager.getAttribute("data-first");
    if (!(count >= JUMP_FROM_PAGES) || !first) continue;
    const id = `jump-to-page-${++n}`;
    const form = document.createElement("form");
    form.className = "jump";
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = "Go to page";
    const input = document.createElement("input");
    Object.assign(input, { id, type: "number", min: "1", max: String(count), required: true, inputMode: "numeric" });
    const button = document.createElement("button");
    button.type = "submit";
    button.textContent = "Go";
    form.append(label, input, button);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const page = Math.min(count, Math.max(1, Math.trunc(Number(input.value))));
      if (!Number.isFinite(page)) return;
      location.href = page === 1 ? first : `${first}page/${page}/`;
    });
    pager.append(form);
  }
}

copyButtons();
jumpBoxes();
