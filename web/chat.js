// Chat page and program browser: plain fetch() against /api, no build step, no inline script or style.
// Nothing from a document or a question is ever inserted as HTML: every text goes through textContent or
// text nodes, and links are built from program ids with encodeURIComponent.
"use strict";

const STORE_KEY = "qa-conversation-v1"; // answered turns only: what is sent back as history
const QUEUE_KEY = "qa-queue-v1"; // questions not answered yet (waiting, or failed with a retry button)
const APP_TITLE = "予算事業 Q&A";
const PREPARING = "準備中です。しばらくお待ちください";
const THINKING = "考えています…";
const QUEUED = "順番待ち：前の回答のあとに送信します";
const COUNTER_FROM = 800; // the character counter shows from here on
const MARKERS_SHOWN = 10; // past this many citations the markers end with 「ほか N 件」
const $ = (id) => document.getElementById(id);
const phoneLayout = window.matchMedia("(max-width: 640px)");
const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

const state = {
  messages: loadStored(STORE_KEY, answeredTurns),
  queue: [],
  running: false,
  paused: false, // after a network failure: the questions behind it wait for the reader
  nextId: 1,
  jumpTarget: null,
  ready: null, // the shared wait for the server while it starts
  failure: "", // why the server could not load (/api/health's detail), once it says so
  documents: new Map(),
  details: new Map(),
  programs: null, // the promise of /api/programs
  programList: null, // its rows once loaded
  listShown: false,
  route: null,
  detailToken: 0,
  scroll: { chat: null, programs: 0 },
};

// ---- small helpers ----------------------------------------------------------------------------------
function loadStored(key, clean) {
  try {
    const saved = JSON.parse(sessionStorage.getItem(key) || "[]");
    return Array.isArray(saved) ? clean(saved) : [];
  } catch (_) {
    return [];
  }
}

function store(key, value) {
  try {
    sessionStorage.setItem(key, JSON.stringify(value));
  } catch (_) { /* storage full or disabled: the conversation still works */ }
}

// Only a question followed by its answer is history; a question left unanswered is not.
function answeredTurns(saved) {
  const out = [];
  for (let i = 0; i + 1 < saved.length; i++) {
    const [q, a] = [saved[i], saved[i + 1]];
    if (q && a && q.role === "user" && a.role === "assistant" && typeof q.content === "string") {
      out.push(q, a);
      i++;
    }
  }
  return out;
}

function saveConversation() {
  store(STORE_KEY, state.messages);
  store(QUEUE_KEY, state.queue.map((q) => ({ question: q.question, failed: q.status === "failed" })));
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

function button(className, text, onClick) {
  const node = el("button", className, text);
  node.type = "button";
  node.addEventListener("click", onClick);
  return node;
}

function programHref(id) {
  return `#/programs/${encodeURIComponent(id)}`;
}

function formatOku(value) {
  if (value === null || value === undefined) return "—";
  const fixed = value.toFixed(2).replace(/0$/, "");
  return `${Number(fixed).toLocaleString("ja-JP", { minimumFractionDigits: fixed.split(".")[1].length })}億円`;
}

// A program's amount as its document writes it (「9,800千円」, 「3億4,500万円」), else in 億円: a town's 千円 list is
// not shown as 「0.1億円」.
function amountOf(p) {
  return p.budget_text || formatOku(p.budget_oku_yen);
}

// A sum of yen in the unit every one of its programs is written in (「616,200千円」 for a 千円 list), else in 億円.
const PLAIN_UNITS = [["千円", 1e3], ["百万円", 1e6], ["円", 1]];
function formatSumLike(yen, texts) {
  if (yen === null || yen === undefined) return "—";
  const unit = PLAIN_UNITS.find(([name]) => texts.length && texts.every(
    (t) => new RegExp(`^[0-9０-９,，]+(\\.[0-9]+)?${name}$`).test((t || "").trim())));
  if (unit && Number.isInteger(yen / unit[1])) return `${(yen / unit[1]).toLocaleString("ja-JP")}${unit[0]}`;
  return formatOku(yen / 1e8);
}

// Document text is Markdown-ish: emphasis marks and list dashes are layout, not content.
function plain(text) {
  // (\u0001 and \u0002 mark a quote's ends inside its context: a list dash right after one is still a dash.)
  return (text || "").replace(/\*\*/g, "").replace(/^[ \t]*([\u0001\u0002]?)- /gm, "$1・");
}

function chars(text) {
  return [...text].length;
}

function sleep(ms) {
  return new Promise((resolve) => { setTimeout(resolve, ms); });
}

function scrollBehavior(smooth) {
  return smooth && !reducedMotion.matches ? "smooth" : "auto";
}

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
  } catch (_) {
    const area = el("textarea", "visually-hidden");
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
}

// ---- the server: JSON, and waiting while it starts ---------------------------------------------------
class HttpError extends Error {
  constructor(status) {
    super(`HTTP ${status}`);
    this.status = status;
  }
}

// While the server loads its index, /api answers 503: poll /api/health until it is ready (one poller
// shared by everything that waits). False when loading failed or the server stays unreachable.
function waitUntilReady() {
  if (!state.ready) {
    state.ready = pollHealth().finally(() => { state.ready = null; });
  }
  return state.ready;
}

