import { cleanup, fireEvent, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderWithI18n } from "../test-utils";
import { NameField } from "./parts";

afterEach(cleanup);

describe("NameField", () => {
  it("is the required name, or a fixed one with the reason", () => {
    const onChange = vi.fn();
    renderWithI18n(
      <>
        <NameField value="a" onChange={onChange} />
        <NameField value="b" fixed="Queues are not renamed." onChange={onChange} />
      </>,
    );
    const [free, fixed] = screen.getAllByLabelText(/^Name/) as HTMLInputElement[];
    expect(free.required && !free.disabled && free.name === "name").toBe(true);
    fireEvent.change(free, { target: { value: "a2" } });
    expect(onChange).toHaveBeenCalledWith("a2");
    expect(fixed.disabled).toBe(true);
    expect(document.getElementById(fixed.getAttribute("aria-describedby")!)?.textContent).toBe("Queues are not renamed.");
  });
});
