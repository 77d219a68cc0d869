import { describe, expect, it } from "vitest";
import { formatThreshold } from "./AlertsSection";
import { deliveriesQuery, shortError } from "./WebhooksSection";

describe("delivery log", () => {
  it("builds the page query", () => {
    expect(deliveriesQuery({ webhook: "", status: "" })).toBe("/api/v1/alerts/deliveries?limit=50");
    expect(deliveriesQuery({ webhook: "1", status: "failed" }, 57)).toBe("/api/v1/alerts/deliveries?webhook=1&status=failed&before=57&limit=50");
  });
  it("shortens an error without the server's source location", () => {
    const e =
      "127.0.0.1:9: Connection refused [system:111 at /usr/include/boost/asio/detail/reactive_socket_connect_op.hpp:93:5 in function 'static void boost::asio::detail::...']";
    expect(shortError(e)).toBe("127.0.0.1:9: Connection refused");
    expect(shortError("HTTP 500")).toBe("HTTP 500");
    expect(shortError("x".repeat(200))).toHaveLength(121);
  });
});

describe("alert thresholds", () => {
  it("read in the metric's unit", () => {
    expect(formatThreshold("en", "service_level", 0.8)).toBe("80.0%");
    expect(formatThreshold("en", "longest_wait", 90)).toBe("1:30");
    expect(formatThreshold("en", "available_agents", 2)).toBe("2");
  });
});
