// The server is up and the demo center is there: readiness, a demo login,
// the live snapshot. A first check that the harness itself works.
export default {
  name: "server",
  description: "readyz, demo login, realtime snapshot",
  async run(ctx) {
    const r = await fetch(ctx.url + "/readyz");
    ctx.expect(r.status === 200, "/readyz is 200");
    const login = await ctx.api("POST", "/api/v1/auth/login", { username: "admin", password: "switchyard-demo" });
    ctx.expect(typeof login.token === "string" && login.token.length > 10, "admin logs in with the demo password");
    const rt = await ctx.api("GET", "/api/v1/realtime", undefined, { token: login.token });
    ctx.expect(rt && typeof rt === "object", "GET /api/v1/realtime answers");
  },
};
