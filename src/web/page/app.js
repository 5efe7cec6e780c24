// The processlista page: chooses the month's files, sends them to the local
// server (/api/view), shows the sources, the summary, the findings and the
// attachment's process list, and downloads the outputs from the same routes
// a script would use. Nothing is fetched from elsewhere.
"use strict";

const TEXT = {
  sv: {
    skip: "Hoppa till innehållet",
    tagline: "Månadens processlistor: läs, kontrollera och sammanställ.",
    other: "English",
    filesHeading: "1. Månadens listor",
    dropHint: "Släpp förvaltningarnas listor (eller hela månadens mapp) här, eller välj dem:",
    pickFiles: "Listor (.xlsx, .xls, .ods, .csv, .docx)",
    pickFolder: "Eller en mapp",
    chosen: "Valda filer",
    clear: "Töm listan",
    remove: "Ta bort",
    optional: "Valfritt: handlingsplan, förra månaden, datum",
    plan: "Handlingsplanen",
    previous: "Förra månadens sammanställning",
    asOf: "Rapportdatum (annars listornas)",
    run: "Kontrollera",
    noFiles: "Välj först månadens listor.",
    uploading: "Skickar filerna",
    checking: "Läser och kontrollerar …",
    done: "Klart: {n} avvikelser.",
    results: "2. Resultat",
    asOfLine: "Rapportdatum {d}",
    sources: "Filer",
    colFile: "Fil",
    colOffice: "Förvaltning",
    colStatus: "Status",
    colProcesses: "Processer",
    colEvents: "Statusrader",
    colFindings: "Avvikelser",
    ok: "läst",
    unreadable: "kan inte läsas",
    skipped: "hoppades över",
    sumProcesses: "Processer",
    sumCompleted: "Slutförda",
    sumContinuing: "Fortsatt behov",
    sumMissing: "Utan slutsats",
    sumHeld: "Möten genomförda",
    sumBooked: "Möten bokade",
    sumCancelled: "Möten inställda",
    sumErrors: "Fel",
    sumWarnings: "Varningar",
    sumInfo: "Info",
    downloads: "3. Ladda ned",
    workbook: "Sammanställningen",
    report: "JSON-rapporten",
    attachment: "Word-bilagan",
    attachmentFor: "Bilagan för",
    allOffices: "alla förvaltningar",
    corrected: "Rättade kopior till förvaltningarna",
    correctedHint: "En kopia av listan med de föreslagna rättelserna gjorda; varje ändrad cell är markerad och har en kommentar.",
    fixes: "{n} rättelser",
    oneFix: "1 rättelse",
    noFixes: "inga rättelser att göra",
    downloading: "Hämtar {name} …",
    downloaded: "{name} är nedladdad.",
    findings: "4. Avvikelser",
    severity: "Allvarlighet",
    code: "Kod",
    all: "alla",
    error: "fel",
    warning: "varning",
    info: "info",
    colCell: "Blad!cell",
    colProcess: "Process",
    colMessage: "Meddelande",
    colText: "Originaltext",
    colSuggestion: "Förslag",
    colProposal: "Föreslagen rättelse",
    shown: "Visar {k} av {n} avvikelser.",
    capped: "Visar de {k} första av {n}; JSON-rapporten och sammanställningen har alla.",
    none: "Inga avvikelser.",
    preview: "5. Processlistan som i bilagan",
    footer: "Filerna stannar på den här datorn: servern läser dem och tar bort dem när svaret är skickat.",
    failed: "Det gick inte: {m}",
    offline: "Servern svarar inte. Är processlista serve igång?",
    "not-a-spreadsheet": "inget kalkylark",
    "lock-file": "Excels låsfil",
    hidden: "dold fil",
    "own-output": "en sammanställning från processlista",
    "own-attachment": "en bilaga från processlista",
  },
  en: {
    skip: "Skip to content",
    tagline: "The month's process lists: read, check and consolidate.",
    other: "Svenska",
    filesHeading: "1. The month's lists",
    dropHint: "Drop the offices' lists (or the whole month's folder) here, or choose them:",
    pickFiles: "Lists (.xlsx, .xls, .ods, .csv, .docx)",
    pickFolder: "Or a folder",
    chosen: "Chosen files",
    clear: "Clear the list",
    remove: "Remove",
    optional: "Optional: master plan, last month, date",
    plan: "The master plan",
    previous: "Last month's consolidated workbook",
    asOf: "Reporting date (else the lists')",
    run: "Check",
    noFiles: "First choose the month's lists.",
    uploading: "Sending the files",
    checking: "Reading and checking …",
    done: "Done: {n} findings.",
    results: "2. Results",
    asOfLine: "Reporting date {d}",
    sources: "Files",
    colFile: "File",
    colOffice: "Office",
    colStatus: "Status",
    colProcesses: "Processes",
    colEvents: "Status lines",
    colFindings: "Findings",
    ok: "read",
    unreadable: "cannot be read",
    skipped: "skipped",
    sumProcesses: "Processes",
    sumCompleted: "Completed",
    sumContinuing: "Continuing",
    sumMissing: "No verdict",
    sumHeld: "Meetings held",
    sumBooked: "Meetings booked",
    sumCancelled: "Meetings cancelled",
    sumErrors: "Errors",
    sumWarnings: "Warnings",
    sumInfo: "Info",
    downloads: "3. Download",
    workbook: "The consolidated workbook",
    report: "The JSON report",
    attachment: "The Word attachment",
    attachmentFor: "Attachment for",
    allOffices: "all offices",
    corrected: "Corrected copies for the offices",
    correctedHint: "A copy of the list with the proposed fixes made; each changed cell is highlighted and has a note.",
    fixes: "{n} fixes",
    oneFix: "1 fix",
    noFixes: "nothing to fix",
    downloading: "Fetching {name} …",
    downloaded: "{name} is downloaded.",
    findings: "4. Findings",
    severity: "Severity",
    code: "Code",
    all: "all",
    error: "error",
    warning: "warning",
    info: "info",
    colCell: "Sheet!cell",
    colProcess: "Process",
    colMessage: "Message",
    colText: "Original text",
    colSuggestion: "Suggestion",
    colProposal: "Proposed fix",
    shown: "Showing {k} of {n} findings.",
    capped: "Showing the first {k} of {n}; the JSON report and the workbook have them all.",
    none: "No findings.",
    preview: "5. The process list as in the attachment",
    footer: "The files stay on this computer: the server reads them and removes them once it has answered.",
    failed: "That did not work: {m}",
    offline: "The server does not answer. Is processlista serve running?",
    "not-a-spreadsheet": "not a spreadsheet",
    "lock-file": "Excel's lock file",
    hidden: "hidden file",
    "own-output": "a workbook processlista wrote",
    "own-attachment": "an attachment processlista wrote",
  },
};