async function pollHealth() {
  let delay = 300;
  let unreachable = 0;
  for (;;) {
    await sleep(delay);
    delay = Math.min(delay * 1.5, 3000);
    try {
      const res = await fetch("/api/health", { cache: "no-store" });
      if (res.ok) return true;
      const body = await res.json().catch(() => ({}));
      if (body.status === "error") {
        // why it could not load (an empty corpus folder: upload documents, then reindex), in the server's words
        state.failure = body.detail || "";
        return false;
      }
      unreachable = 0;
    } catch (_) {
      unreachable += 1;
      if (unreachable >= 20) return false;
    }
  }
}

async function getJSON(url, onWait) {
  for (;;) {
    const res = await fetch(url);
    if (res.status === 503) {
      if (onWait) onWait();
      if (!(await waitUntilReady())) throw new HttpError(503);
      continue;
    }
    if (!res.ok) throw new HttpError(res.status);
    return res.json();
  }
}

// The server's reason for not loading, as a sentence to put in a message ("" while none is known).
function failureNote() {
  return state.failure ? `（${state.failure}）` : "";
}

function setStatus(text, kind) {
  const box = $("status");
  box.textContent = text || "";
  box.className = `status${kind ? ` ${kind}` : ""}`;
}

async function checkServer() {
  try {
    const res = await fetch("/api/health", { cache: "no-store" });
    if (res.status !== 503) return;
  } catch (_) {
    return; // an unreachable server is said when a question fails
  }
  setStatus(PREPARING, "info");
  const ready = await waitUntilReady();
  setStatus(ready ? "" : `サーバーの準備ができませんでした。${failureNote()}しばらくしてからページを再読み込みしてください。`,
    ready ? "" : "error");
}

// ---- citations ---------------------------------------------------------------------------------------
function fetchDocument(name) {
  if (!state.documents.has(name)) {
    const pending = getJSON(`/api/documents/${encodeURIComponent(name)}`);
    pending.catch(() => state.documents.delete(name));
    state.documents.set(name, pending);
  }
  return state.documents.get(name);
}

function fetchProgram(id) {
  if (!state.details.has(id)) {
    const pending = getJSON(`/api/programs/${encodeURIComponent(id)}`);
    pending.catch(() => state.details.delete(id));
    state.details.set(id, pending);
  }
  return state.details.get(id);
}

function lineStart(text, at) {
  return at <= 0 ? 0 : text.lastIndexOf("\n", at - 1) + 1;
}

function lineEnd(text, at) {
  const end = text.indexOf("\n", at);
  return end < 0 ? text.length : end;
}

// Where the context of a citation starts and ends: its own section (from the program's name when the
// section is the program's first lines), never the text of the program before.
function contextRange(text, citation, program) {
  const sections = program ? program.section_texts || [] : [];
  const section = sections.find((s) => s.name === citation.section && s.start <= citation.start && citation.start < s.end)
    || sections.find((s) => s.start <= citation.start && citation.start < s.end);
  if (!section) {
    return [lineStart(text, Math.max(0, citation.start - 160)), lineEnd(text, Math.min(text.length, citation.end + 160))];
  }
  let from = section.start;
  if (program.start <= from && from - program.start < 300) from = program.start;
  if (citation.start - from > 2000) from = lineStart(text, citation.start - 600);
  const limit = Math.max(program.end, section.end);
  let to = Math.min(limit, Math.max(section.end, citation.end + 300));
  if (to < limit) to = Math.min(limit, lineEnd(text, to));
  return [from, Math.max(to, citation.end)];
}

// The quoted span highlighted inside its section, scrolled into view inside its box.
async function renderContext(container, citation) {
  container.replaceChildren(el("p", "muted", "読み込み中…"));
  try {
    const [doc, program] = await Promise.all([fetchDocument(citation.document),
      fetchProgram(citation.program_id).catch(() => null)]);
    const text = doc.text;
    const [from, to] = contextRange(text, citation, program);
    // Markers around the quote survive the clean-up, so the clean text splits back into three parts.
    const marked = `${text.slice(from, citation.start)}\u0001${text.slice(citation.start, citation.end)}\u0002${text.slice(citation.end, to)}`;
    const [before, rest] = plain(marked).replace(/\n[ \t]*\n+/g, "\n").split("\u0001");
    const [quoted, after] = rest.split("\u0002");
    const box = el("div", "context");
    box.tabIndex = 0; // a scroll box must be reachable by keyboard
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", `${container.dataset.label}：抜粋の前後（資料の本文）`);
    const cut = from > 0 && !(program && (from === program.start || sectionStarts(program, from)));
    box.append(document.createTextNode((cut ? "…" : "") + before.replace(/^\n+/, "")));
    const mark = el("mark", "quoted", quoted);
    box.append(mark);
    box.append(document.createTextNode(after.replace(/\n+$/, "") + (to < text.length ? "…" : "")));
    container.replaceChildren(box);
    // The quote is now shown in its context: on a phone the excerpt above it would repeat it (UX finding 18).
    container.parentElement.classList.add("has-context");
    box.scrollTop = Math.max(0, mark.offsetTop - box.clientHeight / 3);
  } catch (_) {
    container.replaceChildren(el("p", "error", "資料を読み込めませんでした。"));
  }
}

