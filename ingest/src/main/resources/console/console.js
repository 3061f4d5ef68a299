// The console's frame: session, language, API calls, routing and live alert updates. The views
// (views.js) draw each page from the same JSON API that machines use.
import { TEXTS } from "./texts.js";
import { VIEWS } from "./views.js";

const session = { user: null, role: null, csrf: null };
let language = localStorage.getItem("envmon.language") || document.documentElement.dataset.language || "zh";
// The refresh of the page on screen when any alert changes: one at a time, the last one wins.
let onAlertChange = null;
let refreshing = false;
let refreshAgain = false;
let background = false;
let events = null;

export function t(key, ...args) {
  let text = TEXTS[language]?.[key] ?? TEXTS.en[key] ?? key;
  return text.replace(/\{(\d)\}/g, (placeholder, i) => (i < args.length ? String(args[i]) : placeholder));
}

export function currentLanguage() {
  return language;
}

// A DOM element; attributes named on* are listeners, null/false ones are left out, children are
// nodes or text (never parsed as HTML).
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export function formatTime(iso) {
  if (!iso) return "";
  return new Date(iso).toLocaleString(language === "zh" ? "zh-CN" : "en-GB", { hour12: false });
}

export function currentUser() {
  return session.user;
}

export function canAct() {
  return session.role === "operator" || session.role === "admin";
}

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export async function api(method, path, body) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && session.csrf) headers["X-CSRF-Token"] = session.csrf;
  // A refresh the page makes by itself does not keep the session from timing out.
  if (background) headers["X-Envmon-Background"] = "1";
  let response;
  try {
    response = await fetch(path, {
      method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, t("networkError"));
  }
  const json = (response.headers.get("Content-Type") || "").includes("json") ? await response.json() : null;
  if (response.status === 401 && path !== "/api/session") {
    showLogin(t("sessionEnded"));
    throw new ApiError(401, t("sessionEnded"));
  }
  if (!response.ok) throw new ApiError(response.status, json?.error || response.statusText);
  return json;
}

// The page's refresh when any alert changes, for as long as {@code page} is on screen.
export function live(page, refresh) {
  onAlertChange = { page, refresh };
}

async function alertsChanged() {
  if (refreshing) {
    refreshAgain = true;
    return;
  }
  refreshing = true;
  try {
    do {
      refreshAgain = false;
      const current = onAlertChange;
      if (!current || !current.page.isConnected) return;
      background = true;
      try {
        await current.refresh();
      } catch (e) {
        // The next change or the user's next step tries again.
      } finally {
        background = false;
      }
    } while (refreshAgain);
  } finally {
    refreshing = false;
  }
}

function listen() {
  if (events || !window.EventSource || document.body.dataset.state !== "in") return;
  events = new EventSource("/api/events");
  events.addEventListener("alerts", alertsChanged);
  events.addEventListener("error", () => {
    // The browser reconnects by itself after a dropped stream, but not after a refusal (503, 401).
    if (events && events.readyState === EventSource.CLOSED) {
      events = null;
      setTimeout(listen, 10000);
    }
  });
}

function applyTexts() {
  document.documentElement.lang = language === "zh" ? "zh-CN" : "en";
  document.title = t("title");
  document.querySelectorAll("[data-t]").forEach((node) => { node.textContent = t(node.dataset.t); });
  document.querySelectorAll("[data-t-placeholder]").forEach((node) => { node.placeholder = t(node.dataset.tPlaceholder); });
}

function showLogin(message) {
  session.user = session.role = session.csrf = null;
  if (events) { events.close(); events = null; }
  document.body.dataset.state = "login";
  document.getElementById("login-error").textContent = message || "";
  document.getElementById("login-name").focus();
}

function loggedIn(answer) {
  session.user = answer.user;
  session.role = answer.role;
  session.csrf = answer.csrfToken;
  document.body.dataset.state = "in";
  document.body.dataset.role = answer.role;
  document.getElementById("user-name").textContent = `${answer.user} (${answer.role})`;
  listen();
  route();
}

async function login(submit) {
  submit.preventDefault();
  const error = document.getElementById("login-error");
  error.textContent = "";
  const name = document.getElementById("login-name").value.trim();
  const password = document.getElementById("login-password").value;
  let response;
  try {
    response = await fetch("/api/session", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ name, password }),
    });
  } catch (e) {
    error.textContent = t("networkError");
    return;
  }
  if (response.ok) {
    document.getElementById("login-password").value = "";
    loggedIn(await response.json());
    return;
  }
  error.textContent = response.status === 429 ? t("loginThrottled") : response.status === 503 ? t("loginBusy") : t("loginFailed");
}

async function logout() {
  try {
    await api("DELETE", "/api/session");
  } finally {
    showLogin("");
  }
}

async function route() {
  if (document.body.dataset.state !== "in") return;
  onAlertChange = null;
  // #/name[/argument][?filters], e.g. #/alerts/17, #/stations/A01, #/alerts?state=firing
  const [path, search = ""] = (location.hash || "#/overview").replace(/^#\/?/, "").split("?");
  const [name = "overview", ...rest] = path.split("/");
  const view = VIEWS[name] || VIEWS.overview;
  document.querySelectorAll("nav a[data-nav]").forEach((link) => {
    link.classList.toggle("current", link.dataset.nav === name);
    link.hidden = (link.dataset.operators !== undefined && !canAct())
      || (link.dataset.admins !== undefined && session.role !== "admin");
  });
  // Each visit draws into a page of its own, so a slow answer for a page left behind lands nowhere.
  const main = el("section", { class: "page" }, el("p", { class: "muted" }, t("loading")));
  document.getElementById("view").replaceChildren(main);
  try {
    await view(main, decodeURIComponent(rest.join("/")), new URLSearchParams(search));
  } catch (e) {
    if (e.status !== 401) main.replaceChildren(el("p", { class: "error" }, t("failed", e.message)));
  }
}

async function start() {
  applyTexts();
  document.getElementById("login-form").addEventListener("submit", login);
  document.getElementById("logout").addEventListener("click", logout);
  document.getElementById("language").addEventListener("click", () => {
    language = language === "zh" ? "en" : "zh";
    localStorage.setItem("envmon.language", language);
    applyTexts();
    route();
  });
  window.addEventListener("hashchange", route);
  const response = await fetch("/api/session", { credentials: "same-origin", headers: { Accept: "application/json" } })
    .catch(() => null);
  if (response && response.ok) loggedIn(await response.json());
  else showLogin("");
}

start();
