// A small fake of the server's visitor chat API (docs/chat.md) for the
// widget's tests and browser check, until the real routes exist: the REST
// routes, the visitor WebSocket with the documented frames (hello, replay
// since=SEQ, message, state, typing, receipt, ended), surveys, CORS, and
// static files (dist/: widget.js, chat-demo.html). No dependencies: the
// WebSocket protocol (RFC 6455, text frames) is implemented here.
//
// Test hooks, under /_fake/ (JSON bodies), play the agent and the queue:
//   POST /_fake/queue      {"ahead":N}            contacts waiting before the next visitor
//   POST /_fake/position   {"contact"?,"position","ewt_ms"}
//   POST /_fake/accept     {"contact"?,"agent"}   offered -> active
//   POST /_fake/message    {"contact"?,"text","from"?,"kind"?}
//   POST /_fake/typing     {"contact"?,"on"}
//   POST /_fake/receipt    {"contact"?,"delivered","read"}   the agent's watermarks
//   POST /_fake/end        {"contact"?,"reason"?,"survey"?}  the agent ends
//   POST /_fake/drop       {}                     cuts every socket (reconnection tests)
//   POST /_fake/config     {"refuse"?:409|429|403|null,"survey"?:bool,"holdFrames"?:bool}
//   GET  /_fake/state      contacts, client frames received, survey answers
// "contact" defaults to the latest one.
//
// Run alone: node widget/test-server.mjs [port] [static dir]
import { createHash, randomBytes } from "node:crypto";
import { createServer, request } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";

const WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
const TYPES = { ".js": "text/javascript; charset=utf-8", ".html": "text/html; charset=utf-8", ".css": "text/css", ".svg": "image/svg+xml", ".json": "application/json" };

/** Encodes one server-to-client text frame (unmasked). */
function encodeFrame(text, opcode = 1) {
  const payload = Buffer.from(text, "utf8");
  const n = payload.length;
  let head;
  if (n < 126) head = Buffer.from([0x80 | opcode, n]);
  else if (n < 65536) {
    head = Buffer.alloc(4);
    head[0] = 0x80 | opcode;
    head[1] = 126;
    head.writeUInt16BE(n, 2);
  } else {
    head = Buffer.alloc(10);
    head[0] = 0x80 | opcode;
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(n), 2);
  }
  return Buffer.concat([head, payload]);
}

/** A server side WebSocket on an upgraded socket: onText(str), onClose(). */
class FakeSocket {
  constructor(socket) {
    this.socket = socket;
    this.buf = Buffer.alloc(0);
    this.open = true;
    this.fragments = [];
    this.onText = () => {};
    this.onClose = () => {};
    socket.on("data", (d) => this.#data(d));
    socket.on("close", () => this.#closed());
    socket.on("error", () => this.#closed());
  }
  #closed() {
    if (!this.open) return;
    this.open = false;
    this.onClose();
  }
  #data(d) {
    this.buf = Buffer.concat([this.buf, d]);
    for (;;) {
      if (this.buf.length < 2) return;
      const fin = (this.buf[0] & 0x80) !== 0;
      const op = this.buf[0] & 0x0f;
      const masked = (this.buf[1] & 0x80) !== 0;
      let len = this.buf[1] & 0x7f;
      let off = 2;
      if (len === 126) {
        if (this.buf.length < 4) return;
        len = this.buf.readUInt16BE(2);
        off = 4;
      } else if (len === 127) {
        if (this.buf.length < 10) return;
        len = Number(this.buf.readBigUInt64BE(2));
        off = 10;
      }
      const maskOff = off;
      if (masked) off += 4;
      if (this.buf.length < off + len) return;
      const payload = Buffer.from(this.buf.subarray(off, off + len));
      if (masked) for (let i = 0; i < len; i++) payload[i] ^= this.buf[maskOff + (i % 4)];
      this.buf = this.buf.subarray(off + len);
      if (op === 8) {
        this.#write(encodeFrame("", 8));
        this.socket.end();
        this.#closed();
        return;
      }
      if (op === 9) this.#write(encodeFrame(payload.toString("utf8"), 10));
      else if (op === 1 || op === 0) {
        this.fragments.push(payload);
        if (fin) {
          const text = Buffer.concat(this.fragments).toString("utf8");
          this.fragments = [];
          this.onText(text);
        }
      }
    }
  }
  #write(b) {
    if (this.open && !this.socket.destroyed) this.socket.write(b);
  }
  send(obj) {
    this.#write(encodeFrame(JSON.stringify(obj)));
  }
  /** Cuts the TCP connection without a close frame (a network failure). */
  drop() {
    this.socket.destroy();
    this.#closed();
  }
  close() {
    this.#write(encodeFrame("", 8));
    this.socket.end();
    this.#closed();
  }
}

