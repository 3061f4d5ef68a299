// One function per page: each fetches what it shows from the API and draws it with el().
import { api, canAct, currentLanguage, currentUser, el, formatTime, live, t } from "./console.js";
import { lineChart, stationMap } from "./draw.js";

const SEVERITIES = ["critical", "warning", "info"];

function table(headers, rows, attributes = {}) {
  return el("table", attributes, el("thead", {}, el("tr", {}, headers.map((h) => el("th", {}, h)))), el("tbody", {}, rows));
}

function statusBadge(status) {
  return el("span", { class: `badge ${status}` }, t(status));
}

function figure(label, value, attributes = {}) {
  return el("div", { class: "figure", ...attributes }, el("div", { class: "figure-value" }, value), el("div", { class: "figure-label" }, label));
}

function percent(rate) {
  return rate === null || rate === undefined ? "—" : `${(Number(rate) * 100).toFixed(1)} %`;
}

function go(hash) {
  location.hash = hash;
}

async function overview(main) {
  const [summary, list] = await Promise.all([api("GET", "/api/overview"), api("GET", "/api/stations")]);
  const alerts = summary.openAlerts;
  const map = stationMap(list.stations, (code) => go(`#/stations/${encodeURIComponent(code)}`));
  main.replaceChildren(
    el("h1", {}, t("navOverview")),
    el("div", { class: "figures" },
      figure(t("online"), summary.stations.online, { id: "count-online" }),
      figure(t("offline"), summary.stations.offline, { id: "count-offline" }),
      figure(t("maintenance"), summary.stations.maintenance, { id: "count-maintenance" }),
      figure(t("readingsPerSecond"), summary.readingsPerSecond),
      ...SEVERITIES.map((s) => figure(`${t("openAlerts")} · ${t(s)}`, alerts[s] || 0, { id: `open-${s}`, class: `figure ${s}` }))),
    el("p", { class: "muted" }, t("onlineNote", summary.onlineWithinMinutes)),
    el("h2", {}, t("map")),
    map || el("p", { class: "muted" }, t("noCoordinates")),
    el("h2", {}, t("stations")),
    stationTable(list.stations));
  live(main, () => overview(main));
}

function stationTable(stations) {
  return table(
    [t("code"), t("stationName"), t("kind"), t("river"), t("township"), t("status"), t("lastData"), t("openAlerts")],
    stations.map((s) => {
      const open = Object.values(s.openAlerts).reduce((a, b) => a + b, 0);
      return el("tr", { "data-station": s.code },
        el("td", {}, el("a", { href: `#/stations/${encodeURIComponent(s.code)}` }, s.code)),
        el("td", {}, s.name), el("td", {}, t(`kind_${s.kind}`)), el("td", {}, s.river || ""), el("td", {}, s.township || ""),
        el("td", {}, statusBadge(s.status)), el("td", {}, formatTime(s.lastArrival)),
        el("td", {}, open > 0 ? el("a", { href: `#/alerts?station=${encodeURIComponent(s.code)}`, class: "alerting" }, open) : "0"));
    }),
    { id: "stations" });
}

async function stationList(main) {
  const list = await api("GET", "/api/stations");
  main.replaceChildren(el("h1", {}, t("navStations")), stationTable(list.stations));
}

async function station(main, code) {
  const data = await api("GET", `/api/stations/${encodeURIComponent(code)}`);
  const s = data.station;
  const parts = [
    el("h1", {}, `${s.code} ${s.name} `, statusBadge(s.status)),
    el("p", { class: "muted" }, [t(`kind_${s.kind}`), s.river, s.township].filter(Boolean).join(" · ")),
    maintenance(main, s),
    el("div", { class: "figures" },
      figure(t("transmissionToday"), percent(data.transmissionToday?.rate)),
      figure(t("transmission30"), percent(data.transmission30Days?.rate))),
  ];
  const names = Object.fromEntries(data.latest.map((r) => [r.metric, currentLanguage() === "zh" && r.nameZh ? r.nameZh : r.name]));
  if (data.sectionToday) parts.push(section(data.sectionToday, names));
  if (data.aqiDays) parts.push(aqi(data.aqiDays));
  if (data.dustToday) parts.push(dust(data.dustToday));
  parts.push(el("h2", {}, t("latest")), table(
    [t("factor"), t("value"), t("unit"), t("flag"), t("time")],
    data.latest.map((r) => el("tr", { "data-metric": r.metric },
      el("td", {}, `${currentLanguage() === "zh" && r.nameZh ? r.nameZh : r.name} (${r.metric})`),
      el("td", { class: "number" }, r.decimals === null ? r.value : Number(r.value).toFixed(r.decimals)),
      el("td", {}, r.unit), el("td", { class: r.flag === "N" ? "" : "flagged" }, r.flag), el("td", {}, formatTime(r.time)))),
    { id: "latest" }));
  const chartArea = el("div", { id: "charts" });
  parts.push(el("h2", {}, t("charts")), chartArea);
  main.replaceChildren(...parts);
  await charts(chartArea, s.code, data.latest, "24h");
}

