export default function Page() {
  return <h1>worklist</h1>;
}
