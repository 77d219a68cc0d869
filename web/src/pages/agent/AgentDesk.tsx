// Placeholder until the page lands.
export default function AgentDesk() {
  return <main><h1>AgentDesk</h1></main>;
}