function maintenance(main, s) {
  const box = el("div", { class: "maintenance" });
  if (s.maintenanceSince) {
    box.append(el("p", {}, `${t("maintenance")} · ${t("since")} ${formatTime(s.maintenanceSince)} · ${t("by")} ${s.maintenanceBy}`,
      s.maintenanceNote ? ` · ${s.maintenanceNote}` : ""));
  }
  if (!canAct()) return box;
  const note = el("input", { id: "maintenance-note", placeholder: t("maintenanceNote"), maxlength: 500 });
  const on = !s.maintenanceSince;
  const problem = el("span", { class: "error" });
  box.append(note, el("button", {
    id: "maintenance-toggle",
    onclick: async () => {
      try {
        await api("POST", `/api/stations/${encodeURIComponent(s.code)}/maintenance`, { on, note: note.value || null });
        await station(main, s.code);
      } catch (e) {
        problem.textContent = e.message;
      }
    },
  }, on ? t("maintenanceOn") : t("maintenanceOff")), problem);
  return box;
}

function section(today, names) {
  const c = today.class;
  return el("section", { id: "section-today" }, el("h2", {}, t("sectionToday")),
    c ? el("p", {}, `${t("waterClass")}: ${classLabel(c.waterClass)} · ${t("targetClass")}: ${classLabel(c.targetClass)} · ${t("targetMet")}: `
      + `${c.targetMet === null ? "—" : c.targetMet ? t("yes") : t("no")}${c.mainFactor ? ` · ${t("mainFactor")}: ${c.mainFactor} ${c.mainExceedance}` : ""}`)
      : el("p", { class: "muted" }, t("noData")),
    today.factors.length ? table([t("factor"), t("mean"), t("waterClass"), t("samples")],
      today.factors.map((f) => el("tr", {}, el("td", {}, names[f.factorCode] ? `${names[f.factorCode]} (${f.factorCode})` : f.factorCode),
        el("td", { class: "number" }, f.meanValue),
        el("td", {}, classLabel(f.waterClass)), el("td", { class: "number" }, f.samples)))) : "");
}

function classLabel(value) {
  if (value === null || value === undefined) return "—";
  return ["I", "II", "III", "IV", "V", currentLanguage() === "zh" ? "劣V" : "worse than V"][value - 1];
}

// The pollutants of HJ 633's daily AQI: 24-hour means, and ozone's highest 1-hour and 8-hour means.
const POLLUTANTS = [["pm25", "PM2.5"], ["pm10", "PM10"], ["so2", "SO₂"], ["no2", "NO₂"], ["co", "CO"], ["o3OneHour", "O₃ 1h"], ["o3EightHours", "O₃ 8h"]];

function aqi(days) {
  return el("section", { id: "aqi" }, el("h2", {}, t("aqiDays")),
    days.length ? table([t("day"), t("aqi"), t("primary"), t("category"), ...POLLUTANTS.map((p) => p[1])],
      days.map((d) => el("tr", {}, el("td", {}, d.day), el("td", { class: "number" }, d.aqi), el("td", {}, d.primaryPollutant || ""),
        el("td", {}, d.category), POLLUTANTS.map((p) => el("td", { class: "number" }, d[p[0]] ?? "")))))
      : el("p", { class: "muted" }, t("noData")));
}