function sectionStarts(program, at) {
  return (program.section_texts || []).some((s) => s.start === at);
}

function citationItem(citation, label, where) {
  const item = el("details", "citation");
  item.id = `cite-${state.nextId++}`;
  const summary = el("summary");
  summary.append(el("span", "cite-no", label));
  const page = citation.page ? ` p.${citation.page}` : "";
  summary.append(el("span", "where", `${citation.program_title} ／ ${citation.section}${page}`));
  item.append(summary);
  const body = el("div", "citation-body");
  // `quote` is the excerpt as people read it (a wrapped sentence joined); `text` is the exact span.
  body.append(el("blockquote", "excerpt", plain(citation.quote || citation.text)));
  const context = el("div", "context-wrap");
  context.dataset.label = `${where}${label} ${citation.program_title}`; // names its scroll box, unique on the page
  body.append(context);
  const link = el("a", "link", "この事業を見る");
  link.href = programHref(citation.program_id);
  body.append(link);
  item.append(body);
  item.addEventListener("toggle", () => {
    if (item.open && !context.dataset.loaded) {
      context.dataset.loaded = "1";
      renderContext(context, citation);
    }
  });
  return item;
}

function openCitation(item) {
  item.open = true;
  item.classList.remove("flash");
  void item.offsetWidth; // restart the highlight animation
  item.classList.add("flash");
  item.scrollIntoView({ block: "start", behavior: scrollBehavior(true) });
  item.querySelector("summary").focus({ preventScroll: true });
}

// ---- welcome examples --------------------------------------------------------------------------------
// Made by the server from the corpus it serves, each answered before it is offered (/api/examples): fixed
// examples named the sample corpus's programs and were not found in any other.
async function loadExamples() {
  const box = document.querySelector("#welcome .examples");
  if (!box) return;
  let questions;
  try {
    questions = (await getJSON("/api/examples")).questions || [];
  } catch (_) {
    return; // no examples is no loss: the question box is there
  }
  box.replaceChildren(...questions.map((question) => button("example", question, () => {
    submitQuestion(question);
    if (!phoneLayout.matches) $("question").focus({ preventScroll: true }); // the example button is gone
  })));
}

// ---- conversation ------------------------------------------------------------------------------------
function newTurn(question) {
  $("welcome")?.remove();
  const turn = el("div", "turn");
  const user = el("div", "message user");
  user.append(el("div", "bubble", question));
  turn.append(user);
  $("messages").append(turn);
  return turn;
}

function renderAnswer(turn, answer) {
  const where = `質問${[...document.querySelectorAll("#messages > .turn")].indexOf(turn) + 1}の`;
  const wrap = el("div", "message assistant");
  const bubble = el("div", answer.abstained ? "bubble abstained" : "bubble");
  bubble.append(el("div", "answer-text", plain(answer.answer)));
  const cites = answer.citations || [];
  const items = cites.map((c, i) => citationItem(c, `[${i + 1}]`, where));
  if (items.length) {
    const markers = el("p", "markers");
    markers.append(el("span", "markers-label", "根拠："));
    items.slice(0, MARKERS_SHOWN).forEach((item, i) => {
      const marker = button("marker", `[${i + 1}]`, () => openCitation(item));
      marker.setAttribute("aria-label", `根拠${i + 1}を開く：${cites[i].program_title}`);
      marker.setAttribute("aria-controls", item.id);
      markers.append(marker);
    });
    if (items.length > MARKERS_SHOWN) {
      markers.append(button("marker more", `ほか${items.length - MARKERS_SHOWN}件`,
        () => openCitation(items[MARKERS_SHOWN])));
    }
    bubble.append(markers);
  }
  const tools = el("div", "tools");
  const copy = button("copy", "回答をコピー", async () => {
    const lines = [plain(answer.answer), ...cites.map((c, i) => `[${i + 1}] ${c.program_title}／${c.section}: ${plain(c.quote || c.text)}`)];
    await copyText(lines.join("\n"));
    copy.textContent = "コピーしました";
    setTimeout(() => { copy.textContent = "回答をコピー"; }, 1500);
  });
  tools.append(copy);
  bubble.append(tools);
  wrap.append(bubble);
  if (items.length) {
    const list = el("div", "citations");
    list.append(el("h3", null, "根拠となる抜粋"));
    items.forEach((item) => list.append(item));
    wrap.append(list);
  }
  const related = answer.related || [];
  if (related.length) {
    const list = el("div", "citations related");
    list.append(el("h3", null, "関連する抜粋（回答の根拠ではありません）"));
    related.forEach((c, i) => list.append(citationItem(c, `参考${i + 1}`, where)));
    wrap.append(list);
  }
  turn.append(wrap);
  return wrap;
}

// The band between the sticky header and the sticky composer is what the reader sees.
function visibleBand() {
  const top = $("top").getBoundingClientRect().bottom;
  const composer = $("ask-form").getBoundingClientRect();
  return [top, composer.height ? composer.top : window.innerHeight];
}