/** A minimal WebSocket client (text frames) with the browser's interface
 *  (readyState, onopen, onmessage, onclose, onerror, send, close), for tests
 *  that run in Node, which has no WebSocket of its own before Node 22. */
export class NodeWebSocket {
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.onopen = this.onmessage = this.onclose = this.onerror = null;
    const u = new URL(url);
    const key = randomBytes(16).toString("base64");
    const req = request({
      host: u.hostname,
      port: u.port,
      path: u.pathname + u.search,
      headers: { Connection: "Upgrade", Upgrade: "websocket", "Sec-WebSocket-Key": key, "Sec-WebSocket-Version": "13" },
    });
    req.on("upgrade", (_res, socket, head) => {
      this.socket = socket;
      this.readyState = 1;
      let buf = Buffer.alloc(0);
      const onData = (d) => {
        buf = Buffer.concat([buf, d]);
        for (;;) {
          if (buf.length < 2) return;
          const op = buf[0] & 0x0f;
          let len = buf[1] & 0x7f;
          let off = 2;
          if (len === 126) {
            if (buf.length < 4) return;
            len = buf.readUInt16BE(2);
            off = 4;
          } else if (len === 127) {
            if (buf.length < 10) return;
            len = Number(buf.readBigUInt64BE(2));
            off = 10;
          }
          if (buf.length < off + len) return;
          const payload = buf.subarray(off, off + len).toString("utf8");
          buf = buf.subarray(off + len);
          if (op === 1) this.onmessage?.({ data: payload });
          else if (op === 8) socket.end();
        }
      };
      socket.on("data", onData);
      const done = () => {
        if (this.readyState === 3) return;
        this.readyState = 3;
        this.onclose?.({});
      };
      socket.on("close", done);
      socket.on("error", done);
      this.onopen?.({});
      // frames that came with the 101 answer
      if (head?.length) queueMicrotask(() => onData(head));
    });
    const fail = () => {
      if (this.readyState === 3) return;
      this.readyState = 3;
      this.onerror?.({});
      this.onclose?.({});
    };
    req.on("response", fail);
    req.on("error", fail);
    req.end();
  }
  send(text) {
    if (this.readyState !== 1) throw new Error("not open");
    const payload = Buffer.from(text, "utf8");
    const mask = randomBytes(4);
    const n = payload.length;
    const head = n < 126 ? Buffer.from([0x81, 0x80 | n]) : Buffer.alloc(n < 65536 ? 4 : 10);
    if (n >= 126 && n < 65536) {
      head[0] = 0x81;
      head[1] = 0x80 | 126;
      head.writeUInt16BE(n, 2);
    } else if (n >= 65536) {
      head[0] = 0x81;
      head[1] = 0x80 | 127;
      head.writeBigUInt64BE(BigInt(n), 2);
    }
    for (let i = 0; i < n; i++) payload[i] ^= mask[i % 4];
    this.socket.write(Buffer.concat([head, mask, payload]));
  }
  close() {
    if (this.readyState === 1) this.socket.end(Buffer.from([0x88, 0x80, 0, 0, 0, 0]));
    this.readyState = 3;
  }
}