function dust(windows) {
  return el("section", { id: "dust" }, el("h2", {}, t("dustToday")),
    windows.length ? table([t("window"), t("factor"), t("mean"), t("limit"), t("exceeded")],
      windows.map((w) => el("tr", { class: w.exceeded ? "exceeded" : "" }, el("td", {}, formatTime(w.windowStart)), el("td", {}, w.metricCode),
        el("td", { class: "number" }, w.meanValue), el("td", { class: "number" }, w.limitValue), el("td", {}, w.exceeded ? t("yes") : t("no")))))
      : el("p", { class: "muted" }, t("noData")));
}

async function charts(area, code, latest, range) {
  const buttons = el("div", { class: "ranges" }, ["24h", "7d", "30d"].map((r) =>
    el("button", { class: r === range ? "current" : "", onclick: () => charts(area, code, latest, r) }, t(`range${r}`))));
  // One factor after the other: a station with many factors must not take every HTTP thread at once.
  const series = [];
  for (const r of latest) {
    series.push(await api("GET", `/api/stations/${encodeURIComponent(code)}/series?metric=${encodeURIComponent(r.metric)}&range=${range}`));
  }
  area.replaceChildren(buttons, ...series.map((s, i) => {
    const chart = lineChart(s.points, (iso) => formatTime(iso));
    const r = latest[i];
    return el("figure", { "data-metric": r.metric },
      el("figcaption", {}, `${currentLanguage() === "zh" && r.nameZh ? r.nameZh : r.name} (${r.unit})`),
      chart || el("p", { class: "muted" }, t("noData")));
  }));
}

const STATES = ["open", "firing", "pending", "resolved", "all"];

async function alertList(main, params) {
  const state = params.get("state") || "open";
  const severity = params.get("severity") || "";
  const stationCode = params.get("station") || "";
  const query = new URLSearchParams({ state, limit: "200" });
  if (severity) query.set("severity", severity);
  if (stationCode) query.set("station", stationCode);
  const data = await api("GET", `/api/alerts?${query}`);
  const filter = (changes) => {
    const next = new URLSearchParams({ state, severity, station: stationCode, ...changes });
    for (const [key, value] of [...next]) if (!value) next.delete(key);
    go(`#/alerts?${next}`);
  };
  main.replaceChildren(
    el("h1", {}, t("alerts"), stationCode ? ` · ${stationCode}` : ""),
    el("div", { class: "filters" },
      STATES.map((s) => el("button", { class: s === state ? "current" : "", "data-state": s, onclick: () => filter({ state: s }) },
        t(`state${s[0].toUpperCase()}${s.slice(1)}`))),
      el("select", { id: "severity-filter", onchange: (e) => filter({ severity: e.target.value }) },
        el("option", { value: "" }, t("allSeverities")),
        SEVERITIES.map((s) => el("option", { value: s, selected: s === severity }, t(s))))),
    canAct() ? "" : el("p", { class: "muted", id: "viewer-note" }, t("viewerNote")),
    table([t("severity"), t("state"), t("station"), t("summary"), t("started"), t("acked"), ""],
      data.alerts.map((a) => el("tr", { "data-alert": a.id, class: `severity-${a.severity}` },
        el("td", {}, t(a.severity)), el("td", {}, t(`state${a.state[0].toUpperCase()}${a.state.slice(1)}`)),
        el("td", {}, el("a", { href: `#/stations/${encodeURIComponent(a.stationCode)}` }, `${a.stationCode} ${a.stationName}`)),
        el("td", {}, el("a", { href: `#/alerts/${a.id}` }, a.summary)),
        el("td", {}, formatTime(a.startedAt)),
        el("td", { class: "acked" }, a.ackedBy ? t("ackedBy", a.ackedBy, formatTime(a.ackedAt)) : ""),
        el("td", {}, canAct() && !a.ackedBy && a.state !== "resolved" ? ackForm(a, () => alertList(main, params)) : ""))),
      { id: "alerts" }));
  live(main, () => alertList(main, params));
}