// The most findings the table shows at once (the downloads hold them all).
const MAX_ROWS = 1000;
const SEVERITIES = ["error", "warning", "info"];

const state = {
  lang: (new URLSearchParams(location.search).get("lang") === "en") ? "en" : "sv",
  files: [], // {file, field, name}
  view: null,
};

const $ = (id) => document.getElementById(id);
const t = (key, vars) => {
  let s = (TEXT[state.lang] && TEXT[state.lang][key]) || TEXT.sv[key] || key;
  for (const [k, v] of Object.entries(vars || {})) s = s.replace("{" + k + "}", v);
  return s;
};

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.append(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return e;
}

function applyLanguage() {
  document.documentElement.lang = state.lang;
  for (const e of document.querySelectorAll("[data-i18n]")) e.textContent = t(e.dataset.i18n);
  for (const e of document.querySelectorAll("[data-i18n-label]")) e.setAttribute("aria-label", t(e.dataset.i18nLabel));
  const b = $("lang");
  b.textContent = t("other");
  b.lang = state.lang === "sv" ? "en" : "sv";
  showChosen();
  if (state.view) render();
}

// ---- choosing files ----

function add(files, field) {
  for (const f of files) {
    const name = f.webkitRelativePath || f.relativePath || f.name;
    if (!state.files.some((x) => x.name === name && x.file.size === f.size)) {
      state.files.push({ file: f, field, name });
    }
  }
  state.files.sort((a, b) => a.name.localeCompare(b.name, "sv"));
  showChosen();
}

function showChosen() {
  const list = $("chosen");
  list.replaceChildren();
  state.files.forEach((x, i) => {
    const remove = el("button", { type: "button", class: "link", text: t("remove") });
    remove.setAttribute("aria-label", t("remove") + " " + x.name);
    remove.addEventListener("click", () => {
      state.files.splice(i, 1);
      showChosen();
    });
    list.append(el("li", {}, el("span", { text: x.name }), " ", remove));
  });
  $("chosen-box").hidden = state.files.length === 0;
}

