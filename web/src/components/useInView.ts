import { useEffect, useState, type RefObject } from "react";

/** Whether an element is on screen (or within `margin` of it). Where there
 *  is no IntersectionObserver it counts as always on screen. Lets a page of
 *  100 live tiles re-render only the twenty in view; the others catch up
 *  when they scroll in. */
export function useInView(ref: RefObject<Element | null>, margin = "200px"): boolean {
  const [inView, setInView] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === "undefined") return;
    const io = new IntersectionObserver((entries) => setInView(entries.some((e) => e.isIntersecting)), { rootMargin: margin });
    io.observe(el);
    return () => io.disconnect();
  }, [ref, margin]);
  return inView;
}