function inView(node) {
  const rect = node.getBoundingClientRect();
  const [top, bottom] = visibleBand();
  return rect.height > 0 && rect.bottom > top && rect.top < bottom;
}

// The question at the top of the view, its answer below it (as much as fits).
function scrollToTurn(turn, smooth) {
  turn.scrollIntoView({ block: "start", behavior: scrollBehavior(smooth) });
}

function showJump(turn) {
  state.jumpTarget = turn;
  $("jump").classList.remove("hidden");
}

function hideJump() {
  state.jumpTarget = null;
  $("jump").classList.add("hidden");
}

function noteFor(item, text, className) {
  const note = el("div", `message assistant ${className}`);
  note.append(el("div", "bubble", text));
  if (item.note) item.note.replaceWith(note);
  else item.turn.append(note);
  item.note = note;
  return note;
}

function enqueue(question, failed) {
  const item = { id: state.nextId++, question, status: failed ? "failed" : "waiting", turn: newTurn(question), note: null };
  state.queue.push(item);
  if (failed) showFailure(item, "この質問はまだ回答されていません。");
  else noteFor(item, state.running || state.queue.some((q) => q !== item && q.status === "waiting") ? QUEUED : THINKING,
    "thinking queued");
  saveConversation();
  return item;
}

function dropItem(item) {
  state.queue = state.queue.filter((q) => q !== item);
  item.turn.remove();
  saveConversation();
}

function showFailure(item, message) {
  item.status = "failed";
  const note = noteFor(item, "", "failed");
  const bubble = note.querySelector(".bubble");
  bubble.replaceChildren(el("p", "failed-text", message));
  const actions = el("div", "failed-actions");
  actions.append(button("retry", "再送信", () => retry(item)));
  actions.append(button("secondary cancel", "取り消す", () => cancel(item)));
  bubble.append(actions);
}

function fail(item, message, network) {
  showFailure(item, message);
  if (network) state.paused = true;
  const input = $("question");
  if (!input.value.trim()) { // the text is kept: edit it or send it again
    input.value = item.question;
    updateCounter();
  }
  $("announce").textContent = message;
  saveConversation();
}

function retry(item) {
  const input = $("question");
  if (input.value.trim() === item.question) {
    input.value = "";
    updateCounter();
  }
  dropItem(item);
  const again = enqueue(item.question);
  state.paused = false;
  scrollToTurn(again.turn);
  pump();
}

function cancel(item) {
  dropItem(item);
  state.paused = false;
  pump();
}

function errorMessage(status) {
  if (status === 413 || status === 422) return "この質問は送信できませんでした（長すぎるか、形式が正しくありません）。";
  if (status === 429) return "質問が多すぎます。少し待ってから再送信してください。";
  if (status === 503) return `サーバーの準備ができませんでした。${failureNote()}しばらくしてから再送信してください。`;
  return `サーバーでエラーが発生しました（${status}）。しばらくしてから再送信してください。`;
}

async function send(item) {
  item.status = "sending";
  noteFor(item, THINKING, "thinking");
  for (;;) {
    const history = state.messages.map((m) => ({ role: m.role, content: m.content })).slice(-20);
    let res;
    let data;
    try {
      res = await fetch("/api/ask", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ question: item.question, history }),
      });
      data = await res.json().catch(() => ({}));
    } catch (_) {
      fail(item, "サーバーに接続できませんでした。ネットワークを確認して、再送信してください。", true);
      return;
    }
    if (res.status === 503) { // the server is starting: keep the question, send it when ready
      const note = noteFor(item, PREPARING, "thinking preparing");
      $("announce").textContent = PREPARING;
      const ready = await waitUntilReady();
      if (!ready) {
        fail(item, errorMessage(503));
        return;
      }
      if (item.note === note) noteFor(item, THINKING, "thinking");
      continue;
    }
    if (!res.ok || typeof data.answer !== "string") {
      fail(item, errorMessage(res.status));
      return;
    }
    answered(item, data);
    return;
  }
}

function answered(item, data) {
  const following = inView(item.note); // a reader who scrolled away to read is not moved
  item.note.remove();
  item.note = null;
  renderAnswer(item.turn, data);
  state.messages.push({ role: "user", content: item.question }, { role: "assistant", content: data.answer, answer: data });
  state.queue = state.queue.filter((q) => q !== item);
  saveConversation();
  $("announce").textContent = `回答：${plain(data.answer).slice(0, 200)}`;
  if (following && state.route.view === "chat") {
    scrollToTurn(item.turn);
    hideJump();
  } else {
    showJump(item.turn);
  }
}

// One question at a time, in the order asked.
async function pump() {
  if (state.running) return;
  state.running = true;
  try {
    while (!state.paused) {
      const item = state.queue.find((q) => q.status === "waiting");
      if (!item) break;
      await send(item);
    }
  } finally {
    state.running = false;
  }
}

function hint(text, kind) {
  const box = $("input-hint");
  box.textContent = text || "";
  box.className = `input-hint${kind ? ` ${kind}` : ""}`;
}

function maxChars() {
  return Number($("question").dataset.maxChars) || 1000;
}