// A dropped folder is read entry by entry; its files go in the `folder`
// field (those that are not lists are skipped with their reason).
async function dropped(items) {
  const walk = (entry, path) =>
    new Promise((resolve) => {
      if (entry.isFile) {
        entry.file((f) => {
          f.relativePath = path + f.name;
          add([f], path ? "folder" : "files");
          resolve();
        }, () => resolve());
      } else if (entry.isDirectory) {
        const reader = entry.createReader();
        const all = [];
        const more = () =>
          reader.readEntries((batch) => {
            if (batch.length === 0) {
              Promise.all(all.map((e) => walk(e, path + entry.name + "/"))).then(resolve);
            } else {
              all.push(...batch);
              more();
            }
          }, () => resolve());
        more();
      } else resolve();
    });
  const entries = [...items].map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
  await Promise.all(entries.map((e) => walk(e, "")));
}

// ---- talking to the server ----

function form() {
  const fd = new FormData();
  for (const x of state.files) fd.append(x.field, x.file, x.name);
  if ($("plan").files[0]) fd.append("plan", $("plan").files[0]);
  if ($("previous").files[0]) fd.append("previous", $("previous").files[0]);
  return fd;
}

function query(extra) {
  const q = new URLSearchParams({ lang: state.lang });
  if ($("asof").value) q.set("as_of", $("asof").value);
  for (const [k, v] of Object.entries(extra || {})) if (v) q.set(k, v);
  return "?" + q.toString();
}

// POSTs `body` with upload progress; resolves {status, response, headers}.
function post(url, body, type, onProgress) {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open("POST", url);
    x.responseType = type;
    x.upload.onprogress = (e) => onProgress && e.lengthComputable && onProgress(e.loaded / e.total);
    x.upload.onload = () => onProgress && onProgress(1);
    x.onload = () => resolve({ status: x.status, response: x.response, headers: (h) => x.getResponseHeader(h) });
    x.onerror = () => reject(new Error(t("offline")));
    x.send(body);
  });
}

async function errorOf(r) {
  let body = r.response;
  if (body instanceof Blob) body = await body.text();
  if (typeof body === "string") {
    try { body = JSON.parse(body); } catch (_) { return body; }
  }
  return (body && body.error && body.error.message) || ("HTTP " + r.status);
}

function showError(message) {
  const e = $("error");
  e.textContent = message ? t("failed", { m: message }) : "";
  e.hidden = !message;
}

function progress(fraction, label) {
  $("progress").hidden = fraction === null;
  if (fraction === null) return;
  const bar = $("bar");
  if (fraction === undefined) bar.removeAttribute("value");
  else bar.value = Math.round(fraction * 100);
  $("progress-text").textContent = label;
}

async function check() {
  showError(null);
  if (state.files.length === 0) {
    showError(t("noFiles"));
    return;
  }
  $("run").disabled = true;
  progress(0, t("uploading"));
  try {
    const r = await post("/api/view" + query(), form(), "json", (f) => {
      if (f < 1) progress(f, t("uploading") + " " + Math.round(f * 100) + " %");
      else progress(undefined, t("checking"));
    });
    if (r.status !== 200) throw new Error(await errorOf(r));
    state.view = r.response;
    render();
    $("status").textContent = t("done", { n: state.view.report.findings.length });
    $("results").hidden = false;
    $("h-results").scrollIntoView({ block: "start" });
  } catch (e) {
    showError(e.message);
  } finally {
    progress(null);
    $("run").disabled = false;
  }
}

function fileName(r, fallback) {
  const cd = r.headers("Content-Disposition") || "";
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="([^"]+)"/i.exec(cd);
  return plain ? plain[1] : fallback;
}

async function download(route, name, extra, body) {
  showError(null);
  $("status").textContent = t("downloading", { name });
  try {
    const r = await post(route + query(extra), body || form(), "blob");
    if (r.status !== 200) throw new Error(await errorOf(r));
    const a = el("a", { href: URL.createObjectURL(r.response), download: fileName(r, name) });
    document.body.append(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 10000);
    $("status").textContent = t("downloaded", { name: fileName(r, name) });
  } catch (e) {
    showError(e.message);
  }
}

// ---- showing the answer ----

function render() {
  const v = state.view;
  const rep = v.report;
  $("as-of").textContent = t("asOfLine", { d: rep.as_of });
  renderSummary(rep.summary);
  renderSources(rep);
  renderDownloads(v);
  renderFilters(rep.findings);
  renderFindings();
  renderPreview(v.attachment);
}

