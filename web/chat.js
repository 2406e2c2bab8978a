// Chat page: plain fetch() against /api, no build step. Nothing from a document or a question is ever
// inserted as HTML: every text goes through textContent or text nodes.
"use strict";

const STORE_KEY = "qa-conversation-v1";
const $ = (id) => document.getElementById(id);
const state = { messages: loadConversation(), documents: new Map(), programs: null, busy: false };

function loadConversation() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORE_KEY) || "[]");
    return Array.isArray(saved) ? saved : [];
  } catch (_) {
    return [];
  }
}

function saveConversation() {
  try {
    sessionStorage.setItem(STORE_KEY, JSON.stringify(state.messages));
  } catch (_) { /* storage full or disabled: the conversation still works */ }
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

function formatOku(value) {
  if (value === null || value === undefined) return "—";
  const fixed = value.toFixed(2).replace(/0$/, "");
  return `${fixed}億円`;
}

// ---- documents and citations ------------------------------------------------------------------------
async function fetchDocument(name) {
  if (!state.documents.has(name)) {
    const res = await fetch(`/api/documents/${encodeURIComponent(name)}`);
    if (!res.ok) throw new Error(`document ${name}: ${res.status}`);
    state.documents.set(name, await res.json());
  }
  return state.documents.get(name);
}

// The quoted span highlighted inside its surrounding text (about 160 characters either side).
async function renderContext(container, citation) {
  container.replaceChildren(el("p", "muted", "読み込み中…"));
  try {
    const doc = await fetchDocument(citation.document);
    const text = doc.text;
    const from = Math.max(0, text.lastIndexOf("\n", Math.max(0, citation.start - 160)));
    const to = Math.min(text.length, citation.end + 160);
    const block = el("div", "context");
    block.append(document.createTextNode((from > 0 ? "…" : "") + text.slice(from, citation.start)));
    block.append(el("mark", "quoted", text.slice(citation.start, citation.end)));
    block.append(document.createTextNode(text.slice(citation.end, to) + (to < text.length ? "…" : "")));
    container.replaceChildren(block);
  } catch (err) {
    container.replaceChildren(el("p", "error", "資料を読み込めませんでした。"));
  }
}

function citationItem(citation, number) {
  const item = el("details", "citation");
  const summary = el("summary");
  summary.append(el("span", "marker", `[${number}]`));
  const page = citation.page ? ` p.${citation.page}` : "";
  summary.append(el("span", "where", `${citation.program_title} ／ ${citation.section}${page}`));
  item.append(summary);
  const body = el("div", "citation-body");
  // `quote` is the excerpt as people read it (a wrapped sentence joined); `text` is the exact span.
  body.append(el("blockquote", "excerpt", citation.quote || citation.text));
  const context = el("div", "context-wrap");
  body.append(context);
  const link = el("button", "link", "この事業を見る");
  link.type = "button";
  link.addEventListener("click", () => showProgram(citation.program_id));
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

// ---- conversation -----------------------------------------------------------------------------------
function renderMessage(message) {
  $("welcome")?.remove();
  const wrap = el("div", `message ${message.role}`);
  if (message.role === "user") {
    wrap.append(el("div", "bubble", message.content));
    $("messages").append(wrap);
    return wrap;
  }
  const answer = message.answer || { answer: message.content, citations: [], related: [] };
  const bubble = el("div", answer.abstained ? "bubble abstained" : "bubble");
  bubble.append(el("div", "answer-text", answer.answer));
  if (answer.citations && answer.citations.length) {
    const markers = el("div", "markers");
    answer.citations.forEach((_, i) => markers.append(el("span", "marker", `[${i + 1}]`)));
    bubble.append(markers);
  }
  const tools = el("div", "tools");
  const copy = el("button", "copy", "回答をコピー");
  copy.type = "button";
  copy.addEventListener("click", () => copyAnswer(answer, copy));
  tools.append(copy);
  bubble.append(tools);
  wrap.append(bubble);
  const cites = answer.citations || [];
  if (cites.length) {
    const list = el("div", "citations");
    list.append(el("h3", null, "根拠となる抜粋"));
    cites.forEach((c, i) => list.append(citationItem(c, i + 1)));
    wrap.append(list);
  }
  if (answer.related && answer.related.length) {
    const list = el("div", "citations related");
    list.append(el("h3", null, "関連する抜粋（回答の根拠ではありません）"));
    answer.related.forEach((c, i) => list.append(citationItem(c, i + 1)));
    wrap.append(list);
  }
  $("messages").append(wrap);
  return wrap;
}

async function copyAnswer(answer, button) {
  const lines = [answer.answer, ...(answer.citations || []).map((c, i) => `[${i + 1}] ${c.program_title}／${c.section}: ${c.quote || c.text}`)];
  const text = lines.join("\n");
  try {
    await navigator.clipboard.writeText(text);
  } catch (_) {
    const area = el("textarea");
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
  button.textContent = "コピーしました";
  setTimeout(() => { button.textContent = "回答をコピー"; }, 1500);
}

function scrollToEnd() {
  const box = $("messages");
  box.scrollTop = box.scrollHeight;
}

async function ask(question) {
  question = question.trim();
  if (!question || state.busy) return;
  state.busy = true;
  $("send").disabled = true;
  $("status").textContent = "";
  const history = state.messages.map((m) => ({ role: m.role, content: m.content })).slice(-20);
  const userMessage = { role: "user", content: question };
  state.messages.push(userMessage);
  saveConversation();
  renderMessage(userMessage);
  const thinking = el("div", "message assistant thinking");
  thinking.append(el("div", "bubble", "考えています…"));
  $("messages").append(thinking);
  scrollToEnd();
  try {
    const res = await fetch("/api/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ question, history }),
    });
    const data = await res.json().catch(() => ({}));
    thinking.remove();
    if (!res.ok) {
      const message = (data.error && data.error.message) || `エラー（${res.status}）`;
      $("status").textContent = message;
      return;
    }
    const assistant = { role: "assistant", content: data.answer, answer: data };
    state.messages.push(assistant);
    saveConversation();
    renderMessage(assistant);
  } catch (err) {
    thinking.remove();
    $("status").textContent = "サーバーに接続できませんでした。しばらくしてからもう一度お試しください。";
  } finally {
    state.busy = false;
    $("send").disabled = false;
    $("question").focus();
    scrollToEnd();
  }
}

function newConversation() {
  state.messages = [];
  saveConversation();
  window.location.reload();
}

// ---- programs ---------------------------------------------------------------------------------------
async function loadPrograms() {
  if (state.programs) return state.programs;
  const res = await fetch("/api/programs");
  if (!res.ok) throw new Error(`programs: ${res.status}`);
  state.programs = await res.json();
  return state.programs;
}

async function renderProgramList() {
  const box = $("program-list");
  box.replaceChildren(el("p", "muted", "読み込み中…"));
  let programs;
  try {
    programs = await loadPrograms();
  } catch (_) {
    box.replaceChildren(el("p", "error", "事業一覧を読み込めませんでした。"));
    return;
  }
  const max = Math.max(...programs.map((p) => p.budget_oku_yen || 0), 1);
  const byCategory = new Map();
  programs.forEach((p) => {
    const key = p.category || "その他";
    if (!byCategory.has(key)) byCategory.set(key, []);
    byCategory.get(key).push(p);
  });
  const chart = el("div", "chart");
  chart.setAttribute("role", "list");
  for (const [category, items] of byCategory) {
    const total = items.reduce((sum, p) => sum + (p.budget_oku_yen || 0), 0);
    chart.append(el("h3", "category", `${category}（${items.length}事業・計${formatOku(total)}）`));
    for (const p of items) {
      const row = el("button", "bar-row");
      row.type = "button";
      row.setAttribute("role", "listitem");
      row.dataset.programId = p.id;
      row.append(el("span", "bar-label", p.title));
      const track = el("span", "bar-track");
      const bar = el("span", "bar");
      bar.style.width = `${Math.max(0.5, (100 * (p.budget_oku_yen || 0)) / max)}%`;
      track.append(bar);
      row.append(track);
      row.append(el("span", "bar-value", formatOku(p.budget_oku_yen)));
      row.addEventListener("click", () => showProgram(p.id));
      chart.append(row);
    }
  }
  box.replaceChildren(chart);
}

async function showProgram(id) {
  switchTab("programs");
  const box = $("program-detail");
  box.replaceChildren(el("p", "muted", "読み込み中…"));
  const res = await fetch(`/api/programs/${encodeURIComponent(id)}`);
  if (!res.ok) {
    box.replaceChildren(el("p", "error", "事業を読み込めませんでした。"));
    return;
  }
  const p = await res.json();
  const head = el("header");
  head.append(el("h2", null, p.title));
  const meta = [p.category ? `分類：${p.category}` : null, p.budget ? `予算額：${formatOku(p.budget.amount_oku_yen)}` : null,
    p.pages && p.pages.length ? `資料 p.${p.pages.join(", ")}` : null].filter(Boolean).join("　");
  head.append(el("p", "meta", meta));
  box.replaceChildren(head);
  for (const s of p.section_texts) {
    const section = el("section", "program-section");
    section.append(el("h3", null, s.name));
    // The heading line is shown as the section title already; markdown emphasis marks are layout only.
    let body = s.heading && s.text.startsWith(s.heading) ? s.text.slice(s.heading.length) : s.text;
    body = body.replace(/\*\*/g, "").replace(/\n{3,}/g, "\n\n").trim();
    section.append(el("div", "section-text", body));
    box.append(section);
  }
  box.scrollIntoView({ block: "start", behavior: "smooth" });
}

function switchTab(name) {
  const chat = name === "chat";
  $("chat-view").classList.toggle("hidden", !chat);
  $("programs-view").classList.toggle("hidden", chat);
  $("tab-chat").classList.toggle("active", chat);
  $("tab-programs").classList.toggle("active", !chat);
  $("tab-chat").setAttribute("aria-selected", String(chat));
  $("tab-programs").setAttribute("aria-selected", String(!chat));
  if (!chat) renderProgramList();
  else $("question").focus();
}

// ---- wiring -----------------------------------------------------------------------------------------
function init() {
  state.messages.forEach(renderMessage);
  scrollToEnd();
  const input = $("question");
  $("ask-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value;
    input.value = "";
    ask(text);
  });
  input.addEventListener("keydown", (event) => {
    // Enter sends; Shift+Enter is a new line; Enter that confirms an IME conversion must not send.
    if (event.key !== "Enter" || event.shiftKey || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    $("ask-form").requestSubmit();
  });
  document.querySelectorAll(".example").forEach((button) => {
    button.addEventListener("click", () => ask(button.textContent));
  });
  $("new-chat").addEventListener("click", newConversation);
  $("tab-chat").addEventListener("click", () => switchTab("chat"));
  $("tab-programs").addEventListener("click", () => switchTab("programs"));
  input.focus();
}

document.addEventListener("DOMContentLoaded", init);