function ackForm(alert, done) {
  const comment = el("input", { class: "ack-comment", placeholder: t("ackComment"), maxlength: 2000 });
  const problem = el("span", { class: "error" });
  return el("span", { class: "ack-form" }, comment, el("button", {
    class: "ack", "data-alert": alert.id,
    onclick: async () => {
      try {
        await api("POST", `/api/alerts/${alert.id}/ack`, comment.value ? { comment: comment.value } : {});
        await done();
      } catch (e) {
        problem.textContent = e.message;
      }
    },
  }, t("acknowledge")), problem);
}

async function alert(main, id) {
  const data = await api("GET", `/api/alerts/${id}`);
  const a = data.alert;
  const comment = el("textarea", { id: "comment-text", maxlength: 2000, rows: 2 });
  main.replaceChildren(
    el("h1", {}, `${t(a.severity)} · ${a.summary}`),
    el("p", { id: "alert-state" }, `${t("state")}: ${t(`state${a.state[0].toUpperCase()}${a.state.slice(1)}`)} · `,
      el("a", { href: `#/stations/${encodeURIComponent(a.stationCode)}` }, `${a.stationCode} ${a.stationName}`),
      ` · ${t("started")} ${formatTime(a.startedAt)}`),
    el("p", { class: "acked" }, a.ackedBy ? t("ackedBy", a.ackedBy, formatTime(a.ackedAt)) + (a.ackComment ? ` · ${a.ackComment}` : "") : ""),
    canAct() && !a.ackedBy && a.state !== "resolved" ? ackForm(a, () => alert(main, id)) : "",
    el("h2", {}, t("history")),
    table([t("time"), t("event"), t("value"), t("detail")],
      data.events.map((e) => el("tr", { "data-event": e.kind }, el("td", {}, formatTime(e.at)), el("td", {}, t(`event_${e.kind}`)),
        el("td", { class: "number" }, e.value ?? ""), el("td", {}, e.detail || ""))), { id: "history" }),
    canAct() ? el("div", { class: "comment" }, comment, el("button", {
      id: "comment-add",
      onclick: async () => {
        if (!comment.value.trim()) return;
        try {
          await api("POST", `/api/alerts/${id}/comment`, { comment: comment.value });
          await alert(main, id);
        } catch (e) {
          main.append(el("p", { class: "error" }, e.message));
        }
      },
    }, t("addComment"))) : "");
  live(main, () => alert(main, id));
}

function lastMonth() {
  const now = new Date();
  const month = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return `${month.getFullYear()}-${String(month.getMonth() + 1).padStart(2, "0")}`;
}

async function reports(main) {
  const kind = el("select", { id: "report-kind" }, ["sections", "air", "dust", "transmission"].map((k) => el("option", { value: k }, t(`report_${k}`))));
  const period = el("input", { id: "report-period", value: lastMonth(), pattern: "\\d{4}(-\\d{2})?", size: 8 });
  const output = el("div", { id: "report" });
  const show = async () => {
    const query = new URLSearchParams({ period: period.value.trim(), lang: currentLanguage() });
    const report = await api("GET", `/api/reports/${kind.value}?${query}`);
    output.replaceChildren(
      el("p", {},
        el("a", { id: "report-csv", href: `/api/reports/${kind.value}?${query}&format=csv`, download: `envmon-${kind.value}-${period.value.trim()}.csv` }, t("downloadCsv")),
        " · ",
        el("a", { id: "report-html", href: `/api/reports/${kind.value}?${query}&format=html`, target: "_blank", rel: "noopener" }, t("printable"))),
      el("h2", {}, `${report.title} · ${report.period}`),
      report.headlines.length ? el("dl", { class: "headlines" }, report.headlines.flatMap((h) => [el("dt", {}, h.label), el("dd", {}, h.value)])) : "",
      table(report.headers, report.rows.map((row) => el("tr", {}, row.map((cell) => el("td", {}, cell)))), { id: "report-table" }));
  };
  main.replaceChildren(el("h1", {}, t("reports")),
    el("div", { class: "filters" }, el("label", {}, t("reportKind"), " ", kind), el("label", {}, t("period"), " ", period),
      el("button", { id: "report-show", onclick: () => show().catch((e) => output.replaceChildren(el("p", { class: "error" }, e.message))) }, t("show"))),
    output);
  await show();
}