/**
 * Starts the fake server. Options: port (0 = any), staticDir (files served
 * under /), ewtPerPositionMs (30 s), log (function).
 * Resolves to { url, port, close(), contacts, frames, surveys, control(path, body) }.
 */
export async function startFakeServer(opts = {}) {
  const staticDir = opts.staticDir ?? null;
  const ewtPer = opts.ewtPerPositionMs ?? 30_000;
  const config = { refuse: null, survey: true, holdFrames: false };
  let nextContact = 100;
  let ahead = 0;
  /** contact id -> { id, token, state, position, ewt_ms, agent, messages, receipts, visitor, sockets, survey, answered } */
  const contacts = new Map();
  /** every client frame received: { contact, frame } */
  const frames = [];
  /** token -> { contact, state, answer } */
  const surveys = new Map();
  /** every HTTP request: { method, path, origin } */
  const requests = [];

  const latest = () => [...contacts.values()].at(-1);
  const byToken = (t) => [...contacts.values()].find((c) => c.token === t);
  const pick = (body) => (body?.contact ? contacts.get(Number(body.contact)) : latest());

  function session(c, withMessages) {
    const s = {
      contact: c.id,
      queue: "support-chat",
      state: c.state,
      agent: c.agent,
      visitor: c.visitor,
      started_ms: c.started_ms,
      answered_ms: c.answered_ms,
      ended_ms: c.ended_ms,
      position: c.state === "queued" ? c.position : null,
      ewt_ms: c.state === "queued" ? c.ewt_ms : null,
      barged_by: null,
      receipts: c.receipts,
      last_seq: c.messages.length,
    };
    if (withMessages) s.messages = c.messages.filter((m) => m.kind !== "whisper");
    return s;
  }
  function broadcast(c, frame) {
    for (const s of c.sockets) s.send(frame);
  }
  function addMessage(c, from, text, author, clientId, kind = "message") {
    const m = { seq: c.messages.length + 1, from, kind, author: author ?? null, text, time_ms: Date.now(), client_id: clientId ?? null };
    c.messages.push(m);
    if (kind !== "whisper") broadcast(c, { type: "message", ...m });
    return m;
  }
  function sendState(c) {
    broadcast(c, {
      type: "state",
      state: c.state,
      position: c.state === "queued" ? c.position : null,
      ewt_ms: c.state === "queued" ? c.ewt_ms : null,
      agent: c.agent,
    });
  }
  function endContact(c, reason, withSurvey) {
    if (c.state === "ended") return null;
    if (c.state === "queued") {
      // the ones behind move up
      for (const o of contacts.values())
        if (o !== c && o.state === "queued" && o.position > c.position) {
          o.position--;
          o.ewt_ms = o.position * ewtPer;
          sendState(o);
        }
    }
    const answered = c.answered_ms !== null;
    c.state = "ended";
    c.ended_ms = Date.now();
    let survey = null;
    if (withSurvey && answered && config.survey) {
      const token = "sv_" + randomBytes(8).toString("hex");
      surveys.set(token, { contact: c.id, state: "open", answer: null });
      survey = { token, url: `/api/v1/surveys/${token}` };
    }
    c.survey = survey;
    sendState(c);
    broadcast(c, { type: "ended", reason, survey });
    return survey;
  }

  function cors(req, res) {
    const origin = req.headers.origin;
    if (origin) {
      res.setHeader("Access-Control-Allow-Origin", origin);
      res.setHeader("Vary", "Origin");
    }
  }
  function json(req, res, status, body, headers = {}) {
    cors(req, res);
    res.writeHead(status, { "Content-Type": "application/json", ...headers });
    res.end(body === undefined ? "" : JSON.stringify(body));
  }
  function err(req, res, status, code, message, extra = {}, headers = {}) {
    json(req, res, status, { error: { code, message, ...extra } }, headers);
  }
  async function readBody(req) {
    const chunks = [];
    for await (const ch of req) chunks.push(ch);
    const text = Buffer.concat(chunks).toString("utf8");
    if (!text) return {};
    try {
      return JSON.parse(text);
    } catch {
      return null;
    }
  }
  function bearer(req) {
    const a = req.headers.authorization ?? "";
    return a.startsWith("Bearer ") ? a.slice(7) : null;
  }

  async function handle(req, res) {
    const url = new URL(req.url, "http://x");
    const path = url.pathname;
    requests.push({ method: req.method, path, origin: req.headers.origin ?? null });
    if (req.method === "OPTIONS") {
      cors(req, res);
      res.writeHead(204, {
        "Access-Control-Allow-Methods": "GET, POST, PUT, DELETE, OPTIONS",
        "Access-Control-Allow-Headers": "Authorization, Content-Type",
        "Access-Control-Max-Age": "600",
      });
      return res.end();
    }
    if (path === "/readyz") return json(req, res, 200, { ready: true });

    // ---- a little of the staff side, for the e2e harness's own check (e2e/run.mjs with E2E_URL)
    if (path === "/api/v1/auth/login" && req.method === "POST") {
      const body = await readBody(req);
      if (body?.password !== "switchyard-demo") return err(req, res, 401, "unauthenticated", "bad credentials");
      return json(req, res, 200, { token: "st_" + body.username + "_" + randomBytes(8).toString("hex"), expires_ms: Date.now() + 3_600_000, user: { username: body.username } });
    }
    if (path === "/api/v1/realtime" && req.method === "GET") return json(req, res, 200, { queues: [], agents: [] });
    const ss = /^\/api\/v1\/chat\/sessions\/(\d+)$/.exec(path);
    if (ss && req.method === "GET") {
      if (!bearer(req)?.startsWith("st_")) return err(req, res, 401, "unauthenticated", "login");
      const c = contacts.get(Number(ss[1]));
      return c ? json(req, res, 200, session(c, true)) : err(req, res, 404, "not_found", "contact");
    }

    // ---- test hooks
    if (path.startsWith("/_fake/")) {
      const body = req.method === "POST" ? await readBody(req) : {};
      const c = pick(body);
      switch (path) {
        case "/_fake/state":
          return json(req, res, 200, {
            contacts: [...contacts.values()].map((x) => ({ ...session(x, true), token: x.token, sockets: x.sockets.size, connects: x.connects })),
            frames,
            surveys: [...surveys.entries()].map(([token, s]) => ({ token, ...s })),
            requests,
          });
        case "/_fake/config":
          Object.assign(config, body);
          return json(req, res, 200, config);
        case "/_fake/queue":
          ahead = Number(body.ahead ?? 0);
          return json(req, res, 200, { ahead });
        case "/_fake/drop":
          for (const x of contacts.values()) for (const s of [...x.sockets]) s.drop();
          return json(req, res, 200, {});
      }
      if (!c) return err(req, res, 404, "not_found", "no contact");
      switch (path) {
        case "/_fake/position":
          c.position = body.position ?? null;
          c.ewt_ms = body.ewt_ms ?? (c.position ? c.position * ewtPer : null);
          if (body.state) c.state = body.state;
          sendState(c);
          return json(req, res, 200, session(c, false));
        case "/_fake/accept":
          c.agent = body.agent ?? "agent01";
          c.state = "active";
          c.answered_ms = Date.now();
          sendState(c);
          return json(req, res, 200, session(c, false));
        case "/_fake/message": {
          const m = addMessage(c, body.from ?? "agent", String(body.text ?? ""), body.author ?? (body.from === "system" ? null : c.agent), null, body.kind ?? "message");
          return json(req, res, 201, m);
        }
        case "/_fake/typing":
          broadcast(c, { type: "typing", from: body.from ?? "agent", on: body.on !== false });
          return json(req, res, 200, {});
        case "/_fake/receipt":
          c.receipts.agent = { delivered: body.delivered ?? c.receipts.agent.delivered, read: body.read ?? c.receipts.agent.read };
          broadcast(c, { type: "receipt", side: "agent", ...c.receipts.agent });
          return json(req, res, 200, c.receipts);
        case "/_fake/end": {
          const survey = endContact(c, body.reason ?? "agent", body.survey !== false);
          return json(req, res, 200, { survey });
        }
      }
      return err(req, res, 404, "not_found", path);
    }

    // ---- the visitor API
    if (path === "/api/v1/chat/visitor/start" && req.method === "POST") {
      const body = await readBody(req);
      if (!body || typeof body !== "object") return err(req, res, 400, "invalid_argument", "bad JSON");
      if (body.widget !== "wg_demo") return err(req, res, 404, "not_found", "unknown widget", { field: "widget" });
      if (config.refuse === 429) return err(req, res, 429, "rate_limited", "too many", {}, { "Retry-After": "42" });
      if (config.refuse === 409) return json(req, res, 409, { error: { code: "refused", message: "queue closed" }, reason: "closed" });
      if (config.refuse === 403) return err(req, res, 403, "forbidden", "origin not allowed", { field: "Origin" });
      const id = nextContact++;
      const queued = [...contacts.values()].filter((x) => x.state === "queued").length;
      const c = {
        id,
        token: "vt_" + randomBytes(12).toString("hex"),
        state: "queued",
        position: ahead + queued + 1,
        ewt_ms: (ahead + queued + 1) * ewtPer,
        agent: null,
        visitor: { name: body.name ?? null, email: body.email ?? null, customer_id: body.customer_id ?? null, language: body.language ?? null },
        started_ms: Date.now(),
        answered_ms: null,
        ended_ms: null,
        messages: [],
        receipts: { visitor: { delivered: 0, read: 0 }, agent: { delivered: 0, read: 0 } },
        sockets: new Set(),
        connects: 0,
        survey: null,
      };
      contacts.set(id, c);
      if (body.message) addMessage(c, "visitor", String(body.message), null, null);
      return json(req, res, 201, {
        contact: id,
        token: c.token,
        expires_ms: Date.now() + 86_400_000,
        state: c.state,
        position: c.position,
        ewt_ms: c.ewt_ms,
        queue: "support-chat",
      });
    }
    if (path.startsWith("/api/v1/chat/visitor")) {
      const c = byToken(bearer(req));
      if (!c) return err(req, res, 401, "unauthenticated", "unknown token");
      const body = req.method === "POST" ? await readBody(req) : {};
      if (path === "/api/v1/chat/visitor" && req.method === "GET") return json(req, res, 200, session(c, true));
      if (path === "/api/v1/chat/visitor/messages" && req.method === "POST") {
        const text = String(body?.text ?? "");
        if (!text || Buffer.byteLength(text) > 4000) return err(req, res, 400, "invalid_argument", "text", { field: "text" });
        return json(req, res, 201, addMessage(c, "visitor", text, null, body.client_id ?? null));
      }
      if (path === "/api/v1/chat/visitor/typing" && req.method === "POST") {
        frames.push({ contact: c.id, frame: { type: "typing", on: !!body?.on }, via: "http" });
        return json(req, res, 204);
      }
      if (path === "/api/v1/chat/visitor/read" && req.method === "POST") {
        c.receipts.visitor.read = Math.max(c.receipts.visitor.read, Number(body?.up_to ?? 0));
        return json(req, res, 204);
      }
      if (path === "/api/v1/chat/visitor/end" && req.method === "POST") {
        if (c.state === "ended") return json(req, res, 200, { state: "ended", survey: c.survey });
        const survey = endContact(c, c.state === "queued" || c.state === "offered" ? "abandoned" : "visitor", true);
        return json(req, res, 200, { state: "ended", survey });
      }
      return err(req, res, 404, "not_found", path);
    }
    const sm = /^\/api\/v1\/surveys\/([^/]+)$/.exec(path);
    if (sm) {
      const sv = surveys.get(decodeURIComponent(sm[1]));
      if (!sv) return err(req, res, 404, "not_found", "unknown survey");
      if (req.method === "GET")
        return json(req, res, 200, { queue: "support-chat", question: "How satisfied are you?", questions: [], state: sv.state, expires_ms: Date.now() + 86_400_000 });
      if (req.method === "POST") {
        const body = await readBody(req);
        if (sv.state === "answered") return err(req, res, 409, "conflict", "answered already");
        const rating = body?.rating;
        if (!Number.isInteger(rating) || rating < 1 || rating > 5) return err(req, res, 400, "invalid_argument", "rating", { field: "rating" });
        sv.state = "answered";
        sv.answer = body;
        return json(req, res, 201, { ok: true });
      }
    }

    // ---- static files
    if (staticDir && req.method === "GET") {
      const rel = normalize(decodeURIComponent(path === "/" ? "/index.html" : path)).replace(/^(\.\.[/\\])+/, "");
      try {
        const data = await readFile(join(staticDir, rel));
        res.writeHead(200, { "Content-Type": TYPES[extname(rel)] ?? "application/octet-stream", "Cache-Control": "no-store" });
        return res.end(data);
      } catch {
        /* fall through */
      }
    }
    return err(req, res, 404, "not_found", path);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      opts.log?.(String(e?.stack ?? e));
      if (!res.headersSent) err(req, res, 500, "internal", String(e));
    });
  });

  server.on("upgrade", (req, socket) => {
    const url = new URL(req.url, "http://x");
    const c = url.pathname === "/api/v1/chat/visitor/socket" ? byToken(url.searchParams.get("token")) : null;
    const key = req.headers["sec-websocket-key"];
    if (!c || !key) {
      socket.end("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      return;
    }
    const accept = createHash("sha1").update(key + WS_GUID).digest("base64");
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    socket.setNoDelay(true);
    const ws = new FakeSocket(socket);
    c.connects++;
    const since = Number(url.searchParams.get("since") ?? 0) || 0;
    ws.send({ type: "hello", ...session(c, false) });
    for (const m of c.messages) if (m.seq > since && m.kind !== "whisper") ws.send({ type: "message", ...m });
    if (c.state === "ended") {
      ws.send({ type: "ended", reason: "agent", survey: c.survey });
    }
    c.sockets.add(ws);
    ws.onClose = () => c.sockets.delete(ws);
    ws.onText = (text) => {
      let f;
      try {
        f = JSON.parse(text);
      } catch {
        return ws.send({ type: "error", error: { code: "invalid_argument", message: "not JSON" } });
      }
      frames.push({ contact: c.id, frame: f, via: "ws" });
      if (config.holdFrames) return; // the server "loses" it: no echo
      if (f.type === "message") {
        const t = String(f.text ?? "");
        if (!t || Buffer.byteLength(t) > 4000) return ws.send({ type: "error", error: { code: "invalid_argument", field: "text" } });
        addMessage(c, "visitor", t, null, f.client_id ?? null);
      } else if (f.type === "delivered" || f.type === "read") {
        const r = c.receipts.visitor;
        if (f.type === "delivered") r.delivered = Math.max(r.delivered, Number(f.up_to) || 0);
        else {
          r.read = Math.max(r.read, Number(f.up_to) || 0);
          r.delivered = Math.max(r.delivered, r.read);
        }
        broadcast(c, { type: "receipt", side: "visitor", ...r });
      } else if (f.type !== "typing") {
        ws.send({ type: "error", error: { code: "invalid_argument", field: "type" } });
      }
    };
  });

  await new Promise((resolve) => server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", resolve));
  const port = server.address().port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    contacts,
    frames,
    surveys,
    requests,
    config,
    /** Calls a /_fake/ hook. */
    async control(p, body = {}) {
      const r = await fetch(url + "/_fake/" + p, { method: p === "state" ? "GET" : "POST", body: p === "state" ? undefined : JSON.stringify(body) });
      return r.json();
    },
    close() {
      for (const c of contacts.values()) for (const s of [...c.sockets]) s.drop();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.argv[2] ?? 18090);
  const dir = process.argv[3] ?? new URL("../dist", import.meta.url).pathname;
  const s = await startFakeServer({ port, staticDir: dir, log: console.error });
  console.log(`fake chat server on ${s.url} (static ${dir})`);
}
