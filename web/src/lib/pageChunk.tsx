// A page's own chunk (code splitting by route) that can be loaded before it
// is rendered.
import { type ComponentType, lazy } from "react";

/** `Page` renders the chunk's default export. Once `preload()` has resolved,
 *  `Page` renders it directly; before that it goes through React.lazy and
 *  suspends, and React 19 keeps a Suspense fallback, once shown, on screen
 *  for at least 300 ms. The app preloads the first page's chunk together with
 *  the session's requests (App.tsx), so that page never waits on that. */
export function pageChunk<P extends object = object>(load: () => Promise<{ default: ComponentType<P> }>) {
  let loaded: ComponentType<P> | null = null;
  const preload = () =>
    load().then((m) => {
      loaded = m.default;
      return m;
    });
  const Lazy = lazy(preload);
  function Page(props: P) {
    const C = (loaded ?? Lazy) as ComponentType<P>;
    return <C {...props} />;
  }
  return { Page, preload };
}
