// A TCP proxy in front of the server whose line can be cut: cut() resets
// every connection through it and refuses new ones, restore() lets them
// through again. A page that loads the app through proxy.url loses its
// WebSockets (the event stream in its worker and the chat sockets alike) and
// its HTTP requests as on a real network drop, which Chromium's offline
// emulation does not do: BrowserContext.setOffline(true) blocks new
// connections but leaves open WebSockets open.
import net from "node:net";

/** @param {string} target  the server, http://host:port */
export async function startCutProxy(target) {
  const { hostname, port } = new URL(target);
  const open = new Set();
  let isCut = false;
  let accepted = 0;
  let refused = 0;
  const server = net.createServer((client) => {
    if (isCut) {
      refused++;
      client.resetAndDestroy();
      return;
    }
    accepted++;
    const upstream = net.connect(Number(port), hostname);
    const pair = { client, upstream };
    open.add(pair);
    const drop = () => {
      open.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise((res, rej) => server.listen(0, "127.0.0.1", res).on("error", rej));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    /** Resets every open connection and refuses new ones until restore(). Returns how many were cut. */
    cut() {
      isCut = true;
      const n = open.size;
      for (const { client, upstream } of [...open]) {
        client.resetAndDestroy();
        upstream.destroy();
      }
      open.clear();
      return n;
    },
    restore() {
      isCut = false;
    },
    get stats() {
      return { open: open.size, accepted, refused, cut: isCut };
    },
    async close() {
      isCut = true;
      for (const { client, upstream } of [...open]) {
        client.destroy();
        upstream.destroy();
      }
      await new Promise((res) => server.close(() => res()));
    },
  };
}
