// Placeholder until the page lands.
export default function Wallboard() {
  return <main><h1>Wallboard</h1></main>;
}