async function rejections(main, argument, params, before) {
  const query = new URLSearchParams({ limit: "50" });
  if (before) query.set("before", before);
  const data = await api("GET", `/api/rejections?${query}`);
  const rows = data.rejections.map((r) => el("tr", { "data-rejection": r.id },
    el("td", {}, formatTime(r.receivedAt)), el("td", {}, r.stationCode || r.clientId || ""), el("td", {}, r.transport),
    el("td", {}, r.reason), el("td", {}, r.detail),
    el("td", {}, el("details", {}, el("summary", {}, `${r.rawSize} B`),
      r.rawText !== null ? el("pre", { class: "raw" }, r.rawText) : "", el("pre", { class: "hex" }, r.rawHex)))));
  const last = data.rejections.at(-1);
  main.replaceChildren(el("h1", {}, t("rejections")),
    table([t("received"), t("station"), t("transport"), t("reason"), t("detail"), t("raw")], rows, { id: "rejections" }),
    last && data.rejections.length === 50 ? el("button", { onclick: () => rejections(main, argument, params, last.id) }, t("more")) : "");
}

async function audit(main) {
  const data = await api("GET", "/api/audit?limit=200");
  main.replaceChildren(el("h1", {}, t("audit")),
    table([t("time"), t("user"), t("action"), t("target"), t("detail")],
      data.changes.map((c) => el("tr", {}, el("td", {}, formatTime(c.at)), el("td", {}, c.userName), el("td", {}, c.action),
        el("td", {}, c.target || ""), el("td", {}, c.detail || ""))), { id: "audit" }));
}

const ROLES = ["viewer", "operator", "admin"];

async function users(main, argument, params, shown) {
  const data = await api("GET", "/api/users");
  const problem = el("p", { class: "error", id: "users-error" });
  const act = (action) => async () => {
    try {
      await action();
    } catch (e) {
      problem.textContent = e.message;
    }
  };
  const name = el("input", { id: "user-name-new", maxlength: 64, placeholder: t("name") });
  const role = el("select", { id: "user-role-new" }, ROLES.map((r) => el("option", { value: r }, t(`role_${r}`))));
  const once = (answer) => el("p", { class: "password-once", id: "password-once" }, t("passwordOnce", answer.name), el("code", {}, answer.password));
  main.replaceChildren(el("h1", {}, t("users")),
    shown || "",
    problem,
    el("div", { class: "filters" }, name, role, el("button", {
      id: "user-add",
      onclick: act(async () => users(main, argument, params, once(await api("POST", "/api/users", { name: name.value.trim(), role: role.value })))),
    }, t("addUser"))),
    table([t("name"), t("role"), t("created"), t("passwordSet"), ""], data.users.map((u) => {
      const self = u.name.toLowerCase() === (currentUser() || "").toLowerCase();
      const select = el("select", { disabled: self, onchange: act(async () => {
        await api("POST", `/api/users/${encodeURIComponent(u.name)}/role`, { role: select.value });
        await users(main, argument, params);
      }) }, ROLES.map((r) => el("option", { value: r, selected: r === u.role }, t(`role_${r}`))));
      return el("tr", { "data-user": u.name }, el("td", {}, u.name), el("td", {}, select), el("td", {}, formatTime(u.createdAt)),
        el("td", {}, formatTime(u.passwordSetAt)),
        el("td", {},
          el("button", { class: "user-password", onclick: act(async () =>
            users(main, argument, params, once(await api("POST", `/api/users/${encodeURIComponent(u.name)}/password`)))) }, t("newPassword")),
          self ? "" : el("button", { class: "user-remove", onclick: act(async () => {
            if (!window.confirm(t("confirmRemove", u.name))) return;
            await api("DELETE", `/api/users/${encodeURIComponent(u.name)}`);
            await users(main, argument, params);
          }) }, t("removeUser"))));
    }), { id: "users" }));
}

export const VIEWS = {
  overview,
  stations: (main, code) => (code ? station(main, code) : stationList(main)),
  alerts: (main, id, params) => (/^\d+$/.test(id) ? alert(main, id) : alertList(main, params)),
  reports,
  rejections,
  audit,
  users,
};