function updateCounter() {
  const input = $("question");
  const n = chars(input.value.trim());
  const max = maxChars();
  const counter = $("counter");
  const over = n > max;
  counter.textContent = n >= COUNTER_FROM ? `${n.toLocaleString("ja-JP")}／${max.toLocaleString("ja-JP")}文字` : "";
  counter.classList.toggle("over", over);
  input.setAttribute("aria-invalid", String(over));
  if (over) hint(`${(n - max).toLocaleString("ja-JP")}文字多すぎます。${max.toLocaleString("ja-JP")}文字以内に短くしてください。`, "error");
  else if ($("input-hint").classList.contains("error") || $("input-hint").textContent) hint("");
}

// Queue a question; false (with a hint) when there is nothing to send or it is too long.
function submitQuestion(raw) {
  const question = raw.trim();
  if (!question) {
    hint(raw ? "空白だけでは送信できません。質問を入力してください。" : "質問を入力してください。", "note");
    return false;
  }
  if (chars(question) > maxChars()) {
    updateCounter();
    return false;
  }
  hint("");
  // The same question sent again after a failure replaces its failed bubble.
  state.queue.filter((q) => q.status === "failed" && q.question === question).forEach(dropItem);
  const item = enqueue(question);
  state.paused = false;
  hideJump();
  scrollToTurn(item.turn); // the reader just asked: show the question, its answer comes below it
  pump();
  return true;
}

function newConversation() {
  state.messages = [];
  state.queue = [];
  saveConversation();
  window.location.reload();
}

// ---- programs ----------------------------------------------------------------------------------------
function loadPrograms() {
  if (!state.programs) {
    state.programs = getJSON("/api/programs", () => {
      $("program-list").replaceChildren(el("p", "muted", PREPARING));
    });
    state.programs.catch(() => { state.programs = null; });
  }
  return state.programs;
}

function normalize(text) {
  return (text || "").normalize("NFKC").toLowerCase().replace(/\s+/g, "");
}

const countable = (p) => p.kind !== "total" && !p.repeat;

// The document's tree: documents (when several) → categories (outer first) → programs → their items.
function buildTree(programs) {
  const root = { name: null, entries: [], cats: new Map(), totals: [], depth: -1 };
  const nodes = new Map(programs.map((p) => [p.id, { p, children: [] }]));
  const several = new Set(programs.map((p) => p.document)).size > 1;
  for (const p of programs) {
    const node = nodes.get(p.id);
    const parent = p.parent_id && p.parent_id !== p.id ? nodes.get(p.parent_id) : null;
    if (parent && parent.p.kind !== "total") { // a total is said on its category's heading, not drawn as a row
      parent.children.push(node);
      continue;
    }
    let cat = root;
    const path = (p.categories && p.categories.length ? p.categories : [p.category || "分類なし"]);
    for (const name of several ? [p.document, ...path] : path) {
      if (!cat.cats.has(name)) {
        const child = { name, entries: [], cats: new Map(), totals: [], depth: cat.depth + 1 };
        cat.cats.set(name, child);
        cat.entries.push({ cat: child });
      }
      cat = cat.cats.get(name);
    }
    if (p.kind === "total") cat.totals.push(p);
    else cat.entries.push({ row: node });
  }
  return root;
}

// What a row or a category adds up to in yen (an item's parts are in its own amount; repeats never count twice),
// with the amounts as written of the rows it adds in `texts` (so that the sum is shown in their unit).
function rowSum(node, texts = []) {
  if (!countable(node.p)) return 0;
  if (node.p.budget_yen !== null && node.p.budget_yen !== undefined) {
    texts.push(node.p.budget_text);
    return node.p.budget_yen;
  }
  return node.children.reduce((sum, child) => sum + rowSum(child, texts), 0);
}

function catStats(cat) {
  let count = 0;
  let sum = 0;
  const texts = [];
  const walkRow = (node) => {
    if (countable(node.p)) count += 1;
    node.children.forEach(walkRow);
  };
  for (const entry of cat.entries) {
    if (entry.row) {
      walkRow(entry.row);
      sum += rowSum(entry.row, texts);
    } else {
      const inner = catStats(entry.cat);
      count += inner.count;
      sum += inner.sum;
      texts.push(...inner.texts);
    }
  }
  return { count, sum, texts, total: cat.totals.find((t) => t.title === cat.name) || cat.totals[0] || null };
}

function barRow(p, max, extra) {
  const row = el("a", "bar-row");
  row.href = programHref(p.id);
  row.dataset.programId = p.id;
  row.title = p.title;
  const label = el("span", "bar-label");
  label.append(el("span", "bar-name", p.title));
  if (p.repeat) label.append(el("span", "tag", "再掲"));
  if (extra) label.append(el("span", "row-path", extra));
  row.append(label);
  const track = el("span", "bar-track");
  track.setAttribute("aria-hidden", "true");
  const bar = el("span", "bar");
  bar.style.width = `${Math.max(0.5, (100 * (p.budget_oku_yen || 0)) / max)}%`;
  track.append(bar);
  row.append(track);
  row.append(el("span", "bar-value", amountOf(p)));
  return row;
}

