// In-app links of the admin area: real hrefs (open in a new tab works),
// a plain click navigates with pushState through the page's `go`.
import { createContext, useContext, type ReactNode } from "react";

export const NavContext = createContext<(to: string) => void>(() => {});
export const useGo = () => useContext(NavContext);

export function Link(props: { to: string; children: ReactNode; className?: string; "aria-current"?: "page"; "aria-label"?: string }) {
  const go = useGo();
  return (
    <a
      href={props.to}
      className={props.className}
      aria-current={props["aria-current"]}
      aria-label={props["aria-label"]}
      onClick={(e) => {
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        go(props.to);
      }}
    >
      {props.children}
    </a>
  );
}
