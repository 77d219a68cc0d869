// Placeholder until the page lands.
export default function ReportsPage() {
  return <main><h1>ReportsPage</h1></main>;
}