// A word of the search also finds what the documents write for it (JOGMEC → 石油天然ガス・金属鉱物資源機構), as the
// chat does: the aliases come from /api/aliases.
function matcher(query) {
  const aliases = state.aliases || [];
  const words = query.split(/\s+/).map(normalize).filter(Boolean)
    .map((w) => [w, ...aliases.filter((a) => normalize(a.name) === w).map((a) => normalize(a.wording))]);
  return (...texts) => {
    const hay = normalize(texts.join(" "));
    return words.every((forms) => forms.some((f) => hay.includes(f)));
  };
}

function renderProgramTree(programs, query, byAmount) {
  const matches = matcher(query);
  const max = Math.max(...programs.filter(countable).map((p) => p.budget_oku_yen || 0), 1);
  let shown = 0;
  const rowItem = (node, catMatched) => {
    const selfMatched = catMatched || matches(node.p.title);
    const children = byAmount ? [...node.children].sort((a, b) => rowSum(b) - rowSum(a)) : node.children;
    const kids = children.map((child) => rowItem(child, selfMatched)).filter(Boolean);
    if (!selfMatched && !kids.length) return null;
    const li = el("li", "row-item");
    li.append(barRow(node.p, max));
    if (countable(node.p)) shown += 1;
    if (kids.length) {
      const sub = el("ul", "rows sub-rows");
      sub.setAttribute("aria-label", `${node.p.title}の内訳`);
      kids.forEach((k) => sub.append(k));
      li.append(sub);
    }
    return li;
  };
  const catItem = (cat, catMatched) => {
    const matched = catMatched || matches(cat.name);
    let entries = cat.entries;
    if (byAmount) {
      entries = [...entries].sort((a, b) => (b.row ? rowSum(b.row) : catStats(b.cat).sum) - (a.row ? rowSum(a.row) : catStats(a.cat).sum));
    }
    const items = entries.map((e) => (e.row ? rowItem(e.row, matched) : catItem(e.cat, matched))).filter(Boolean);
    if (!items.length) return null;
    const list = el("ul", "rows");
    items.forEach((item) => list.append(item));
    const li = el("li", `cat-node depth-${Math.min(cat.depth, 3)}`);
    const stats = catStats(cat);
    const heading = el(`h${Math.min(3 + cat.depth, 6)}`, "category", cat.name);
    const sum = stats.total && stats.total.budget_oku_yen !== null
      ? `資料の計 ${formatSumLike(stats.total.budget_yen, [stats.total.budget_text])}`
      : `計${formatSumLike(stats.sum, stats.texts)}`;
    heading.append(el("span", "cat-sum", `（${stats.count}件・${sum}）`));
    li.append(heading, list);
    return li;
  };
  const tree = buildTree(programs);
  let cats = tree.entries;
  if (byAmount) cats = [...cats].sort((a, b) => (b.row ? rowSum(b.row) : catStats(b.cat).sum) - (a.row ? rowSum(a.row) : catStats(a.cat).sum));
  const top = el("ul", "tree");
  for (const entry of cats) {
    const item = entry.row ? rowItem(entry.row, false) : catItem(entry.cat, false);
    if (item) top.append(item);
  }
  return { node: top, shown };
}

function renderRanking(programs, query) {
  const matches = matcher(query);
  const rows = programs.filter(countable).filter((p) => matches(p.title, ...(p.categories || [])))
    .sort((a, b) => (b.budget_oku_yen || 0) - (a.budget_oku_yen || 0));
  const max = Math.max(...rows.map((p) => p.budget_oku_yen || 0), 1);
  const list = el("ol", "rows ranking");
  rows.forEach((p) => {
    const li = el("li", "row-item");
    li.append(barRow(p, max, (p.categories && p.categories.length ? p.categories : [p.category || ""]).filter(Boolean).join(" › ")));
    list.append(li);
  });
  return { node: list, shown: rows.length };
}

function renderProgramList() {
  const programs = state.programList;
  if (!programs) return;
  const query = $("program-search").value.trim();
  const sort = $("program-sort").value;
  const { node, shown } = sort === "ranking" ? renderRanking(programs, query) : renderProgramTree(programs, query, sort === "amount");
  const all = programs.filter(countable).length;
  // The count is of programs (as the chat counts them); rows shown beyond it are 再掲 repeats, totals or the
  // parents of matching items, and the label says so (UX finding 14).
  const rows = node.querySelectorAll ? node.querySelectorAll(".bar-row").length : shown;
  const extra = rows > shown ? `（再掲・計・親項目を含め${rows}行）` : "";
  $("program-count").textContent = query ? `${all}件中 ${shown}件が該当${extra}` : `${all}件`;
  const box = $("program-list");
  box.replaceChildren(shown ? node : el("p", "muted", "該当する事業はありません。"));
  markCurrent();
}

async function showProgramList() {
  if (state.listShown) {
    markCurrent();
    return;
  }
  state.listShown = true;
  const box = $("program-list");
  box.replaceChildren(el("p", "muted", "読み込み中…"));
  try {
    state.programList = await loadPrograms();
    state.aliases = await getJSON("/api/aliases").catch(() => []);
  } catch (_) {
    state.listShown = false;
    box.replaceChildren(el("p", "error", "事業一覧を読み込めませんでした。"),
      button("secondary", "もう一度読み込む", () => showProgramList()));
    return;
  }
  renderProgramList();
}

