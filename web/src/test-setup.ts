// Vitest setup for every test file: Testing Library's findBy / waitFor wait
// up to 5 s (default 1 s) before failing, since a page's first render can
// take longer than 1 s on a loaded 2-core CI machine (a lazy chunk's
// transform, jsdom start-up). A test that waits for something that never
// comes still fails, only later.
import { configure } from "@testing-library/react";

configure({ asyncUtilTimeout: 5000 });