function renderSummary(s) {
  const items = [
    ["sumProcesses", s.processes],
    ["sumCompleted", s.verdicts.completed],
    ["sumContinuing", s.verdicts.continuing],
    ["sumMissing", s.verdicts.missing],
    ["sumHeld", s.meetings.held],
    ["sumBooked", s.meetings.booked],
    ["sumCancelled", s.meetings.cancelled],
    ["sumErrors", s.findings.error],
    ["sumWarnings", s.findings.warning],
    ["sumInfo", s.findings.info],
  ];
  $("summary").replaceChildren(
    ...items.map(([k, n]) => el("div", { class: "stat" }, el("dt", { text: t(k) }), el("dd", { text: String(n) })))
  );
}

function counts(f) {
  return SEVERITIES.filter((s) => f[s] > 0).map((s) => f[s] + " " + t(s)).join(", ") || "0";
}

function renderSources(rep) {
  const body = $("sources").tBodies[0];
  body.replaceChildren();
  for (const s of rep.sources) {
    let status = t(s.status === "ok" ? "ok" : "unreadable");
    if (s.status !== "ok") {
      const f = rep.findings.find((x) => x.code === "file-unreadable" && x.source.file === s.file);
      status += ": " + (f ? f.message : s.error || "");
    }
    body.append(el("tr", { class: s.status === "ok" ? null : "bad" },
      el("th", { scope: "row", text: s.file }),
      el("td", { text: s.office || "" }),
      el("td", { text: status }),
      el("td", { class: "num", text: String(s.processes) }),
      el("td", { class: "num", text: String(s.events) }),
      el("td", { text: counts(s.findings) })));
  }
  for (const s of rep.skipped || []) {
    body.append(el("tr", { class: "skipped" },
      el("th", { scope: "row", text: s.file }),
      el("td", {}),
      el("td", { text: t("skipped") + ": " + t(s.reason) }),
      el("td", {}), el("td", {}), el("td", {})));
  }
}

function renderDownloads(v) {
  const d = v.downloads;
  const label = (id, key, name) => {
    const b = $(id);
    b.replaceChildren(el("span", { text: t(key) }), el("span", { class: "name", text: name }));
    b.dataset.name = name;
  };
  label("dl-workbook", "workbook", d.workbook);
  label("dl-report", "report", d.report);
  const office = $("office");
  const chosen = office.value;
  const offices = [...new Set(v.report.sources.map((s) => s.office).filter(Boolean))].sort();
  office.replaceChildren(el("option", { value: "", text: t("allOffices") }),
    ...offices.map((o) => el("option", { value: o, text: o })));
  office.value = offices.includes(chosen) ? chosen : "";
  attachmentLabel();
  const list = $("dl-corrected");
  list.replaceChildren();
  for (const c of d.corrected) {
    const b = el("button", { type: "button", class: "secondary" },
      el("span", { text: c.name }),
      el("span", { class: "name", text: c.proposals === 1 ? t("oneFix") : c.proposals ? t("fixes", { n: c.proposals }) : t("noFixes") }));
    b.addEventListener("click", () => {
      const x = state.files.find((f) => f.name.split("/").pop() === c.file);
      const fd = new FormData();
      if (x) fd.append("files", x.file, x.name);
      if ($("plan").files[0]) fd.append("plan", $("plan").files[0]);
      download("/api/fix", c.name, {}, fd);
    });
    list.append(el("li", {}, b));
  }
}

function attachmentLabel() {
  const o = $("office").value;
  const name = state.lang === "sv" ? (o ? "bilaga-" + o + ".docx" : "bilaga.docx") : (o ? "attachment-" + o + ".docx" : "attachment.docx");
  const b = $("dl-attachment");
  b.replaceChildren(el("span", { text: t("attachment") }), el("span", { class: "name", text: name }));
  b.dataset.name = name;
}

function options(select, values, label) {
  const was = select.value;
  select.replaceChildren(el("option", { value: "", text: t("all") }),
    ...values.map(([v, n]) => el("option", { value: v, text: (label ? label(v) : v) + " (" + n + ")" })));
  select.value = values.some(([v]) => v === was) ? was : "";
}

function tally(findings, key) {
  const m = new Map();
  for (const f of findings) {
    const k = key(f);
    if (k) m.set(k, (m.get(k) || 0) + 1);
  }
  return [...m.entries()];
}

function renderFilters(findings) {
  options($("f-severity"), SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length]).filter(([, n]) => n > 0), t);
  options($("f-office"), tally(findings, (f) => f.office).sort());
  options($("f-code"), tally(findings, (f) => f.code).sort());
}