function markCurrent() {
  const id = state.route && state.route.view === "program" ? state.route.id : null;
  document.querySelectorAll("#program-list .bar-row").forEach((row) => {
    const current = row.dataset.programId === id;
    row.classList.toggle("current", current);
    if (current) row.setAttribute("aria-current", "page");
    else row.removeAttribute("aria-current");
  });
}

function backLink() {
  const link = el("a", "back", "← 事業一覧に戻る");
  link.href = "#/programs";
  return link;
}

function detailHint() {
  $("program-detail").replaceChildren(el("p", "hint", "事業を選ぶと、その内容がここに表示されます。"));
}

function budgetLine(p) {
  if (!p.budget) return null;
  const written = p.budget.amount_text || formatOku(p.budget.amount_oku_yen);
  const when = [p.budget.year, p.budget.budget_kind].filter(Boolean).join(" ");
  return `予算額：${written}${when ? `（${when}）` : ""}`;
}

function sectionBody(section, title) {
  let body = section.heading && section.text.startsWith(section.heading) ? section.text.slice(section.heading.length) : section.text;
  body = plain(body).replace(/\n{3,}/g, "\n\n").trim();
  if (section.name === "事業名" && (body === title || !body)) return ""; // the title says it already
  return body;
}

async function showProgram(id) {
  const box = $("program-detail");
  const token = ++state.detailToken;
  box.replaceChildren(backLink(), el("p", "muted", "読み込み中…"));
  let p;
  try {
    p = await fetchProgram(id);
  } catch (err) {
    if (token !== state.detailToken) return;
    box.replaceChildren(backLink(), el("p", "error", err.status === 404 ? "この事業は見つかりませんでした。" : "事業を読み込めませんでした。"));
    document.title = `事業一覧 – ${APP_TITLE}`;
    return;
  }
  let all = [];
  try {
    all = await loadPrograms();
  } catch (_) { /* the items below are a bonus; the program itself is shown */ }
  if (token !== state.detailToken) return;
  const head = el("header", "detail-head");
  const path = (p.categories && p.categories.length ? p.categories : [p.category]).filter(Boolean);
  if (path.length) head.append(el("p", "crumbs", path.join(" › ")));
  const title = el("h2", "program-title", p.title);
  title.tabIndex = -1;
  head.append(title);
  const meta = [budgetLine(p), p.kind === "total" ? "（分類の計）" : null, p.repeat ? "再掲" : null,
    p.pages && p.pages.length ? `資料 p.${p.pages.join(", ")}` : null].filter(Boolean).join("　");
  if (meta) head.append(el("p", "meta", meta));
  const parent = p.parent_id ? all.find((q) => q.id === p.parent_id) : null;
  if (parent) {
    const line = el("p", "parent", "上位の事業：");
    const link = el("a", null, parent.title);
    link.href = programHref(parent.id);
    line.append(link);
    head.append(line);
  }
  const share = button("secondary share", "この事業へのリンクをコピー", async () => {
    await copyText(window.location.href);
    share.textContent = "リンクをコピーしました";
    setTimeout(() => { share.textContent = "この事業へのリンクをコピー"; }, 1500);
  });
  head.append(share);
  const parts = [head];
  const children = all.filter((q) => q.parent_id === p.id);
  if (children.length) {
    const section = el("section", "program-section");
    section.append(el("h3", null, "内訳"));
    const list = el("ul", "children");
    children.forEach((child) => {
      const li = el("li");
      const link = el("a", null, child.title);
      link.href = programHref(child.id);
      li.append(link, document.createTextNode(`　${amountOf(child)}`));
      list.append(li);
    });
    section.append(list);
    parts.push(section);
  }
  if (p.subprojects && p.subprojects.length) {
    const section = el("section", "program-section");
    section.append(el("h3", null, "含まれる事業"));
    const list = el("ul", "children");
    p.subprojects.forEach((s) => {
      const amount = s.amount_oku_yen !== null && s.amount_oku_yen !== undefined ? `　${formatOku(s.amount_oku_yen)}` : "";
      list.append(el("li", null, `${s.marker || ""}${s.name}${amount}`));
    });
    section.append(list);
    parts.push(section);
  }
  for (const s of p.section_texts || []) {
    const body = sectionBody(s, p.title);
    if (!body) continue; // an empty 「条件」 is not shown
    const section = el("section", "program-section");
    section.append(el("h3", null, s.name));
    section.append(el("div", "section-text", body));
    parts.push(section);
  }
  box.replaceChildren(backLink(), ...parts);
  box.scrollTop = 0;
  document.title = `${p.title} – ${APP_TITLE}`;
  placeProgram(title);
}

// The program's title in view, below the sticky header, on a phone as on a desktop.
function placeProgram(title) {
  if (phoneLayout.matches) {
    window.scrollTo({ top: 0, behavior: "auto" });
  } else {
    const header = $("top").getBoundingClientRect().bottom;
    const box = $("program-detail").getBoundingClientRect();
    if (box.top < header || box.top > window.innerHeight - 80) {
      $("program-detail").scrollIntoView({ block: "start", behavior: "auto" });
    }
  }
  const list = $("program-browser");
  if (phoneLayout.matches || !list.contains(document.activeElement)) title.focus({ preventScroll: true });
}

