// One export per area; keys are "area.key" at run time.
export { default as common } from "./common";
export { default as agent } from "./agent";
export { default as wallboard } from "./wallboard";
export { default as admin } from "./admin";
export { default as reports } from "./reports";
export { default as wfm } from "./wfm";
export { default as quality } from "./quality";
// team chat (issue 13)
export { default as chat } from "./chat";
// comms (issue 13)
export { default as comms } from "./comms";
// recognition and people (issue 13 part 2)
export { default as people } from "./people";
// boards (issue 13 part 2)
export { default as boards } from "./boards";