function renderFindings() {
  const all = state.view.report.findings;
  const sev = $("f-severity").value, office = $("f-office").value, code = $("f-code").value;
  const shown = all.filter((f) => (!sev || f.severity === sev) && (!office || f.office === office) && (!code || f.code === code));
  const body = $("findings").tBodies[0];
  body.replaceChildren();
  for (const f of shown.slice(0, MAX_ROWS)) {
    const p = f.details && f.details.proposal;
    const cell = f.source.sheet ? f.source.sheet + (f.source.cell ? "!" + f.source.cell : "") : "";
    body.append(el("tr", { class: "sev-" + f.severity },
      el("td", {}, el("span", { class: "badge " + f.severity, text: t(f.severity) })),
      el("td", { text: f.office || "" }),
      el("td", { class: "file", text: f.source.file }),
      el("td", { class: "mono", text: cell }),
      el("td", { text: f.process || "" }),
      el("td", { class: "mono", text: f.code }),
      el("td", { class: "msg", text: f.message }),
      el("td", { class: "orig", text: f.text || "" }),
      el("td", { class: "sugg", text: f.suggestion || "" }),
      el("td", { class: "prop" }, p ? el("span", {}, el("del", { text: p.from }), " → ", el("ins", { text: p.to })) : "")));
  }
  $("f-count").textContent = all.length === 0 ? t("none")
    : shown.length > MAX_ROWS ? t("capped", { k: MAX_ROWS, n: shown.length })
    : t("shown", { k: shown.length, n: all.length });
}

function lines(text) {
  return (text || "").split("\n").map((l) => el("p", { text: l }));
}

function renderPreview(a) {
  const box = $("preview");
  box.replaceChildren(
    el("p", { class: "doc-title", text: a.title }),
    a.plan ? el("p", { text: a.plan }) : null,
    el("h3", { text: a.count }));
  for (const e of a.entries) {
    const resp = el("p", {}, ...e.responsibility.map((s) => (s.bold ? el("strong", { text: s.text }) : s.text)));
    const status = [...e.status.map((l) => el("p", { text: l }))];
    if (e.verdict) status.push(el("p", {}, el("strong", { text: e.verdict })));
    box.append(el("table", { class: "entry" },
      el("caption", { class: "visually-hidden", text: e.heading }),
      el("tbody", {},
        el("tr", {}, el("td", {}, el("p", {}, el("strong", { text: e.heading })), resp), el("td", {}, el("p", {}, el("strong", { text: e.activity_heading })))),
        el("tr", {}, el("td", {}, ...lines(e.need)), el("td", {}, ...lines(e.activity))),
        el("tr", {}, el("td", {}, ...status), el("td", {}, el("p", {}, el("strong", { text: e.result_heading })), ...lines(e.result))),
        el("tr", {}, el("td", { text: e.priority }), el("td", {})),
        el("tr", {}, el("td", { text: e.time_plan }), el("td", {})))));
  }
  box.append(...a.totals.map((l, i) => el(i === 0 ? "h3" : "p", { text: l })));
}

// ---- wiring ----

document.addEventListener("DOMContentLoaded", () => {
  $("lang").addEventListener("click", async () => {
    state.lang = state.lang === "sv" ? "en" : "sv";
    const u = new URL(location.href);
    u.searchParams.set("lang", state.lang);
    history.replaceState(null, "", u);
    applyLanguage();
    // The findings' messages come from the server in the page's language.
    if (state.view) await check();
  });
  $("files").addEventListener("change", (e) => { add(e.target.files, "files"); e.target.value = ""; });
  $("folder").addEventListener("change", (e) => { add(e.target.files, "folder"); e.target.value = ""; });
  $("clear").addEventListener("click", () => { state.files = []; showChosen(); $("files").focus(); });
  $("form").addEventListener("submit", (e) => { e.preventDefault(); check(); });
  const drop = $("drop");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", async (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    if (e.dataTransfer.items && e.dataTransfer.items.length && e.dataTransfer.items[0].webkitGetAsEntry) await dropped(e.dataTransfer.items);
    else add(e.dataTransfer.files, "files");
  });
  for (const id of ["f-severity", "f-office", "f-code"]) $(id).addEventListener("change", renderFindings);
  $("office").addEventListener("change", attachmentLabel);
  for (const id of ["dl-workbook", "dl-report", "dl-attachment"]) {
    $(id).addEventListener("click", (e) => {
      const b = e.currentTarget;
      download(b.dataset.route, b.dataset.name, id === "dl-attachment" ? { office: $("office").value } : {});
    });
  }
  applyLanguage();
});