// ---- routes: #/ (chat), #/programs, #/programs/<id> ----------------------------------------------------
function parseRoute(hash) {
  const parts = (hash || "").replace(/^#\/?/, "").split("/").filter(Boolean);
  let id = parts[1];
  try {
    id = id && decodeURIComponent(id);
  } catch (_) { /* a broken escape is just an unknown id */ }
  if (parts[0] === "programs") return id ? { view: "program", id } : { view: "programs" };
  return { view: "chat" };
}

function navigate(hash) {
  // pushState instead of assigning location.hash: the view changes in this event, not on a later hashchange,
  // so a key press and the view it shows never disagree. Back and forward still fire hashchange.
  if (window.location.hash !== hash) history.pushState(null, "", hash);
  applyRoute();
}

function selectTab(name) {
  for (const [tabId, viewId, tabName] of [["tab-chat", "chat-view", "chat"], ["tab-programs", "programs-view", "programs"]]) {
    const on = tabName === name;
    const tab = $(tabId);
    tab.classList.toggle("active", on);
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    $(viewId).classList.toggle("hidden", !on);
  }
}

function applyRoute() {
  const route = parseRoute(window.location.hash);
  const previous = state.route;
  if (previous && previous.view === "chat") state.scroll.chat = window.scrollY;
  if (previous && previous.view === "programs") state.scroll.programs = window.scrollY;
  state.route = route;
  if (route.view === "chat") {
    selectTab("chat");
    document.title = APP_TITLE;
    if (previous && previous.view !== "chat" && state.scroll.chat !== null) window.scrollTo(0, state.scroll.chat);
    return;
  }
  selectTab("programs");
  $("programs-layout").classList.toggle("has-program", route.view === "program");
  if (previous && previous.view === "chat") window.scrollTo(0, 0);
  showProgramList();
  if (route.view === "program") {
    showProgram(route.id);
    return;
  }
  state.detailToken += 1;
  detailHint();
  document.title = `事業一覧 – ${APP_TITLE}`;
  if (previous && previous.view === "program" && phoneLayout.matches) window.scrollTo(0, state.scroll.programs);
}

// ---- wiring ------------------------------------------------------------------------------------------
function watchSizes() {
  const root = document.documentElement;
  const update = () => {
    root.style.setProperty("--header-h", `${Math.ceil($("top").getBoundingClientRect().height)}px`);
    root.style.setProperty("--composer-h", `${Math.ceil($("ask-form").getBoundingClientRect().height)}px`);
  };
  update();
  if (window.ResizeObserver) {
    const observer = new ResizeObserver(update);
    observer.observe($("top"));
    observer.observe($("ask-form"));
  }
}

function wireTabs() {
  const tabs = [$("tab-chat"), $("tab-programs")];
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => navigate(tab.dataset.route));
    tab.addEventListener("keydown", (event) => {
      const moves = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 };
      if (!(event.key in moves)) return;
      event.preventDefault();
      const next = tabs[(moves[event.key] + tabs.length) % tabs.length];
      next.focus();
      navigate(next.dataset.route);
    });
  });
}

function init() {
  const input = $("question");
  const answers = state.messages;
  for (let i = 0; i + 1 < answers.length; i += 2) {
    renderAnswer(newTurn(answers[i].content), answers[i + 1].answer || { answer: answers[i + 1].content });
  }
  for (const saved of loadStored(QUEUE_KEY, (q) => q)) {
    if (saved && typeof saved.question === "string" && saved.question.trim()) enqueue(saved.question, saved.failed);
  }
  watchSizes();
  wireTabs();
  $("ask-form").addEventListener("submit", (event) => {
    event.preventDefault();
    if (submitQuestion(input.value)) {
      input.value = "";
      updateCounter();
    }
    input.focus();
  });
  input.addEventListener("keydown", (event) => {
    // Enter sends; Shift+Enter is a new line; Enter that confirms an IME conversion must not send.
    if (event.key !== "Enter" || event.shiftKey || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    $("ask-form").requestSubmit();
  });
  input.addEventListener("input", updateCounter);
  loadExamples();
  $("new-chat").addEventListener("click", newConversation);
  $("jump").addEventListener("click", () => {
    const target = state.jumpTarget;
    hideJump();
    if (target) scrollToTurn(target, true);
  });
  window.addEventListener("scroll", () => {
    if (state.jumpTarget && inView(state.jumpTarget.lastElementChild)) hideJump();
  }, { passive: true });
  $("program-search").addEventListener("input", renderProgramList);
  $("program-sort").addEventListener("change", renderProgramList);
  window.addEventListener("hashchange", applyRoute);
  applyRoute();
  if (state.route.view === "chat") {
    const last = $("messages").lastElementChild;
    if (last && last.classList.contains("turn")) scrollToTurn(last);
    input.focus({ preventScroll: true });
  }
  checkServer();
  pump();
}

document.addEventListener("DOMContentLoaded", init);
